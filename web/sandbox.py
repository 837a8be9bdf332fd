"""The sandbox gateway on the web, under ``/sandbox-gateway/``: the merchant API and the hosted page.

API (``Authorization: Bearer <merchant API key>``, JSON, amounts as strings, errors as
``{"code", "message", "errors"}``):

* ``POST /api/payments`` {order_id, amount, currency, description, return_url, notify_url}
  → 201 with the payment and its ``redirect_url`` (200 with the same payment when the order id
  was already used for that amount, 409 ``order_amount_mismatch`` for another amount);
* ``GET /api/payments/<order_id>`` → the payment's status;
* ``POST /api/refunds`` {order_id, amount, reason} → the refund (full amount only).

Hosted page: ``GET /pay/<payment_id>`` shows the merchant, amount and description with two form
buttons; ``POST`` pays or cancels (with the page's own double-submit token, independent of the
platform's session) and sends the buyer back (303) to the merchant's return URL with the order id.

Mount with ``init_sandbox(app, gateway)``. The platform's form-CSRF check must skip this prefix:
the API is called by servers and the page carries its own token.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Flask, Response, current_app, render_template, request
from werkzeug.exceptions import HTTPException

from adapters.sandbox_gateway import (
    InvalidRequest,
    PaymentNotFound,
    SandboxError,
    SandboxGateway,
    SandboxMerchant,
    SandboxPayment,
)
from registry.payments.gateway_port import PaymentStatus, format_amount

URL_PREFIX = "/sandbox-gateway"
TOKEN_COOKIE = "sandbox_pay_token"
EXTENSION = "sandbox_gateway"

bp = Blueprint("sandbox", __name__, url_prefix=URL_PREFIX, template_folder="templates")


def init_sandbox(app: Flask, gateway: SandboxGateway) -> None:
    app.extensions[EXTENSION] = gateway
    app.register_blueprint(bp)


def _gateway() -> SandboxGateway:
    return current_app.extensions[EXTENSION]


def _json(data: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None) -> Response:
    response = Response(json.dumps(data, ensure_ascii=False), status=status, mimetype="application/json")
    response.headers["Cache-Control"] = "no-store"
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def _problem(status: int, code: str, message: str, field: str | None = None,
             headers: dict[str, str] | None = None) -> Response:
    return _json({"code": code, "message": message, "errors": {field: [message]} if field else {}}, status, headers)


class _ApiRefusal(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


def _merchant() -> SandboxMerchant:
    scheme, _, key = request.headers.get("Authorization", "").partition(" ")
    merchant = _gateway().authenticate(key.strip()) if scheme.lower() == "bearer" and key.strip() else None
    if merchant is None:
        raise _ApiRefusal(_problem(401, "unauthorised", "a valid merchant API key is required",
                                   headers={"WWW-Authenticate": 'Bearer realm="sandbox-gateway"'}))
    return merchant


def _body() -> dict[str, Any]:
    if request.mimetype != "application/json":
        raise _ApiRefusal(_problem(415, "unsupported_media_type", "send JSON (Content-Type: application/json)"))
    try:
        data = json.loads(request.get_data(cache=False) or b"null", parse_float=Decimal)
    except (ValueError, RecursionError):
        raise _ApiRefusal(_problem(400, "malformed_json", "the request body is not valid JSON")) from None
    if not isinstance(data, dict):
        raise _ApiRefusal(_problem(400, "malformed_json", "the request body is a JSON object"))
    return data


def _payment_json(payment: SandboxPayment) -> dict[str, Any]:
    return payment.to_json() | {"redirect_url": _gateway().page_url(payment.payment_id)}


@bp.errorhandler(_ApiRefusal)
def _refused(error: _ApiRefusal) -> Response:
    return error.response


@bp.errorhandler(SandboxError)
def _sandbox_error(error: SandboxError) -> Response:
    if request.path.startswith(f"{URL_PREFIX}/api/"):
        return _problem(error.status, error.code, error.message, error.field)
    return _page_response(render_template("sandbox_pay.html", payment=None, error=error.message), error.status)


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException) -> Response:
    status = error.code or 500
    if request.path.startswith(f"{URL_PREFIX}/api/"):
        return _problem(status, error.name.lower().replace(" ", "_"), error.description or error.name)
    return _page_response(render_template("sandbox_pay.html", payment=None, error=error.description), status)


# -- merchant API ---------------------------------------------------------------------------------
@bp.post("/api/payments")
def create_payment() -> Response:
    merchant = _merchant()
    data = _body()
    payment, created = _gateway().create_payment(
        merchant, order_id=data.get("order_id"), amount=data.get("amount"), currency=data.get("currency"),
        description=data.get("description"), return_url=data.get("return_url"), notify_url=data.get("notify_url"))
    return _json(_payment_json(payment), 201 if created else 200)


@bp.get("/api/payments/<order_id>")
def query_payment(order_id: str) -> Response:
    return _json(_payment_json(_gateway().payment_for_order(_merchant(), order_id)))


@bp.post("/api/refunds")
def refund() -> Response:
    merchant = _merchant()
    data = _body()
    payment = _gateway().refund(merchant, order_id=data.get("order_id"), amount=data.get("amount"),
                                reason=data.get("reason"))
    return _json({"refund_id": payment.refund_id, "order_id": payment.order_id, "payment_id": payment.payment_id,
                  "status": payment.status.value, "amount": format_amount(payment.amount),
                  "currency": payment.currency, "reason": payment.refund_reason,
                  "refunded_at": payment.refunded_at.isoformat() if payment.refunded_at else None})


# -- hosted payment page ------------------------------------------------------------------------
def _page_response(html: str, status: int = 200, payment: SandboxPayment | None = None) -> Response:
    """No scripts, no inline styles, never framed; the form may post here and lead to the merchant."""
    form_action = "'self'"
    if payment is not None:
        parts = urlsplit(payment.return_url)
        form_action += f" {parts.scheme}://{parts.netloc}"
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'none'; "
        f"form-action {form_action}; frame-ancestors 'none'; base-uri 'none'")
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _render_page(payment: SandboxPayment, status: int = 200, error: str | None = None) -> Response:
    gateway = _gateway()
    merchant = gateway.merchants.get(payment.merchant_id)
    token = gateway.page_token(payment.payment_id) if payment.status is PaymentStatus.CREATED else ""
    html = render_template("sandbox_pay.html", payment=payment, error=error, token=token,
                           merchant_name=merchant.name if merchant else payment.merchant_id,
                           amount=format_amount(payment.amount), back_url=payment.return_url_for_buyer())
    response = _page_response(html, status, payment)
    if token:
        response.set_cookie(TOKEN_COOKIE, token, path=f"{URL_PREFIX}/pay/{payment.payment_id}", httponly=True,
                            samesite="Strict", secure=request.is_secure, max_age=int(gateway.ttl.total_seconds()))
    return response


def _payment_or_404(payment_id: str) -> SandboxPayment:
    payment = _gateway().payment(payment_id)
    if payment is None:
        raise PaymentNotFound("no such payment")
    return payment


@bp.get("/pay/<payment_id>")
def pay_page(payment_id: str) -> Response:
    return _render_page(_payment_or_404(payment_id))


@bp.post("/pay/<payment_id>")
def pay_submit(payment_id: str) -> Response:
    gateway = _gateway()
    try:
        payment = gateway.payable(payment_id)
    except PaymentNotFound:
        raise
    except SandboxError as error:  # paid, cancelled or expired meanwhile: say so, whatever the token
        return _render_page(_payment_or_404(payment_id), error.status, error.message)
    if not gateway.check_page_token(payment_id, request.form.get("token", ""), request.cookies.get(TOKEN_COOKIE, "")):
        return _render_page(payment, 400, "the page expired or did not come from the gateway; reload and try again")
    action = request.form.get("action")
    if action not in ("pay", "cancel"):
        raise InvalidRequest("choose pay or cancel")
    try:
        done = gateway.pay(payment_id) if action == "pay" else gateway.cancel(payment_id)
    except SandboxError as error:
        return _render_page(gateway.payment(payment_id) or payment, error.status, error.message)
    response = Response(status=303, headers={"Location": done.return_url_for_buyer(), "Cache-Control": "no-store"})
    response.delete_cookie(TOKEN_COOKIE, path=f"{URL_PREFIX}/pay/{payment_id}")
    return response
