"""Events of a case's statutory clock (电子监察). Each carries the instants it computed (the deadline, the office
minutes left), so a rebuilt view needs no calendar and shows what supervisors saw at the time."""

from __future__ import annotations

from datetime import date, datetime

from eventsourcing.domain import Aggregate


class DeadlineSet(Aggregate.Created):
    """The case was accepted (受理): the limit in force that day runs from ``accepted_at``."""

    TOPIC = "supervision.case_clock.DeadlineSet"
    case_id: str
    kind: str
    registry: str
    unit_number: str
    accepted_at: datetime
    working_days: int
    office_minutes: int
    source: str
    due_at: datetime
    budget_minutes: int  # the office minutes from acceptance to the deadline
    parties: list[str]  # who may rate the case once it ends: person keys (never ID numbers) or "bank:<org>"
    at: datetime


class Paused(Aggregate.Event):
    """The case waits on its parties (payment, consent, 补正): the office minutes left are kept."""

    TOPIC = "supervision.case_clock.Paused"
    reason: str
    remaining_minutes: int
    at: datetime


class Resumed(Aggregate.Event):
    TOPIC = "supervision.case_clock.Resumed"
    due_at: datetime
    at: datetime


class Warned(Aggregate.Event):
    """Little time is left before the deadline; the registrar's queue and the supervisor are told once."""

    TOPIC = "supervision.case_clock.Warned"
    due_at: datetime
    remaining_minutes: int
    at: datetime


class Breached(Aggregate.Event):
    """The deadline passed while the case was with the registry (督办)."""

    TOPIC = "supervision.case_clock.Breached"
    due_at: datetime
    at: datetime


class Met(Aggregate.Event):
    """The case ended (registered, rejected, withdrawn, declined) by ``by`` (a registrar, "rule", a party);
    ``late`` when after its deadline."""

    TOPIC = "supervision.case_clock.Met"
    outcome: str
    by: str
    late: bool
    used_minutes: int  # office minutes the registry took, pauses not counted (more than the budget when late)
    at: datetime


class Instructed(Aggregate.Event):
    """督办: a supervisor's instruction on the case (why it is late, what to do by when)."""

    TOPIC = "supervision.case_clock.Instructed"
    by: str
    instruction: str
    at: datetime


class Rated(Aggregate.Event):
    """好差评: a party rated the ended case (1-5 stars); two stars or fewer open a follow-up for the supervisor."""

    TOPIC = "supervision.case_clock.Rated"
    party: str
    stars: int
    comment: str
    follow_up: bool
    at: datetime


class FollowUpClosed(Aggregate.Event):
    """The supervisor followed up a bad rating (called the party, found the cause) and closed it."""

    TOPIC = "supervision.case_clock.FollowUpClosed"
    party: str
    by: str
    note: str
    at: datetime


class CalendarOpened(Aggregate.Created):
    TOPIC = "supervision.office_calendar.Opened"
    registry: str
    at: datetime


class ClosureDeclared(Aggregate.Event):
    """The office is closed on ``day`` (a typhoon, a system migration): not a working day for its time limits."""

    TOPIC = "supervision.office_calendar.ClosureDeclared"
    day: date
    reason: str
    by: str
    at: datetime


class Extended(Aggregate.Event):
    """The office closed on ``closure`` within the clock's time: its deadline moves by that day's office time."""

    TOPIC = "supervision.case_clock.Extended"
    closure: date
    due_at: datetime
    at: datetime
