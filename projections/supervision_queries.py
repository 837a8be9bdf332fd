"""What the supervisor's dashboard asks of the case clocks view (电子监察): cases by remaining time, the overdue
list, counts and median durations per office and per registrar, the daily trend.

Colours, as the scheduled pass records them: red once breached or past the deadline while running; amber once
warned (one office day, or 15 minutes of an hour limit, left); green otherwise; cases waiting on their parties
are counted apart (their clock does not run). Every query is scoped to the offices the caller supervises.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from statistics import median
from typing import Any

from projections.base import timestamp
from projections.case_clocks import CLOCKS, ENDED, PAUSED, RUNNING

COLOURS = ("red", "amber", "green", "waiting")
_RED = f"(state = '{RUNNING}' AND (breached_at IS NOT NULL OR due_at < :now))"
_AMBER = f"(state = '{RUNNING}' AND breached_at IS NULL AND due_at >= :now AND warned_at IS NOT NULL)"
_GREEN = f"(state = '{RUNNING}' AND breached_at IS NULL AND due_at >= :now AND warned_at IS NULL)"
_WAITING = f"(state = '{PAUSED}')"
CONDITION = {"red": _RED, "amber": _AMBER, "green": _GREEN, "waiting": _WAITING}


def _offices(registries: Sequence[str]) -> tuple[str, dict[str, Any]]:
    marks = ", ".join(f":office{i}" for i in range(len(registries)))
    return f"registry IN ({marks})", {f"office{i}": r for i, r in enumerate(registries)}


def colour_counts(store: Any, registries: Sequence[str], now: datetime) -> dict[str, int]:
    """How many open cases of these offices are red, amber, green, or waiting on their parties."""
    if not registries:
        return dict.fromkeys(COLOURS, 0)
    scope, params = _offices(registries)
    columns = ", ".join(f"SUM(CASE WHEN {CONDITION[c]} THEN 1 ELSE 0 END) AS {c}" for c in COLOURS)
    with store.read() as tx:
        row = tx.one(f"SELECT {columns} FROM {CLOCKS} WHERE {scope} AND state <> '{ENDED}'",
                     {**params, "now": timestamp(now)})
    return {c: int((row or {}).get(c) or 0) for c in COLOURS}


def cases(store: Any, registries: Sequence[str], now: datetime, colour: str, *, limit: int = 50,
          offset: int = 0) -> list[dict[str, Any]]:
    """Open cases of one colour, earliest deadline first (the overdue list is ``colour="red"``)."""
    if not registries or colour not in CONDITION:
        return []
    scope, params = _offices(registries)
    with store.read() as tx:
        return tx.execute(
            f"SELECT case_id, kind, registry, unit_number, accepted_at, due_at, state, paused_for, warned_at, "
            f"breached_at FROM {CLOCKS} WHERE {scope} AND {CONDITION[colour]} ORDER BY due_at, case_id "
            "LIMIT :limit OFFSET :offset", {**params, "now": timestamp(now), "limit": limit, "offset": offset})


def per_office(store: Any, registries: Sequence[str], now: datetime) -> list[dict[str, Any]]:
    """Per office: open, overdue, ended, ended late, and the median office minutes of the ended cases."""
    return _grouped(store, registries, now, "registry")


def per_registrar(store: Any, registries: Sequence[str], now: datetime) -> list[dict[str, Any]]:
    """Per registrar (or "rule" for 秒批): the cases they ended, how many late, the median office minutes."""
    return [row for row in _grouped(store, registries, now, "ended_by") if row["key"] is not None]


def _grouped(store: Any, registries: Sequence[str], now: datetime, key: str) -> list[dict[str, Any]]:
    if not registries:
        return []
    scope, params = _offices(registries)
    with store.read() as tx:
        rows = tx.execute(
            f"SELECT {key} AS key, SUM(CASE WHEN state <> '{ENDED}' THEN 1 ELSE 0 END) AS open, "
            f"SUM(CASE WHEN {_RED} THEN 1 ELSE 0 END) AS overdue, "
            f"SUM(CASE WHEN state = '{ENDED}' THEN 1 ELSE 0 END) AS ended, "
            f"SUM(CASE WHEN state = '{ENDED}' AND late = 1 THEN 1 ELSE 0 END) AS late "
            f"FROM {CLOCKS} WHERE {scope} GROUP BY {key} ORDER BY {key}", {**params, "now": timestamp(now)})
        durations: dict[Any, list[int]] = {}
        for row in tx.execute(f"SELECT {key} AS key, used_minutes FROM {CLOCKS} WHERE {scope} "
                              f"AND state = '{ENDED}' AND used_minutes IS NOT NULL", params):
            durations.setdefault(row["key"], []).append(row["used_minutes"])
    return [{**{k: int(v or 0) if k != "key" else v for k, v in row.items()},
             "median_minutes": int(median(durations[row["key"]])) if durations.get(row["key"]) else None}
            for row in rows]


def daily_trend(store: Any, registries: Sequence[str], now: datetime, days: int = 30) -> list[dict[str, Any]]:
    """Per day (China time) of the last ``days``: cases ended on time and late."""
    if not registries:
        return []
    scope, params = _offices(registries)
    since = timestamp(now - timedelta(days=days))
    with store.read() as tx:
        rows = tx.execute(f"SELECT ended_at, late FROM {CLOCKS} WHERE {scope} AND state = '{ENDED}' "
                          "AND ended_at >= :since", {**params, "since": since})
    china = timedelta(hours=8)
    first = (now + china).date() - timedelta(days=days - 1)
    trend = {first + timedelta(days=i): {"on_time": 0, "late": 0} for i in range(days)}
    for row in rows:
        day = (datetime.fromisoformat(row["ended_at"]) + china).date()
        if day in trend:
            trend[day]["late" if row["late"] else "on_time"] += 1
    return [{"day": day.isoformat(), **counts} for day, counts in trend.items()]
