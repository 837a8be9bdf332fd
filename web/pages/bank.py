"""Bank staff pages: my filings, the 合同信息申报表 (new filing), one filing with every rule's outcome and
the e-proof, the bank's live mortgages, its notifications and the monthly fee statement.

The form is checked by the JSON API's ``MortgageFilingSchema`` (web.shared) and filed with the same
``registry.mortgages.commands.file_mortgage``; the pages read ``projections.bank_queries``, which answers only
for the actor's own bank (another bank's filing is the same 404 as a filing that does not exist).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import flash, g, redirect, render_template, request, url_for
from marshmallow import ValidationError
from werkzeug.datastructures import MultiDict

from projections import bank_queries, case_documents
from projections import certificates as certificate_shelf
from projections.bank_queries import MONTH
from registry.kernel.actors import Role
from registry.kernel.codes import Supplement
from registry.kernel.errors import DomainError
from registry.kernel.values import mask_id_number
from registry.mortgages.commands import consent_to_filing, decline_filing, file_mortgage
from registry.mortgages.values import CURRENCIES, FilingKind, FilingState, LoanType, MortgageMethod
from web.auth import page_roles, platform
from web.i18n import translate
from web.pages.bank_form import DEFAULT_SCOPE, DOMAIN_FIELDS, ROWS, field_errors, read_form
from web.pages.blueprint import bp
from web.pages.filters import label
from web.pages.mortgages import on_filing, state_label, unknown_filing
from web.pages.wording import problem, say
from web.paging import page_from_query, pager
from web.shared.documents import pdf_response
from web.shared.mortgage_filing import MortgageFilingSchema, filing_arguments

CLOSED = (FilingState.REGISTERED.value, FilingState.REJECTED.value, FilingState.DECLINED.value)  # no more documents
BANK_KINDS = [s.value for s in (Supplement.LOAN_CONTRACT, Supplement.MORTGAGE_CONTRACT,
                                Supplement.POWER_OF_ATTORNEY, Supplement.OTHER)]


@bp.route("/bank/filings")
@page_roles(Role.BANK_STAFF)
def bank_filings():  # noqa: ANN201
    state = request.args.get("state", "").strip()
    if state not in [s.value for s in FilingState]:
        state = ""
    found = bank_queries.filings(platform().views, g.user.actor, state or None, page_from_query())
    return render_template("bank_filings.html", filings=found.items, pager=pager(found), state=state,
                           states=[s.value for s in FilingState])


def consent_parties(found: dict[str, Any]) -> list[dict[str, Any]]:
    """The desk's consent list ("person:<masked id>" / "bank:<org>", done or not) as the page shows it:
    people by the name the filing gives them."""
    names = {mask_id_number(p["id_number"]): p["name"] for p in found["mortgagors"]}
    names.update({p["id_number"]: p["name"] for p in found["mortgagors"]})
    waiting = found["state"] == FilingState.AWAITING_CONSENT.value
    parties = []
    for consent in found["consents"]:
        kind, _, who = consent["party"].partition(":")
        state = "confirmed" if consent["done"] else "awaiting" if waiting else "none"
        parties.append({"kind": kind, "bank": who, "name": names.get(who, ""), "id_number": who, "state": state})
    return parties


def render_filing(filing_id: UUID, status: int = 200, **extra: Any) -> tuple[str, int]:
    p = platform()
    found = bank_queries.filing(p.views, g.user.actor, str(filing_id))
    if found is None:
        unknown_filing()
    proofs = certificate_shelf.of_cases(p.views, g.user.actor, [str(filing_id)]).get(str(filing_id), [])
    parties = consent_parties(found)
    mine = {"kind": "bank", "bank": g.user.actor.org, "state": "awaiting"}
    awaited = any(all(party.get(k) == v for k, v in mine.items()) for party in parties)
    extra.setdefault("problem", None)
    extra.setdefault("upload_errors", [])
    documents = case_documents.of_case(p.views, str(filing_id)) if found["own"] else []
    return render_template("bank_filing.html", filing=found, proofs=proofs, parties=parties,
                           my_consent_awaited=awaited, documents=documents, document_kinds=BANK_KINDS,
                           takes_documents=found["own"] and found["state"] not in CLOSED, **extra), status


@bp.route("/bank/filings/<uuid:filing_id>")
@page_roles(Role.BANK_STAFF)
def bank_filing(filing_id: UUID):  # noqa: ANN201
    return render_filing(filing_id)


@bp.route("/bank/filings/<uuid:filing_id>/consent", methods=["POST"])
@page_roles(Role.BANK_STAFF)
def bank_filing_consent(filing_id: UUID):  # noqa: ANN201
    """A counterpart bank's confirmation: the assignee of a transfer, or a mortgagee a rank change pushes back."""
    def said() -> str:
        found = bank_queries.filing(platform().views, g.user.actor, str(filing_id))
        return translate("bank.consent_flash", state=state_label(found))

    return on_filing(consent_to_filing, filing_id, page=render_filing, then="pages.bank_filing", said=said)


