"""The family-housing check's proof (家庭住房信息查询结果证明) of a transfer case: for its buyers (each their own
family's), the registrar of its registry and the tax officers serving it; anyone else is told there is no
such case."""

from __future__ import annotations

from uuid import UUID

from flask import abort, g

from projections import housing_checks
from registry.kernel.actors import Role
from web.api.answers import answers
from web.api.answers.housing_checks import HousingCheckProof
from web.api.units import SECURED
from web.auth import api_roles, platform
from web.parsing import Blueprint

blp = Blueprint("housing_checks", __name__, url_prefix="/api/v1",
                description="The family-housing check's result of a transfer case, as a proof")


@blp.route("/cases/<uuid:case_id>/housing-check", methods=["GET"])
@api_roles(Role.APPLICANT, Role.REGISTRAR, Role.TAX_OFFICER)
@answers(blp, 200, HousingCheckProof, refuses=(401, 403, 404))
@blp.doc(**SECURED)
def housing_check(case_id: UUID) -> dict:
    """Who was searched, when, which units counted and which home the purchase is for each buyer's family."""
    found = housing_checks.proof(platform().views, g.user.actor, str(case_id))
    if found is None:
        abort(404, description="no such transfer case")
    return found
