"""The durable tables as SQLAlchemy ``Table`` metadata on one ``MetaData``: what the migrations in
``migrations/versions`` build, and what the test compares the migrated database against.

Views are not here: they are rebuilt from the events (``projections``), each by its own schema version.
Timestamps are ISO-8601 text as before (textual order is time order); ``court_nonce.seen_at`` is Unix seconds.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, Integer, LargeBinary, MetaData, Table, Text

from adapters.viewstore import ViewStore

metadata = MetaData()

# -- accounts (adapters.accounts) ------------------------------------------------------------------
account_org = Table(
    "account_org", metadata,
    Column("id", Text, primary_key=True), Column("kind", Text, nullable=False), Column("name", Text, nullable=False),
    Column("province", Text), Column("city", Text), Column("created_at", Text, nullable=False),
    Column("issuer_code", Text))
account_user = Table(
    "account_user", metadata,
    Column("id", Text, primary_key=True), Column("org", Text), Column("role", Text, nullable=False),
    Column("display_name", Text, nullable=False), Column("id_number_sealed", Text), Column("password_hash", Text),
    Column("failed_logins", Integer, nullable=False), Column("locked_until", Text),
    Column("created_at", Text, nullable=False),
    # contacts for the outbox (revision 0003): personal data, shown to the account itself and admins only
    Column("email", Text), Column("mobile", Text), Column("contacts_at", Text))
account_token = Table(
    "account_token", metadata,
    Column("digest", Text, primary_key=True), Column("user_id", Text, nullable=False),
    Column("created_at", Text, nullable=False), Column("expires_at", Text, nullable=False),
    Column("revoked", Integer, nullable=False))

# -- which banks an office accredits (adapters.banks) ----------------------------------------------
bank_accreditation = Table(
    "bank_accreditation", metadata,
    Column("bank", Text, primary_key=True), Column("registry", Text, primary_key=True),
    Column("since", Text, nullable=False))

# -- courts' keys and the nonces their requests used (adapters.court_keys) -------------------------
court_key = Table(
    "court_key", metadata,
    Column("key_id", Text, primary_key=True), Column("court", Text, nullable=False),
    Column("public_key_pem", Text, nullable=False), Column("created_at", Text, nullable=False),
    Column("revoked_at", Text))
court_nonce = Table(
    "court_nonce", metadata,
    Column("key_id", Text, primary_key=True), Column("nonce", Text, primary_key=True),
    Column("seen_at", BigInteger, nullable=False))

# -- signed certificate PDFs (adapters.documents): BLOB in SQLite, BYTEA in PostgreSQL ---------------
certificate_document = Table(
    "certificate_document", metadata,
    Column("certificate_id", Text, primary_key=True), Column("pdf", LargeBinary, nullable=False),
    Column("sha256", Text, nullable=False))

# -- documents the parties and banks attach to a case (adapters.attachments), by their SHA-256 -----------
attached_document = Table(
    "attached_document", metadata,
    Column("document_id", Text, primary_key=True), Column("content", LargeBinary, nullable=False),
    Column("sha256", Text, nullable=False), Column("size", Integer, nullable=False))


# -- webhooks of the machine parties (adapters.webhooks.Party): the same two tables per party ---------
def _webhook_tables(who: str) -> tuple[Table, Table]:
    subscriptions = Table(
        f"{who}_webhook", metadata,
        Column(who, Text, primary_key=True), Column("url", Text, nullable=False),
        Column("secret_sealed", Text, nullable=False), Column("created_at", Text, nullable=False),
        Column("updated_at", Text, nullable=False))
    deliveries = Table(
        f"{who}_webhook_delivery", metadata,
        Column("notification_id", Text, primary_key=True), Column(who, Text, nullable=False),
        Column("seq", Integer, nullable=False), Column("attempts", Integer, nullable=False),
        Column("next_attempt_at", Text), Column("delivered_at", Text), Column("last_status", Integer),
        Column("last_error", Text))
    Index(f"{who}_webhook_delivery_order", deliveries.c[who], deliveries.c.seq, unique=True)
    return subscriptions, deliveries


bank_webhook, bank_webhook_delivery = _webhook_tables("bank")
court_webhook, court_webhook_delivery = _webhook_tables("court")

# -- the sandbox payment provider (adapters.sandbox_gateway, adapters.sandbox_deliveries) ------------
sandbox_payment = Table(
    "sandbox_payment", metadata,
    Column("payment_id", Text, primary_key=True), Column("merchant_id", Text, nullable=False),
    Column("order_id", Text, nullable=False), Column("amount", Text, nullable=False),
    Column("currency", Text, nullable=False), Column("description", Text, nullable=False),
    Column("return_url", Text, nullable=False), Column("notify_url", Text, nullable=False),
    Column("status", Text, nullable=False), Column("seq", Integer, nullable=False),
    Column("created_at", Text, nullable=False), Column("expires_at", Text, nullable=False),
    Column("paid_at", Text), Column("closed_at", Text), Column("refund_id", Text), Column("refund_reason", Text),
    Column("refunded_at", Text),
    Index("sandbox_payment_order", "merchant_id", "order_id", unique=True))
sandbox_event = Table(
    "sandbox_event", metadata,
    Column("event_id", Text, primary_key=True), Column("payment_id", Text, nullable=False),
    Column("merchant_id", Text, nullable=False), Column("event_type", Text, nullable=False),
    Column("seq", Integer, nullable=False), Column("body", Text, nullable=False),
    Column("notify_url", Text, nullable=False), Column("created_at", Text, nullable=False),
    Column("state", Text, nullable=False), Column("attempts", Integer, nullable=False),
    Column("last_status", Integer), Column("last_error", Text), Column("last_attempt_at", Text),
    Column("next_attempt_at", Text), Column("delivered_at", Text),
    Index("sandbox_event_state", "state"), Index("sandbox_event_payment", "payment_id"))


# -- who read which inbox message (adapters.inbox_reads): user state, no event records it (revision 0004) ------
inbox_read = Table(
    "inbox_read", metadata,
    Column("user_id", Text, primary_key=True), Column("recipient", Text, primary_key=True),
    Column("message_id", Text, primary_key=True), Column("read_at", Text, nullable=False))

# -- email and SMS copies of inbox messages (adapters.outbox): one row per message, addressee and channel ----
notification_outbox = Table(
    "notification_outbox", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Text, nullable=False), Column("recipient", Text, nullable=False),
    Column("message_id", Text, nullable=False), Column("channel", Text, nullable=False),
    Column("address", Text, nullable=False), Column("subject", Text, nullable=False),
    Column("body", Text, nullable=False), Column("queued_at", Text, nullable=False),
    Column("attempts", Integer, nullable=False), Column("next_attempt_at", Text), Column("sent_at", Text),
    Column("given_up_at", Text), Column("last_error", Text),
    Index("notification_outbox_once", "message_id", "recipient", "user_id", "channel", unique=True),
    Index("notification_outbox_due", "sent_at", "given_up_at", "next_attempt_at"))

# -- what the SMS sandbox accepted (adapters.senders.SandboxSms): there is no SMS provider to reach ----------
sms_sandbox_message = Table(
    "sms_sandbox_message", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True), Column("mobile", Text, nullable=False),
    Column("text", Text, nullable=False), Column("accepted_at", Text, nullable=False))


def create(store: ViewStore, *tables: Table) -> None:
    """Create the given tables where missing, for an adapter used on its own (tests, tools). The platform
    does not call this: it runs the migrations at start (``adapters.durable.migrate.upgrade``)."""
    with store.transaction() as tx:
        metadata.create_all(tx.connection, tables=list(tables), checkfirst=True)
