"""Events of a combined tax-and-fee order and of a callback nobody could match."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from eventsourcing.domain import Aggregate

from registry.payments.values import OrderLine, PaymentNotice, Posting


class Placed(Aggregate.Created):
    TOPIC = "payments.order.Placed"
    case_id: str
    assessment_id: str
    registry: str
    payer_name: str
    payer_key: str
    lines: list[OrderLine]
    total: Decimal
    currency: str
    expires_at: datetime
    at: datetime


class Revised(Aggregate.Event):
    """The tax bureau adjusted the assessment before payment: new lines and total."""

    TOPIC = "payments.order.Revised"
    lines: list[OrderLine]
    total: Decimal
    reason: str
    at: datetime


class PaymentStarted(Aggregate.Event):
    TOPIC = "payments.order.PaymentStarted"
    gateway_order_id: str
    gateway_payment_id: str
    redirect_url: str
    at: datetime


class Paid(Aggregate.Event):
    """Paid once and cleared in the same event: the postings balance by construction."""

    TOPIC = "payments.order.Paid"
    case_id: str
    notice: PaymentNotice
    postings: list[Posting]
    receipt_number: str
    at: datetime


class Expired(Aggregate.Event):
    TOPIC = "payments.order.Expired"
    at: datetime


class Reissued(Aggregate.Event):
    TOPIC = "payments.order.Reissued"
    expires_at: datetime
    at: datetime


class AttemptAbandoned(Aggregate.Event):
    """The provider's page for this attempt was cancelled or ran out: the next payment starts afresh."""

    TOPIC = "payments.order.AttemptAbandoned"
    gateway_order_id: str
    gateway_status: str
    at: datetime


class Cancelled(Aggregate.Event):
    """The case was withdrawn before payment: nothing is owed any more."""

    TOPIC = "payments.order.Cancelled"
    reason: str
    at: datetime


class CallbackFlagged(Aggregate.Event):
    """A callback the order refused (wrong amount, after expiry, out of order): for finance staff."""

    TOPIC = "payments.order.CallbackFlagged"
    notice: PaymentNotice
    reason: str
    at: datetime


class RefundRequested(Aggregate.Event):
    TOPIC = "payments.order.RefundRequested"
    reason: str
    at: datetime


class Refunded(Aggregate.Event):
    TOPIC = "payments.order.Refunded"
    notice: PaymentNotice
    postings: list[Posting]
    at: datetime


class UnmatchedReceived(Aggregate.Created):
    """A verified callback for an order the platform does not know."""

    TOPIC = "payments.unmatched.Received"
    notice: PaymentNotice
    reason: str
    at: datetime
