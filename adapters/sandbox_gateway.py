"""The sandbox payment provider: a stand-in for a real gateway that behaves like one.

It keeps its own state (``sandbox_payment``, ``sandbox_event`` in the durable store, kept by
``adapters.sandbox_ledger``, so payments and undelivered callbacks survive a restart), its own keys
(a merchant API key, a webhook signing secret, a key for its hosted-page form tokens) and its own rules:

* a payment intent per merchant order id, idempotent on (order id, amount, currency), expiring
  after ``ttl`` (30 minutes) by the injected clock;
* paying or cancelling happens only on the hosted page (``web/sandbox.py``), after which a signed
  callback is written to the outbox in the same transaction and delivered asynchronously;
* callbacks are POSTed by ``CallbackDeliveries``, a background thread, until the merchant answers
  2xx, with exponential backoff and at most ``max_attempts`` tries; every retry carries the same
  event id and body (at-least-once), signed afresh with the attempt's timestamp;
* a paid payment can be refunded in full, which sends a ``refunded`` callback.

Every state change bumps the payment's ``seq``; callbacks carry it as ``sequence`` so a merchant
can tell a late retry of an older event from news.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any, NoReturn
from urllib.parse import urlsplit

from adapters.gateway_client import Transport
from adapters.sandbox_deliveries import MAX_ATTEMPTS, CallbackDeliveries
from adapters.sandbox_ledger import SandboxLedger
from adapters.sandbox_records import (  # noqa: F401  (re-exported: callers import them from here)
    InvalidRequest,
    NotPayable,
    NotRefundable,
    OrderAmountMismatch,
    PaymentExpired,
    PaymentNotFound,
    RefundAmountMismatch,
    SandboxError,
    SandboxMerchant,
    SandboxPayment,
    load_page_secret,
    load_sandbox_merchant,
)
from adapters.viewstore import ViewStore
from registry.kernel.ports import Clock
from registry.payments.gateway_port import PaymentStatus, format_amount, to_amount

log = logging.getLogger(__name__)

DEFAULT_TTL = timedelta(minutes=30)
CURRENCIES = ("CNY",)
ORDER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")
MAX_DESCRIPTION = 128
MAX_REASON = 256
MAX_URL = 2048


def _check_url(value: Any, field: str) -> str:
    if not isinstance(value, str) or len(value) > MAX_URL:
        raise InvalidRequest(f"{field} is an absolute http(s) URL", field=field)
    try:
        parts = urlsplit(value)
        hostname = parts.hostname
    except ValueError:  # e.g. an unclosed IPv6 bracket
        raise InvalidRequest(f"{field} is an absolute http(s) URL", field=field) from None
    if parts.scheme not in ("http", "https") or not hostname or parts.username or parts.password:
        raise InvalidRequest(f"{field} is an absolute http(s) URL without credentials", field=field)
    return value


# -- callback delivery ----------------------------------------------------------------------------
class SandboxGateway:
    """The provider's back office. ``web/sandbox.py`` exposes it as an API and a hosted page."""

    def __init__(self, store: ViewStore, merchants: Iterable[SandboxMerchant], *, clock: Clock, base_url: str,
                 transport: Transport, page_secret: str | None = None, ttl: timedelta = DEFAULT_TTL,
                 max_attempts: int = MAX_ATTEMPTS, backoff: float = 1.0, max_backoff: float = 600.0,
                 delivery_timeout: float = 10.0) -> None:
        self.store = store
        self.merchants = {m.merchant_id: m for m in merchants}
        if not self.merchants or not all(m.api_key and m.webhook_secret for m in self.merchants.values()):
            raise ValueError("the sandbox needs at least one merchant with an API key and a webhook secret")
        self.clock = clock
        self.base_url = base_url.rstrip("/")
        self.ttl = ttl
        self._page_key = (page_secret or secrets.token_hex(32)).encode()
        self._key_digests = {hashlib.sha256(m.api_key.encode()).digest(): m for m in self.merchants.values()}
        self.ledger = SandboxLedger(store, clock)
        self.deliveries = CallbackDeliveries(store, self.merchants.get, clock, transport, max_attempts=max_attempts,
                                             backoff=backoff, max_backoff=max_backoff, timeout=delivery_timeout)

    @property
    def merchant(self) -> SandboxMerchant:
        """The first (in the embedded setup the only) merchant: the platform itself."""
        return next(iter(self.merchants.values()))

    def setup(self) -> None:
        """Only for a store used without migrations (tests); the platform upgrades the durable tables."""
        self.ledger.setup()

    def close(self) -> None:
        self.deliveries.close()

    def page_url(self, payment_id: str) -> str:
        return f"{self.base_url}/pay/{payment_id}"

    # -- merchants ---------------------------------------------------------------------------
    def authenticate(self, api_key: str) -> SandboxMerchant | None:
        """Constant-time: the key is compared as a digest against every merchant's."""
        digest = hashlib.sha256(api_key.encode()).digest()
        found = None
        for known, merchant in self._key_digests.items():
            if hmac.compare_digest(known, digest):
                found = merchant
        return found

    # -- reading ------------------------------------------------------------------------------
    def payment(self, payment_id: str) -> SandboxPayment | None:
        found = self.ledger.payment(payment_id)
        return self._expire_if_due(found) if found else None

    def _for_order(self, merchant: SandboxMerchant, order_id: str) -> SandboxPayment | None:
        found = self.ledger.payment_for_order(merchant.merchant_id, order_id)
        return self._expire_if_due(found) if found else None

    def payment_for_order(self, merchant: SandboxMerchant, order_id: str) -> SandboxPayment:
        found = self._for_order(merchant, order_id)
        if found is None:
            raise PaymentNotFound(f"no payment for order {order_id}")
        return found

    def events(self, payment_id: str) -> list[dict[str, Any]]:
        return self.ledger.events(payment_id)

    # -- commands from the merchant API ------------------------------------------------------
    def create_payment(self, merchant: SandboxMerchant, *, order_id: Any, amount: Any, currency: Any,
                       description: Any, return_url: Any, notify_url: Any) -> tuple[SandboxPayment, bool]:
        """The intent for this order; True when it was created now, False when it already existed."""
        if not isinstance(order_id, str) or not ORDER_ID.fullmatch(order_id):
            raise InvalidRequest("order_id is 1-64 letters, digits or _.:-", field="order_id")
        if not isinstance(amount, str):
            raise InvalidRequest("amount is a string with two decimals, e.g. \"20080.00\"", field="amount")
        try:
            value = to_amount(amount)
        except (TypeError, ValueError) as error:
            raise InvalidRequest(str(error), field="amount") from None
        if currency not in CURRENCIES:
            raise InvalidRequest(f"currency must be one of {', '.join(CURRENCIES)}", field="currency")
        if not isinstance(description, str) or not description.strip() or len(description) > MAX_DESCRIPTION:
            raise InvalidRequest(f"description is 1-{MAX_DESCRIPTION} characters", field="description")
        return_url = _check_url(return_url, "return_url")
        notify_url = _check_url(notify_url, "notify_url")
        now = self.clock.now()
        row = {"payment_id": "sbp_" + secrets.token_hex(12), "merchant_id": merchant.merchant_id,
               "order_id": order_id, "amount": format_amount(value), "currency": currency,
               "description": description.strip(), "return_url": return_url, "notify_url": notify_url,
               "status": PaymentStatus.CREATED.value, "seq": 1, "created_at": now.isoformat(),
               "expires_at": (now + self.ttl).isoformat(), "paid_at": None, "closed_at": None, "refund_id": None,
               "refund_reason": None, "refunded_at": None}
        for _ in range(2):  # a lost race on the unique order index means the other request created it
            existing = self._for_order(merchant, order_id)
            if existing is not None:
                if existing.amount != value or existing.currency != currency:
                    raise OrderAmountMismatch(
                        f"order {order_id} was already created for {format_amount(existing.amount)} "
                        f"{existing.currency}; use a new order id for another amount", field="amount")
                return existing, False
            if self.ledger.insert(row):
                return SandboxPayment.from_row(row), True
        raise NotPayable(f"order {order_id} is being created concurrently; retry")  # pragma: no cover

    def refund(self, merchant: SandboxMerchant, *, order_id: Any, amount: Any, reason: Any) -> SandboxPayment:
        if not isinstance(order_id, str) or not ORDER_ID.fullmatch(order_id):
            raise InvalidRequest("order_id is 1-64 letters, digits or _.:-", field="order_id")
        if not isinstance(amount, str):
            raise InvalidRequest("amount is a string with two decimals", field="amount")
        try:
            value = to_amount(amount)
        except (TypeError, ValueError) as error:
            raise InvalidRequest(str(error), field="amount") from None
        if reason is None:
            reason = ""
        if not isinstance(reason, str) or len(reason) > MAX_REASON:
            raise InvalidRequest(f"reason is at most {MAX_REASON} characters", field="reason")
        payment = self.payment_for_order(merchant, order_id)
        if value != payment.amount:
            raise RefundAmountMismatch(f"the sandbox refunds the full amount, {format_amount(payment.amount)}",
                                       field="amount")
        if payment.status is PaymentStatus.REFUNDED:
            return payment  # the refund already happened: the same answer again
        if payment.status is not PaymentStatus.PAID:
            raise NotRefundable(f"order {order_id} is {payment.status.value}, not paid")
        now = self.clock.now()
        done = self._transition(payment.payment_id, PaymentStatus.PAID, PaymentStatus.REFUNDED,
                                refunded_at=now.isoformat(), refund_id="sbr_" + secrets.token_hex(12),
                                refund_reason=reason)
        if done is None:  # lost a race with another refund of the same order
            again = self.payment_for_order(merchant, order_id)
            if again.status is PaymentStatus.REFUNDED:
                return again
            raise NotRefundable(f"order {order_id} is {again.status.value}, not paid")
        return done

    # -- commands from the hosted page ----------------------------------------------------------
    def pay(self, payment_id: str) -> SandboxPayment:
        self.payable(payment_id)
        done = self._transition(payment_id, PaymentStatus.CREATED, PaymentStatus.PAID,
                                paid_at=self.clock.now().isoformat())
        return done or self._refuse(payment_id)

    def cancel(self, payment_id: str) -> SandboxPayment:
        self.payable(payment_id)
        done = self._transition(payment_id, PaymentStatus.CREATED, PaymentStatus.CANCELLED,
                                closed_at=self.clock.now().isoformat())
        return done or self._refuse(payment_id)

    def expire_due(self) -> int:
        """Close every intent past its expiry now (they are also closed lazily when looked at)."""
        closed = [self._expire_if_due(payment) for payment in self.ledger.open_payments()]
        return sum(1 for payment in closed if payment.status is PaymentStatus.EXPIRED)

    def payable(self, payment_id: str) -> SandboxPayment:
        """The payment if it can be paid or cancelled now, else the refusal (not found, expired, already...)."""
        payment = self.payment(payment_id)
        if payment is None:
            raise PaymentNotFound("no such payment")
        if payment.status is not PaymentStatus.CREATED:
            self._refuse(payment_id, payment)
        return payment

    def _refuse(self, payment_id: str, payment: SandboxPayment | None = None) -> NoReturn:
        payment = payment or self.payment(payment_id)
        if payment is None:
            raise PaymentNotFound("no such payment")
        if payment.status is PaymentStatus.EXPIRED:
            raise PaymentExpired("this payment has expired; start again from the merchant")
        raise NotPayable(f"this payment is already {payment.status.value}")

    def _expire_if_due(self, payment: SandboxPayment) -> SandboxPayment:
        if payment.status is not PaymentStatus.CREATED or self.clock.now() < payment.expires_at:
            return payment
        done = self._transition(payment.payment_id, PaymentStatus.CREATED, PaymentStatus.EXPIRED,
                                closed_at=payment.expires_at.isoformat())
        if done is not None:
            return done
        return self.ledger.payment(payment.payment_id) or payment  # someone else moved it first: what they left

    def _transition(self, payment_id: str, source: PaymentStatus, target: PaymentStatus,
                    **columns: str | None) -> SandboxPayment | None:
        """The ledger's conditional move with its callback; the callback is queued once it is committed."""
        moved = self.ledger.transition(payment_id, source, target, **columns)
        if moved is None:
            return None
        payment, event_id = moved
        self.deliveries.enqueue(event_id)
        return payment

    # -- hosted-page form tokens ---------------------------------------------------------------
    def page_token(self, payment_id: str) -> str:
        """A fresh token bound to this payment; the page puts it in a cookie and in the form."""
        nonce = secrets.token_urlsafe(16)
        return f"{nonce}.{self._page_mac(payment_id, nonce)}"

    def check_page_token(self, payment_id: str, form_token: str, cookie_token: str) -> bool:
        if not form_token or not cookie_token or not hmac.compare_digest(form_token.encode(), cookie_token.encode()):
            return False
        nonce, _, mac = form_token.partition(".")
        return bool(nonce and mac) and hmac.compare_digest(mac.encode(), self._page_mac(payment_id, nonce).encode())

    def _page_mac(self, payment_id: str, nonce: str) -> str:
        return hmac.new(self._page_key, f"{payment_id}.{nonce}".encode(), hashlib.sha256).hexdigest()
