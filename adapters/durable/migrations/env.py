"""Alembic's environment for the durable tables. It never opens a connection of its own: ``migrate.upgrade``
hands it one already inside the locked transaction, so every revision runs in that one transaction and a
second process starting at the same time waits and then finds the database at head."""

from __future__ import annotations

from alembic import context

from adapters.durable.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata,
                  render_as_batch=connection.dialect.name == "sqlite")  # SQLite alters by copying the table
with context.begin_transaction():  # inside the caller's transaction: no new one is begun
    context.run_migrations()
