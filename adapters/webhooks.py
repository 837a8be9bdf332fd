"""Webhook subscriptions of the platform's machine parties (banks, courts): where the platform pushes a
party's feed, and the secret that signs it. One implementation for every kind of party; a ``Party`` names
its tables and the feed they read (``BANKS``: ``view_bank_notification``, ``COURTS``: ``view_court_feed``).

The secret is generated here (``secrets.token_urlsafe(32)``), shown to the party once when set or
rotated, and stored only sealed with AES-GCM under the instance's cipher key (the same scheme as
``AccountStore``: base64 of nonce ‖ ciphertext, with the party's id as associated data so a sealed
secret cannot be moved to another party's row).

Signing (what a receiver verifies before trusting a delivery): ``X-Registry-Signature: v1=<hex>``, the
lowercase hex HMAC-SHA256, keyed with the secret, over ``<X-Registry-Timestamp> + "." + <body>``.
``X-Registry-Delivery`` is the feed entry's id: the same on every retry, so the receiver de-duplicates on it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Table

from adapters.durable import tables
from adapters.viewstore import ViewStore

DELIVERY_HEADER = "X-Registry-Delivery"
TIMESTAMP_HEADER = "X-Registry-Timestamp"
SIGNATURE_HEADER = "X-Registry-Signature"
SIGNATURE_VERSION = "v1"
MAX_URL_LENGTH = 2000
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
# Anything but visible ASCII: control characters, spaces and non-ASCII must be percent-encoded by the receiver.
_NOT_VISIBLE_ASCII = re.compile(r"[^\x21-\x7e]")
_HOSTNAME = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}"
                       r"[A-Za-z0-9])?)*\.?$")


@dataclass(frozen=True)
class Party:
    """A kind of party whose feed is pushed: ``name`` is the column naming the party (and the tables'
    prefix), ``feed`` the view table with ``id, seq, kind, payload, at`` and that column, ``extra`` the feed
    columns a delivery's body carries besides those."""

    name: str
    feed: str
    extra: tuple[str, ...]

    @property
    def subscriptions(self) -> str:
        return f"{self.name}_webhook"

    @property
    def deliveries(self) -> str:
        return f"{self.name}_webhook_delivery"

    def tables(self) -> tuple[Table, Table]:
        """The party's subscriptions and deliveries tables (``adapters.durable.tables``)."""
        return tables.metadata.tables[self.subscriptions], tables.metadata.tables[self.deliveries]


BANKS = Party("bank", "view_bank_notification", ("filing_id", "unit_number"))
COURTS = Party("court", "view_court_feed", ("request_id", "case_id", "unit_number"))


class WebhookUrlRefused(ValueError):
    """The URL cannot receive deliveries; the message says why, for the party's staff."""


class NoWebhook(LookupError):
    """The party has no webhook set."""


@dataclass(frozen=True)
class Subscription:
    owner: str  # the bank's or court's org id
    url: str
    secret: str
    created_at: str
    updated_at: str


