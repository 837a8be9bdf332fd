"""Bank webhooks: where and how the platform pushes a bank's notifications.

Bank staff manage their own bank's webhook (one per bank): set the URL (the platform generates the
signing secret and shows it once), read the delivery status (never the secret), rotate the secret,
remove the webhook. Admins see every failing endpoint. How deliveries are signed and retried:
``adapters/webhooks.py`` and ``adapters/webhook_delivery.py``.

``http://`` to 127.0.0.1 / localhost is accepted only when the app's config
``WEBHOOKS_ALLOW_LOOPBACK_HTTP`` (or the environment's ``REGISTRY_WEBHOOKS_ALLOW_LOOPBACK_HTTP``) is
true: development and tests, never production.
"""

from __future__ import annotations

import os
from typing import Any

from flask import current_app, g
from flask_smorest import abort
from marshmallow import ValidationError, fields, pre_load

from adapters import webhook_status as deliveries
from adapters.webhooks import NoWebhook, Subscription, WebhookStore, WebhookUrlRefused
from registry.kernel.actors import Role
from web.api.answers import answers
from web.api.answers.banks import BankWebhookSecret, BankWebhookStatus, FailingWebhooks
from web.api.units import SECURED
from web.auth import api_roles, platform
from web.parsing import Blueprint, has_control_characters
from web.shared.schemas import GateSchema

blp = Blueprint("bank_webhooks", __name__, url_prefix="/api/v1",
                description="Bank webhooks: where and how the platform pushes a bank's notifications")

NO_WEBHOOK = "your bank has no webhook; set one with PUT /api/v1/bank/webhook"


class WebhookUrlSchema(GateSchema):
    url = fields.String(required=True)

    @pre_load
    def refuse_control_characters(self, data: Any, **kwargs: Any) -> Any:
        """As every schema does, but a bad URL is reported on the url field, where staff look for it."""
        if isinstance(data, dict) and has_control_characters(data.get("url")):
            raise ValidationError("control characters are not allowed in the webhook URL", "url")
        return super().refuse_control_characters(data, **kwargs)


def _flag(value: Any) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def _allow_loopback_http() -> bool:
    configured = current_app.config.get("WEBHOOKS_ALLOW_LOOPBACK_HTTP",
                                        os.environ.get("REGISTRY_WEBHOOKS_ALLOW_LOOPBACK_HTTP", ""))
    return _flag(configured)


def _webhooks() -> WebhookStore:
    return platform().webhooks


def _bank() -> str:
    return g.user.actor.org


def _described(subscription: Subscription) -> dict:
    return {"url": subscription.url, "created_at": subscription.created_at, "updated_at": subscription.updated_at}


@blp.route("/bank/webhook", methods=["PUT"])
@api_roles(Role.BANK_STAFF)
@blp.arguments(WebhookUrlSchema)
@answers(blp, 200, BankWebhookSecret, refuses=(400, 401, 403, 422))
@blp.doc(**SECURED)
def set_webhook(data: dict) -> dict:
    """Set your bank's webhook URL (https). The first time, the answer holds the signing secret —
    shown this once, store it; changing the URL later keeps the secret (``secret`` is null then)."""
    try:
        subscription, secret = _webhooks().subscribe(_bank(), data["url"], platform().clock.now(),
                                                     allow_loopback_http=_allow_loopback_http())
    except WebhookUrlRefused as refused:
        abort(422, message="the webhook URL cannot be used", errors={"url": [str(refused)]})
    return _described(subscription) | {"secret": secret}


@blp.route("/bank/webhook", methods=["GET"])
@api_roles(Role.BANK_STAFF)
@answers(blp, 200, BankWebhookStatus, refuses=(401, 403, 404))
@blp.doc(**SECURED)
def get_webhook() -> dict:
    """Your bank's webhook and how delivery goes: notifications waiting, whether the next one is
    failing (with the endpoint's last answer), when the last one was delivered. Never the secret."""
    subscription = _webhooks().subscription(_bank())
    if subscription is None:
        abort(404, message=NO_WEBHOOK)
    return _described(subscription) | deliveries.status(platform().views, _bank())


@blp.route("/bank/webhook/rotate", methods=["POST"])
@api_roles(Role.BANK_STAFF)
@answers(blp, 200, BankWebhookSecret, refuses=(401, 403, 404))
@blp.doc(**SECURED)
def rotate_secret() -> dict:
    """A new signing secret, shown once; deliveries are signed with it from the next attempt on."""
    try:
        secret = _webhooks().rotate(_bank(), platform().clock.now())
    except NoWebhook:
        abort(404, message=NO_WEBHOOK)
    subscription = _webhooks().subscription(_bank())
    return _described(subscription) | {"secret": secret}


@blp.route("/bank/webhook", methods=["DELETE"])
@api_roles(Role.BANK_STAFF)
@answers(blp, 204, None, refuses=(401, 403, 404))
@blp.doc(**SECURED)
def remove_webhook() -> None:
    """Stop pushing to your bank (the pollable feed keeps every notification)."""
    try:
        _webhooks().unsubscribe(_bank())
    except NoWebhook:
        abort(404, message=NO_WEBHOOK)


@blp.route("/admin/bank-webhooks/failing", methods=["GET"])
@api_roles(Role.ADMIN)
@answers(blp, 200, FailingWebhooks, refuses=(401, 403))
@blp.doc(**SECURED)
def failing_webhooks() -> dict:
    """Every bank whose next delivery keeps failing: its URL, the endpoint's last answer, the next try."""
    return {"failing": deliveries.failing(platform().views)}
