"""Answers of the supervisor's desk (电子监察): the dashboard, the cases of one colour, a case's clock with its
history, the follow-ups of bad ratings."""

from __future__ import annotations

from marshmallow import fields

from web.api.answers import Answer, Paged

COLOUR = "red (past its deadline), amber (warned: little time left), green, waiting (on its parties)"


class Colours(Answer):
    red = fields.Integer(required=True)
    amber = fields.Integer(required=True)
    green = fields.Integer(required=True)
    waiting = fields.Integer(required=True)


class Tally(Answer):
    key = fields.String(required=True, metadata={"description": "the office, or the registrar (\"rule\": 秒批)"})
    open = fields.Integer(required=True)
    overdue = fields.Integer(required=True)
    ended = fields.Integer(required=True)
    late = fields.Integer(required=True)
    median_minutes = fields.Integer(required=True, allow_none=True,
                                    metadata={"description": "median office minutes of the ended cases"})
    registry = fields.String(metadata={"description": "per registrar: their office"})


class TrendDay(Answer):
    day = fields.String(required=True, metadata={"description": "China time"})
    on_time = fields.Integer(required=True)
    late = fields.Integer(required=True)


class OfficeRatings(Answer):
    registry = fields.String(required=True)
    ratings = fields.Integer(required=True)
    bad = fields.Integer(required=True)
    open_follow_ups = fields.Integer(required=True)
    average_stars = fields.String(required=True, metadata={"description": "to 0.01, e.g. \"4.50\""})


class Dashboard(Answer):
    offices_supervised = fields.List(fields.String(), required=True)
    now = fields.String(required=True)
    colours = fields.Nested(Colours, required=True)
    offices = fields.List(fields.Nested(Tally), required=True)
    registrars = fields.List(fields.Nested(Tally), required=True)
    trend = fields.List(fields.Nested(TrendDay), required=True, metadata={"description": "the last 30 days"})
    ratings = fields.List(fields.Nested(OfficeRatings), required=True)
    open_follow_ups = fields.Integer(required=True)


class ClockRow(Answer):
    """What every list of clocks shows of a case."""

    case_id = fields.String(required=True)
    kind = fields.String(required=True)
    registry = fields.String(required=True)
    unit_number = fields.String(required=True)
    accepted_at = fields.String(required=True)
    due_at = fields.String(required=True)
    state = fields.String(required=True, metadata={"description": "running, paused or ended"})
    paused_for = fields.String(required=True, allow_none=True)
    warned_at = fields.String(required=True, allow_none=True)
    breached_at = fields.String(required=True, allow_none=True)


class ColouredCase(ClockRow):
    colour = fields.String(required=True, metadata={"description": COLOUR})


class ColouredCases(Paged):
    cases = fields.List(fields.Nested(ColouredCase), required=True)


class ClockStep(Answer):
    event = fields.String(required=True, metadata={"description": "deadline_set, paused, resumed, warned, breached, "
                                                                  "met, instructed, extended, rated, follow_up_closed"})
    at = fields.String(required=True)
    due_at = fields.String()
    source = fields.String()
    reason = fields.String()
    remaining_minutes = fields.Integer()
    outcome = fields.String()
    by = fields.String()
    late = fields.Boolean()
    instruction = fields.String()
    closure = fields.String()
    stars = fields.Integer()


class CaseClock(ClockRow):
    working_days = fields.Integer(required=True)
    office_minutes = fields.Integer(required=True)
    budget_minutes = fields.Integer(required=True)
    source = fields.String(required=True, metadata={"description": "the rule the limit comes from"})
    remaining_minutes = fields.Integer(required=True, allow_none=True)
    outcome = fields.String(required=True, allow_none=True)
    ended_by = fields.String(required=True, allow_none=True)
    ended_at = fields.String(required=True, allow_none=True)
    used_minutes = fields.Integer(required=True, allow_none=True)
    late = fields.Boolean(required=True)
    colour = fields.String(required=True, metadata={"description": COLOUR + ", or ended"})
    history = fields.List(fields.Nested(ClockStep), required=True, metadata={"description": "oldest first"})


class FollowUp(Answer):
    case_id = fields.String(required=True)
    party = fields.String(required=True)
    registry = fields.String(required=True)
    stars = fields.Integer(required=True)
    comment = fields.String(required=True)
    at = fields.String(required=True)


class FollowUps(Paged):
    follow_ups = fields.List(fields.Nested(FollowUp), required=True)


class OfficeClosure(Answer):
    registry = fields.String(required=True)
    day = fields.String(required=True)
    reason = fields.String(required=True)
    extended_cases = fields.Integer(required=True, metadata={"description": "open cases given the day more; 0 "
                                                                            "when the office was closed already"})
