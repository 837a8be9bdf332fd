"""The sandbox payment gateway end to end: its API and hosted page (a blueprint on a small Flask app of
our own), the callback outbox, and the platform-side client that implements the payments port.

A fake merchant endpoint on the same app records every callback and answers with scripted statuses.
Time is the injected clock; the only real waiting is ``deliveries.drain`` on the outbox thread.
Each test runs on SQLite and on PostgreSQL (the ``views`` fixture).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask, Response, request
from werkzeug.serving import make_server

from adapters.gateway_client import HttpTransport, SandboxGatewayClient, Transport, WsgiTransport
from adapters.sandbox_gateway import SandboxGateway, SandboxMerchant, load_sandbox_merchant
from registry.payments.gateway_port import (
    Callback,
    ForgedCallback,
    GatewayRejected,
    MalformedCallback,
    OrderConflict,
    PaymentGateway,
    PaymentStatus,
    StaleCallback,
    UnknownOrder,
)
from web.sandbox import init_sandbox

MERCHANT = SandboxMerchant(merchant_id="registry-platform", name="福州市不动产登记中心",
                           api_key="sk_sandbox_test_0123456789", webhook_secret="whsec_test_abcdefghijklmnop")
HOST = "http://localhost"
TOTAL = Decimal("20080.00")  # deed tax 20000.00 + registration fee 80.00


@dataclass
class FakeMerchant:
    """The merchant's notify endpoint: records what arrives, answers the scripted statuses, then 200."""

    answers: list[int] = field(default_factory=list)
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    arrived: threading.Event = field(default_factory=threading.Event)

    def notify(self) -> Response:
        with self.lock:
            self.received.append((dict(request.headers.items()), request.get_data()))
            status = self.answers.pop(0) if self.answers else 200
        self.arrived.set()
        return Response("ok" if status < 300 else "try later", status=status)

    def event_ids(self) -> list[str]:
        return [headers["X-Sandbox-Event-Id"] for headers, _ in self.received]


@dataclass
class World:
    app: Flask
    sandbox: SandboxGateway
    gateway: SandboxGatewayClient
    merchant: FakeMerchant
    clock: object
    host: str = HOST

    def create(self, order_id: str = "ORD-2026-0001", amount: Decimal = TOTAL, **overrides):
        kwargs = {"currency": "CNY", "description": "契税及登记费 / deed tax and registration fee",
                  "return_url": f"{self.host}/merchant/return?from=sandbox",
                  "notify_url": f"{self.host}/merchant/notify"} | overrides
        return self.gateway.create_payment(order_id, amount, **kwargs)

    def callbacks(self) -> list[Callback]:
        return [self.gateway.parse_callback(h, b, self.clock.now()) for h, b in self.merchant.received]


def build_app(views, clock, merchant: FakeMerchant, *, host: str = HOST, transport: Transport | None = None,
              **sandbox_options) -> tuple[Flask, SandboxGateway]:
    app = Flask("web")  # the web package's root: its static/site.css and templates/
    app.config.update(TESTING=True, SECRET_KEY="not-the-sandbox-key")
    options = {"page_secret": "p" * 64, "backoff": 0.01, "max_backoff": 0.05} | sandbox_options
    sandbox = SandboxGateway(views, [MERCHANT], clock=clock, base_url=f"{host}/sandbox-gateway",
                             transport=transport or WsgiTransport(app), **options)
    sandbox.setup()
    init_sandbox(app, sandbox)
    app.add_url_rule("/merchant/notify", "notify", merchant.notify, methods=["POST"])
    app.add_url_rule("/merchant/return", "returned", lambda: "back at the merchant")
    return app, sandbox


def client_for(app: Flask, host: str = HOST, transport: Transport | None = None) -> SandboxGatewayClient:
    return SandboxGatewayClient(f"{host}/sandbox-gateway", MERCHANT.api_key,
                                {MERCHANT.webhook_key_id: MERCHANT.webhook_secret}, transport or WsgiTransport(app))


@pytest.fixture
def world(views, clock) -> Iterator[World]:
    merchant = FakeMerchant()
    app, sandbox = build_app(views, clock, merchant)
    yield World(app, sandbox, client_for(app), merchant, clock)
    sandbox.close()


def open_page(buyer, redirect_url: str):
    page = buyer.get(urlsplit(redirect_url).path)
    token = re.search(r'name="token" value="([^"]+)"', page.get_data(as_text=True))
    return page, token.group(1) if token else ""


