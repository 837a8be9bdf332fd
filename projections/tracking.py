"""Where each view and policy has got to in the Registry's notification log.

The position is updated in the same transaction as the rows it accounts for, so a view holds each
event exactly once. Advancing is a compare-and-set: if another process moved the position first
(a second worker, a rebuild running next to the live worker), the transaction is abandoned
instead of applying the same events twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, Column, Integer, MetaData, Table, Text
from sqlalchemy.schema import CreateTable

if TYPE_CHECKING:
    from adapters.viewstore import Tx

TABLE = "view_tracking"
SCHEMA_TABLE = "view_schema"
metadata = MetaData()
DDL = CreateTable(Table(TABLE, metadata, Column("name", Text, primary_key=True),
                        Column("position", BigInteger, nullable=False)), if_not_exists=True)
SCHEMA_DDL = CreateTable(Table(SCHEMA_TABLE, metadata, Column("name", Text, primary_key=True),
                               Column("version", Integer, nullable=False)), if_not_exists=True)


class PositionMoved(Exception):
    """Someone else advanced this position since we read it; re-read and carry on from there."""


def create(tx: Tx, names: list[str]) -> None:
    """The table and a row at position 0 for each name; existing rows keep their position."""
    tx.execute(DDL)
    for name in names:
        tx.execute(f"INSERT INTO {TABLE} (name, position) VALUES (:name, 0) ON CONFLICT (name) DO NOTHING",
                   {"name": name})


def schema_changed(tx: Tx, name: str, version: int) -> bool:
    """Record ``version`` as the shape of ``name``'s rows; True when the stored ones had another shape (a view
    set up before versions were kept counts as version 1) and must be rebuilt from the first event."""
    tx.execute(SCHEMA_DDL)
    row = tx.one(f"SELECT version FROM {SCHEMA_TABLE} WHERE name = :name", {"name": name})
    stored = int(row["version"]) if row else 1
    if row is None:
        tx.execute(f"INSERT INTO {SCHEMA_TABLE} (name, version) VALUES (:name, :version) "
                   "ON CONFLICT (name) DO NOTHING", {"name": name, "version": version})
    elif stored != version:
        tx.execute(f"UPDATE {SCHEMA_TABLE} SET version = :version WHERE name = :name",
                   {"version": version, "name": name})
    return stored != version


def read(tx: Tx, name: str) -> int:
    row = tx.one(f"SELECT position FROM {TABLE} WHERE name = :name", {"name": name})
    return int(row["position"]) if row else 0


def read_all(tx: Tx) -> dict[str, int]:
    return {r["name"]: int(r["position"]) for r in tx.execute(f"SELECT name, position FROM {TABLE}")}


def advance(tx: Tx, name: str, expected: int, to: int) -> None:
    """Move ``name`` from ``expected`` to ``to``, or raise ``PositionMoved`` (roll back the transaction).

    Run it first in the transaction: on PostgreSQL the row lock it takes makes a concurrent
    processor of the same view wait here, before either has written any rows.
    """
    moved = tx.execute(f"UPDATE {TABLE} SET position = :to WHERE name = :name AND position = :expected "
                       "RETURNING position", {"to": to, "name": name, "expected": expected})
    if not moved:
        raise PositionMoved(f"{name} is no longer at {expected}")


def reset(tx: Tx, name: str) -> None:
    tx.execute(f"DELETE FROM {TABLE} WHERE name = :name", {"name": name})
    tx.execute(f"INSERT INTO {TABLE} (name, position) VALUES (:name, 0)", {"name": name})
