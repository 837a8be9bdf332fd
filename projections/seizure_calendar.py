"""The seizure calendar: when each court seizure lapses unless renewed, kept as a view for the lapse scheduler.

One row per seizure on a unit. An active seizure lapses on the day after its last day (``lapses_on``); a queued
one has no date until it becomes active (its term starts then); a renewal moves the date; a released one never
lapses (``lapses_on`` cleared); a lapsed one keeps the day it ceased to bind. The scheduler asks ``due(today)``
and lapses each row through the Unit, which is the authority: a row that is stale is refused there and harmless.
Seizure events do not carry the unit number, so the view keeps its own unit id → number table.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import singledispatchmethod
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, Index, Integer, MetaData, Table, Text

from events import unit as unit_events
from projections.base import Projection, creates, insert, timestamp

if TYPE_CHECKING:
    from adapters.viewstore import Tx

CALENDAR, UNITS = "view_seizure_calendar", "view_seizure_calendar_unit"
ACTIVE, QUEUED, RELEASED, LAPSED = "active", "queued", "released", "lapsed"

metadata = MetaData()
Table(CALENDAR, metadata,
      Column("unit_number", Text, primary_key=True), Column("reference", Text, primary_key=True),
      Column("court", Text, nullable=False), Column("court_name", Text, nullable=False),
      Column("state", Text, nullable=False), Column("last_day", Text, nullable=False), Column("lapses_on", Text),
      Column("version", Integer, nullable=False), Column("updated_at", Text, nullable=False),
      Index(f"{CALENDAR}_due", "state", "lapses_on"))
Table(UNITS, metadata, Column("unit_id", Text, primary_key=True), Column("unit_number", Text, nullable=False))


def lapses_on(last_day: date) -> str:
    return (last_day + timedelta(days=1)).isoformat()


class SeizureCalendar(Projection):
    name = "seizure_calendar"
    metadata = metadata
    tables = [CALENDAR, UNITS]
    ddl = creates(metadata)

    @singledispatchmethod
    def process(self, event: object, tx: Tx) -> None:
        """Only units and their seizures are on the calendar."""

    @process.register(unit_events.Registered)
    def _registered(self, event: unit_events.Registered, tx: Tx) -> None:
        insert(tx, UNITS, {"unit_id": str(event.originator_id), "unit_number": event.unit_number})

    @process.register(unit_events.Seized)
    def _seized(self, event: unit_events.Seized, tx: Tx) -> None:
        insert(tx, CALENDAR, {
            "unit_number": self._unit_number(tx, event), "reference": event.reference, "court": event.court,
            "court_name": event.court_name, "state": QUEUED if event.queued else ACTIVE,
            "last_day": event.end.isoformat(), "lapses_on": None if event.queued else lapses_on(event.end),
            "version": event.originator_version, "updated_at": timestamp(event.at)})

    @process.register(unit_events.SeizureActivated)
    def _activated(self, event: unit_events.SeizureActivated, tx: Tx) -> None:
        self._set(tx, event, state=ACTIVE, last_day=event.end.isoformat(), lapses_on=lapses_on(event.end))

    @process.register(unit_events.SeizureRenewed)
    def _renewed(self, event: unit_events.SeizureRenewed, tx: Tx) -> None:
        self._set(tx, event, last_day=event.end.isoformat(), lapses_on=lapses_on(event.end))

    @process.register(unit_events.SeizureReleased)
    def _released(self, event: unit_events.SeizureReleased, tx: Tx) -> None:
        self._set(tx, event, state=RELEASED, lapses_on=None)

    @process.register(unit_events.SeizureLapsed)
    def _lapsed(self, event: unit_events.SeizureLapsed, tx: Tx) -> None:
        self._set(tx, event, state=LAPSED, lapses_on=lapses_on(event.end))

    # -- helpers -------------------------------------------------------------------------------
    def _set(self, tx: Tx, event: Any, **columns: Any) -> None:
        columns |= {"version": event.originator_version, "updated_at": timestamp(event.at)}
        assignments = ", ".join(f"{name} = :{name}" for name in columns)
        tx.execute(f"UPDATE {CALENDAR} SET {assignments} WHERE unit_number = :unit_number AND reference = :reference",
                   {**columns, "unit_number": self._unit_number(tx, event), "reference": event.reference})

    @staticmethod
    def _unit_number(tx: Tx, event: Any) -> str:
        row = tx.one(f"SELECT unit_number FROM {UNITS} WHERE unit_id = :unit_id", {"unit_id": str(event.originator_id)})
        if row is None:
            raise LookupError(f"seizure calendar has no unit {event.originator_id}")
        return row["unit_number"]


# -- queries -----------------------------------------------------------------------------------
def due(store: Any, today: date) -> list[tuple[str, str]]:
    """(unit_number, reference) of the active seizures whose lapse day has come, earliest first."""
    with store.read() as tx:
        rows = tx.execute(f"SELECT unit_number, reference FROM {CALENDAR} WHERE state = :state "
                          "AND lapses_on <= :today ORDER BY lapses_on, unit_number, reference",
                          {"state": ACTIVE, "today": today.isoformat()})
    return [(r["unit_number"], r["reference"]) for r in rows]


def calendar(store: Any, unit_number: str) -> list[dict[str, Any]]:
    """A unit's seizures as the calendar has them (tests, diagnostics)."""
    with store.read() as tx:
        return tx.execute(f"SELECT reference, court, court_name, state, last_day, lapses_on FROM {CALENDAR} "
                          "WHERE unit_number = :unit_number ORDER BY reference", {"unit_number": unit_number})
