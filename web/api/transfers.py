"""4-in-1 transfer cases: applicants file and withdraw; registrars review, approve and reject, and see the
other courts' seizures flagged after transfers by court ruling (司法裁定过户)."""

from __future__ import annotations

from uuid import UUID

from flask import abort, g
from marshmallow import fields

from projections import applicant, case_progress, orders, registrar, registrar_checks, tax_desk
from projections import case_documents as documents
from projections import certificates as certificate_shelf
from projections.party_assessments import assessment_seen_by
from projections.registrar_checks import with_checks
from registry.kernel.actors import Role
from registry.transfers import commands as transfers
from web.api.answers import answers
from web.api.answers.transfer_lists import CaseList, FlaggedSeizures, ReviewQueue
from web.api.answers.transfers import TransferCase
from web.api.units import SECURED
from web.auth import api_roles, platform
from web.commands import correct_case, file_transfer
from web.paging import PageArgsSchema, listing, page_request
from web.parsing import Blueprint
from web.shared.schemas import (
    CorrectionSchema,
    OptionalReasonSchema,
    ReasonSchema,
    TransferSubmissionSchema,
)
from web.shared.searches import CaseFilterSchema, case_filter

blp = Blueprint("transfers", __name__, url_prefix="/api/v1", description="4-in-1 transfer cases")


def case_view(case_id: UUID) -> dict:
    p, actor = platform(), g.user.actor
    view = registrar.case if actor.role is Role.REGISTRAR else applicant.case
    found = view(p.views, actor, str(case_id))
    if found is None:
        abort(404, description="no such transfer case")
    found["certificates"] = certificate_shelf.of_cases(p.views, actor, [str(case_id)]).get(str(case_id), [])
    found["assessment"] = tax_desk.for_case(p.views, actor, str(case_id))
    if actor.role is Role.APPLICANT:
        found["assessment"] = assessment_seen_by(found, found["assessment"])
        found["progress"] = case_progress.progress(p.views, actor.user_id, str(case_id))
    else:
        found["checks"] = registrar_checks.checks_of(p.views, [str(case_id)]).get(str(case_id))
    found["order"] = orders.for_case(p.views, actor, str(case_id))
    found["documents"] = documents.of_case(p.views, str(case_id))  # the case was found in the actor's scope
    return found


@blp.route("/transfers", methods=["POST"])
@api_roles(Role.APPLICANT)
@blp.arguments(TransferSubmissionSchema)
@answers(blp, 201, TransferCase, refuses=(400, 401, 403, 404, 409, 422))
@blp.doc(**SECURED)
def submit(data: dict) -> dict:
    """File a transfer; the family-housing check runs at once and its result is in the case."""
    receipt = file_transfer(platform(), g.user.actor, data, agent_name=g.user.display_name)
    return case_view(receipt.id)


@blp.route("/transfers", methods=["GET"])
@api_roles(Role.APPLICANT, Role.REGISTRAR)
@blp.arguments(PageArgsSchema, location="query")
@answers(blp, 200, CaseList, refuses=(400, 401, 403, 422))
@blp.doc(**SECURED)
def list_cases(args: dict) -> dict:
    """An applicant's own cases, or a registrar's registry's cases newest first, one page at a time (the
    registrar's filters are on ``/registrar/cases``)."""
    p, actor = platform(), g.user.actor
    if actor.role is Role.REGISTRAR:
        return listing(registrar.cases(p.views, actor, paging=page_request(args)), "cases")
    return listing(applicant.my_cases(p.views, actor, page_request(args)), "cases")


@blp.route("/registrar/cases", methods=["GET"])
@api_roles(Role.REGISTRAR, Role.ADMIN)
@blp.arguments(CaseFilterSchema, location="query")
@answers(blp, 200, CaseList, refuses=(400, 401, 403, 422))
@blp.doc(**SECURED)
def all_cases(args: dict) -> dict:
    """Every case of the registry, newest submission first, filtered by state, kind, submission days and unit:
    ``{"cases": [...], "page", "per_page", "total", "pages", "next", "previous"}``."""
    found = registrar.cases(platform().views, g.user.actor, case_filter(args), page_request(args))
    return listing(found, "cases")


@blp.route("/transfers/<uuid:case_id>", methods=["GET"])
@api_roles(Role.APPLICANT, Role.REGISTRAR)
@answers(blp, 200, TransferCase, refuses=(401, 403, 404))
@blp.doc(**SECURED)
def get_case(case_id: UUID) -> dict:
    return case_view(case_id)


