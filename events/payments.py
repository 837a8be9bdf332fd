"""Events of a case's tax-and-fee order (one part per paying party) and of a callback nobody could match.

v1 orders had one payer, the first buyer, who paid every line; their events are upcast to an order with
one part, the buyer's, holding every line (``OrderLine.payer`` is who pays on the order, so "buyer").
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from eventsourcing.domain import Aggregate

from registry.payments.values import OrderLine, OrderPayer, PaymentNotice, Posting


def _all_paid_by_the_buyer(state: dict) -> None:
    state["lines"] = [replace(line, payer="buyer") for line in state["lines"]]


class Placed(Aggregate.Created):
    """Each party's lines (by ``OrderLine.payer``) make its part; parts are paid separately. On a judicial
    transfer the seller's taxes are not on the order: the court settles them from the auction proceeds
    (``settled_by_court``, shown, never charged)."""

    TOPIC = "payments.order.Placed"
    class_version = 2
    case_id: str
    assessment_id: str
    registry: str
    payers: list[OrderPayer]  # v2: who pays which part (v1: payer_name, payer_key of the one payer)
    lines: list[OrderLine]
    settled_by_court: list[OrderLine]  # v2
    total: Decimal
    currency: str
    expires_at: datetime
    at: datetime

    @staticmethod
    def upcast_v1_v2(state: dict) -> None:
        """v1: the first buyer paid every line under the order's own id (``<order hex>-<attempt>``)."""
        state["payers"] = [OrderPayer("buyer", state.pop("payer_name"), (state.pop("payer_key"),),
                                      state["originator_id"].hex)]
        _all_paid_by_the_buyer(state)
        state["settled_by_court"] = []


class Revised(Aggregate.Event):
    """The tax bureau adjusted the assessment: new lines (each with its payer) for the parts not yet paid."""

    TOPIC = "payments.order.Revised"
    class_version = 2
    lines: list[OrderLine]
    settled_by_court: list[OrderLine]  # v2
    total: Decimal
    reason: str
    at: datetime

    @staticmethod
    def upcast_v1_v2(state: dict) -> None:
        _all_paid_by_the_buyer(state)
        state["settled_by_court"] = []


class PaymentStarted(Aggregate.Event):
    TOPIC = "payments.order.PaymentStarted"
    class_version = 2
    payer: str  # v2: whose part (v1: the buyer's, the only one)
    gateway_order_id: str
    gateway_payment_id: str
    redirect_url: str
    at: datetime

    @staticmethod
    def upcast_v1_v2(state: dict) -> None:
        state["payer"] = "buyer"


class PartPaid(Aggregate.Event):
    """One party paid its part; the part is cleared to its accounts in the same event (balanced postings)."""

    TOPIC = "payments.order.PartPaid"
    case_id: str
    payer: str
    notice: PaymentNotice
    postings: list[Posting]
    receipt_number: str
    at: datetime


class Paid(Aggregate.Event):
    """Every part is paid: the order is cleared and the case may go to the registrar.

    v2 is recorded with the last ``PartPaid``; the postings are on the parts. A v1 ``Paid`` was the one
    payment and its clearing at once: it keeps its ``notice`` and ``postings`` (v2: ``None`` and ``[]``)."""

    TOPIC = "payments.order.Paid"
    class_version = 2
    case_id: str
    notice: PaymentNotice | None
    postings: list[Posting]
    receipt_number: str
    receipts: dict[str, str]  # v2: each part's receipt, by payer
    at: datetime

    @staticmethod
    def upcast_v1_v2(state: dict) -> None:
        state["receipts"] = {"buyer": state["receipt_number"]}


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
    class_version = 2
    payer: str  # v2
    gateway_order_id: str
    gateway_status: str
    at: datetime

    @staticmethod
    def upcast_v1_v2(state: dict) -> None:
        state["payer"] = "buyer"


class Cancelled(Aggregate.Event):
    """The case was withdrawn before anyone paid: nothing is owed any more."""

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
    """The case was rejected or withdrawn after a payment: every paid part goes back to its payer; parts not
    yet paid are owed no more."""

    TOPIC = "payments.order.RefundRequested"
    class_version = 2
    payers: list[str]  # v2: the parts to refund
    reason: str
    at: datetime

    @staticmethod
    def upcast_v1_v2(state: dict) -> None:
        state["payers"] = ["buyer"]


class Refunded(Aggregate.Event):
    """One part's money went back (the gateway's signed notice): its postings reversed."""

    TOPIC = "payments.order.Refunded"
    class_version = 2
    payer: str  # v2
    notice: PaymentNotice
    postings: list[Posting]
    at: datetime

    @staticmethod
    def upcast_v1_v2(state: dict) -> None:
        state["payer"] = "buyer"


class UnmatchedReceived(Aggregate.Created):
    """A verified callback for an order the platform does not know."""

    TOPIC = "payments.unmatched.Received"
    notice: PaymentNotice
    reason: str
    at: datetime
