"""The one error shape of the API, exactly as ``web.errors.error_response`` writes it."""

from __future__ import annotations

from marshmallow import Schema, fields


class ErrorSchema(Schema):
    """``{"code", "message", "errors"}``: documented as every operation's error response (never loaded).
    ``code`` is a word (``sellers_must_be_owners``, ``not_found``), not the HTTP status, and there is no
    ``status`` field: the status is the response's own."""

    code = fields.String(required=True, dump_only=True,
                         metadata={"description": "what went wrong, e.g. sellers_must_be_owners"})
    message = fields.String(required=True, dump_only=True, metadata={"description": "a sentence for people"})
    errors = fields.Dict(keys=fields.String(), values=fields.Raw(), required=True, dump_only=True,
                         metadata={"description": "field → messages (nested fields nest); empty when no field"})
