"""A durable store as the code at 558c4fd made it, before Alembic: the adapters' hand-written DDL, the
statements of ``git show 558c4fd:adapters/<file>.py`` (accounts, banks, court_keys, documents, webhooks,
sandbox_gateway; the two parties' webhook tables expanded by the same loop over ``bank`` and ``court`` that
``Party.ddl`` ran), and a few memorable rows written with that code's positional INSERTs.

Frozen: never edit it to follow a change of today's tables; the migration test upgrades exactly this.
"""

from __future__ import annotations

import base64
import hashlib
import secrets

from argon2 import PasswordHasher
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from adapters.viewstore import ViewStore


def ddl(blob: str) -> list[str]:
    """``blob`` is BLOB on SQLite, BYTEA on PostgreSQL (as adapters/documents.py chose at the time)."""
    hooks = []
    for who in ("bank", "court"):
        hooks += [f"""CREATE TABLE IF NOT EXISTS {who}_webhook ({who} TEXT PRIMARY KEY, url TEXT NOT NULL,
                    secret_sealed TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)""",
                  f"""CREATE TABLE IF NOT EXISTS {who}_webhook_delivery (notification_id TEXT PRIMARY KEY,
                    {who} TEXT NOT NULL,
                    seq INTEGER NOT NULL, attempts INTEGER NOT NULL, next_attempt_at TEXT, delivered_at TEXT,
                    last_status INTEGER, last_error TEXT)""",
                  f"CREATE UNIQUE INDEX IF NOT EXISTS {who}_webhook_delivery_order ON {who}_webhook_delivery "
                  f"({who}, seq)"]
    return [
        """CREATE TABLE IF NOT EXISTS account_org (id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL,
       province TEXT, city TEXT, created_at TEXT NOT NULL, issuer_code TEXT)""",
        """CREATE TABLE IF NOT EXISTS account_user (id TEXT PRIMARY KEY, org TEXT, role TEXT NOT NULL,
       display_name TEXT NOT NULL, id_number_sealed TEXT, password_hash TEXT, failed_logins INTEGER NOT NULL,
       locked_until TEXT, created_at TEXT NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS account_token (digest TEXT PRIMARY KEY, user_id TEXT NOT NULL,
       created_at TEXT NOT NULL, expires_at TEXT NOT NULL, revoked INTEGER NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS bank_accreditation (bank TEXT NOT NULL, registry TEXT NOT NULL,
          since TEXT NOT NULL, PRIMARY KEY (bank, registry))""",
        """CREATE TABLE IF NOT EXISTS court_key (key_id TEXT PRIMARY KEY, court TEXT NOT NULL,
       public_key_pem TEXT NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT)""",
        """CREATE TABLE IF NOT EXISTS court_nonce (key_id TEXT NOT NULL, nonce TEXT NOT NULL,
       seen_at BIGINT NOT NULL, PRIMARY KEY (key_id, nonce))""",
        f"""CREATE TABLE IF NOT EXISTS certificate_document (certificate_id TEXT PRIMARY KEY,
                           pdf {blob} NOT NULL, sha256 TEXT NOT NULL)""",
        *hooks,
        """CREATE TABLE IF NOT EXISTS sandbox_payment (
       payment_id TEXT PRIMARY KEY, merchant_id TEXT NOT NULL, order_id TEXT NOT NULL,
       amount TEXT NOT NULL, currency TEXT NOT NULL, description TEXT NOT NULL,
       return_url TEXT NOT NULL, notify_url TEXT NOT NULL, status TEXT NOT NULL, seq INTEGER NOT NULL,
       created_at TEXT NOT NULL, expires_at TEXT NOT NULL, paid_at TEXT, closed_at TEXT,
       refund_id TEXT, refund_reason TEXT, refunded_at TEXT)""",
        "CREATE UNIQUE INDEX IF NOT EXISTS sandbox_payment_order ON sandbox_payment (merchant_id, order_id)",
        """CREATE TABLE IF NOT EXISTS sandbox_event (
       event_id TEXT PRIMARY KEY, payment_id TEXT NOT NULL, merchant_id TEXT NOT NULL,
       event_type TEXT NOT NULL, seq INTEGER NOT NULL, body TEXT NOT NULL, notify_url TEXT NOT NULL,
       created_at TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL, last_status INTEGER,
       last_error TEXT, last_attempt_at TEXT, next_attempt_at TEXT, delivered_at TEXT)""",
        "CREATE INDEX IF NOT EXISTS sandbox_event_state ON sandbox_event (state)",
        "CREATE INDEX IF NOT EXISTS sandbox_event_payment ON sandbox_event (payment_id)",
    ]


