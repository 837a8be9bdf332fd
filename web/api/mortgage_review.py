"""Mortgage filings for mortgagors (confirm or decline) and registrars (queue, approve, reject)."""

from __future__ import annotations

from uuid import UUID

from flask import abort, g
from marshmallow import fields, validate

from projections import bank_queries, case_documents, consents, mortgage_desk
from registry.kernel.actors import Role
from registry.mortgages import commands, decisions
from registry.mortgages.values import FilingState
from web.api.answers import answers
from web.api.answers.mortgage_review import MortgageQueue, RegistrarFiling, RegistrarFilings
from web.api.answers.mortgages import ConsentFiling, Consents
from web.api.units import SECURED
from web.auth import api_roles, platform
from web.paging import PageArgsSchema, listing, page_request
from web.parsing import Blueprint
from web.shared.schemas import OptionalReasonSchema, ReasonSchema

blp = Blueprint("mortgage_review", __name__, url_prefix="/api/v1",
                description="Mortgage filings for mortgagors (confirm or decline) and registrars (queue, approve, "
                            "reject)")
NO_SUCH_FILING = "no such mortgage filing"


class ConsentsQuery(PageArgsSchema):
    show = fields.String(load_default="awaiting", validate=validate.OneOf(["awaiting", "all"]))


class RegistrarFilingsQuery(PageArgsSchema):
    state = fields.String(load_default=None, validate=validate.OneOf([s.value for s in FilingState]))


def as_caller_sees_it(filing_id: UUID) -> dict:
    """The filing after a confirmation or refusal: the applicant's view or the bank's own desk."""
    p, actor = platform(), g.user.actor
    if actor.role is Role.APPLICANT:
        found = consents.for_me(p.views, actor, str(filing_id))
    else:
        found = bank_queries.filing(p.views, actor, str(filing_id))
    if found is None:
        abort(404, description=NO_SUCH_FILING)
    return found


def registrar_view(filing_id: UUID) -> dict:
    found = mortgage_desk.filing(platform().views, g.user.actor, str(filing_id))
    if found is None:
        abort(404, description=NO_SUCH_FILING)
    return found


# -- the joint application: mortgagors and counterpart banks -------------------------------------
@blp.route("/consents", methods=["GET"])
@api_roles(Role.APPLICANT)
@blp.arguments(ConsentsQuery, location="query")
@answers(blp, 200, Consents, refuses=(400, 401, 403, 422))
@blp.doc(**SECURED)
def my_consents(args: dict) -> dict:
    """Filings waiting for my confirmation, oldest first (``?show=all``: every filing that names me, newest
    first), one page at a time: ``{"filings": [...], "page", "per_page", "total", "pages", "next", "previous"}``."""
    p, actor, paging = platform(), g.user.actor, page_request(args)
    found = consents.mine(p.views, actor, paging) if args["show"] == "all" else consents.awaiting_me(p.views, actor,
                                                                                                     paging)
    return listing(found, "filings")


@blp.route("/consents/<uuid:filing_id>", methods=["GET"])
@api_roles(Role.APPLICANT)
@answers(blp, 200, ConsentFiling, refuses=(401, 403, 404))
@blp.doc(**SECURED)
def consent(filing_id: UUID) -> dict:
    """What the bank filed in my name: bank, units, amount or maximum, term, restrictions, who confirmed."""
    return as_caller_sees_it(filing_id)


@blp.route("/mortgages/<uuid:filing_id>/confirm", methods=["POST"])
@api_roles(Role.APPLICANT, Role.BANK_STAFF)
@answers(blp, 200, ConsentFiling, refuses=(401, 403, 404, 409, 422))
@blp.doc(**SECURED)
def confirm(filing_id: UUID) -> dict:
    """Confirm the joint application; the last confirmation runs the rules (registered at once or queued)."""
    p = platform()
    # someone the filing does not ask gets ConsentNotExpected, which answers like a missing filing
    p.run_and_wait(commands.consent_to_filing, p.registry, g.user.actor, filing_id)
    return as_caller_sees_it(filing_id)


@blp.route("/mortgages/<uuid:filing_id>/decline", methods=["POST"])
@api_roles(Role.APPLICANT, Role.BANK_STAFF)
@blp.arguments(OptionalReasonSchema)
@answers(blp, 200, ConsentFiling, refuses=(400, 401, 403, 404, 409, 422))
@blp.doc(**SECURED)
def decline(data: dict, filing_id: UUID) -> dict:
    """Refuse the joint application: the filing ends as declined and nothing reaches the register."""
    p = platform()
    p.run_and_wait(commands.decline_filing, p.registry, g.user.actor, filing_id, data["reason"])
    return as_caller_sees_it(filing_id)


# -- the registrar's desk ------------------------------------------------------------------------
@blp.route("/registrar/mortgages/queue", methods=["GET"])
@api_roles(Role.REGISTRAR, Role.ADMIN)
@blp.arguments(PageArgsSchema, location="query")
@answers(blp, 200, MortgageQueue, refuses=(400, 401, 403, 422))
@blp.doc(**SECURED)
def queue(args: dict) -> dict:
    """Filings a rule failed or warned on, waiting for this registry, longest waiting first, with the reasons."""
    p = platform()
    return listing(mortgage_desk.queue(p.views, g.user.actor, p.clock.now(), page_request(args)), "filings")


@blp.route("/registrar/mortgages", methods=["GET"])
@api_roles(Role.REGISTRAR, Role.ADMIN)
@blp.arguments(RegistrarFilingsQuery, location="query")
@answers(blp, 200, RegistrarFilings, refuses=(400, 401, 403, 422))
@blp.doc(**SECURED)
def list_filings(args: dict) -> dict:
    """The registry's mortgage filings, newest first, optionally in one state, one page at a time."""
    found = mortgage_desk.filings(platform().views, g.user.actor, args["state"], page_request(args))
    return listing(found, "filings")


@blp.route("/registrar/mortgages/<uuid:filing_id>", methods=["GET"])
@api_roles(Role.REGISTRAR, Role.ADMIN)
@answers(blp, 200, RegistrarFiling, refuses=(401, 403, 404))
@blp.doc(**SECURED)
def get_filing(filing_id: UUID) -> dict:
    found = registrar_view(filing_id)
    return {**found, "documents": case_documents.of_case(platform().views, str(filing_id))}


@blp.route("/registrar/mortgages/<uuid:filing_id>/approve", methods=["POST"])
@api_roles(Role.REGISTRAR)
@answers(blp, 200, RegistrarFiling, refuses=(401, 403, 404, 409, 422))
@blp.doc(**SECURED)
def approve(filing_id: UUID) -> dict:
    """Accept the warnings and register; the rules run again and one that still fails refuses by name."""
    p = platform()
    p.run_and_wait(decisions.approve_filing, p.registry, g.user.actor, filing_id)
    return registrar_view(filing_id)


@blp.route("/registrar/mortgages/<uuid:filing_id>/reject", methods=["POST"])
@api_roles(Role.REGISTRAR)
@blp.arguments(ReasonSchema)
@answers(blp, 200, RegistrarFiling, refuses=(400, 401, 403, 404, 409, 422))
@blp.doc(**SECURED)
def reject(data: dict, filing_id: UUID) -> dict:
    p = platform()
    p.run_and_wait(decisions.reject_filing, p.registry, g.user.actor, filing_id, data["reason"])
    return registrar_view(filing_id)
