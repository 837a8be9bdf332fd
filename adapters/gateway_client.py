"""The platform's side of the sandbox gateway: implements ``registry.payments_port.PaymentGateway``.

Requests go through a ``Transport``: ``HttpTransport`` (urllib) when the gateway is served
elsewhere, ``WsgiTransport(app)`` when it is mounted in the same WSGI app (same headers and body,
no socket). The gateway's API authenticates the merchant with ``Authorization: Bearer <api key>``
and speaks JSON with amounts as strings.

Callbacks carry ``X-Sandbox-Key-Id``, ``X-Sandbox-Timestamp`` (Unix seconds),
``X-Sandbox-Event-Id`` and ``X-Sandbox-Signature``: lowercase hex HMAC-SHA256, keyed with the
webhook secret named by the key id, over ``timestamp + "." + event_id + "." + body``. They are
verified here before a single field of the body is trusted.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol
from urllib.parse import quote, urlsplit

from registry.payments.gateway_port import (
    CALLBACK_TOLERANCE,
    Callback,
    ForgedCallback,
    GatewayError,
    GatewayRejected,
    GatewayStatus,
    GatewayUnavailable,
    MalformedCallback,
    OrderConflict,
    PaymentRedirect,
    PaymentStatus,
    RefundResult,
    StaleCallback,
    UnknownOrder,
    format_amount,
    to_amount,
)

KEY_ID_HEADER = "X-Sandbox-Key-Id"
TIMESTAMP_HEADER = "X-Sandbox-Timestamp"
EVENT_ID_HEADER = "X-Sandbox-Event-Id"
SIGNATURE_HEADER = "X-Sandbox-Signature"
MAX_CALLBACK_BYTES = 64 * 1024


def callback_signature(secret: str, timestamp: str, event_id: str, body: bytes) -> str:
    """HMAC-SHA256 over ``timestamp.event_id.body`` (hex). The gateway signs, the platform verifies."""
    message = timestamp.encode("ascii") + b"." + event_id.encode("utf-8") + b"." + body
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


# -- transports ----------------------------------------------------------------------------------
class TransportError(Exception):
    """The request did not get an HTTP answer (connection refused, timeout, DNS...)."""


@dataclass(frozen=True)
class TransportResponse:
    status: int
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)


class Transport(Protocol):
    def request(self, method: str, url: str, headers: Mapping[str, str], body: bytes | None = None,
                timeout: float = 10.0) -> TransportResponse:
        """Send one request; any HTTP status is an answer, only no answer raises ``TransportError``."""


class HttpTransport:
    """Real HTTP through urllib; redirects are not followed (an API never needs them)."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    def __init__(self) -> None:
        self._opener = urllib.request.build_opener(self._NoRedirect)

    def request(self, method: str, url: str, headers: Mapping[str, str], body: bytes | None = None,
                timeout: float = 10.0) -> TransportResponse:
        if urlsplit(url).scheme not in ("http", "https"):
            raise TransportError(f"not an http(s) URL: {url}")
        req = urllib.request.Request(url, data=body, method=method, headers=dict(headers))
        try:
            with self._opener.open(req, timeout=timeout) as response:
                return TransportResponse(response.status, response.read(), dict(response.headers.items()))
        except urllib.error.HTTPError as error:
            with error:
                return TransportResponse(error.code, error.read(), dict(error.headers.items()))
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise TransportError(f"{method} {url}: {error}") from error


