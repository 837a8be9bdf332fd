"""Flask app factory: nothing is built at import time; tests pass their own config."""

from __future__ import annotations

from typing import Any

from flask import Flask

from adapters.instance import load_settings
from adapters.ratelimit import RateLimiter
from web.api import init_api
from web.bootstrap import build_platform
from web.errors import init_errors
from web.i18n import init_i18n
from web.pages import init_pages
from web.security import init_security

MAX_BODY_BYTES = 1024 * 1024


def create_app(config: dict[str, Any] | None = None) -> Flask:
    config = dict(config or {})
    settings = load_settings(config)
    app = Flask(__name__, instance_path=str(settings.instance_path))
    app.config.update(
        SECRET_KEY=settings.secret_key,
        MAX_CONTENT_LENGTH=MAX_BODY_BYTES,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.session_cookie_secure,
        SESSION_COOKIE_NAME="registry_session",
        PERMANENT_SESSION_LIFETIME=8 * 3600,
        JSON_SORT_KEYS=False,
    )
    app.config.update({k: v for k, v in config.items() if k.isupper() and k not in ("CLOCK",)})
    platform = build_platform(settings, clock=config.get("CLOCK"))
    app.extensions["platform"] = platform
    app.extensions["public_rate_limit"] = RateLimiter(int(config.get("PUBLIC_LOOKUPS_PER_MINUTE", 60)), 60.0)
    if settings.embedded_worker:
        platform.start_worker_thread()
    init_security(app)
    init_i18n(app)
    init_api(app)
    init_pages(app)
    init_errors(app)
    return app