def press(buyer, redirect_url: str, action: str = "pay"):
    _, token = open_page(buyer, redirect_url)
    return buyer.post(urlsplit(redirect_url).path, data={"token": token, "action": action})


def sign(secret: str, timestamp: str, event_id: str, body: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.{event_id}.".encode() + body, hashlib.sha256).hexdigest()


@pytest.fixture
def paid(world: World) -> tuple[dict[str, str], bytes]:
    """One paid order whose callback arrived; returns that callback's headers and body."""
    redirect = world.create()
    press(world.app.test_client(), redirect.redirect_url)
    assert world.sandbox.deliveries.drain(5)
    (headers, body), = world.merchant.received
    return headers, body


# -- the happy path -------------------------------------------------------------------------------
def test_the_client_implements_the_payments_port(world):
    assert isinstance(world.gateway, PaymentGateway)


def test_paying_on_the_hosted_page_redirects_the_buyer_and_delivers_a_signed_callback(world):
    redirect = world.create()
    assert redirect.payment_id.startswith("sbp_") and redirect.status is PaymentStatus.CREATED
    assert redirect.redirect_url == f"{HOST}/sandbox-gateway/pay/{redirect.payment_id}"
    buyer = world.app.test_client()

    page, token = open_page(buyer, redirect.redirect_url)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and token
    assert "福州市不动产登记中心" in html and "20080.00 CNY" in html and "契税及登记费" in html
    assert "确认支付 / Pay" in html and "取消 / Cancel" in html
    assert "<script" not in html and "style=" not in html and "<style" not in html
    assert "script-src 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Frame-Options"] == "DENY"

    answer = buyer.post(urlsplit(redirect.redirect_url).path, data={"token": token, "action": "pay"})
    assert answer.status_code == 303
    back = urlsplit(answer.headers["Location"])
    assert back.path == "/merchant/return"
    assert parse_qs(back.query) == {"from": ["sandbox"], "order_id": ["ORD-2026-0001"]}

    assert world.sandbox.deliveries.drain(5)
    (headers, body), = world.merchant.received
    for name in ("X-Sandbox-Key-Id", "X-Sandbox-Timestamp", "X-Sandbox-Event-Id", "X-Sandbox-Signature"):
        assert headers[name]
    callback = world.gateway.parse_callback(headers, body, world.clock.now())
    assert callback.status is PaymentStatus.PAID
    assert callback.order_id == "ORD-2026-0001" and callback.payment_id == redirect.payment_id
    assert callback.amount == TOTAL and callback.currency == "CNY"
    assert callback.paid_at == world.clock.now()
    assert callback.event_id == headers["X-Sandbox-Event-Id"] and callback.sequence == 2


def test_payment_is_delivered_only_after_the_buyer_pays(world):
    world.create()
    assert world.sandbox.deliveries.drain(5)
    assert world.merchant.received == []


def test_status_query_says_paid_with_the_amount(world):
    redirect = world.create()
    before = world.gateway.query("ORD-2026-0001")
    assert before.status is PaymentStatus.CREATED and before.paid_at is None
    assert before.expires_at == world.clock.now() + timedelta(minutes=30)
    world.clock.advance(minutes=3)
    press(world.app.test_client(), redirect.redirect_url)
    status = world.gateway.query("ORD-2026-0001")
    assert status.status is PaymentStatus.PAID and status.amount == TOTAL and status.currency == "CNY"
    assert status.paid_at == world.clock.now() and status.payment_id == redirect.payment_id


def test_querying_an_unknown_order_is_unknown_order(world):
    with pytest.raises(UnknownOrder):
        world.gateway.query("ORD-NEVER")


def test_cancelling_on_the_hosted_page_sends_a_cancelled_callback(world):
    redirect = world.create()
    answer = press(world.app.test_client(), redirect.redirect_url, action="cancel")
    assert answer.status_code == 303 and "order_id=ORD-2026-0001" in answer.headers["Location"]
    assert world.sandbox.deliveries.drain(5)
    callback, = world.callbacks()
    assert callback.status is PaymentStatus.CANCELLED and callback.paid_at is None
    assert world.gateway.query("ORD-2026-0001").status is PaymentStatus.CANCELLED


