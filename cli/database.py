"""``registry db upgrade | current``: the durable tables' schema (accounts, court keys, webhooks, signed PDFs,
the sandbox's books). ``serve`` and ``worker`` upgrade at start anyway; these are for an operator who wants
to migrate before starting, or to see where a database stands. Views are not migrated: they rebuild from the
events when their schema version changes (``registry projections``)."""

from __future__ import annotations

import click

from cli.context import Operator, pass_operator


@click.group("db")
def database() -> None:
    """The durable tables' migrations (Alembic)."""


def _open(operator: Operator):  # noqa: ANN202 - a ViewStore, imported lazily with the adapters
    from adapters.instance import open_view_store

    return open_view_store(operator.settings)


@database.command("upgrade")
@pass_operator
def upgrade(operator: Operator) -> None:
    """Bring the durable tables to the newest revision (a no-op when they are there)."""
    from adapters.durable import migrate

    store = _open(operator)
    try:
        click.echo(f"durable tables at revision {migrate.upgrade(store)}")
    finally:
        store.close()


@database.command("current")
@pass_operator
def current(operator: Operator) -> None:
    """Which revision the durable tables are at, and whether that is the newest this code knows."""
    from adapters.durable import migrate

    store = _open(operator)
    try:
        revision, head = migrate.current(store), migrate.head()
    finally:
        store.close()
    where = "head" if revision == head else f"behind head {head}: run 'registry db upgrade'"
    click.echo(f"durable tables at revision {revision or 'none'} ({where})")
