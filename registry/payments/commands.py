"""Commands of the Payments application: pay (start at the gateway), apply a verified gateway notice,
re-issue an expired order, and carry out a requested refund at the gateway."""

from __future__ import annotations

from typing import Any, Protocol
from uuid import UUID

from registry.actors import Actor, Role
from registry.commanding import Receipt
from registry.errors import NotFound
from registry.payments.app import ORDER_LIFETIME, Payments
from registry.payments.order import CombinedOrder, OrderNotPayable, UnmatchedCallback
from registry.payments.values import CURRENCY, PaymentNotice
from registry.values import person_key


class UnknownOrder(NotFound):
    code = "unknown_order"


class Gateway(Protocol):
    """What Payments needs from a payment provider (see registry/payments_port.py for the full port)."""

    def create_payment(self, order_id: str, amount: Any, currency: str, description: str, return_url: str,
                       notify_url: str) -> Any: ...

    def refund(self, order_id: str, amount: Any, reason: str) -> Any: ...

    def query(self, order_id: str) -> Any: ...


def order_for_payer(app: Payments, actor: Actor, case_id: str) -> CombinedOrder:
    actor.check_role(Role.APPLICANT)
    order = app.order_of(case_id)
    if order is None or not actor.id_number or order.payer_key != person_key(actor.id_number):
        raise UnknownOrder("there is nothing for you to pay on this case")
    return order


def start_payment(app: Payments, gateway: Gateway, actor: Actor, case_id: str, *, return_url: str,
                  notify_url: str) -> tuple[Receipt, str]:
    """The buyer pays once: returns the gateway's hosted page to redirect to (the same one on a retry)."""
    def command() -> tuple[Receipt, str]:
        order = order_for_payer(app, actor, case_id)
        now = app.clock.now()
        order.check_payable(now)
        if order.gateway_order_id in order.started:
            status = str(gateway.query(order.gateway_order_id).status)
            if status not in ("cancelled", "expired"):
                return Receipt(order.id, None, app.name), order.started[order.gateway_order_id]
            order.abandon_attempt(status, at=now)  # the buyer cancelled or let the page run out: start afresh
        redirect = gateway.create_payment(order.gateway_order_id, order.total, CURRENCY,
                                          f"不动产交易税费及登记费 {case_id[:8]}", return_url, notify_url)
        if str(redirect.status) != "created":
            raise OrderNotPayable(f"the gateway says this attempt is {redirect.status}; ask for a re-issue")
        order.start_payment(gateway_payment_id=redirect.payment_id, redirect_url=redirect.redirect_url, at=now)
        return app.commit(order), redirect.redirect_url

    return app.retrying(command)


def record_notice(app: Payments, notice: PaymentNotice) -> tuple[Receipt | None, str]:
    """Apply a callback the gateway adapter has verified; duplicates change nothing."""
    def command() -> tuple[Receipt | None, str]:
        order_uuid = notice.gateway_order_id.rsplit("-", 1)[0]
        order = _order_by_hex(app, order_uuid)
        if order is None:
            unmatched_id = UnmatchedCallback.create_id(notice, "", app.clock.now())
            if app.exists(unmatched_id):
                return None, "duplicate"
            return app.commit(UnmatchedCallback(notice=notice, reason="unknown_order", at=app.clock.now())), \
                "unknown_order"
        outcome = order.receive(notice, app.clock.now())
        if outcome == "duplicate":
            return None, outcome
        return app.commit(order), outcome

    return app.retrying(command)


def _order_by_hex(app: Payments, hex_id: str) -> CombinedOrder | None:
    try:
        order_id = UUID(hex=hex_id)
    except ValueError:
        return None
    return app.repository.get(order_id) if app.exists(order_id) else None


def reissue_order(app: Payments, actor: Actor, case_id: str) -> Receipt:
    def command() -> Receipt:
        order = order_for_payer(app, actor, case_id)
        now = app.clock.now()
        order.reissue(now + ORDER_LIFETIME, at=now)
        return app.commit(order)

    return app.retrying(command)


def notice_from(callback: Any) -> PaymentNotice:
    """The verified callback in the domain's terms."""
    return PaymentNotice(event_id=callback.event_id, gateway_order_id=callback.order_id,
                         gateway_payment_id=callback.payment_id, status=str(callback.status),
                         amount=callback.amount, currency=callback.currency, paid_at=callback.paid_at,
                         sequence=callback.sequence)


def carry_out_refund(app: Payments, gateway: Gateway, order_id: Any) -> bool:
    """Ask the gateway to refund; its signed 'refunded' callback then records the reversal postings."""
    order = app.repository.get(order_id)
    if order.state.value != "refund_requested":
        return False
    gateway.refund(order.gateway_order_id, order.total, "registration refused")
    return True




class CarryOutRefunds:
    """Worker policy on the Payments log: a refund the Payments application asked for is carried out
    at the gateway; the gateway's signed 'refunded' callback then records the reversal postings.
    A gateway outage raises, so the worker tries the same event again later."""

    name = "carry_out_refunds"

    def __init__(self, app: Payments, gateway: Gateway) -> None:
        self.app = app
        self.gateway = gateway

    def process(self, event: Any, notification_id: int = 0) -> bool:
        if type(event).__name__ != "RefundRequested":
            return False
        return carry_out_refund(self.app, self.gateway, event.originator_id)
