"""Return for supplement (补正): a registrar returns a paid transfer case or a queued mortgage filing with
everything that is missing, once (一次性告知); a seller or buyer (or the filing bank) supplies it and resubmits,
and the case is back in review without paying again; its deadline waits meanwhile."""

from __future__ import annotations

from uuid import UUID

from flask import g

from registry.kernel.actors import Role
from registry.kernel.codes import Supplement
from registry.mortgages import commands as mortgages
from registry.mortgages import decisions
from registry.transfers import commands as transfers
from web.api.answers import answers
from web.api.answers.mortgage_review import RegistrarFiling
from web.api.answers.mortgages import BankFiling
from web.api.answers.transfers import TransferCase
from web.api.bank import filing_view
from web.api.mortgage_review import registrar_view
from web.api.transfers import case_view
from web.api.units import SECURED
from web.auth import api_roles, platform
from web.parsing import Blueprint
from web.shared.schemas import ResubmissionSchema, SupplementSchema

blp = Blueprint("supplements", __name__, url_prefix="/api/v1",
                description="Return for supplement (补正) and resubmission of transfer cases and mortgage filings")


@blp.route("/transfers/<uuid:case_id>/return", methods=["POST"])
@api_roles(Role.REGISTRAR)
@blp.arguments(SupplementSchema)
@answers(blp, 200, TransferCase, refuses=(400, 401, 403, 404, 409, 422))
@blp.doc(**SECURED)
def return_for_supplement(data: dict, case_id: UUID) -> dict:
    p = platform()
    p.run_and_wait_for_clocks(transfers.return_for_supplement, p.registry, g.user.actor, case_id,
                   missing=[Supplement(item) for item in data["missing"]], note=data["note"])
    return case_view(case_id)


@blp.route("/transfers/<uuid:case_id>/resubmit", methods=["POST"])
@api_roles(Role.APPLICANT)
@blp.arguments(ResubmissionSchema)
@answers(blp, 200, TransferCase, refuses=(400, 401, 403, 404, 409, 422))
@blp.doc(**SECURED)
def resubmit(data: dict, case_id: UUID) -> dict:
    p = platform()
    p.run_and_wait_for_clocks(transfers.resubmit_transfer, p.registry, g.user.actor, case_id, data["note"])
    return case_view(case_id)


@blp.route("/registrar/mortgages/<uuid:filing_id>/return", methods=["POST"])
@api_roles(Role.REGISTRAR)
@blp.arguments(SupplementSchema)
@answers(blp, 200, RegistrarFiling, refuses=(400, 401, 403, 404, 409, 422))
@blp.doc(**SECURED)
def return_filing(data: dict, filing_id: UUID) -> dict:
    """Return a queued filing to its bank with everything that is missing; once per filing."""
    p = platform()
    p.run_and_wait(decisions.return_filing, p.registry, g.user.actor, filing_id,
                   missing=[Supplement(item) for item in data["missing"]], note=data["note"])
    return registrar_view(filing_id)


@blp.route("/mortgages/<uuid:filing_id>/resubmit", methods=["POST"])
@api_roles(Role.BANK_STAFF)
@blp.arguments(ResubmissionSchema)
@answers(blp, 200, BankFiling, refuses=(400, 401, 403, 404, 409, 422))
@blp.doc(**SECURED)
def resubmit_filing(data: dict, filing_id: UUID) -> dict:
    """The filing bank supplied what was missing: the filing is back in the registrar's queue."""
    p = platform()
    p.run_and_wait(mortgages.resubmit_filing, p.registry, g.user.actor, filing_id, data["note"])
    return filing_view(filing_id)
