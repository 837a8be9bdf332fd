"""The parties' and banks' attached documents (ID scans, contracts, a marriage certificate, a loan contract).

Their bytes cannot be rebuilt from the events, which record only each document's SHA-256, so they are a durable
table. A row is keyed by the content-addressed id and written once: the same file shelved twice is one row.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("attached_document", sa.Column("document_id", sa.Text(), primary_key=True),
                    sa.Column("content", sa.LargeBinary(), nullable=False),
                    sa.Column("sha256", sa.Text(), nullable=False), sa.Column("size", sa.Integer(), nullable=False),
                    if_not_exists=True)


def downgrade() -> None:
    op.drop_table("attached_document")
