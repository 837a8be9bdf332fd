"""The printable proof of a case's family-housing check (家庭住房信息查询结果证明), linked from the applicant's
and the registrar's case pages; the same view and scoping as ``GET /api/v1/cases/<id>/housing-check``."""

from __future__ import annotations

from uuid import UUID

from flask import abort, g, render_template, url_for

from projections import housing_checks
from registry.kernel.actors import Role
from web.auth import page_roles, platform
from web.i18n import translate
from web.pages.blueprint import bp

CASE_PAGES = {Role.APPLICANT: "pages.applicant_case", Role.REGISTRAR: "pages.registrar_case"}


@bp.route("/cases/<uuid:case_id>/housing-check")
@page_roles(Role.APPLICANT, Role.REGISTRAR, Role.TAX_OFFICER)
def housing_check(case_id: UUID):  # noqa: ANN201
    found = housing_checks.proof(platform().views, g.user.actor, str(case_id))
    if found is None:
        abort(404, description=translate("rule.unknown_case"))
    case_page = CASE_PAGES.get(g.user.actor.role)
    back = url_for(case_page, case_id=case_id) if case_page else None
    return render_template("housing_check.html", proof=found, back=back)
