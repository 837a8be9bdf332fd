"""A court's seizure orders through HTTP on both stores, every request signed with the court's key: the unit
is locked naming the court, a repeated request id gets the identical answer and stores nothing, a refusal by
the register's rules is a 422 carrying feedback "2", and malformed or unsigned requests store nothing."""

from __future__ import annotations

import json

import pytest

from tests.builders import GULOU_FLAT
from tests.e2e import test_court_auth
from tests.e2e.api import transfer_body, unit_body
from tests.e2e.test_court_auth import signed

courts = test_court_auth.courts  # the two courts and their keys (fixture shared with the signature tests)

SEIZE, RELEASE = "/api/v1/court/seizures", "/api/v1/court/seizures/release"
GULOU_RULING, TAIJIANG_RULING = "(2026)闽0102执123号", "(2026)闽0103执45号"


def order_body(request_id: str, ruling: str = GULOU_RULING, **overrides) -> dict:
    body = {"request_id": request_id, "kzcs": "11", "executing_court": "执行局", "judge": "陈法官",
            "case_number": ruling, "notice_name": "协助执行通知书", "ruling_number": ruling,
            "subjects": [{"name": "张伟", "id_type": "1", "id_number": "350102198001010011"}],
            "unit_number": GULOU_FLAT, "start": "2026-03-16", "end": "2027-03-15"}
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


@pytest.fixture
def send(client, courts, clock):
    sent = iter(range(10**6))

    def post(key_id: str, path: str, body: dict):
        raw = json.dumps(body, ensure_ascii=False).encode()
        headers = signed(courts["private"][key_id], key_id, clock=clock, body=raw, path=path,
                         nonce=f"nonce-{next(sent):016d}")
        return client.post(path, data=raw, headers=headers)

    return post


@pytest.fixture
def registered(client, people):
    assert client.post("/api/v1/units", json=unit_body(), headers=people["registrar"]).status_code == 201


def test_a_signed_seizure_locks_the_unit_and_a_repeat_gets_the_same_answer(client, people, registered, send, head):
    seized = send("gulou-2026", SEIZE, order_body("GL-1"))
    assert seized.status_code == 200, seized.json
    assert seized.json == {"order_id": seized.json["order_id"], "request_id": "GL-1", "kzcs": "11", "result": "1",
                           "reason": "", "start": "2026-03-16", "end": "2027-03-15", "reference": GULOU_RULING}
    refused = client.post("/api/v1/transfers", json=transfer_body(), headers=people["lina"])
    assert refused.status_code in (409, 422) and "福州市鼓楼区人民法院" in refused.json["message"]
    before = head()
    again = send("gulou-2026", SEIZE, order_body("GL-1"))
    assert (again.status_code, again.json) == (200, seized.json)
    assert head() == before


def test_releasing_another_courts_seizure_is_a_422_with_failed_feedback(registered, send, head):
    assert send("gulou-2026", SEIZE, order_body("GL-1")).status_code == 200
    release = order_body("TJ-1", TAIJIANG_RULING, kzcs="14", start=None, end=None, seizure_reference=GULOU_RULING)
    refused = send("taijiang-2026", RELEASE, release)
    assert refused.status_code == 422, refused.json
    assert refused.json["code"] == "not_seizing_court" and "福州市鼓楼区人民法院" in refused.json["message"]
    assert set(refused.json) == {"code", "message", "errors", "feedback"}
    assert refused.json["feedback"]["result"] == "2" and refused.json["feedback"]["request_id"] == "TJ-1"
    before = head()
    again = send("taijiang-2026", RELEASE, release)
    assert (again.status_code, again.json) == (422, refused.json)
    assert head() == before


@pytest.mark.parametrize("label,change,field", [
    ("bad unit number", {"unit_number": GULOU_FLAT[:-1] + "X"}, "unit_number"),
    ("bad date", {"end": "2027-02-30"}, "end"),
    ("missing judge", {"judge": None}, "judge"),
    ("unknown kzcs", {"kzcs": "19"}, "kzcs"),
    ("no subjects", {"subjects": []}, "subjects"),
], ids=lambda v: v if isinstance(v, str) else "")
def test_a_malformed_order_is_a_422_and_stores_nothing(registered, send, head, label, change, field):
    before = head()
    response = send("gulou-2026", SEIZE, order_body("GL-1", **change))
    assert response.status_code == 422, response.json
    assert response.json["code"] == "invalid_input" and field in response.json["errors"]
    assert "feedback" not in response.json
    assert head() == before


def test_an_unsigned_seizure_is_a_401_and_stores_nothing(client, registered, courts, head):
    before = head()
    response = client.post(SEIZE, json=order_body("GL-1"))
    assert response.status_code == 401 and response.json["code"] == "court_signature_missing"
    assert head() == before


LI_NA_AS_SUBJECT = {"name": "李娜", "id_type": "1", "id_number": "350103199003030033"}


@pytest.mark.parametrize("label,subjects", [
    ("a stranger", [LI_NA_AS_SUBJECT]),
    ("the owner's ID under another name", [{"name": "张卫", "id_type": "1", "id_number": "350102198001010011"}]),
])
def test_a_seizure_of_someone_not_on_the_register_is_a_422_with_failed_feedback_and_the_unit_unlocked(
        client, people, registered, send, head, label, subjects):
    before = head()
    refused = send("gulou-2026", SEIZE, order_body("GL-1", subjects=subjects))
    assert refused.status_code == 422, refused.json
    assert refused.json["code"] == "subjects_match_register" and list(refused.json["errors"]) == ["subjects"]
    assert (refused.json["feedback"]["result"], refused.json["feedback"]["reason"]) == ("2", refused.json["message"])
    assert head() != before  # the court's order and its answer are its record (decision 009) ...
    assert client.get(f"/api/v1/units/{GULOU_FLAT}", headers=people["registrar"]).json["locks"] == []  # ... only
    moved = head()
    assert send("gulou-2026", SEIZE, order_body("GL-1", subjects=subjects)).json == refused.json
    assert head() == moved


def test_a_court_seizing_regardless_of_the_register_locks_the_unit(client, people, registered, send):
    seized = send("gulou-2026", SEIZE, order_body("GL-1", subjects=[LI_NA_AS_SUBJECT],
                                                  seize_regardless_of_register=True))
    assert (seized.status_code, seized.json["result"]) == (200, "1"), seized.json
    refused = client.post("/api/v1/transfers", json=transfer_body(), headers=people["lina"])
    assert refused.status_code in (409, 422) and "福州市鼓楼区人民法院" in refused.json["message"]


@pytest.mark.parametrize("flag", ["yes", "true", None])
def test_the_regardless_flag_is_a_json_boolean_or_nothing_is_stored(registered, send, head, flag):
    before = head()
    refused = send("gulou-2026", SEIZE, order_body("GL-1", seize_regardless_of_register=flag)
                   if flag is not None else {**order_body("GL-1"), "seize_regardless_of_register": None})
    assert refused.status_code == 422 and "seize_regardless_of_register" in refused.json["errors"], refused.json
    assert "feedback" not in refused.json and head() == before
