"""What the API answers, documented: each area's answer schemas in its own module, and ``answers``, the one
decorator a view uses to say its success status, the schema of its answer and the refusals it can give.

The views build their answers as dicts from the views (projections) and the clients read those bytes; the
schemas document them (every field ``dump_only``, readOnly in the spec) and the e2e tests validate every real
answer against them. A view's dict goes out as it is: dumping it through the schema would drop or reformat
fields a client already reads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from marshmallow import Schema, fields

from web.api.answers.errors import ErrorSchema

SchemaLike = type[Schema] | Schema | dict[str, Any] | None
PDF = {"type": "string", "format": "binary", "description": "the signed PDF"}
CSV = {"type": "string", "description": "the same report as comma-separated values"}


class Answer(Schema):
    """Written by the server, never loaded: every field is dump_only."""

    def on_bind_field(self, field_name: str, field_obj: fields.Field) -> None:
        field_obj.dump_only = True


class Paged(Answer):
    """The paging fields of every list answer; the items keep the key clients read (``cases``, ``filings`` ...)."""

    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    pages = fields.Integer(required=True)
    next = fields.Integer(required=True, allow_none=True, metadata={"description": "null on the last page"})
    previous = fields.Integer(required=True, allow_none=True, metadata={"description": "null on the first page"})


# what each refusal means in this API, said once for every operation that documents it
REFUSALS = {
    400: "malformed: not JSON, not an object, too deep, control characters, or a refused callback",
    401: "no credentials, or unknown, revoked or expired ones",
    403: "the caller's role may not use this endpoint",
    404: "no such thing for this caller",
    409: "the state of the case or record does not allow it now",
    413: "the body is larger than this endpoint takes",
    422: "some fields are invalid, or a rule of the register refuses it",
    429: "too many requests from this address; wait a minute",
}


def answers(blp: Any, status: int, schema: SchemaLike = None, *, refuses: Iterable[int] = (),
            error_schema: type[Schema] = ErrorSchema, content_type: str | None = None,
            description: str | None = None) -> Callable:
    """``@blp.response(status)`` that also documents the answer's schema and each refusal (4xx) in the one
    error shape. The body is not dumped through ``schema`` (see the module's docstring)."""
    def decorator(view: Callable) -> Callable:
        documented = blp.response(status, content_type=content_type, description=description)(view)
        if schema is not None:
            documented = blp.alt_response(status, schema=schema, content_type=content_type, success=True,
                                          description=description or HTTPStatus(status).phrase)(documented)
        for code in refuses:
            documented = blp.alt_response(code, schema=error_schema, description=REFUSALS[code])(documented)
        return documented
    return decorator


def refusals(blp: Any, *codes: int, error_schema: type[Schema] = ErrorSchema) -> Callable:
    """Documents refusals alone, for views that build their own response (a court's feedback)."""
    def decorator(view: Callable) -> Callable:
        for code in codes:
            view = blp.alt_response(code, schema=error_schema, description=REFUSALS[code])(view)
        return view
    return decorator
