"""Bank staff: mortgage filings (the 合同信息申报表), live mortgages, the pollable notification feed and the
monthly fee statement.

Fees: every registered filing's fee (80 / 550 yuan, discharge and pre-notice free) is charged to the
filing bank and settled through a monthly statement (``GET /bank/statement?month=YYYY-MM``), never per
filing: a bank's loan must not wait for a payment round-trip.

Every read is scoped in the query layer (``projections.bank_queries``): another bank's filing answers 404,
exactly like one that does not exist.
"""

from __future__ import annotations

from uuid import UUID

from flask import abort, g

from projections import bank_queries, case_documents
from registry.kernel.actors import Role
from registry.mortgages.commands import file_mortgage
from registry.mortgages.disbursement import record_disbursement
from web.api.answers import answers
from web.api.answers.banks import BankNotifications, BankStatement, LiveMortgages
from web.api.answers.mortgages import BankFiling, BankFilings
from web.api.mortgage_schemas import DisbursementSchema, FeedQuery, FilingsQuery, StatementQuery
from web.api.units import SECURED
from web.auth import api_roles, platform
from web.paging import PageArgsSchema, listing, page_request
from web.parsing import Blueprint
from web.shared.mortgage_filing import MortgageFilingSchema, filing_arguments

blp = Blueprint("bank", __name__, url_prefix="/api/v1",
                description="Bank staff: mortgage filings, live mortgages, notifications and the fee statement")
READERS = (Role.BANK_STAFF, Role.ADMIN)


def filing_view(filing_id: UUID | str) -> dict:
    found = bank_queries.filing(platform().views, g.user.actor, str(filing_id))
    if found is None:
        abort(404, description="no such mortgage filing")
    return found


@blp.route("/mortgages", methods=["POST"])
@api_roles(Role.BANK_STAFF)
@blp.arguments(MortgageFilingSchema)
@answers(blp, 201, BankFiling, refuses=(400, 401, 403, 404, 409, 422))
@blp.doc(**SECURED)
def file(data: dict) -> dict:
    """File a mortgage registration; the mortgagors (or counterpart banks) confirm it, then the rules
    register it at once or queue it for a registrar. A reference used before by this bank is 409."""
    p = platform()
    receipt = p.run_and_wait(file_mortgage, p.registry, g.user.actor, **filing_arguments(data))
    return filing_view(receipt.id)


@blp.route("/mortgages", methods=["GET"])
@api_roles(*READERS)
@blp.arguments(FilingsQuery, location="query")
@answers(blp, 200, BankFilings, refuses=(400, 401, 403, 422))
@blp.doc(**SECURED)
def list_filings(args: dict) -> dict:
    """The bank's filings and those waiting for its consent, newest first, one page at a time."""
    return listing(bank_queries.filings(platform().views, g.user.actor, args["state"], page_request(args)),
                   "filings")


@blp.route("/mortgages/<uuid:filing_id>", methods=["GET"])
@api_roles(*READERS)
@answers(blp, 200, BankFiling, refuses=(401, 403, 404))
@blp.doc(**SECURED)
def get_filing(filing_id: UUID) -> dict:
    """State, every rule's outcome, the proof numbers and the fee of one filing; the filing bank sees its
    documents too."""
    found = filing_view(filing_id)
    if found["own"]:
        found["documents"] = case_documents.of_case(platform().views, str(filing_id))
    return found


@blp.route("/bank/mortgages", methods=["GET"])
@api_roles(*READERS)
@blp.arguments(PageArgsSchema, location="query")
@answers(blp, 200, LiveMortgages, refuses=(400, 401, 403, 422))
@blp.doc(**SECURED)
def live_mortgages(args: dict) -> dict:
    """The bank's live mortgages by unit and rank: unit, current rank, amount and proof number, one page at a
    time: ``{"mortgages": [...], "page", "per_page", "total", "pages", "next", "previous"}``."""
    return listing(bank_queries.mortgages(platform().views, g.user.actor, page_request(args)), "mortgages")


@blp.route("/bank/notifications", methods=["GET"])
@api_roles(*READERS)
@blp.arguments(FeedQuery, location="query")
@answers(blp, 200, BankNotifications, refuses=(400, 401, 403, 422))
@blp.doc(**SECURED)
def feed(args: dict) -> dict:
    """The pollable feed (for banks that cannot receive webhooks): notifications after ``after``, in
    order. Poll again with ``after=next_after``; de-duplicate on ``id``. With ``wait=N`` an empty answer
    waits up to N seconds for the next notification (long poll) instead of returning at once."""
    p, actor = platform(), g.user.actor
    found = p.long_poll(lambda: bank_queries.notifications(p.views, actor, after_seq=args["after"],
                                                           limit=args["limit"]), args["wait"])
    items = [{key: n[key] for key in ("id", "seq", "kind", "filing_id", "unit_number", "payload", "at")}
             for n in found]
    return {"items": items, "next_after": items[-1]["seq"] if items else args["after"]}


@blp.route("/bank/statement", methods=["GET"])
@api_roles(*READERS)
@blp.arguments(StatementQuery, location="query")
@answers(blp, 200, BankStatement, refuses=(400, 401, 403, 422))
@blp.doc(**SECURED)
def statement(args: dict) -> dict:
    """The monthly statement: the fees of the bank's filings registered in that month, and their total."""
    return bank_queries.statement(platform().views, g.user.actor, args["month"])


@blp.route("/mortgages/<uuid:filing_id>/disbursement", methods=["POST"])
@api_roles(Role.BANK_STAFF)
@blp.arguments(DisbursementSchema)
@answers(blp, 200, BankFiling, refuses=(400, 401, 403, 404, 409, 422))
@blp.doc(**SECURED)
def disbursement(data: dict, filing_id: UUID) -> dict:
    """e拍即得: record that the loan this registered mortgage secures was paid into the auction court's account
    (the court of the ruling the owners took title by); the court sees it in its feed. Once per filing: the same
    reference again changes nothing."""
    p = platform()
    p.run_and_wait(record_disbursement, p.registry, g.user.actor, filing_id, **data)
    return filing_view(filing_id)
