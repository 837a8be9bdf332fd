"""Court endpoints: the court's enforcement system calls these, every request signed with its key.

Authentication is the court's Ed25519 signature, checked by ``web.court_auth.court_signed`` (headers,
canonical string and error codes there); there is no bearer token. ``court_signed`` goes right under
``blp.route`` so that no argument is parsed, and nothing is done, before the signature is verified.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Response, g, jsonify

from registry import court_orders
from registry.court_orders import Feedback
from web.api.court_schemas import FeedbackSchema, ReleaseSchema, RenewSchema, SeizeSchema, order_request
from web.auth import platform
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


FEEDBACK_DOC = {**COURT_SIGNED, "description": (
    "Answer: the feedback {order_id, request_id, kzcs, result, reason, start, end, reference}; result \"1\" "
    "(controlled) is a 200. A refusal by the register's rules is result \"2\" with the reason: a 422 in the "
    "error shape {code, message, errors} plus `feedback`. Either is stored, and the same request_id again "
    "returns the same answer and changes nothing. Malformed bodies are a 422 without `feedback`, nothing stored.")}


def answer(command: Callable[..., Feedback], data: dict) -> Response:
    p = platform()
    org = p.accounts.org(g.court.court) or {}
    feedback = command(p.registry, court=g.court.court, court_name=org.get("name") or g.court.court,
                       request_sha256=g.court.request_sha256, request=order_request(data))
    body = FeedbackSchema().dump(feedback.as_dict())
    if feedback.controlled:
        return jsonify(body)
    errors = {feedback.field: [feedback.reason]} if feedback.field else {}
    response = jsonify({"code": feedback.code, "message": feedback.reason, "errors": errors, "feedback": body})
    response.status_code = 422
    return response


@blp.route("/court/seizures", methods=["POST"])
@court_signed
@blp.arguments(SeizeSchema)
@blp.doc(**FEEDBACK_DOC)
def seize(data: dict) -> Response:
    """查封 (KZCS 11): locks the unit, or queues (轮候) behind another court's active seizure."""
    return answer(court_orders.seize, data)


@blp.route("/court/seizures/renew", methods=["POST"])
@court_signed
@blp.arguments(RenewSchema)
@blp.doc(**FEEDBACK_DOC)
def renew(data: dict) -> Response:
    """续封 (KZCS 12) of this court's active seizure ``seizure_reference`` until ``end``."""
    return answer(court_orders.renew, data)


@blp.route("/court/seizures/release", methods=["POST"])
@court_signed
@blp.arguments(ReleaseSchema)
@blp.doc(**FEEDBACK_DOC)
def release(data: dict) -> Response:
    """解除查封 (KZCS 14) of this court's seizure ``seizure_reference``; the next queued one becomes active."""
    return answer(court_orders.release, data)
