"""Answers of mortgage filings as the bank and the consenting parties see them."""

from __future__ import annotations

from marshmallow import fields

from web.api.answers import Answer, Paged
from web.api.answers.documents import CaseDocument
from web.api.answers.register import Mortgagor
from web.api.answers.transfers import TransferCaseSupplement


class BankFilingConsent(Answer):
    done = fields.Boolean(required=True)
    party = fields.String(required=True)


class BankFilingOutcome(Answer):
    message = fields.String(required=True)
    rule = fields.String(required=True)
    verdict = fields.String(required=True)


class BankFilingTerm(Answer):
    claim_end = fields.String(required=True, allow_none=True)
    claim_start = fields.String(required=True, allow_none=True)
    contract_numbers = fields.List(fields.String(), required=True)
    currency = fields.String(required=True)
    debtors = fields.List(fields.Nested(Mortgagor), required=True)
    guarantee_scope = fields.String(required=True)
    loan_type = fields.String(required=True)
    maximum = fields.Boolean(required=True)
    maximum_amount = fields.String(required=True, allow_none=True)
    method = fields.String(required=True)
    performance_end = fields.String(required=True)
    performance_start = fields.String(required=True)
    secured_amount = fields.String(required=True)
    transfer_restricted = fields.Boolean(required=True)


class BankFiling(Answer):
    assignee = fields.String(required=True, allow_none=True)
    assignee_name = fields.String(required=True, allow_none=True)
    bank = fields.String(required=True)
    bank_name = fields.String(required=True)
    bank_reference = fields.String(required=True, allow_none=True)
    consents = fields.List(fields.Nested(BankFilingConsent), required=True)
    decided_at = fields.String(required=True, allow_none=True)
    decided_by = fields.String(required=True, allow_none=True)
    fee = fields.String(required=True)
    filed_at = fields.String(required=True)
    filing_id = fields.String(required=True)
    kind = fields.String(required=True)
    location = fields.String(required=True, allow_none=True)
    mortgage_ids = fields.List(fields.String(), required=True)
    mortgagors = fields.List(fields.Nested(Mortgagor), required=True)
    outcomes = fields.List(fields.Nested(BankFilingOutcome), required=True)
    own = fields.Boolean(required=True)
    proof_numbers = fields.List(fields.String(), required=True)
    rank = fields.Integer(required=True)
    reason = fields.String(required=True, allow_none=True)
    registry = fields.String(required=True)
    ruleset = fields.String(required=True, allow_none=True)
    state = fields.String(required=True)
    supplement = fields.Nested(TransferCaseSupplement, allow_none=True,
                               metadata={"description": "补正: what the registrar asked the filing bank for"})
    terms = fields.Nested(BankFilingTerm, required=True, allow_none=True)
    transfer_case_id = fields.String(required=True, allow_none=True)
    unit_numbers = fields.List(fields.String(), required=True)
    documents = fields.List(fields.Nested(CaseDocument), metadata={"description": "the filing bank's, in this "
                                                                                "filing's own view"})
    version = fields.Integer(required=True)


class BankFilingsFiling(Answer):
    assignee = fields.String(required=True, allow_none=True)
    assignee_name = fields.String(required=True, allow_none=True)
    bank = fields.String(required=True)
    bank_name = fields.String(required=True)
    bank_reference = fields.String(required=True)
    consents = fields.List(fields.Nested(BankFilingConsent), required=True)
    decided_at = fields.String(required=True)
    decided_by = fields.String(required=True)
    fee = fields.String(required=True)
    filed_at = fields.String(required=True)
    filing_id = fields.String(required=True)
    kind = fields.String(required=True)
    location = fields.String(required=True, allow_none=True)
    mortgage_ids = fields.List(fields.String(), required=True)
    mortgagors = fields.List(fields.Nested(Mortgagor), required=True)
    outcomes = fields.List(fields.Nested(BankFilingOutcome), required=True)
    own = fields.Boolean(required=True)
    proof_numbers = fields.List(fields.String(), required=True)
    rank = fields.Integer(required=True)
    reason = fields.String(required=True, allow_none=True)
    registry = fields.String(required=True)
    ruleset = fields.String(required=True)
    state = fields.String(required=True)
    terms = fields.Nested(BankFilingTerm, required=True, allow_none=True)
    transfer_case_id = fields.String(required=True, allow_none=True)
    unit_numbers = fields.List(fields.String(), required=True)
    version = fields.Integer(required=True)


