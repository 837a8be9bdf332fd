from __future__ import annotations

from web.auth import platform
from web.parsing import Blueprint

blp = Blueprint("health", __name__, url_prefix="/api/v1", description="Liveness and how far the views are")


@blp.route("/health")
@blp.response(200)
def health() -> dict:
    """Is the platform up, which store it runs on, and how far each view has caught up."""
    p = platform()
    return {"status": "ok", "store": p.settings.store_kind,
            "head": p.registry.recorder.max_notification_id() or 0,
            "views": {**p.worker.positions(), **p.issuer.positions()}}
