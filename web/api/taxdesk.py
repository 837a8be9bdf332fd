"""The tax bureau's desk and finance: the officer's queue of assessments, confirm and adjust (with a
reason both parties see), the clearing ledger of a day, daily reconciliation (JSON or CSV) and the
gateway callbacks that were refused and kept as flags.

Tax officers see the registries of their bureau's city; admins may read everything but only an
officer confirms or adjusts. The gate and the work are ``web.shared.taxdesk``'s, shared with the pages.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import g

from projections import order_ledger, tax_desk
from registry.kernel.actors import Role
from web.api.answers import CSV, answers
from web.api.answers.finance import DayLedger, PaymentFlags, Reconciliation
from web.api.answers.taxes import Assessment, AssessmentList
from web.api.units import SECURED
from web.auth import api_roles, platform
from web.paging import PageArgsSchema, listing, page_request
from web.parsing import Blueprint
from web.shared.taxdesk import (
    AdjustmentSchema,
    DeclarationDecisionSchema,
    LedgerArgsSchema,
    QueueArgsSchema,
    ReconciliationArgsSchema,
    ReferredAssessmentSchema,
    adjust,
    assess_referred,
    confirm,
    day_ledger,
    decide,
    find_assessment,
    reconcile,
    reconciliation_csv,
)

blp = Blueprint("taxdesk", __name__, url_prefix="/api/v1",
                description="Tax bureau desk (assessments) and finance (ledger, reconciliation, flags)")

READERS = (Role.TAX_OFFICER, Role.ADMIN)


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


@blp.route("/tax/assessments/<uuid:assessment_id>/referred/<string:code>", methods=["POST"])
@api_roles(Role.TAX_OFFICER)
@blp.arguments(ReferredAssessmentSchema)
@answers(blp, 200, Assessment, refuses=(400, 401, 403, 404, 409, 422))
@blp.doc(**SECURED)
def assess_referred_view(data: dict, assessment_id: UUID, code: str) -> dict:
    """Assess one line the rules referred to the officer (``referred`` on the assessment: e.g. land VAT without a
    proved cost) with an amount and a reason both parties see; once every referred line is assessed (and no
    declaration waits) the taxes are confirmed for payment and the order is placed. Only an officer of a bureau
    serving the case's registry may (404 otherwise); a line not referred is 422, one already assessed 409."""
    return assess_referred(g.user.actor, assessment_id, code, data)


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