# -- signing ------------------------------------------------------------------------------------
def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The ``X-Registry-Signature`` value for a body sent at ``timestamp`` (Unix seconds, as text)."""
    digest = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256).hexdigest()
    return f"{SIGNATURE_VERSION}={digest}"


def verify(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    """What a receiver does (constant-time): True when ``signature`` is ours for this body."""
    if not timestamp.isascii() or not timestamp.isdigit():
        return False
    return hmac.compare_digest(sign(secret, timestamp, body).encode("ascii"),
                               signature.strip().encode("ascii", "replace"))


# -- URLs ----------------------------------------------------------------------------------------
def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def check_url(url: object, *, allow_loopback_http: bool = False) -> str:
    """The URL as stored, or ``WebhookUrlRefused``: https to a public host; http only to this machine's
    loopback when ``allow_loopback_http`` (development and tests). Literal private, link-local and
    loopback addresses are refused otherwise: the platform must not be turned into a probe of its own
    network. (A public name that resolves to a private address is not caught here.)"""
    if not isinstance(url, str) or not url:
        raise WebhookUrlRefused("the webhook URL is required")
    if len(url) > MAX_URL_LENGTH:
        raise WebhookUrlRefused(f"the webhook URL is longer than {MAX_URL_LENGTH} characters")
    if _NOT_VISIBLE_ASCII.search(url):
        raise WebhookUrlRefused("the webhook URL may not contain spaces, control or non-ASCII characters "
                                "(percent-encode them)")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise WebhookUrlRefused(f"the webhook URL is malformed: {error}") from None
    host = (parts.hostname or "").rstrip(".")
    if parts.scheme not in ("https", "http") or not host:
        raise WebhookUrlRefused("the webhook URL must be an absolute https:// URL")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise WebhookUrlRefused("the webhook URL may not carry a user name or password")
    if parts.fragment or url.endswith("#"):
        raise WebhookUrlRefused("the webhook URL may not have a fragment (#...)")
    if port == 0:
        raise WebhookUrlRefused("the webhook URL's port must be between 1 and 65535")
    address = _ip(host)
    loopback = host.lower() == "localhost" or (address is not None and address.is_loopback)
    if loopback and allow_loopback_http:
        return url
    if parts.scheme != "https":
        raise WebhookUrlRefused("the webhook URL must use https://")
    if loopback or (address is not None and not address.is_global):
        raise WebhookUrlRefused("the webhook URL must name a public host, not a private or local address")
    if address is None and not _HOSTNAME.match(host):
        raise WebhookUrlRefused("the webhook URL's host name is not valid")
    return url


# -- the secret at rest --------------------------------------------------------------------------
class SecretSealer:
    """AES-GCM under the instance's cipher key; the party's id is the associated data, after ``purpose``
    (``bank_webhook_secret`` for banks: the secrets sealed before courts existed still open)."""

    def __init__(self, cipher_key: str, purpose: str = "bank_webhook_secret") -> None:
        self._aead = AESGCM(base64.b64decode(cipher_key))
        self._purpose = purpose.encode() + b":"

    def seal(self, secret: str, owner: str) -> str:
        nonce = secrets.token_bytes(12)
        return base64.b64encode(nonce + self._aead.encrypt(nonce, secret.encode(), self._context(owner))).decode()

    def unseal(self, sealed: str, owner: str) -> str:
        raw = base64.b64decode(sealed)
        return self._aead.decrypt(raw[:12], raw[12:], self._context(owner)).decode()

    def _context(self, owner: str) -> bytes:
        return self._purpose + owner.encode()


# -- subscriptions -------------------------------------------------------------------------------
class WebhookStore:
    """One webhook per party (per bank, per court). ``allow_loopback_http`` is the default for ``subscribe``."""

    def __init__(self, store: ViewStore, cipher_key: str, *, allow_loopback_http: bool = False,
                 party: Party = BANKS) -> None:
        self.store = store
        self.party = party
        self.allow_loopback_http = allow_loopback_http
        self._sealer = SecretSealer(cipher_key, f"{party.name}_webhook_secret")
        self._table, self._who = party.subscriptions, party.name

    def setup(self) -> None:
        """Only for a store used without migrations (tests); the platform upgrades the durable tables."""
        tables.create(self.store, *self.party.tables())

    def _exists(self, tx: Any, owner: str) -> bool:
        return tx.one(f"SELECT {self._who} FROM {self._table} WHERE {self._who} = :owner", {"owner": owner}) is not None

    def subscribe(self, owner: str, url: str, now: datetime, *,
                  allow_loopback_http: bool | None = None) -> tuple[Subscription, str | None]:
        """Set the party's URL; returns the subscription and the new secret when one was created (a first
        subscription), or None when only the URL changed (the secret stays: rotate to change it)."""
        allow = self.allow_loopback_http if allow_loopback_http is None else allow_loopback_http
        url = check_url(url, allow_loopback_http=allow)
        stamp = now.isoformat()
        with self.store.transaction() as tx:
            if self._exists(tx, owner):
                tx.execute(f"UPDATE {self._table} SET url = :url, updated_at = :at WHERE {self._who} = :owner",
                           {"url": url, "at": stamp, "owner": owner})
                shown = None
            else:
                shown = secrets.token_urlsafe(32)
                tx.execute(self.party.tables()[0].insert(), {
                    self._who: owner, "url": url, "secret_sealed": self._sealer.seal(shown, owner),
                    "created_at": stamp, "updated_at": stamp})
        subscription = self.subscription(owner)
        assert subscription is not None
        return subscription, shown

    def rotate(self, owner: str, now: datetime) -> str:
        """A new secret, effective from the next delivery attempt; returned once."""
        secret = secrets.token_urlsafe(32)
        with self.store.transaction() as tx:
            if not self._exists(tx, owner):
                raise NoWebhook(owner)
            tx.execute(f"UPDATE {self._table} SET secret_sealed = :sealed, updated_at = :at WHERE {self._who} = :owner",
                       {"sealed": self._sealer.seal(secret, owner), "at": now.isoformat(), "owner": owner})
        return secret

    def unsubscribe(self, owner: str) -> None:
        """Stop pushing. Delivery history stays; a later subscription resumes after the last queued
        entry (what was still undelivered is pushed to the new URL)."""
        with self.store.transaction() as tx:
            if not self._exists(tx, owner):
                raise NoWebhook(owner)
            tx.execute(f"DELETE FROM {self._table} WHERE {self._who} = :owner", {"owner": owner})

    def subscription(self, owner: str) -> Subscription | None:
        with self.store.read() as tx:
            row = tx.one(f"SELECT * FROM {self._table} WHERE {self._who} = :owner", {"owner": owner})
        if row is None:
            return None
        return Subscription(row[self._who], row["url"], self._sealer.unseal(row["secret_sealed"], owner),
                            row["created_at"], row["updated_at"])

    def subscribers(self) -> list[str]:
        with self.store.read() as tx:
            return [r[self._who] for r in tx.execute(f"SELECT {self._who} FROM {self._table} ORDER BY {self._who}")]
