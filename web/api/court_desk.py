"""The court's desk over the API: its requests with their feedback, its seizures by state, its auction cases,
the pollable feed of everything it is told, and the webhook that pushes that feed.

Every endpoint is signed like every court request (``court_signed`` right under ``blp.route``: GETs sign the
empty body, the path with its query string as sent). The court is the one the key belongs to, and every
read is filtered on it: another court's rows are never shown. Reads wait (bounded) until the views have
caught up with what was stored before the request, so a court reads its own writes. Webhook deliveries are
signed and retried as the banks' are: ``adapters/webhooks.py`` and ``adapters/webhook_delivery.py``.
"""

from __future__ import annotations

import time

from flask import g
from flask_smorest import abort
from marshmallow import fields, validate

from adapters import webhook_status
from adapters.webhooks import COURTS, NoWebhook, WebhookStore, WebhookUrlRefused
from projections import court_desk_queries as desk
from web.api.answers import answers
from web.api.answers.court_desk import (
    CourtCases,
    CourtFeed,
    CourtRequests,
    CourtSeizures,
    CourtWebhookRotated,
    CourtWebhookSecret,
    CourtWebhookStatus,
)
from web.api.bank_webhooks import WebhookUrlSchema, _allow_loopback_http
from web.api.mortgage_schemas import FeedQuery
from web.auth import platform
from web.court_auth import COURT_SIGNED, court_signed
from web.paging import PageArgsSchema, listing, page_request
from web.parsing import Blueprint

blp = Blueprint("court_desk", __name__, url_prefix="/api/v1",
                description="A court's desk: its requests, seizures, auction cases, feed and webhook (signed)")
NO_WEBHOOK = "this court has no webhook; set one with PUT /api/v1/court/webhook"


class RequestsQuery(PageArgsSchema):
    kzcs = fields.String(validate=validate.OneOf(("11", "12", "14", "15")))


class SeizuresQuery(PageArgsSchema):
    state = fields.String(validate=validate.OneOf(desk.SEIZURE_STATES))


def _court() -> str:
    return g.court.court


def _webhooks() -> WebhookStore:
    return platform().court_webhooks


@blp.route("/court/requests", methods=["GET"])
@court_signed
@blp.arguments(RequestsQuery, location="query")
@answers(blp, 200, CourtRequests, refuses=(400, 401, 422))
@blp.doc(**COURT_SIGNED)
def list_requests(args: dict) -> dict:
    """The court's requests, the latest received first, each with its feedback (null while a ruling is pending),
    one page at a time: ``{"requests": [...], "page", "per_page", "total", "pages", "next", "previous"}``."""
    platform().catch_up()
    return listing(desk.requests(platform().views, _court(), args.get("kzcs"), page_request(args)), "requests")


@blp.route("/court/seizures", methods=["GET"])
@court_signed
@blp.arguments(SeizuresQuery, location="query")
@answers(blp, 200, CourtSeizures, refuses=(400, 401, 422))
@blp.doc(**COURT_SIGNED)
def list_seizures(args: dict) -> dict:
    """The court's seizures (active / queued / released / lapsed), the latest served first, one page at a time."""
    platform().catch_up()
    return listing(desk.seizures(platform().views, _court(), args.get("state"), page_request(args)), "seizures")


@blp.route("/court/cases", methods=["GET"])
@court_signed
@blp.arguments(PageArgsSchema, location="query")
@answers(blp, 200, CourtCases, refuses=(400, 401, 422))
@blp.doc(**COURT_SIGNED)
def list_cases(args: dict) -> dict:
    """The court's auction cases (KZCS 15), the latest ruling first, one page at a time: ruling_received →
    awaiting_payment → taxes_paid → transferred / refused, with the buyer's new certificate number and the
    loans disbursed to the court."""
    platform().catch_up()
    return listing(desk.cases(platform().views, _court(), page_request(args)), "cases")


@blp.route("/court/feed", methods=["GET"])
@court_signed
@blp.arguments(FeedQuery, location="query")
@answers(blp, 200, CourtFeed, refuses=(400, 401, 422))
@blp.doc(**COURT_SIGNED)
def feed(args: dict) -> dict:
    """Everything the court is told, in order (the entries the webhook pushes): poll with ``after=next_after``,
    de-duplicate on ``id``. With ``wait=N`` an empty answer waits up to N seconds (long poll)."""
    p, started = platform(), time.monotonic()
    p.catch_up()  # read-your-writes: what the registry stored before this read
    items = p.long_poll(lambda: desk.feed(p.views, _court(), after=args["after"], limit=args["limit"]),
                        args["wait"], started)
    return {"items": items, "next_after": items[-1]["seq"] if items else args["after"]}


@blp.route("/court/webhook", methods=["PUT"])
@court_signed
@blp.arguments(WebhookUrlSchema)
@answers(blp, 200, CourtWebhookSecret, refuses=(400, 401, 422))
@blp.doc(**COURT_SIGNED)
def set_webhook(data: dict) -> dict:
    """Set the court's webhook URL (https). The first time, the answer holds the signing secret — shown this
    once; changing the URL later keeps the secret (``secret`` is null then)."""
    try:
        subscription, secret = _webhooks().subscribe(_court(), data["url"], platform().clock.now(),
                                                     allow_loopback_http=_allow_loopback_http())
    except WebhookUrlRefused as refused:
        abort(422, message="the webhook URL cannot be used", errors={"url": [str(refused)]})
    return {"url": subscription.url, "created_at": subscription.created_at, "secret": secret}


@blp.route("/court/webhook", methods=["GET"])
@court_signed
@answers(blp, 200, CourtWebhookStatus, refuses=(401, 404))
@blp.doc(**COURT_SIGNED)
def get_webhook() -> dict:
    """The court's webhook and how delivery goes (entries waiting, the last failure); never the secret."""
    subscription = _webhooks().subscription(_court())
    if subscription is None:
        abort(404, message=NO_WEBHOOK)
    return {"url": subscription.url, "created_at": subscription.created_at, "updated_at": subscription.updated_at,
            **webhook_status.status(platform().views, _court(), COURTS)}


@blp.route("/court/webhook/rotate", methods=["POST"])
@court_signed
@answers(blp, 200, CourtWebhookRotated, refuses=(401, 404))
@blp.doc(**COURT_SIGNED)
def rotate_secret() -> dict:
    """A new signing secret, shown once; deliveries are signed with it from the next attempt on."""
    try:
        return {"secret": _webhooks().rotate(_court(), platform().clock.now())}
    except NoWebhook:
        abort(404, message=NO_WEBHOOK)
