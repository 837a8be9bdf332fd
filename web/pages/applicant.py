"""Applicant pages: my cases, one case with Withdraw (never for a case a court's ruling opened), and the
new-transfer form.

The form is loaded through the API's own ``TransferSubmissionSchema`` and filed with the same
``registry.transfers.submit_transfer``; schema messages and domain rules come back as field
errors next to the fields, with everything the user typed kept.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import abort, flash, g, redirect, render_template, request, url_for
from marshmallow import ValidationError
from werkzeug.datastructures import MultiDict

from projections import applicant, case_documents, case_progress, orders, tax_desk
from projections import certificates as certificate_shelf
from projections.ratings import rating_of
from registry.kernel.actors import Role
from registry.kernel.codes import CaseState, Supplement
from registry.kernel.errors import DomainError
from registry.payments.commands import reissue_order
from registry.supervision.app import party_of
from registry.transfers import commands as transfers
from web.auth import page_roles, platform
from web.commands import correct_case, file_transfer
from web.i18n import translate
from web.pages.blueprint import bp
from web.pages.wording import problem, say
from web.paging import page_from_query, pager
from web.shared.documents import pdf_response
from web.shared.payments import begin_payment
from web.shared.schemas import CorrectionSchema, OptionalReasonSchema, TransferSubmissionSchema

ROWS = {"sellers": 2, "buyers": 2, "family": 3}
CLOSED = (CaseState.APPROVED.value, CaseState.REJECTED.value, CaseState.WITHDRAWN.value)  # take no documents
PARTY_KINDS = [s.value for s in (Supplement.CONTRACT, Supplement.ID_DOCUMENT, Supplement.MARRIAGE_PROOF,
                                 Supplement.HOUSEHOLD_REGISTER, Supplement.POWER_OF_ATTORNEY, Supplement.OTHER)]
# where a domain rule's field shows on the form
RULE_FIELDS = {"unit_number": "unit_number", "contract_number": "contract_number", "sellers": "sellers",
               "owners": "buyers", "share": "buyers", "families": "family", "family": "family"}
RULE_FIELD_BY_CODE = {"unknown_unit": "unit_number", "shares_must_sum_to_one": "buyers"}
CLAIM_FIELDS = ("only_home_five_years", "original_cost", "reasonable_costs", "deed_tax_relief")
RULE_FIELDS |= {name: f"tax_claims-{name}" for name in CLAIM_FIELDS}


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
                           assessment=applicant.assessment_seen_by(
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


@bp.route("/applicant/cases/<uuid:case_id>/withdraw", methods=["POST"])
@page_roles(Role.APPLICANT)
def applicant_withdraw(case_id: UUID):  # noqa: ANN201
    reason = request.form.get("reason", "").strip()
    try:
        data = OptionalReasonSchema().load({"reason": reason})
    except ValidationError as invalid:
        return render_case(case_id, 422, reason_errors=[say(m) for m in invalid.messages.get("reason", [])])
    p = platform()
    try:
        p.run_and_wait(transfers.withdraw_transfer, p.registry, g.user.actor, case_id, data["reason"])
    except DomainError as exc:
        if exc.status == 404:
            abort(404, description=translate("rule.unknown_case"))
        return render_case(case_id, exc.status, problem=problem(exc))
    flash(translate("flash.withdrawn"), "ok")
    return redirect(url_for("pages.applicant_case", case_id=case_id), 303)


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


# -- the new-transfer form ---------------------------------------------------------------------
def filled_rows(form: MultiDict, prefix: str, texts: tuple[str, ...],
                choices: tuple[str, ...] = ()) -> list[tuple[int, dict[str, str]]]:
    """(row number on the form, values) of the rows with any text typed in; blank rows are ignored."""
    rows = []
    for i in range(ROWS[prefix]):
        values = {name: form.get(f"{prefix}-{i}-{name}", "").strip() for name in texts + choices}
        if any(values[name] for name in texts):
            rows.append((i, values))
    return rows


def read_form(form: MultiDict) -> tuple[dict[str, Any], dict[str, list[int]]]:
    """The schema's input built from the form, and which form row each list item came from."""
    sellers = filled_rows(form, "sellers", ("name", "id_number"))
    buyers = filled_rows(form, "buyers", ("name", "id_number", "share"))
    if len(buyers) == 1 and not buyers[0][1]["share"]:
        buyers[0][1]["share"] = "1"  # a sole buyer holds the whole
    family = filled_rows(form, "family", ("name", "id_number"), ("relation", "buyer"))
    buyer_ids = {str(i): values["id_number"] for i, values in buyers}
    data: dict[str, Any] = {
        "unit_number": "".join(form.get("unit_number", "").split()).upper(),
        "price": form.get("price", "").strip().replace(",", "").replace("，", ""),
        "contract_number": form.get("contract_number", "").strip(),
        "contract_date": form.get("contract_date", "").strip(),
        "certificates": form.get("certificates", "").strip(),
    }
    data = {key: value for key, value in data.items() if value}  # blank → "required", not "invalid"
    data["sellers"] = [values for _, values in sellers]
    data["buyers"] = [values for _, values in buyers]
    data["family"] = [{"buyer_id_number": buyer_ids.get(v["buyer"], ""), "name": v["name"],
                       "id_number": v["id_number"], "relation": v["relation"]} for _, v in family]
    data["tax_claims"] = read_claims(form)
    rows = {"sellers": [i for i, _ in sellers], "buyers": [i for i, _ in buyers], "family": [i for i, _ in family]}
    return data, rows


