"""The tax bureau's desk and finance: the officer's queue of assessments, confirm and adjust (with a
reason both parties see), the clearing ledger of a day, daily reconciliation (JSON or CSV) and the
gateway callbacks that were refused and kept as flags.

Tax officers see the registries of their bureau's city; admins may read everything but only an
officer confirms or adjusts. The page views (``web.pages.taxdesk``) call the same helpers.
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from flask import Response, g
from marshmallow import ValidationError, fields, post_load, validate

from projections import order_ledger, orders, tax_desk
from projections.base import plain
from projections.paging import FIRST_PAGE, Page, PageRequest
from registry.kernel.actors import Actor, Role
from registry.payments.values import FEE_ACCOUNT, GATEWAY_ACCOUNT, TREASURY_PREFIX
from registry.taxation.app import UnknownAssessment, adjust_assessment, confirm_assessment, decide_declaration
from registry.taxation.assessment import AssessmentClosed
from registry.taxation.engine.facts import Payer, TaxCode
from registry.taxation.values import DESCRIPTIONS
from web.api.answers import CSV, answers
from web.api.answers.finance import DayLedger, PaymentFlags, Reconciliation
from web.api.answers.taxes import Assessment, AssessmentList
from web.api.schemas import GateSchema
from web.api.tax import NonNegativeMoney
from web.api.units import SECURED
from web.auth import api_roles, platform
from web.paging import PageArgsSchema, listing, page_request
from web.parsing import Blueprint

blp = Blueprint("taxdesk", __name__, url_prefix="/api/v1",
                description="Tax bureau desk (assessments) and finance (ledger, reconciliation, flags)")

READERS = (Role.TAX_OFFICER, Role.ADMIN)
STATUSES = ("issued", "confirmed", "adjusted")
CLEARANCES = ("awaiting_confirmation", "released", "failed")
TAX_CODES = [code for code in DESCRIPTIONS if code != TaxCode.REGISTRATION_FEE]  # the treasury's columns
MAX_RECONCILIATION_DAYS = 92
NOT_BLANK = "must not be blank"


def not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError(NOT_BLANK)


# -- the gate ------------------------------------------------------------------------------------
class QueueArgsSchema(PageArgsSchema):
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES),
                           metadata={"description": "issued, confirmed or adjusted; all when left out"})
    clearance = fields.String(load_default=None, validate=validate.OneOf(CLEARANCES),
                              metadata={"description": "awaiting_confirmation (a declaration waits for the officer), "
                                                       "released or failed; all when left out"})


class AdjustmentSchema(GateSchema):
    code = fields.String(required=True, validate=validate.OneOf([str(c) for c in TaxCode]),
                         metadata={"description": "the line's tax code, e.g. deed_tax"})
    payer = fields.String(required=True, validate=validate.OneOf([str(p) for p in Payer]),
                          metadata={"description": "buyer or seller: stamp duty has a line for each"})
    amount = NonNegativeMoney(required=True, metadata={"description": "the line's new amount, yuan, e.g. \"25000.00\""})
    reason = fields.String(required=True, validate=[validate.Length(min=1, max=500), not_blank],
                           metadata={"description": "both parties see it on their case"})


class DeclarationDecisionSchema(GateSchema):
    decision = fields.String(required=True, validate=validate.OneOf(["confirm", "refuse"]))
    reason = fields.String(required=True, validate=[validate.Length(min=1, max=500), not_blank],
                           metadata={"description": "both parties see it on their case"})


class LedgerArgsSchema(PageArgsSchema):
    day = fields.Date(load_default=None, metadata={"description": "YYYY-MM-DD; today when left out"})


class ReconciliationArgsSchema(GateSchema):
    first_day = fields.Date(data_key="from", load_default=None,
                            metadata={"description": "first day, YYYY-MM-DD; six days before the last when left out"})
    last_day = fields.Date(data_key="to", load_default=None,
                           metadata={"description": "last day, YYYY-MM-DD; today when left out"})
    format = fields.String(load_default="json", validate=validate.OneOf(["json", "csv"]))

    @post_load
    def fill_range(self, data: dict, **kwargs: Any) -> dict:
        """Missing ends default around today; the range runs forwards and spans at most a quarter."""
        today = platform().clock.today()
        first, last = data["first_day"], data["last_day"]
        if last is None:
            last = max(today, first) if first else today
        if first is None:
            if last < EARLIEST_DAY:
                raise ValidationError("the ledger starts in 2016", "to")
            first = last - timedelta(days=6)
        if last < first:
            raise ValidationError("must not be before the first day", "to")
        if (last - first).days >= MAX_RECONCILIATION_DAYS:
            raise ValidationError(f"at most {MAX_RECONCILIATION_DAYS} days at once", "to")
        return {**data, "first_day": first, "last_day": last}


EARLIEST_DAY = date(2016, 1, 1)


# -- shared by the API and the pages ---------------------------------------------------------------
def officer_scope(actor: Actor) -> Any:
    accounts = platform().accounts
    return lambda registry_id: accounts.bureau_serves(actor.org, registry_id)


def find_assessment(actor: Actor, assessment_id: UUID) -> dict:
    found = tax_desk.by_id(platform().views, actor, str(assessment_id))
    if found is None:
        raise UnknownAssessment("no such assessment")
    return found


def check_order_open(actor: Actor, assessment: dict) -> None:
    """A friendly early refusal from the order's state; the assessment itself refuses too (``Closed``)
    once the Taxation application has seen the payment."""
    order = orders.for_case(platform().views, actor, assessment["case_id"])
    if order is not None and order["state"] != "open":
        raise AssessmentClosed(f"the combined order is {order['state']}, so the assessment can no longer "
                               "change; correct it through a refund instead")


def confirm(actor: Actor, assessment_id: UUID) -> dict:
    p = platform()
    find_assessment(actor, assessment_id)
    p.wait_for(confirm_assessment(p.taxation, actor, assessment_id, officer_scope(actor)))
    return find_assessment(actor, assessment_id)


def adjust(actor: Actor, assessment_id: UUID, data: dict) -> dict:
    p = platform()
    check_order_open(actor, find_assessment(actor, assessment_id))
    p.wait_for(adjust_assessment(p.taxation, actor, assessment_id, officer_scope(actor), **data))
    return find_assessment(actor, assessment_id)


def decide(actor: Actor, assessment_id: UUID, kind: str, data: dict) -> dict:
    p = platform()
    find_assessment(actor, assessment_id)
    p.wait_for(decide_declaration(p.taxation, actor, assessment_id, officer_scope(actor), kind=kind,
                                  accepted=data["decision"] == "confirm", reason=data["reason"]))
    return find_assessment(actor, assessment_id)


def account_label(account: str) -> str:
    if account.startswith(TREASURY_PREFIX):
        return account[len(TREASURY_PREFIX):]
    return account


def day_ledger(actor: Actor, day: date, paging: PageRequest = FIRST_PAGE) -> Page:
    """One page of the day's postings, newest first, with the whole day's totals in ``extra``."""
    postings = order_ledger.ledger(platform().views, actor, day.isoformat(), paging)
    debits, credits = order_ledger.ledger_totals(platform().views, actor, day.isoformat())
    return replace(postings, extra={"day": day.isoformat(), "debits": str(debits), "credits": str(credits),
                                    "balanced": debits == credits})


def reconcile(actor: Actor, first: date, last: date) -> dict:
    days = order_ledger.reconciliation(platform().views, actor, first.isoformat(), last.isoformat())
    codes = TAX_CODES + sorted({code for d in days for code in d["by_tax"]} - set(TAX_CODES))
    return {"from": first.isoformat(), "to": last.isoformat(), "tax_codes": codes,
            "accounts": {"settlements": GATEWAY_ACCOUNT, "fees": FEE_ACCOUNT, "treasury": TREASURY_PREFIX + "*"},
            "days": plain(days), "balanced": all(d["balanced"] for d in days)}


CSV_COLUMNS = ("day", "settlements", "treasury", "fees", "mismatch", "balanced")


def reconciliation_csv(report: dict) -> Response:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*CSV_COLUMNS, *report["tax_codes"]])
    for day in report["days"]:
        by_tax = [day["by_tax"].get(code, "0.00") for code in report["tax_codes"]]
        writer.writerow([day["day"], day["settlements"], day["treasury"], day["fees"], day["mismatch"],
                         "true" if day["balanced"] else "false", *by_tax])
    name = f"reconciliation-{report['from']}-{report['to']}.csv"
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


# -- tax desk ------------------------------------------------------------------------------------
@blp.route("/tax/assessments", methods=["GET"])
@api_roles(*READERS)
@blp.arguments(QueueArgsSchema, location="query")
@answers(blp, 200, AssessmentList, refuses=(400, 401, 403, 422))
@blp.doc(**SECURED)
def queue(args: dict) -> dict:
    """The assessments of the registries the officer's bureau serves, oldest first (a work queue), one page at
    a time: ``{"assessments": [...], "page", "per_page", "total", "pages", "next", "previous"}``."""
    found = tax_desk.queue(platform().views, g.user.actor, args["status"], page_request(args),
                           clearance=args["clearance"])
    return listing(found, "assessments")


@blp.route("/tax/assessments/<uuid:assessment_id>", methods=["GET"])
@api_roles(*READERS)
@answers(blp, 200, Assessment, refuses=(401, 403, 404))
@blp.doc(**SECURED)
def get_assessment(assessment_id: UUID) -> dict:
    """Every line with its basis, rate, rule and legal reference; the facts; the adjustments."""
    return find_assessment(g.user.actor, assessment_id)


@blp.route("/tax/assessments/<uuid:assessment_id>/confirm", methods=["POST"])
@api_roles(Role.TAX_OFFICER)
@answers(blp, 200, Assessment, refuses=(401, 403, 404, 409, 422))
@blp.doc(**SECURED)
def confirm_view(assessment_id: UUID) -> dict:
    """The officer confirms the assessment as issued (or as adjusted); confirming again changes nothing."""
    return confirm(g.user.actor, assessment_id)


@blp.route("/tax/assessments/<uuid:assessment_id>/adjust", methods=["POST"])
@api_roles(Role.TAX_OFFICER)
@blp.arguments(AdjustmentSchema)
@answers(blp, 200, Assessment, refuses=(400, 401, 403, 404, 409, 422))
@blp.doc(**SECURED)
def adjust_view(data: dict, assessment_id: UUID) -> dict:
    """Change one line (code and payer) with a reason; the unpaid combined order is revised to match.
    Once the order is paid (or no longer open) the adjustment is refused: 409 ``assessment_closed``."""
    return adjust(g.user.actor, assessment_id, data)


@blp.route("/tax/assessments/<uuid:assessment_id>/declarations/<string:kind>", methods=["POST"])
@api_roles(Role.TAX_OFFICER)
@blp.arguments(DeclarationDecisionSchema)
@answers(blp, 200, Assessment, refuses=(400, 401, 403, 404, 409, 422))
@blp.doc(**SECURED)
def decide_view(data: dict, assessment_id: UUID, kind: str) -> dict:
    """Confirm or refuse one pending declaration (only_home_five_years, original_cost, reasonable_costs,
    deed_tax_relief) with a reason both parties see; a refusal computes the lines again without the claim.
    The last decision confirms the taxes for payment and the order is placed."""
    return decide(g.user.actor, assessment_id, kind, data)


# -- finance -------------------------------------------------------------------------------------
@blp.route("/finance/ledger", methods=["GET"])
@api_roles(*READERS)
@blp.arguments(LedgerArgsSchema, location="query")
@answers(blp, 200, DayLedger, refuses=(400, 401, 403, 422))
@blp.doc(**SECURED)
def ledger(args: dict) -> dict:
    """The clearing postings of one day (debits = credits), newest first, one page at a time, with the whole
    day's totals: ``{"postings": [...], "page", "per_page", "total", "pages", "next", "previous", "day",
    "debits", "credits", "balanced"}``."""
    found = day_ledger(g.user.actor, args["day"] or platform().clock.today(), page_request(args))
    return listing(found, "postings", **found.extra)


@blp.route("/finance/reconciliation", methods=["GET"])
@api_roles(*READERS)
@blp.arguments(ReconciliationArgsSchema, location="query")
@answers(blp, 200, Reconciliation, refuses=(400, 401, 403, 422))
@blp.alt_response(200, schema=CSV, content_type="text/csv", success=True, description="with format=csv")
@blp.doc(**SECURED)
def reconciliation(args: dict) -> Any:
    """Per day: settlements from the gateway = treasury + fees, the treasury split by tax, and any
    mismatch. ``format=csv`` downloads the same table."""
    report = reconcile(g.user.actor, args["first_day"], args["last_day"])
    if args["format"] == "csv":
        return reconciliation_csv(report)
    return report


@blp.route("/finance/flags", methods=["GET"])
@api_roles(*READERS)
@blp.arguments(PageArgsSchema, location="query")
@answers(blp, 200, PaymentFlags, refuses=(400, 401, 403, 422))
@blp.doc(**SECURED)
def flags(args: dict) -> dict:
    """Verified gateway callbacks that were refused (wrong amount, stale attempt, unknown order ...), newest
    first, one page at a time: ``{"flags": [...], "page", "per_page", "total", "pages", "next", "previous"}``."""
    return listing(order_ledger.flags(platform().views, g.user.actor, page_request(args)), "flags")