@bp.route("/bank/filings/<uuid:filing_id>/decline", methods=["POST"])
@page_roles(Role.BANK_STAFF)
def bank_filing_decline(filing_id: UUID):  # noqa: ANN201
    reason = request.form.get("reason", "").strip()[:500]
    return on_filing(decline_filing, filing_id, reason, page=render_filing, then="pages.bank_filing",
                     said=lambda: translate("bank.decline_flash"))


@bp.route("/bank/certificates/<uuid:certificate_id>.pdf")
@page_roles(Role.BANK_STAFF)
def bank_download_proof(certificate_id: UUID):  # noqa: ANN201
    """The bank's signed e-proof (不动产登记证明); the certificate shelf decides whose it is."""
    return pdf_response(str(certificate_id))


@bp.route("/bank/mortgages")
@page_roles(Role.BANK_STAFF)
def bank_mortgages():  # noqa: ANN201
    found = bank_queries.mortgages(platform().views, g.user.actor, page_from_query())
    return render_template("bank_mortgages.html", mortgages=found.items, pager=pager(found))


@bp.route("/bank/notifications")
@page_roles(Role.BANK_STAFF)
def bank_notifications():  # noqa: ANN201
    """Newest first, one page at a time (the API's feed reads forward from a seq instead)."""
    found = bank_queries.notification_page(platform().views, g.user.actor, page_from_query())
    return render_template("bank_notifications.html", notifications=found.items, pager=pager(found))


@bp.route("/bank/statement")
@page_roles(Role.BANK_STAFF)
def bank_statement():  # noqa: ANN201
    """This month's statement unless another month is asked for (YYYY-MM)."""
    p = platform()
    month = request.args.get("month", "").strip()
    error = None
    if month and not MONTH.fullmatch(month):
        error, month = translate("bank.month_invalid"), ""
    month = month or p.clock.today().strftime("%Y-%m")
    statement = bank_queries.statement(p.views, g.user.actor, month)
    return render_template("bank_statement.html", statement=statement, month=month, error=error), \
        422 if error else 200


# -- the 合同信息申报表 --------------------------------------------------------------------------------
def choices() -> dict[str, list[tuple[str, str]]]:
    """The form's option lists, in the page's language; banks and offices from the accounts."""
    orgs = platform().accounts.orgs()
    return {
        "kind": [(k.value, label(k.value, "mkind")) for k in FilingKind],
        "method": [(m.value, label(m.value, "method")) for m in MortgageMethod],
        "loan_type": [(t.value, label(t.value, "loan")) for t in LoanType],
        "currency": [(c, c) for c in CURRENCIES],
        "assignee": [("", translate("bankform.choose"))] + [
            (o["id"], o["name"]) for o in orgs if o["kind"] == "bank" and o["id"] != g.user.actor.org],
        "registry": [("", translate("bankform.choose"))] + [
            (o["id"], o["name"]) for o in orgs if o["kind"] == "registry"],
    }


def render_form(form: MultiDict, errors: dict[str, list[str]] | None = None, status: int = 200,
                refusal: dict | None = None) -> tuple[str, int]:
    return render_template("bank_new_filing.html", form=form, errors=errors or {}, rows=ROWS, choices=choices(),
                           problem=refusal), status


def refused(exc: DomainError) -> tuple[str, int]:
    """The domain's refusal next to its field (when it names one) and in the box above the form."""
    refusal = problem(exc)
    where = DOMAIN_FIELDS.get(exc.field or "")
    errors = {where: [say(exc.message)]} if where else {}
    return render_form(request.form, errors, exc.status if exc.status in (403, 409) else 422, refusal)


@bp.route("/bank/filings/new", methods=["GET", "POST"])
@page_roles(Role.BANK_STAFF)
def bank_new_filing():  # noqa: ANN201
    if request.method == "GET":
        return render_form(MultiDict({"kind": FilingKind.FIRST.value, "method": MortgageMethod.GENERAL.value,
                                      "currency": "CNY", "rank": "1", "loan_type": LoanType.COMMERCIAL.value,
                                      "guarantee_scope": DEFAULT_SCOPE}))
    data, rows = read_form(request.form)
    try:
        loaded = MortgageFilingSchema().load(data)
    except ValidationError as invalid:
        return render_form(request.form, field_errors(invalid.messages, rows), 422)
    p = platform()
    try:
        receipt = p.run_and_wait(file_mortgage, p.registry, g.user.actor, **filing_arguments(loaded))
    except DomainError as exc:
        return refused(exc)
    found = bank_queries.filing(p.views, g.user.actor, str(receipt.id))
    flash(translate("bankform.filed", state=state_label(found)), "ok")
    return redirect(url_for("pages.bank_filing", filing_id=receipt.id), 303)
