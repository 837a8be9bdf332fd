"""好差评 on the parties' case page: once the case has ended, 1 to 5 stars and a comment, once; the same command
and schema as the JSON API (``web.api.ratings``)."""

from __future__ import annotations

from uuid import UUID

from flask import abort, flash, g, redirect, request, url_for
from marshmallow import ValidationError

from registry.kernel.actors import Role
from registry.kernel.errors import DomainError
from registry.supervision.app import rate_case
from web.auth import page_roles, platform
from web.i18n import translate
from web.pages import applicant
from web.pages.blueprint import bp
from web.pages.wording import problem, say
from web.shared.schemas import RatingSchema


@bp.route("/applicant/cases/<uuid:case_id>/rate", methods=["POST"])
@page_roles(Role.APPLICANT)
def applicant_rate(case_id: UUID):  # noqa: ANN201
    typed = {"stars": request.form.get("stars", "").strip(), "comment": request.form.get("comment", "").strip()}
    try:
        data = RatingSchema().load({"stars": int(typed["stars"]) if typed["stars"].isdigit() else typed["stars"],
                                    "comment": typed["comment"]})
    except ValidationError as invalid:
        errors = {field: [say(m) for m in messages] for field, messages in invalid.messages.items()}
        return applicant.render_case(case_id, 422, rating_errors=errors, rating_form=typed)
    p = platform()
    try:
        p.run_and_wait(rate_case, p.supervision, g.user.actor, str(case_id), stars=data["stars"],
                       comment=data["comment"])
    except DomainError as exc:
        if exc.status == 404:
            abort(404, description=translate("rule.unknown_case"))
        errors = {exc.field: [problem(exc)["message"]]} if exc.field in ("stars", "comment") else {}
        return applicant.render_case(case_id, exc.status, problem=problem(exc), rating_errors=errors,
                                     rating_form=typed)
    flash(translate("rating.flash_thanks"), "ok")
    return redirect(url_for("pages.applicant_case", case_id=case_id), 303)
