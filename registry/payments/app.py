"""The Payments application: places one order per assessed case with a part for each paying party,
starts each part's payment at the gateway, applies verified callbacks, and asks for the paid parts to be
refunded when a case is rejected or withdrawn after a payment.

Who pays what: each line's payer in the assessment (VAT, surcharges, income tax: the seller; deed tax and
the registration fee: the buyer, the right-holder). On a judicial transfer (司法拍卖) nobody on the order
pays the seller's taxes: the court settles them from the auction proceeds, so they are kept on the order
as ``settled_by_court`` for everyone to see and never charged (decision 012).

It follows the Taxation log (assessments) and the Registry log (rejections) as a ProcessApplication:
each hand-off is recorded with its tracking position in the same transaction, so it happens once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from functools import singledispatchmethod
from typing import Any
from uuid import UUID

from eventsourcing.system import ProcessApplication

from events import taxation as taxation_events
from events import transfer as transfer_events
from registry.kernel.commanding import Commands
from registry.kernel.ports import Clock
from registry.payments.order import CombinedOrder
from registry.payments.values import PAYER_ROLES, OrderLine, OrderPayer

ORDER_LIFETIME = timedelta(days=3)


def order_lines(lines: Iterable[Any], *, judicial: bool = False) -> tuple[list[OrderLine], list[OrderLine]]:
    """Every assessed line with something to pay, routed to its account, and paid by the party whose tax it
    is; on a judicial transfer the seller's lines are the court's to settle: (payable, settled by the court)."""
    payable = [OrderLine.for_tax(line.code, line.payer, line.description, line.amount) for line in lines
               if line.amount]
    if not judicial:
        return payable, []
    return [x for x in payable if x.payer != "seller"], [x for x in payable if x.payer == "seller"]


def order_payers(order_id: UUID, payers: Mapping[str, Mapping[str, Any]], *, judicial: bool) -> list[OrderPayer]:
    """The parties that pay on the order; at a judicial auction the former owner pays nothing here."""
    return [OrderPayer(role, payers[role]["name"], tuple(payers[role]["keys"]), f"{order_id.hex}-{role}")
            for role in PAYER_ROLES if role in payers and not (judicial and role == "seller")]


def is_judicial(facts: Mapping[str, Any]) -> bool:
    return "judicial_auction" in facts


class Payments(Commands, ProcessApplication):
    name = "payments"
    snapshotting_intervals = {CombinedOrder: 20}
    pull_section_size = 500
    log_section_size = 500
    env = {"AGGREGATE_CACHE_MAXSIZE": "2000"}

    def __init__(self, *, clock: Clock, transcodings: Iterable[Any] = (), env: Mapping[str, str] | None = None):
        self.clock = clock
        self._transcodings = list(transcodings)
        super().__init__(env=env)

    def order_of(self, case_id: str) -> CombinedOrder | None:
        order_id = CombinedOrder.create_id(case_id)
        return self.repository.get(order_id) if self.exists(order_id) else None

    @singledispatchmethod
    def policy(self, domain_event: Any, processing_event: Any) -> None:
        """Events of other kinds need nothing from Payments."""

    @policy.register(taxation_events.Released)
    def _assessed(self, event: taxation_events.Released, processing_event: Any) -> None:
        """Placed only once Taxation released the assessment (confirmed by rule, or by the officer when a
        declaration needed one): never for an assessment that could not be computed (decision 011)."""
        if self.order_of(event.case_id) is not None:
            self._adjusted(event, processing_event)  # released again after a correction: the fresh lines
            return
        now, judicial = self.clock.now(), is_judicial(event.facts)
        lines, settled_by_court = order_lines(event.lines, judicial=judicial)
        processing_event.collect_events(CombinedOrder.place(
            case_id=event.case_id, assessment_id=str(event.originator_id), registry=event.registry,
            payers=order_payers(CombinedOrder.create_id(event.case_id), event.payers, judicial=judicial),
            lines=lines, settled_by_court=settled_by_court, expires_at=now + ORDER_LIFETIME, at=now))

    @policy.register(taxation_events.Adjusted)
    def _adjusted(self, event: taxation_events.Adjusted, processing_event: Any) -> None:
        """Adjusted lines reach the parts not yet paid (the assessment closes once anyone has paid)."""
        order = self.order_of(event.case_id)
        if order is not None and order.state.value == "open":
            lines, settled_by_court = order_lines(event.lines, judicial="seller" not in order.payers)
            if order.revise(lines, reason=event.reason, at=self.clock.now(), settled_by_court=settled_by_court):
                processing_event.collect_events(order)

    @policy.register(transfer_events.Rejected)
    def _case_rejected(self, event: transfer_events.Rejected, processing_event: Any) -> None:
        order = self.order_of(str(event.originator_id))
        if order is not None and order.request_refund(f"case rejected: {event.reason}", self.clock.now()):
            processing_event.collect_events(order)

    @policy.register(transfer_events.Withdrawn)
    def _case_withdrawn(self, event: transfer_events.Withdrawn, processing_event: Any) -> None:
        """Withdrawn before payment: the order is cancelled; after payment: the money goes back."""
        order = self.order_of(str(event.originator_id))
        if order is None:
            return
        now = self.clock.now()
        if order.cancel("case withdrawn", now) or order.request_refund("case withdrawn", now):
            processing_event.collect_events(order)

    def get_order(self, order_id: UUID) -> CombinedOrder:
        return self.repository.get(order_id)
