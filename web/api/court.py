"""Court endpoints: the court's enforcement system calls these, every request signed with its key.

Authentication is the court's Ed25519 signature, checked by ``web.court_auth.court_signed`` (headers,
canonical string and error codes there); there is no bearer token. ``court_signed`` goes right under
``blp.route`` so that no argument is parsed, and nothing is done, before the signature is verified.
"""

from __future__ import annotations

from flask import g

from web.court_auth import COURT_SIGNED, court_signed
from web.parsing import Blueprint

blp = Blueprint("court", __name__, url_prefix="/api/v1",
                description="Court enforcement systems (signed requests: X-Court-Key-Id, X-Court-Timestamp, "
                            "X-Court-Nonce, X-Court-Signature)")


@blp.route("/court/ping", methods=["POST"])
@court_signed
@blp.response(200)
@blp.doc(**COURT_SIGNED)
def ping() -> dict:
    """Check a court's signing setup: which court the key speaks for, and the hash a real request's event
    would keep. Changes nothing (except that the nonce is now used)."""
    return {"court": g.court.court, "key_id": g.court.key_id, "request_sha256": g.court.request_sha256}
