"""Answers of a bank's desk: live mortgages, notifications, the monthly statement and its webhook."""

from __future__ import annotations

from marshmallow import fields

from web.api.answers import Answer, Paged
from web.api.answers.mortgages import BankFilingOutcome


class BankNotificationsItemPayloadMortgage(Answer):
    mortgage_id = fields.String(required=True)
    proof_number = fields.String(required=True)


class BankNotificationsItemPayload(Answer):
    bank_reference = fields.String()
    by_rule = fields.Boolean()
    fee = fields.String()
    filing_id = fields.String()
    kind = fields.String()
    proof_numbers = fields.List(fields.String())
    unit_numbers = fields.List(fields.String())
    certificate_id = fields.String()
    download = fields.String()
    number = fields.String()
    unit_number = fields.String()
    reasons = fields.List(fields.Nested(BankFilingOutcome))
    bank = fields.String()
    bank_name = fields.String()
    rank = fields.Integer()
    mortgage_id = fields.String()
    proof_number = fields.String()
    previous_proof_number = fields.String()
    previous_rank = fields.Integer()
    authority = fields.String()
    mortgages = fields.List(fields.Nested(BankNotificationsItemPayloadMortgage))
    reason = fields.String()
    missing = fields.List(fields.String(), metadata={"description": "filing_returned: everything to supply (补正)"})
    note = fields.String(metadata={"description": "filing_returned: the registrar's note"})
    reference = fields.String()
    until = fields.String()
    case_id = fields.String()
    court = fields.String()
    court_name = fields.String()
    ruling_number = fields.String()


class BankNotificationsItem(Answer):
    at = fields.String(required=True)
    filing_id = fields.String(required=True, allow_none=True)
    id = fields.String(required=True)
    kind = fields.String(required=True)
    payload = fields.Nested(BankNotificationsItemPayload, required=True)
    seq = fields.Integer(required=True)
    unit_number = fields.String(required=True)


class BankNotifications(Answer):
    items = fields.List(fields.Nested(BankNotificationsItem), required=True)
    next_after = fields.Integer(required=True)


class BankStatementLine(Answer):
    bank = fields.String(required=True)
    bank_reference = fields.String(required=True)
    fee = fields.String(required=True)
    filing_id = fields.String(required=True)
    kind = fields.String(required=True)
    registered_at = fields.String(required=True)


class BankStatement(Answer):
    bank = fields.String(required=True)
    lines = fields.List(fields.Nested(BankStatementLine), required=True)
    month = fields.String(required=True)
    total = fields.String(required=True)


class BankWebhookSecret(Answer):
    created_at = fields.String(required=True)
    secret = fields.String(required=True, allow_none=True)
    updated_at = fields.String(required=True)
    url = fields.String(required=True)


class BankWebhookStatus(Answer):
    attempts = fields.Integer(required=True)
    created_at = fields.String(required=True)
    failing = fields.Boolean(required=True)
    last_delivered_at = fields.String(required=True, allow_none=True)
    last_error = fields.String(required=True, allow_none=True)
    last_status = fields.Integer(required=True, allow_none=True)
    next_attempt_at = fields.String(required=True, allow_none=True)
    pending = fields.Integer(required=True)
    updated_at = fields.String(required=True)
    url = fields.String(required=True)


class FailingWebhooksFailing(Answer):
    attempts = fields.Integer(required=True)
    bank = fields.String(required=True)
    last_error = fields.String(required=True)
    last_status = fields.Integer(required=True)
    next_attempt_at = fields.String(required=True)
    notification_id = fields.String(required=True)
    seq = fields.Integer(required=True)
    url = fields.String(required=True)
    waiting = fields.Integer(required=True)


class FailingWebhooks(Answer):
    failing = fields.List(fields.Nested(FailingWebhooksFailing), required=True)


class LiveMortgagesMortgage(Answer):
    amount = fields.String(required=True)
    bank = fields.String(required=True)
    bank_name = fields.String(required=True)
    claim_end = fields.String(required=True, allow_none=True)
    claim_start = fields.String(required=True, allow_none=True)
    currency = fields.String(required=True)
    filing_id = fields.String(required=True)
    maximum = fields.Boolean(required=True)
    method = fields.String(required=True)
    mortgage_id = fields.String(required=True)
    performance_end = fields.String(required=True)
    performance_start = fields.String(required=True)
    proof_number = fields.String(required=True)
    rank = fields.Integer(required=True)
    registered_at = fields.String(required=True)
    transfer_restricted = fields.Boolean(required=True)
    unit_number = fields.String(required=True)


class LiveMortgages(Paged):
    mortgages = fields.List(fields.Nested(LiveMortgagesMortgage), required=True)
