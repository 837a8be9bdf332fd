"""Ratings (好差评, 一次一评): once a case has ended, each of its parties (a seller, a buyer, the filing bank)
rates it once, 1 to 5 stars with a comment; a bad one opens a follow-up for the office's supervisor."""

from __future__ import annotations

from uuid import UUID

from flask import abort, g

from projections.ratings import rating_of
from registry.kernel.actors import Role
from registry.supervision.app import party_of, rate_case
from web.api.answers import answers
from web.api.answers.ratings import MyRating
from web.api.units import SECURED
from web.auth import api_roles, platform
from web.parsing import Blueprint
from web.shared.schemas import RatingSchema

blp = Blueprint("ratings", __name__, url_prefix="/api/v1", description="Ratings of ended cases by their parties")


def my_rating(case_id: str) -> dict:
    found = rating_of(platform().views, case_id, party_of(g.user.actor))
    if found is None:
        abort(404, description="you have not rated this case")
    return found


@blp.route("/cases/<uuid:case_id>/rating", methods=["POST"])
@api_roles(Role.APPLICANT, Role.BANK_STAFF)
@blp.arguments(RatingSchema)
@answers(blp, 201, MyRating, refuses=(400, 401, 403, 404, 409, 422))
@blp.doc(**SECURED)
def rate(data: dict, case_id: UUID) -> dict:
    """Rate an ended case once; two stars or fewer need a comment (it is followed up)."""
    p = platform()
    p.run_and_wait(rate_case, p.supervision, g.user.actor, str(case_id), stars=data["stars"],
                   comment=data["comment"])
    return my_rating(str(case_id))


@blp.route("/cases/<uuid:case_id>/rating", methods=["GET"])
@api_roles(Role.APPLICANT, Role.BANK_STAFF)
@answers(blp, 200, MyRating, refuses=(401, 403, 404))
@blp.doc(**SECURED)
def get_rating(case_id: UUID) -> dict:
    return my_rating(str(case_id))
