"""What the supervisor's dashboard asks of the case clocks view (电子监察): cases by remaining time, the overdue
list, counts and median durations per office and per registrar, the daily trend.

Colours, as the scheduled pass records them: red once breached or past the deadline while running; amber once
warned (one office day, or 15 minutes of an hour limit, left); green otherwise; cases waiting on their parties
are counted apart (their clock does not run). Every query is scoped to the offices the caller supervises.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from statistics import median
from typing import Any

from projections.base import timestamp
from projections.case_clocks import CLOCKS, ENDED, RATINGS, TALLY

COLOURS = ("red", "amber", "green", "waiting")
# each colour as (bucket, deadline condition) ranges of the (registry, bucket, due_at) index
PARTS = {"red": (("breached", ""), ("running", "AND due_at < :now"), ("warned", "AND due_at < :now")),
         "amber": (("warned", "AND due_at >= :now"),), "green": (("running", "AND due_at >= :now"),),
         "waiting": (("paused", ""),)}
CASE_COLUMNS = ("case_id, kind, registry, unit_number, accepted_at, due_at, state, paused_for, warned_at, "
                "breached_at")
OPEN_BUCKETS = ("running", "warned", "breached", "paused")


def _offices(registries: Sequence[str]) -> tuple[str, dict[str, Any]]:
    marks = ", ".join(f":office{i}" for i in range(len(registries)))
    return f"registry IN ({marks})", {f"office{i}": r for i, r in enumerate(registries)}


def _tallies(tx: Any, scope: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    return tx.execute(f"SELECT registry, ended_by, bucket, n FROM {TALLY} WHERE {scope} AND n <> 0", params)


def _overdue_unbreached(tx: Any, scope: str, params: dict[str, Any], now: datetime) -> list[dict[str, Any]]:
    """Running clocks past their deadline that the scheduled pass has not breached yet (at most a minute's
    worth): red already, though their bucket still says running or warned. An index range, not a scan."""
    return tx.execute(f"SELECT registry, bucket, COUNT(*) AS n FROM {CLOCKS} WHERE {scope} "
                      "AND bucket IN ('running', 'warned') AND due_at < :now GROUP BY registry, bucket",
                      {**params, "now": timestamp(now)})


def colour_counts(store: Any, registries: Sequence[str], now: datetime) -> dict[str, int]:
    """How many open cases of these offices are red, amber, green, or waiting on their parties."""
    counts = dict.fromkeys(COLOURS, 0)
    if not registries:
        return counts
    scope, params = _offices(registries)
    with store.read() as tx:
        by_bucket: dict[str, int] = {}
        for row in _tallies(tx, scope, params):
            by_bucket[row["bucket"]] = by_bucket.get(row["bucket"], 0) + int(row["n"])
        late = {row["bucket"]: int(row["n"]) for row in _overdue_unbreached(tx, scope, params, now)}
    counts["red"] = by_bucket.get("breached", 0) + sum(late.values())
    counts["amber"] = by_bucket.get("warned", 0) - late.get("warned", 0)
    counts["green"] = by_bucket.get("running", 0) - late.get("running", 0)
    counts["waiting"] = by_bucket.get("paused", 0)
    return counts


def cases(store: Any, registries: Sequence[str], now: datetime, colour: str, *, limit: int = 50,
          offset: int = 0) -> list[dict[str, Any]]:
    """Open cases of one colour, earliest deadline first (the overdue list is ``colour="red"``)."""
    if not registries or colour not in PARTS:
        return []
    scope, params = _offices(registries)
    ranges = " UNION ALL ".join(f"SELECT {CASE_COLUMNS} FROM {CLOCKS} WHERE {scope} AND bucket = '{bucket}' {due}"
                                for bucket, due in PARTS[colour])
    with store.read() as tx:
        return tx.execute(f"SELECT * FROM ({ranges}) AS coloured ORDER BY due_at, case_id LIMIT :limit OFFSET :offset",
                          {**params, "now": timestamp(now), "limit": limit, "offset": offset})


def per_office(store: Any, registries: Sequence[str], now: datetime) -> list[dict[str, Any]]:
    """Per office: open, overdue, ended, ended late, and the median office minutes of the ended cases."""
    if not registries:
        return []
    scope, params = _offices(registries)
    with store.read() as tx:
        rows: dict[str, dict[str, Any]] = {}
        for tally in _tallies(tx, scope, params):
            _add(rows.setdefault(tally["registry"], _row(tally["registry"])), tally["bucket"], int(tally["n"]))
        for late in _overdue_unbreached(tx, scope, params, now):
            rows[late["registry"]]["overdue"] += int(late["n"])
        for office, row in rows.items():
            row["median_minutes"] = _median(tx, "registry = :registry", {"registry": office}, row["ended"])
    return [rows[office] for office in sorted(rows)]


def per_registrar(store: Any, registries: Sequence[str], now: datetime) -> list[dict[str, Any]]:
    """Per registrar (or "rule" for 秒批) of these offices: the cases they ended, how many late, the median."""
    if not registries:
        return []
    scope, params = _offices(registries)
    with store.read() as tx:
        rows: dict[tuple[str, str], dict[str, Any]] = {}
        for tally in _tallies(tx, scope, params):
            if tally["ended_by"]:
                key = (tally["registry"], tally["ended_by"])
                _add(rows.setdefault(key, _row(tally["ended_by"]) | {"registry": tally["registry"]}),
                     tally["bucket"], int(tally["n"]))
        for (office, by), row in rows.items():
            row["median_minutes"] = _median(tx, "registry = :registry AND ended_by = :by",
                                            {"registry": office, "by": by}, row["ended"])
    return [rows[key] for key in sorted(rows)]


def _row(key: str) -> dict[str, Any]:
    return {"key": key, "open": 0, "overdue": 0, "ended": 0, "late": 0, "median_minutes": None}


def _add(row: dict[str, Any], bucket: str, n: int) -> None:
    if bucket in OPEN_BUCKETS:
        row["open"] += n
    if bucket == "breached":
        row["overdue"] += n
    if bucket.startswith("ended"):
        row["ended"] += n
    if bucket == "ended_late":
        row["late"] += n


def _median(tx: Any, where: str, params: dict[str, Any], ended: int) -> int | None:
    """The middle of the ended cases' office minutes, read off the (registry, ended_by, minutes) index."""
    if not ended:
        return None
    middle = tx.execute(f"SELECT used_minutes FROM {CLOCKS} WHERE {where} AND state = :ended "
                        "AND used_minutes IS NOT NULL ORDER BY used_minutes LIMIT :n OFFSET :skip",
                        {**params, "ended": ENDED, "n": 2 - ended % 2, "skip": (ended - 1) // 2})
    return int(median(r["used_minutes"] for r in middle)) if middle else None


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


def ratings_per_office(store: Any, registries: Sequence[str]) -> list[dict[str, Any]]:
    """Per office: how many ratings, the average stars (to 0.01), the bad ones and the follow-ups still open."""
    if not registries:
        return []
    scope, params = _offices(registries)
    with store.read() as tx:
        rows = tx.execute(f"SELECT registry, COUNT(*) AS ratings, SUM(stars) AS stars, "
                          "SUM(CASE WHEN follow_up IS NOT NULL THEN 1 ELSE 0 END) AS bad, "
                          "SUM(CASE WHEN follow_up = 'open' THEN 1 ELSE 0 END) AS open_follow_ups "
                          f"FROM {RATINGS} WHERE {scope} GROUP BY registry ORDER BY registry", params)
    return [{"registry": r["registry"], "ratings": int(r["ratings"]), "bad": int(r["bad"] or 0),
             "open_follow_ups": int(r["open_follow_ups"] or 0),
             "average_stars": str((Decimal(int(r["stars"])) / int(r["ratings"])).quantize(Decimal("0.01"),
                                                                                         ROUND_HALF_UP))}
            for r in rows]


def open_follow_ups(store: Any, registries: Sequence[str], *, limit: int = 50) -> list[dict[str, Any]]:
    """Bad ratings not yet followed up, oldest first."""
    if not registries:
        return []
    scope, params = _offices(registries)
    with store.read() as tx:
        return tx.execute(f"SELECT case_id, party, registry, stars, comment, at FROM {RATINGS} WHERE {scope} "
                          "AND follow_up = 'open' ORDER BY at, case_id LIMIT :limit", {**params, "limit": limit})


def overview(store: Any, registries: Sequence[str], now: datetime, days: int = 30) -> dict[str, Any]:
    """What the dashboard shows at once (the API's answer, the page and the bench read the same composition)."""
    ratings = ratings_per_office(store, registries)
    return {"colours": colour_counts(store, registries, now), "offices": per_office(store, registries, now),
            "registrars": per_registrar(store, registries, now), "trend": daily_trend(store, registries, now, days),
            "ratings": ratings, "open_follow_ups": sum(r["open_follow_ups"] for r in ratings)}
