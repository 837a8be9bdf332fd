"""Register book: first registration and the page of a unit."""

from __future__ import annotations

from flask import abort, g

from projections import register_book
from registry import units
from registry.actors import Role
from registry.values import Term
from web.api.schemas import UnitRegistrationSchema
from web.auth import api_roles, platform
from web.commands import owners_from
from web.parsing import Blueprint

blp = Blueprint("units", __name__, url_prefix="/api/v1/units", description="The register book (登记簿)")
SECURED = {"security": [{"bearerAuth": []}]}


@blp.route("", methods=["POST"])
@api_roles(Role.REGISTRAR, Role.ADMIN)
@blp.arguments(UnitRegistrationSchema)
@blp.response(201)
@blp.doc(**SECURED)
def register(data: dict) -> dict:
    """First registration (djlx 100) of a unit with its owners; allocates the certificate number."""
    p = platform()
    registry = data["registry"] or g.user.org
    receipt = units.register_unit(
        p.registry, g.user.actor, unit_number=data["unit_number"], registry=registry,
        location=data["location"], area=data["area"], use=data["use"], right_nature=data["right_nature"],
        term=Term(data["term_start"], data["term_end"]), owners=owners_from(data["owners"]),
        registered_on=data["registered_on"],
    )
    p.wait_for(receipt.position)
    return register_book.page(p.views, g.user.actor, data["unit_number"])


@blp.route("/<string:unit_number>", methods=["GET"])
@api_roles(Role.REGISTRAR, Role.ADMIN, Role.APPLICANT)
@blp.response(200)
@blp.doc(**SECURED)
def page(unit_number: str) -> dict:
    """The register-book page: current rights, locks and the full history with djlx/qllx codes."""
    found = register_book.page(platform().views, g.user.actor, unit_number)
    if found is None:
        abort(404, description="no such unit in your register")
    return found