@blp.route("/transfers/<uuid:case_id>/withdraw", methods=["POST"])
@api_roles(Role.APPLICANT)
@blp.arguments(OptionalReasonSchema)
@answers(blp, 200, TransferCase, refuses=(400, 401, 403, 404, 409, 422))
@blp.doc(**SECURED)
def withdraw(data: dict, case_id: UUID) -> dict:
    p = platform()
    p.run_and_wait(transfers.withdraw_transfer, p.registry, g.user.actor, case_id, data["reason"])
    return case_view(case_id)


@blp.route("/transfers/<uuid:case_id>/mandate/confirm", methods=["POST"])
@api_roles(Role.APPLICANT)
@answers(blp, 200, TransferCase, refuses=(401, 403, 404, 409))
@blp.doc(**SECURED)
def confirm_mandate(case_id: UUID) -> dict:
    """The seller or buyer who gave the filer's mandate confirms it (403 for anyone else on the case);
    the registrar registers nothing until every mandate is confirmed."""
    p = platform()
    p.run_and_wait(transfers.confirm_mandate, p.registry, g.user.actor, case_id)
    return case_view(case_id)


@blp.route("/transfers/<uuid:case_id>/correct", methods=["POST"])
@api_roles(Role.APPLICANT)
@blp.arguments(CorrectionSchema)
@answers(blp, 200, TransferCase, refuses=(400, 401, 403, 404, 409, 422))
@blp.doc(**SECURED)
def correct(data: dict, case_id: UUID) -> dict:
    """A party corrects the contract date, the price or the tax claims before the taxes are confirmed (e.g. an
    assessment that could not be computed, or after a refused declaration); the taxes are assessed afresh.
    Refused with 409 ``case_not_correctable`` once the taxes are confirmed and the order placed."""
    correct_case(platform(), g.user.actor, case_id, data)
    return case_view(case_id)


@blp.route("/registrar/queue", methods=["GET"])
@api_roles(Role.REGISTRAR)
@blp.arguments(PageArgsSchema, location="query")
@answers(blp, 200, ReviewQueue, refuses=(400, 401, 403, 422))
@blp.doc(**SECURED)
def queue(args: dict) -> dict:
    """Cases waiting for this registrar's registry, oldest first (first come, first served), with their age and
    ``checks``: why the rules of instant approval (秒批) left each to a registrar (``reasons``)."""
    p = platform()
    return listing(with_checks(p.views, registrar.queue(p.views, g.user.actor, p.clock.now(), page_request(args))),
                   "cases")


class FlaggedArgsSchema(PageArgsSchema):
    include_cleared = fields.Boolean(load_default=False,
                                     metadata={"description": "also the seizures since released or lapsed"})


@blp.route("/registrar/flagged-seizures", methods=["GET"])
@api_roles(Role.REGISTRAR, Role.ADMIN)
@blp.arguments(FlaggedArgsSchema, location="query")
@answers(blp, 200, FlaggedSeizures, refuses=(400, 401, 403, 422))
@blp.doc(**SECURED)
def flagged_seizures(args: dict) -> dict:
    """Seizures by other courts that stayed on units of this registry transferred by a court's ruling: unit,
    seizing court, reference, state, the auction court and ruling, when flagged; listed until released or
    lapsed; oldest first, one page at a time: ``{"seizures": [...], "page", "per_page", "total", ...}``."""
    found = registrar.flagged_seizures(platform().views, g.user.actor, args["include_cleared"], page_request(args))
    return listing(found, "seizures")


@blp.route("/transfers/<uuid:case_id>/approve", methods=["POST"])
@api_roles(Role.REGISTRAR)
@answers(blp, 200, TransferCase, refuses=(401, 403, 404, 409, 422))
@blp.doc(**SECURED)
def approve(case_id: UUID) -> dict:
    """Register the transfer: owners replaced, new certificate number, old number cancelled (销)."""
    p = platform()
    p.run_and_wait_for_clocks(transfers.approve_transfer, p.registry, g.user.actor, case_id)
    return case_view(case_id)


@blp.route("/transfers/<uuid:case_id>/reject", methods=["POST"])
@api_roles(Role.REGISTRAR)
@blp.arguments(ReasonSchema)
@answers(blp, 200, TransferCase, refuses=(400, 401, 403, 404, 409, 422))
@blp.doc(**SECURED)
def reject(data: dict, case_id: UUID) -> dict:
    p = platform()
    p.run_and_wait_for_clocks(transfers.reject_transfer, p.registry, g.user.actor, case_id, data["reason"])
    return case_view(case_id)
