"""The payment gateway port: what the Payments domain needs from a payment provider.

Each party pays its own part of a case's order (the seller VAT, surcharges and income tax; the buyer
the deed tax and the registration fee): each part is a payment of its own at the provider, under its own
merchant order id. The platform creates the payment for a part, redirects that party to the provider's
hosted page, and learns the outcome from a signed callback (``parse_callback``) or by asking
(``query``). Standard library only.

Money is ``Decimal`` with exactly two places, never float; on the wire amounts travel as strings
("20080.00"). Callbacks are verified before anything in them is believed: a bad or missing
signature or an unknown key id is ``ForgedCallback``, a timestamp more than five minutes from
``now`` is ``StaleCallback``, anything unparseable is ``MalformedCallback``. Delivery is
at-least-once and unordered: de-duplicate on ``Callback.event_id`` and ignore a callback whose
``sequence`` is not above the last one applied for that order.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Protocol, runtime_checkable

CENT = Decimal("0.01")
CALLBACK_TOLERANCE = timedelta(minutes=5)
MAX_AMOUNT = Decimal("999999999999.99")
AMOUNT_TEXT = re.compile(r"^(0|[1-9][0-9]{0,11})(\.[0-9]{1,2})?$")  # the only string form accepted: "20080.00"


class PaymentStatus(StrEnum):
    CREATED = "created"
    PAID = "paid"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"
    EXPIRED = "expired"


def to_amount(value: Decimal | str) -> Decimal:
    """An amount of money: a positive Decimal (or its string) with at most two places, as 2 places.

    Floats are refused outright: ``to_amount(0.1)`` is a TypeError, not 0.10. A string is plain
    decimal notation ("20080", "20080.5", "20080.00"); no sign, exponent, spaces or separators.
    """
    if isinstance(value, bool) or not isinstance(value, Decimal | str):
        raise TypeError(f"an amount is a Decimal or a string, not {type(value).__name__}")
    if isinstance(value, str) and not AMOUNT_TEXT.fullmatch(value):
        raise ValueError(f"an amount is written like 20080.00: {value!r}")
    try:
        amount = Decimal(value) if isinstance(value, str) else value
    except InvalidOperation:  # pragma: no cover - the pattern lets only plain decimals through
        raise ValueError(f"not an amount: {value!r}") from None
    if not amount.is_finite() or amount <= 0 or amount > MAX_AMOUNT:
        raise ValueError(f"an amount is positive and at most {MAX_AMOUNT}: {value!r}")
    if amount != amount.quantize(CENT):
        raise ValueError(f"an amount has at most two decimal places: {value!r}")
    return amount.quantize(CENT)


def format_amount(amount: Decimal) -> str:
    """The wire form: always two places, no exponent ("20080.00")."""
    return f"{to_amount(amount):.2f}"


# -- values ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PaymentRedirect:
    """A payment the gateway created (or already had) for an order; send the buyer to ``redirect_url``."""

    payment_id: str
    redirect_url: str
    status: PaymentStatus = PaymentStatus.CREATED
    expires_at: datetime | None = None


@dataclass(frozen=True)
class GatewayStatus:
    order_id: str
    payment_id: str
    status: PaymentStatus
    amount: Decimal
    currency: str
    paid_at: datetime | None
    refunded_at: datetime | None = None
    expires_at: datetime | None = None


@dataclass(frozen=True)
class RefundResult:
    order_id: str
    payment_id: str
    refund_id: str
    amount: Decimal
    currency: str
    refunded_at: datetime


@dataclass(frozen=True)
class Callback:
    """A verified notification. ``sequence`` grows by one per state change of the payment."""

    event_id: str
    order_id: str
    payment_id: str
    status: PaymentStatus
    amount: Decimal
    currency: str
    paid_at: datetime | None
    sequence: int
    occurred_at: datetime | None = None
    refunded_at: datetime | None = None


# -- errors ------------------------------------------------------------------------------------
class GatewayError(Exception):
    """Something the gateway refused or could not do. ``code`` is the gateway's stable name."""

    code = "gateway_error"

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.status = status


class GatewayUnavailable(GatewayError):
    """Network failure, timeout or a 5xx: the request may or may not have taken effect; retry it."""

    code = "gateway_unavailable"


class GatewayRejected(GatewayError):
    """The gateway understood the request and said no (4xx)."""

    code = "gateway_rejected"


class OrderConflict(GatewayRejected):
    """The order id is already used with another amount or currency, or the order is not refundable."""

    code = "order_conflict"


class UnknownOrder(GatewayRejected):
    code = "unknown_order"


class CallbackError(GatewayError):
    """A callback that must not be acted on; answer it with a 4xx."""

    code = "callback_rejected"


class ForgedCallback(CallbackError):
    """Missing or wrong signature, or a key id this platform does not know."""

    code = "forged_callback"


class StaleCallback(CallbackError):
    """Signed correctly but the timestamp is outside the tolerance (a replay or a badly skewed clock)."""

    code = "stale_callback"


class MalformedCallback(CallbackError):
    code = "malformed_callback"


# -- the port ----------------------------------------------------------------------------------
@runtime_checkable
class PaymentGateway(Protocol):
    def create_payment(self, order_id: str, amount: Decimal, currency: str, description: str,
                       return_url: str, notify_url: str) -> PaymentRedirect:
        """Create the payment for an order, idempotently: the same order and amount give the same
        payment; the same order with another amount raises ``OrderConflict``."""

    def query(self, order_id: str) -> GatewayStatus:
        """The gateway's current view of the order's payment; ``UnknownOrder`` if it has none."""

    def refund(self, order_id: str, amount: Decimal, reason: str) -> RefundResult:
        """Refund a paid payment (the full amount); repeating a finished refund returns it again."""

    def parse_callback(self, headers: Mapping[str, str], body: bytes, now: datetime) -> Callback:
        """Verify and decode a callback, or raise ``ForgedCallback``/``StaleCallback``/``MalformedCallback``."""
