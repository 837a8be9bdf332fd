"""Answers of finance staff: a day's ledger, the reconciliation report and payment flags."""

from __future__ import annotations

from marshmallow import fields

from web.api.answers import Answer, Paged


class DayLedgerPosting(Answer):
    account = fields.String(required=True)
    amount = fields.String(required=True)
    day = fields.String(required=True)
    kind = fields.String(required=True)
    line_code = fields.String(required=True)
    order_id = fields.String(required=True)
    registry = fields.String(required=True)
    seq = fields.Integer(required=True)
    side = fields.String(required=True)
    version = fields.Integer(required=True)


class DayLedger(Paged):
    balanced = fields.Boolean(required=True)
    credits = fields.String(required=True)
    day = fields.String(required=True)
    debits = fields.String(required=True)
    postings = fields.List(fields.Nested(DayLedgerPosting), required=True)


class PaymentFlags(Paged):
    flags = fields.List(fields.Raw(), required=True)


class ReconciliationAccount(Answer):
    fees = fields.String(required=True)
    settlements = fields.String(required=True)
    treasury = fields.String(required=True)


class ReconciliationDayByTax(Answer):
    deed_tax = fields.String(required=True)


class ReconciliationDay(Answer):
    balanced = fields.Boolean(required=True)
    by_tax = fields.Nested(ReconciliationDayByTax, required=True)
    day = fields.String(required=True)
    fees = fields.String(required=True)
    mismatch = fields.String(required=True)
    settlements = fields.String(required=True)
    treasury = fields.String(required=True)


class Reconciliation(Answer):
    accounts = fields.Nested(ReconciliationAccount, required=True)
    balanced = fields.Boolean(required=True)
    days = fields.List(fields.Nested(ReconciliationDay), required=True)
    from_ = fields.String(required=True, data_key="from")
    tax_codes = fields.List(fields.String(), required=True)
    to = fields.String(required=True)
