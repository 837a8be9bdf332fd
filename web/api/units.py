"""Register book: first registration, the page of a unit, and objections (异议登记) on it."""

from __future__ import annotations

from flask import abort, g
from marshmallow import fields, validate

from projections import register_book, register_search
from registry.kernel.actors import Role
from registry.kernel.values import Term
from registry.register_book import commands as units
from registry.register_book import objections
from web.api.answers import answers
from web.api.answers.register import UnitPage, UnitsFound
from web.auth import api_roles, platform
from web.commands import owners_from
from web.paging import listing, page_request
from web.parsing import Blueprint
from web.shared.schemas import GateSchema, UnitRegistrationSchema
from web.shared.searches import UnitSearchSchema, unit_criteria

blp = Blueprint("units", __name__, url_prefix="/api/v1/units", description="The register book (登记簿)")
SECURED = {"security": [{"bearerAuth": []}]}


class ObjectionSchema(GateSchema):
    reference = fields.String(required=True, validate=validate.Length(min=1, max=60),
                              metadata={"description": "the objection's file number, e.g. \"(2026)榕异字第12号\""})
    applicant = fields.String(required=True, validate=validate.Length(min=1, max=100),
                              metadata={"description": "who objects to what the page says"})
    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))


def page_for(unit_number: str) -> dict:
    found = register_book.page(platform().views, g.user.actor, unit_number)
    if found is None:
        abort(404, description="no such unit in your register")
    return found


@blp.route("", methods=["POST"])
@api_roles(Role.REGISTRAR, Role.ADMIN)
@blp.arguments(UnitRegistrationSchema)
@answers(blp, 201, UnitPage, refuses=(400, 401, 403, 409, 422))
@blp.doc(**SECURED)
def register(data: dict) -> dict:
    """First registration (djlx 100) of a unit with its owners; allocates the certificate number."""
    p = platform()
    registry = data["registry"] or g.user.org
    p.run_and_wait(
        units.register_unit, p.registry, g.user.actor, unit_number=data["unit_number"], registry=registry,
        location=data["location"], area=data["area"], use=data["use"], right_nature=data["right_nature"],
        term=Term(data["term_start"], data["term_end"]), owners=owners_from(data["owners"]),
        registered_on=data["registered_on"],
    )
    return register_book.page(p.views, g.user.actor, data["unit_number"])


@blp.route("", methods=["GET"])
@api_roles(Role.REGISTRAR, Role.ADMIN)
@blp.arguments(UnitSearchSchema, location="query")
@answers(blp, 200, UnitsFound, refuses=(400, 401, 403, 422))
@blp.doc(**SECURED)
def search(args: dict) -> dict:
    """Units of the registrar's own registry matching every criterion given (none: every unit), by unit number,
    one page at a time: ``{"units": [...], "page", "per_page", "total", "pages", "next", "previous"}``."""
    found = register_search.search(platform().views, g.user.actor, unit_criteria(args), page_request(args))
    return listing(found, "units")


@blp.route("/<string:unit_number>", methods=["GET"])
@api_roles(Role.REGISTRAR, Role.ADMIN, Role.APPLICANT)
@answers(blp, 200, UnitPage, refuses=(401, 403, 404))
@blp.doc(**SECURED)
def page(unit_number: str) -> dict:
    """The register-book page: current rights; ``locks`` (the active court seizure, ``kind`` "seizure", and any
    registrar's lock, ``kind`` "lock"); ``seizures`` in force and ``queued_seizures`` (轮候, in the order they take
    effect, with court, reference and term); mortgages in rank order; live ``pre_notices``; objections; and the
    full history with djlx/qllx codes, a row for every registration (a cancelled proof in
    ``cancelled_proof_number`` with (销))."""
    return page_for(unit_number)


@blp.route("/<string:unit_number>/objections", methods=["POST"])
@api_roles(Role.REGISTRAR)
@blp.arguments(ObjectionSchema)
@answers(blp, 201, UnitPage, refuses=(400, 401, 403, 404, 409, 422))
@blp.doc(**SECURED)
def register_objection(data: dict, unit_number: str) -> dict:
    """异议登记 (djlx 600, qllx 97): does not block a mortgage, but later filings warn the registrar."""
    p = platform()
    p.run_and_wait(objections.register_objection, p.registry, g.user.actor, unit_number=unit_number, **data)
    return page_for(unit_number)


@blp.route("/<string:unit_number>/objections/<string:reference>/cancel", methods=["POST"])
@api_roles(Role.REGISTRAR)
@answers(blp, 200, UnitPage, refuses=(401, 403, 404, 409))
@blp.doc(**SECURED)
def cancel_objection(unit_number: str, reference: str) -> dict:
    p = platform()
    p.run_and_wait(objections.cancel_objection, p.registry, g.user.actor, unit_number=unit_number, reference=reference)
    return page_for(unit_number)
