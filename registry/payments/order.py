"""One order per transfer case, in parts: each party pays its own taxes.

The seller's part holds VAT, surcharges and income tax; the buyer's the deed tax and the registration fee
(paid by the right-holder per the fee notice). Each part is paid separately at the gateway under its own
merchant order id, and cleared to its accounts when its payment is confirmed; the order is cleared, and
the case goes to the registrar, only when every part is. A part with nothing to pay does not exist.

A gateway callback is accepted only if it matches its part exactly (current attempt, amount, currency,
before expiry, in order); anything else is recorded as a flag for finance staff, never silently accepted.
A duplicate changes nothing.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from eventsourcing.domain import Aggregate, event

from events import payments as payment_events
from registry.kernel import ids
from registry.kernel.errors import Conflict
from registry.payments.parts import OrderParts
from registry.payments.rules import check_lines, total_of, upcast_v1_snapshot, why_paid_notice_is_refused
from registry.payments.values import (
    CURRENCY,
    PAYER_ROLES,
    OrderLine,
    OrderPayer,
    OrderState,
    PaymentNotice,
    Posting,
    clearing_postings,
    reversal,
)


class OrderNotPayable(Conflict):
    code = "order_not_payable"


class CombinedOrder(OrderParts, Aggregate):
    TOPIC = "payments.order"
    class_version = 2  # snapshots of v1 orders (one payer) are upcast below
    Created = payment_events.Placed
    Revised = payment_events.Revised
    PaymentStarted = payment_events.PaymentStarted
    PartPaid = payment_events.PartPaid
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
    def place(cls, *, case_id: str, assessment_id: str, registry: str, payers: list[OrderPayer],
              lines: list[OrderLine], expires_at: datetime, at: datetime,
              settled_by_court: list[OrderLine] = ()) -> CombinedOrder:
        check_lines(lines, {p.role for p in payers})
        return cls(case_id=case_id, assessment_id=assessment_id, registry=registry, payers=list(payers),
                   lines=list(lines), settled_by_court=list(settled_by_court), total=total_of(lines),
                   currency=CURRENCY, expires_at=expires_at, at=at)

    @event(Created)
    def __init__(self, case_id: str, assessment_id: str, registry: str, payers: list[OrderPayer],
                 lines: list[OrderLine], settled_by_court: list[OrderLine], total: Decimal, currency: str,
                 expires_at: datetime, at: datetime) -> None:
        self.case_id = case_id
        self.registry = registry
        self.payers = {p.role: p for p in payers}
        self.lines: list[OrderLine] = []
        self.settled_by_court = list(settled_by_court)
        self.total = total
        self.expires_at = expires_at
        self.state = OrderState.OPEN
        self.parts: dict[str, OrderState] = {}  # payer → the part's own state (open, cleared, refund ...)
        self.attempts: dict[str, int] = {}
        self.part_postings: dict[str, list[Posting]] = {}
        self.receipts: dict[str, str] = {}
        self.started: dict[str, str] = {}  # gateway order id → redirect URL
        self.seen_events: list[str] = []
        self.sequences: dict[str, int] = {}  # per gateway order id: the provider counts per payment
        self.receipt_number = ""
        self._set_lines(lines)

    @staticmethod
    def upcast_v1_v2(state: dict) -> None:
        """A v1 snapshot: one payer (the first buyer) and one attempt counter for the whole order."""
        upcast_v1_snapshot(state)

    # -- the parts -----------------------------------------------------------------------------
    def _set_lines(self, lines: list[OrderLine]) -> None:
        """Lines change only for parts not yet paid; a new or changed part starts a fresh attempt."""
        self.lines = list(lines)
        for role in PAYER_ROLES:
            owed = self.part_total(role)
            if self.parts.get(role, OrderState.OPEN) is not OrderState.OPEN:
                continue
            if owed:
                self.parts[role] = OrderState.OPEN
                self.attempts[role] = self.attempts.get(role, 0) + 1
            else:
                self.parts.pop(role, None)

    # -- rules ---------------------------------------------------------------------------------
    def check_payable(self, payer: str, now: datetime) -> None:
        if self.state is not OrderState.OPEN:
            raise OrderNotPayable(f"the order is {self.state.value}")
        if self.parts.get(payer) is not OrderState.OPEN:
            raise OrderNotPayable(f"the {payer}'s part is already paid")
        if now >= self.expires_at:
            raise OrderNotPayable("the order has expired; ask for it to be re-issued")

    def why_refused(self, payer: str, notice: PaymentNotice) -> str | None:
        """The rule a 'paid' callback for this part breaks, or None when it settles the part."""
        return why_paid_notice_is_refused(self, payer, notice)

    # -- commands ------------------------------------------------------------------------------
    def revise(self, lines: list[OrderLine], reason: str, at: datetime,
               settled_by_court: list[OrderLine] = ()) -> bool:
        """New lines from an adjusted assessment; a part already paid keeps its lines. False: nothing changed."""
        if self.state is not OrderState.OPEN:
            raise OrderNotPayable(f"the order is {self.state.value}; it can no longer change")
        check_lines(lines, set(self.payers))
        paid = [role for role, state in self.parts.items() if state is not OrderState.OPEN]
        kept = [line for line in self.lines if line.payer in paid]
        lines = kept + [line for line in lines if line.payer not in paid]
        if lines == self.lines and list(settled_by_court) == self.settled_by_court:
            return False
        self._revised(lines=lines, settled_by_court=list(settled_by_court), total=total_of(lines), reason=reason,
                      at=at)
        self._clear_when_every_part_is_paid(at)  # the part left unpaid was adjusted to nothing
        return True

    @event(Revised)
    def _revised(self, lines: list[OrderLine], settled_by_court: list[OrderLine], total: Decimal, reason: str,
                 at: datetime) -> None:
        self.total, self.settled_by_court = total, list(settled_by_court)
        self._set_lines(lines)

    def start_payment(self, payer: str, *, gateway_payment_id: str, redirect_url: str, at: datetime) -> None:
        self.check_payable(payer, at)
        if self.gateway_order_id(payer) not in self.started:
            self._payment_started(payer=payer, gateway_order_id=self.gateway_order_id(payer),
                                  gateway_payment_id=gateway_payment_id, redirect_url=redirect_url, at=at)

    @event(PaymentStarted)
    def _payment_started(self, payer: str, gateway_order_id: str, gateway_payment_id: str, redirect_url: str,
                         at: datetime) -> None:
        self.started[gateway_order_id] = redirect_url

    def abandon_attempt(self, payer: str, gateway_status: str, at: datetime) -> None:
        self.check_payable(payer, at)
        self._attempt_abandoned(payer=payer, gateway_order_id=self.gateway_order_id(payer),
                                gateway_status=gateway_status, at=at)

    @event(AttemptAbandoned)
    def _attempt_abandoned(self, payer: str, gateway_order_id: str, gateway_status: str, at: datetime) -> None:
        self.attempts[payer] += 1

    def cancel(self, reason: str, at: datetime) -> bool:
        """Withdrawn before anyone paid: nothing is owed. Once a part is paid, withdrawal is a refund."""
        if self.state is not OrderState.OPEN or self.paid_parts():
            return False
        self._cancelled(reason=reason, at=at)
        return True

    @event(Cancelled)
    def _cancelled(self, reason: str, at: datetime) -> None:
        self.state = OrderState.CANCELLED

    def paid_parts(self) -> list[str]:
        return [role for role in PAYER_ROLES if self.parts.get(role) is OrderState.CLEARED]

    def receive(self, notice: PaymentNotice, at: datetime) -> str:
        """Apply a verified callback; returns what happened: settled, refunded, duplicate or the flag."""
        if notice.event_id in self.seen_events:
            return "duplicate"
        payer = self.part_named_by(notice.gateway_order_id)
        if payer is None:
            refused = "stale_attempt"  # names no part of this order
        elif notice.status == "paid":
            if self.parts[payer] is not OrderState.OPEN and notice.gateway_order_id == self.gateway_order_id(payer) \
                    and notice.amount == self.part_total(payer):
                return "duplicate"  # the same payment told twice under another event id
            refused = self.why_refused(payer, notice)
            if refused is None:
                self._settle(payer, notice, at)
                return "settled"
        elif notice.status in ("cancelled", "expired"):
            if notice.gateway_order_id == self.gateway_order_id(payer) and self.state is OrderState.OPEN \
                    and self.parts[payer] is OrderState.OPEN:
                self._attempt_abandoned(payer=payer, gateway_order_id=notice.gateway_order_id,
                                        gateway_status=notice.status, at=at)
                return "attempt_abandoned"
            return "duplicate"
        elif notice.status == "refunded":
            expected = self.parts[payer] is OrderState.REFUND_REQUESTED and notice.amount == self.part_total(payer)
            refused = None if expected else "unexpected_refund"
            if refused is None:
                self._refunded(payer=payer, notice=notice, postings=reversal(self.part_postings[payer]), at=at)
                return "refunded"
        else:
            refused = f"unexpected_status_{notice.status}"
        self._flagged(notice=notice, reason=refused, at=at)
        return refused

    def _settle(self, payer: str, notice: PaymentNotice, at: datetime) -> None:
        lines = self.part_lines(payer)
        receipt = f"RC{at:%Y%m%d}{self.id.hex[:10].upper()}{payer[0].upper()}"
        self._part_paid(case_id=self.case_id, payer=payer, notice=notice,
                        postings=clearing_postings(lines, total_of(lines)), receipt_number=receipt, at=at)
        self._clear_when_every_part_is_paid(at)

    def _clear_when_every_part_is_paid(self, at: datetime) -> None:
        if self.parts and all(state is OrderState.CLEARED for state in self.parts.values()):
            self._paid(case_id=self.case_id, notice=None, postings=[],
                       receipt_number=f"RC{at:%Y%m%d}{self.id.hex[:10].upper()}", receipts=dict(self.receipts), at=at)

    @event(PartPaid)
    def _part_paid(self, case_id: str, payer: str, notice: PaymentNotice, postings: list[Posting],
                   receipt_number: str, at: datetime) -> None:
        self.parts[payer] = OrderState.CLEARED
        self.part_postings[payer] = list(postings)
        self.receipts[payer] = receipt_number
        self.seen_events.append(notice.event_id)
        self._saw(notice)

    @event(Paid)
    def _paid(self, case_id: str, notice: PaymentNotice | None, postings: list[Posting], receipt_number: str,
              receipts: dict[str, str], at: datetime) -> None:
        if notice is not None:  # a v1 order: its one payment and the clearing were this one event
            self._v1_paid(notice, postings, receipt_number)
        self.state = OrderState.CLEARED
        self.receipt_number = receipt_number

    def _v1_paid(self, notice: PaymentNotice, postings: list[Posting], receipt_number: str) -> None:
        self.parts["buyer"] = OrderState.CLEARED
        self.part_postings["buyer"] = list(postings)
        self.receipts["buyer"] = receipt_number
        self.seen_events.append(notice.event_id)
        self._saw(notice)

    @event(Refunded)
    def _refunded(self, payer: str, notice: PaymentNotice, postings: list[Posting], at: datetime) -> None:
        self.parts[payer] = OrderState.REFUNDED
        if OrderState.REFUND_REQUESTED not in self.parts.values():
            self.state = OrderState.REFUNDED
        self.seen_events.append(notice.event_id)
        self._saw(notice)

    @event(CallbackFlagged)
    def _flagged(self, notice: PaymentNotice, reason: str, at: datetime) -> None:
        self.seen_events.append(notice.event_id)
        self._saw(notice)

    def _saw(self, notice: PaymentNotice) -> None:
        previous = self.sequences.get(notice.gateway_order_id, 0)
        self.sequences[notice.gateway_order_id] = max(previous, notice.sequence)

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
        for role, state in self.parts.items():
            if state is OrderState.OPEN:
                self.attempts[role] += 1

    def request_refund(self, reason: str, at: datetime) -> bool:
        """Every paid part goes back to its payer (the case was rejected, or withdrawn after a payment)."""
        paid = self.paid_parts()
        if not paid or self.state not in (OrderState.OPEN, OrderState.CLEARED, OrderState.EXPIRED):
            return False
        self._refund_requested(payers=paid, reason=reason, at=at)
        return True

    @event(RefundRequested)
    def _refund_requested(self, payers: list[str], reason: str, at: datetime) -> None:
        self.state = OrderState.REFUND_REQUESTED
        for role in list(self.parts):
            self.parts[role] = OrderState.REFUND_REQUESTED if role in payers else OrderState.CANCELLED
