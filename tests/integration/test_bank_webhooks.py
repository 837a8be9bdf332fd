"""Pushing banks' notifications to their webhooks, on both stores, through real HTTP to a receiver on
127.0.0.1: signed, retried with backoff on the injected clock, at-least-once under one delivery id."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import socket
import threading
import uuid
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, wait
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from eventsourcing.cryptography import AESCipher

from adapters.gateway_client import HttpTransport
from adapters.webhook_delivery import WebhookDeliveries
from adapters.webhook_status import failing, status
from adapters.webhooks import (
    SecretSealer,
    WebhookStore,
    WebhookUrlRefused,
    check_url,
    verify,
)
from tests.builders import GULOU_FLAT, TAIJIANG_FLAT

ICBC, CCB = "icbc-fz", "ccb-fz"
FEED_DDL = ["""CREATE TABLE IF NOT EXISTS view_bank_notification (id TEXT PRIMARY KEY, seq INTEGER NOT NULL,
               bank TEXT NOT NULL, kind TEXT NOT NULL, filing_id TEXT, unit_number TEXT, payload TEXT NOT NULL,
               at TEXT NOT NULL)""",
            "CREATE UNIQUE INDEX IF NOT EXISTS view_bank_notification_feed ON view_bank_notification (bank, seq)"]
PROOF = "闽(2026)福州市不动产证明第0000042号"


# -- a bank's endpoint -----------------------------------------------------------------------------
class Receiver:
    """An HTTP server on 127.0.0.1 standing in for the banks' endpoints, one path per bank. Answers 200
    unless told otherwise: ``fail(path, n)`` answers 500 to the next n requests, ``hold(path)`` keeps
    requests waiting until ``release(path)``."""

    def __init__(self) -> None:
        self.requests: dict[str, list[dict]] = defaultdict(list)
        self.failures: dict[str, int] = defaultdict(int)
        self.gates: dict[str, threading.Event] = {}
        self.arrived: dict[str, threading.Event] = defaultdict(threading.Event)
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver._lock:
                    receiver.requests[self.path].append(
                        {"headers": {k.lower(): v for k, v in self.headers.items()}, "body": body})
                    answer = 500 if receiver.failures[self.path] > 0 else 200
                    receiver.failures[self.path] -= 1
                    gate = receiver.gates.get(self.path)
                receiver.arrived[self.path].set()
                if gate is not None:
                    gate.wait(10)
                self.send_response(answer)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def fail(self, path: str, times: int) -> None:
        self.failures[path] = times

    def hold(self, path: str) -> None:
        self.gates[path] = threading.Event()

    def release(self, path: str) -> None:
        self.gates.pop(path).set()

    def close(self) -> None:
        for gate in self.gates.values():
            gate.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def cipher_key() -> str:
    return AESCipher.create_key(32)


@pytest.fixture
def webhooks(views, cipher_key) -> WebhookStore:
    store = WebhookStore(views, cipher_key, allow_loopback_http=True)
    store.setup()
    with views.transaction() as tx:  # the bank desk's feed, as the contract defines it
        for statement in FEED_DDL:
            tx.execute(statement)
    return store


@pytest.fixture
def deliveries(webhooks, clock) -> Iterator[WebhookDeliveries]:
    loop = WebhookDeliveries(webhooks, clock, HttpTransport())
    yield loop
    loop.close()


def notify(views, bank: str, seq: int, kind: str = "proof_issued", unit_number: str = GULOU_FLAT) -> str:
    """A row of the bank's feed, as the bank desk writes it."""
    notification_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"test:{bank}:{seq}"))
    payload = {"proof_number": PROOF, "mortgage_id": f"m-{seq}", "amount": "1200000.00"}
    with views.transaction() as tx:
        tx.execute("INSERT INTO view_bank_notification (id, seq, bank, kind, filing_id, unit_number, payload, at) "
                   "VALUES (:id, :seq, :bank, :kind, :filing_id, :unit_number, :payload, :at)",
                   {"id": notification_id, "seq": seq, "bank": bank, "kind": kind, "filing_id": f"filing-{seq}",
                    "unit_number": unit_number,
                    "payload": json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                    "at": datetime(2026, 3, 16, 1, 30, seq, tzinfo=UTC).isoformat(timespec="microseconds")})
    return notification_id


