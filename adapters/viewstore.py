"""The relational store behind read models and accounts: SQLite (embedded) or PostgreSQL, one code path
on SQLAlchemy Core.

SQL is a string with ``:named`` parameters (run as ``text()``, parsed once per string) or a Core statement
(``table.insert()``, ``select(...)``); rows come back as dicts. A ``transaction()`` commits everything
inside it or nothing, which is what lets a view commit its rows and its tracking position together.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL
from sqlalchemy.sql.elements import TextClause

Params = Mapping[str, Any]


@lru_cache(maxsize=4096)
def _text(sql: str) -> TextClause:
    """One parsed ``text()`` per SQL string: the hot path (a view's INSERT per event) does not re-parse."""
    return text(sql)


class Tx:
    """One open transaction. ``execute`` returns the rows of a statement that returns rows, as dicts."""

    __slots__ = ("connection", "_legacy_marks")

    def __init__(self, connection: Connection, legacy_marks: str) -> None:
        self.connection = connection
        self._legacy_marks = legacy_marks

    def execute(self, sql: str | Any, params: Params | Sequence[Any] | None = None) -> list[dict[str, Any]]:
        if isinstance(sql, str):
            if params is not None and not isinstance(params, Mapping):
                result = self.connection.exec_driver_sql(self._legacy(sql), tuple(params))
            else:
                result = self.connection.execute(_text(sql), params)
        else:
            result = self.connection.execute(sql, params)
        if not result.returns_rows:
            return []
        keys = tuple(result.keys())
        return [dict(zip(keys, row, strict=True)) for row in result.all()]

    def one(self, sql: str | Any, params: Params | Sequence[Any] | None = None) -> dict[str, Any] | None:
        rows = self.execute(sql, params)
        return rows[0] if rows else None

    def executemany(self, sql: str | Any, rows: Sequence[Params] | Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        if isinstance(sql, str) and not isinstance(rows[0], Mapping):
            self.connection.exec_driver_sql(self._legacy(sql), [tuple(r) for r in rows])
        else:
            self.connection.execute(_text(sql) if isinstance(sql, str) else sql, list(rows))

    def _legacy(self, sql: str) -> str:
        """Transition only: ``?`` placeholders with a positional sequence, as before SQLAlchemy."""
        return sql.replace("?", self._legacy_marks) if self._legacy_marks != "?" else sql


class ViewStore:
    """One ``Engine`` for either dialect. ``dialect`` is "sqlite" or "postgres" (DDL types differ in places)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = "postgres" if engine.dialect.name == "postgresql" else "sqlite"
        self._legacy_marks = "%s" if self.dialect == "postgres" else "?"

    @classmethod
    def sqlite(cls, path: str | Path) -> ViewStore:
        """WAL with synchronous=NORMAL; write transactions BEGIN IMMEDIATE (a writer waits for the lock at
        the start instead of failing at its first write), reads a plain BEGIN."""
        engine = create_engine(URL.create("sqlite+pysqlite", database=str(path)), pool_size=8,
                               max_overflow=24, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _connected(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (pysqlite's own is deferred)
            dbapi_connection.execute("PRAGMA journal_mode=WAL")
            dbapi_connection.execute("PRAGMA synchronous=NORMAL")

        @event.listens_for(engine, "begin")
        def _begin(connection: Connection) -> None:
            immediate = connection.get_execution_options().get("sqlite_immediate", False)
            connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return cls(engine)

    @classmethod
    def postgres(cls, dsn: str, schema: str | None = None, pool_size: int = 8) -> ViewStore:
        """``dsn`` in libpq's ``key=value`` form; ``schema`` becomes the connections' ``search_path``."""
        from psycopg.conninfo import conninfo_to_dict

        connect_args: dict[str, Any] = conninfo_to_dict(dsn)
        if schema:
            connect_args["options"] = f"-c search_path={schema}"
        engine = create_engine("postgresql+psycopg://", pool_size=pool_size, max_overflow=0,
                               connect_args=connect_args)
        return cls(engine)

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        with self.engine.connect() as connection:
            if self.dialect == "sqlite":
                connection = connection.execution_options(sqlite_immediate=True)
            with connection.begin():
                yield Tx(connection, self._legacy_marks)

    @contextmanager
    def read(self) -> Iterator[Tx]:
        with self.engine.connect() as connection, connection.begin() as reading:
            try:
                yield Tx(connection, self._legacy_marks)
            finally:
                reading.rollback()

    def close(self) -> None:
        self.engine.dispose()
