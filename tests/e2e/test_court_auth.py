"""The gate in front of every court endpoint, through HTTP on both stores: a court's request is signed with
its Ed25519 key, and anything unsigned, wrongly signed, stale or replayed is a 401 that stores nothing but a
line in the security log."""

from __future__ import annotations

import base64
import hashlib
import json
import logging

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from web.court_auth import court_keys

PING = "/api/v1/court/ping"
BODY = json.dumps({"request_id": "GL-2026-0001", "case": "(2026)闽0102执123号"}, ensure_ascii=False).encode()


@pytest.fixture
def courts(app, platform, clock):
    """Two courts; Gulou has an active and a revoked key, Taijiang one key."""
    now = clock.now()
    platform.accounts.add_org("gulou-court", "court", "福州市鼓楼区人民法院", now=now)
    platform.accounts.add_org("taijiang-court", "court", "福州市台江区人民法院", now=now)
    private = {name: Ed25519PrivateKey.generate() for name in ("gulou-2026", "gulou-2025", "taijiang-2026")}
    with app.app_context():
        keys = court_keys()
    for key_id, key in private.items():
        pem = key.public_key().public_bytes(serialization.Encoding.PEM,
                                            serialization.PublicFormat.SubjectPublicKeyInfo).decode()
        keys.add_key(key_id.split("-")[0] + "-court", key_id, pem, now)
    keys.revoke_key("gulou-2025", now)
    return {"keys": keys, "private": private}


def signed(private_key, key_id: str, *, clock, body: bytes = BODY, path: str = PING, method: str = "POST",
           nonce: str = "nonce-0000000000000001", timestamp: str | None = None) -> dict[str, str]:
    timestamp = timestamp or str(int(clock.now().timestamp()))
    canonical = "\n".join((method, path, timestamp, nonce, hashlib.sha256(body).hexdigest()))
    signature = base64.b64encode(private_key.sign(canonical.encode())).decode()
    return {"X-Court-Key-Id": key_id, "X-Court-Timestamp": timestamp, "X-Court-Nonce": nonce,
            "X-Court-Signature": signature, "Content-Type": "application/json"}


def expected_request_sha256(headers: dict[str, str], body: bytes = BODY, path: str = PING) -> str:
    canonical = "\n".join(("POST", path, headers["X-Court-Timestamp"], headers["X-Court-Nonce"],
                           hashlib.sha256(body).hexdigest()))
    return hashlib.sha256(canonical.encode() + body).hexdigest()


def refused(client, courts, caplog, headers: dict[str, str], code: str, reason: str,
            body: bytes = BODY) -> dict:
    nonces = courts["keys"].nonce_count()
    with caplog.at_level(logging.WARNING, logger="registry.security"):
        response = client.post(PING, data=body, headers=headers)
    assert response.status_code == 401, response.json
    assert set(response.json) == {"code", "message", "errors"} and response.json["code"] == code
    assert response.headers["WWW-Authenticate"].startswith("CourtSignature")
    assert courts["keys"].nonce_count() == nonces  # nothing stored
    lines = [r.getMessage() for r in caplog.records if r.name == "registry.security"]
    assert len(lines) == 1 and f"reason={reason}" in lines[0] and "remote=" in lines[0]
    assert "GL-2026-0001" not in lines[0]  # never the body
    return {"message": response.json["message"], "log": lines[0]}


def test_a_correctly_signed_request_passes_and_names_the_court_of_its_key(client, courts, clock, caplog):
    headers = signed(courts["private"]["gulou-2026"], "gulou-2026", clock=clock)
    response = client.post(PING, data=BODY, headers=headers)
    assert response.status_code == 200, response.json
    assert response.json == {"court": "gulou-court", "key_id": "gulou-2026",
                             "request_sha256": expected_request_sha256(headers)}
    assert courts["keys"].nonce_count() == 1
    assert not [r for r in caplog.records if r.name == "registry.security"]


def test_the_court_is_taken_from_the_key_never_from_the_request(client, courts, clock):
    headers = signed(courts["private"]["taijiang-2026"], "taijiang-2026", clock=clock)
    response = client.post(PING, data=BODY, headers={**headers, "X-Court": "gulou-court"})
    assert response.status_code == 200 and response.json["court"] == "taijiang-court"


def test_a_request_signed_with_query_string_and_no_body_passes(client, courts, clock):
    path = f"{PING}?probe=1"
    headers = signed(courts["private"]["gulou-2026"], "gulou-2026", clock=clock, body=b"", path=path)
    assert client.post(path, headers=headers).status_code == 200


def test_a_timestamp_just_inside_the_window_passes(client, courts, clock):
    headers = signed(courts["private"]["gulou-2026"], "gulou-2026", clock=clock)
    clock.advance(seconds=300)
    assert client.post(PING, data=BODY, headers=headers).status_code == 200


def test_an_unsigned_request_is_refused(client, courts, caplog):
    out = refused(client, courts, caplog, {"Content-Type": "application/json"}, "court_signature_missing",
                  "missing")
    assert "X-Court-Signature" in out["message"]


def test_a_request_missing_only_its_signature_is_refused(client, courts, clock, caplog):
    headers = signed(courts["private"]["gulou-2026"], "gulou-2026", clock=clock)
    del headers["X-Court-Signature"]
    out = refused(client, courts, caplog, headers, "court_signature_missing", "missing X-Court-Signature")
    assert "key_id='gulou-2026'" in out["log"]


