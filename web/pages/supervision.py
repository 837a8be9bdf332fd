"""The supervisor's pages (电子监察): the dashboard (colour tiles, the two charts, the overdue list with a 督办
form, per office and per registrar, ratings, bad ratings to follow up), a case's clock with its history, and the
CSV export. The same scope, queries and commands as the JSON API (``web.shared.supervision``); after a command,
Post/Redirect/Get with a flash message; a refused form re-renders the page with its message and status."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import abort, flash, g, redirect, render_template, request, url_for
from marshmallow import Schema, ValidationError

from projections import supervision_lists
from projections import supervision_queries as dashboard
from registry.kernel.errors import DomainError
from web.auth import page_roles, platform
from web.i18n import translate
from web.pages.blueprint import bp
from web.pages.charts import colour_bar, trend_chart
from web.pages.wording import problem, say
from web.paging import page_from_query, pager
from web.shared.supervision import (
    READERS,
    FollowUpClosingSchema,
    InstructionSchema,
    close_rating_follow_up,
    export_csv,
    find_clock,
    give_instruction,
    offices_of,
)


def charts(board: dict[str, Any]) -> dict[str, Any]:
    wordings = {c: translate(f"sup_colour.{c}") for c in dashboard.COLOURS}
    return {"colour_chart": colour_bar(board["colours"], wordings, title=translate("sup.colour_chart"),
                                      empty=translate("sup.no_open")),
            "trend_chart": trend_chart(board["trend"], title=translate("sup.trend_title"),
                                       on_time=translate("sup_colour.on_time"), late=translate("sup_colour.late"),
                                       empty=translate("sup.no_data"))}


def names(users: set[str]) -> dict[str, str]:
    """How the page names offices, the registrars and supervisors in ``users``, and the rules' 秒批."""
    accounts = platform().accounts
    people = {user_id: user.display_name for user_id in users if (user := accounts.user(user_id)) is not None}
    return {**people, "rule": translate("sup.by_rule"), **{org["id"]: org["name"] for org in accounts.orgs()}}


def render_dashboard(status: int = 200, **extra: Any) -> tuple[str, int]:
    p, offices = platform(), offices_of(g.user.actor)
    now = p.clock.now()
    board = dashboard.overview(p.views, offices, now)
    overdue = supervision_lists.cases_page(p.views, offices, now, "red", page_from_query())
    follow_ups = supervision_lists.follow_ups_page(p.views, offices, page_from_query("fpage"))
    extra.setdefault("errors", {})
    extra.setdefault("problem", None)
    named = names({row["key"] for row in board["registrars"]})
    return render_template("supervision_dashboard.html", board=board, offices=offices, names=named,
                           office_names=[named.get(o, o) for o in offices],
                           overdue=overdue.items, pager=pager(overdue), follow_ups=follow_ups.items,
                           follow_pager=pager(follow_ups, "fpage"), colours=dashboard.COLOURS, **charts(board),
                           **extra), status


@bp.route("/supervision")
@page_roles(*READERS)
def supervision_dashboard():  # noqa: ANN201
    return render_dashboard()


def render_case(case_id: UUID, status: int = 200, **extra: Any) -> tuple[str, int]:
    try:
        clock = find_clock(g.user.actor, str(case_id))
    except DomainError:
        abort(404, description=translate("rule.unknown_case"))
    extra.setdefault("errors", {})
    extra.setdefault("problem", None)
    people = {step["by"] for step in clock["history"] if step.get("by")}
    return render_template("supervision_case.html", clock=clock, names=names(people), **extra), status


@bp.route("/supervision/cases/<uuid:case_id>")
@page_roles(*READERS)
def supervision_case(case_id: UUID):  # noqa: ANN201
    return render_case(case_id)


def loaded(schema: Schema, form: dict[str, str]) -> tuple[dict[str, Any] | None, dict[str, list[str]]]:
    try:
        return schema.load({k: v for k, v in form.items() if v}), {}
    except ValidationError as invalid:
        return None, {f: [say(m) for m in messages] for f, messages in invalid.messages.items()}


def back_to(case_id: UUID) -> Any:
    """Where the form was sent from: the case's own page, or the dashboard."""
    if request.form.get("from") == "case":
        return redirect(url_for("pages.supervision_case", case_id=case_id), 303)
    return redirect(url_for("pages.supervision_dashboard"), 303)


def refused(case_id: UUID, status: int, **extra: Any) -> tuple[str, int]:
    if request.form.get("from") == "case":
        return render_case(case_id, status, **extra)
    return render_dashboard(status, failed=str(case_id), **extra)


@bp.route("/supervision/cases/<uuid:case_id>/instruction", methods=["POST"])
@page_roles(*READERS)
def supervision_instruct(case_id: UUID):  # noqa: ANN201
    text = request.form.get("instruction", "")
    data, errors = loaded(InstructionSchema(), {"instruction": text})
    if data is None:
        return refused(case_id, 422, errors=errors, instruction=text)
    try:
        give_instruction(g.user.actor, str(case_id), data["instruction"])
    except DomainError as exc:
        if exc.status == 404:
            abort(404, description=translate("rule.unknown_case"))
        return refused(case_id, exc.status, problem=problem(exc), instruction=text)
    flash(translate("flash.instructed"), "ok")
    return back_to(case_id)


@bp.route("/supervision/follow-ups/<uuid:case_id>/close", methods=["POST"])
@page_roles(*READERS)
def supervision_close_follow_up(case_id: UUID):  # noqa: ANN201
    form = {"party": request.form.get("party", ""), "note": request.form.get("note", "")}
    data, errors = loaded(FollowUpClosingSchema(), form)
    if data is None:
        return refused(case_id, 422, errors=errors, note=form["note"])
    try:
        close_rating_follow_up(g.user.actor, str(case_id), data["party"], data["note"])
    except DomainError as exc:
        if exc.status == 404:
            abort(404, description=translate("rule.unknown_case"))
        return refused(case_id, exc.status, problem=problem(exc), note=form["note"])
    flash(translate("flash.follow_up_closed"), "ok")
    return back_to(case_id)


@bp.route("/supervision/export.csv")
@page_roles(*READERS)
def supervision_export():  # noqa: ANN201
    return export_csv(g.user.actor)
