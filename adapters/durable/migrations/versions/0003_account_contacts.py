"""Accounts get an optional email address and mainland mobile number, and when they were last set.

The outbox (revision 0004) sends copies of inbox messages to them; ``contacts_at`` keeps it from mailing a
backlog: only messages from that moment on are sent. Existing accounts keep every row and get NULLs.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

COLUMNS = ("email", "mobile", "contacts_at")


def upgrade() -> None:
    for name in COLUMNS:
        op.add_column("account_user", sa.Column(name, sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("account_user") as batch:
        for name in COLUMNS:
            batch.drop_column(name)
