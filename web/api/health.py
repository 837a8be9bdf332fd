from __future__ import annotations

from web.api.answers import answers
from web.api.answers.health import HealthAnswer
from web.auth import platform
from web.parsing import Blueprint

blp = Blueprint("health", __name__, url_prefix="/api/v1", description="Liveness and how far the views are")


@blp.route("/health")
@answers(blp, 200, HealthAnswer)
def health() -> dict:
    """Is the platform up, which store it runs on, each application's head, and how far every view,
    policy and hand-off has caught up (a stalled one shows as a position left behind)."""
    p = platform()
    return {"status": "ok", "store": p.settings.store_kind,
            "head": p.registry.recorder.max_notification_id() or 0,
            "heads": {app.name: app.recorder.max_notification_id() or 0
                      for app in p.applications()},
            "views": {name: position for _, loop in p.loops() for name, position in loop.positions().items()}}
