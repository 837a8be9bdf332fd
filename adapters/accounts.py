"""Organisations, users and API tokens.

Passwords are hashed with argon2id; API tokens are random and stored only as SHA-256 digests
(shown once); applicants' ID numbers are encrypted with AES-GCM. Repeated failed logins lock the
account for a while, and an unknown user costs the same hashing time as a known one.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from adapters.durable import tables
from adapters.viewstore import ViewStore
from registry.kernel.actors import Actor, Role
from registry.register_book.numbering import NumberingScheme

ISSUER_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}$")
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
TOKEN_PREFIX = "rgt_"
ORG_KINDS = ("registry", "bank", "court", "tax_bureau", "platform")
ROLE_ORG_KIND = {Role.REGISTRAR: "registry", Role.BANK_STAFF: "bank", Role.COURT_CLIENT: "court",
                 Role.TAX_OFFICER: "tax_bureau", Role.ADMIN: "platform", Role.APPLICANT: None,
                 Role.SUPERVISOR: "registry"}  # a supervisor watches the office of their organisation


class AccountError(Exception):
    pass


class LoginRefused(AccountError):
    def __init__(self, message: str, locked_until: datetime | None = None) -> None:
        super().__init__(message)
        self.locked_until = locked_until


@dataclass(frozen=True)
class User:
    id: str
    role: Role
    org: str | None
    display_name: str
    id_number: str | None

    @property
    def actor(self) -> Actor:
        return Actor(user_id=self.id, role=self.role, org=self.org, id_number=self.id_number)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class AccountStore:
    def __init__(self, store: ViewStore, cipher_key: str) -> None:
        self.store = store
        self._aead = AESGCM(base64.b64decode(cipher_key))
        self._hasher = PasswordHasher()

    def setup(self) -> None:
        """Only for a store used without migrations (tests); the platform upgrades the durable tables."""
        tables.create(self.store, tables.account_org, tables.account_user, tables.account_token)

    # -- organisations ------------------------------------------------------------------------
    def add_org(self, org_id: str, kind: str, name: str, *, province: str | None = None,
                city: str | None = None, issuer_code: str | None = None, now: datetime) -> None:
        if kind not in ORG_KINDS:
            raise AccountError(f"organisation kind must be one of {', '.join(ORG_KINDS)}")
        if kind == "registry" and not (province and city):
            raise AccountError("a registry office needs its province abbreviation and city for numbering")
        if kind == "tax_bureau" and not city:
            raise AccountError("a tax bureau needs its city: it serves that city's registry offices")
        if issuer_code is not None and not ISSUER_CODE.match(issuer_code):
            raise AccountError("the issuer code is the 18-character unified social credit code")
        with self.store.transaction() as tx:
            if tx.one("SELECT id FROM account_org WHERE id = :id", {"id": org_id}):
                raise AccountError(f"organisation {org_id} already exists")
            tx.execute(tables.account_org.insert(), {"id": org_id, "kind": kind, "name": name, "province": province,
                                                     "city": city, "created_at": now.isoformat(),
                                                     "issuer_code": issuer_code})

    def org(self, org_id: str) -> dict | None:
        with self.store.read() as tx:
            return tx.one("SELECT * FROM account_org WHERE id = :id", {"id": org_id})

    def orgs(self) -> list[dict]:
        with self.store.read() as tx:
            return tx.execute("SELECT * FROM account_org ORDER BY kind, id")

    def numbering(self, org_id: str) -> NumberingScheme:
        """The Registry application's port for how an office prints certificate numbers."""
        org = self.org(org_id)
        if not org or org["kind"] != "registry":
            raise LookupError(org_id)
        return NumberingScheme(province=org["province"], city=org["city"], authority=org["name"],
                               issuer_code=org["issuer_code"] or "")

    def bureau_serves(self, bureau_id: str | None, registry_id: str) -> bool:
        """A tax bureau serves the registry offices of its own city."""
        with self.store.read() as tx:
            row = tx.one("SELECT 1 AS yes FROM account_org r JOIN account_org t ON t.city = r.city "
                         "WHERE r.id = :registry AND r.kind = 'registry' AND t.id = :bureau AND t.kind = 'tax_bureau'",
                         {"registry": registry_id, "bureau": bureau_id or ""})
        return row is not None

    def registries_served(self, bureau_id: str | None) -> list[str]:
        """The registry offices of the tax bureau's city (what its officers are told about)."""
        with self.store.read() as tx:
            rows = tx.execute("SELECT r.id FROM account_org r JOIN account_org t ON t.city = r.city "
                              "WHERE r.kind = 'registry' AND t.id = :bureau AND t.kind = 'tax_bureau' ORDER BY r.id",
                              {"bureau": bureau_id or ""})
        return [r["id"] for r in rows]

    # -- users -----------------------------------------------------------------------------
    def add_user(self, user_id: str, role: Role, *, display_name: str, now: datetime, org: str | None = None,
                 password: str | None = None, id_number: str | None = None) -> User:
        expected_kind = ROLE_ORG_KIND[role]
        org_row = self.org(org) if org else None
        if expected_kind and (not org_row or org_row["kind"] != expected_kind):
            raise AccountError(f"a {role.value} belongs to an organisation of kind {expected_kind}")
        if role is Role.APPLICANT and not id_number:
            raise AccountError("an applicant needs the ID number they hold rights under")
        if password is not None and len(password) < 10:
            raise AccountError("passwords need at least 10 characters")
        with self.store.transaction() as tx:
            if tx.one("SELECT id FROM account_user WHERE id = :id", {"id": user_id}):
                raise AccountError(f"user {user_id} already exists")
            tx.execute(tables.account_user.insert(), {
                "id": user_id, "org": org, "role": role.value, "display_name": display_name,
                "id_number_sealed": self._seal(id_number) if id_number else None,
                "password_hash": self._hasher.hash(password) if password else None, "failed_logins": 0,
                "locked_until": None, "created_at": now.isoformat()})
        return User(user_id, role, org, display_name, id_number)

    def user(self, user_id: str) -> User | None:
        with self.store.read() as tx:
            row = tx.one("SELECT * FROM account_user WHERE id = :id", {"id": user_id})
        return self._user(row) if row else None

    def users(self) -> list[User]:
        with self.store.read() as tx:
            return [self._user(r) for r in tx.execute("SELECT * FROM account_user ORDER BY role, id")]

    def login(self, user_id: str, password: str, now: datetime) -> User:
        with self.store.read() as tx:
            row = tx.one("SELECT * FROM account_user WHERE id = :id", {"id": user_id})
        if row and row["locked_until"] and datetime.fromisoformat(row["locked_until"]) > now:
            raise LoginRefused("too many failed logins; try again later",
                               datetime.fromisoformat(row["locked_until"]))
        if not row or not row["password_hash"]:
            self._verify(self._dummy_hash, password)  # same cost as a real check: no user enumeration
            raise LoginRefused("wrong user name or password")
        if not self._verify(row["password_hash"], password):
            with self.store.transaction() as tx:  # one atomic count, so parallel guesses cannot dodge the lock
                tx.execute("UPDATE account_user SET failed_logins = failed_logins + 1 WHERE id = :id", {"id": user_id})
                failures = tx.one("SELECT failed_logins FROM account_user WHERE id = :id",
                                  {"id": user_id})["failed_logins"]
                if failures >= MAX_FAILED_LOGINS:
                    tx.execute("UPDATE account_user SET failed_logins = 0, locked_until = :until WHERE id = :id",
                               {"until": (now + LOCKOUT).isoformat(), "id": user_id})
            raise LoginRefused("wrong user name or password")
        with self.store.transaction() as tx:
            tx.execute("UPDATE account_user SET failed_logins = 0, locked_until = NULL WHERE id = :id", {"id": user_id})
        return self._user(row)

    # -- API tokens ------------------------------------------------------------------------
    def issue_token(self, user_id: str, now: datetime, valid_for: timedelta = timedelta(days=90)) -> str:
        if not self.user(user_id):
            raise AccountError(f"no user {user_id}")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self.store.transaction() as tx:
            tx.execute(tables.account_token.insert(), {"digest": token_digest(token), "user_id": user_id,
                                                       "created_at": now.isoformat(),
                                                       "expires_at": (now + valid_for).isoformat(), "revoked": 0})
        return token

    def revoke_tokens(self, user_id: str) -> int:
        """Revoke every live token of the user; answers how many were live."""
        with self.store.transaction() as tx:
            live = tx.one("SELECT COUNT(*) AS n FROM account_token WHERE user_id = :user AND revoked = 0",
                          {"user": user_id})
            tx.execute("UPDATE account_token SET revoked = 1 WHERE user_id = :user", {"user": user_id})
        return live["n"]

    def user_for_token(self, token: str, now: datetime) -> User | None:
        if not token.startswith(TOKEN_PREFIX):
            return None
        with self.store.read() as tx:
            row = tx.one(
                "SELECT u.* , t.expires_at AS token_expires FROM account_token t "
                "JOIN account_user u ON u.id = t.user_id WHERE t.digest = :digest AND t.revoked = 0",
                {"digest": token_digest(token)},
            )
        if not row or datetime.fromisoformat(row["token_expires"]) <= now:
            return None
        return self._user(row)

    # -- helpers ---------------------------------------------------------------------------
    @cached_property
    def _dummy_hash(self) -> str:
        return self._hasher.hash(secrets.token_hex(8))

    def _verify(self, hashed: str, password: str) -> bool:
        try:
            return self._hasher.verify(hashed, password)
        except (VerificationError, InvalidHashError):
            return False

    def _seal(self, text: str) -> str:
        nonce = secrets.token_bytes(12)
        return base64.b64encode(nonce + self._aead.encrypt(nonce, text.encode(), b"id_number")).decode()

    def _unseal(self, sealed: str) -> str:
        raw = base64.b64decode(sealed)
        return self._aead.decrypt(raw[:12], raw[12:], b"id_number").decode()

    def _user(self, row: dict) -> User:
        id_number = self._unseal(row["id_number_sealed"]) if row["id_number_sealed"] else None
        return User(row["id"], Role(row["role"]), row["org"], row["display_name"], id_number)
