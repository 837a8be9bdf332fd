"""The query arguments of the bank's reads and the disbursement it reports (the filing form itself is in
``web.shared.mortgage_filing``, shared with the bank's page)."""

from __future__ import annotations

from marshmallow import fields, validate

from registry.mortgages.values import FilingState
from web.paging import PageArgsSchema
from web.shared.schemas import GateSchema, Money


class FilingsQuery(PageArgsSchema):
    state = fields.String(load_default=None, validate=validate.OneOf([s.value for s in FilingState]))


MAX_FEED_WAIT = 25  # seconds; a long poll holds one server thread


class FeedQuery(GateSchema):
    after = fields.Integer(load_default=0, validate=validate.Range(min=0),
                           metadata={"description": "the last seq the bank has processed"})
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=1000))
    wait = fields.Integer(load_default=0, validate=validate.Range(min=0, max=MAX_FEED_WAIT),
                          metadata={"description": "long poll: seconds to wait for a notification when there is none"})


class StatementQuery(GateSchema):
    month = fields.String(required=True, validate=validate.Regexp(r"^\d{4}-(0[1-9]|1[0-2])$",
                                                                  error="write the month as YYYY-MM"),
                          metadata={"description": "e.g. 2026-03 (Asia/Shanghai calendar)"})


class DisbursementSchema(GateSchema):
    """The loan paid into the auction court's account (e拍即得)."""

    amount = Money(required=True, metadata={"description": "yuan paid, e.g. \"1200000.00\""})
    account = fields.String(required=True, validate=validate.Length(min=4, max=64),
                            metadata={"description": "the court's account the bank paid into"})
    reference = fields.String(required=True, validate=validate.Length(min=1, max=64),
                              metadata={"description": "the bank's payment reference"})
    paid_on = fields.Date(required=True)
