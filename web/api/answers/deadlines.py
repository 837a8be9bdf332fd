"""The statutory deadline a queued case carries (电子监察), as the registrars' queues answer it."""

from __future__ import annotations

from marshmallow import fields, validate

from web.api.answers import Answer

COLOURS = ("green", "amber", "red", "waiting", "ended")


class QueueDeadline(Answer):
    due_at = fields.String(required=True, metadata={"description": "the instant the time limit runs out (UTC)"})
    state = fields.String(required=True, validate=validate.OneOf(("running", "paused", "ended")))
    paused_for = fields.String(required=True, allow_none=True,
                               metadata={"description": "what the paused clock waits on (payment, supplement…)"})
    colour = fields.String(required=True, validate=validate.OneOf(COLOURS))
    working_days = fields.Integer(metadata={"description": "the limit, when it is counted in working days"})
    office_minutes = fields.Integer(metadata={"description": "the limit, when it is counted in office minutes"})
