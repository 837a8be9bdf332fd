"""The relational store behind read models and accounts: SQLite (embedded) or PostgreSQL.

SQL is written once with ``?`` placeholders and portable types (TEXT, BIGINT, INTEGER); the
PostgreSQL adapter rewrites placeholders, so a literal ``?`` or ``%`` must travel as a parameter.
Rows come back as dicts. A ``transaction()`` commits
everything inside it or nothing, which is what lets a view commit its rows and its tracking
position together.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any


class Tx:
    """One open transaction. ``execute`` returns the rows of a SELECT as dicts."""

    def __init__(self, cursor: Any, rewrite: bool) -> None:
        self._cursor = cursor
        self._rewrite = rewrite

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        if self._rewrite:
            sql = sql.replace("?", "%s")
        self._cursor.execute(sql, tuple(params))
        if self._cursor.description is None:
            return []
        return [dict(row) for row in self._cursor.fetchall()]

    def one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        rows = self.execute(sql, params)
        return rows[0] if rows else None

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if self._rewrite:
            sql = sql.replace("?", "%s")
        self._cursor.executemany(sql, [tuple(r) for r in rows])


class SQLiteViewStore:
    dialect = "sqlite"

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._local = threading.local()

    def _connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            self._local.conn = conn
        return conn

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        conn = self._connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield Tx(conn.cursor(), rewrite=False)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    @contextmanager
    def read(self) -> Iterator[Tx]:
        conn = self._connection()
        conn.execute("BEGIN")
        try:
            yield Tx(conn.cursor(), rewrite=False)
        finally:
            conn.execute("ROLLBACK")

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


class PostgresViewStore:
    dialect = "postgres"

    def __init__(self, dsn: str, schema: str | None = None, max_size: int = 8) -> None:
        from psycopg.rows import dict_row
        from psycopg_pool import ConnectionPool

        options = f"-c search_path={schema}" if schema else ""
        self.schema = schema
        self._pool = ConnectionPool(dsn, min_size=1, max_size=max_size, open=True,
                                    kwargs={"row_factory": dict_row, "options": options})

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        with self._pool.connection() as conn, conn.transaction(), conn.cursor() as cur:
            yield Tx(cur, rewrite=True)

    @contextmanager
    def read(self) -> Iterator[Tx]:
        with self._pool.connection() as conn, conn.cursor() as cur:
            yield Tx(cur, rewrite=True)
            conn.rollback()

    def close(self) -> None:
        self._pool.close()


ViewStore = SQLiteViewStore | PostgresViewStore
