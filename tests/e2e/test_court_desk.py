"""What a court's enforcement system reads back, through HTTP on both stores, every read signed with its key:
its requests with their feedback, its seizures by state, the feed of what it is told polled with a cursor,
and never another court's rows."""

from __future__ import annotations

import json

import pytest

from tests.builders import GULOU_FLAT
from tests.e2e import test_court_auth
from tests.e2e.api import unit_body
from tests.e2e.test_court_auth import signed
from tests.e2e.test_court_seizures import GULOU_RULING, RELEASE, SEIZE, TAIJIANG_RULING, order_body

courts = test_court_auth.courts  # Gulou (key gulou-2026) and Taijiang (key taijiang-2026)

RENEW = "/api/v1/court/seizures/renew"
GULOU, TAIJIANG = "gulou-2026", "taijiang-2026"


@pytest.fixture
def court(client, courts, clock):
    """``court.post / put (key, path, body)`` and ``court.get(key, path)``, each signed with a fresh nonce."""
    sent = iter(range(10**6))

    class Court:
        @staticmethod
        def post(key_id: str, path: str, body: dict):
            raw = json.dumps(body, ensure_ascii=False).encode()
            headers = signed(courts["private"][key_id], key_id, clock=clock, body=raw, path=path,
                             nonce=f"desk-nonce-{next(sent):016d}")
            clock.advance(minutes=1)  # requests are served one after the other
            return client.post(path, data=raw, headers=headers)

        @staticmethod
        def put(key_id: str, path: str, body: dict):
            raw = json.dumps(body, ensure_ascii=False).encode()
            headers = signed(courts["private"][key_id], key_id, clock=clock, body=raw, path=path, method="PUT",
                             nonce=f"desk-nonce-{next(sent):016d}")
            return client.put(path, data=raw, headers=headers)

        @staticmethod
        def get(key_id: str, path: str):
            headers = signed(courts["private"][key_id], key_id, clock=clock, body=b"", path=path, method="GET",
                             nonce=f"desk-nonce-{next(sent):016d}")
            answer = client.get(path, headers=headers)
            assert answer.status_code == 200, answer.json
            return answer.json

    return Court


@pytest.fixture
def registered(client, people):
    assert client.post("/api/v1/units", json=unit_body(), headers=people["registrar"]).status_code == 201


def release_body(request_id: str, reference: str, ruling: str = GULOU_RULING) -> dict:
    return order_body(request_id, ruling, kzcs="14", start=None, end=None, seizure_reference=reference)


def test_a_court_lists_its_requests_with_their_feedback(registered, court):
    assert court.post(GULOU, SEIZE, order_body("GL-1")).status_code == 200
    renew = order_body("GL-2", kzcs="12", start=None, end="2027-09-15", seizure_reference="(2026)闽0102执999号")
    assert court.post(GULOU, RENEW, renew).status_code == 422

    [renewed, seized] = court.get(GULOU, "/api/v1/court/requests")["requests"]  # the latest first
    assert (seized["request_id"], seized["kzcs"], seized["unit_number"], seized["case_number"]) == \
        ("GL-1", "11", GULOU_FLAT, GULOU_RULING)
    assert seized["feedback"] | {"at": None} == {"result": "1", "code": "", "reason": "", "start": "2026-03-16",
                                                 "end": "2027-03-15", "reference": GULOU_RULING, "at": None}
    assert (renewed["request_id"], renewed["kzcs"], renewed["feedback"]["result"]) == ("GL-2", "12", "2")
    assert renewed["feedback"]["code"] and renewed["feedback"]["reason"]
    assert [r["request_id"] for r in court.get(GULOU, "/api/v1/court/requests?kzcs=12")["requests"]] == ["GL-2"]


