"""The request gate in front of every schema: JSON bodies parsed with exact decimals and refused
cleanly when malformed, and control characters (NUL and friends) refused everywhere — they have no
place in a register and PostgreSQL cannot store NUL."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import flask_smorest
from flask import Request, abort, current_app, request
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request
from werkzeug.datastructures import CombinedMultiDict

from registry.kernel.attachments import MAX_BYTES

MALFORMED_JSON = "the request body is not valid JSON"
NOT_AN_OBJECT = "the request body must be a JSON object"
TOO_DEEP = "the request body nests too deeply"
MAX_DEPTH = 32  # the deepest real body (a ruling's buyers with their families) is under 8
GATE_REFUSALS = {MALFORMED_JSON: "malformed_json", NOT_AN_OBJECT: "body_not_an_object", TOO_DEEP: "body_too_deep"}
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
UPLOAD_BODY_BYTES = MAX_BYTES + 256 * 1024  # the largest file the domain takes, in its multipart envelope


class GateParser(FlaskParser):
    # "multipart": a form's fields and its files as one set of arguments (an upload with its kind)
    __location_map__ = dict(multipart="load_multipart", **FlaskParser.__location_map__)

    def load_multipart(self, req: Request, schema: Any) -> Any:
        return self._makeproxy(CombinedMultiDict([req.form, req.files]), schema)

    def _raw_load_json(self, req: Request) -> Any:
        if not is_json_request(req):
            return core.missing
        body = req.get_data(cache=True)
        if not body:
            return core.missing
        try:
            data = json.loads(body, parse_float=Decimal)
        except (RecursionError, ValueError):  # too deep, a number too long, or not JSON at all
            abort(400, description=MALFORMED_JSON)
        if not isinstance(data, dict):
            abort(400, description=NOT_AN_OBJECT)
        if nesting_depth(data) > MAX_DEPTH:
            abort(400, description=TOO_DEEP)
        return data


def nesting_depth(value: Any) -> int:
    """How deeply objects and arrays nest, counted without recursion (a deep body must not exhaust the stack)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            if depth <= MAX_DEPTH:
                stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def has_control_characters(value: Any) -> bool:
    if isinstance(value, str):
        return bool(CONTROL_CHARACTERS.search(value))
    if isinstance(value, dict):
        return any(has_control_characters(k) or has_control_characters(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(has_control_characters(v) for v in value)
    return False


def takes_uploads(view: Any) -> Any:
    """Marks a view whose form carries a document: its body may pass the app's 1 MiB, up to the file limit (the
    domain refuses a larger file itself, in the one error shape)."""
    view.takes_uploads = True
    return view


def allow_uploads() -> None:
    """Before anything reads the form (the checks below do): the marked views' larger limit."""
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "takes_uploads", False):
        request.max_content_length = UPLOAD_BODY_BYTES


def refuse_control_characters() -> None:
    """Before every request: the path, the query string and form fields (JSON is checked by the schemas)."""
    values = [request.path, *request.args.keys(), *request.args.values()]
    if request.method == "POST" and request.mimetype in ("application/x-www-form-urlencoded",
                                                         "multipart/form-data"):
        values += [*request.form.keys(), *request.form.values()]
    if any(has_control_characters(v) for v in values):
        abort(400, description="control characters are not allowed in the request")


class Blueprint(flask_smorest.Blueprint):
    """Every API blueprint parses its arguments through the gate."""

    ARGUMENTS_PARSER = GateParser()
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING = {**flask_smorest.Blueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING,
                                             "multipart": "multipart/form-data"}
