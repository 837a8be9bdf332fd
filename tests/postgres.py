"""A fresh PostgreSQL schema per test on the server at 127.0.0.1:5432 (user postgres, trust auth).

With CI=true an unreachable server fails the test loudly; elsewhere the PostgreSQL variant is skipped.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

PG_DSN = os.environ.get("REGISTRY_TEST_PG_DSN", "host=127.0.0.1 port=5432 user=postgres dbname=postgres")
PG_URL = os.environ.get("REGISTRY_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def require_postgres() -> None:
    import psycopg

    try:
        psycopg.connect(PG_DSN, connect_timeout=3).close()
    except psycopg.OperationalError as e:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL at 127.0.0.1:5432 is unreachable and CI=true: {e}", pytrace=False)
        pytest.skip(f"PostgreSQL unreachable: {e}")


@contextmanager
def fresh_schema() -> Iterator[str]:
    import psycopg

    require_postgres()
    schema = f"t_{uuid.uuid4().hex[:20]}"
    with psycopg.connect(PG_DSN, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield schema
    finally:
        with psycopg.connect(PG_DSN, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
