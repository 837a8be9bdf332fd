"""Each case's statutory clock as supervisors, registrars and applicants see it, with its history.

One row per timed case (the deadline, whether it runs, waits on the parties or has ended, warned, breached,
late, the office minutes it took) and one row per clock event, so the case's timeline and the dashboard read
the same facts. Every instant comes from the events: a rebuilt view is identical.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import singledispatchmethod
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, Index, Integer, MetaData, Table, Text

from events import supervision as clock_events
from projections.base import Projection, creates, dumps, insert, loads, timestamp

if TYPE_CHECKING:
    from adapters.viewstore import Tx

CLOCKS, HISTORY, TALLY = "view_case_clocks", "view_case_clock_history", "view_case_clock_tally"
RATINGS = "view_case_ratings"
RUNNING, PAUSED, ENDED = "running", "paused", "ended"
# Each clock is in one bucket at a time; the tally counts them per office and registrar, so the dashboard
# counts without scanning every case.
BUCKETS = ("running", "warned", "breached", "paused", "ended_on_time", "ended_late")

metadata = MetaData()
Table(CLOCKS, metadata,
      Column("case_id", Text, primary_key=True), Column("clock_id", Text, nullable=False),
      Column("kind", Text, nullable=False),
      Column("registry", Text, nullable=False), Column("unit_number", Text, nullable=False),
      Column("accepted_at", Text, nullable=False), Column("due_at", Text, nullable=False),
      Column("working_days", Integer, nullable=False), Column("office_minutes", Integer, nullable=False),
      Column("budget_minutes", Integer, nullable=False), Column("source", Text, nullable=False),
      Column("state", Text, nullable=False), Column("paused_for", Text), Column("remaining_minutes", Integer),
      Column("warned_at", Text), Column("breached_at", Text), Column("outcome", Text), Column("ended_by", Text),
      Column("ended_at", Text), Column("late", Integer, nullable=False), Column("used_minutes", Integer),
      Column("bucket", Text, nullable=False), Column("version", Integer, nullable=False),
      Index(f"{CLOCKS}_clock", "clock_id", unique=True), Index(f"{CLOCKS}_open", "registry", "state", "due_at"),
      Index(f"{CLOCKS}_ended", "registry", "ended_at"), Index(f"{CLOCKS}_bucket", "registry", "bucket", "due_at"),
      Index(f"{CLOCKS}_office_minutes", "registry", "state", "used_minutes"),
      Index(f"{CLOCKS}_registrar_minutes", "registry", "ended_by", "state", "used_minutes"))
Table(RATINGS, metadata,
      Column("case_id", Text, primary_key=True), Column("party", Text, primary_key=True),
      Column("registry", Text, nullable=False), Column("stars", Integer, nullable=False),
      Column("comment", Text, nullable=False), Column("follow_up", Text), Column("followed_up_by", Text),
      Column("follow_up_note", Text), Column("at", Text, nullable=False),
      Index(f"{RATINGS}_office", "registry", "follow_up"))
Table(TALLY, metadata,
      Column("registry", Text, primary_key=True), Column("ended_by", Text, primary_key=True),
      Column("bucket", Text, primary_key=True), Column("n", Integer, nullable=False))
Table(HISTORY, metadata,
      Column("case_id", Text, primary_key=True), Column("version", Integer, primary_key=True),
      Column("event", Text, nullable=False), Column("at", Text, nullable=False), Column("detail", Text, nullable=False))


class CaseClocks(Projection):
    name = "case_clocks"
    metadata = metadata
    tables = [CLOCKS, HISTORY, TALLY, RATINGS]
    ddl = creates(metadata)

    @singledispatchmethod
    def process(self, event: object, tx: Tx) -> None:
        """Only clock events are shown."""

    @process.register(clock_events.DeadlineSet)
    def _set(self, event: clock_events.DeadlineSet, tx: Tx) -> None:
        insert(tx, CLOCKS, {
            "case_id": event.case_id, "clock_id": str(event.originator_id), "kind": event.kind,
            "registry": event.registry, "unit_number": event.unit_number,
            "accepted_at": timestamp(event.accepted_at), "due_at": timestamp(event.due_at),
            "working_days": event.working_days, "office_minutes": event.office_minutes,
            "budget_minutes": event.budget_minutes, "source": event.source, "state": RUNNING, "paused_for": None,
            "remaining_minutes": None, "warned_at": None, "breached_at": None, "outcome": None, "ended_by": None,
            "ended_at": None, "late": 0, "used_minutes": None, "bucket": "running",
            "version": event.originator_version})
        count(tx, event.registry, "", "running", 1)
        self._history(tx, event, "deadline_set", due_at=timestamp(event.due_at), source=event.source)

    @process.register(clock_events.Paused)
    def _paused(self, event: clock_events.Paused, tx: Tx) -> None:
        self._update(tx, event, state=PAUSED, paused_for=event.reason, remaining_minutes=event.remaining_minutes)
        self._history(tx, event, "paused", reason=event.reason, remaining_minutes=event.remaining_minutes)

    @process.register(clock_events.Resumed)
    def _resumed(self, event: clock_events.Resumed, tx: Tx) -> None:
        self._update(tx, event, state=RUNNING, paused_for=None, remaining_minutes=None, due_at=timestamp(event.due_at))
        self._history(tx, event, "resumed", due_at=timestamp(event.due_at))

    @process.register(clock_events.Warned)
    def _warned(self, event: clock_events.Warned, tx: Tx) -> None:
        self._update(tx, event, warned_at=timestamp(event.at))
        self._history(tx, event, "warned", remaining_minutes=event.remaining_minutes)

    @process.register(clock_events.Breached)
    def _breached(self, event: clock_events.Breached, tx: Tx) -> None:
        self._update(tx, event, breached_at=timestamp(event.at), late=1)
        self._history(tx, event, "breached", due_at=timestamp(event.due_at))

    @process.register(clock_events.Met)
    def _met(self, event: clock_events.Met, tx: Tx) -> None:
        self._update(tx, event, state=ENDED, paused_for=None, outcome=event.outcome, ended_by=event.by,
                     ended_at=timestamp(event.at), late=int(event.late), used_minutes=event.used_minutes)
        self._history(tx, event, "met", outcome=event.outcome, by=event.by, late=event.late)

    @process.register(clock_events.Instructed)
    def _instructed(self, event: clock_events.Instructed, tx: Tx) -> None:
        self._update(tx, event)
        self._history(tx, event, "instructed", by=event.by, instruction=event.instruction)

    @process.register(clock_events.Extended)
    def _extended(self, event: clock_events.Extended, tx: Tx) -> None:
        self._update(tx, event, due_at=timestamp(event.due_at))
        self._history(tx, event, "extended", closure=event.closure.isoformat(), due_at=timestamp(event.due_at))

    @process.register(clock_events.Rated)
    def _rated(self, event: clock_events.Rated, tx: Tx) -> None:
        self._update(tx, event)
        case = tx.one(f"SELECT case_id, registry FROM {CLOCKS} WHERE clock_id = :clock_id",
                      {"clock_id": str(event.originator_id)})
        insert(tx, RATINGS, {"case_id": case["case_id"], "party": event.party, "registry": case["registry"],
                             "stars": event.stars, "comment": event.comment,
                             "follow_up": "open" if event.follow_up else None, "followed_up_by": None,
                             "follow_up_note": None, "at": timestamp(event.at)})
        self._history(tx, event, "rated", stars=event.stars)

    @process.register(clock_events.FollowUpClosed)
    def _follow_up_closed(self, event: clock_events.FollowUpClosed, tx: Tx) -> None:
        self._update(tx, event)
        case = tx.one(f"SELECT case_id FROM {CLOCKS} WHERE clock_id = :clock_id",
                      {"clock_id": str(event.originator_id)})
        tx.execute(f"UPDATE {RATINGS} SET follow_up = 'closed', followed_up_by = :by, follow_up_note = :note "
                   "WHERE case_id = :case_id AND party = :party",
                   {"by": event.by, "note": event.note, "case_id": case["case_id"], "party": event.party})
        self._history(tx, event, "follow_up_closed", by=event.by)

    # -- helpers -------------------------------------------------------------------------------
    @staticmethod
    def _update(tx: Tx, event: Any, **columns: Any) -> None:
        clock_id = str(event.originator_id)
        before = tx.one(f"SELECT registry, ended_by, bucket, state, warned_at, breached_at, late FROM {CLOCKS} "
                        "WHERE clock_id = :clock_id", {"clock_id": clock_id})
        if before is None:
            raise LookupError(f"no case for clock {clock_id}")
        after = {**before, **columns}
        columns |= {"version": event.originator_version, "bucket": bucket_of(after)}
        assignments = ", ".join(f"{name} = :{name}" for name in columns)
        tx.execute(f"UPDATE {CLOCKS} SET {assignments} WHERE clock_id = :clock_id", {**columns, "clock_id": clock_id})
        if (before["ended_by"], before["bucket"]) != (after.get("ended_by"), columns["bucket"]):
            count(tx, before["registry"], before["ended_by"] or "", before["bucket"], -1)
            count(tx, before["registry"], after.get("ended_by") or "", columns["bucket"], 1)

    @staticmethod
    def _history(tx: Tx, event: Any, name: str, **detail: Any) -> None:
        row = tx.one(f"SELECT case_id FROM {CLOCKS} WHERE clock_id = :clock_id", {"clock_id": str(event.originator_id)})
        if row is None:
            raise LookupError(f"no case for clock {event.originator_id}")
        insert(tx, HISTORY, {"case_id": row["case_id"], "version": event.originator_version, "event": name,
                             "at": timestamp(event.at), "detail": dumps(detail)})


def bucket_of(row: dict[str, Any]) -> str:
    if row["state"] == ENDED:
        return "ended_late" if row["late"] else "ended_on_time"
    if row["state"] == PAUSED:
        return "paused"
    return "breached" if row["breached_at"] else "warned" if row["warned_at"] else "running"


def count(tx: Tx, registry: str, ended_by: str, bucket: str, delta: int) -> None:
    tx.execute(f"INSERT INTO {TALLY} (registry, ended_by, bucket, n) VALUES (:registry, :ended_by, :bucket, :n) "
               f"ON CONFLICT (registry, ended_by, bucket) DO UPDATE SET n = {TALLY}.n + excluded.n",
               {"registry": registry, "ended_by": ended_by, "bucket": bucket, "n": delta})


# -- queries -----------------------------------------------------------------------------------
def clock_of(store: Any, case_id: str) -> dict[str, Any] | None:
    with store.read() as tx:
        return tx.one(f"SELECT * FROM {CLOCKS} WHERE case_id = :case_id", {"case_id": case_id})


def history_of(store: Any, case_id: str) -> list[dict[str, Any]]:
    """The clock's timeline, oldest first."""
    with store.read() as tx:
        rows = tx.execute(f"SELECT event, at, detail FROM {HISTORY} WHERE case_id = :case_id ORDER BY version",
                          {"case_id": case_id})
    return [{"event": r["event"], "at": r["at"], **loads(r["detail"])} for r in rows]


def clocks_to_check(store: Any, now: datetime, horizon: timedelta = timedelta(days=12)) -> list[str]:
    """The running clocks the scheduled pass must look at, earliest deadline first: the ones past their
    deadline, and the ones not yet warned whose deadline is within ``horizon`` (wide enough for one office
    day's warning to span the National Day week). The clock itself decides in office minutes."""
    with store.read() as tx:
        rows = tx.execute(f"SELECT case_id FROM {CLOCKS} WHERE state = :running AND breached_at IS NULL "
                          "AND (due_at < :now OR (warned_at IS NULL AND due_at <= :horizon)) ORDER BY due_at",
                          {"running": RUNNING, "now": timestamp(now), "horizon": timestamp(now + horizon)})
    return [r["case_id"] for r in rows]


def running_since(store: Any, registry: str, since: datetime) -> list[str]:
    """The office's running clocks due at or after ``since``: the ones a closure from then on may extend."""
    with store.read() as tx:
        rows = tx.execute(f"SELECT case_id FROM {CLOCKS} WHERE registry = :registry AND state = :running "
                          "AND due_at >= :since ORDER BY due_at",
                          {"registry": registry, "running": RUNNING, "since": timestamp(since)})
    return [r["case_id"] for r in rows]