def test_paying_twice_charges_once(world):
    redirect = world.create()
    buyer = world.app.test_client()
    _, token = open_page(buyer, redirect.redirect_url)
    path = urlsplit(redirect.redirect_url).path
    assert buyer.post(path, data={"token": token, "action": "pay"}).status_code == 303
    again = buyer.post(path, data={"token": token, "action": "pay"})
    assert again.status_code == 409 and "already paid" in again.get_data(as_text=True)
    assert world.sandbox.deliveries.drain(5)
    assert [c.status for c in world.callbacks()] == [PaymentStatus.PAID]


def test_the_hosted_page_refuses_a_post_without_its_token(world):
    redirect = world.create()
    path = urlsplit(redirect.redirect_url).path
    stranger = world.app.test_client()
    assert stranger.post(path, data={"action": "pay"}).status_code == 400
    _, token = open_page(world.app.test_client(), redirect.redirect_url)  # a token from another browser
    assert stranger.post(path, data={"token": token, "action": "pay"}).status_code == 400
    assert world.gateway.query("ORD-2026-0001").status is PaymentStatus.CREATED


def test_an_unknown_payment_page_is_404(world):
    assert world.app.test_client().get("/sandbox-gateway/pay/sbp_nope").status_code == 404


# -- callback verification -----------------------------------------------------------------------
def test_a_tampered_body_is_a_forged_callback(world, paid):
    headers, body = paid
    with pytest.raises(ForgedCallback):
        world.gateway.parse_callback(headers, body.replace(b"20080.00", b"2.00"), world.clock.now())


def test_a_wrong_signature_is_a_forged_callback(world, paid):
    headers, body = paid
    wrong = headers | {"X-Sandbox-Signature": sign("whsec_guess", headers["X-Sandbox-Timestamp"],
                                                   headers["X-Sandbox-Event-Id"], body)}
    with pytest.raises(ForgedCallback):
        world.gateway.parse_callback(wrong, body, world.clock.now())
    unsigned = {k: v for k, v in headers.items() if k != "X-Sandbox-Signature"}
    with pytest.raises(ForgedCallback):
        world.gateway.parse_callback(unsigned, body, world.clock.now())


def test_a_replayed_signature_under_another_event_id_is_forged(world, paid):
    headers, body = paid
    with pytest.raises(ForgedCallback):
        world.gateway.parse_callback(headers | {"X-Sandbox-Event-Id": "evt_other"}, body, world.clock.now())


def test_an_unknown_key_id_is_a_forged_callback(world, paid):
    headers, body = paid
    with pytest.raises(ForgedCallback):
        world.gateway.parse_callback(headers | {"X-Sandbox-Key-Id": "whk_retired"}, body, world.clock.now())
    with pytest.raises(ForgedCallback):
        world.gateway.parse_callback({k: v for k, v in headers.items() if k != "X-Sandbox-Key-Id"}, body,
                                     world.clock.now())


def test_an_old_timestamp_is_a_stale_callback(world, paid):
    headers, body = paid
    assert world.gateway.parse_callback(headers, body, world.clock.now() + timedelta(minutes=4, seconds=59))
    with pytest.raises(StaleCallback):
        world.gateway.parse_callback(headers, body, world.clock.now() + timedelta(minutes=5, seconds=1))
    with pytest.raises(StaleCallback):
        world.gateway.parse_callback(headers, body, world.clock.now() - timedelta(minutes=6))


def test_headers_are_matched_regardless_of_case(world, paid):
    headers, body = paid
    lowered = {k.lower(): v for k, v in headers.items()}
    assert world.gateway.parse_callback(lowered, body, world.clock.now()).status is PaymentStatus.PAID


def test_a_correctly_signed_body_that_is_not_an_event_is_malformed(world, paid):
    headers, _ = paid
    timestamp, event_id = headers["X-Sandbox-Timestamp"], headers["X-Sandbox-Event-Id"]
    for body in (b"not json", b"[]", json.dumps({"event_id": event_id, "amount": 20080.0}).encode(),
                 json.dumps({"event_id": "evt_someone_else"}).encode()):
        signed = headers | {"X-Sandbox-Signature": sign(MERCHANT.webhook_secret, timestamp, event_id, body)}
        with pytest.raises(MalformedCallback):
            world.gateway.parse_callback(signed, body, world.clock.now())
    with pytest.raises(MalformedCallback):
        world.gateway.parse_callback(headers | {"X-Sandbox-Timestamp": "yesterday"}, b"{}", world.clock.now())


