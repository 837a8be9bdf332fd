"""What the health check answers: the store, each application's head and how far every view has caught up."""

from __future__ import annotations

from marshmallow import fields

from web.api.answers import Answer


class HealthAnswer(Answer):
    head = fields.Integer(required=True)
    heads = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    status = fields.String(required=True)
    store = fields.String(required=True)
    views = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