def test_a_bearer_token_is_not_a_court_signature(client, courts, caplog, people):
    refused(client, courts, caplog, {**people["admin"], "Content-Type": "application/json"},
            "court_signature_missing", "missing")


def test_a_body_changed_after_signing_is_refused(client, courts, clock, caplog):
    headers = signed(courts["private"]["gulou-2026"], "gulou-2026", clock=clock)
    tampered = BODY.replace(b"0001", b"0002")
    out = refused(client, courts, caplog, headers, "court_signature_invalid", "bad signature", body=tampered)
    assert "court=gulou-court" in out["log"]


def test_a_request_signed_by_another_courts_key_is_refused(client, courts, clock, caplog):
    headers = signed(courts["private"]["taijiang-2026"], "gulou-2026", clock=clock)
    refused(client, courts, caplog, headers, "court_signature_invalid", "bad signature")


def test_a_signature_that_is_not_base64_is_refused(client, courts, clock, caplog):
    headers = signed(courts["private"]["gulou-2026"], "gulou-2026", clock=clock)
    refused(client, courts, caplog, {**headers, "X-Court-Signature": "not base64!"}, "court_signature_invalid",
            "bad signature")


def test_a_path_other_than_the_signed_one_is_refused(client, courts, clock, caplog):
    headers = signed(courts["private"]["gulou-2026"], "gulou-2026", clock=clock, path="/api/v1/court/seizures")
    refused(client, courts, caplog, headers, "court_signature_invalid", "bad signature")


def test_an_unknown_key_is_refused(client, courts, clock, caplog):
    headers = signed(courts["private"]["gulou-2026"], "gulou-2099", clock=clock)
    out = refused(client, courts, caplog, headers, "court_key_unknown", "unknown key")
    assert "key_id='gulou-2099'" in out["log"]


def test_a_revoked_key_is_refused(client, courts, clock, caplog):
    headers = signed(courts["private"]["gulou-2025"], "gulou-2025", clock=clock)
    out = refused(client, courts, caplog, headers, "court_key_unknown", "revoked key")
    assert "court=gulou-court" in out["log"]


def test_a_stale_timestamp_is_refused(client, courts, clock, caplog):
    headers = signed(courts["private"]["gulou-2026"], "gulou-2026", clock=clock)
    clock.advance(seconds=301)
    out = refused(client, courts, caplog, headers, "court_request_stale", "timestamp skew -301 s")
    assert "301 s before" in out["message"]


def test_a_future_timestamp_is_refused(client, courts, clock, caplog):
    future = str(int(clock.now().timestamp()) + 301)
    headers = signed(courts["private"]["gulou-2026"], "gulou-2026", clock=clock, timestamp=future)
    refused(client, courts, caplog, headers, "court_request_stale", "timestamp skew 301 s")


@pytest.mark.parametrize("timestamp", ["2026-03-16T09:30:00+08:00", "1773624600.5", "-1"])
def test_a_timestamp_that_is_not_unix_seconds_is_refused(client, courts, clock, caplog, timestamp):
    headers = signed(courts["private"]["gulou-2026"], "gulou-2026", clock=clock, timestamp=timestamp)
    refused(client, courts, caplog, headers, "court_signature_invalid", "malformed timestamp")


@pytest.mark.parametrize("nonce", ["short", "x" * 65, "has spaces in it 12345", "slash/slash/slash/123"])
def test_a_nonce_of_the_wrong_shape_is_refused(client, courts, clock, caplog, nonce):
    headers = signed(courts["private"]["gulou-2026"], "gulou-2026", clock=clock, nonce=nonce)
    refused(client, courts, caplog, headers, "court_signature_invalid", "malformed nonce")


def test_a_replayed_request_is_refused(client, courts, clock, caplog):
    headers = signed(courts["private"]["gulou-2026"], "gulou-2026", clock=clock)
    assert client.post(PING, data=BODY, headers=headers).status_code == 200
    clock.advance(seconds=30)
    refused(client, courts, caplog, headers, "court_request_replayed", "replayed nonce")


def test_a_nonce_reused_in_a_new_signed_request_is_refused(client, courts, clock, caplog):
    key = courts["private"]["gulou-2026"]
    assert client.post(PING, data=BODY, headers=signed(key, "gulou-2026", clock=clock)).status_code == 200
    clock.advance(seconds=10)
    other = b'{"request_id": "GL-2026-0002"}'
    refused(client, courts, caplog, signed(key, "gulou-2026", clock=clock, body=other), "court_request_replayed",
            "replayed nonce", body=other)


def test_a_wrongly_signed_request_does_not_burn_the_courts_nonce(client, courts, clock, caplog):
    key = courts["private"]["gulou-2026"]
    forged = signed(courts["private"]["taijiang-2026"], "gulou-2026", clock=clock)
    refused(client, courts, caplog, forged, "court_signature_invalid", "bad signature")
    assert client.post(PING, data=BODY, headers=signed(key, "gulou-2026", clock=clock)).status_code == 200


def test_the_same_nonce_under_two_keys_is_two_requests(client, courts, clock):
    for key_id in ("gulou-2026", "taijiang-2026"):
        headers = signed(courts["private"][key_id], key_id, clock=clock)
        assert client.post(PING, data=BODY, headers=headers).status_code == 200


def test_the_openapi_document_shows_the_court_signature(client):
    spec = client.get("/api/openapi.json").json
    assert spec["paths"][PING]["post"]["security"] == [{"courtSignature": []}]
    assert spec["components"]["securitySchemes"]["courtSignature"]["name"] == "X-Court-Signature"
