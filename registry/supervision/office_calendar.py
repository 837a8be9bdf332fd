"""An office's own closures (a typhoon day, a system migration), declared by its supervisor: days that are
not working days for its time limits, on top of the State Council's schedule."""

from __future__ import annotations

from datetime import date, datetime

from eventsourcing.domain import Aggregate, event

from events import supervision as supervision_events
from registry.kernel import ids
from registry.kernel.errors import InvalidValue, ReasonRequired
from registry.kernel.working_time import WorkingCalendar

MAX_REASON = 200


class OfficeCalendar(Aggregate):
    TOPIC = "supervision.office_calendar"
    Created = supervision_events.CalendarOpened
    ClosureDeclared = supervision_events.ClosureDeclared

    @staticmethod
    def create_id(registry: str):  # noqa: ANN205
        return ids.office_calendar_id(registry)

    @event(Created)
    def __init__(self, registry: str, at: datetime) -> None:
        self.registry = registry
        self.closures: dict[date, str] = {}

    def declare_closure(self, *, day: date, reason: str, by: str, at: datetime, calendar: WorkingCalendar) -> bool:
        """False when the office is already closed that day."""
        if not reason.strip():
            raise ReasonRequired("say why the office closes", field="reason")
        if len(reason) > MAX_REASON:
            raise InvalidValue(f"the reason is at most {MAX_REASON} characters", field="reason")
        if day < at.astimezone(calendar.tz).date():
            raise InvalidValue("a closure is declared for today or a later day, not for the past", field="day")
        if day in self.closures:
            return False
        if not calendar.is_working_day(day):
            raise InvalidValue(f"{day} is not a working day anyway", field="day")
        self._closure_declared(day=day, reason=reason.strip(), by=by, at=at)
        return True

    @event(ClosureDeclared)
    def _closure_declared(self, day: date, reason: str, by: str, at: datetime) -> None:
        self.closures = {**self.closures, day: reason}