# -- delivery ------------------------------------------------------------------------------------
def test_the_merchant_answering_500_twice_then_200_gets_three_deliveries_with_the_same_event_id(world):
    world.merchant.answers = [500, 500, 200]
    press(world.app.test_client(), world.create().redirect_url)
    assert world.sandbox.deliveries.drain(5)
    ids = world.merchant.event_ids()
    assert len(ids) == 3 and len(set(ids)) == 1
    assert len({body for _, body in world.merchant.received}) == 1  # the very same body every time
    assert all(c.status is PaymentStatus.PAID for c in world.callbacks())
    event, = world.sandbox.events(world.gateway.query("ORD-2026-0001").payment_id)
    assert (event["event_id"], event["state"], event["attempts"], event["last_status"]) == (ids[0], "delivered", 3, 200)


def test_delivery_gives_up_after_the_attempt_cap(views, clock):
    merchant = FakeMerchant(answers=[503] * 20)
    app, sandbox = build_app(views, clock, merchant, max_attempts=4)
    try:
        press(app.test_client(), client_for(app).create_payment(
            "ORD-DOWN", TOTAL, "CNY", "fees", f"{HOST}/merchant/return", f"{HOST}/merchant/notify").redirect_url)
        assert sandbox.deliveries.drain(5)
        assert len(merchant.received) == 4
        event, = sandbox.events(client_for(app).query("ORD-DOWN").payment_id)
        assert (event["state"], event["attempts"], event["last_status"]) == ("failed", 4, 503)
        merchant.answers = []
        sandbox.deliveries.redeliver(event["event_id"])
        assert sandbox.deliveries.drain(5)
        assert len(merchant.received) == 5 and sandbox.events(event["payment_id"])[0]["state"] == "delivered"
    finally:
        sandbox.close()


def test_backoff_doubles_up_to_its_cap(world):
    deliveries = world.sandbox.deliveries
    assert [deliveries.delay_after(n) for n in (1, 2, 3, 4)] == [0.01, 0.02, 0.04, 0.05]


def test_undelivered_callbacks_survive_a_restart(views, clock):
    down = FakeMerchant(answers=[500] * 20)
    app, sandbox = build_app(views, clock, down, max_attempts=8, backoff=30.0, max_backoff=30.0)
    press(app.test_client(), client_for(app).create_payment(
        "ORD-RESTART", TOTAL, "CNY", "fees", f"{HOST}/merchant/return", f"{HOST}/merchant/notify").redirect_url)
    assert down.arrived.wait(5)
    sandbox.close()  # the process stops with the callback still pending
    assert len(down.received) == 1

    up = FakeMerchant()
    app2, restarted = build_app(views, clock, up)
    try:
        assert restarted.deliveries.resume() == 1
        assert restarted.deliveries.drain(5)
        assert up.event_ids() == down.event_ids()
        assert client_for(app2).query("ORD-RESTART").status is PaymentStatus.PAID
    finally:
        restarted.close()


# -- refunds -------------------------------------------------------------------------------------
def test_refund_sends_a_refunded_callback(world):
    redirect = world.create()
    press(world.app.test_client(), redirect.redirect_url)
    world.clock.advance(days=2)
    refund = world.gateway.refund("ORD-2026-0001", TOTAL, "过户申请被退回 / transfer withdrawn")
    assert refund.amount == TOTAL and refund.payment_id == redirect.payment_id
    assert refund.refunded_at == world.clock.now() and refund.refund_id.startswith("sbr_")
    assert world.sandbox.deliveries.drain(5)
    paid, refunded = sorted(world.callbacks(), key=lambda c: c.sequence)
    assert (paid.status, refunded.status) == (PaymentStatus.PAID, PaymentStatus.REFUNDED)
    assert refunded.sequence == paid.sequence + 1 and refunded.amount == TOTAL
    assert refunded.refunded_at == world.clock.now() and refunded.paid_at == paid.paid_at
    assert world.gateway.query("ORD-2026-0001").status is PaymentStatus.REFUNDED
    assert world.gateway.refund("ORD-2026-0001", TOTAL, "retry").refund_id == refund.refund_id  # idempotent
    assert world.sandbox.deliveries.drain(5) and len(world.merchant.received) == 2


