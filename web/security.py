"""Security headers, CSRF protection for forms, and a JSON provider that never produces a float."""

from __future__ import annotations

import hmac
import json
import secrets
from decimal import Decimal
from typing import Any

from flask import Flask, Response, abort, request, session
from flask.json.provider import DefaultJSONProvider

from web.parsing import allow_uploads, refuse_control_characters

CSRF_EXEMPT = {"/tsa"}  # RFC 3161 clients send no cookies; nothing there acts for a logged-in user
# The bearer-token API, and the sandbox provider, which stands for another site with its own page token.
CSRF_EXEMPT_PREFIXES = ("/api/", "/sandbox-gateway/")
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'")


class DecimalJSONProvider(DefaultJSONProvider):
    """Numbers with a fraction arrive as Decimal, so no amount or area ever passes through float."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        kwargs.setdefault("parse_float", Decimal)
        try:
            return json.loads(s, **kwargs)
        except RecursionError:
            raise ValueError("nested too deeply") from None


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf() -> None:
    """Every state-changing form post carries the session's token; the bearer-token API is exempt."""
    if request.method in ("GET", "HEAD", "OPTIONS") or request.path.startswith(CSRF_EXEMPT_PREFIXES) \
            or request.path in CSRF_EXEMPT:
        return
    sent = request.form.get("csrf_token", "")
    expected = session.get("csrf", "")
    if not expected or not hmac.compare_digest(sent, expected):
        abort(400, description="the form expired or did not come from this site; reload and try again")


def security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if request.path.startswith("/api/v1") or session.get("user_id"):
        response.headers["Cache-Control"] = "no-store"
    return response


def init_security(app: Flask) -> None:
    app.json = DecimalJSONProvider(app)
    app.before_request(allow_uploads)
    app.before_request(refuse_control_characters)
    app.before_request(check_csrf)
    app.after_request(security_headers)
    app.jinja_env.globals["csrf_token"] = csrf_token