def test_a_queued_seizure_becomes_active_after_the_first_courts_release(registered, court):
    assert court.post(GULOU, SEIZE, order_body("GL-1")).status_code == 200
    assert court.post(TAIJIANG, SEIZE, order_body("TJ-1", TAIJIANG_RULING)).status_code == 200
    [queued] = court.get(TAIJIANG, "/api/v1/court/seizures?state=queued")["seizures"]
    assert (queued["reference"], queued["unit_number"], queued["state"]) == (TAIJIANG_RULING, GULOU_FLAT, "queued")
    assert court.get(TAIJIANG, "/api/v1/court/seizures?state=active")["seizures"] == []

    assert court.post(GULOU, RELEASE, release_body("GL-2", GULOU_RULING)).status_code == 200

    [active] = court.get(TAIJIANG, "/api/v1/court/seizures?state=active")["seizures"]
    assert (active["reference"], active["start"]) == (TAIJIANG_RULING, "2026-03-16")
    assert court.get(TAIJIANG, "/api/v1/court/seizures?state=queued")["seizures"] == []
    [released] = court.get(GULOU, "/api/v1/court/seizures?state=released")["seizures"]
    assert (released["reference"], released["end"]) == (GULOU_RULING, "2027-03-15")
    assert [s["state"] for s in court.get(GULOU, "/api/v1/court/seizures")["seizures"]] == ["released"]
    told = court.get(TAIJIANG, "/api/v1/court/feed")["items"]
    assert [i["kind"] for i in told] == ["feedback", "seizure_activated"]
    assert told[1]["payload"] | {"start": None, "end": None} == {
        "reference": TAIJIANG_RULING, "unit_number": GULOU_FLAT, "after": GULOU_RULING, "start": None, "end": None}


def test_another_court_sees_none_of_it(registered, court):
    assert court.post(GULOU, SEIZE, order_body("GL-1")).status_code == 200
    assert court.post(GULOU, RENEW, order_body("GL-2", kzcs="12", start=None, end="2027-09-15",
                                               seizure_reference=GULOU_RULING)).status_code == 200
    assert len(court.get(GULOU, "/api/v1/court/requests")["requests"]) == 2

    for path, key in (("requests", "requests"), ("seizures", "seizures"), ("cases", "cases")):
        seen = court.get(TAIJIANG, f"/api/v1/court/{path}")
        assert (seen[key], seen["total"]) == ([], 0)
    assert court.get(TAIJIANG, "/api/v1/court/feed") == {"items": [], "next_after": 0}


def test_the_feed_tells_the_court_in_order_and_is_polled_with_a_cursor(registered, court):
    assert court.post(GULOU, SEIZE, order_body("GL-1")).status_code == 200
    assert court.post(GULOU, RENEW, order_body("GL-2", kzcs="12", start=None, end="2027-09-15",
                                               seizure_reference=GULOU_RULING)).status_code == 200
    assert court.post(GULOU, RELEASE, release_body("GL-3", GULOU_RULING)).status_code == 200

    first = court.get(GULOU, "/api/v1/court/feed?after=0&limit=2")
    assert [(i["seq"], i["request_id"], i["payload"]["kzcs"]) for i in first["items"]] == \
        [(1, "GL-1", "11"), (2, "GL-2", "12")]
    assert first["next_after"] == 2 and first["items"][1]["payload"]["end"] == "2027-09-15"
    rest = court.get(GULOU, f"/api/v1/court/feed?after={first['next_after']}")
    assert [(i["seq"], i["kind"], i["request_id"]) for i in rest["items"]] == [(3, "feedback", "GL-3")]
    assert court.get(GULOU, f"/api/v1/court/feed?after={rest['next_after']}") == {"items": [], "next_after": 3}
    assert len({i["id"] for i in first["items"] + rest["items"]}) == 3


@pytest.mark.parametrize("path", ["/api/v1/court/requests", "/api/v1/court/seizures?state=active",
                                  "/api/v1/court/cases", "/api/v1/court/feed?after=0", "/api/v1/court/webhook"])
def test_unsigned_or_forged_reads_are_401(client, courts, clock, path):
    assert client.get(path).json["code"] == "court_signature_missing"
    forged = signed(courts["private"][TAIJIANG], GULOU, clock=clock, body=b"", path=path, method="GET")
    assert client.get(path, headers=forged).status_code == 401
    other_query = signed(courts["private"][GULOU], GULOU, clock=clock, body=b"", path=path + "&limit=1",
                         method="GET", nonce="nonce-other-query-0001")
    answer = client.get(path, headers=other_query)
    assert (answer.status_code, answer.json["code"]) == (401, "court_signature_invalid")


def test_an_unknown_seizure_state_is_a_422(courts, client, clock):
    path = "/api/v1/court/seizures?state=frozen"
    answer = client.get(path, headers=signed(courts["private"][GULOU], GULOU, clock=clock, body=b"", path=path,
                                              method="GET"))
    assert answer.status_code == 422 and "state" in json.dumps(answer.json)