def their_signature(secret: str, timestamp: str, body: bytes) -> str:
    """How a bank checks a delivery, written out from the documented scheme (not with our helper)."""
    return "v1=" + hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def delivery_row(views, notification_id: str) -> dict:
    with views.read() as tx:
        return tx.one("SELECT * FROM bank_webhook_delivery WHERE notification_id = :notification_id",
                      {"notification_id": notification_id})


# -- retries and de-duplication --------------------------------------------------------------------
def test_a_failing_endpoint_gets_the_same_signed_delivery_again_after_10_then_20_seconds(
        views, webhooks, deliveries, receiver, clock):
    subscription, secret = webhooks.subscribe(ICBC, receiver.url("/icbc"), clock.now())
    receiver.fail("/icbc", 2)
    notification = notify(views, ICBC, 1)
    first_try = clock.now()

    assert deliveries.run_once() == 1
    assert len(receiver.requests["/icbc"]) == 1
    row = delivery_row(views, notification)
    assert (row["attempts"], row["last_status"], row["delivered_at"]) == (1, 500, None)
    assert datetime.fromisoformat(row["next_attempt_at"]) == first_try + timedelta(seconds=10)

    clock.advance(seconds=9)
    assert deliveries.run_once() == 0, "not before next_attempt_at"
    assert len(receiver.requests["/icbc"]) == 1

    clock.advance(seconds=1)
    assert deliveries.run_once() == 1
    assert len(receiver.requests["/icbc"]) == 2
    assert datetime.fromisoformat(delivery_row(views, notification)["next_attempt_at"]) == \
        clock.now() + timedelta(seconds=20)

    clock.advance(seconds=19)
    assert deliveries.run_once() == 0
    clock.advance(seconds=1)
    assert deliveries.run_once() == 1
    row = delivery_row(views, notification)
    assert (row["attempts"], row["last_status"], row["last_error"]) == (3, 200, None)
    assert datetime.fromisoformat(row["delivered_at"]) == clock.now()

    seen = receiver.requests["/icbc"]
    assert len(seen) == 3
    assert {r["headers"]["x-registry-delivery"] for r in seen} == {notification}
    assert len({r["body"] for r in seen}) == 1, "every retry carries the same body"
    sent_at = [int(r["headers"]["x-registry-timestamp"]) for r in seen]
    assert sent_at == [int((first_try + timedelta(seconds=s)).timestamp()) for s in (0, 10, 30)]
    for request in seen:
        timestamp, body = request["headers"]["x-registry-timestamp"], request["body"]
        assert request["headers"]["x-registry-signature"] == their_signature(secret, timestamp, body)
    assert deliveries.run_once() == 0, "delivered is delivered: nothing more is sent"
    assert subscription.url == receiver.url("/icbc")


def test_the_body_carries_the_notification_and_a_changed_body_does_not_verify(
        views, webhooks, deliveries, receiver, clock):
    _, secret = webhooks.subscribe(ICBC, receiver.url("/icbc"), clock.now())
    notification = notify(views, ICBC, 1, kind="filing_rejected", unit_number=TAIJIANG_FLAT)
    deliveries.run_once()

    [request] = receiver.requests["/icbc"]
    headers, body = request["headers"], request["body"]
    assert headers["content-type"] == "application/json; charset=utf-8"
    assert json.loads(body) == {
        "id": notification, "seq": 1, "kind": "filing_rejected", "bank": ICBC, "filing_id": "filing-1",
        "unit_number": TAIJIANG_FLAT, "payload": {"proof_number": PROOF, "mortgage_id": "m-1", "amount": "1200000.00"},
        "at": "2026-03-16T01:30:01.000000+00:00"}
    timestamp, signature = headers["x-registry-timestamp"], headers["x-registry-signature"]
    assert verify(secret, timestamp, body, signature)
    forged = body.replace(b"filing_rejected", b"proof_issued")
    assert not verify(secret, timestamp, forged, signature)
    assert their_signature(secret, timestamp, forged) != signature
    assert not verify(secret, str(int(timestamp) + 1), body, signature), "the timestamp is signed too"
    assert not verify("someone-elses-secret", timestamp, body, signature)


