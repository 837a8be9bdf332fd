"""A court sets its webhook with a signed request; the running platform pushes the court's feed to it, signed
with the secret the court was shown once."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from adapters.webhooks import verify
from tests.e2e import test_court_desk
from tests.e2e.api import eventually
from tests.e2e.test_bank_webhooks_api import BankEndpoint
from tests.e2e.test_court_seizures import GULOU_RULING, SEIZE, order_body

courts, court, registered = test_court_desk.courts, test_court_desk.court, test_court_desk.registered
GULOU, TAIJIANG = test_court_desk.GULOU, test_court_desk.TAIJIANG
HOOK = "/api/v1/court/webhook"
GULOU_HOOK = "https://enforcement.gulou-court.example/registry"


@pytest.fixture
def endpoint(app) -> Iterator[BankEndpoint]:
    """The court's receiver on 127.0.0.1 (development mode allows http to this machine)."""
    app.config["WEBHOOKS_ALLOW_LOOPBACK_HTTP"] = True
    served = BankEndpoint(200)
    yield served
    served.close()


def test_a_court_sets_its_webhook_and_sees_the_secret_only_once(court, platform):
    answer = court.put(GULOU, HOOK, {"url": GULOU_HOOK})
    assert answer.status_code == 200, answer.json
    secret = answer.json["secret"]
    assert answer.json["url"] == GULOU_HOOK and len(secret) >= 43

    moved = court.put(GULOU, HOOK, {"url": GULOU_HOOK + "/v2"})
    assert (moved.status_code, moved.json["secret"]) == (200, None)
    shown = court.get(GULOU, HOOK)
    assert shown["url"] == GULOU_HOOK + "/v2" and "secret" not in shown and shown["pending"] == 0
    assert platform.court_webhooks.subscription("gulou-court").secret == secret
    assert platform.webhooks.subscription("gulou-court") is None, "a court's webhook is not a bank's"


def test_an_unusable_url_is_a_422_on_the_url_field_and_nothing_is_stored(court, platform):
    refused = court.put(GULOU, HOOK, {"url": "http://10.1.2.3/registry"})
    assert refused.status_code == 422 and "url" in refused.json["errors"]
    assert platform.court_webhooks.subscription("gulou-court") is None


def test_the_running_platform_pushes_the_courts_feedback_to_its_webhook(client, registered, court, endpoint):
    secret = court.put(GULOU, HOOK, {"url": endpoint.url}).json["secret"]
    assert court.post(GULOU, SEIZE, order_body("GL-1")).status_code == 200

    assert eventually(lambda: court.get(GULOU, HOOK)["last_delivered_at"])
    [(headers, body)] = endpoint.received
    assert verify(secret, headers["x-registry-timestamp"], body, headers["x-registry-signature"])
    told = json.loads(body)
    assert (told["kind"], told["court"], told["request_id"]) == ("feedback", "gulou-court", "GL-1")
    assert told["payload"]["reference"] == GULOU_RULING and headers["x-registry-delivery"] == told["id"]
    assert court.get(GULOU, "/api/v1/court/feed")["items"][0]["id"] == told["id"], "the same entry as polled"
    assert court.get(TAIJIANG, "/api/v1/court/feed")["items"] == []
