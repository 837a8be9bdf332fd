"""The catalogue of transfer kinds, as ``registry.transfers.kinds`` declares it: what a client builds its form
from, and what each kind's case will be asked for."""

from __future__ import annotations

from marshmallow import fields

from web.api.answers import Answer


class KindTimeLimit(Answer):
    case_kind = fields.String(required=True, metadata={"description": "the supervision kind it is timed as"})
    working_days = fields.Integer(required=True)
    office_minutes = fields.Integer(required=True)
    source = fields.String(required=True)
    effective = fields.String(required=True)


class KindSection(Answer):
    section = fields.String(required=True)
    field_names = fields.List(fields.String(), required=True, data_key="fields",
                              metadata={"description": "the submission's fields it collects (a.b: field b of a)"})


class TransferKindAnswer(Answer):
    kind = fields.String(required=True)
    online = fields.Boolean(required=True, metadata={"description": "false: filed at the counter for now"})
    uses = fields.List(fields.String(), required=True, metadata={"description": "the units' uses it is for"})
    seller = fields.String(required=True, metadata={"description": "individual or enterprise"})
    buyer = fields.String(required=True)
    sections = fields.List(fields.Nested(KindSection), required=True)
    documents = fields.List(fields.String(), required=True, metadata={"description": "documents that prove it"})
    tax_lines = fields.List(fields.String(), required=True)
    time_limit = fields.Nested(KindTimeLimit, required=True)
    source = fields.String(required=True)


class TransferKindList(Answer):
    kinds = fields.List(fields.Nested(TransferKindAnswer), required=True)
