"""What every read model shares: its tables, a dispatch table of handlers, and the JSON-friendly
encodings that keep Decimal exact and timestamps sortable.

A view is rebuilt from the event log, so a handler may only use what the event carries (never the
wall clock, never the write model): the same events in the same order give the same rows.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from functools import singledispatchmethod
from typing import TYPE_CHECKING, Any

from sqlalchemy import MetaData
from sqlalchemy.schema import CreateIndex, CreateTable

from registry.kernel.values import person_key  # noqa: F401  (views match people by it)

if TYPE_CHECKING:
    from adapters.viewstore import Tx


def timestamp(value: datetime) -> str:
    """UTC with fixed-width microseconds: textual order is time order on every store."""
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def parse_timestamp(value: str) -> datetime:
    return datetime.fromisoformat(value)


def plain(value: Any) -> Any:
    """A JSON-friendly copy: decimals as strings (never float), dates as ISO, enums as their value."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return timestamp(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [plain(v) for v in value]
    return value


def dumps(value: Any) -> str:
    """Canonical JSON (sorted keys, no ASCII escaping) so a rebuilt row is byte-identical to the live one."""
    return json.dumps(plain(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def insert(tx: Tx, table: str, row: dict[str, Any]) -> None:
    """INSERT one row given as a dict (column names are ours, never user input)."""
    tx.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join(f':{c}' for c in row)})", row)


def creates(metadata: MetaData) -> list[Any]:
    """CREATE TABLE / INDEX IF NOT EXISTS for each table of a view's metadata: a deployment that has some of
    them gains the others, and its rows stay."""
    return [statement for table in metadata.sorted_tables for statement in
            (CreateTable(table, if_not_exists=True),
             *(CreateIndex(index, if_not_exists=True) for index in sorted(table.indexes, key=lambda i: i.name)))]


def like_pattern(text: str) -> str:
    """Escape LIKE wildcards in user input; use with ``LIKE :pattern ESCAPE '!'``."""
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_")


class Projection:
    """One party's read model.

    Subclasses declare ``name``, their tables as SQLAlchemy ``Table`` metadata (one ``MetaData`` per view) with
    ``ddl = creates(metadata)``, ``tables`` (dropped on rebuild) and their own ``process`` dispatch table, whose
    handlers write with ``:named`` parameters::

        @singledispatchmethod
        def process(self, event, tx): ...          # events this view does not show

        @process.register(events.unit.Registered)
        def _registered(self, event, tx): ...

    Aggregates bind subclasses of the ``events`` classes, so registering the ``events`` class
    catches the aggregate's class too. Each subclass needs its own ``singledispatchmethod``:
    registering on an inherited one would share the table between views.
    """

    name: str = ""
    ddl: list[str] = []
    tables: list[str] = []
    # Raise it when the rows a view keeps for the same events change (a new table, a new kind of row): the
    # worker's setup then drops the view and replays it from the first event (``tracking.schema_changed``).
    schema_version: int = 1
    # DDL of another view's tables that this view's queries join (a queue beside the case clocks): created if
    # missing, so the queries answer before the other worker's first pass; never dropped with this view.
    joins: list[str] = []

    @singledispatchmethod
    def process(self, event: object, tx: Tx) -> None:
        """Events this view does not show are ignored."""

    def create(self, tx: Tx) -> None:
        for statement in (*self.ddl, *self.joins):
            tx.execute(statement)

    def drop(self, tx: Tx) -> None:
        for table in self.tables:
            tx.execute(f"DROP TABLE IF EXISTS {table}")
