"""Projection catch-up for ``registry bench core``: every view replayed from the first event through the
project's worker, against the bare libraries it builds on doing the same work.

The bare run reads and decodes the same notifications with eventsourcing, then sends the same statements
with the same ``?`` parameters, in the same transactions, straight to ``sqlite3`` (no SQLAlchemy, no
handlers, no dicts). The statements are the ones the worker's catch-up sent to the DB-API, recorded in an
untimed run of their own, so both runs write the same rows. The ratio project / bare is what the views'
code (handlers, SQLAlchemy, our ``Tx``) costs on top of the unavoidable reads and writes.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event

from adapters.viewstore import ViewStore
from projections import all_projections
from projections.worker import Worker

BATCH = 500  # the worker's batch size


def project_catchup(app: Any, path: Path) -> tuple[int, float]:
    """(events, seconds) for the worker to bring every view from position 0 to the head."""
    views = ViewStore.sqlite(path)
    worker = Worker(app, views, all_projections(), [])
    worker.setup()
    head = app.recorder.max_notification_id() or 0
    started = time.perf_counter()
    worker.run_once()
    seconds = time.perf_counter() - started
    views.close()
    return head, seconds


def _recorded_catchup(app: Any, path: Path) -> tuple[list[tuple[str, Any, bool]], list[tuple[str, Any, bool]]]:
    """The DB-API calls of the views' setup and of their catch-up, as (sql, parameters, many) in order,
    with each transaction's COMMIT or ROLLBACK."""
    views = ViewStore.sqlite(path)
    calls: list[tuple[str, Any, bool]] = []

    def sent(_conn: Any, _cursor: Any, sql: str, parameters: Any, _context: Any, many: bool) -> None:
        calls.append((sql, parameters, many))

    event.listen(views.engine, "before_cursor_execute", sent)  # Core statements
    views.listen(lambda sql, parameters, many: calls.append((sql, parameters, many)))  # strings, sent directly
    event.listen(views.engine, "commit", lambda _conn: calls.append(("COMMIT", (), False)))
    event.listen(views.engine, "rollback", lambda _conn: calls.append(("ROLLBACK", (), False)))
    worker = Worker(app, views, all_projections(), [])
    worker.setup()
    setup = list(calls)
    calls.clear()
    worker.run_once()
    views.close()
    return setup, calls


def _replay(connection: sqlite3.Connection, calls: list[tuple[str, Any, bool]]) -> None:
    for sql, parameters, many in calls:
        if sql in ("COMMIT", "ROLLBACK"):
            if connection.in_transaction:
                connection.execute(sql)
        elif many:
            connection.executemany(sql, parameters)
        else:
            connection.execute(sql, parameters)


def bare_catchup(app: Any, folder: Path) -> float:
    """Seconds for eventsourcing + sqlite3 alone to read, decode and write what the catch-up does."""
    setup, calls = _recorded_catchup(app, folder / "catchup-recorded.sqlite")
    connection = sqlite3.connect(folder / "catchup-bare.sqlite", isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    _replay(connection, setup)
    head = app.recorder.max_notification_id() or 0
    started = time.perf_counter()
    for start in range(1, head + 1, BATCH):
        for notification in app.recorder.select_notifications(start=start, limit=BATCH):
            app.mapper.to_domain_event(notification)
    _replay(connection, calls)
    seconds = time.perf_counter() - started
    connection.close()
    return seconds
