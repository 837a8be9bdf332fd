"""Registrar pages: the review queue, one case with Approve / Reject, and the other courts' seizures
flagged after transfers by court ruling.

Same commands (``registry.transfers.commands``) and queries (``projections.registrar``) as the JSON API.
After a command: wait for the views to reach it, then Post/Redirect/Get with a flash message.
A refused command re-renders the case page with the rule's message and the rule's status
(409 for a conflict, telling the user to reload), never a 500.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import abort, flash, g, redirect, render_template, request, url_for
from marshmallow import ValidationError

from projections import case_documents, orders, registrar
from projections.registrar_checks import checks_of, with_checks
from projections.registrar_filters import CASE_KINDS
from registry.kernel.actors import Role
from registry.kernel.codes import CaseState
from registry.kernel.errors import DomainError
from registry.transfers import commands as transfers
from web.auth import page_roles, platform
from web.i18n import translate
from web.pages.blueprint import bp
from web.pages.wording import problem, say
from web.paging import page_from_query, pager
from web.shared.schemas import ReasonSchema
from web.shared.searches import CaseFilterSchema, case_filter

CASE_FILTERS = ("state", "kind", "submitted_from", "submitted_to", "unit_number")
STATES = [s.value for s in CaseState]


@bp.route("/registrar/queue")
@page_roles(Role.REGISTRAR)
def registrar_queue():  # noqa: ANN201
    p = platform()
    found = with_checks(p.views, registrar.queue(p.views, g.user.actor, p.clock.now(), page_from_query()))
    return render_template("registrar_queue.html", cases=found.items, pager=pager(found),
                           flagged=registrar.flagged_seizures(p.views, g.user.actor).total)


@bp.route("/registrar/cases")
@page_roles(Role.REGISTRAR)
def registrar_cases():  # noqa: ANN201
    """Every case of the registry, newest first, filtered by state, kind, submission days and unit."""
    wanted = {k: v.strip() for k, v in request.args.items() if k in CASE_FILTERS and v.strip()}
    try:
        args = CaseFilterSchema().load(wanted)
    except ValidationError as invalid:
        errors = {field: [say(m) for m in messages] for field, messages in invalid.messages.items()}
        return render_template("registrar_cases.html", query=wanted, errors=errors, cases=[], pager=None,
                               states=STATES, kinds=CASE_KINDS), 422
    found = registrar.cases(platform().views, g.user.actor, case_filter(args), page_from_query())
    return render_template("registrar_cases.html", query=wanted, errors={}, cases=found.items, pager=pager(found),
                           states=STATES, kinds=CASE_KINDS)


@bp.route("/registrar/flagged-seizures")
@page_roles(Role.REGISTRAR)
def registrar_flagged_seizures():  # noqa: ANN201
    """Seizures by other courts left on units transferred by a ruling, until released or lapsed."""
    found = registrar.flagged_seizures(platform().views, g.user.actor, paging=page_from_query())
    return render_template("registrar_flagged.html", seizures=found.items, pager=pager(found))


def render_case(case_id: UUID, status: int = 200, **extra: Any) -> tuple[str, int]:
    found = registrar.case(platform().views, g.user.actor, str(case_id))
    if found is None:
        abort(404, description=translate("rule.unknown_case"))
    found["checks"] = checks_of(platform().views, [str(case_id)]).get(str(case_id))
    extra.setdefault("errors", {})
    extra.setdefault("problem", None)
    order = orders.for_case(platform().views, g.user.actor, str(case_id))
    documents = case_documents.of_case(platform().views, str(case_id))
    ruling = next((d for d in documents if d["source"] == case_documents.COURT and d["kind"] == "ruling"), None)
    return render_template("registrar_case.html", case=found, order=order, documents=documents, ruling=ruling,
                           **extra), status


@bp.route("/registrar/cases/<uuid:case_id>")
@page_roles(Role.REGISTRAR)
def registrar_case(case_id: UUID):  # noqa: ANN201
    return render_case(case_id)


def refused(case_id: UUID, exc: DomainError, **extra: Any) -> tuple[str, int]:
    if exc.status == 404:
        abort(404, description=translate("rule.unknown_case"))
    errors = {exc.field: [problem(exc)["message"]]} if exc.field == "reason" else {}
    return render_case(case_id, exc.status, problem=problem(exc), errors=errors, **extra)


@bp.route("/registrar/cases/<uuid:case_id>/approve", methods=["POST"])
@page_roles(Role.REGISTRAR)
def registrar_approve(case_id: UUID):  # noqa: ANN201
    p = platform()
    try:
        p.run_and_wait_for_clocks(transfers.approve_transfer, p.registry, g.user.actor, case_id)
    except DomainError as exc:
        return refused(case_id, exc)
    case = registrar.case(p.views, g.user.actor, str(case_id)) or {}
    flash(translate("flash.approved", number=case.get("certificate_number") or ""), "ok")
    return redirect(url_for("pages.registrar_case", case_id=case_id), 303)


@bp.route("/registrar/cases/<uuid:case_id>/reject", methods=["POST"])
@page_roles(Role.REGISTRAR)
def registrar_reject(case_id: UUID):  # noqa: ANN201
    reason = request.form.get("reason", "").strip()
    try:
        data = ReasonSchema().load({"reason": reason} if reason else {})
    except ValidationError as invalid:
        errors = {"reason": [say(m) for m in invalid.messages.get("reason", [])]}
        return render_case(case_id, 422, errors=errors, reason=reason)
    p = platform()
    try:
        p.run_and_wait_for_clocks(transfers.reject_transfer, p.registry, g.user.actor, case_id, data["reason"])
    except DomainError as exc:
        return refused(case_id, exc, reason=reason)
    flash(translate("flash.rejected"), "ok")
    return redirect(url_for("pages.registrar_case", case_id=case_id), 303)
