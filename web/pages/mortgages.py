"""The other two sides of a bank's filing: the mortgagor confirms or declines it from their own account
(the joint application), and the registrar decides what the rules sent to the queue.

Same commands as the JSON API (``registry.mortgages.commands`` and ``decisions``) and the scoped queries of
``projections.consents`` and ``projections.mortgage_desk``: a filing that is not the person's, or of another
registry, is the same 404 as one that does not exist. After a command: wait for the views, then
Post/Redirect/Get with a flash; a refusal re-renders the page with the rule's message, never a 500.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import abort, flash, g, redirect, render_template, request, url_for
from marshmallow import ValidationError

from projections import consents, mortgage_desk
from registry.actors import Role
from registry.errors import DomainError
from registry.mortgages.commands import consent_to_filing, decline_filing
from registry.mortgages.decisions import approve_filing, reject_filing
from web.api.schemas import OptionalReasonSchema, ReasonSchema
from web.auth import page_roles, platform
from web.i18n import translate
from web.pages import bp
from web.pages.units import label, problem, say


@bp.app_context_processor
def consents_waiting() -> dict[str, Any]:
    """How many filings wait for the logged-in applicant, for the badge in the navigation."""
    user = getattr(g, "user", None)
    if user is None or user.role is not Role.APPLICANT:
        return {}
    return {"consents_waiting": len(consents.awaiting_me(platform().views, user.actor))}


# -- the mortgagor ---------------------------------------------------------------------------------
@bp.route("/applicant/mortgages")
@page_roles(Role.APPLICANT)
def my_mortgages():  # noqa: ANN201
    p = platform()
    waiting = consents.awaiting_me(p.views, g.user.actor)
    waiting_ids = {f["filing_id"] for f in waiting}
    others = [f for f in consents.mine(p.views, g.user.actor) if f["filing_id"] not in waiting_ids]
    return render_template("mortgage_consents.html", waiting=waiting, others=others)


def render_consent(filing_id: UUID, status: int = 200, **extra: Any) -> tuple[str, int]:
    found = consents.for_me(platform().views, g.user.actor, str(filing_id))
    if found is None:
        abort(404, description=translate("rule.unknown_filing"))
    extra.setdefault("problem", None)
    extra.setdefault("errors", {})
    return render_template("mortgage_consent.html", filing=found, **extra), status


@bp.route("/applicant/mortgages/<uuid:filing_id>")
@page_roles(Role.APPLICANT)
def my_mortgage(filing_id: UUID):  # noqa: ANN201
    return render_consent(filing_id)


def consent_refused(filing_id: UUID, exc: DomainError, **extra: Any) -> tuple[str, int]:
    if exc.status == 404:  # not a party of this filing: the same answer as no such filing
        abort(404, description=translate("rule.unknown_filing"))
    return render_consent(filing_id, exc.status, problem=problem(exc), **extra)


@bp.route("/applicant/mortgages/<uuid:filing_id>/consent", methods=["POST"])
@page_roles(Role.APPLICANT)
def my_mortgage_consent(filing_id: UUID):  # noqa: ANN201
    p = platform()
    try:
        receipt = consent_to_filing(p.registry, g.user.actor, filing_id)
    except DomainError as exc:
        return consent_refused(filing_id, exc)
    p.wait_for(receipt)
    found = consents.for_me(p.views, g.user.actor, str(filing_id)) or {}
    flash(translate("consent.flash_confirmed", state=label(found.get("state", ""), "filing")), "ok")
    return redirect(url_for("pages.my_mortgage", filing_id=filing_id), 303)


@bp.route("/applicant/mortgages/<uuid:filing_id>/decline", methods=["POST"])
@page_roles(Role.APPLICANT)
def my_mortgage_decline(filing_id: UUID):  # noqa: ANN201
    reason = request.form.get("reason", "").strip()
    try:
        data = OptionalReasonSchema().load({"reason": reason})
    except ValidationError as invalid:
        return render_consent(filing_id, 422, reason=reason,
                              errors={"reason": [say(m) for m in invalid.messages.get("reason", [])]})
    p = platform()
    try:
        receipt = decline_filing(p.registry, g.user.actor, filing_id, data["reason"])
    except DomainError as exc:
        return consent_refused(filing_id, exc, reason=reason)
    p.wait_for(receipt)
    flash(translate("consent.flash_declined"), "ok")
    return redirect(url_for("pages.my_mortgage", filing_id=filing_id), 303)


# -- the registrar ---------------------------------------------------------------------------------
@bp.route("/registrar/mortgages")
@page_roles(Role.REGISTRAR)
def mortgage_queue():  # noqa: ANN201
    p = platform()
    return render_template("mortgage_queue.html", filings=mortgage_desk.queue(p.views, g.user.actor, p.clock.now()))


def render_review(filing_id: UUID, status: int = 200, **extra: Any) -> tuple[str, int]:
    found = mortgage_desk.filing(platform().views, g.user.actor, str(filing_id))
    if found is None:
        abort(404, description=translate("rule.unknown_filing"))
    extra.setdefault("problem", None)
    extra.setdefault("errors", {})
    return render_template("mortgage_review.html", filing=found, **extra), status


@bp.route("/registrar/mortgages/<uuid:filing_id>")
@page_roles(Role.REGISTRAR)
def mortgage_review(filing_id: UUID):  # noqa: ANN201
    return render_review(filing_id)


def review_refused(filing_id: UUID, exc: DomainError, **extra: Any) -> tuple[str, int]:
    if exc.status == 404:
        abort(404, description=translate("rule.unknown_filing"))
    errors = {"reason": [say(exc.message)]} if exc.field == "reason" else {}
    return render_review(filing_id, exc.status, problem=problem(exc), errors=errors, **extra)


@bp.route("/registrar/mortgages/<uuid:filing_id>/approve", methods=["POST"])
@page_roles(Role.REGISTRAR)
def mortgage_approve(filing_id: UUID):  # noqa: ANN201
    p = platform()
    try:
        receipt = approve_filing(p.registry, g.user.actor, filing_id)
    except DomainError as exc:
        return review_refused(filing_id, exc)
    p.wait_for(receipt)
    found = mortgage_desk.filing(p.views, g.user.actor, str(filing_id)) or {}
    flash(translate("mqueue.flash_approved", number="、".join(found.get("proof_numbers") or [])), "ok")
    return redirect(url_for("pages.mortgage_review", filing_id=filing_id), 303)


@bp.route("/registrar/mortgages/<uuid:filing_id>/reject", methods=["POST"])
@page_roles(Role.REGISTRAR)
def mortgage_reject(filing_id: UUID):  # noqa: ANN201
    reason = request.form.get("reason", "").strip()
    try:
        data = ReasonSchema().load({"reason": reason} if reason else {})
    except ValidationError as invalid:
        return render_review(filing_id, 422, reason=reason,
                             errors={"reason": [say(m) for m in invalid.messages.get("reason", [])]})
    p = platform()
    try:
        receipt = reject_filing(p.registry, g.user.actor, filing_id, data["reason"])
    except DomainError as exc:
        return review_refused(filing_id, exc, reason=reason)
    p.wait_for(receipt)
    flash(translate("mqueue.flash_rejected"), "ok")
    return redirect(url_for("pages.mortgage_review", filing_id=filing_id), 303)
