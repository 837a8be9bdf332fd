"""``registry bench supervision``: the supervisor's dashboard over N timed cases in the views.

The cases are seeded through the case clocks projection itself (the events a year of five offices would
record: most cases ended on time, some late, some running, warned or breached, some waiting on their
parties), into a fresh SQLite view store. Then, interleaved, the dashboard's queries for an admin who sees
every office (colour counts, the overdue list, per office and per registrar with medians, the 30-day trend),
and the bare floor: the same SQL statements (recorded from one answer) run on plain ``sqlite3``.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event

from adapters.clock import REGISTRY_TZ
from adapters.viewstore import ViewStore
from events import supervision as clock_events
from projections import supervision_lists
from projections import supervision_queries as dashboard
from projections.case_clocks import CaseClocks
from projections.paging import FIRST_PAGE

OFFICES = ["fz-gulou", "fz-taijiang", "fz-cangshan", "fz-mawei", "fz-jinan"]
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=REGISTRY_TZ)
GOAL_MS = 200


def _events(i: int, rng: random.Random) -> list[object]:
    """One case's clock events, ending (or not) the way a busy office's cases do."""
    clock_id, case_id = uuid.uuid4(), str(uuid.uuid4())
    fate = rng.random()
    # open cases are recent (the scheduled pass breaches a running clock within a minute of its deadline)
    running = 0.75 <= fate < 0.85 or fate >= 0.90
    accepted = NOW - timedelta(days=rng.uniform(0, 2) if running else rng.uniform(0, 365))
    due = accepted + timedelta(days=rng.choice((3, 4, 5)))
    base = {"originator_id": clock_id, "timestamp": accepted}
    made = [clock_events.DeadlineSet(
        originator_version=1, case_id=case_id, kind=rng.choice(("resale_transfer", "mortgage_first")),
        registry=OFFICES[i % len(OFFICES)], unit_number=f"35010{i % 5}001001GB{i % 99999:05d}F00010001",
        accepted_at=accepted, working_days=3, office_minutes=0, source="福州市 2020", due_at=due,
        originator_topic="registry.supervision.case_clock:CaseClock",
        budget_minutes=1170, parties=[f"person-{i}"], at=accepted, **base)]
    if fate < 0.60:  # ended: most on time
        late = rng.random() < 0.08
        ended = due + timedelta(hours=5) if late else accepted + timedelta(hours=rng.uniform(1, 60))
        made.append(clock_events.Met(originator_version=2, outcome="registered", by=f"registrar-{i % 40}",
                                     late=late, used_minutes=rng.randrange(30, 1800), at=min(ended, NOW), **base))
    elif fate < 0.75:  # waiting on the parties
        made.append(clock_events.Paused(originator_version=2, reason=rng.choice(("payment", "supplement")),
                                        remaining_minutes=rng.randrange(0, 1170), at=accepted, **base))
    elif fate < 0.85:  # running and warned
        made.append(clock_events.Warned(originator_version=2, due_at=due, remaining_minutes=200, at=accepted,
                                        **base))
    elif fate < 0.90:  # breached
        made.append(clock_events.Breached(originator_version=2, due_at=due, at=due, **base))
    return made


def seed(views: ViewStore, cases: int, progress: Callable[[int], None] | None = None) -> None:
    projection, rng = CaseClocks(), random.Random(20261203)
    with views.transaction() as tx:
        projection.create(tx)
    for start in range(0, cases, 5000):
        with views.transaction() as tx:
            for i in range(start, min(start + 5000, cases)):
                for event in _events(i, rng):
                    projection.process(event, tx)
        if progress:
            progress(min(start + 5000, cases))


def dashboard_answers(views: ViewStore) -> None:
    """What GET /api/v1/supervision/dashboard composes, and the first page of the overdue list."""
    dashboard.overview(views, OFFICES, NOW)
    supervision_lists.cases_page(views, OFFICES, NOW, "red", FIRST_PAGE)


def statements_of(views: ViewStore) -> list[tuple[str, Any]]:
    """The SQL one dashboard answer runs, as the driver received it."""
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(views.engine, "before_cursor_execute", record)  # Core statements
    views.listen(lambda statement, parameters, _many: record(None, None, statement, parameters, None, False))
    try:
        dashboard_answers(views)
    finally:
        event.remove(views.engine, "before_cursor_execute", record)
        views._listeners.clear()
    return seen


def bare_rows(db: sqlite3.Connection, statements: list[tuple[str, Any]]) -> None:
    """The floor: the same SQL statements run on plain sqlite3, their rows fetched, nothing computed."""
    for statement, parameters in statements:
        db.execute(statement, parameters).fetchall()


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run_supervision_bench(cases: int, repeats: int, echo: Callable[[str], None]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "views.sqlite"
        views = ViewStore.sqlite(path)
        started = time.perf_counter()
        seed(views, cases)
        echo(f"  seeded {cases:,} timed cases in 5 offices through the case clocks view in "
             f"{time.perf_counter() - started:.1f} s")
        statements = statements_of(views)
        db = sqlite3.connect(path)
        project, bare = [], []
        for _ in range(repeats):
            t0 = time.perf_counter()
            dashboard_answers(views)
            t1 = time.perf_counter()
            bare_rows(db, statements)
            t2 = time.perf_counter()
            project.append((t1 - t0) * 1000)
            bare.append((t2 - t1) * 1000)
        db.close()
        views.close()
    figures = {"p50": statistics.median(project), "p99": _percentile(project, 0.99),
               "bare_p50": statistics.median(bare), "bare_p99": _percentile(bare, 0.99)}
    echo(f"bench supervision: the dashboard of an admin over {cases:,} timed cases (what "
         f"GET /api/v1/supervision/dashboard composes: colour counts, per office and per registrar with medians, "
         f"30-day trend, ratings; and the overdue list's first page), {repeats} runs, embedded SQLite")
    echo(f"  project (every dashboard answer): p50 {figures['p50']:.1f} ms, p99 {figures['p99']:.1f} ms "
         f"(goal < {GOAL_MS} ms)")
    echo(f"  bare sqlite3 running the same {len(statements)} SQL statements: p50 {figures['bare_p50']:.1f} ms, "
         f"p99 {figures['bare_p99']:.1f} ms")
    echo(f"  ratio project / bare (p50): {figures['p50'] / figures['bare_p50']:.2f}")
    return figures
