"""Applicant pages: my cases, one case with Withdraw (never for a case a court's ruling opened), pay,
correct before payment (the new-transfer form is ``web.pages.transfer_form``)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import abort, flash, g, redirect, render_template, request, url_for
from marshmallow import ValidationError

from projections import applicant, case_documents, case_progress, orders, tax_desk
from projections import certificates as certificate_shelf
from projections.party_assessments import assessment_seen_by
from projections.ratings import rating_of
from registry.kernel.actors import Role
from registry.kernel.codes import CaseState, Supplement
from registry.kernel.errors import DomainError
from registry.payments.commands import reissue_order
from registry.supervision.app import party_of
from registry.transfers import commands as transfers
from web.auth import page_roles, platform
from web.commands import correct_case
from web.i18n import translate
from web.pages.blueprint import bp
from web.pages.transfer_form import field_errors, read_claims
from web.pages.wording import problem, say
from web.paging import page_from_query, pager
from web.shared.documents import pdf_response
from web.shared.payments import begin_payment
from web.shared.schemas import CorrectionSchema, OptionalReasonSchema

CLOSED = (CaseState.APPROVED.value, CaseState.REJECTED.value, CaseState.WITHDRAWN.value)  # take no documents
PARTY_KINDS = [s.value for s in (Supplement.CONTRACT, Supplement.ID_DOCUMENT, Supplement.MARRIAGE_PROOF,
                                 Supplement.HOUSEHOLD_REGISTER, Supplement.POWER_OF_ATTORNEY, Supplement.OTHER)]


@bp.route("/applicant/cases")
@page_roles(Role.APPLICANT)
def my_cases():  # noqa: ANN201
    p = platform()
    found = applicant.my_cases(p.views, g.user.actor, page_from_query())
    issued = certificate_shelf.of_cases(p.views, g.user.actor, [c["case_id"] for c in found.items])
    return render_template("applicant_cases.html", cases=found.items, pager=pager(found), issued=issued)


def render_case(case_id: UUID, status: int = 200, **extra: Any) -> tuple[str, int]:
    found = applicant.case(platform().views, g.user.actor, str(case_id))
    if found is None:
        abort(404, description=translate("rule.unknown_case"))
    extra.setdefault("problem", None)
    extra.setdefault("correction_errors", {})
    extra.setdefault("upload_errors", [])
    p = platform()
    issued = certificate_shelf.of_cases(p.views, g.user.actor, [found["case_id"]]).get(found["case_id"], [])
    return render_template("applicant_case.html", case=found, withdrawable=found["withdrawable"],
                           certificates=issued, order=orders.for_case(p.views, g.user.actor, found["case_id"]),
                           assessment=assessment_seen_by(
                               found, tax_desk.for_case(p.views, g.user.actor, found["case_id"])),
                           progress=case_progress.progress(p.views, g.user.actor.user_id, found["case_id"]),
                           my_rating=rating_of(p.views, found["case_id"], party_of(g.user.actor)),
                           documents=case_documents.of_case(p.views, found["case_id"]),
                           takes_documents=found["state"] not in CLOSED, document_kinds=PARTY_KINDS, **extra), status


@bp.route("/applicant/cases/<uuid:case_id>/pay", methods=["POST"])
@page_roles(Role.APPLICANT)
def applicant_pay(case_id: UUID):  # noqa: ANN201
    """One payment for every tax and the fee: off to the payment provider's page, then back here."""
    return_url = platform().settings.public_url + url_for("pages.applicant_case", case_id=case_id)
    try:
        redirect_url = begin_payment(case_id, return_url)
    except DomainError as exc:
        return render_case(case_id, exc.status, problem=problem(exc))
    return redirect(redirect_url, code=303)


@bp.route("/applicant/cases/<uuid:case_id>/reissue", methods=["POST"])
@page_roles(Role.APPLICANT)
def applicant_reissue(case_id: UUID):  # noqa: ANN201
    p = platform()
    try:
        p.run_and_wait(reissue_order, p.payments, g.user.actor, str(case_id))
    except DomainError as exc:
        return render_case(case_id, exc.status, problem=problem(exc))
    flash(translate("pay.reissued"), "info")
    return redirect(url_for("pages.applicant_case", case_id=case_id), code=303)


@bp.route("/applicant/certificates/<uuid:certificate_id>.pdf")
@page_roles(Role.APPLICANT)
def download_certificate(certificate_id: UUID):  # noqa: ANN201
    """The holder's signed e-certificate."""
    return pdf_response(str(certificate_id))


@bp.route("/applicant/cases/<uuid:case_id>")
@page_roles(Role.APPLICANT)
def applicant_case(case_id: UUID):  # noqa: ANN201
    return render_case(case_id)


def act_on_case(case_id: UUID, flashed: str, command: Any, *args: Any):  # noqa: ANN201
    """Run ``command(registry, actor, case_id, *args)``; back to the case with ``flashed``, or the case page
    with the refusal (an unknown case, or one not the applicant's, is 404)."""
    p = platform()
    try:
        p.run_and_wait(command, p.registry, g.user.actor, case_id, *args)
    except DomainError as exc:
        if exc.status == 404:
            abort(404, description=translate("rule.unknown_case"))
        return render_case(case_id, exc.status, problem=problem(exc))
    flash(translate(flashed), "ok")
    return redirect(url_for("pages.applicant_case", case_id=case_id), 303)


@bp.route("/applicant/cases/<uuid:case_id>/withdraw", methods=["POST"])
@page_roles(Role.APPLICANT)
def applicant_withdraw(case_id: UUID):  # noqa: ANN201
    reason = request.form.get("reason", "").strip()
    try:
        data = OptionalReasonSchema().load({"reason": reason})
    except ValidationError as invalid:
        return render_case(case_id, 422, reason_errors=[say(m) for m in invalid.messages.get("reason", [])])
    return act_on_case(case_id, "flash.withdrawn", transfers.withdraw_transfer, data["reason"])


@bp.route("/applicant/cases/<uuid:case_id>/mandate/confirm", methods=["POST"])
@page_roles(Role.APPLICANT)
def applicant_confirm_mandate(case_id: UUID):  # noqa: ANN201
    """The party who gave the agent's mandate confirms it."""
    return act_on_case(case_id, "flash.mandate_confirmed", transfers.confirm_mandate)


@bp.route("/applicant/cases/<uuid:case_id>/correct", methods=["POST"])
@page_roles(Role.APPLICANT)
def applicant_correct(case_id: UUID):  # noqa: ANN201
    """Correct the contract date, the price or the declarations before the taxes are confirmed."""
    data = {"price": request.form.get("price", "").strip().replace(",", ""),
            "contract_date": request.form.get("contract_date", "").strip(), "tax_claims": read_claims(request.form)}
    try:
        loaded = CorrectionSchema().load({k: v for k, v in data.items() if v != ""})
    except ValidationError as invalid:
        return render_case(case_id, 422, correction_errors=field_errors(invalid.messages, {}))
    try:
        correct_case(platform(), g.user.actor, case_id, loaded)
    except DomainError as exc:
        if exc.status == 404:
            abort(404, description=translate("rule.unknown_case"))
        return render_case(case_id, exc.status, problem=problem(exc))
    flash(translate("flash.corrected"), "ok")
    return redirect(url_for("pages.applicant_case", case_id=case_id), 303)
