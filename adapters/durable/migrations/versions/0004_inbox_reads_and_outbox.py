"""Inbox read marks, the email/SMS outbox and the SMS sandbox's record (decision 021).

Read marks are what a user did, not what happened to a case: no event records them, so they are durable
rows, not a view. The outbox holds each copy of an inbox message to be sent, unique per message, recipient,
addressee and channel, so a copy is queued once however often or concurrently the filler runs.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TEXT, INTEGER = sa.Text(), sa.Integer()


def _required(name: str, type_: sa.types.TypeEngine = TEXT) -> sa.Column:
    return sa.Column(name, type_, nullable=False)


def upgrade() -> None:
    op.create_table("inbox_read", sa.Column("user_id", TEXT, primary_key=True),
                    sa.Column("recipient", TEXT, primary_key=True), sa.Column("message_id", TEXT, primary_key=True),
                    _required("read_at"))
    op.create_table("notification_outbox", sa.Column("id", INTEGER, primary_key=True, autoincrement=True),
                    _required("user_id"), _required("recipient"), _required("message_id"), _required("channel"),
                    _required("address"), _required("subject"), _required("body"), _required("queued_at"),
                    _required("attempts", INTEGER), sa.Column("next_attempt_at", TEXT), sa.Column("sent_at", TEXT),
                    sa.Column("given_up_at", TEXT), sa.Column("last_error", TEXT))
    op.create_index("notification_outbox_once", "notification_outbox",
                    ["message_id", "recipient", "user_id", "channel"], unique=True)
    op.create_index("notification_outbox_due", "notification_outbox", ["sent_at", "given_up_at", "next_attempt_at"])
    op.create_table("sms_sandbox_message", sa.Column("id", INTEGER, primary_key=True, autoincrement=True),
                    _required("mobile"), _required("text"), _required("accepted_at"))


def downgrade() -> None:
    for table in ("sms_sandbox_message", "notification_outbox", "inbox_read"):
        op.drop_table(table)