def test_only_a_paid_payment_is_refunded_and_only_in_full(world):
    world.create()
    with pytest.raises(OrderConflict) as unpaid:
        world.gateway.refund("ORD-2026-0001", TOTAL, "too early")
    assert unpaid.value.code == "payment_not_refundable"
    with pytest.raises(GatewayRejected) as partial:
        world.gateway.refund("ORD-2026-0001", Decimal("80.00"), "fee only")
    assert partial.value.code == "refund_must_be_full_amount"
    with pytest.raises(UnknownOrder):
        world.gateway.refund("ORD-NEVER", TOTAL, "?")


# -- expiry --------------------------------------------------------------------------------------
def test_an_expired_intent_cannot_be_paid(world):
    redirect = world.create()
    buyer = world.app.test_client()
    _, token = open_page(buyer, redirect.redirect_url)
    world.clock.advance(minutes=30)
    answer = buyer.post(urlsplit(redirect.redirect_url).path, data={"token": token, "action": "pay"})
    assert answer.status_code == 410
    assert "expired" in answer.get_data(as_text=True) and "确认支付" not in answer.get_data(as_text=True)
    status = world.gateway.query("ORD-2026-0001")
    assert status.status is PaymentStatus.EXPIRED and status.paid_at is None
    assert world.sandbox.deliveries.drain(5)
    assert [c.status for c in world.callbacks()] == [PaymentStatus.EXPIRED]


def test_an_intent_is_payable_until_its_last_second(world):
    redirect = world.create()
    world.clock.advance(minutes=29, seconds=59)
    assert press(world.app.test_client(), redirect.redirect_url).status_code == 303


def test_expire_due_closes_forgotten_intents(world):
    world.create("ORD-A")
    world.clock.advance(minutes=10)
    world.create("ORD-B")
    world.clock.advance(minutes=25)
    assert world.sandbox.expire_due() == 1
    assert world.gateway.query("ORD-B").status is PaymentStatus.CREATED


# -- idempotency and amounts -------------------------------------------------------------------
def test_creating_the_same_order_twice_returns_the_same_payment(world):
    first = world.create()
    assert world.create().payment_id == first.payment_id


def test_creating_the_same_order_twice_with_another_amount_is_refused(world):
    world.create()
    with pytest.raises(OrderConflict) as refused:
        world.create(amount=Decimal("20000.00"))
    assert refused.value.code == "order_amount_mismatch" and refused.value.status == 409
    assert world.gateway.query("ORD-2026-0001").amount == TOTAL


def test_amounts_are_exact_decimals_end_to_end(world):
    api = world.app.test_client()
    auth = {"Authorization": f"Bearer {MERCHANT.api_key}"}
    redirect = world.create(amount=Decimal("20080"))
    raw = json.loads(api.get("/sandbox-gateway/api/payments/ORD-2026-0001", headers=auth).get_data())
    assert raw["amount"] == "20080.00"  # a string on the wire, two places
    page, _ = open_page(world.app.test_client(), redirect.redirect_url)
    assert "20080.00 CNY" in page.get_data(as_text=True)
    press(world.app.test_client(), redirect.redirect_url)
    assert world.sandbox.deliveries.drain(5)
    (_, body), = world.merchant.received
    assert json.loads(body)["amount"] == "20080.00"
    callback, = world.callbacks()
    assert callback.amount == Decimal("20080.00") and callback.amount.as_tuple().exponent == -2
    world.create("ORD-CENTS", Decimal("0.30"))
    assert world.gateway.query("ORD-CENTS").amount == Decimal("0.10") + Decimal("0.20")


def test_floats_and_fractions_of_a_cent_are_refused(world):
    with pytest.raises(TypeError):
        world.create(amount=20080.0)
    with pytest.raises(ValueError):
        world.create(amount=Decimal("20080.001"))
    api = world.app.test_client()
    auth = {"Authorization": f"Bearer {MERCHANT.api_key}"}
    body = {"order_id": "ORD-F", "currency": "CNY", "description": "fees", "return_url": f"{HOST}/r",
            "notify_url": f"{HOST}/n"}
    for amount in (20080.0, 20080, "20080.001", "-1.00", "0", "1e3", None):
        answer = api.post("/sandbox-gateway/api/payments", json=body | {"amount": amount}, headers=auth)
        assert answer.status_code == 422 and answer.get_json()["errors"]["amount"], amount


