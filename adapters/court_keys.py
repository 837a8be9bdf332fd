"""Courts' Ed25519 public keys and the ledger of nonces their signed requests have used.

A court (an organisation of kind ``court``) has one or more keys, registered by an admin
(``registry courts add-key``); a key id names exactly one key of exactly one court, is never reused,
and a revoked key stays in the table (revoked_at set) so requests it signed can still be verified later.

The nonce ledger is what makes a replay fail: ``record_nonce`` inserts ``(key_id, nonce)`` under a
primary key, so of two concurrent requests with the same nonce exactly one commits. Nonces are kept
for two signing windows (a request's timestamp may be up to a window in the past or in the future of
the moment it is seen); older ones are purged as new ones arrive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy.exc import IntegrityError

from adapters.durable import tables
from adapters.viewstore import ViewStore

KEY_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


class CourtKeyError(Exception):
    pass


@dataclass(frozen=True)
class CourtKey:
    key_id: str
    court: str
    public_key_pem: str
    created_at: str
    revoked_at: str | None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def public_key(self) -> Ed25519PublicKey:
        return load_ed25519_public_key(self.public_key_pem)


def load_ed25519_public_key(pem: str) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(pem.encode())
    except (ValueError, TypeError):
        raise CourtKeyError("the public key is not a PEM-encoded public key") from None
    if not isinstance(key, Ed25519PublicKey):
        raise CourtKeyError("court keys are Ed25519 public keys")
    return key


UNIQUE_VIOLATION = (IntegrityError,)  # SQLAlchemy's wrapper of either driver's unique violation


class CourtKeys:
    def __init__(self, store: ViewStore) -> None:
        self.store = store

    def setup(self) -> None:
        """Only for a store used without migrations (tests); the platform upgrades the durable tables."""
        tables.create(self.store, tables.court_key, tables.court_nonce)

    # -- keys (admin) -----------------------------------------------------------------------------
    def add_key(self, court: str, key_id: str, public_key_pem: str, now: datetime) -> CourtKey:
        if not KEY_ID.match(key_id or ""):
            raise CourtKeyError("a key id is 1-64 characters: letters, digits and . _ : -")
        key = load_ed25519_public_key(public_key_pem)
        pem = key.public_bytes(serialization.Encoding.PEM,
                               serialization.PublicFormat.SubjectPublicKeyInfo).decode()
        with self.store.transaction() as tx:
            org = tx.one("SELECT kind FROM account_org WHERE id = :id", {"id": court})
            if not org or org["kind"] != "court":
                raise CourtKeyError(f"{court} is not a court (see 'registry orgs list')")
            existing = tx.one("SELECT court FROM court_key WHERE key_id = :key", {"key": key_id})
            if existing:
                raise CourtKeyError(f"key id {key_id} is already taken (by {existing['court']}); "
                                    "key ids are never reused")
            tx.execute(tables.court_key.insert(), {"key_id": key_id, "court": court, "public_key_pem": pem,
                                                   "created_at": now.isoformat(), "revoked_at": None})
        return CourtKey(key_id, court, pem, now.isoformat(), None)

    def revoke_key(self, key_id: str, now: datetime) -> CourtKey:
        with self.store.transaction() as tx:
            row = tx.one("SELECT * FROM court_key WHERE key_id = :key", {"key": key_id})
            if not row:
                raise CourtKeyError(f"no court key {key_id}")
            if row["revoked_at"] is None:
                tx.execute("UPDATE court_key SET revoked_at = :at WHERE key_id = :key",
                           {"at": now.isoformat(), "key": key_id})
                row["revoked_at"] = now.isoformat()
        return CourtKey(**row)

    def key(self, key_id: str) -> CourtKey | None:
        with self.store.read() as tx:
            row = tx.one("SELECT * FROM court_key WHERE key_id = :key", {"key": key_id})
        return CourtKey(**row) if row else None

    def list_keys(self, court: str | None = None) -> list[CourtKey]:
        with self.store.read() as tx:
            if court:
                rows = tx.execute("SELECT * FROM court_key WHERE court = :court ORDER BY key_id", {"court": court})
            else:
                rows = tx.execute("SELECT * FROM court_key ORDER BY court, key_id")
        return [CourtKey(**row) for row in rows]

    # -- nonces (every verified request) --------------------------------------------------------------
    def record_nonce(self, key_id: str, nonce: str, now: datetime, window_seconds: int) -> bool:
        """Remember the nonce; False when this key has used it before (a replay). Atomic: of two concurrent
        requests with the same nonce, one gets True and the other False."""
        seen_at = int(now.timestamp())
        try:
            with self.store.transaction() as tx:
                tx.execute("DELETE FROM court_nonce WHERE key_id = :key AND seen_at < :before",
                           {"key": key_id, "before": seen_at - 2 * window_seconds})
                tx.execute(tables.court_nonce.insert(), {"key_id": key_id, "nonce": nonce, "seen_at": seen_at})
        except UNIQUE_VIOLATION:
            return False
        return True

    def nonce_count(self) -> int:
        with self.store.read() as tx:
            row = tx.one("SELECT COUNT(*) AS n FROM court_nonce")
        return int(row["n"]) if row else 0
