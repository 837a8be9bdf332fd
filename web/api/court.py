"""Court endpoints: the court's enforcement system calls these, every request signed with its key.

Authentication is the court's Ed25519 signature, checked by ``web.court_auth.court_signed`` (headers,
canonical string and error codes there); there is no bearer token. ``court_signed`` goes right under
``blp.route`` so that no argument is parsed, and nothing is done, before the signature is verified.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Response, g, jsonify, request

from registry.courts import orders as court_orders
from registry.courts import rulings as judicial
from registry.courts.orders import Feedback
from web.api.answers import answers
from web.api.answers.courts import CourtFeedback, CourtPing, CourtRefusal, RulingFeedback
from web.api.court_schemas import (
    ReleaseSchema,
    RenewSchema,
    RulingSchema,
    SeizeSchema,
    order_request,
    ruling_request,
)
from web.auth import platform
from web.court_auth import COURT_SIGNED, court_signed
from web.parsing import Blueprint

blp = Blueprint("court", __name__, url_prefix="/api/v1",
                description="Court enforcement systems (signed requests: X-Court-Key-Id, X-Court-Timestamp, "
                            "X-Court-Nonce, X-Court-Signature)")


@blp.route("/court/ping", methods=["POST"])
@court_signed
@answers(blp, 200, CourtPing, refuses=(401,))
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


def answer(command: Callable[..., Feedback], request_body: Any, *, schema: type = CourtFeedback,
           status: int = 200) -> Response:
    p = platform()
    org = p.accounts.org(g.court.court) or {}
    feedback = command(p.registry, court=g.court.court, court_name=org.get("name") or g.court.court,
                       request_sha256=g.court.request_sha256, request=request_body)
    body = schema().dump(feedback.as_dict())
    if not feedback.failed:
        response = jsonify(body)
        response.status_code = status
        return response
    errors = {feedback.field: [feedback.reason]} if feedback.field else {}
    response = jsonify({"code": feedback.code, "message": feedback.reason, "errors": errors, "feedback": body})
    response.status_code = 422
    return response


@blp.route("/court/seizures", methods=["POST"])
@court_signed
@blp.arguments(SeizeSchema)
@blp.doc(**FEEDBACK_DOC)
@answers(blp, 200, CourtFeedback, refuses=(400, 401, 409, 422), error_schema=CourtRefusal)
def seize(data: dict) -> Response:
    """查封 (KZCS 11): locks the unit, or queues (轮候) behind another court's active seizure. The subjects (被执行人)
    must hold the unit on the register by ID number and name (else feedback "2", `subjects_match_register`),
    unless the court sends `seize_regardless_of_register: true`, which is recorded on the seizure."""
    return answer(court_orders.seize, order_request(data))


@blp.route("/court/seizures/renew", methods=["POST"])
@court_signed
@blp.arguments(RenewSchema)
@blp.doc(**FEEDBACK_DOC)
@answers(blp, 200, CourtFeedback, refuses=(400, 401, 409, 422), error_schema=CourtRefusal)
def renew(data: dict) -> Response:
    """续封 (KZCS 12) of this court's active seizure ``seizure_reference`` until ``end``."""
    return answer(court_orders.renew, order_request(data))


@blp.route("/court/seizures/release", methods=["POST"])
@court_signed
@blp.arguments(ReleaseSchema)
@blp.doc(**FEEDBACK_DOC)
@answers(blp, 200, CourtFeedback, refuses=(400, 401, 409, 422), error_schema=CourtRefusal)
def release(data: dict) -> Response:
    """解除查封 (KZCS 14) of this court's seizure ``seizure_reference``; the next queued one becomes active."""
    return answer(court_orders.release, order_request(data))


MAX_RULING_BODY = 48 * 1024 * 1024  # up to ten PDFs of 8 MiB, base64


def takes_documents(view: Callable) -> Callable:
    """Rulings carry their PDFs: this endpoint alone takes a larger body than the API's 1 MiB."""
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        request.max_content_length = MAX_RULING_BODY
        return view(*args, **kwargs)
    return wrapper


@blp.route("/court/rulings", methods=["POST"])
@takes_documents
@court_signed
@blp.arguments(RulingSchema)
@blp.doc(**{**COURT_SIGNED, "description": (
    "产权过户文书送达 (KZCS 15): the auction ruling, the confirmation and assistance notice numbers, the buyer(s) "
    "and the documents (PDF, base64). Accepted: 202 with status \"accepted\" and the judicial case's id; the "
    "buyer pays the taxes and fee, the registrar registers, and the final feedback (result \"1\" with the new "
    "certificate number) reaches the court's feed. A refusal is a 422 with feedback \"2\"; repeats as above.")})
@answers(blp, 202, RulingFeedback, refuses=(400, 401, 409, 413, 422), error_schema=CourtRefusal)
def ruling(data: dict) -> Response:
    """司法拍卖裁定 (KZCS 15): opens the judicial transfer to the buyer (e拍即得)."""
    documents = platform().documents
    return answer(lambda app, **kwargs: judicial.serve_ruling(app, documents, **kwargs), ruling_request(data),
                  schema=RulingFeedback, status=202)
