"""Commands of the Payments application: pay one's own part (start at the gateway), apply a verified
gateway notice, re-issue an expired order, and carry out a requested refund of each paid part."""

from __future__ import annotations

from typing import Any, Protocol
from uuid import UUID

from registry.kernel.actors import Actor, Role
from registry.kernel.commanding import Receipt
from registry.kernel.errors import NotFound
from registry.kernel.values import person_key
from registry.payments.app import ORDER_LIFETIME, Payments
from registry.payments.order import CombinedOrder, OrderNotPayable
from registry.payments.unmatched import UnmatchedCallback
from registry.payments.values import CURRENCY, OrderState, PaymentNotice


class UnknownOrder(NotFound):
    code = "unknown_order"


class Gateway(Protocol):
    """What Payments needs from a payment provider (see registry/payments/gateway_port.py for the full port)."""

    def create_payment(self, order_id: str, amount: Any, currency: str, description: str, return_url: str,
                       notify_url: str) -> Any: ...

    def refund(self, order_id: str, amount: Any, reason: str) -> Any: ...

    def query(self, order_id: str) -> Any: ...


PART_DESCRIPTIONS = {"buyer": "买方契税及登记费", "seller": "卖方增值税、附加税费及个人所得税"}


def order_for_payer(app: Payments, actor: Actor, case_id: str, payer: str | None = None
                    ) -> tuple[CombinedOrder, str]:
    """The order and the part this applicant pays: their own (a buyer the buyers', a seller the sellers');
    naming another party's part is answered as if there were nothing to pay."""
    actor.check_role(Role.APPLICANT)
    order = app.order_of(case_id)
    own = order.payer_of(person_key(actor.id_number)) if order is not None and actor.id_number else None
    if own is None or (payer is not None and payer != own):
        raise UnknownOrder("there is nothing for you to pay on this case")
    return order, own


def order_for_party(app: Payments, actor: Actor, case_id: str) -> CombinedOrder:
    """Either party may ask for an expired order to be re-issued."""
    actor.check_role(Role.APPLICANT)
    order = app.order_of(case_id)
    if order is None or not actor.id_number or not order.parties_of(person_key(actor.id_number)):
        raise UnknownOrder("there is nothing for you to pay on this case")
    return order


def start_payment(app: Payments, gateway: Gateway, actor: Actor, case_id: str, *, return_url: str,
                  notify_url: str, payer: str | None = None) -> tuple[Receipt, str]:
    """Each party pays its own part: returns the gateway's hosted page to redirect to (the same on a retry)."""
    def command() -> tuple[Receipt, str]:
        order, part = order_for_payer(app, actor, case_id, payer)
        now = app.clock.now()
        order.check_payable(part, now)
        gateway_order_id = order.gateway_order_id(part)
        if gateway_order_id in order.started:
            status = str(gateway.query(gateway_order_id).status)
            if status not in ("cancelled", "expired"):
                return Receipt(order.id, None, app.name), order.started[gateway_order_id]
            order.abandon_attempt(part, status, at=now)  # cancelled or ran out on the page: start afresh
            gateway_order_id = order.gateway_order_id(part)
        redirect = gateway.create_payment(gateway_order_id, order.part_total(part), CURRENCY,
                                          f"{PART_DESCRIPTIONS[part]} {case_id[:8]}", return_url, notify_url)
        if str(redirect.status) != "created":
            raise OrderNotPayable(f"the gateway says this attempt is {redirect.status}; ask for a re-issue")
        order.start_payment(part, gateway_payment_id=redirect.payment_id, redirect_url=redirect.redirect_url,
                            at=now)
        return app.commit(order), redirect.redirect_url

    return app.retrying(command)


def record_notice(app: Payments, notice: PaymentNotice) -> tuple[Receipt | None, str]:
    """Apply a callback the gateway adapter has verified; duplicates change nothing."""
    def command() -> tuple[Receipt | None, str]:
        order = _order_by_hex(app, notice.gateway_order_id.split("-", 1)[0])
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
        order = order_for_party(app, actor, case_id)
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
    """Ask the gateway to refund each paid part; its signed 'refunded' callbacks record the reversals.
    A part the gateway already refunded is answered again (the port's refund is idempotent)."""
    order = app.repository.get(order_id)
    parts = [role for role, state in order.parts.items() if state is OrderState.REFUND_REQUESTED]
    for part in parts:
        gateway.refund(order.gateway_order_id(part), order.part_total(part), "registration refused")
    return bool(parts)


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
