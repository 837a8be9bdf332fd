"""One combined order per transfer case: every tax and the registration fee, paid once.

A gateway callback is accepted only if it matches the order exactly (current attempt, amount,
currency, before expiry, in order); anything else is recorded as a flag for finance staff, never
silently accepted. A duplicate changes nothing.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from eventsourcing.domain import Aggregate, event

from events import payments as payment_events
from registry import ids
from registry.errors import Conflict, InvalidValue
from registry.payments.values import (
    CURRENCY,
    OrderLine,
    OrderState,
    PaymentNotice,
    Posting,
    clearing_postings,
    reversal,
)


class OrderNotPayable(Conflict):
    code = "order_not_payable"


class CombinedOrder(Aggregate):
    TOPIC = "payments.order"
    Created = payment_events.Placed
    Revised = payment_events.Revised
    PaymentStarted = payment_events.PaymentStarted
    Paid = payment_events.Paid
    Expired = payment_events.Expired
    Reissued = payment_events.Reissued
    CallbackFlagged = payment_events.CallbackFlagged
    AttemptAbandoned = payment_events.AttemptAbandoned
    Cancelled = payment_events.Cancelled
    RefundRequested = payment_events.RefundRequested
    Refunded = payment_events.Refunded

    @staticmethod
    def create_id(case_id: str):  # noqa: ANN205
        return ids.order_id(case_id)

    @classmethod
    def place(cls, *, case_id: str, assessment_id: str, registry: str, payer_name: str, payer_key: str,
              lines: list[OrderLine], expires_at: datetime, at: datetime) -> CombinedOrder:
        check_lines(lines)
        return cls(case_id=case_id, assessment_id=assessment_id, registry=registry, payer_name=payer_name,
                   payer_key=payer_key, lines=list(lines), total=total_of(lines), currency=CURRENCY,
                   expires_at=expires_at, at=at)

    @event(Created)
    def __init__(self, case_id: str, assessment_id: str, registry: str, payer_name: str, payer_key: str,
                 lines: list[OrderLine], total: Decimal, currency: str, expires_at: datetime, at: datetime) -> None:
        self.case_id = case_id
        self.registry = registry
        self.payer_key = payer_key
        self.lines = list(lines)
        self.total = total
        self.expires_at = expires_at
        self.state = OrderState.OPEN
        self.attempt = 1
        self.started: dict[str, str] = {}  # gateway order id → redirect URL
        self.seen_events: list[str] = []
        self.sequences: dict[str, int] = {}  # per gateway order id: the provider counts per payment
        self.postings: list[Posting] = []
        self.receipt_number = ""

    @property
    def gateway_order_id(self) -> str:
        """A fresh merchant order id per attempt: the gateway binds an order id to one amount."""
        return f"{self.id.hex}-{self.attempt}"

    # -- rules ---------------------------------------------------------------------------------
    def check_payable(self, now: datetime) -> None:
        if self.state is not OrderState.OPEN:
            raise OrderNotPayable(f"the order is {self.state.value}")
        if now >= self.expires_at:
            raise OrderNotPayable("the order has expired; ask for it to be re-issued")

    def why_refused(self, notice: PaymentNotice) -> str | None:
        """The rule a 'paid' callback breaks, or None when it settles this order."""
        if notice.gateway_order_id != self.gateway_order_id:
            return "stale_attempt"
        if notice.currency != CURRENCY:
            return "wrong_currency"
        if notice.amount != self.total:
            return "wrong_amount"
        if notice.sequence <= self.sequences.get(notice.gateway_order_id, 0):
            return "out_of_order"
        if self.state is OrderState.EXPIRED or (notice.paid_at and notice.paid_at >= self.expires_at):
            return "after_expiry"
        if self.state is not OrderState.OPEN:
            return f"order_{self.state.value}"
        return None

    # -- commands ------------------------------------------------------------------------------
    def revise(self, lines: list[OrderLine], reason: str, at: datetime) -> None:
        if self.state is not OrderState.OPEN:
            raise OrderNotPayable(f"the order is {self.state.value}; it can no longer change")
        check_lines(lines)
        self._revised(lines=list(lines), total=total_of(lines), reason=reason, at=at)

    @event(Revised)
    def _revised(self, lines: list[OrderLine], total: Decimal, reason: str, at: datetime) -> None:
        self.lines, self.total = list(lines), total
        self.attempt += 1

    def start_payment(self, *, gateway_payment_id: str, redirect_url: str, at: datetime) -> None:
        self.check_payable(at)
        if self.gateway_order_id not in self.started:
            self._payment_started(gateway_order_id=self.gateway_order_id, gateway_payment_id=gateway_payment_id,
                                  redirect_url=redirect_url, at=at)

    @event(PaymentStarted)
    def _payment_started(self, gateway_order_id: str, gateway_payment_id: str, redirect_url: str,
                         at: datetime) -> None:
        self.started[gateway_order_id] = redirect_url

    def _saw(self, notice: PaymentNotice) -> None:
        previous = self.sequences.get(notice.gateway_order_id, 0)
        self.sequences[notice.gateway_order_id] = max(previous, notice.sequence)

    def abandon_attempt(self, gateway_status: str, at: datetime) -> None:
        self.check_payable(at)
        self._attempt_abandoned(gateway_order_id=self.gateway_order_id, gateway_status=gateway_status, at=at)

    @event(AttemptAbandoned)
    def _attempt_abandoned(self, gateway_order_id: str, gateway_status: str, at: datetime) -> None:
        self.attempt += 1

    def cancel(self, reason: str, at: datetime) -> bool:
        if self.state is not OrderState.OPEN:
            return False
        self._cancelled(reason=reason, at=at)
        return True

    @event(Cancelled)
    def _cancelled(self, reason: str, at: datetime) -> None:
        self.state = OrderState.CANCELLED

    def receive(self, notice: PaymentNotice, at: datetime) -> str:
        """Apply a verified callback; returns what happened: settled, refunded, duplicate or the flag."""
        if notice.event_id in self.seen_events:
            return "duplicate"
        if notice.status == "paid" and self.state is OrderState.CLEARED and \
                notice.gateway_order_id == self.gateway_order_id and notice.amount == self.total:
            return "duplicate"  # the same payment told twice under another event id
        if notice.status == "paid":
            refused = self.why_refused(notice)
            if refused is None:
                self._paid(case_id=self.case_id, notice=notice, postings=clearing_postings(self.lines, self.total),
                           receipt_number=f"RC{at:%Y%m%d}{self.id.hex[:10].upper()}", at=at)
                return "settled"
        elif notice.status in ("cancelled", "expired"):
            if notice.gateway_order_id == self.gateway_order_id and self.state is OrderState.OPEN:
                self._attempt_abandoned(gateway_order_id=notice.gateway_order_id, gateway_status=notice.status,
                                        at=at)
                return "attempt_abandoned"
            return "duplicate"
        elif notice.status == "refunded":
            refused = None if self.state is OrderState.REFUND_REQUESTED and notice.amount == self.total \
                else "unexpected_refund"
            if refused is None:
                self._refunded(notice=notice, postings=reversal(self.postings), at=at)
                return "refunded"
        else:
            refused = f"unexpected_status_{notice.status}"
        self._flagged(notice=notice, reason=refused, at=at)
        return refused

    @event(Paid)
    def _paid(self, case_id: str, notice: PaymentNotice, postings: list[Posting], receipt_number: str,
              at: datetime) -> None:
        self.state = OrderState.CLEARED
        self.postings = list(postings)
        self.receipt_number = receipt_number
        self.seen_events.append(notice.event_id)
        self._saw(notice)

    @event(Refunded)
    def _refunded(self, notice: PaymentNotice, postings: list[Posting], at: datetime) -> None:
        self.state = OrderState.REFUNDED
        self.seen_events.append(notice.event_id)
        self._saw(notice)

    @event(CallbackFlagged)
    def _flagged(self, notice: PaymentNotice, reason: str, at: datetime) -> None:
        self.seen_events.append(notice.event_id)
        self._saw(notice)

    def expire(self, at: datetime) -> None:
        if self.state is OrderState.OPEN and at >= self.expires_at:
            self._expired(at=at)

    @event(Expired)
    def _expired(self, at: datetime) -> None:
        self.state = OrderState.EXPIRED

    def reissue(self, expires_at: datetime, at: datetime) -> None:
        self.expire(at)
        if self.state is not OrderState.EXPIRED:
            raise OrderNotPayable(f"only an expired order can be re-issued; this one is {self.state.value}")
        self._reissued(expires_at=expires_at, at=at)

    @event(Reissued)
    def _reissued(self, expires_at: datetime, at: datetime) -> None:
        self.state = OrderState.OPEN
        self.expires_at = expires_at
        self.attempt += 1

    def request_refund(self, reason: str, at: datetime) -> bool:
        if self.state is not OrderState.CLEARED:
            return False
        self._refund_requested(reason=reason, at=at)
        return True

    @event(RefundRequested)
    def _refund_requested(self, reason: str, at: datetime) -> None:
        self.state = OrderState.REFUND_REQUESTED


def total_of(lines: list[OrderLine]) -> Decimal:
    return sum((line.amount for line in lines), Decimal("0.00"))


def check_lines(lines: list[OrderLine]) -> None:
    for line in lines:
        if line.amount < 0 or line.amount != line.amount.quantize(Decimal("0.01")):
            raise InvalidValue(f"{line.code}: amounts are non-negative yuan with two decimals", field="lines")


class UnmatchedCallback(Aggregate):
    """A verified callback that names no known order: kept for finance staff, once per event id."""

    TOPIC = "payments.unmatched"
    Created = payment_events.UnmatchedReceived

    @staticmethod
    def create_id(notice: PaymentNotice, reason: str, at: datetime):  # noqa: ANN205
        return ids.unmatched_callback_id(notice.event_id)

    @event(Created)
    def __init__(self, notice: PaymentNotice, reason: str, at: datetime) -> None:
        self.notice = notice
        self.reason = reason
