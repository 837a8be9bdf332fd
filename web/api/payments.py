"""Paying a case's order, each party its own part: start at the gateway, the gateway's signed callback,
re-issue."""

from __future__ import annotations

from uuid import UUID

from flask import abort, g, request

from projections import orders
from registry.kernel.actors import Role
from registry.payments.commands import notice_from, record_notice, reissue_order
from registry.payments.gateway_port import CallbackError
from web.api.answers import answers
from web.api.answers.payments import CallbackOutcome, PaymentRedirect
from web.api.answers.transfers import Order
from web.api.units import SECURED
from web.auth import api_roles, platform
from web.parsing import Blueprint
from web.shared.payments import begin_payment, gateway

blp = Blueprint("payments", __name__, url_prefix="/api/v1",
                description="Taxes and fees: each party pays its own part")


@blp.route("/transfers/<uuid:case_id>/pay", methods=["POST"])
@api_roles(Role.APPLICANT)
@answers(blp, 200, PaymentRedirect, refuses=(401, 403, 404, 409))
@blp.doc(**SECURED)
def pay(case_id: UUID) -> dict:
    """Start paying your own part (a buyer the buyers', a seller the sellers'); redirect to ``redirect_url``."""
    return_url = platform().settings.public_url + f"/applicant/cases/{case_id}"
    return {"redirect_url": begin_payment(case_id, return_url)}


@blp.route("/transfers/<uuid:case_id>/order/<any(buyer, seller):payer>/pay", methods=["POST"])
@api_roles(Role.APPLICANT)
@answers(blp, 200, PaymentRedirect, refuses=(401, 403, 404, 409))
@blp.doc(**SECURED)
def pay_part(case_id: UUID, payer: str) -> dict:
    """Start paying the named part; only a party of that side may (anyone else: 404 ``unknown_order``)."""
    return_url = platform().settings.public_url + f"/applicant/cases/{case_id}"
    return {"redirect_url": begin_payment(case_id, return_url, payer)}


@blp.route("/transfers/<uuid:case_id>/order/reissue", methods=["POST"])
@api_roles(Role.APPLICANT)
@answers(blp, 200, Order, refuses=(401, 403, 404, 409))
@blp.doc(**SECURED)
def reissue(case_id: UUID) -> dict:
    """An expired order is re-issued for another payment attempt."""
    p = platform()
    p.run_and_wait(reissue_order, p.payments, g.user.actor, str(case_id))
    return orders.for_case(p.views, g.user.actor, str(case_id))


@blp.route("/payments/callback", methods=["POST"])
@answers(blp, 200, CallbackOutcome, refuses=(400,))
def callback() -> tuple[dict, int]:
    """The gateway's signed notice. Forged, stale or malformed → 400 and nothing stored; every verified
    notice is answered 200 (duplicates too), and refused ones are kept as flags for finance staff."""
    p = platform()
    try:
        verified = gateway().parse_callback(request.headers, request.get_data(), p.clock.now())
    except CallbackError as refused:
        abort(400, description=f"callback refused: {refused}")
    receipt, outcome = record_notice(p.payments, notice_from(verified))
    if receipt is not None:
        p.processes.wake()
    return {"outcome": outcome}, 200