# -- the merchant API ------------------------------------------------------------------------------
def test_the_api_needs_the_merchant_key(world):
    api = world.app.test_client()
    assert api.get("/sandbox-gateway/api/payments/ORD-1").status_code == 401
    wrong = api.get("/sandbox-gateway/api/payments/ORD-1", headers={"Authorization": "Bearer sk_guess"})
    assert wrong.status_code == 401 and wrong.get_json()["code"] == "unauthorised"
    stranger = SandboxGatewayClient(f"{HOST}/sandbox-gateway", "sk_guess", {"k": "s"}, WsgiTransport(world.app))
    with pytest.raises(GatewayRejected) as refused:
        stranger.query("ORD-1")
    assert refused.value.status == 401


def test_the_api_checks_what_it_is_given(world):
    api = world.app.test_client()
    auth = {"Authorization": f"Bearer {MERCHANT.api_key}"}
    good = {"order_id": "ORD-V", "amount": "1.00", "currency": "CNY", "description": "fees",
            "return_url": f"{HOST}/r", "notify_url": f"{HOST}/n"}
    for bad in ({"currency": "USD"}, {"order_id": "../etc"}, {"description": ""}, {"notify_url": "ftp://x/y"},
                {"return_url": "/relative"}, {"notify_url": "http://user:pw@host/n"}):
        answer = api.post("/sandbox-gateway/api/payments", json=good | bad, headers=auth)
        assert answer.status_code == 422, bad
        assert list(answer.get_json()["errors"]) == [next(iter(bad))]
    assert api.post("/sandbox-gateway/api/payments", data="{", headers=auth,
                    content_type="application/json").status_code == 400
    assert api.post("/sandbox-gateway/api/payments", data="x", headers=auth).status_code == 415
    assert api.post("/sandbox-gateway/api/payments", json=good, headers=auth).status_code == 201
    assert api.post("/sandbox-gateway/api/payments", json=good, headers=auth).status_code == 200


def test_keys_are_generated_owner_only_into_the_instance_folder(tmp_path):
    merchant = load_sandbox_merchant(tmp_path, name="福州市不动产登记中心")
    assert merchant.api_key.startswith("sk_sandbox_") and merchant.webhook_secret.startswith("whsec_")
    for name in ("sandbox-api.key", "sandbox-webhook.key"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o600
    assert load_sandbox_merchant(tmp_path, name="x") == SandboxMerchant(
        merchant.merchant_id, "x", merchant.api_key, merchant.webhook_secret)
    configured = load_sandbox_merchant(tmp_path, name="x", api_key="sk_set", webhook_secret="whsec_set")
    assert (configured.api_key, configured.webhook_secret) == ("sk_set", "whsec_set")
    assert configured.webhook_key_id != merchant.webhook_key_id
    assert merchant.api_key not in repr(merchant) and merchant.webhook_secret not in repr(merchant)


def test_the_platform_can_call_the_gateway_while_serving_a_request(world):
    """The embedded wiring: a platform view calls the in-process gateway through the same WSGI app."""

    def checkout() -> Response:
        redirect = world.create("ORD-NESTED")
        return Response(status=303, headers={"Location": redirect.redirect_url})

    world.app.add_url_rule("/checkout", "checkout", checkout, methods=["POST"])
    buyer = world.app.test_client()
    to_gateway = buyer.post("/checkout")
    assert to_gateway.status_code == 303
    assert press(buyer, to_gateway.headers["Location"]).status_code == 303
    assert world.sandbox.deliveries.drain(5)
    assert [c.order_id for c in world.callbacks()] == ["ORD-NESTED"]


# -- over real HTTP -------------------------------------------------------------------------------
def test_the_whole_flow_over_http(views, clock):
    merchant = FakeMerchant()
    served: dict[str, Flask] = {}
    server = make_server("127.0.0.1", 0, lambda environ, start: served["app"](environ, start), threaded=True)
    host = f"http://127.0.0.1:{server.server_port}"
    app, sandbox = build_app(views, clock, merchant, host=host, transport=HttpTransport())
    served["app"] = app
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        gateway = client_for(app, host, HttpTransport())
        redirect = World(app, sandbox, gateway, merchant, clock, host).create()
        assert redirect.redirect_url.startswith(f"{host}/sandbox-gateway/pay/")
        assert press(app.test_client(), redirect.redirect_url).status_code == 303
        assert sandbox.deliveries.drain(5)
        (headers, body), = merchant.received
        assert gateway.parse_callback(headers, body, clock.now()).amount == TOTAL
        assert gateway.query("ORD-2026-0001").status is PaymentStatus.PAID
    finally:
        server.shutdown()
        sandbox.close()
