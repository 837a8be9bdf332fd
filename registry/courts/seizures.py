"""Court seizures (查封, djlx 800, qllx 98) on a unit's page: value objects and the pure rules.

* The first court to serve holds the active seizure, which locks the unit (transfer, mortgage, change).
  Later seizures of the same unit, by any court, are queued (轮候) in order of service (``served_at``;
  ties keep arrival order).
* A term is at most 3 years, counted from its first day inclusive: a term starting 2026-03-16 ends on
  2029-03-15 at the latest (``latest_end``). A renewal (续封, KZCS 12) counts its 3 years from the renewal date.
* A queued seizure's term starts when it becomes active: on the release date when the active one is released
  (KZCS 14), or the day after the lapsed one's last day when it lapses (no gap in the protection). It keeps the
  length the court asked for (requested end − requested start), capped at 3 years from that new start.
* Only the seizing court may renew or release its own seizure. Lapse is a scheduled event, never a lazy check:
  an active seizure whose last day has passed stays in force until ``Unit.lapse`` records it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import Enum

from registry.kernel.errors import (
    InvalidValue,
    NotSeizingCourt,
    SeizureNotActive,
    SeizureNotDue,
    SeizureReferenceTaken,
    SeizureTooLong,
    UnknownSeizure,
)
from registry.kernel.values import Immutable

MAX_YEARS = 3
SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")


class SeizureState(Enum):
    ACTIVE = "active"  # 查封: locks the unit
    QUEUED = "queued"  # 轮候查封: waits for the earlier ones, in order of service
    RELEASED = "released"  # 解除查封 (KZCS 14)
    LAPSED = "lapsed"  # the term ended without renewal


@dataclass(frozen=True)
class Seizure(Immutable):
    """One court's seizure as entered on the page; ``start``/``end`` are the term's first and last day.
    While queued they are the term the court asked for; activation moves them (see the module notes)."""

    reference: str  # the court's case / ruling number, e.g. (2026)闽0102执123号
    court: str  # the court's organisation id
    court_name: str  # as named in errors and to the public
    served_at: datetime  # service on the registry: decides the queue order
    start: date
    end: date
    state: SeizureState
    request_sha256: str = ""  # hash of the signed court request that created it

    @property
    def locks(self) -> bool:
        return self.state is SeizureState.ACTIVE

    def with_changes(self, **changes: object) -> Seizure:
        return replace(self, **changes)

    def activated(self, on: date) -> Seizure:
        """This queued seizure becomes active on ``on``: same length as asked, at most 3 years."""
        end = min(on + (self.end - self.start), latest_end(on))
        return replace(self, start=on, end=end, state=SeizureState.ACTIVE)

    def due_to_lapse(self, today: date) -> bool:
        return self.state is SeizureState.ACTIVE and self.end < today


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a non-leap year
        return day.replace(year=day.year + years, day=28)


def latest_end(first_day: date) -> date:
    """The last day of a term of at most 3 years starting on ``first_day``."""
    return add_years(first_day, MAX_YEARS) - timedelta(days=1)


# -- rules ----------------------------------------------------------------------------------------
def check_request(*, court: str, court_name: str, reference: str, request_sha256: str) -> None:
    for name, value in (("court", court), ("court_name", court_name), ("reference", reference)):
        if not value.strip():
            raise InvalidValue(f"a seizure names its {name}", field=name)
    if not SHA256_HEX.match(request_sha256):
        raise InvalidValue("request_sha256 must be 64 lowercase hex characters", field="request_sha256")


def check_term(start: date, end: date) -> None:
    if end < start:
        raise InvalidValue("the seizure ends before it starts", field="end")
    if end > latest_end(start):
        raise SeizureTooLong(
            f"a seizure lasts at most {MAX_YEARS} years: a term starting {start} ends on {latest_end(start)} "
            f"at the latest, not {end}", field="end", latest_end=latest_end(start).isoformat())


def check_same_reference(existing: Seizure, court: str) -> None:
    if existing.court != court:
        raise SeizureReferenceTaken(
            f"seizure {existing.reference} on this unit belongs to {existing.court_name}", field="reference")


def check_seizing_court(seizure: Seizure, court: str, action: str) -> None:
    if seizure.court != court:
        raise NotSeizingCourt(
            f"only the seizing court {seizure.court_name} may {action} seizure {seizure.reference}",
            field="court", seizing_court=seizure.court, reference=seizure.reference)


def check_renewable(seizure: Seizure, new_end: date, today: date) -> None:
    if seizure.state is not SeizureState.ACTIVE:
        raise SeizureNotActive(
            f"seizure {seizure.reference} is {seizure.state.value}: only an active seizure can be renewed",
            reference=seizure.reference, state=seizure.state.value)
    if today > seizure.end:
        raise SeizureNotActive(
            f"seizure {seizure.reference} ended on {seizure.end}: it lapses and cannot be renewed",
            reference=seizure.reference, state=SeizureState.LAPSED.value)
    if new_end <= seizure.end:
        raise InvalidValue(f"a renewal extends the term beyond {seizure.end}", field="new_end")
    if new_end > latest_end(today):
        raise SeizureTooLong(
            f"a renewal lasts at most {MAX_YEARS} years from the renewal date: {latest_end(today)} at the latest",
            field="new_end", latest_end=latest_end(today).isoformat())


def check_due_to_lapse(seizure: Seizure, today: date) -> None:
    if seizure.state is not SeizureState.ACTIVE:
        raise SeizureNotActive(f"seizure {seizure.reference} is {seizure.state.value}: only an active one lapses",
                               reference=seizure.reference, state=seizure.state.value)
    if not seizure.due_to_lapse(today):
        raise SeizureNotDue(f"seizure {seizure.reference} runs until {seizure.end}: not due to lapse",
                            reference=seizure.reference, end=seizure.end.isoformat())


# -- queries on a page's seizures -----------------------------------------------------------------
def find(seizures: Iterable[Seizure], reference: str) -> Seizure | None:
    return next((s for s in seizures if s.reference == reference), None)


def existing(seizures: Iterable[Seizure], reference: str) -> Seizure:
    found = find(seizures, reference)
    if found is None:
        raise UnknownSeizure(f"no seizure {reference} on this unit", field="reference")
    return found


def active(seizures: Iterable[Seizure]) -> Seizure | None:
    return next((s for s in seizures if s.state is SeizureState.ACTIVE), None)


def queued(seizures: Iterable[Seizure]) -> tuple[Seizure, ...]:
    """The queue in order of service (stable: equal service times keep arrival order)."""
    return tuple(sorted((s for s in seizures if s.state is SeizureState.QUEUED), key=lambda s: s.served_at))


def replaced(seizures: Iterable[Seizure], seizure: Seizure) -> tuple[Seizure, ...]:
    return tuple(seizure if s.reference == seizure.reference else s for s in seizures)