def test_notifications_reach_the_bank_in_seq_order(views, webhooks, deliveries, receiver, clock):
    webhooks.subscribe(ICBC, receiver.url("/icbc"), clock.now())
    second = notify(views, ICBC, 2)  # written first: the order is the feed's seq, not the insertion order
    first = notify(views, ICBC, 1)

    assert deliveries.run_once() == 2
    assert [r["headers"]["x-registry-delivery"] for r in receiver.requests["/icbc"]] == [first, second]
    assert [json.loads(r["body"])["seq"] for r in receiver.requests["/icbc"]] == [1, 2]


def test_a_later_notification_waits_until_the_earlier_one_is_delivered(views, webhooks, deliveries, receiver, clock):
    webhooks.subscribe(ICBC, receiver.url("/icbc"), clock.now())
    receiver.fail("/icbc", 1)
    first, second = notify(views, ICBC, 1), notify(views, ICBC, 2)

    deliveries.run_once()
    assert [r["headers"]["x-registry-delivery"] for r in receiver.requests["/icbc"]] == [first]
    assert delivery_row(views, second)["attempts"] == 0
    clock.advance(seconds=10)
    deliveries.run_once()
    assert [r["headers"]["x-registry-delivery"] for r in receiver.requests["/icbc"]] == [first, first, second]


def test_a_bank_without_a_webhook_gets_nothing_pushed_but_keeps_its_feed(views, webhooks, deliveries, receiver, clock):
    webhooks.subscribe(ICBC, receiver.url("/icbc"), clock.now())
    ours, theirs = notify(views, ICBC, 1), notify(views, CCB, 1)

    deliveries.run_once()
    assert [r["headers"]["x-registry-delivery"] for r in receiver.requests["/icbc"]] == [ours]
    assert delivery_row(views, theirs) is None
    with views.read() as tx:
        assert tx.one("SELECT id FROM view_bank_notification WHERE bank = :bank", {"bank": CCB})["id"] == theirs


def test_one_banks_failing_endpoint_does_not_delay_another_banks_deliveries(
        views, webhooks, deliveries, receiver, clock):
    webhooks.subscribe(ICBC, receiver.url("/icbc"), clock.now())
    webhooks.subscribe(CCB, receiver.url("/ccb"), clock.now())
    receiver.fail("/icbc", 100)
    notify(views, ICBC, 1)
    notify(views, CCB, 1)

    deliveries.run_once()
    assert status(views, CCB)["pending"] == 0
    assert status(views, ICBC)["failing"] is True

    later = notify(views, CCB, 2)  # while ICBC's endpoint is backing off
    deliveries.run_once()
    assert receiver.requests["/ccb"][-1]["headers"]["x-registry-delivery"] == later
    assert delivery_row(views, later)["delivered_at"] is not None
    assert len(receiver.requests["/icbc"]) == 1


def test_a_slow_endpoint_is_still_in_flight_while_another_bank_is_served(views, webhooks, deliveries, receiver, clock):
    webhooks.subscribe(ICBC, receiver.url("/icbc"), clock.now())
    webhooks.subscribe(CCB, receiver.url("/ccb"), clock.now())
    receiver.hold("/ccb")  # CCB comes first in bank order: serving banks one by one would keep ICBC waiting
    stuck, served = notify(views, CCB, 1), notify(views, ICBC, 1)

    pending = deliveries.dispatch()  # what run_forever does: start the banks' tasks, do not wait
    assert receiver.arrived["/ccb"].wait(2)
    assert receiver.arrived["/icbc"].wait(2), "ICBC's delivery went out while CCB's endpoint was hanging"
    finished, _ = wait(pending, timeout=5, return_when=FIRST_COMPLETED)  # ICBC's task, recorded and over
    assert len(finished) == 1 and delivery_row(views, served)["delivered_at"] is not None
    assert deliveries.dispatch() == [], "a bank in flight is not dispatched twice"
    assert delivery_row(views, stuck)["delivered_at"] is None
    receiver.release("/ccb")
    assert sum(task.result(timeout=10) for task in pending) == 2
    assert delivery_row(views, served)["delivered_at"] is not None
    assert delivery_row(views, stuck)["delivered_at"] is not None


