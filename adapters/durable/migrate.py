"""Bringing the durable tables to the newest revision, and reading which revision a database is at.

``upgrade`` runs every pending revision in ONE transaction that first takes a lock, so that ``serve`` and
``worker`` starting together do not both migrate: on SQLite the write lock of ``BEGIN IMMEDIATE`` (the other
process waits for it, up to the store's 30 s busy timeout), on PostgreSQL a transaction-scoped advisory lock
keyed by the schema (other schemas, e.g. other instances or tests, do not wait). Whoever comes second finds
the database at head and does nothing. On PostgreSQL everything, ``alembic_version`` included, lands in the
schema the store's ``search_path`` names.

The script directory is found from this package, not from the working directory, so it works from any cwd
and from an installed venv (``pyproject.toml`` ships ``migrations/`` as package data).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from adapters.viewstore import ViewStore

SCRIPT_LOCATION = str(Path(__file__).resolve().with_name("migrations"))
PG_LOCK = "SELECT pg_advisory_xact_lock(hashtext('registry durable tables in ' || current_schema()))"


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.attributes["connection"] = connection
    return config


def head() -> str:
    """The newest revision this code knows."""
    found = ScriptDirectory.from_config(_config()).get_current_head()
    assert found is not None
    return found


@contextmanager
def _locked(store: ViewStore) -> Iterator[Connection]:
    with store.engine.connect() as connection:
        if store.dialect == "sqlite":
            connection = connection.execution_options(sqlite_immediate=True)  # BEGIN IMMEDIATE: the write lock
        with connection.begin():
            if store.dialect == "postgres":
                connection.exec_driver_sql(PG_LOCK)  # released when this transaction ends
            yield connection


def upgrade(store: ViewStore, revision: str = "head") -> str | None:
    """Run the pending revisions (up to ``revision``); answers the revision the database is at afterwards."""
    with _locked(store) as connection:
        command.upgrade(_config(connection), revision)
        return MigrationContext.configure(connection).get_current_revision()


def current(store: ViewStore) -> str | None:
    """The revision the database is at; None for a database no upgrade has run on."""
    with store.read() as tx:
        return MigrationContext.configure(tx.connection).get_current_revision()
