"""The gate in front of every court endpoint: the court's Ed25519 signature *is* its authentication.

Courts are machine clients. They send no bearer token and no session; every request is signed with a
key an admin registered for that court (``registry courts add-key``), and the court is the one the key
belongs to. (``Role.COURT_CLIENT`` users with bearer tokens remain for people at a court reading their
views; they cannot call a ``@court_signed`` endpoint.)

Headers of a court request:

* ``X-Court-Key-Id``: the registered key id.
* ``X-Court-Timestamp``: when the court signed, in **unix seconds** (decimal digits, UTC by nature);
  refused when more than 300 s away from the platform's clock, in either direction.
* ``X-Court-Nonce``: 16-64 url-safe characters (``A-Z a-z 0-9 - _``), never used before with this key.
* ``X-Court-Signature``: standard base64 of the 64-byte Ed25519 signature over the canonical string, UTF-8::

      METHOD \\n PATH \\n TIMESTAMP \\n NONCE \\n SHA256-HEX-OF-BODY

  METHOD in upper case; PATH as the server sees it (``/api/v1/court/ping``), with ``?`` and the query
  string as sent when there is one; TIMESTAMP and NONCE exactly as in the headers; the lower-case hex
  SHA-256 of the raw body bytes (of the empty string when there is no body). No trailing newline.

On success the view finds ``g.court``, a :class:`CourtRequest` with the court's org id, the key id, the
signature, and ``request_sha256`` = hex SHA-256 of (canonical string bytes followed by the body bytes):
what a court's event keeps so who ordered what can be proved later.

Any failure is a 401 ``{code, message, errors}`` with one of ``court_signature_missing``,
``court_signature_invalid``, ``court_key_unknown`` (also for a revoked key), ``court_request_stale``,
``court_request_replayed``; nothing is stored except a warning on the ``registry.security`` logger (reason,
key id, court, remote address; never the body). The nonce is recorded only after the signature verifies,
so nobody can burn a court's nonces without its key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, NoReturn

from cryptography.exceptions import InvalidSignature
from flask import current_app, g, request
from flask_smorest import abort

from adapters.court_keys import CourtKeyError, CourtKeys

security_log = logging.getLogger("registry.security")

WINDOW_SECONDS = 300
NONCE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
TIMESTAMP = re.compile(r"^[0-9]{1,12}$")
KEY_ID_HEADER, TIMESTAMP_HEADER = "X-Court-Key-Id", "X-Court-Timestamp"
NONCE_HEADER, SIGNATURE_HEADER = "X-Court-Nonce", "X-Court-Signature"
HEADERS = (KEY_ID_HEADER, TIMESTAMP_HEADER, NONCE_HEADER, SIGNATURE_HEADER)
CHALLENGE = {"WWW-Authenticate": 'CourtSignature realm="registry", headers="' + " ".join(HEADERS) + '"'}


@dataclass(frozen=True)
class CourtRequest:
    court: str
    key_id: str
    request_sha256: str
    signature_b64: str


def canonical_string(method: str, path: str, timestamp: str, nonce: str, body: bytes) -> str:
    return "\n".join((method.upper(), path, timestamp, nonce, hashlib.sha256(body).hexdigest()))


def request_sha256(canonical: str, body: bytes) -> str:
    return hashlib.sha256(canonical.encode() + body).hexdigest()


def signed_path() -> str:
    query = request.query_string.decode("latin-1")
    return f"{request.path}?{query}" if query else request.path


def court_keys() -> CourtKeys:
    """The platform's registered court keys and nonce ledger."""
    return current_app.extensions["platform"].court_keys


def _printable(value: str | None, limit: int = 64) -> str:
    """Header values go to the log: cut and escaped, so nobody can forge log lines."""
    return repr((value or "")[:limit])


def refuse(code: str, message: str, reason: str, key_id: str | None = None, court: str | None = None) -> NoReturn:
    security_log.warning("court request refused: reason=%s code=%s key_id=%s court=%s remote=%s %s %s",
                         reason, code, _printable(key_id), court or "-", request.remote_addr or "-",
                         request.method, _printable(request.path, 200))
    abort(401, code=code, message=message, headers=CHALLENGE)


def verify_court_request() -> CourtRequest:
    """Check the signed headers of the current request; the CourtRequest, or a 401 with nothing stored."""
    key_id, timestamp, nonce, signature_b64 = (request.headers.get(h, "").strip() for h in HEADERS)
    missing = [h for h, v in zip(HEADERS, (key_id, timestamp, nonce, signature_b64), strict=True) if not v]
    if missing:
        refuse("court_signature_missing", f"a court request is signed: send {', '.join(HEADERS)}",
               f"missing {', '.join(missing)}", key_id or None)
    keys = court_keys()
    key = keys.key(key_id)
    if key is None or key.revoked:
        refuse("court_key_unknown", "the court key id is unknown or revoked",
               "revoked key" if key else "unknown key", key_id, key.court if key else None)
    if not TIMESTAMP.match(timestamp):
        refuse("court_signature_invalid", f"{TIMESTAMP_HEADER} is the signing time in unix seconds",
               "malformed timestamp", key_id, key.court)
    if not NONCE.match(nonce):
        refuse("court_signature_invalid", f"{NONCE_HEADER} is 16-64 url-safe characters (A-Z a-z 0-9 - _)",
               "malformed nonce", key_id, key.court)
    now = current_app.extensions["platform"].clock.now()
    skew = int(timestamp) - int(now.timestamp())
    if abs(skew) > WINDOW_SECONDS:
        refuse("court_request_stale",
               f"the request was signed {abs(skew)} s {'before' if skew < 0 else 'after'} the platform's "
               f"time; at most {WINDOW_SECONDS} s apart is accepted (check the court's clock)",
               f"timestamp skew {skew} s", key_id, key.court)
    body = request.get_data(cache=True)
    canonical = canonical_string(request.method, signed_path(), timestamp, nonce, body)
    try:
        signature = base64.b64decode(signature_b64, validate=True)
        key.public_key().verify(signature, canonical.encode())
    except (binascii.Error, ValueError, InvalidSignature, CourtKeyError):
        refuse("court_signature_invalid", "the signature does not match this request and key",
               "bad signature", key_id, key.court)
    if not keys.record_nonce(key_id, nonce, now, WINDOW_SECONDS):
        refuse("court_request_replayed", "this nonce was already used with this key: a request is sent once, "
               "each with a new nonce", "replayed nonce", key_id, key.court)
    return CourtRequest(court=key.court, key_id=key_id, request_sha256=request_sha256(canonical, body),
                        signature_b64=signature_b64)


def court_signed(view: Callable) -> Callable:
    """Decorate a court endpoint: verify the signature first, then ``g.court`` is the CourtRequest."""
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        g.court = verify_court_request()
        return view(*args, **kwargs)
    return wrapper


COURT_SIGNED = {"security": [{"courtSignature": []}]}
