"""Answers of the registrar's mortgage desk: the queue, the filings and one filing with its history."""

from __future__ import annotations

from marshmallow import fields

from web.api.answers import Answer, Paged
from web.api.answers.deadlines import QueueDeadline
from web.api.answers.documents import CaseDocument
from web.api.answers.mortgages import BankFilingOutcome, ConsentFilingTerm
from web.api.answers.register import Mortgagor
from web.api.answers.transfers import TransferCaseSupplement


class MortgageQueueFilingConsent(Answer):
    # null until the party confirms: a registrar may open a filing still waiting for its mortgagors
    at = fields.String(required=True, allow_none=True)
    by = fields.String(required=True, allow_none=True)
    id_number = fields.String(required=True)
    kind = fields.String(required=True)
    name = fields.String(required=True)
    party = fields.String(required=True)
    reason = fields.String(required=True, allow_none=True)
    state = fields.String(required=True)


class MortgageQueueFiling(Answer):
    age_seconds = fields.Integer(required=True)
    deadline = fields.Nested(QueueDeadline, required=True, allow_none=True)
    assignee = fields.String(required=True)
    assignee_name = fields.String(required=True)
    bank = fields.String(required=True)
    bank_name = fields.String(required=True)
    bank_reference = fields.String(required=True)
    consents = fields.List(fields.Nested(MortgageQueueFilingConsent), required=True)
    debtors = fields.List(fields.Nested(Mortgagor), required=True)
    decided_at = fields.String(required=True, allow_none=True)
    decided_by = fields.String(required=True, allow_none=True)
    fee = fields.String(required=True)
    filed_at = fields.String(required=True)
    filed_by = fields.String(required=True)
    filing_id = fields.String(required=True)
    kind = fields.String(required=True)
    location = fields.String(required=True)
    mortgage_ids = fields.List(fields.Raw(), required=True)
    mortgagors = fields.List(fields.Nested(Mortgagor), required=True)
    outcomes = fields.List(fields.Nested(BankFilingOutcome), required=True)
    proof_numbers = fields.List(fields.Raw(), required=True)
    queued_at = fields.String(required=True)
    rank = fields.Integer(required=True)
    reason = fields.String(required=True, allow_none=True)
    reasons = fields.List(fields.Nested(BankFilingOutcome), required=True)
    registered_by = fields.String(required=True, allow_none=True)
    registry = fields.String(required=True)
    ruleset = fields.String(required=True)
    state = fields.String(required=True)
    terms = fields.Nested(ConsentFilingTerm, required=True)
    transfer_case_id = fields.String(required=True)
    unit_numbers = fields.List(fields.String(), required=True)
    updated_at = fields.String(required=True)
    version = fields.Integer(required=True)


class MortgageQueue(Paged):
    filings = fields.List(fields.Nested(MortgageQueueFiling), required=True)


class RegistrarFilingHistoryDetail(Answer):
    bank_name = fields.String()
    bank_reference = fields.String()
    fee = fields.String()
    kind = fields.String()
    unit_numbers = fields.List(fields.String())
    party = fields.String()
    by_rule = fields.Boolean()
    proof_numbers = fields.List(fields.String())
    ruleset = fields.String()
    reason = fields.String()
    reasons = fields.List(fields.Nested(BankFilingOutcome))
    missing = fields.List(fields.String())
    note = fields.String()


class RegistrarFilingHistory(Answer):
    at = fields.String(required=True)
    by = fields.String(required=True, allow_none=True)
    detail = fields.Nested(RegistrarFilingHistoryDetail, required=True)
    event = fields.String(required=True)
    version = fields.Integer(required=True)


class RegistrarFiling(Answer):
    assignee = fields.String(required=True)
    assignee_name = fields.String(required=True)
    bank = fields.String(required=True)
    bank_name = fields.String(required=True)
    bank_reference = fields.String(required=True)
    consents = fields.List(fields.Nested(MortgageQueueFilingConsent), required=True)
    debtors = fields.List(fields.Nested(Mortgagor), required=True)
    decided_at = fields.String(required=True, allow_none=True)
    decided_by = fields.String(required=True, allow_none=True)
    fee = fields.String(required=True)
    filed_at = fields.String(required=True)
    filed_by = fields.String(required=True)
    filing_id = fields.String(required=True)
    history = fields.List(fields.Nested(RegistrarFilingHistory), required=True)
    kind = fields.String(required=True)
    location = fields.String(required=True)
    mortgage_ids = fields.List(fields.String(), required=True)
    mortgagors = fields.List(fields.Nested(Mortgagor), required=True)
    outcomes = fields.List(fields.Nested(BankFilingOutcome), required=True)
    proof_numbers = fields.List(fields.String(), required=True)
    queued_at = fields.String(required=True, allow_none=True)
    rank = fields.Integer(required=True)
    reason = fields.String(required=True, allow_none=True)
    reasons = fields.List(fields.Nested(BankFilingOutcome), required=True)
    registered_by = fields.String(required=True, allow_none=True)
    registry = fields.String(required=True)
    ruleset = fields.String(required=True, allow_none=True)
    state = fields.String(required=True)
    supplement = fields.Nested(TransferCaseSupplement, required=True, allow_none=True)
    terms = fields.Nested(ConsentFilingTerm, required=True)
    transfer_case_id = fields.String(required=True)
    unit_numbers = fields.List(fields.String(), required=True)
    updated_at = fields.String(required=True)
    documents = fields.List(fields.Nested(CaseDocument), metadata={"description": "the filing bank's, in this "
                                                                                "filing's own view"})
    version = fields.Integer(required=True)


class RegistrarFilingsFiling(Answer):
    assignee = fields.String(required=True)
    assignee_name = fields.String(required=True)
    bank = fields.String(required=True)
    bank_name = fields.String(required=True)
    bank_reference = fields.String(required=True)
    consents = fields.List(fields.Nested(MortgageQueueFilingConsent), required=True)
    debtors = fields.List(fields.Nested(Mortgagor), required=True)
    decided_at = fields.String(required=True)
    decided_by = fields.String(required=True)
    fee = fields.String(required=True)
    filed_at = fields.String(required=True)
    filed_by = fields.String(required=True)
    filing_id = fields.String(required=True)
    kind = fields.String(required=True)
    location = fields.String(required=True)
    mortgage_ids = fields.List(fields.Raw(), required=True)
    mortgagors = fields.List(fields.Nested(Mortgagor), required=True)
    outcomes = fields.List(fields.Nested(BankFilingOutcome), required=True)
    proof_numbers = fields.List(fields.Raw(), required=True)
    queued_at = fields.String(required=True)
    rank = fields.Integer(required=True)
    reason = fields.String(required=True)
    reasons = fields.List(fields.Nested(BankFilingOutcome), required=True)
    registered_by = fields.String(required=True, allow_none=True)
    registry = fields.String(required=True)
    ruleset = fields.String(required=True)
    state = fields.String(required=True)
    terms = fields.Nested(ConsentFilingTerm, required=True)
    transfer_case_id = fields.String(required=True)
    unit_numbers = fields.List(fields.String(), required=True)
    updated_at = fields.String(required=True)
    version = fields.Integer(required=True)


class RegistrarFilings(Paged):
    filings = fields.List(fields.Nested(RegistrarFilingsFiling), required=True)
