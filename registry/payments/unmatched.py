"""A verified gateway callback that names no order the platform knows: kept for finance staff."""

from __future__ import annotations

from datetime import datetime

from eventsourcing.domain import Aggregate, event

from events import payments as payment_events
from registry.kernel import ids
from registry.payments.values import PaymentNotice


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