class WsgiTransport:
    """Delivers the request to a WSGI app in this process, through werkzeug's test client.

    The scheme and host of ``url`` become the request's base URL; the app sees the same method,
    path, query, headers and body as over HTTP. A fresh client per request keeps it thread-safe
    and cookie-free.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    def request(self, method: str, url: str, headers: Mapping[str, str], body: bytes | None = None,
                timeout: float = 10.0) -> TransportResponse:
        from werkzeug.test import Client

        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise TransportError(f"not an absolute http(s) URL: {url}")
        try:
            response = Client(self.app).open(
                parts.path or "/", base_url=f"{parts.scheme}://{parts.netloc}", query_string=parts.query,
                method=method, headers=list(headers.items()), data=body or b"")
        except Exception as error:  # the app itself blew up: to the caller that is "no answer"
            raise TransportError(f"{method} {url}: {type(error).__name__}: {error}") from error
        with response:
            return TransportResponse(response.status_code, response.get_data(), dict(response.headers.items()))


# -- decoding helpers ----------------------------------------------------------------------------
def _parse_time(value: Any) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"not a timestamp: {value!r}")
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(f"timestamp without a zone: {value!r}")
    return parsed


def _wire_amount(value: Any) -> Decimal:
    if not isinstance(value, str):  # a JSON number would have been a float somewhere on the way
        raise ValueError(f"amount must travel as a string, got {type(value).__name__}")
    return to_amount(value)


def _missing(name: str) -> datetime:
    raise ValueError(f"{name} is missing")


def _lower_headers(headers: Mapping[str, str]) -> dict[str, str]:
    return {str(k).lower(): str(v) for k, v in headers.items()}


class SandboxGatewayClient:
    """``PaymentGateway`` against the sandbox gateway's API (or any provider speaking the same protocol).

    ``webhook_secrets`` maps key id → secret; several entries let the gateway rotate its secret.
    """

    def __init__(self, base_url: str, api_key: str, webhook_secrets: Mapping[str, str], transport: Transport,
                 *, timeout: float = 10.0, tolerance: timedelta = CALLBACK_TOLERANCE) -> None:
        if not api_key:
            raise ValueError("the gateway client needs the merchant API key")
        if not webhook_secrets or not all(webhook_secrets.values()):
            raise ValueError("the gateway client needs at least one webhook secret")
        self.base_url = base_url.rstrip("/")
        self._api_key = api_key
        self._secrets = dict(webhook_secrets)
        self.transport = transport
        self.timeout = timeout
        self.tolerance = tolerance

    # -- API calls --------------------------------------------------------------------------------
    def _call(self, method: str, path: str, payload: dict[str, Any] | None = None) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self._api_key}", "Accept": "application/json"}
        body = None
        if payload is not None:
            body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            headers["Content-Type"] = "application/json"
        try:
            response = self.transport.request(method, self.base_url + path, headers, body, self.timeout)
        except TransportError as error:
            raise GatewayUnavailable(str(error)) from error
        try:
            data = json.loads(response.body or b"{}", parse_float=Decimal)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise (GatewayUnavailable if response.status >= 500 or response.status < 400 else GatewayRejected)(
                f"the gateway answered {response.status} without a JSON object", status=response.status)
        if response.status >= 500:
            raise GatewayUnavailable(str(data.get("message") or "gateway error"), code=data.get("code"),
                                     status=response.status)
        if response.status >= 400:
            error_class: type[GatewayError] = {404: UnknownOrder, 409: OrderConflict}.get(
                response.status, GatewayRejected)
            raise error_class(str(data.get("message") or "refused"), code=data.get("code"), status=response.status)
        return data

    def _status(self, data: Mapping[str, Any]) -> GatewayStatus:
        try:
            return GatewayStatus(
                order_id=str(data["order_id"]), payment_id=str(data["payment_id"]),
                status=PaymentStatus(data["status"]), amount=_wire_amount(data["amount"]),
                currency=str(data["currency"]), paid_at=_parse_time(data.get("paid_at")),
                refunded_at=_parse_time(data.get("refunded_at")), expires_at=_parse_time(data.get("expires_at")))
        except (KeyError, ValueError, TypeError) as error:
            raise GatewayUnavailable(f"the gateway's answer is not a payment: {error}") from error

    def create_payment(self, order_id: str, amount: Decimal, currency: str, description: str,
                       return_url: str, notify_url: str) -> PaymentRedirect:
        wire_amount = format_amount(amount)
        data = self._call("POST", "/api/payments", {
            "order_id": order_id, "amount": wire_amount, "currency": currency, "description": description,
            "return_url": return_url, "notify_url": notify_url})
        status = self._status(data)
        if status.order_id != order_id or status.amount != to_amount(amount) or status.currency != currency:
            raise GatewayUnavailable("the gateway answered for another order or amount")
        redirect_url = data.get("redirect_url")
        if not isinstance(redirect_url, str) or urlsplit(redirect_url).scheme not in ("http", "https"):
            raise GatewayUnavailable("the gateway gave no usable redirect URL")
        return PaymentRedirect(payment_id=status.payment_id, redirect_url=redirect_url, status=status.status,
                               expires_at=status.expires_at)

    def query(self, order_id: str) -> GatewayStatus:
        status = self._status(self._call("GET", "/api/payments/" + quote(order_id, safe="")))
        if status.order_id != order_id:
            raise GatewayUnavailable("the gateway answered for another order")
        return status

    def refund(self, order_id: str, amount: Decimal, reason: str) -> RefundResult:
        data = self._call("POST", "/api/refunds", {"order_id": order_id, "amount": format_amount(amount),
                                                    "reason": reason})
        try:
            result = RefundResult(order_id=str(data["order_id"]), payment_id=str(data["payment_id"]),
                                  refund_id=str(data["refund_id"]), amount=_wire_amount(data["amount"]),
                                  currency=str(data["currency"]),
                                  refunded_at=_parse_time(data["refunded_at"]) or _missing("refunded_at"))
        except (KeyError, ValueError, TypeError) as error:
            raise GatewayUnavailable(f"the gateway's answer is not a refund: {error}") from error
        if result.order_id != order_id or result.amount != to_amount(amount):
            raise GatewayUnavailable("the gateway answered for another order or amount")
        return result

    # -- callbacks --------------------------------------------------------------------------------
    def parse_callback(self, headers: Mapping[str, str], body: bytes, now: datetime) -> Callback:
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        h = _lower_headers(headers)
        key_id = h.get(KEY_ID_HEADER.lower(), "")
        signature = h.get(SIGNATURE_HEADER.lower(), "").strip().lower()
        secret = self._secrets.get(key_id) if key_id else None
        if secret is None:
            raise ForgedCallback(f"unknown or missing webhook key id {key_id!r}")
        if not signature:
            raise ForgedCallback("the callback is not signed")
        timestamp = h.get(TIMESTAMP_HEADER.lower(), "").strip()
        event_id = h.get(EVENT_ID_HEADER.lower(), "").strip()
        if not timestamp.isascii() or not timestamp.isdigit() or len(timestamp) > 12 or not event_id:
            raise MalformedCallback("the callback lacks a timestamp or an event id")
        if not isinstance(body, bytes | bytearray) or len(body) > MAX_CALLBACK_BYTES:
            raise MalformedCallback("the callback body is missing or too large")
        expected = callback_signature(secret, timestamp, event_id, bytes(body))
        if not hmac.compare_digest(expected.encode("ascii"), signature.encode("ascii", "replace")):
            raise ForgedCallback("the callback signature does not match")
        sent_at = datetime.fromtimestamp(int(timestamp), UTC)
        if abs(now - sent_at) > self.tolerance:
            raise StaleCallback(f"the callback was signed at {sent_at.isoformat()}, too far from now")
        try:
            data = json.loads(bytes(body), parse_float=Decimal)
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            if data.get("event_id") != event_id:
                raise ValueError("the body's event id differs from the signed header")
            sequence = data["sequence"]
            if isinstance(sequence, bool) or not isinstance(sequence, int) or sequence < 1:
                raise ValueError("sequence must be a positive integer")
            return Callback(
                event_id=event_id, order_id=str(data["order_id"]), payment_id=str(data["payment_id"]),
                status=PaymentStatus(data["status"]), amount=_wire_amount(data["amount"]),
                currency=str(data["currency"]), paid_at=_parse_time(data.get("paid_at")), sequence=sequence,
                occurred_at=_parse_time(data.get("occurred_at")), refunded_at=_parse_time(data.get("refunded_at")))
        except (KeyError, ValueError, TypeError, InvalidOperation) as error:
            raise MalformedCallback(f"the callback body is not a payment event: {error}") from error
