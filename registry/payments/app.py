"""The Payments application: places one combined order per assessed case, starts the payment at the
gateway, applies verified callbacks, and asks for a refund when a paid case is rejected.

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
from registry.commanding import Commands
from registry.payments.order import CombinedOrder
from registry.payments.values import OrderLine
from registry.ports import Clock

ORDER_LIFETIME = timedelta(days=3)


def order_lines(lines: Iterable[Any]) -> list[OrderLine]:
    """Every assessed line with something to pay, routed to its account."""
    return [OrderLine.for_tax(line.code, line.payer, line.description, line.amount) for line in lines if line.amount]


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

    @policy.register(taxation_events.Issued)
    def _assessed(self, event: taxation_events.Issued, processing_event: Any) -> None:
        if self.order_of(event.case_id) is not None or "refused" in event.facts:
            return
        now = self.clock.now()
        processing_event.collect_events(CombinedOrder.place(
            case_id=event.case_id, assessment_id=str(event.originator_id), registry=event.registry,
            payer_name=event.payer_name, payer_key=event.payer_key, lines=order_lines(event.lines),
            expires_at=now + ORDER_LIFETIME, at=now))

    @policy.register(taxation_events.Adjusted)
    def _adjusted(self, event: taxation_events.Adjusted, processing_event: Any) -> None:
        order = self.order_of(event.case_id)
        if order is not None and order.state.value == "open":
            order.revise(order_lines(event.lines), reason=event.reason, at=self.clock.now())
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
