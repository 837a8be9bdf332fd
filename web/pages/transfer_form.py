"""The new-transfer form: the kind of transfer first, then only the sections that kind declares
(``registry.transfers.kinds``), in the page's language.

The form is loaded through the API's own ``TransferSubmissionSchema`` and filed with the same
``registry.transfers.submit_transfer``; schema messages and domain rules come back as field
errors next to the fields, with everything the user typed kept.
"""

from __future__ import annotations

from typing import Any

from flask import flash, g, redirect, render_template, request, url_for
from marshmallow import ValidationError
from werkzeug.datastructures import MultiDict

from registry.kernel.actors import Role
from registry.kernel.errors import DomainError
from registry.transfers.kinds import FORM_KINDS, KINDS, KindSpec, TransferKind
from web.auth import page_roles, platform
from web.commands import file_transfer
from web.i18n import translate
from web.pages.blueprint import bp
from web.pages.wording import problem, say
from web.shared.schemas import TransferSubmissionSchema

ROWS = {"sellers": 2, "buyers": 2, "family": 3}
# where a domain rule's field shows on the form
RULE_FIELDS = {"unit_number": "unit_number", "contract_number": "contract_number", "sellers": "sellers",
               "owners": "buyers", "share": "buyers", "families": "family", "family": "family", "kind": "form"}
RULE_FIELD_BY_CODE = {"unknown_unit": "unit_number", "shares_must_sum_to_one": "buyers"}
CLAIM_FIELDS = ("only_home_five_years", "original_cost", "reasonable_costs", "deed_tax_relief")
RULE_FIELDS |= {name: f"tax_claims-{name}" for name in CLAIM_FIELDS}


def offered_kind(value: str | None) -> KindSpec | None:
    """The kind named on the form or in the query, if the window takes it online."""
    try:
        spec = KINDS[TransferKind(value or "")]
    except ValueError:
        return None
    return spec if spec.kind is not TransferKind.JUDICIAL and spec.online else None


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
        "kind": form.get("kind", "").strip(),
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
    # a form posted without a kind (or with one not offered) shows as the residential resale's
    spec = offered_kind(form.get("kind")) or KINDS[TransferKind.RESALE_RESIDENTIAL]
    return render_template("applicant_new_transfer.html", form=form, errors=errors or {}, rows=ROWS,
                           problem=refusal, spec=spec, sections={s.value for s in spec.sections}), status


@bp.route("/applicant/transfers/new", methods=["GET", "POST"])
@page_roles(Role.APPLICANT)
def new_transfer():  # noqa: ANN201
    if request.method == "GET":
        chosen = offered_kind(request.args.get("kind"))
        if chosen is None:
            return render_template("applicant_choose_kind.html", kinds=FORM_KINDS)
        return render_form(MultiDict({"certificates": "1", "kind": chosen.kind.value}))
    data, rows = read_form(request.form)
    try:
        loaded = TransferSubmissionSchema().load(data)
    except ValidationError as invalid:
        return render_form(request.form, field_errors(invalid.messages, rows), 422)
    try:
        receipt = file_transfer(platform(), g.user.actor, loaded, agent_name=g.user.display_name)
    except DomainError as exc:
        refusal = problem(exc)
        where = RULE_FIELD_BY_CODE.get(exc.code) or RULE_FIELDS.get(exc.field or "")
        errors = {where: [refusal["message"]]} if where else {}
        return render_form(request.form, errors, 409 if exc.status == 409 else 422, refusal)
    flash(translate("flash.submitted"), "ok")
    return redirect(url_for("pages.applicant_case", case_id=receipt.id), 303)
