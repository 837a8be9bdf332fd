"""One error shape for the whole API: ``{"code", "message", "errors"}`` with the right status.

Domain rules report their own code (e.g. ``sellers_must_be_owners``); pages get the same facts as
an HTML page. Nothing a user sends can produce a stack trace.
"""

from __future__ import annotations

import logging

from eventsourcing.persistence import IntegrityError
from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from registry.kernel.errors import Conflict, DomainError
from registry.payments.gateway_port import GatewayError
from web.parsing import GATE_REFUSALS

log = logging.getLogger(__name__)

HTTP_CODES = {400: "bad_request", 401: "unauthorised", 403: "forbidden", 404: "not_found",
              405: "method_not_allowed", 409: "conflict", 413: "payload_too_large",
              415: "unsupported_media_type", 422: "invalid_input", 429: "too_many_requests",
              500: "internal_error"}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, code: str, message: str, errors: dict | None = None,
                   headers: dict | None = None) -> Response:
    if wants_json():
        response = jsonify({"code": code, "message": message, "errors": errors or {}})
    else:
        response = Response(render_template("error.html", status=status, code=code, message=message,
                                            errors=errors or {}), mimetype="text/html")
    response.status_code = status
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def _flatten_webargs(messages: dict) -> dict:
    """webargs nests messages by location ({"json": {...}}); users want field → messages."""
    flat: dict = {}
    for location_messages in messages.values():
        if isinstance(location_messages, dict):
            flat.update(location_messages)
        else:
            flat.setdefault("_schema", []).extend(location_messages)
    return flat


def handle_http(exc: HTTPException) -> Response:
    status = exc.code or 500
    data = getattr(exc, "data", None) or {}
    if status == 422 and "messages" in data:
        return error_response(422, "invalid_input", "some fields are invalid",
                              _flatten_webargs(data["messages"]))
    if status == 400 and wants_json() and exc.description in GATE_REFUSALS:
        return error_response(400, GATE_REFUSALS[exc.description], exc.description)
    message = data.get("message") or exc.description or HTTP_CODES.get(status, "error")
    code = data.get("code") or HTTP_CODES.get(status, "error")
    headers = dict(data.get("headers") or {})
    if status == 401:
        headers.setdefault("WWW-Authenticate", 'Bearer realm="registry"')
    return error_response(status, code, message, data.get("errors"), headers)


def handle_domain(exc: DomainError) -> Response:
    errors = {exc.field: [exc.message]} if exc.field else {}
    message = exc.message
    if isinstance(exc, Conflict) and "reload" not in message:
        message += "; reload to see the current state"
    return error_response(exc.status, exc.code, message, errors)


def handle_lost_race(exc: IntegrityError) -> Response:
    return error_response(409, "concurrent_update",
                          "someone else changed this record at the same time; reload and try again")


def handle_gateway(exc: GatewayError) -> Response:
    log.warning("payment provider error on %s %s: %s", request.method, request.path, exc)
    return error_response(503, "payment_provider_unavailable",
                          "the payment provider cannot be reached right now; try again in a moment")


def handle_unexpected(exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.path)
    return error_response(500, "internal_error", "something went wrong on our side; it has been logged")


def init_errors(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(DomainError, handle_domain)
    app.register_error_handler(IntegrityError, handle_lost_race)
    app.register_error_handler(GatewayError, handle_gateway)
    app.register_error_handler(Exception, handle_unexpected)
