"""SQLite: text primary keys become NOT NULL.

SQLite, unlike PostgreSQL, lets a primary key column that is not an INTEGER PRIMARY KEY hold NULL unless the
column says NOT NULL, and the hand-written DDL before the baseline did not say it: an account, a token digest,
a court key or a delivery could be stored under a NULL id, which no lookup ever finds again. Tables created by
the baseline already have NOT NULL (SQLAlchemy emits it for key columns); this revision rebuilds the adopted
ones (SQLite alters a column by copying the table, rows and indexes kept). PostgreSQL needs nothing.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TEXT_KEYS = {"account_org": "id", "account_user": "id", "account_token": "digest", "court_key": "key_id",
             "certificate_document": "certificate_id", "bank_webhook": "bank", "court_webhook": "court",
             "bank_webhook_delivery": "notification_id", "court_webhook_delivery": "notification_id",
             "sandbox_payment": "payment_id", "sandbox_event": "event_id"}


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "sqlite":
        return
    inspector = sa.inspect(connection)
    for table, key in TEXT_KEYS.items():
        column = next(c for c in inspector.get_columns(table) if c["name"] == key)
        if column["nullable"]:
            with op.batch_alter_table(table, recreate="always") as batch:
                batch.alter_column(key, existing_type=sa.Text(), nullable=False)


def downgrade() -> None:
    pass  # a NULL key was never meant to be stored: there is nothing to give back
