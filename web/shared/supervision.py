"""The supervisor's desk (电子监察), the same for the JSON API (``web.api.supervision``) and the pages
(``web.pages.supervision``): the gate of an instruction, a closed follow-up and the list arguments; the offices
a caller supervises; a case's clock in that scope (another office's case is unknown, 404); the commands, each
waiting until the clocks view shows what it stored; the CSV export."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from flask import Response, stream_with_context
from marshmallow import fields, validate

from projections import case_clocks, supervision_lists
from projections.deadlines import colour_of
from projections.supervision_queries import COLOURS
from registry.kernel.actors import Actor, Role
from registry.kernel.errors import UnknownCase
from registry.supervision.app import close_follow_up, instruct
from registry.supervision.case_clock import MAX_INSTRUCTION
from web.auth import platform
from web.paging import PageArgsSchema
from web.shared.mortgage_filing import Text
from web.shared.schemas import GateSchema

READERS = (Role.SUPERVISOR, Role.ADMIN)
CLOCK_FIELDS = ("case_id", "kind", "registry", "unit_number", "accepted_at", "due_at", "working_days",
                "office_minutes", "budget_minutes", "source", "state", "paused_for", "remaining_minutes",
                "warned_at", "breached_at", "outcome", "ended_by", "ended_at", "used_minutes")
CSV_HEADER = ("case_id", "kind", "office", "office_name", "unit_number", "accepted_at", "due_at", "state",
              "colour", "used_minutes")
BOM = "\ufeff"  # Excel reads a CSV without it in the local code page and garbles the Chinese


class InstructionSchema(GateSchema):
    instruction = Text(MAX_INSTRUCTION, required=True,
                       metadata={"description": f"督办: what to do, at most {MAX_INSTRUCTION} characters"})


class FollowUpClosingSchema(GateSchema):
    party = fields.String(required=True, validate=validate.Length(min=1, max=100),
                          metadata={"description": "the rating's party, as the follow-up list names it"})
    note = Text(MAX_INSTRUCTION, required=True, metadata={"description": "how the rating was followed up"})


class ColourArgsSchema(PageArgsSchema):
    colour = fields.String(load_default="red", validate=validate.OneOf(COLOURS),
                           metadata={"description": "red (the overdue list, the default), amber, green or waiting "
                                                    "(on the parties)"})


def offices_of(actor: Actor) -> list[str]:
    """A supervisor watches their own office; the platform's admin every registry office."""
    if actor.role is Role.ADMIN:
        return [org["id"] for org in platform().accounts.orgs() if org["kind"] == "registry"]
    if actor.role is Role.SUPERVISOR and actor.org:
        return [actor.org]
    return []


def clock_answer(row: dict[str, Any]) -> dict[str, Any]:
    """A clock row as the API and the pages show it: the colour, and ``late`` as a boolean."""
    return {**{name: row[name] for name in CLOCK_FIELDS}, "late": bool(row["late"]),
            "colour": colour_of(row, platform().clock.now())}


def find_clock(actor: Actor, case_id: str) -> dict[str, Any]:
    """The case's clock and its auditable history, if the caller supervises its office."""
    row = case_clocks.clock_of(platform().views, case_id)
    if row is None or not actor.supervises(row["registry"]):
        raise UnknownCase("no such timed case")
    return {**clock_answer(row), "history": case_clocks.history_of(platform().views, case_id)}


def give_instruction(actor: Actor, case_id: str, instruction: str) -> dict[str, Any]:
    p = platform()
    find_clock(actor, case_id)
    p.run_and_wait(instruct, p.supervision, actor, case_id, instruction)
    return find_clock(actor, case_id)


def close_rating_follow_up(actor: Actor, case_id: str, party: str, note: str) -> dict[str, Any]:
    p = platform()
    find_clock(actor, case_id)
    p.run_and_wait(close_follow_up, p.supervision, actor, case_id, party=party, note=note)
    return find_clock(actor, case_id)


def ended_colour(row: dict[str, Any]) -> str:
    return "late" if row["late"] else "on_time"


def export_csv(actor: Actor) -> Response:
    """Every timed case of the caller's offices with its clock, as a spreadsheet opens it."""
    p = platform()
    offices = offices_of(actor)
    names = {org["id"]: org["name"] for org in p.accounts.orgs()}
    now = p.clock.now()

    def lines() -> Iterator[str]:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(CSV_HEADER)
        yield BOM + out.getvalue()
        for row in supervision_lists.export_rows(p.views, offices, now):
            out.seek(0)
            out.truncate()
            writer.writerow([row["case_id"], row["kind"], row["registry"], names.get(row["registry"], ""),
                             row["unit_number"], row["accepted_at"], row["due_at"], row["state"],
                             ended_colour(row) if row["colour"] == "ended" else row["colour"],
                             "" if row["used_minutes"] is None else row["used_minutes"]])
            yield out.getvalue()

    name = f"supervision-{now.date().isoformat()}.csv"
    return Response(stream_with_context(lines()), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
