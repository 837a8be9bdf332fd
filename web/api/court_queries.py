"""Court queries (查询) and tax inquiries (询价): signed like every court request, answered at once, kept as events.

``court_signed`` goes right under ``blp.route`` so nothing is parsed before the signature is verified.
"""

from __future__ import annotations

from flask import Response, g, jsonify

from registry.courts import queries as court_queries
from registry.courts import tax_inquiry as inquiry
from registry.courts.orders import CONTROLLED
from web.api.answers import answers
from web.api.answers.courts import CourtQueryAnswer, CourtRefusal, TaxInquiryAnswer
from web.api.court_query_schemas import QuerySchema, TaxInquirySchema, query_request, tax_inquiry_request
from web.auth import platform
from web.court_auth import COURT_SIGNED, court_signed
from web.parsing import Blueprint

blp = Blueprint("court_queries", __name__, url_prefix="/api/v1",
                description="Court queries and tax inquiries (signed requests, as for seizures)")

ANSWER_DOC = (
    "The answer {order_id, request_id, kind, result \"1\", reason \"\", answered_at, …} is a 200. A refusal by the "
    "register's rules (a unit outside this registry's area, for a tax inquiry also an unknown unit: 404) is "
    "result \"2\": the error shape {code, message, errors} plus `feedback`. Either is stored, and the same "
    "request_id again returns the same answer and stores nothing; a request_id this court already used for "
    "another kind of request is a 409 `request_id_reused`. Malformed bodies are a 422 without `feedback`, "
    "nothing stored. Amounts, areas and shares are decimal strings.")


def court() -> dict:
    org = platform().accounts.org(g.court.court) or {}
    return {"court": g.court.court, "court_name": org.get("name") or g.court.court,
            "request_sha256": g.court.request_sha256}


def reply(answer: dict) -> Response:
    if answer["result"] == CONTROLLED:
        return jsonify(answer)
    feedback = {k: v for k, v in answer.items() if k not in ("code", "status", "field")}
    errors = {answer["field"]: [answer["reason"]]} if answer["field"] else {}
    response = jsonify({"code": answer["code"], "message": answer["reason"], "errors": errors,
                        "feedback": feedback})
    response.status_code = answer["status"]
    return response


@blp.route("/court/queries", methods=["POST"])
@court_signed
@blp.arguments(QuerySchema)
@blp.doc(**COURT_SIGNED, description=(
    "Per person (`subjects`): the units held now; per unit (`unit_numbers`): its page — location, area, use, "
    "owners with shares, certificate number, mortgages in rank order, seizures (active, then queued in order of "
    "service; released and lapsed under `seizure_history`), objections, locks, pre-notices. A unit inside the "
    "area that the register does not hold is answered `in_register: false`. " + ANSWER_DOC))
@answers(blp, 200, CourtQueryAnswer, refuses=(400, 401, 404, 409, 422), error_schema=CourtRefusal)
def query(data: dict) -> Response:
    """查询: persons' and units' current rights, encumbrances and seizures."""
    return reply(court_queries.query(platform().registry, **court(), request=query_request(data)))


@blp.route("/court/tax-inquiries", methods=["POST"])
@court_signed
@blp.arguments(TaxInquirySchema)
@blp.doc(**COURT_SIGNED, description=(
    "The tax engine's breakdown of an auction sale of `unit_number` at `price` on `sale_date` (default today): "
    "`lines` [{code, payer, description, basis, rate, amount, rule, reference}], `totals` {buyer, seller, "
    "overall}, the `facts` used (sellers = the current owners) and the `assumptions` (without `buyer`: an "
    "individual buying the family's first home). " + ANSWER_DOC))
@answers(blp, 200, TaxInquiryAnswer, refuses=(400, 401, 404, 409, 422), error_schema=CourtRefusal)
def tax_inquiry(data: dict) -> Response:
    """询价: what taxes an auction sale at this price would cost."""
    p = platform()
    return reply(inquiry.inquire_taxes(p.registry, **court(), request=tax_inquiry_request(data),
                                       surcharge_rate=p.taxation.surcharge_rate,
                                       deemed_income_rate=p.taxation.deemed_income_rate))
