"""The office's own closures (a typhoon day, a system migration): the office's supervisor declares a working
day closed; it stops counting as a working day for that office, and the open cases whose time limit spans it
are extended by it, each extension an event in the case's clock history."""

from __future__ import annotations

from datetime import datetime, time

from flask import abort, g
from marshmallow import fields, validate

from adapters.clock import REGISTRY_TZ
from projections.case_clocks import running_since
from registry.kernel.actors import Role
from registry.supervision.app import declare_closure
from registry.supervision.office_calendar import MAX_REASON
from web.api.answers import answers
from web.api.answers.supervision import OfficeClosure
from web.api.units import SECURED
from web.auth import api_roles, platform
from web.parsing import Blueprint
from web.shared.schemas import GateSchema
from web.shared.supervision import offices_of

blp = Blueprint("closures", __name__, url_prefix="/api/v1/supervision",
                description="The office's own closures, on top of the State Council's holiday schedule")


class ClosureSchema(GateSchema):
    day = fields.Date(required=True, metadata={"description": "the working day the office closes (registry date)"})
    reason = fields.String(required=True, validate=validate.Length(min=1, max=MAX_REASON))
    registry = fields.String(load_default=None, validate=validate.Length(min=1, max=64),
                             metadata={"description": "the office; an admin names it, a supervisor's is their own"})


@blp.route("/closures", methods=["POST"])
@api_roles(Role.SUPERVISOR, Role.ADMIN)
@blp.arguments(ClosureSchema)
@answers(blp, 200, OfficeClosure, refuses=(400, 401, 403, 422))
@blp.doc(**SECURED)
def close_office(data: dict) -> dict:
    """Close the office for a working day; the open cases whose limit spans it get that day more."""
    p, actor = platform(), g.user.actor
    registry = data["registry"] or (actor.org if actor.role is Role.SUPERVISOR else None)
    if registry not in offices_of(actor):
        abort(422, description="name a registry office you supervise")
    since = datetime.combine(data["day"], time(0), REGISTRY_TZ)
    extended = declare_closure(p.supervision, actor, registry, day=data["day"], reason=data["reason"],
                               open_clocks=running_since(p.views, registry, since))
    p.supervision_worker.wait_until(p.supervision.recorder.max_notification_id() or 0, p.settings.wait_timeout)
    return {"registry": registry, "day": data["day"].isoformat(), "reason": data["reason"].strip(),
            "extended_cases": extended}
