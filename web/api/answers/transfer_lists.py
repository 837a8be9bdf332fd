"""Answers of the lists of transfer cases: a party's or registry's cases, the review queue, flagged seizures."""

from __future__ import annotations

from marshmallow import fields

from web.api.answers import Answer, Paged
from web.api.answers.deadlines import QueueDeadline
from web.api.answers.instant_checks import TransferRuleDecision
from web.api.answers.register import Holder, Mortgagor
from web.api.answers.transfers import FiledMandate, TransferCaseJudicialMortgagesExtinguished, TransferCaseSupplement


class CaseListCaseHomeCount(Answer):
    buyer_name = fields.String(required=True)
    ordinal = fields.String(required=True)
    buyer_id_number = fields.String()
    units_counted = fields.List(fields.Raw())


class CaseListCaseJudicial(Answer):
    assistance_notice_number = fields.String(required=True)
    confirmation_number = fields.String(required=True)
    court_name = fields.String(required=True)
    mortgages_extinguished = fields.List(fields.Nested(TransferCaseJudicialMortgagesExtinguished), required=True)
    revoked_certificate = fields.String(required=True, allow_none=True)
    ruling_date = fields.String(required=True)
    ruling_number = fields.String(required=True)
    transferred_at = fields.String(required=True, allow_none=True)


class CaseListCase(Answer):
    buyers = fields.List(fields.Nested(Holder), required=True)
    case_id = fields.String(required=True)
    certificate_number = fields.String(required=True, allow_none=True)
    certificates_wanted = fields.Integer(required=True)
    closed_at = fields.String(allow_none=True)
    contract_date = fields.String(required=True)
    contract_number = fields.String(required=True)
    home_counts = fields.List(fields.Nested(CaseListCaseHomeCount), required=True)
    judicial = fields.Nested(CaseListCaseJudicial, required=True, allow_none=True)
    my_roles = fields.List(fields.String())
    next_step = fields.String()
    price = fields.String(required=True)
    reason = fields.String(required=True, allow_none=True)
    sellers = fields.List(fields.Nested(Mortgagor), required=True)
    settled_at = fields.String(required=True, allow_none=True)
    state = fields.String(required=True)
    submitted_at = fields.String(required=True)
    unit_area = fields.String(required=True)
    unit_location = fields.String(required=True)
    unit_number = fields.String(required=True)
    unit_use = fields.String(required=True)
    kind = fields.String(required=True, metadata={"description": "the kind of transfer (GET /api/v1/transfer-kinds)"})
    mandates = fields.List(fields.Nested(FiledMandate), required=True)
    updated_at = fields.String(required=True)
    version = fields.Integer(required=True)
    withdrawable = fields.Boolean()
    supplement = fields.Nested(TransferCaseSupplement, allow_none=True,
                               metadata={"description": "what a return for supplement asks of the parties"})
    decided_at = fields.String(allow_none=True)
    decided_by = fields.String(allow_none=True)
    filed_by = fields.String()
    registry = fields.String()
    settlement_reference = fields.String(allow_none=True)
    withdrawn_at = fields.String(allow_none=True)
    withdrawn_by = fields.String(allow_none=True)


class CaseList(Paged):
    cases = fields.List(fields.Nested(CaseListCase), required=True)


class FlaggedSeizuresSeizure(Answer):
    auction_court = fields.String(required=True)
    auction_court_name = fields.String(required=True)
    case_id = fields.String(required=True)
    cleared_at = fields.String(required=True, allow_none=True)
    cleared_by = fields.String(required=True, allow_none=True)
    court = fields.String(required=True)
    court_name = fields.String(required=True)
    flagged_at = fields.String(required=True)
    reference = fields.String(required=True)
    registry = fields.String(required=True)
    ruling_number = fields.String(required=True)
    state = fields.String(required=True)
    unit_number = fields.String(required=True)


class FlaggedSeizures(Paged):
    seizures = fields.List(fields.Nested(FlaggedSeizuresSeizure), required=True)


class ReviewQueueCaseHomeCount(Answer):
    buyer_id_number = fields.String(required=True)
    buyer_name = fields.String(required=True)
    ordinal = fields.String(required=True)
    units_counted = fields.List(fields.Raw(), required=True)


class ReviewQueueCaseJudicial(Answer):
    assistance_notice_number = fields.String(required=True)
    case_number = fields.String(required=True)
    confirmation_number = fields.String(required=True)
    court = fields.String(required=True)
    court_name = fields.String(required=True)
    order_id = fields.String(required=True)
    ruling_date = fields.String(required=True)
    ruling_number = fields.String(required=True)


class ReviewQueueCase(Answer):
    age_seconds = fields.Integer(required=True)
    deadline = fields.Nested(QueueDeadline, required=True, allow_none=True)
    buyers = fields.List(fields.Nested(Holder), required=True)
    case_id = fields.String(required=True)
    certificate_number = fields.String(required=True, allow_none=True)
    certificates_wanted = fields.Integer(required=True)
    contract_date = fields.String(required=True)
    contract_number = fields.String(required=True)
    decided_at = fields.String(required=True, allow_none=True)
    decided_by = fields.String(required=True, allow_none=True)
    filed_by = fields.String(required=True)
    home_counts = fields.List(fields.Nested(ReviewQueueCaseHomeCount), required=True)
    judicial = fields.Nested(ReviewQueueCaseJudicial, required=True, allow_none=True)
    price = fields.String(required=True)
    reason = fields.String(required=True, allow_none=True)
    registry = fields.String(required=True)
    sellers = fields.List(fields.Nested(Mortgagor), required=True)
    settled_at = fields.String(required=True)
    settlement_reference = fields.String(required=True)
    state = fields.String(required=True)
    submitted_at = fields.String(required=True)
    unit_area = fields.String(required=True)
    unit_location = fields.String(required=True)
    unit_number = fields.String(required=True)
    unit_use = fields.String(required=True)
    kind = fields.String(required=True, metadata={"description": "the kind of transfer (GET /api/v1/transfer-kinds)"})
    mandates = fields.List(fields.Nested(FiledMandate), required=True)
    updated_at = fields.String(required=True)
    version = fields.Integer(required=True)
    withdrawn_at = fields.String(required=True, allow_none=True)
    withdrawn_by = fields.String(required=True, allow_none=True)
    checks = fields.Nested(TransferRuleDecision, required=True, allow_none=True,
                           metadata={"description": "why the rules left the case to the registrar (秒批 not given)"})


class ReviewQueue(Paged):
    cases = fields.List(fields.Nested(ReviewQueueCase), required=True)
