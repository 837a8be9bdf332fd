"""4-in-1 transfer cases: applicants file and withdraw; registrars review, approve and reject, and see the
other courts' seizures flagged after transfers by court ruling (司法裁定过户)."""

from __future__ import annotations

from uuid import UUID

from flask import abort, g
from marshmallow import fields

from projections import applicant, orders, registrar, tax_desk
from projections import certificates as certificate_shelf
from registry import transfers
from registry.actors import Role
from web.api.schemas import GateSchema, OptionalReasonSchema, ReasonSchema, TransferSubmissionSchema
from web.api.units import SECURED
from web.auth import api_roles, platform
from web.commands import file_transfer
from web.parsing import Blueprint

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
        found["assessment"] = applicant.assessment_seen_by(found, found["assessment"])
    found["order"] = orders.for_case(p.views, actor, str(case_id))
    return found


@blp.route("/transfers", methods=["POST"])
@api_roles(Role.APPLICANT)
@blp.arguments(TransferSubmissionSchema)
@blp.response(201)
@blp.doc(**SECURED)
def submit(data: dict) -> dict:
    """File a transfer; the family-housing check runs at once and its result is in the case."""
    receipt = file_transfer(platform(), g.user.actor, data)
    return case_view(receipt.id)


@blp.route("/transfers", methods=["GET"])
@api_roles(Role.APPLICANT, Role.REGISTRAR)
@blp.response(200)
@blp.doc(**SECURED)
def list_cases() -> dict:
    """An applicant's own cases, or a registrar's registry's cases."""
    p, actor = platform(), g.user.actor
    if actor.role is Role.REGISTRAR:
        return {"cases": registrar.cases(p.views, actor)}
    return {"cases": applicant.my_cases(p.views, actor)}


@blp.route("/transfers/<uuid:case_id>", methods=["GET"])
@api_roles(Role.APPLICANT, Role.REGISTRAR)
@blp.response(200)
@blp.doc(**SECURED)
def get_case(case_id: UUID) -> dict:
    return case_view(case_id)


@blp.route("/transfers/<uuid:case_id>/withdraw", methods=["POST"])
@api_roles(Role.APPLICANT)
@blp.arguments(OptionalReasonSchema)
@blp.response(200)
@blp.doc(**SECURED)
def withdraw(data: dict, case_id: UUID) -> dict:
    p = platform()
    receipt = transfers.withdraw_transfer(p.registry, g.user.actor, case_id, data["reason"])
    p.wait_for(receipt.position)
    return case_view(case_id)


@blp.route("/registrar/queue", methods=["GET"])
@api_roles(Role.REGISTRAR)
@blp.response(200)
@blp.doc(**SECURED)
def queue() -> dict:
    """Cases waiting for this registrar's registry, oldest first, with their age."""
    p = platform()
    return {"cases": registrar.queue(p.views, g.user.actor, p.clock.now())}


class FlaggedArgsSchema(GateSchema):
    include_cleared = fields.Boolean(load_default=False,
                                     metadata={"description": "also the seizures since released or lapsed"})


@blp.route("/registrar/flagged-seizures", methods=["GET"])
@api_roles(Role.REGISTRAR, Role.ADMIN)
@blp.arguments(FlaggedArgsSchema, location="query")
@blp.response(200)
@blp.doc(**SECURED)
def flagged_seizures(args: dict) -> dict:
    """Seizures by other courts that stayed on units of this registry transferred by a court's ruling: unit,
    seizing court, reference, state, the auction court and ruling, when flagged; listed until released or
    lapsed."""
    p = platform()
    return {"seizures": registrar.flagged_seizures(p.views, g.user.actor, args["include_cleared"])}


@blp.route("/transfers/<uuid:case_id>/approve", methods=["POST"])
@api_roles(Role.REGISTRAR)
@blp.response(200)
@blp.doc(**SECURED)
def approve(case_id: UUID) -> dict:
    """Register the transfer: owners replaced, new certificate number, old number cancelled (销)."""
    p = platform()
    receipt = transfers.approve_transfer(p.registry, g.user.actor, case_id)
    p.wait_for(receipt.position)
    return case_view(case_id)


@blp.route("/transfers/<uuid:case_id>/reject", methods=["POST"])
@api_roles(Role.REGISTRAR)
@blp.arguments(ReasonSchema)
@blp.response(200)
@blp.doc(**SECURED)
def reject(data: dict, case_id: UUID) -> dict:
    p = platform()
    receipt = transfers.reject_transfer(p.registry, g.user.actor, case_id, data["reason"])
    p.wait_for(receipt.position)
    return case_view(case_id)