class BankFilings(Paged):
    filings = fields.List(fields.Nested(BankFilingsFiling), required=True)


class ConsentFilingParty(Answer):
    at = fields.String(required=True, allow_none=True)
    id_number = fields.String(required=True)
    kind = fields.String(required=True)
    name = fields.String(required=True)
    reason = fields.String(required=True, allow_none=True)
    state = fields.String(required=True)


class ConsentFilingTerm(Answer):
    amount = fields.String(required=True)
    claim_end = fields.String(required=True, allow_none=True)
    claim_start = fields.String(required=True, allow_none=True)
    contract_numbers = fields.List(fields.String(), required=True)
    currency = fields.String(required=True)
    guarantee_scope = fields.String(required=True)
    loan_type = fields.String(required=True)
    maximum_amount = fields.String(required=True, allow_none=True)
    method = fields.String(required=True)
    method_name = fields.String(required=True)
    performance_end = fields.String(required=True)
    performance_start = fields.String(required=True)
    secured_amount = fields.String(required=True)
    transfer_restricted = fields.Boolean(required=True)


class ConsentFiling(Answer):
    assignee_name = fields.String(required=True)
    bank = fields.String(required=True)
    bank_name = fields.String(required=True)
    debtors = fields.List(fields.Nested(Mortgagor))
    decided_at = fields.String(required=True, allow_none=True)
    filed_at = fields.String(required=True)
    filing_id = fields.String(required=True)
    kind = fields.String(required=True)
    location = fields.String(required=True, allow_none=True)
    mortgagors = fields.List(fields.Nested(Mortgagor), required=True)
    my_consent = fields.String()
    parties = fields.List(fields.Nested(ConsentFilingParty))
    proof_numbers = fields.List(fields.String(), required=True)
    rank = fields.Integer(required=True)
    reason = fields.String(required=True, allow_none=True)
    registry = fields.String(required=True)
    state = fields.String(required=True)
    terms = fields.Nested(ConsentFilingTerm, required=True, allow_none=True)
    unit_numbers = fields.List(fields.String(), required=True)
    updated_at = fields.String()
    version = fields.Integer(required=True)
    assignee = fields.String()
    bank_reference = fields.String(allow_none=True)
    consents = fields.List(fields.Nested(BankFilingConsent))
    decided_by = fields.String()
    fee = fields.String()
    mortgage_ids = fields.List(fields.String())
    outcomes = fields.List(fields.Nested(BankFilingOutcome))
    own = fields.Boolean()
    ruleset = fields.String()
    supplement = fields.Nested(TransferCaseSupplement, allow_none=True,
                               metadata={"description": "a counterpart bank's view: what a 补正 asked the filing bank"})
    transfer_case_id = fields.String(allow_none=True)


class ConsentsFiling(Answer):
    assignee_name = fields.String(required=True)
    bank = fields.String(required=True)
    bank_name = fields.String(required=True)
    debtors = fields.List(fields.Nested(Mortgagor), required=True)
    decided_at = fields.String(required=True, allow_none=True)
    filed_at = fields.String(required=True)
    filing_id = fields.String(required=True)
    kind = fields.String(required=True)
    location = fields.String(required=True)
    mortgagors = fields.List(fields.Nested(Mortgagor), required=True)
    my_consent = fields.String(required=True)
    parties = fields.List(fields.Nested(ConsentFilingParty), required=True)
    proof_numbers = fields.List(fields.Raw(), required=True)
    rank = fields.Integer(required=True)
    reason = fields.String(required=True, allow_none=True)
    registry = fields.String(required=True)
    state = fields.String(required=True)
    terms = fields.Nested(ConsentFilingTerm, required=True)
    unit_numbers = fields.List(fields.String(), required=True)
    updated_at = fields.String(required=True)
    version = fields.Integer(required=True)


class Consents(Paged):
    filings = fields.List(fields.Nested(ConsentsFiling), required=True)
