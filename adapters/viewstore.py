"""The relational store behind read models and accounts: SQLite (embedded) or PostgreSQL, one code path
on SQLAlchemy Core.

SQL is a string with ``:named`` parameters or a Core statement (``table.insert()``, ``select(...)``); rows come
back as dicts. A ``transaction()`` commits everything inside it or nothing, which is what lets a view commit
its rows and its tracking position together.

A string is compiled once by SQLAlchemy for the engine's dialect (``text()``: ``?`` for SQLite, ``%(name)s``
for psycopg, literal colons and percent signs escaped) and then sent straight to the pooled DB-API cursor of
the open transaction. That skips SQLAlchemy's per-statement execution context, which cost more than the
statement itself on the views' hot path (decision 018); Core statements take SQLAlchemy's full path. Driver
errors are raised as SQLAlchemy's own wrappers (``sqlalchemy.exc.IntegrityError``...) either way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, Dialect
from sqlalchemy.exc import DBAPIError

Params = Mapping[str, Any]
Listener = Callable[[str, Any, bool], None]


@lru_cache(maxsize=4096)
def _compiled(sql: str, dialect: Dialect) -> tuple[str, tuple[str, ...] | None]:
    """The driver's SQL for a ``:named`` string, and the parameter names in order for a positional driver
    (None for a driver that takes a mapping); compiled once per string and dialect."""
    compiled = text(sql).compile(dialect=dialect)
    return compiled.string, (tuple(compiled.positiontup or ()) if compiled.positional else None)


class Tx:
    """One open transaction. ``execute`` returns the rows of a statement that returns rows, as dicts."""

    __slots__ = ("connection", "_dialect", "_listeners")

    def __init__(self, connection: Connection, listeners: list[Listener]) -> None:
        self.connection = connection
        self._dialect = connection.dialect
        self._listeners = listeners

    def execute(self, sql: str | Any, params: Params | None = None) -> list[dict[str, Any]]:
        if not isinstance(sql, str):
            result = self.connection.execute(sql, params)
            if not result.returns_rows:
                return []
            keys = tuple(result.keys())
            return [dict(zip(keys, row, strict=True)) for row in result.all()]
        statement, names = _compiled(sql, self._dialect)
        arguments = self._arguments(names, params or {})
        cursor = self._cursor(statement, arguments, many=False)
        try:
            if cursor.description is None:
                return []
            keys = tuple(column[0] for column in cursor.description)
            return [dict(zip(keys, row, strict=True)) for row in cursor.fetchall()]
        finally:
            cursor.close()

    def one(self, sql: str | Any, params: Params | None = None) -> dict[str, Any] | None:
        rows = self.execute(sql, params)
        return rows[0] if rows else None

    def executemany(self, sql: str | Any, rows: Sequence[Params]) -> None:
        if not rows:
            return
        if not isinstance(sql, str):
            self.connection.execute(sql, list(rows))
            return
        statement, names = _compiled(sql, self._dialect)
        self._cursor(statement, [self._arguments(names, row) for row in rows], many=True).close()

    @staticmethod
    def _arguments(names: tuple[str, ...] | None, params: Params) -> Any:
        return dict(params) if names is None else tuple(params[name] for name in names)

    def _cursor(self, statement: str, arguments: Any, *, many: bool) -> Any:
        for listener in self._listeners:
            listener(statement, arguments, many)
        cursor = self.connection.connection.cursor()
        try:
            (cursor.executemany if many else cursor.execute)(statement, arguments)
        except self._dialect.loaded_dbapi.Error as error:
            cursor.close()
            raise DBAPIError.instance(statement, arguments, error, self._dialect.loaded_dbapi.Error,
                                      dialect=self._dialect) from error
        return cursor


class ViewStore:
    """One ``Engine`` for either dialect. ``dialect`` is "sqlite" or "postgres" (DDL types differ in places)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = "postgres" if engine.dialect.name == "postgresql" else "sqlite"
        self._listeners: list[Listener] = []

    def listen(self, listener: Listener) -> None:
        """Call ``listener(sql, parameters, many)`` with each string statement as the driver receives it (the
        benchmarks record them to replay on the bare driver; Core statements fire the engine's own events)."""
        self._listeners.append(listener)

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
                yield Tx(connection, self._listeners)

    @contextmanager
    def read(self) -> Iterator[Tx]:
        with self.engine.connect() as connection, connection.begin() as reading:
            try:
                yield Tx(connection, self._listeners)
            finally:
                reading.rollback()

    def close(self) -> None:
        self.engine.dispose()
