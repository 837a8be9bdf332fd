"""Answers of the tax desk and the public quote: assessments with their lines, facts and declarations."""

from __future__ import annotations

from marshmallow import fields

from web.api.answers import Answer, Paged


class AssessmentAdjustment(Answer):
    at = fields.String(required=True)
    by = fields.String(required=True)
    code = fields.String(required=True)
    new = fields.String(required=True)
    old = fields.String(required=True)
    payer = fields.String(required=True)
    reason = fields.String(required=True)


class AssessmentDeclaration(Answer):
    by = fields.String(required=True)
    claimed = fields.String(required=True)
    kind = fields.String(required=True)
    party = fields.String(required=True)
    reason = fields.String(required=True)
    status = fields.String(required=True)


class AssessmentReferred(Answer):
    """A line the rules referred to the tax officer, and whether he has assessed it (amount, reason, by)."""

    amount = fields.String(required=True, allow_none=True)
    by = fields.String(required=True, allow_none=True)
    code = fields.String(required=True)
    description = fields.String(required=True)
    officer_reason = fields.String(required=True, allow_none=True)
    payer = fields.String(required=True)
    reason = fields.String(required=True)
    reference = fields.String(required=True)
    status = fields.String(required=True, metadata={"description": "referred (waiting for the officer) or assessed"})


class AssessmentLine(Answer):
    amount = fields.String(required=True)
    basis = fields.String(required=True)
    code = fields.String(required=True)
    description = fields.String(required=True)
    facts = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    payer = fields.String(required=True)
    rate = fields.String(required=True)
    reference = fields.String(required=True)
    rule = fields.String(required=True)


class Assessment(Answer):
    adjustments = fields.List(fields.Nested(AssessmentAdjustment), required=True)
    assessment_id = fields.String(required=True)
    awaiting_officer = fields.Boolean(required=True)
    case_id = fields.String(required=True)
    clearance = fields.String(required=True)
    declarations = fields.List(fields.Nested(AssessmentDeclaration), required=True)
    facts = fields.Dict(keys=fields.String(), values=fields.Raw(allow_none=True), required=True)
    failure = fields.Raw(required=True, allow_none=True)
    issued_at = fields.String(required=True)
    judicial = fields.Raw(required=True, allow_none=True)
    lines = fields.List(fields.Nested(AssessmentLine), required=True)
    paid_at = fields.String(required=True, allow_none=True)
    payer_key = fields.String(required=True)
    payer_name = fields.String(required=True)
    receipt_number = fields.String(required=True, allow_none=True)
    referred = fields.List(fields.Nested(AssessmentReferred), required=True)
    registry = fields.String(required=True)
    released_by = fields.String(required=True, allow_none=True)
    status = fields.String(required=True)
    total = fields.String(required=True)
    unit_number = fields.String(required=True)
    updated_at = fields.String(required=True)


class AssessmentListAssessmentJudicial(Answer):
    confirmation_number = fields.String(required=True)
    court_name = fields.String(required=True)
    ruling_date = fields.String(required=True)
    ruling_number = fields.String(required=True)


class AssessmentListAssessment(Answer):
    adjustments = fields.List(fields.Raw(), required=True)
    assessment_id = fields.String(required=True)
    awaiting_officer = fields.Boolean(required=True)
    case_id = fields.String(required=True)
    clearance = fields.String(required=True)
    declarations = fields.List(fields.Nested(AssessmentDeclaration), required=True)
    facts = fields.Dict(keys=fields.String(), values=fields.Raw(allow_none=True), required=True)
    failure = fields.Raw(required=True, allow_none=True)
    issued_at = fields.String(required=True)
    judicial = fields.Nested(AssessmentListAssessmentJudicial, required=True, allow_none=True)
    lines = fields.List(fields.Nested(AssessmentLine), required=True)
    paid_at = fields.String(required=True, allow_none=True)
    payer_key = fields.String(required=True)
    payer_name = fields.String(required=True)
    receipt_number = fields.String(required=True, allow_none=True)
    referred = fields.List(fields.Nested(AssessmentReferred), required=True)
    registry = fields.String(required=True)
    released_by = fields.String(required=True, allow_none=True)
    status = fields.String(required=True)
    total = fields.String(required=True)
    unit_number = fields.String(required=True)
    updated_at = fields.String(required=True)


class AssessmentList(Paged):
    assessments = fields.List(fields.Nested(AssessmentListAssessment), required=True)


class TaxQuoteLine(Answer):
    amount = fields.String(required=True)
    basis = fields.String(required=True)
    code = fields.String(required=True)
    facts = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    payer = fields.String(required=True)
    rate = fields.String(required=True)
    reference = fields.String(required=True)
    rule = fields.String(required=True)


class TaxQuoteReferred(Answer):
    code = fields.String(required=True)
    payer = fields.String(required=True)
    reason = fields.String(required=True)
    reference = fields.String(required=True)


class TaxQuoteRuleSet(Answer):
    id = fields.String(required=True)
    valid_from = fields.String(required=True)
    valid_to = fields.String(required=True, allow_none=True)


class TaxQuoteSetting(Answer):
    deemed_income_tax_rate = fields.String(required=True)
    surcharge_rate = fields.String(required=True)


class TaxQuoteTotal(Answer):
    buyer = fields.String(required=True)
    overall = fields.String(required=True)
    seller = fields.String(required=True)


class TaxQuote(Answer):
    complete = fields.Boolean(required=True)
    contract_date = fields.String(required=True)
    lines = fields.List(fields.Nested(TaxQuoteLine), required=True)
    referred = fields.List(fields.Nested(TaxQuoteReferred), required=True,
                           metadata={"description": "lines the rules cannot compute: the tax officer assesses them"})
    rule_set = fields.Nested(TaxQuoteRuleSet, required=True)
    settings = fields.Nested(TaxQuoteSetting, required=True)
    totals = fields.Nested(TaxQuoteTotal, required=True)
