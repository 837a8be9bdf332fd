"""The order's named rules: valid lines, totals, when a 'paid' callback settles a part, and the shape of a
v1 order (one payer, the first buyer, who paid every line) in today's terms."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from registry.kernel.errors import InvalidValue
from registry.payments.values import CURRENCY, OrderLine, OrderPayer, OrderState, PaymentNotice

if TYPE_CHECKING:
    from registry.payments.order import CombinedOrder


def total_of(lines: list[OrderLine]) -> Decimal:
    return sum((line.amount for line in lines), Decimal("0.00"))


def check_lines(lines: list[OrderLine], payers: set[str]) -> None:
    for line in lines:
        if line.amount < 0 or line.amount != line.amount.quantize(Decimal("0.01")):
            raise InvalidValue(f"{line.code}: amounts are non-negative yuan with two decimals", field="lines")
        if line.amount and line.payer not in payers:
            raise InvalidValue(f"{line.code}: nobody on the order pays the {line.payer}'s lines", field="lines")


def why_paid_notice_is_refused(order: CombinedOrder, payer: str, notice: PaymentNotice) -> str | None:
    """The rule a 'paid' callback for this part breaks (the flag finance staff see), or None."""
    if notice.gateway_order_id != order.gateway_order_id(payer):
        return "stale_attempt"
    if notice.currency != CURRENCY:
        return "wrong_currency"
    if notice.amount != order.part_total(payer):
        return "wrong_amount"
    if notice.sequence <= order.sequences.get(notice.gateway_order_id, 0):
        return "out_of_order"
    if order.state is OrderState.EXPIRED or (notice.paid_at and notice.paid_at >= order.expires_at):
        return "after_expiry"
    if order.state is not OrderState.OPEN:
        return f"order_{order.state.value}"
    return None


def upcast_v1_snapshot(state: dict) -> None:
    """A v1 snapshot's state → parts: the buyer's part holds every line under the order's own id."""
    hex_id = state["_id"].hex
    state["payers"] = {"buyer": OrderPayer("buyer", "", (state.pop("payer_key"),), hex_id)}
    state["lines"] = [OrderLine(x.code, "buyer", x.description, x.amount, x.account) for x in state["lines"]]
    state["settled_by_court"] = []
    paid = state["state"] in (OrderState.CLEARED, OrderState.REFUND_REQUESTED, OrderState.REFUNDED)
    state["parts"] = {"buyer": state["state"] if paid else OrderState.OPEN}
    state["attempts"] = {"buyer": state.pop("attempt")}
    postings = state.pop("postings")
    state["part_postings"] = {"buyer": postings} if postings else {}
    state["receipts"] = {"buyer": state["receipt_number"]} if state["receipt_number"] else {}
