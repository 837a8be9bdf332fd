"""Return for supplement (补正): a registrar returns a paid transfer case with everything that is missing, once
(一次性告知); a seller or buyer supplies it and resubmits, and the case is back in review without paying again."""

from __future__ import annotations

from uuid import UUID

from flask import g

from registry.kernel.actors import Role
from registry.kernel.codes import Supplement
from registry.transfers import commands as transfers
from web.api.answers import answers
from web.api.answers.transfers import TransferCase
from web.api.transfers import case_view
from web.api.units import SECURED
from web.auth import api_roles, platform
from web.parsing import Blueprint
from web.shared.schemas import ResubmissionSchema, SupplementSchema

blp = Blueprint("supplements", __name__, url_prefix="/api/v1",
                description="Return for supplement (补正) and resubmission of transfer cases")


@blp.route("/transfers/<uuid:case_id>/return", methods=["POST"])
@api_roles(Role.REGISTRAR)
@blp.arguments(SupplementSchema)
@answers(blp, 200, TransferCase, refuses=(400, 401, 403, 404, 409, 422))
@blp.doc(**SECURED)
def return_for_supplement(data: dict, case_id: UUID) -> dict:
    p = platform()
    p.run_and_wait(transfers.return_for_supplement, p.registry, g.user.actor, case_id,
                   missing=[Supplement(item) for item in data["missing"]], note=data["note"])
    return case_view(case_id)


@blp.route("/transfers/<uuid:case_id>/resubmit", methods=["POST"])
@api_roles(Role.APPLICANT)
@blp.arguments(ResubmissionSchema)
@answers(blp, 200, TransferCase, refuses=(400, 401, 403, 404, 409, 422))
@blp.doc(**SECURED)
def resubmit(data: dict, case_id: UUID) -> dict:
    p = platform()
    p.run_and_wait(transfers.resubmit_transfer, p.registry, g.user.actor, case_id, data["note"])
    return case_view(case_id)
