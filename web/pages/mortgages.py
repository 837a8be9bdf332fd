"""The other two sides of a bank's filing: the mortgagor confirms or declines it from their own account
(the joint application), and the registrar decides what the rules sent to the queue.

Same commands as the JSON API (``registry.mortgages.commands`` and ``decisions``) and the scoped queries of
``projections.consents`` and ``projections.mortgage_desk``: a filing that is not the person's, or of another
registry, is the same 404 as one that does not exist. After a command: wait for the views, then
Post/Redirect/Get with a flash; a refusal re-renders the page with the rule's message, never a 500.
The helpers for that (``on_filing`` and friends) serve the bank's filing page too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn
from uuid import UUID

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from marshmallow import Schema, ValidationError

from projections import case_documents, consents, mortgage_desk
from registry.kernel.actors import Role
from registry.kernel.commanding import Receipt
from registry.kernel.errors import DomainError
from registry.mortgages.commands import consent_to_filing, decline_filing
from registry.mortgages.decisions import approve_filing, reject_filing
from web.auth import page_roles, platform
from web.i18n import translate
from web.pages.blueprint import bp
from web.pages.filters import label
from web.pages.wording import problem, say
from web.paging import page_from_query, pager
from web.shared.schemas import OptionalReasonSchema, ReasonSchema

WAITING_PAGE = "waiting_page"  # the waiting list pages on its own: the page shows two lists

Page = Callable[..., tuple[str, int]]  # (filing_id, status, **what the template shows) → a filing's page


@bp.app_context_processor
def consents_waiting() -> dict[str, Any]:
    """How many filings wait for the logged-in applicant, for the badge in the navigation."""
    user = getattr(g, "user", None)
    if user is None or user.role is not Role.APPLICANT:
        return {}
    return {"consents_waiting": consents.awaiting_me(platform().views, user.actor).total}


# -- every filing page: the mortgagor's, the registrar's and the bank's ------------------------------
def unknown_filing() -> NoReturn:
    """A filing that is not the actor's business gets the same answer as one that does not exist."""
    abort(404, description=translate("rule.unknown_filing"))


def filing_page(template: str, found: dict[str, Any] | None, status: int, **extra: Any) -> tuple[str, int]:
    if found is None:
        unknown_filing()
    return render_template(template, filing=found, **{"problem": None, "errors": {}, **extra}), status


def state_label(found: dict[str, Any] | None) -> str:
    """The filing's state in the page's language, for the flash after a command."""
    return label((found or {}).get("state", ""), "filing")


def typed_reason(schema: type[Schema]) -> tuple[str, str | None, dict[str, list[str]]]:
    """The reason as typed, as the API's schema reads it (None when it does not, with the messages for
    the reason box); a blank reason is left out, so a required one says "required"."""
    typed = request.form.get("reason", "").strip()
    try:
        return typed, schema().load({"reason": typed} if typed else {})["reason"], {}
    except ValidationError as invalid:
        return typed, None, {"reason": [say(m) for m in invalid.messages.get("reason", [])]}


def on_filing(command: Callable[..., Receipt], filing_id: UUID, *args: Any, page: Page, then: str,
              said: Callable[[], str], **extra: Any) -> ResponseReturnValue:
    """Run ``command(registry, actor, filing_id, *args)`` from a filing's page. Refused: the page again with
    the rule's message (and ``extra``, e.g. what was typed). Done: wait for the views, flash what ``said``
    reads from them, and Post/Redirect/Get to the page ``then``."""
    p = platform()
    try:
        p.run_and_wait(command, p.registry, g.user.actor, filing_id, *args)
    except DomainError as exc:
        if exc.status == 404:
            unknown_filing()
        errors = {"reason": [say(exc.message)]} if exc.field == "reason" else {}
        return page(filing_id, exc.status, problem=problem(exc), errors=errors, **extra)
    flash(said(), "ok")
    return redirect(url_for(then, filing_id=filing_id), 303)


