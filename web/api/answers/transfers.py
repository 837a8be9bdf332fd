"""Answers of 4-in-1 transfer cases: the case as its party or registrar sees it, lists and the queue."""

from __future__ import annotations

from marshmallow import fields

from web.api.answers import Answer
from web.api.answers.certificates import CertificateHistoryEntry, CertificateHolder, EventReference
from web.api.answers.documents import CaseDocument
from web.api.answers.instant_checks import TransferRuleDecision
from web.api.answers.register import Holder, Mortgagor
from web.api.answers.taxes import (
    AssessmentAdjustment,
    AssessmentLine,
    AssessmentListAssessmentJudicial,
    AssessmentReferred,
)


class TransferCaseAssessmentDeclaration(Answer):
    by = fields.String(required=True)
    claimed = fields.String(required=True)
    kind = fields.String(required=True)
    party = fields.String(required=True)
    reason = fields.String(required=True, allow_none=True)
    status = fields.String(required=True)


class TransferCaseAssessmentFailure(Answer):
    code = fields.String(required=True)
    field = fields.String(required=True)
    message = fields.String(required=True)


class TransferCaseAssessment(Answer):
    adjustments = fields.List(fields.Nested(AssessmentAdjustment), required=True)
    assessment_id = fields.String(required=True)
    awaiting_officer = fields.Boolean(required=True)
    case_id = fields.String(required=True)
    clearance = fields.String(required=True)
    declarations = fields.List(fields.Nested(TransferCaseAssessmentDeclaration), required=True)
    facts = fields.Dict(keys=fields.String(), values=fields.Raw(allow_none=True), required=True)
    failure = fields.Nested(TransferCaseAssessmentFailure, required=True, allow_none=True)
    issued_at = fields.String(required=True)
    judicial = fields.Nested(AssessmentListAssessmentJudicial, required=True, allow_none=True)
    lines = fields.List(fields.Nested(AssessmentLine), required=True)
    paid_at = fields.String(required=True, allow_none=True)
    payer_key = fields.String()
    payer_name = fields.String()
    receipt_number = fields.String(required=True, allow_none=True)
    referred = fields.List(fields.Nested(AssessmentReferred), required=True)
    registry = fields.String(required=True)
    released_by = fields.String(required=True, allow_none=True)
    status = fields.String(required=True)
    total = fields.String(required=True)
    unit_number = fields.String(required=True)
    updated_at = fields.String(required=True)


class TransferCaseCertificate(Answer):
    case_id = fields.String(required=True)
    certificate_id = fields.String(required=True)
    derived_from = fields.Nested(EventReference, required=True)
    document_sha256 = fields.String(required=True)
    history = fields.List(fields.Nested(CertificateHistoryEntry), required=True)
    holder_org = fields.String(required=True)
    holders = fields.List(fields.Nested(CertificateHolder), required=True)
    identifier = fields.String(required=True)
    issued_at = fields.String(required=True)
    kind = fields.String(required=True)
    number = fields.String(required=True)
    registry = fields.String(required=True)
    replaces = fields.String(required=True)
    seal_key_id = fields.String(required=True)
    status = fields.String(required=True)
    unit_number = fields.String(required=True)
    updated_at = fields.String(required=True)
    version = fields.Integer(required=True)


class TransferCaseHomeCount(Answer):
    buyer_name = fields.String(required=True)
    ordinal = fields.String(required=True)
    buyer_id_number = fields.String()
    units_counted = fields.List(fields.String())


class TransferCaseJudicialMortgagesExtinguished(Answer):
    bank = fields.String(required=True)
    bank_name = fields.String(required=True)
    extinguished_at = fields.String(required=True)
    proof_number = fields.String(required=True)


class TransferCaseJudicial(Answer):
    assistance_notice_number = fields.String(required=True)
    confirmation_number = fields.String(required=True)
    court_name = fields.String(required=True)
    mortgages_extinguished = fields.List(fields.Nested(TransferCaseJudicialMortgagesExtinguished))
    revoked_certificate = fields.String(allow_none=True)
    ruling_date = fields.String(required=True)
    ruling_number = fields.String(required=True)
    transferred_at = fields.String(allow_none=True)
    case_number = fields.String()
    court = fields.String()
    order_id = fields.String()


class OrderLine(Answer):
    account = fields.String(required=True)
    amount = fields.String(required=True)
    code = fields.String(required=True)
    description = fields.String(required=True)
    payer = fields.String(required=True)


class OrderPart(Answer):
    lines = fields.List(fields.Nested(OrderLine), required=True)
    paid_at = fields.String(required=True, allow_none=True)
    payer = fields.String(required=True)
    payer_name = fields.String(required=True)
    receipt_number = fields.String(required=True, allow_none=True)
    state = fields.String(required=True)
    total = fields.String(required=True, allow_none=True)


class Order(Answer):
    attempt = fields.Integer(required=True)
    case_id = fields.String(required=True)
    expires_at = fields.String(required=True)
    lines = fields.List(fields.Nested(OrderLine), required=True)
    my_part = fields.String(required=True, allow_none=True)
    order_id = fields.String(required=True)
    paid_at = fields.String(required=True, allow_none=True)
    parts = fields.List(fields.Nested(OrderPart), required=True)
    payer_key = fields.String(required=True)
    payer_name = fields.String(required=True)
    placed_at = fields.String(required=True)
    receipt_number = fields.String(required=True, allow_none=True)
    registry = fields.String(required=True)
    state = fields.String(required=True)
    total = fields.String(required=True, allow_none=True)
    updated_at = fields.String(required=True)