def read_claims(form: MultiDict) -> dict[str, Any]:
    """The declarations section: a ticked box, amounts without separators, the relief chosen; blanks left out."""
    claims: dict[str, Any] = {}
    if form.get("tax_claims-only_home_five_years"):
        claims["only_home_five_years"] = True
    for name in ("original_cost", "reasonable_costs", "deed_tax_relief"):
        value = form.get(f"tax_claims-{name}", "").strip().replace(",", "").replace("，", "")
        if value:
            claims[name] = value
    return claims


def field_errors(messages: dict, rows: dict[str, list[int]]) -> dict[str, list[str]]:
    """Marshmallow's nested messages → {form field name: [message, ...]} in the page's language."""
    errors: dict[str, list[str]] = {}
    for key, value in messages.items():
        if key == "tax_claims" and isinstance(value, dict):  # one nested section, not rows
            errors.update({f"tax_claims-{name}": [say(m) for m in texts] for name, texts in value.items()})
            continue
        if isinstance(value, dict):  # a list of rows: {item index: {field: [messages]}}
            for index, item in value.items():
                if not isinstance(item, dict):
                    errors.setdefault(key, []).extend(say(m) for m in item)
                    continue
                for name, texts in item.items():
                    row = rows[key][int(index)]
                    if name == "buyer_id_number":  # the chosen buyer's row has no valid ID number
                        errors[f"{key}-{row}-buyer"] = [translate("new.family_buyer_missing")]
                        continue
                    errors[f"{key}-{row}-{name}"] = [say(m) for m in texts]
        else:
            errors["form" if key == "_schema" else key] = [say(m) for m in value]
    return errors


def render_form(form: MultiDict, errors: dict[str, list[str]] | None = None, status: int = 200,
                refusal: dict | None = None) -> tuple[str, int]:
    return render_template("applicant_new_transfer.html", form=form, errors=errors or {}, rows=ROWS,
                           problem=refusal), status


@bp.route("/applicant/transfers/new", methods=["GET", "POST"])
@page_roles(Role.APPLICANT)
def new_transfer():  # noqa: ANN201
    if request.method == "GET":
        return render_form(MultiDict({"certificates": "1"}))
    data, rows = read_form(request.form)
    try:
        loaded = TransferSubmissionSchema().load(data)
    except ValidationError as invalid:
        return render_form(request.form, field_errors(invalid.messages, rows), 422)
    try:
        receipt = file_transfer(platform(), g.user.actor, loaded)
    except DomainError as exc:
        refusal = problem(exc)
        where = RULE_FIELD_BY_CODE.get(exc.code) or RULE_FIELDS.get(exc.field or "")
        errors = {where: [refusal["message"]]} if where else {}
        return render_form(request.form, errors, 409 if exc.status == 409 else 422, refusal)
    flash(translate("flash.submitted"), "ok")
    return redirect(url_for("pages.applicant_case", case_id=receipt.id), 303)
