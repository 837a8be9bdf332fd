"""The supervisor's desk over HTTP (电子监察): the dashboard, the cases by colour (the overdue list is red), a
case's clock with its history, 督办 instructions, the follow-ups of bad ratings and the CSV export.

Everything is scoped to the offices the caller supervises (an admin: every office); another office's case is
unknown (404), other roles are refused (403). "Now" is the platform's clock."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import g

from projections import supervision_lists
from projections import supervision_queries as dashboard
from projections.base import timestamp
from web.api.answers import CSV, answers
from web.api.answers.supervision import CaseClock, ColouredCases, Dashboard, FollowUps
from web.api.units import SECURED
from web.auth import api_roles, platform
from web.paging import PageArgsSchema, listing, page_request
from web.parsing import Blueprint
from web.shared.supervision import (
    READERS,
    ColourArgsSchema,
    FollowUpClosingSchema,
    InstructionSchema,
    close_rating_follow_up,
    export_csv,
    find_clock,
    give_instruction,
    offices_of,
)

blp = Blueprint("supervision", __name__, url_prefix="/api/v1/supervision",
                description="Time-limit supervision (电子监察): dashboard, overdue cases, clocks, instructions")


@blp.route("/dashboard", methods=["GET"])
@api_roles(*READERS)
@answers(blp, 200, Dashboard, refuses=(401, 403))
@blp.doc(**SECURED)
def dashboard_view() -> dict:
    """Open cases by colour, per office and per registrar (with median office minutes), the 30-day trend of
    cases ended on time and late, ratings per office and how many bad ratings wait for a follow-up."""
    p, offices = platform(), offices_of(g.user.actor)
    now = p.clock.now()
    return {"offices_supervised": offices, "now": timestamp(now), **dashboard.overview(p.views, offices, now)}


@blp.route("/cases", methods=["GET"])
@api_roles(*READERS)
@blp.arguments(ColourArgsSchema, location="query")
@answers(blp, 200, ColouredCases, refuses=(400, 401, 403, 422))
@blp.doc(**SECURED)
def coloured_cases(args: dict) -> dict:
    """The open cases of one colour, earliest deadline first, one page at a time: ``{"cases": [...], "page",
    "per_page", "total", "pages", "next", "previous"}``."""
    p = platform()
    found = supervision_lists.cases_page(p.views, offices_of(g.user.actor), p.clock.now(), args["colour"],
                                         page_request(args))
    return listing(found, "cases")


@blp.route("/cases/<uuid:case_id>/clock", methods=["GET"])
@api_roles(*READERS)
@answers(blp, 200, CaseClock, refuses=(401, 403, 404))
@blp.doc(**SECURED)
def case_clock(case_id: UUID) -> dict:
    """The case's deadline, state and colour, and every clock event (deadline set, paused, resumed, warned,
    breached, met, instructed ...) oldest first."""
    return find_clock(g.user.actor, str(case_id))


@blp.route("/cases/<uuid:case_id>/instruction", methods=["POST"])
@api_roles(*READERS)
@blp.arguments(InstructionSchema)
@answers(blp, 200, CaseClock, refuses=(400, 401, 403, 404, 409, 422))
@blp.doc(**SECURED)
def instruction(data: dict, case_id: UUID) -> dict:
    """督办: the supervisor's instruction on an open case, recorded in its history; an ended case is 409."""
    return give_instruction(g.user.actor, str(case_id), data["instruction"])


@blp.route("/follow-ups", methods=["GET"])
@api_roles(*READERS)
@blp.arguments(PageArgsSchema, location="query")
@answers(blp, 200, FollowUps, refuses=(400, 401, 403, 422))
@blp.doc(**SECURED)
def follow_ups(args: dict) -> dict:
    """Bad ratings (two stars or fewer) not yet followed up, oldest first, one page at a time."""
    return listing(supervision_lists.follow_ups_page(platform().views, offices_of(g.user.actor),
                                                     page_request(args)), "follow_ups")


@blp.route("/follow-ups/<uuid:case_id>/close", methods=["POST"])
@api_roles(*READERS)
@blp.arguments(FollowUpClosingSchema)
@answers(blp, 200, CaseClock, refuses=(400, 401, 403, 404, 409, 422))
@blp.doc(**SECURED)
def close_follow_up_view(data: dict, case_id: UUID) -> dict:
    """Closes the follow-up of one party's bad rating with how it was followed up; none open is 409."""
    return close_rating_follow_up(g.user.actor, str(case_id), data["party"], data["note"])


@blp.route("/export.csv", methods=["GET"])
@api_roles(*READERS)
@answers(blp, 200, CSV, refuses=(401, 403), content_type="text/csv",
         description="UTF-8 with a byte-order mark; one row per timed case: case_id, kind, office, office_name, "
                     "unit_number, accepted_at, due_at, state, colour (red/amber/green/waiting, on_time/late once "
                     "ended), used_minutes")
@blp.doc(**SECURED)
def export() -> Any:
    """Every timed case of the caller's offices with its clock, for a spreadsheet."""
    return export_csv(g.user.actor)