class TransferCaseHistoryDetail(Answer):
    contract_number = fields.String()
    price = fields.String()
    reference = fields.String()
    certificate_number = fields.String()
    reason = fields.String()
    filing_id = fields.String()
    kind = fields.String()
    missing = fields.List(fields.String(), metadata={"description": "a return for supplement: what is missing"})
    note = fields.String(metadata={"description": "a return or a resubmission: the note"})


class TransferCaseHistory(Answer):
    at = fields.String(required=True)
    by = fields.String(required=True, allow_none=True)
    detail = fields.Nested(TransferCaseHistoryDetail, required=True)
    event = fields.String(required=True)
    version = fields.Integer(required=True)


class TransferCaseMortgagePart(Answer):
    attached_at = fields.String(required=True)
    bank = fields.String(required=True)
    filing_id = fields.String(required=True)
    kind = fields.String(required=True)


class ProgressStep(Answer):
    step = fields.String(required=True, metadata={"description": "filed, paid, returned, resubmitted, registered, "
                                                                 "registered_by_rule, refused, withdrawn, corrected, "
                                                                 "mortgage_attached"})
    at = fields.String(required=True)
    by = fields.String(required=True, metadata={"description": "you, other_party, registrar, rule, payment or "
                                                               "bank:<org>"})


class ExpectedCompletion(Answer):
    """The case's statutory clock as its parties read it."""

    state = fields.String(required=True, metadata={"description": "running, paused or ended"})
    due_at = fields.String(required=True, allow_none=True,
                           metadata={"description": "when the time limit runs out; null while the clock waits"})
    paused_for = fields.String(required=True, allow_none=True,
                               metadata={"description": "what the paused clock waits on: payment or supplement"})
    remaining_minutes = fields.Integer(required=True, allow_none=True,
                                       metadata={"description": "office minutes left while the clock waits"})
    ended_at = fields.String(required=True, allow_none=True)
    late = fields.Boolean(required=True)
    working_days = fields.Integer()
    office_minutes = fields.Integer()


class CaseProgress(Answer):
    timeline = fields.List(fields.Nested(ProgressStep), required=True)
    expected = fields.Nested(ExpectedCompletion, required=True, allow_none=True)


class FiledMandate(Answer):
    """An agent's mandate from a party (授权委托书); registration waits until each one is confirmed."""

    principal_name = fields.String(required=True)
    principal_id_number = fields.String(required=True, metadata={"description": "masked for applicants"})
    agent_name = fields.String(required=True)
    agent_id_number = fields.String(required=True)
    scopes = fields.List(fields.String(), required=True)
    valid_from = fields.String(required=True)
    valid_until = fields.String(required=True)
    confirmed_at = fields.String(required=True, allow_none=True)
    mine = fields.Boolean(required=True, metadata={"description": "the viewer gave it and may confirm it"})


class TransferCaseSupplement(Answer):
    """补正: what the registrar asked for when returning the case, and when it was supplied."""

    missing = fields.List(fields.String(), required=True)
    note = fields.String(required=True)
    returned_at = fields.String(required=True)
    resubmitted_at = fields.String(required=True, allow_none=True)


class TransferCase(Answer):
    assessment = fields.Nested(TransferCaseAssessment, required=True, allow_none=True)
    buyers = fields.List(fields.Nested(Holder), required=True)
    case_id = fields.String(required=True)
    certificate_number = fields.String(required=True, allow_none=True)
    certificates = fields.List(fields.Nested(TransferCaseCertificate), required=True)
    certificates_wanted = fields.Integer(required=True)
    closed_at = fields.String(allow_none=True)
    contract_date = fields.String(required=True)
    contract_number = fields.String(required=True)
    home_counts = fields.List(fields.Nested(TransferCaseHomeCount), required=True)
    judicial = fields.Nested(TransferCaseJudicial, required=True, allow_none=True)
    my_roles = fields.List(fields.String())
    next_step = fields.String()
    order = fields.Nested(Order, required=True, allow_none=True)
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
    progress = fields.Nested(CaseProgress, metadata={"description": "the parties' view: each step and the deadline"})
    supplement = fields.Nested(TransferCaseSupplement, allow_none=True,
                               metadata={"description": "the parties' view: what a return for supplement asks"})
    decided_at = fields.String(allow_none=True)
    decided_by = fields.String(allow_none=True)
    filed_by = fields.String()
    history = fields.List(fields.Nested(TransferCaseHistory))
    mortgage_parts = fields.List(fields.Nested(TransferCaseMortgagePart))
    registry = fields.String()
    settlement_reference = fields.String(allow_none=True)
    withdrawn_at = fields.String(allow_none=True)
    withdrawn_by = fields.String(allow_none=True)
    documents = fields.List(fields.Nested(CaseDocument), metadata={"description": "attached and served"})
    checks = fields.Nested(TransferRuleDecision, allow_none=True,
                           metadata={"description": "the registrar's view: what the rules of instant approval said"})
