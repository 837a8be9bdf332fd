"""Banks' webhook subscriptions: where the platform pushes a bank's notifications, and the secret that
signs them.

The secret is generated here (``secrets.token_urlsafe(32)``), shown to the bank once when set or
rotated, and stored only sealed with AES-GCM under the instance's cipher key (the same scheme as
``AccountStore``: base64 of nonce ‖ ciphertext, with the bank's id as associated data so a sealed
secret cannot be moved to another bank's row).

Signing (what a bank verifies before trusting a delivery): ``X-Registry-Signature: v1=<hex>``, the
lowercase hex HMAC-SHA256, keyed with the secret, over ``<X-Registry-Timestamp> + "." + <body>``.
``X-Registry-Delivery`` is the notification's id: the same on every retry, so the bank de-duplicates on it.
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
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from adapters.viewstore import ViewStore

DELIVERY_HEADER = "X-Registry-Delivery"
TIMESTAMP_HEADER = "X-Registry-Timestamp"
SIGNATURE_HEADER = "X-Registry-Signature"
SIGNATURE_VERSION = "v1"
MAX_URL_LENGTH = 2000
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
# Anything but visible ASCII: control characters, spaces and non-ASCII must be percent-encoded by the bank.
_NOT_VISIBLE_ASCII = re.compile(r"[^\x21-\x7e]")
_HOSTNAME = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}"
                       r"[A-Za-z0-9])?)*\.?$")

DDL = [
    """CREATE TABLE IF NOT EXISTS bank_webhook (bank TEXT PRIMARY KEY, url TEXT NOT NULL,
       secret_sealed TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS bank_webhook_delivery (notification_id TEXT PRIMARY KEY, bank TEXT NOT NULL,
       seq INTEGER NOT NULL, attempts INTEGER NOT NULL, next_attempt_at TEXT, delivered_at TEXT,
       last_status INTEGER, last_error TEXT)""",
    "CREATE UNIQUE INDEX IF NOT EXISTS bank_webhook_delivery_order ON bank_webhook_delivery (bank, seq)",
]


class WebhookUrlRefused(ValueError):
    """The URL cannot receive deliveries; the message says why, for the bank's staff."""


class NoWebhook(LookupError):
    """The bank has no webhook set."""


@dataclass(frozen=True)
class Subscription:
    bank: str
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
    """What a bank's receiver does (constant-time): True when ``signature`` is ours for this body."""
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
    """AES-GCM under the instance's cipher key; the bank's id is the associated data."""

    def __init__(self, cipher_key: str) -> None:
        self._aead = AESGCM(base64.b64decode(cipher_key))

    def seal(self, secret: str, bank: str) -> str:
        nonce = secrets.token_bytes(12)
        return base64.b64encode(nonce + self._aead.encrypt(nonce, secret.encode(), self._context(bank))).decode()

    def unseal(self, sealed: str, bank: str) -> str:
        raw = base64.b64decode(sealed)
        return self._aead.decrypt(raw[:12], raw[12:], self._context(bank)).decode()

    @staticmethod
    def _context(bank: str) -> bytes:
        return b"bank_webhook_secret:" + bank.encode()


# -- subscriptions -------------------------------------------------------------------------------
class WebhookStore:
    """One webhook per bank. ``allow_loopback_http`` is the default for ``subscribe``."""

    def __init__(self, store: ViewStore, cipher_key: str, *, allow_loopback_http: bool = False) -> None:
        self.store = store
        self.allow_loopback_http = allow_loopback_http
        self._sealer = SecretSealer(cipher_key)

    def setup(self) -> None:
        with self.store.transaction() as tx:
            for statement in DDL:
                tx.execute(statement)

    def subscribe(self, bank: str, url: str, now: datetime, *,
                  allow_loopback_http: bool | None = None) -> tuple[Subscription, str | None]:
        """Set the bank's URL; returns the subscription and the new secret when one was created (a first
        subscription), or None when only the URL changed (the secret stays: rotate to change it)."""
        allow = self.allow_loopback_http if allow_loopback_http is None else allow_loopback_http
        url = check_url(url, allow_loopback_http=allow)
        stamp = now.isoformat()
        with self.store.transaction() as tx:
            if tx.one("SELECT bank FROM bank_webhook WHERE bank = ?", (bank,)):
                tx.execute("UPDATE bank_webhook SET url = ?, updated_at = ? WHERE bank = ?", (url, stamp, bank))
                shown = None
            else:
                shown = secrets.token_urlsafe(32)
                tx.execute("INSERT INTO bank_webhook VALUES (?, ?, ?, ?, ?)",
                           (bank, url, self._sealer.seal(shown, bank), stamp, stamp))
        subscription = self.subscription(bank)
        assert subscription is not None
        return subscription, shown

    def rotate(self, bank: str, now: datetime) -> str:
        """A new secret, effective from the next delivery attempt; returned once."""
        secret = secrets.token_urlsafe(32)
        with self.store.transaction() as tx:
            if not tx.one("SELECT bank FROM bank_webhook WHERE bank = ?", (bank,)):
                raise NoWebhook(bank)
            tx.execute("UPDATE bank_webhook SET secret_sealed = ?, updated_at = ? WHERE bank = ?",
                       (self._sealer.seal(secret, bank), now.isoformat(), bank))
        return secret

    def unsubscribe(self, bank: str) -> None:
        """Stop pushing. Delivery history stays; a later subscription resumes after the last queued
        notification (what was still undelivered is pushed to the new URL)."""
        with self.store.transaction() as tx:
            if not tx.one("SELECT bank FROM bank_webhook WHERE bank = ?", (bank,)):
                raise NoWebhook(bank)
            tx.execute("DELETE FROM bank_webhook WHERE bank = ?", (bank,))

    def subscription(self, bank: str) -> Subscription | None:
        with self.store.read() as tx:
            row = tx.one("SELECT * FROM bank_webhook WHERE bank = ?", (bank,))
        if row is None:
            return None
        return Subscription(row["bank"], row["url"], self._sealer.unseal(row["secret_sealed"], bank),
                            row["created_at"], row["updated_at"])

    def subscribed_banks(self) -> list[str]:
        with self.store.read() as tx:
            return [r["bank"] for r in tx.execute("SELECT bank FROM bank_webhook ORDER BY bank")]
