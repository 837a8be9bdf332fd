"""Register-book pages: the registrar's unit search and one unit's page."""

from __future__ import annotations

from flask import abort, g, render_template, request
from marshmallow import ValidationError

from projections import register_book, register_search
from registry.kernel.actors import Role
from web.auth import page_roles, platform
from web.i18n import translate
from web.pages.blueprint import bp
from web.pages.wording import say
from web.paging import page_from_query, pager
from web.shared.searches import UnitSearchSchema, unit_criteria

SEARCH_FIELDS = ("q", "owner_name", "id_number", "certificate_number")


@bp.route("/units")
@page_roles(Role.REGISTRAR, Role.ADMIN)
def unit_search():  # noqa: ANN201
    """By unit number or location, owner's name, ID number or certificate number; results one page at a time."""
    wanted = {k: v.strip() for k, v in request.args.items() if k in SEARCH_FIELDS and v.strip()}
    try:
        args = UnitSearchSchema().load(wanted)
    except ValidationError as invalid:
        errors = {field: [say(m) for m in messages] for field, messages in invalid.messages.items()}
        return render_template("unit_search.html", query=wanted, errors=errors, results=[], pager=None), 422
    criteria = unit_criteria(args)
    if not criteria.given:
        return render_template("unit_search.html", query=wanted, errors={}, results=[], pager=None)
    found = register_search.search(platform().views, g.user.actor, criteria, page_from_query())
    return render_template("unit_search.html", query=wanted, errors={}, results=found.items, pager=pager(found))


@bp.route("/units/<string:unit_number>")
@page_roles()
def unit_page(unit_number: str):  # noqa: ANN201
    """The scoping is the query's: another registry's unit, or a unit the applicant does not own, is 404."""
    page = register_book.page(platform().views, g.user.actor, unit_number)
    if page is None:
        abort(404, description=translate("rule.unknown_unit"))
    return render_template("unit_page.html", unit=page)
