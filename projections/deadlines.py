"""Each waiting case's statutory deadline beside it in the registrars' queues, so a registrar takes the case
closest to its limit first (电子监察: a queue sorted by deadline rather than by arrival).

The deadline comes from the case clocks view (written by the supervision worker from the clock events); a
case whose clock is not in the view yet sorts after every timed case, by arrival.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from projections.base import timestamp
from projections.case_clocks import CLOCKS

# the columns and join a queue query adds; ``alias`` is the queue table's alias, ``key`` its case id column
DEADLINE_COLUMNS = ("k.due_at AS deadline_due_at, k.state AS deadline_state, k.paused_for AS deadline_paused_for, "
                    "k.warned_at AS deadline_warned_at, k.breached_at AS deadline_breached_at, "
                    "k.working_days AS deadline_working_days, k.office_minutes AS deadline_office_minutes")
NO_DEADLINE = "9999-12-31T00:00:00+00:00"  # sorts after every real instant, on both stores
DEADLINE_ORDER = f"COALESCE(k.due_at, '{NO_DEADLINE}')"


def deadline_join(alias: str, key: str) -> str:
    return f"LEFT JOIN {CLOCKS} k ON k.case_id = {alias}.{key}"


def colour_of(clock: dict[str, Any], now: datetime) -> str:
    """The dashboard's colours: red once breached or past due while running, amber once warned, green while
    running in time, waiting while the clock waits on the parties, ended once met."""
    if clock["state"] == "ended":
        return "ended"
    if clock["state"] == "paused":
        return "waiting"
    if clock["breached_at"] or clock["due_at"] < timestamp(now):
        return "red"
    return "amber" if clock["warned_at"] else "green"


def pop_deadline(row: dict[str, Any], now: datetime) -> dict[str, Any] | None:
    """Takes the joined deadline columns off a queue row and answers them as one deadline (or None)."""
    clock = {name: row.pop(f"deadline_{name}", None) for name in
             ("due_at", "state", "paused_for", "warned_at", "breached_at", "working_days", "office_minutes")}
    if clock["due_at"] is None:
        return None
    limit = ({"working_days": int(clock["working_days"])} if clock["working_days"]
             else {"office_minutes": int(clock["office_minutes"])})
    return {"due_at": clock["due_at"], "state": clock["state"], "paused_for": clock["paused_for"],
            "colour": colour_of(clock, now), **limit}
