"""Flask app factory: nothing is built at import time; tests pass their own config."""

from __future__ import annotations

from typing import Any

from flask import Flask

from adapters.gateway_client import HttpTransport, SandboxGatewayClient, WsgiTransport
from adapters.instance import load_settings
from adapters.ratelimit import RateLimiter
from adapters.sandbox_gateway import SandboxGateway, load_page_secret, load_sandbox_merchant
from projections.worker import Worker
from registry.payments.commands import CarryOutRefunds
from web.api import init_api
from web.bootstrap import build_platform
from web.errors import init_errors
from web.i18n import init_i18n
from web.pages import init_pages
from web.sandbox import init_sandbox
from web.security import init_security


def init_payment_gateway(app: Flask, settings: Any, platform: Any) -> None:
    """The built-in sandbox provider (in-process) and the platform's client for it (or for a remote one)."""
    merchant = load_sandbox_merchant(settings.instance_path, name=settings.seal_org_name,
                                     api_key=settings.sandbox_api_key, webhook_secret=settings.sandbox_webhook_secret)
    if settings.sandbox_gateway:
        sandbox = SandboxGateway(platform.views, [merchant], clock=platform.clock,
                                 base_url=f"{settings.public_url}/sandbox-gateway", transport=WsgiTransport(app),
                                 page_secret=load_page_secret(settings.instance_path))
        sandbox.deliveries.resume()  # re-send callbacks a previous process left undelivered
        init_sandbox(app, sandbox)
        platform.on_close.append(sandbox.close)
    client = SandboxGatewayClient(
        settings.payment_gateway_url or f"{settings.public_url}/sandbox-gateway", merchant.api_key,
        {merchant.webhook_key_id: merchant.webhook_secret},
        HttpTransport() if settings.payment_gateway_url else WsgiTransport(app))
    app.extensions["payment_gateway"] = client
    refunds = Worker(platform.payments, platform.views, [], [CarryOutRefunds(platform.payments, client)])
    refunds.setup()
    platform.extra_loops.append(("payments-refunds", refunds))

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
    init_security(app)
    init_i18n(app)
    init_api(app)
    init_pages(app)
    init_payment_gateway(app, settings, platform)
    init_errors(app)
    if settings.embedded_worker:
        platform.start_worker_thread()
    return app