def test_an_unreachable_endpoint_is_a_failed_attempt_shown_to_admins(views, webhooks, deliveries, receiver, clock):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}/hook"
    webhooks.subscribe(ICBC, dead, clock.now())
    webhooks.subscribe(CCB, receiver.url("/ccb"), clock.now())
    notification = notify(views, ICBC, 1)
    notify(views, ICBC, 2)
    notify(views, CCB, 1)

    deliveries.run_once()
    row = delivery_row(views, notification)
    assert (row["attempts"], row["last_status"]) == (1, None)
    assert "Connection refused" in row["last_error"]
    [report] = failing(views)
    assert (report["bank"], report["url"], report["notification_id"]) == (ICBC, dead, notification)
    assert (report["attempts"], report["waiting"]) == (1, 2)
    assert status(views, ICBC) | {"last_error": "..."} == {
        "pending": 2, "failing": True, "last_delivered_at": None, "attempts": 1,
        "next_attempt_at": row["next_attempt_at"], "last_status": None, "last_error": "..."}


def test_a_notification_that_cannot_be_encoded_waits_with_backoff_and_shows_to_admins(
        views, webhooks, deliveries, receiver, clock):
    webhooks.subscribe(ICBC, receiver.url("/icbc"), clock.now())
    with views.transaction() as tx:
        tx.execute("INSERT INTO view_bank_notification (id, seq, bank, kind, filing_id, unit_number, payload, at) "
                   "VALUES (:id, :seq, :bank, :kind, :filing_id, :unit_number, :payload, :at)",
                   {"id": "broken", "seq": 1, "bank": ICBC, "kind": "proof_issued", "filing_id": None,
                    "unit_number": None, "payload": "{not json", "at": "2026-03-16T01:30:00+00:00"})

    assert deliveries.run_once() == 1
    assert receiver.requests["/icbc"] == []
    [report] = failing(views)
    assert (report["notification_id"], report["attempts"], report["last_status"]) == ("broken", 1, None)
    assert report["last_error"].startswith("the notification cannot be sent")
    assert deliveries.run_once() == 0, "backing off like any failed attempt"


def test_the_backoff_doubles_up_to_an_hour(views, webhooks, deliveries, receiver, clock):
    webhooks.subscribe(ICBC, receiver.url("/icbc"), clock.now())
    receiver.fail("/icbc", 100)
    notification = notify(views, ICBC, 1)
    waits = []
    for _ in range(11):
        deliveries.run_once()
        due = datetime.fromisoformat(delivery_row(views, notification)["next_attempt_at"])
        waits.append(int((due - clock.now()).total_seconds()))
        clock.advance(seconds=waits[-1])
    assert waits == [10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600, 3600]
    assert delivery_row(views, notification)["attempts"] == 11, "never given up"


def test_a_rotated_secret_signs_the_next_attempt(views, webhooks, deliveries, receiver, clock):
    _, old = webhooks.subscribe(ICBC, receiver.url("/icbc"), clock.now())
    receiver.fail("/icbc", 1)
    notify(views, ICBC, 1)
    deliveries.run_once()
    new = webhooks.rotate(ICBC, clock.now())
    clock.advance(seconds=10)
    deliveries.run_once()

    before, after = receiver.requests["/icbc"]
    assert new != old
    assert before["headers"]["x-registry-signature"] == their_signature(
        old, before["headers"]["x-registry-timestamp"], before["body"])
    assert after["headers"]["x-registry-signature"] == their_signature(
        new, after["headers"]["x-registry-timestamp"], after["body"])


