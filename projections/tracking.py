"""Where each view and policy has got to in the Registry's notification log.

The position is updated in the same transaction as the rows it accounts for, so a view holds each
event exactly once. Advancing is a compare-and-set: if another process moved the position first
(a second worker, a rebuild running next to the live worker), the transaction is abandoned
instead of applying the same events twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from adapters.viewstore import Tx

TABLE = "view_tracking"
DDL = f"CREATE TABLE IF NOT EXISTS {TABLE} (name TEXT PRIMARY KEY, position BIGINT NOT NULL)"
SCHEMA_TABLE = "view_schema"
SCHEMA_DDL = f"CREATE TABLE IF NOT EXISTS {SCHEMA_TABLE} (name TEXT PRIMARY KEY, version INTEGER NOT NULL)"


class PositionMoved(Exception):
    """Someone else advanced this position since we read it; re-read and carry on from there."""


def create(tx: Tx, names: list[str]) -> None:
    """The table and a row at position 0 for each name; existing rows keep their position."""
    tx.execute(DDL)
    for name in names:
        tx.execute(f"INSERT INTO {TABLE} (name, position) VALUES (?, 0) ON CONFLICT (name) DO NOTHING",
                   (name,))


def schema_changed(tx: Tx, name: str, version: int) -> bool:
    """Record ``version`` as the shape of ``name``'s rows; True when the stored ones had another shape (a view
    set up before versions were kept counts as version 1) and must be rebuilt from the first event."""
    tx.execute(SCHEMA_DDL)
    row = tx.one(f"SELECT version FROM {SCHEMA_TABLE} WHERE name = ?", (name,))
    stored = int(row["version"]) if row else 1
    if row is None:
        tx.execute(f"INSERT INTO {SCHEMA_TABLE} (name, version) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                   (name, version))
    elif stored != version:
        tx.execute(f"UPDATE {SCHEMA_TABLE} SET version = ? WHERE name = ?", (version, name))
    return stored != version


def read(tx: Tx, name: str) -> int:
    row = tx.one(f"SELECT position FROM {TABLE} WHERE name = ?", (name,))
    return int(row["position"]) if row else 0


def read_all(tx: Tx) -> dict[str, int]:
    return {r["name"]: int(r["position"]) for r in tx.execute(f"SELECT name, position FROM {TABLE}")}


def advance(tx: Tx, name: str, expected: int, to: int) -> None:
    """Move ``name`` from ``expected`` to ``to``, or raise ``PositionMoved`` (roll back the transaction).

    Run it first in the transaction: on PostgreSQL the row lock it takes makes a concurrent
    processor of the same view wait here, before either has written any rows.
    """
    moved = tx.execute(f"UPDATE {TABLE} SET position = ? WHERE name = ? AND position = ? RETURNING position",
                       (to, name, expected))
    if not moved:
        raise PositionMoved(f"{name} is no longer at {expected}")


def reset(tx: Tx, name: str) -> None:
    tx.execute(f"DELETE FROM {TABLE} WHERE name = ?", (name,))
    tx.execute(f"INSERT INTO {TABLE} (name, position) VALUES (?, 0)", (name,))
