"""Baseline: the durable tables as the hand-written DDL of the adapters created them before Alembic.

Each table and index is created only where it is missing (IF NOT EXISTS), so a database made by the earlier
code is adopted as it is, rows and all, and a fresh one gets everything. The definitions are frozen here, not
imported from ``adapters.durable.tables``: a later change to the metadata is a new revision, never an edit
of this one.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TEXT, INTEGER = sa.Text(), sa.Integer()


def _table(name: str, *columns: sa.Column) -> None:
    op.create_table(name, *columns, if_not_exists=True)


def _required(name: str, type_: sa.types.TypeEngine = TEXT) -> sa.Column:
    return sa.Column(name, type_, nullable=False)


def _key(name: str) -> sa.Column:
    return sa.Column(name, TEXT, primary_key=True)


def upgrade() -> None:
    _table("account_org", _key("id"), _required("kind"), _required("name"), sa.Column("province", TEXT),
           sa.Column("city", TEXT), _required("created_at"), sa.Column("issuer_code", TEXT))
    _table("account_user", _key("id"), sa.Column("org", TEXT), _required("role"), _required("display_name"),
           sa.Column("id_number_sealed", TEXT), sa.Column("password_hash", TEXT),
           _required("failed_logins", INTEGER), sa.Column("locked_until", TEXT), _required("created_at"))
    _table("account_token", _key("digest"), _required("user_id"), _required("created_at"), _required("expires_at"),
           _required("revoked", INTEGER))
    _table("bank_accreditation", _key("bank"), _key("registry"), _required("since"))
    _table("court_key", _key("key_id"), _required("court"), _required("public_key_pem"), _required("created_at"),
           sa.Column("revoked_at", TEXT))
    _table("court_nonce", _key("key_id"), _key("nonce"), _required("seen_at", sa.BigInteger()))
    _table("certificate_document", _key("certificate_id"), _required("pdf", sa.LargeBinary()), _required("sha256"))
    for who in ("bank", "court"):
        _table(f"{who}_webhook", _key(who), _required("url"), _required("secret_sealed"), _required("created_at"),
               _required("updated_at"))
        _table(f"{who}_webhook_delivery", _key("notification_id"), _required(who), _required("seq", INTEGER),
               _required("attempts", INTEGER), sa.Column("next_attempt_at", TEXT), sa.Column("delivered_at", TEXT),
               sa.Column("last_status", INTEGER), sa.Column("last_error", TEXT))
        op.create_index(f"{who}_webhook_delivery_order", f"{who}_webhook_delivery", [who, "seq"], unique=True,
                        if_not_exists=True)
    _table("sandbox_payment", _key("payment_id"), _required("merchant_id"), _required("order_id"),
           _required("amount"), _required("currency"), _required("description"), _required("return_url"),
           _required("notify_url"), _required("status"), _required("seq", INTEGER), _required("created_at"),
           _required("expires_at"), sa.Column("paid_at", TEXT), sa.Column("closed_at", TEXT),
           sa.Column("refund_id", TEXT), sa.Column("refund_reason", TEXT), sa.Column("refunded_at", TEXT))
    op.create_index("sandbox_payment_order", "sandbox_payment", ["merchant_id", "order_id"], unique=True,
                    if_not_exists=True)
    _table("sandbox_event", _key("event_id"), _required("payment_id"), _required("merchant_id"),
           _required("event_type"), _required("seq", INTEGER), _required("body"), _required("notify_url"),
           _required("created_at"), _required("state"), _required("attempts", INTEGER),
           sa.Column("last_status", INTEGER), sa.Column("last_error", TEXT), sa.Column("last_attempt_at", TEXT),
           sa.Column("next_attempt_at", TEXT), sa.Column("delivered_at", TEXT))
    op.create_index("sandbox_event_state", "sandbox_event", ["state"], if_not_exists=True)
    op.create_index("sandbox_event_payment", "sandbox_event", ["payment_id"], if_not_exists=True)


def downgrade() -> None:
    raise NotImplementedError("the durable tables hold what no event can rebuild: they are never dropped")