# The memorable rows: a Fuzhou registry office, ICBC's Fuzhou branch accredited there with its webhook, a
# registrar who logs in with a password and holds an API token, the Gulou court's signing key, one PDF.
AT = "2026-03-02T09:00:00+08:00"
PASSWORD = "lin-password-2026"
TOKEN = "rgt_" + "L" * 43
PDF = b"%PDF-1.7 certificate 350102-2026-000001"
WEBHOOK_SECRET = "icbc-webhook-secret"


def _seal(cipher_key: str, plain: str, context: bytes) -> str:
    aead, nonce = AESGCM(base64.b64decode(cipher_key)), secrets.token_bytes(12)
    return base64.b64encode(nonce + aead.encrypt(nonce, plain.encode(), context)).decode()


def write_old_store(store: ViewStore, cipher_key: str) -> Ed25519PrivateKey:
    """The old schema and its rows, written with ``?`` placeholders as that code did; the court's private key
    is returned so the test can sign with it."""
    court_key = Ed25519PrivateKey.generate()
    pem = court_key.public_key().public_bytes(serialization.Encoding.PEM,
                                              serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    with store.transaction() as tx:
        for statement in ddl("BYTEA" if store.dialect == "postgres" else "BLOB"):
            tx.execute(statement)

        def old_insert(sql: str, values: tuple) -> None:
            """As the old adapters sent it: ``?`` marks, rewritten to ``%s`` for psycopg."""
            tx.connection.exec_driver_sql(sql.replace("?", "%s") if store.dialect == "postgres" else sql, values)

        old_insert("INSERT INTO account_org VALUES (?, ?, ?, ?, ?, ?, ?)",
                   ("fz-registry", "registry", "福州市不动产登记中心", "闽", "福州市", AT, None))
        old_insert("INSERT INTO account_org VALUES (?, ?, ?, ?, ?, ?, ?)",
                   ("icbc-fz", "bank", "中国工商银行福州分行", None, None, AT, None))
        old_insert("INSERT INTO account_org VALUES (?, ?, ?, ?, ?, ?, ?)",
                   ("gulou-court", "court", "福州市鼓楼区人民法院", None, None, AT, None))
        old_insert("INSERT INTO account_user VALUES (?, ?, ?, ?, ?, ?, 0, NULL, ?)",
                   ("lin", "fz-registry", "registrar", "林登记员", None, PasswordHasher().hash(PASSWORD), AT))
        old_insert("INSERT INTO account_token VALUES (?, ?, ?, ?, 0)",
                   (hashlib.sha256(TOKEN.encode()).hexdigest(), "lin", AT, "2099-01-01T00:00:00+08:00"))
        old_insert("INSERT INTO bank_accreditation VALUES (?, ?, ?)", ("icbc-fz", "fz-registry", AT))
        old_insert("INSERT INTO court_key VALUES (?, ?, ?, ?, NULL)", ("gulou-2026", "gulou-court", pem, AT))
        old_insert("INSERT INTO court_nonce VALUES (?, ?, ?)", ("gulou-2026", "nonce-1", 1772413200))
        old_insert("INSERT INTO certificate_document VALUES (?, ?, ?)",
                   ("cert-1", PDF, hashlib.sha256(PDF).hexdigest()))
        old_insert("INSERT INTO bank_webhook VALUES (?, ?, ?, ?, ?)",
                   ("icbc-fz", "https://hooks.icbc.example/registry",
                    _seal(cipher_key, WEBHOOK_SECRET, b"bank_webhook_secret:icbc-fz"), AT, AT))
    return court_key
