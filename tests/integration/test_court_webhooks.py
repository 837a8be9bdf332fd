"""Pushing a court's feed to its webhook, on both stores, with the same machinery as the banks' (one
implementation, parametrised by the kind of party): signed, retried with backoff on the injected clock,
at-least-once under one delivery id, in the court's order, each court only its own entries."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import date

import pytest
from eventsourcing.cryptography import AESCipher

from adapters.gateway_client import TransportError, TransportResponse
from adapters.webhook_delivery import WebhookDeliveries
from adapters.webhook_status import failing, status
from adapters.webhooks import BANKS, COURTS, WebhookStore
from registry.courts import orders as court_orders
from registry.register_book import commands as units
from tests.builders import GULOU_FLAT, ZHANG_WEI, unit_kwargs

GULOU, TAIJIANG = "gulou-court", "taijiang-court"
GULOU_RULING, TAIJIANG_RULING = "(2026)闽0102执123号", "(2026)闽0103执45号"
GULOU_HOOK, TAIJIANG_HOOK = "https://enforcement.gulou-court.example/registry", "https://zxj.taijiang.example/hook"


class FakeTransport:
    """The courts' endpoints: records every POST; ``fail(url, n)`` answers 503 to the next n, ``down(url)``
    refuses connections until ``up(url)``."""

    def __init__(self) -> None:
        self.sent: list[dict] = []
        self.failures: dict[str, int] = {}
        self.unreachable: set[str] = set()

    def fail(self, url: str, times: int) -> None:
        self.failures[url] = times

    def request(self, method, url, headers, body=None, timeout=10.0) -> TransportResponse:
        if url in self.unreachable:
            raise TransportError(f"{method} {url}: connection refused")
        self.sent.append({"url": url, "headers": dict(headers), "body": body})
        if self.failures.get(url, 0) > 0:
            self.failures[url] -= 1
            return TransportResponse(503, b"busy")
        return TransportResponse(200, b"ok")

    def to(self, url: str) -> list[dict]:
        return [s for s in self.sent if s["url"] == url]


@pytest.fixture
def court_webhooks(views, worker) -> WebhookStore:
    store = WebhookStore(views, AESCipher.create_key(32), party=COURTS)
    store.setup()
    return store


@pytest.fixture
def transport() -> FakeTransport:
    return FakeTransport()


@pytest.fixture
def deliveries(court_webhooks, clock, transport):
    loop = WebhookDeliveries(court_webhooks, clock, transport)
    yield loop
    loop.close()


def order(app, court: str, request_id: str, kzcs: str, ruling: str, **terms) -> court_orders.Feedback:
    """A court order as the signed endpoint passes it on (the signature is the web layer's)."""
    command = {"11": court_orders.seize, "12": court_orders.renew, "14": court_orders.release}[kzcs]
    request = court_orders.OrderRequest(
        request_id=request_id, executing_court="执行局", judge="陈法官", case_number=ruling,
        notice_name="协助执行通知书", ruling_number=ruling,
        subjects=[{"name": ZHANG_WEI.name, "id_type": "1", "id_number": ZHANG_WEI.id_number}],
        unit_number=GULOU_FLAT, **terms)
    name = {GULOU: "福州市鼓楼区人民法院", TAIJIANG: "福州市台江区人民法院"}[court]
    return command(app, court=court, court_name=name, request=request,
                   request_sha256=hashlib.sha256(request_id.encode()).hexdigest())


@pytest.fixture
def seized(app, worker, registrar):
    """Gulou seizes the flat and renews; both feedbacks are in its feed."""
    units.register_unit(app, registrar, **unit_kwargs())
    order(app, GULOU, "GL-1", "11", GULOU_RULING, start=date(2026, 3, 16), end=date(2027, 3, 15))
    order(app, GULOU, "GL-2", "12", GULOU_RULING, end=date(2027, 9, 15), seizure_reference=GULOU_RULING)
    worker.run_once()


def their_signature(secret: str, timestamp: str, body: bytes) -> str:
    """How a court checks a delivery, written out from the documented scheme."""
    return "v1=" + hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def test_the_court_feed_is_pushed_signed_and_retried_after_a_failure_then_delivered_once(
        views, seized, court_webhooks, deliveries, transport, clock):
    _, secret = court_webhooks.subscribe(GULOU, GULOU_HOOK, clock.now())
    transport.fail(GULOU_HOOK, 1)

    assert deliveries.run_once() == 1, "the first entry failed: the second waits behind it"
    assert status(views, GULOU, COURTS) | {"next_attempt_at": None} == {
        "pending": 2, "failing": True, "last_delivered_at": None, "attempts": 1, "next_attempt_at": None,
        "last_status": 503, "last_error": "the endpoint answered 503"}
    [report] = failing(views, COURTS)
    assert (report["court"], report["url"], report["attempts"], report["waiting"]) == (GULOU, GULOU_HOOK, 1, 2)
    clock.advance(seconds=9)
    assert deliveries.run_once() == 0, "not before the 10 s backoff"
    clock.advance(seconds=1)
    assert deliveries.run_once() == 2
    assert deliveries.run_once() == 0, "delivered is delivered"

    sent = transport.to(GULOU_HOOK)
    first, again, second = (json.loads(s["body"]) for s in sent)
    assert first == again and sent[0]["body"] == sent[1]["body"], "the retry carries the same body"
    assert [s["headers"]["X-Registry-Delivery"] for s in sent] == [first["id"], first["id"], second["id"]]
    assert (first["seq"], first["kind"], first["court"], first["request_id"], first["unit_number"]) == \
        (1, "feedback", GULOU, "GL-1", GULOU_FLAT)
    assert first["payload"]["result"] == "1" and first["payload"]["reference"] == GULOU_RULING
    assert (second["seq"], second["request_id"], second["payload"]["end"]) == (2, "GL-2", "2027-09-15")
    assert set(first) == {"id", "seq", "kind", "court", "request_id", "case_id", "unit_number", "payload", "at"}
    for request in sent:
        headers = request["headers"]
        assert headers["X-Registry-Signature"] == their_signature(secret, headers["X-Registry-Timestamp"],
                                                                   request["body"])
    assert status(views, GULOU, COURTS)["pending"] == 0


def test_each_court_is_pushed_only_its_own_entries_in_its_own_order(
        app, worker, seized, court_webhooks, deliveries, transport, clock):
    court_webhooks.subscribe(GULOU, GULOU_HOOK, clock.now())
    court_webhooks.subscribe(TAIJIANG, TAIJIANG_HOOK, clock.now())
    transport.unreachable.add(GULOU_HOOK)  # Gulou's endpoint is down: Taijiang is served all the same
    order(app, TAIJIANG, "TJ-1", "11", TAIJIANG_RULING, start=date(2026, 3, 16), end=date(2027, 3, 15))
    order(app, GULOU, "GL-3", "14", GULOU_RULING, seizure_reference=GULOU_RULING)
    worker.run_once()

    deliveries.run_once()
    told = [json.loads(s["body"]) for s in transport.to(TAIJIANG_HOOK)]
    assert [(t["seq"], t["kind"], t["court"]) for t in told] == [(1, "feedback", TAIJIANG),
                                                                (2, "seizure_activated", TAIJIANG)]
    assert told[1]["payload"]["after"] == GULOU_RULING
    assert transport.to(GULOU_HOOK) == []
    transport.unreachable.clear()
    clock.advance(seconds=10)
    deliveries.run_once()
    assert [json.loads(s["body"])["request_id"] for s in transport.to(GULOU_HOOK)] == ["GL-1", "GL-2", "GL-3"]


def test_a_banks_subscription_is_not_a_courts(views, seized, court_webhooks, deliveries, transport, clock):
    banks = WebhookStore(views, AESCipher.create_key(32), party=BANKS)
    banks.setup()
    banks.subscribe(GULOU, "https://hooks.icbc.example/registry", clock.now())  # the same id, another kind
    assert court_webhooks.subscription(GULOU) is None
    assert deliveries.run_once() == 0 and transport.sent == []
