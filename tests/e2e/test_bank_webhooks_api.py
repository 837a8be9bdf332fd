"""Bank staff manage their bank's webhook over the API; the running platform pushes the bank's feed to it."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from adapters.webhooks import verify
from registry.kernel.actors import Role
from tests.builders import GULOU_FLAT
from tests.e2e.api import eventually
from tests.e2e.conftest import PASSWORD

ICBC_HOOK = "https://hooks.icbc.example/registry"
FEED_DDL = """CREATE TABLE IF NOT EXISTS view_bank_notification (id TEXT PRIMARY KEY, seq INTEGER NOT NULL,
              bank TEXT NOT NULL, kind TEXT NOT NULL, filing_id TEXT, unit_number TEXT, payload TEXT NOT NULL,
              at TEXT NOT NULL)"""
BAD_URLS = [
    "http://hooks.icbc.example/registry",  # not https
    "https://teller:hunter2@hooks.icbc.example/registry",  # credentials in the URL
    "https://hooks.icbc.example/" + "r" * 2000,  # too long
    "https://hooks.icbc.example/\x07registry",  # a control character
    "https://10.1.2.3/registry",  # the platform's own network
    "http://127.0.0.1:8080/registry",  # loopback http is for development only
    "javascript:alert(1)",
    "",
    42,
    None,
]


@pytest.fixture
def bankers(platform, clock, people) -> dict[str, dict[str, str]]:
    """Two banks' credit departments (工行, 建行), plus everyone in ``people``."""
    accounts, now = platform.accounts, clock.now()
    accounts.add_org("icbc-fz", "bank", "中国工商银行福州分行", now=now)
    accounts.add_org("ccb-fz", "bank", "中国建设银行福州分行", now=now)
    accounts.add_user("icbc", Role.BANK_STAFF, org="icbc-fz", display_name="工行 信贷部", password=PASSWORD, now=now)
    accounts.add_user("ccb", Role.BANK_STAFF, org="ccb-fz", display_name="建行 信贷部", password=PASSWORD, now=now)
    return people | {u: {"Authorization": f"Bearer {accounts.issue_token(u, now)}"} for u in ("icbc", "ccb")}


def stored_rows(platform) -> list[dict]:
    with platform.views.read() as tx:
        return tx.execute("SELECT * FROM bank_webhook ORDER BY bank")


def test_bank_staff_set_a_webhook_and_see_its_secret_only_once(client, bankers, platform):
    answer = client.put("/api/v1/bank/webhook", json={"url": ICBC_HOOK}, headers=bankers["icbc"])
    assert answer.status_code == 200, answer.json
    secret = answer.json["secret"]
    assert answer.json["url"] == ICBC_HOOK and answer.json["created_at"] and len(secret) >= 43

    shown = client.get("/api/v1/bank/webhook", headers=bankers["icbc"])
    assert shown.status_code == 200
    assert shown.json == {"url": ICBC_HOOK, "created_at": answer.json["created_at"],
                          "updated_at": answer.json["updated_at"], "pending": 0, "failing": False,
                          "last_delivered_at": None, "attempts": 0, "next_attempt_at": None, "last_status": None,
                          "last_error": None}
    assert secret not in shown.get_data(as_text=True)

    moved = client.put("/api/v1/bank/webhook", json={"url": ICBC_HOOK + "/v2"}, headers=bankers["icbc"])
    assert moved.status_code == 200 and moved.json["secret"] is None, "a new URL keeps the secret"
    assert client.get("/api/v1/bank/webhook", headers=bankers["icbc"]).json["url"] == ICBC_HOOK + "/v2"
    assert platform.webhooks.subscription("icbc-fz").secret == secret


def test_rotating_gives_a_new_secret_once(client, bankers, platform):
    first = client.put("/api/v1/bank/webhook", json={"url": ICBC_HOOK}, headers=bankers["icbc"]).json["secret"]
    rotated = client.post("/api/v1/bank/webhook/rotate", headers=bankers["icbc"])
    assert rotated.status_code == 200
    assert rotated.json["secret"] != first and rotated.json["url"] == ICBC_HOOK
    assert platform.webhooks.subscription("icbc-fz").secret == rotated.json["secret"]
    assert rotated.json["secret"] not in client.get("/api/v1/bank/webhook", headers=bankers["icbc"]).get_data(
        as_text=True)


def test_removing_the_webhook_stops_it_and_a_second_removal_finds_nothing(client, bankers, platform):
    client.put("/api/v1/bank/webhook", json={"url": ICBC_HOOK}, headers=bankers["icbc"])
    assert client.delete("/api/v1/bank/webhook", headers=bankers["icbc"]).status_code == 204
    assert stored_rows(platform) == []
    for method, path in (("get", "/api/v1/bank/webhook"), ("delete", "/api/v1/bank/webhook"),
                         ("post", "/api/v1/bank/webhook/rotate")):
        answer = getattr(client, method)(path, headers=bankers["icbc"])
        assert answer.status_code == 404 and answer.json["code"] == "not_found", (method, path)


def test_unusable_urls_are_refused_on_the_url_field_and_nothing_is_stored(client, bankers, platform, head):
    before = head()
    for url in BAD_URLS:
        answer = client.put("/api/v1/bank/webhook", json={"url": url}, headers=bankers["icbc"])
        assert answer.status_code == 422, url
        assert answer.json["code"] == "invalid_input" and list(answer.json["errors"]) == ["url"], (url, answer.json)
    assert client.put("/api/v1/bank/webhook", json={}, headers=bankers["icbc"]).json["errors"].keys() == {"url"}
    assert stored_rows(platform) == []
    assert client.get("/api/v1/bank/webhook", headers=bankers["icbc"]).status_code == 404

    client.put("/api/v1/bank/webhook", json={"url": ICBC_HOOK}, headers=bankers["icbc"])
    kept = stored_rows(platform)
    assert client.put("/api/v1/bank/webhook", json={"url": BAD_URLS[0]}, headers=bankers["icbc"]).status_code == 422
    assert stored_rows(platform) == kept, "a refused change leaves the webhook as it was"
    assert head() == before