def test_after_unsubscribing_nothing_is_pushed_and_a_new_subscription_resumes(
        views, webhooks, deliveries, receiver, clock):
    webhooks.subscribe(ICBC, receiver.url("/icbc"), clock.now())
    notify(views, ICBC, 1)
    deliveries.run_once()
    webhooks.unsubscribe(ICBC)
    missed = notify(views, ICBC, 2)
    assert deliveries.run_once() == 0
    webhooks.subscribe(ICBC, receiver.url("/icbc-new"), clock.now())
    deliveries.run_once()
    assert [r["headers"]["x-registry-delivery"] for r in receiver.requests["/icbc-new"]] == [missed]


# -- the secret at rest ----------------------------------------------------------------------------
def test_the_secret_is_not_stored_in_clear(views, webhooks, store_kind, tmp_path, clock, cipher_key):
    _, secret = webhooks.subscribe(ICBC, "https://hooks.icbc.example/registry", clock.now())
    with views.read() as tx:
        rows = tx.execute("SELECT * FROM bank_webhook")
    stored = json.dumps(rows, ensure_ascii=False)
    assert len(secret) >= 43 and secret not in stored
    assert base64.b64encode(secret.encode()).decode() not in stored
    if store_kind == "sqlite":
        for path in tmp_path.glob("views.sqlite*"):
            assert secret.encode() not in path.read_bytes()
    sealed = rows[0]["secret_sealed"]
    assert SecretSealer(cipher_key).unseal(sealed, ICBC) == secret
    with pytest.raises(Exception):  # noqa: B017 (any refusal: the cipher raises InvalidTag)
        SecretSealer(cipher_key).unseal(sealed, CCB)  # sealed for ICBC's row only
    with pytest.raises(Exception):  # noqa: B017
        SecretSealer(AESCipher.create_key(32)).unseal(sealed, ICBC)
    assert webhooks.subscription(ICBC).secret == secret


# -- which URLs are accepted -----------------------------------------------------------------------
@pytest.mark.parametrize("url", [
    "https://hooks.icbc.example/registry", "https://hooks.icbc.example:8443/a/b?bank=icbc",
    "https://119.29.29.29/hook"])
def test_public_https_urls_are_accepted(url):
    assert check_url(url) == url


@pytest.mark.parametrize(("url", "reason"), [
    ("http://hooks.icbc.example/registry", "https://"),
    ("ftp://hooks.icbc.example/registry", "https://"),
    ("hooks.icbc.example/registry", "https://"),
    ("https://user:pass@hooks.icbc.example/", "user name or password"),
    ("https://user@hooks.icbc.example/", "user name or password"),
    ("https://hooks.icbc.example/" + "a" * 2000, "longer than"),
    ("https://hooks.icbc.example/\x00", "control"),
    ("https://hooks.icbc.example/a b", "spaces"),
    ("https://银行.example/hook", "non-ASCII"),
    ("https://hooks.icbc.example/#frag", "fragment"),
    ("https://hooks.icbc.example:99999/", "malformed"),
    ("https://10.0.0.5/hook", "public host"),
    ("https://169.254.169.254/latest", "public host"),
    ("https://127.0.0.1/hook", "public host"),
    ("https://localhost/hook", "public host"),
    ("http://127.0.0.1:8080/hook", "https://"),
    ("https://hooks_icbc!.example/", "host name"),
    ("", "required"),
])
def test_unusable_urls_are_refused_with_a_reason(url, reason):
    with pytest.raises(WebhookUrlRefused, match=reason):
        check_url(url)


def test_http_to_this_machine_only_when_loopback_is_allowed():
    assert check_url("http://127.0.0.1:8080/hook", allow_loopback_http=True)
    assert check_url("http://localhost:8080/hook", allow_loopback_http=True)
    with pytest.raises(WebhookUrlRefused):
        check_url("http://hooks.icbc.example/hook", allow_loopback_http=True)
    with pytest.raises(WebhookUrlRefused):
        check_url("http://10.0.0.5/hook", allow_loopback_http=True)
