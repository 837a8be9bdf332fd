"""Settings and the instance folder: where the embedded stores and generated keys live.

Configuration comes from, in order of precedence: the dict given to ``create_app``/``load_settings``,
environment variables ``REGISTRY_<NAME>``, defaults. Keys not configured are generated once into
the instance folder with owner-only permissions, so a fresh instance is secure without setup.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from eventsourcing.cryptography import AESCipher

from adapters.viewstore import ViewStore

DEFAULTS: dict[str, Any] = {
    "INSTANCE_PATH": "instance",
    "DATABASE_URL": "",
    "CIPHER_KEY": "",
    "SECRET_KEY": "",
    "WAIT_TIMEOUT": "3.0",
    "EMBEDDED_WORKER": "false",
    "SESSION_COOKIE_SECURE": "true",
    "PUBLIC_URL": "http://127.0.0.1:8000",
    "KEY_PASSPHRASE": "",  # encrypts the PKI private keys; generated into the instance folder when empty
    "SEAL_ORG_NAME": "福州市不动产登记中心",  # O= of the instance's own CA, seal and TSA certificates
    "SEAL_PROFILE": "B-LTA",  # PAdES level: B-T, B-LT or B-LTA
    "SEAL_PKCS12": "",  # path of an externally issued seal (PKCS#12 with chain); empty: the instance PKI
    "SEAL_PKCS12_PASSPHRASE": "",
    "TRUST_ROOT": "",  # PEM of the external seal's root CA (else the self-signed cert in the PKCS#12)
    "SANDBOX_GATEWAY": "true",  # mount the built-in sandbox payment provider under /sandbox-gateway
    "SANDBOX_API_KEY": "",  # merchant API key; generated into the instance folder when empty
    "SANDBOX_WEBHOOK_SECRET": "",  # callback HMAC secret; generated into the instance folder when empty
    "PAYMENT_GATEWAY_URL": "",  # a gateway in another process; empty: the in-process sandbox
    "SEAL_PROCESSES": "0",  # >0: seal in that many worker processes, with as many issuer loops
    "AREAS": "3501",  # division code prefixes of the units this registry keeps (3501: Fuzhou, Pingtan included)
    "OUTBOX_EMAIL": "false",  # email copies of inbox messages to accounts with an email address, via SMTP_*
    "SMTP_HOST": "localhost",
    "SMTP_PORT": "8025",  # a local sink in development (e.g. python -m aiosmtpd -n -l localhost:8025)
    "SMTP_FROM": "noreply@registry.localhost",
    "SMTP_USERNAME": "",  # empty: no AUTH
    "SMTP_PASSWORD": "",
    "SMTP_STARTTLS": "false",
    "OUTBOX_SMS": "false",  # SMS copies to accounts with a mobile number, recorded by the SMS sandbox
    "INSTANT_TRANSFER_KINDS": "resale_residential",  # case kinds registered by rule (秒批) when every rule passes
}


@dataclass(frozen=True)
class Settings:
    instance_path: Path
    database_url: str = field(repr=False)
    cipher_key: str = field(repr=False)
    secret_key: str = field(repr=False)
    wait_timeout: float
    embedded_worker: bool
    session_cookie_secure: bool
    public_url: str
    key_passphrase: str = field(default="", repr=False)
    seal_org_name: str = ""
    seal_profile: str = "B-LTA"
    seal_pkcs12: str = ""
    seal_pkcs12_passphrase: str = field(default="", repr=False)
    trust_root: str = ""
    sandbox_gateway: bool = True
    sandbox_api_key: str = field(default="", repr=False)
    sandbox_webhook_secret: str = field(default="", repr=False)
    payment_gateway_url: str = ""
    seal_processes: int = 0
    areas: str = "3501"
    outbox_email: bool = False
    smtp_host: str = "localhost"
    smtp_port: int = 8025
    smtp_from: str = "noreply@registry.localhost"
    smtp_username: str = ""
    smtp_password: str = field(default="", repr=False)
    smtp_starttls: bool = False
    outbox_sms: bool = False
    instant_transfer_kinds: tuple[str, ...] = ("resale_residential",)

    @property
    def uses_postgres(self) -> bool:
        return self.database_url.startswith(("postgresql://", "postgres://"))

    @property
    def store_kind(self) -> str:
        return "postgres" if self.uses_postgres else "sqlite"


def _flag(value: Any) -> bool:
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def _secret_file(folder: Path, name: str, make: Any) -> str:
    """Read a generated secret, creating it owner-only (0600) on first use."""
    path = folder / name
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(make())
    return path.read_text().strip()


def load_settings(overrides: Mapping[str, Any] | None = None) -> Settings:
    raw = dict(DEFAULTS)
    for key in DEFAULTS:
        if f"REGISTRY_{key}" in os.environ:
            raw[key] = os.environ[f"REGISTRY_{key}"]
    raw.update({k: v for k, v in (overrides or {}).items() if k in DEFAULTS})
    folder = Path(raw["INSTANCE_PATH"]).resolve()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder.chmod(0o700)  # also when it existed: the stores inside hold personal data
    return Settings(
        instance_path=folder,
        database_url=str(raw["DATABASE_URL"]),
        cipher_key=raw["CIPHER_KEY"] or _secret_file(folder, "cipher.key", lambda: AESCipher.create_key(32)),
        secret_key=raw["SECRET_KEY"] or _secret_file(folder, "secret.key", lambda: secrets.token_hex(32)),
        wait_timeout=float(raw["WAIT_TIMEOUT"]),
        embedded_worker=_flag(raw["EMBEDDED_WORKER"]),
        session_cookie_secure=_flag(raw["SESSION_COOKIE_SECURE"]),
        public_url=str(raw["PUBLIC_URL"]).rstrip("/"),
        key_passphrase=raw["KEY_PASSPHRASE"] or _secret_file(folder, "pki.passphrase",
                                                             lambda: secrets.token_urlsafe(32)),
        seal_org_name=str(raw["SEAL_ORG_NAME"]),
        seal_profile=str(raw["SEAL_PROFILE"]),
        seal_pkcs12=str(raw["SEAL_PKCS12"]),
        seal_pkcs12_passphrase=str(raw["SEAL_PKCS12_PASSPHRASE"]),
        trust_root=str(raw["TRUST_ROOT"]),
        sandbox_gateway=_flag(raw["SANDBOX_GATEWAY"]),
        sandbox_api_key=str(raw["SANDBOX_API_KEY"]),
        sandbox_webhook_secret=str(raw["SANDBOX_WEBHOOK_SECRET"]),
        payment_gateway_url=str(raw["PAYMENT_GATEWAY_URL"]).rstrip("/"),
        seal_processes=_count(raw["SEAL_PROCESSES"], "SEAL_PROCESSES"),
        areas=str(raw["AREAS"]),
        outbox_email=_flag(raw["OUTBOX_EMAIL"]),
        smtp_host=str(raw["SMTP_HOST"]),
        smtp_port=_count(raw["SMTP_PORT"], "SMTP_PORT", 1, 65535),
        smtp_from=str(raw["SMTP_FROM"]),
        smtp_username=str(raw["SMTP_USERNAME"]),
        smtp_password=str(raw["SMTP_PASSWORD"]),
        smtp_starttls=_flag(raw["SMTP_STARTTLS"]),
        outbox_sms=_flag(raw["OUTBOX_SMS"]),
        instant_transfer_kinds=_words(raw["INSTANT_TRANSFER_KINDS"]),
    )


def _words(value: Any) -> tuple[str, ...]:
    """A comma-separated list; empty turns the feature off."""
    return tuple(word.strip() for word in str(value).split(",") if word.strip())


def _count(value: Any, name: str, low: int = 0, high: int = 64) -> int:
    try:
        count = int(str(value).strip())
    except ValueError:
        raise ValueError(f"REGISTRY_{name} must be a whole number") from None
    if not low <= count <= high:
        raise ValueError(f"REGISTRY_{name} must be between {low} and {high}")
    return count


def _postgres_parts(url: str) -> dict[str, str]:
    parsed = urlparse(url)
    query = parse_qs(parsed.query)
    return {
        "host": parsed.hostname or "127.0.0.1",
        "port": str(parsed.port or 5432),
        "user": unquote(parsed.username or "postgres"),
        "password": unquote(parsed.password or ""),
        "dbname": (parsed.path or "/postgres").lstrip("/") or "postgres",
        "schema": query.get("schema", [""])[0],
    }


def event_store_env(settings: Settings, application: str = "registry") -> dict[str, str]:
    """The eventsourcing environment: encrypted at rest with AES-GCM on either store."""
    env = {"CIPHER_TOPIC": "eventsourcing.cryptography:AESCipher", "CIPHER_KEY": settings.cipher_key}
    if settings.uses_postgres:
        pg = _postgres_parts(settings.database_url)
        env.update({
            "PERSISTENCE_MODULE": "eventsourcing.postgres", "POSTGRES_DBNAME": pg["dbname"],
            "POSTGRES_HOST": pg["host"], "POSTGRES_PORT": pg["port"], "POSTGRES_USER": pg["user"],
            "POSTGRES_PASSWORD": pg["password"],
        })
        if pg["schema"]:
            env["POSTGRES_SCHEMA"] = pg["schema"]
    else:
        env.update({"PERSISTENCE_MODULE": "eventsourcing.sqlite",
                    "SQLITE_DBNAME": str(settings.instance_path / f"{application}.sqlite"),
                    "SQLITE_LOCK_TIMEOUT": "30"})
    return env


def open_view_store(settings: Settings) -> ViewStore:
    if settings.uses_postgres:
        pg = _postgres_parts(settings.database_url)
        dsn = (f"host={pg['host']} port={pg['port']} user={pg['user']} dbname={pg['dbname']}"
               + (f" password={pg['password']}" if pg["password"] else ""))
        return ViewStore.postgres(dsn, schema=pg["schema"] or None)
    return ViewStore.sqlite(settings.instance_path / "views.sqlite")
