"""Tax officer pages: the assessment queue (those waiting for the officer marked and filterable), one
assessment with Confirm and Adjust and a decision on each pending declaration, and finance's
clearing ledger of a day, daily reconciliation (with a CSV download and a bar chart by tax drawn here
as inline SVG) and the refused gateway callbacks.

Same schemas, commands and queries as the JSON API (both use ``web.shared.taxdesk``). Form errors come back next
to their fields; a refused command shows the rule's message with its status, never a 500.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

from flask import abort, flash, g, redirect, render_template, request, url_for
from marshmallow import ValidationError

from projections import order_ledger, orders, tax_desk
from registry.kernel.actors import Role
from registry.kernel.errors import DomainError
from web.auth import page_roles, platform
from web.i18n import translate
from web.pages.blueprint import bp
from web.pages.filters import label, yuan
from web.pages.wording import problem, say
from web.paging import page_from_query, pager
from web.shared.taxdesk import (
    STATUSES,
    AdjustmentSchema,
    DeclarationDecisionSchema,
    LedgerArgsSchema,
    QueueArgsSchema,
    ReconciliationArgsSchema,
    ReferredAssessmentSchema,
    adjust,
    assess_referred,
    confirm,
    day_ledger,
    decide,
    find_assessment,
    reconcile,
    reconciliation_csv,
)

READERS = (Role.TAX_OFFICER, Role.ADMIN)
# where a refused adjustment's field shows on the form
ADJUST_FIELDS = {"code": "line", "payer": "line", "amount": "amount", "reason": "reason"}


def field_messages(messages: dict, where: dict[str, str] | None = None) -> dict[str, list[str]]:
    """Schema messages → {form field: [messages in the page's language]}."""
    errors: dict[str, list[str]] = {}
    for key, texts in messages.items():
        name = (where or {}).get(key, key)
        if isinstance(texts, dict):
            texts = [t for nested in texts.values() for t in nested]
        errors.setdefault("form" if name == "_schema" else name, []).extend(say(t) for t in texts)
    return errors


# -- the tax desk --------------------------------------------------------------------------------
@bp.route("/tax/assessments")
@page_roles(*READERS)
def tax_queue():  # noqa: ANN201
    typed = {name: request.args.get(name, "").strip() for name in ("status", "clearance")}
    errors: dict[str, list[str]] = {}
    try:
        args = QueueArgsSchema().load({name: value for name, value in typed.items() if value})
    except ValidationError as invalid:
        errors, args = field_messages(invalid.messages), {"status": None, "clearance": None}
    found = tax_desk.queue(platform().views, g.user.actor, args["status"], page_from_query(),
                           clearance=args["clearance"])
    return render_template("tax_queue.html", assessments=found.items, pager=pager(found), status=args["status"],
                           clearance=args["clearance"], statuses=STATUSES, errors=errors), 422 if errors else 200


def line_options(assessment: dict) -> list[tuple[str, str]]:
    return [(f"{line['code']}:{line['payer']}",
             f"{label(line['code'], 'taxcode')} · {label(line['payer'], 'payer')} · {yuan(line['amount'])}")
            for line in assessment["lines"]]


def claimed_text(declaration: dict) -> str:
    """What was declared, in the page's language: 是 for 满五唯一, yuan for a cost, the home for a relief."""
    claimed = declaration["claimed"]
    if declaration["kind"] == "only_home_five_years":
        return translate("tax.yes")
    if declaration["kind"] == "deed_tax_relief":
        return translate(f"claims.relief_{claimed}")
    return yuan(claimed)


def render_assessment(assessment_id: UUID, status: int = 200, **extra: Any) -> tuple[str, int]:
    actor = g.user.actor
    try:
        found = find_assessment(actor, assessment_id)
    except DomainError:
        abort(404, description=translate("rule.unknown_assessment"))
    order = orders.for_case(platform().views, actor, found["case_id"])
    extra.setdefault("errors", {})
    extra.setdefault("problem", None)
    extra.setdefault("form", {})
    return render_template("tax_assessment.html", assessment=found, order=order, options=line_options(found),
                           can_act=actor.role is Role.TAX_OFFICER, claimed=claimed_text,
                           adjustable=bool(found["lines"]) and (order is None or order["state"] == "open"),
                           **extra), status


@bp.route("/tax/assessments/<uuid:assessment_id>")
@page_roles(*READERS)
def tax_assessment(assessment_id: UUID):  # noqa: ANN201
    return render_assessment(assessment_id)


def refused(assessment_id: UUID, exc: DomainError, **extra: Any) -> tuple[str, int]:
    if exc.status == 404:
        abort(404, description=translate("rule.unknown_assessment"))
    said = problem(exc)
    where = ADJUST_FIELDS.get(exc.field or "")
    return render_assessment(assessment_id, exc.status, problem=said,
                             errors={where: [said["message"]]} if where else {}, **extra)


@bp.route("/tax/assessments/<uuid:assessment_id>/confirm", methods=["POST"])
@page_roles(Role.TAX_OFFICER)
def tax_confirm(assessment_id: UUID):  # noqa: ANN201
    try:
        confirm(g.user.actor, assessment_id)
    except DomainError as exc:
        return refused(assessment_id, exc)
    flash(translate("tax.flash_confirmed"), "ok")
    return redirect(url_for("pages.tax_assessment", assessment_id=assessment_id), 303)


@bp.route("/tax/assessments/<uuid:assessment_id>/adjust", methods=["POST"])
@page_roles(Role.TAX_OFFICER)
def tax_adjust(assessment_id: UUID):  # noqa: ANN201
    form = {name: request.form.get(name, "").strip() for name in ("line", "amount", "reason")}
    code, _, payer = form["line"].partition(":")
    typed = {"code": code, "payer": payer, "amount": form["amount"].replace(",", "").replace("，", ""),
             "reason": form["reason"]}
    try:
        data = AdjustmentSchema().load({key: value for key, value in typed.items() if value})
    except ValidationError as invalid:
        errors = field_messages(invalid.messages, ADJUST_FIELDS)
        if "line" in errors:
            errors["line"] = [translate("tax.choose_line")]
        return render_assessment(assessment_id, 422, errors=errors, form=form)
    try:
        adjust(g.user.actor, assessment_id, data)
    except DomainError as exc:
        return refused(assessment_id, exc, form=form)
    flash(translate("tax.flash_adjusted"), "ok")
    return redirect(url_for("pages.tax_assessment", assessment_id=assessment_id), 303)


@bp.route("/tax/assessments/<uuid:assessment_id>/declarations/<string:kind>", methods=["POST"])
@page_roles(Role.TAX_OFFICER)
def tax_decide_declaration(assessment_id: UUID, kind: str):  # noqa: ANN201
    """Confirm or refuse one pending declaration with a reason; a refusal shows the lines computed again."""
    form = {"kind": kind, "reason": request.form.get("reason", "").strip()}
    typed = {"decision": request.form.get("decision", "").strip(), "reason": form["reason"]}

    def refused_here(exc: DomainError) -> tuple[str, int]:
        if exc.status == 404 and exc.code != "unknown_declaration":
            abort(404, description=translate("rule.unknown_assessment"))
        return render_assessment(assessment_id, exc.status, problem=problem(exc), form=form)

    def act(data: dict) -> str:
        decide(g.user.actor, assessment_id, kind, data)
        return "tax.flash_declaration_" + data["decision"]

    return officer_form(assessment_id, DeclarationDecisionSchema(), typed, form, kind, act, refused_here)


@bp.route("/tax/assessments/<uuid:assessment_id>/referred/<string:code>", methods=["POST"])
@page_roles(Role.TAX_OFFICER)
def tax_assess_referred(assessment_id: UUID, code: str):  # noqa: ANN201
    """Assess one line the rules referred to the officer: an amount and a reason both parties see."""
    payer = request.form.get("payer", "").strip()
    form = {"key": f"{code}-{payer}", "amount": request.form.get("amount", "").strip(),
            "reason": request.form.get("reason", "").strip()}
    typed = {"payer": payer, "amount": form["amount"].replace(",", "").replace("，", ""), "reason": form["reason"]}
    def act(data: dict) -> str:
        assess_referred(g.user.actor, assessment_id, code, data)
        return "tax.flash_referred_assessed"

    return officer_form(assessment_id, ReferredAssessmentSchema(), typed, form, form["key"], act,
                        lambda exc: refused(assessment_id, exc, form=form))


def officer_form(assessment_id: UUID, schema: Any, typed: dict, form: dict, prefix: str, act: Any,
                 on_refused: Any) -> Any:
    """One of the officer's forms on the assessment page: the gate's errors next to the form's fields (named
    ``<prefix>-<field>``), the command's refusal by ``on_refused``, else the flash ``act`` names."""
    try:
        data = schema.load({key: value for key, value in typed.items() if value})
    except ValidationError as invalid:
        errors = {f"{prefix}-{name}": texts for name, texts in field_messages(invalid.messages).items()}
        return render_assessment(assessment_id, 422, errors=errors, form=form)
    try:
        done = act(data)
    except DomainError as exc:
        return on_refused(exc)
    flash(translate(done), "ok")
    return redirect(url_for("pages.tax_assessment", assessment_id=assessment_id), 303)


# -- finance -------------------------------------------------------------------------------------
@bp.route("/finance/ledger")
@page_roles(*READERS)
def finance_ledger():  # noqa: ANN201
    day = request.args.get("day", "").strip()
    try:
        args = LedgerArgsSchema().load({"day": day} if day else {})
    except ValidationError as invalid:
        return render_template("tax_ledger.html", ledger=None, day=day, errors=field_messages(invalid.messages)), 422
    chosen = args["day"] or platform().clock.today()
    found = day_ledger(g.user.actor, chosen, page_from_query())
    return render_template("tax_ledger.html", ledger={"postings": found.items, **found.extra}, pager=pager(found),
                           day=chosen.isoformat(), errors={})


CHART = {"label_width": 120, "bar_width": 240, "amount_width": 130, "row": 24, "bar": 14, "top": 6}


def tax_chart(by_tax: dict[str, str], codes: list[str]) -> dict | None:
    """Bar geometry for one day's treasury totals by tax (non-zero taxes only): each bar labelled with
    the tax's name and its amount; a negative total (a refund that day) is drawn as a grey bar."""
    amounts = [(code, Decimal(by_tax[code])) for code in codes if Decimal(by_tax.get(code, "0"))]
    if not amounts:
        return None
    largest = max(abs(amount) for _, amount in amounts)
    bars = []
    for i, (code, amount) in enumerate(amounts):
        width = max(1, int(abs(amount) / largest * CHART["bar_width"]))
        y = CHART["top"] + i * CHART["row"]
        bars.append({"code": code, "label": label(code, "taxcode"), "amount": yuan(amount),
                     "negative": amount < 0, "y": y, "width": width,
                     "text_y": y + CHART["bar"] - 2, "amount_x": CHART["label_width"] + width + 6})
    return {"bars": bars, "x": CHART["label_width"], "label_x": CHART["label_width"] - 8, "bar": CHART["bar"],
            "width": CHART["label_width"] + CHART["bar_width"] + CHART["amount_width"],
            "height": CHART["top"] * 2 + len(bars) * CHART["row"]}


def reconciliation_args() -> tuple[dict | None, dict[str, list[str]], dict[str, str]]:
    typed = {key: request.args.get(key, "").strip() for key in ("from", "to")}
    try:
        return ReconciliationArgsSchema().load({k: v for k, v in typed.items() if v}), {}, typed
    except ValidationError as invalid:
        return None, field_messages(invalid.messages), typed


@bp.route("/finance/reconciliation")
@page_roles(*READERS)
def finance_reconciliation():  # noqa: ANN201
    args, errors, typed = reconciliation_args()
    if args is None:
        return render_template("tax_reconciliation.html", report=None, charts={}, form=typed, errors=errors), 422
    report = reconcile(g.user.actor, args["first_day"], args["last_day"])
    charts = {day["day"]: tax_chart(day["by_tax"], report["tax_codes"]) for day in report["days"]}
    return render_template("tax_reconciliation.html", report=report, charts=charts, errors={},
                           form={"from": report["from"], "to": report["to"]})


@bp.route("/finance/reconciliation.csv")
@page_roles(*READERS)
def finance_reconciliation_csv():  # noqa: ANN201
    args, errors, _ = reconciliation_args()
    if args is None:
        abort(422, description="; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
    return reconciliation_csv(reconcile(g.user.actor, args["first_day"], args["last_day"]))


@bp.route("/finance/flags")
@page_roles(*READERS)
def finance_flags():  # noqa: ANN201
    found = order_ledger.flags(platform().views, g.user.actor, page_from_query())
    return render_template("tax_flags.html", flags=found.items, pager=pager(found))