# -- the mortgagor ---------------------------------------------------------------------------------
@bp.route("/applicant/mortgages")
@page_roles(Role.APPLICANT)
def my_mortgages():  # noqa: ANN201
    p = platform()
    """Waiting for my confirmation (oldest first, ``?waiting_page=``) and the others (newest first, ``?page=``)."""
    waiting = consents.awaiting_me(p.views, g.user.actor, page_from_query(WAITING_PAGE))
    others = consents.mine(p.views, g.user.actor, page_from_query(), settled_only=True)
    return render_template("mortgage_consents.html", waiting=waiting.items, others=others.items,
                           waiting_pager=pager(waiting, WAITING_PAGE), pager=pager(others))


def render_consent(filing_id: UUID, status: int = 200, **extra: Any) -> tuple[str, int]:
    found = consents.for_me(platform().views, g.user.actor, str(filing_id))
    return filing_page("mortgage_consent.html", found, status, **extra)


@bp.route("/applicant/mortgages/<uuid:filing_id>")
@page_roles(Role.APPLICANT)
def my_mortgage(filing_id: UUID):  # noqa: ANN201
    return render_consent(filing_id)


@bp.route("/applicant/mortgages/<uuid:filing_id>/consent", methods=["POST"])
@page_roles(Role.APPLICANT)
def my_mortgage_consent(filing_id: UUID):  # noqa: ANN201
    def said() -> str:
        found = consents.for_me(platform().views, g.user.actor, str(filing_id))
        return translate("consent.flash_confirmed", state=state_label(found))

    return on_filing(consent_to_filing, filing_id, page=render_consent, then="pages.my_mortgage", said=said)


@bp.route("/applicant/mortgages/<uuid:filing_id>/decline", methods=["POST"])
@page_roles(Role.APPLICANT)
def my_mortgage_decline(filing_id: UUID):  # noqa: ANN201
    typed, reason, errors = typed_reason(OptionalReasonSchema)
    if reason is None:
        return render_consent(filing_id, 422, reason=typed, errors=errors)
    return on_filing(decline_filing, filing_id, reason, page=render_consent, then="pages.my_mortgage",
                     said=lambda: translate("consent.flash_declined"), reason=typed)


# -- the registrar ---------------------------------------------------------------------------------
@bp.route("/registrar/mortgages")
@page_roles(Role.REGISTRAR)
def mortgage_queue():  # noqa: ANN201
    p = platform()
    found = mortgage_desk.queue(p.views, g.user.actor, p.clock.now(), page_from_query())
    return render_template("mortgage_queue.html", filings=found.items, pager=pager(found))


def render_review(filing_id: UUID, status: int = 200, **extra: Any) -> tuple[str, int]:
    found = mortgage_desk.filing(platform().views, g.user.actor, str(filing_id))
    documents = case_documents.of_case(platform().views, str(filing_id)) if found else []
    return filing_page("mortgage_review.html", found, status, documents=documents, **extra)


@bp.route("/registrar/mortgages/<uuid:filing_id>")
@page_roles(Role.REGISTRAR)
def mortgage_review(filing_id: UUID):  # noqa: ANN201
    return render_review(filing_id)


@bp.route("/registrar/mortgages/<uuid:filing_id>/approve", methods=["POST"])
@page_roles(Role.REGISTRAR)
def mortgage_approve(filing_id: UUID):  # noqa: ANN201
    def said() -> str:
        found = mortgage_desk.filing(platform().views, g.user.actor, str(filing_id)) or {}
        return translate("mqueue.flash_approved", number="、".join(found.get("proof_numbers") or []))

    return on_filing(approve_filing, filing_id, page=render_review, then="pages.mortgage_review", said=said)


@bp.route("/registrar/mortgages/<uuid:filing_id>/reject", methods=["POST"])
@page_roles(Role.REGISTRAR)
def mortgage_reject(filing_id: UUID):  # noqa: ANN201
    typed, reason, errors = typed_reason(ReasonSchema)
    if reason is None:
        return render_review(filing_id, 422, reason=typed, errors=errors)
    return on_filing(reject_filing, filing_id, reason, page=render_review, then="pages.mortgage_review",
                     said=lambda: translate("mqueue.flash_rejected"), reason=typed)