def test_each_bank_sees_and_changes_only_its_own_webhook(client, bankers):
    client.put("/api/v1/bank/webhook", json={"url": ICBC_HOOK}, headers=bankers["icbc"])
    assert client.get("/api/v1/bank/webhook", headers=bankers["ccb"]).status_code == 404
    assert client.post("/api/v1/bank/webhook/rotate", headers=bankers["ccb"]).status_code == 404
    assert client.delete("/api/v1/bank/webhook", headers=bankers["ccb"]).status_code == 404

    ccb_hook = "https://api.ccb.example/hooks/registry"
    assert client.put("/api/v1/bank/webhook", json={"url": ccb_hook}, headers=bankers["ccb"]).status_code == 200
    assert client.get("/api/v1/bank/webhook", headers=bankers["ccb"]).json["url"] == ccb_hook
    assert client.get("/api/v1/bank/webhook", headers=bankers["icbc"]).json["url"] == ICBC_HOOK


def test_applicants_and_registrars_may_not_manage_webhooks_and_banks_may_not_see_the_admin_report(client, bankers):
    for who in ("lina", "registrar"):
        assert client.put("/api/v1/bank/webhook", json={"url": ICBC_HOOK}, headers=bankers[who]).status_code == 403
        assert client.get("/api/v1/bank/webhook", headers=bankers[who]).status_code == 403
        assert client.post("/api/v1/bank/webhook/rotate", headers=bankers[who]).status_code == 403
        assert client.delete("/api/v1/bank/webhook", headers=bankers[who]).status_code == 403
    assert client.get("/api/v1/bank/webhook").status_code == 401
    assert client.get("/api/v1/admin/bank-webhooks/failing", headers=bankers["icbc"]).status_code == 403
    assert client.get("/api/v1/admin/bank-webhooks/failing", headers=bankers["admin"]).json == {"failing": []}


# -- through the running platform -----------------------------------------------------------------
class BankEndpoint:
    """The bank's receiver on 127.0.0.1: answers ``status`` and keeps what it got."""

    def __init__(self, status: int) -> None:
        self.status, self.received = status, []
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                endpoint.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(endpoint.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/registry-hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def endpoint(app) -> Iterator[BankEndpoint]:
    app.config["WEBHOOKS_ALLOW_LOOPBACK_HTTP"] = True  # development mode: http to this machine
    served = BankEndpoint(200)
    yield served
    served.close()


def feed(platform, bank: str, seq: int) -> str:
    notification_id = f"{bank}-proof-{seq}"
    with platform.views.transaction() as tx:
        tx.execute(FEED_DDL)  # the bank desk creates it; here only if it is not there yet
        tx.execute("INSERT INTO view_bank_notification (id, seq, bank, kind, filing_id, unit_number, payload, at) "
                   "VALUES (:id, :seq, :bank, :kind, :filing_id, :unit_number, :payload, :at)",
                   {"id": notification_id, "seq": seq, "bank": bank, "kind": "proof_issued", "filing_id": "filing-1",
                    "unit_number": GULOU_FLAT,
                    "payload": json.dumps({"proof_number": "闽(2026)福州市不动产证明第0000007号"}, ensure_ascii=False),
                    "at": "2026-03-16T01:30:00.000000+00:00"})
    return notification_id


def test_the_running_platform_pushes_the_banks_notification_to_its_webhook(client, bankers, endpoint):
    secret = client.put("/api/v1/bank/webhook", json={"url": endpoint.url}, headers=bankers["icbc"]).json["secret"]
    notification = feed(client.application.extensions["platform"], "icbc-fz", 1)

    assert eventually(lambda: client.get("/api/v1/bank/webhook", headers=bankers["icbc"]).json["last_delivered_at"])
    [(headers, body)] = endpoint.received
    assert headers["x-registry-delivery"] == notification
    assert verify(secret, headers["x-registry-timestamp"], body, headers["x-registry-signature"])
    assert json.loads(body)["payload"] == {"proof_number": "闽(2026)福州市不动产证明第0000007号"}
    assert client.get("/api/v1/bank/webhook", headers=bankers["icbc"]).json["pending"] == 0


def test_a_failing_endpoint_shows_to_its_bank_and_to_admins(client, bankers, endpoint):
    endpoint.status = 503
    client.put("/api/v1/bank/webhook", json={"url": endpoint.url}, headers=bankers["icbc"])
    feed(client.application.extensions["platform"], "icbc-fz", 1)

    assert eventually(lambda: client.get("/api/v1/bank/webhook", headers=bankers["icbc"]).json["failing"])
    shown = client.get("/api/v1/bank/webhook", headers=bankers["icbc"]).json
    assert (shown["pending"], shown["attempts"], shown["last_status"]) == (1, 1, 503)
    assert shown["last_error"] == "the endpoint answered 503"
    [report] = client.get("/api/v1/admin/bank-webhooks/failing", headers=bankers["admin"]).json["failing"]
    assert (report["bank"], report["url"], report["last_status"]) == ("icbc-fz", endpoint.url, 503)
    assert client.get("/api/v1/bank/webhook", headers=bankers["ccb"]).status_code == 404
