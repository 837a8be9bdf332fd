"""A court's query (查询) through HTTP on both stores, signed with the court's key: Zhang Wei's Gulou flat with
its ICBC loan, seized by Gulou court and queued by Taijiang court, answered by person and by unit; the query is
kept with its answer, a repeat stores nothing, and a unit outside the area, a reused request id, a malformed
or an unsigned query are refused."""

from __future__ import annotations

import pytest

from tests.builders import GULOU_FLAT, TAIJIANG_FLAT, ZHANG_WEI
from tests.e2e import test_bank_api, test_court_seizures
from tests.e2e.test_court_seizures import GULOU_RULING, SEIZE, TAIJIANG_RULING, order_body

courts, send = test_court_seizures.courts, test_court_seizures.send
banks, gulou = test_bank_api.banks, test_bank_api.gulou

QUERIES = "/api/v1/court/queries"
ZHANG = {"name": ZHANG_WEI.name, "id_type": "1", "id_number": ZHANG_WEI.id_number}
XIAMEN_FLAT = "350203001001GB00001F00010001"


def query_body(request_id: str = "GL-Q1", **overrides) -> dict:
    body = {"request_id": request_id, "executing_court": "执行局", "judge": "陈法官", "case_number": GULOU_RULING,
            "notice_name": "协助查询通知书", "subjects": [ZHANG], "unit_numbers": [GULOU_FLAT]}
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


@pytest.fixture
def encumbered(client, platform, banks, gulou, send):
    """ICBC's 1,000,000.00 loan at rank 1; Gulou court's seizure active, Taijiang court's queued behind it."""
    assert test_bank_api.file_and_confirm(client, platform, banks)["state"] == "registered"
    assert send("gulou-2026", SEIZE, order_body("GL-1")).status_code == 200
    assert send("taijiang-2026", SEIZE, order_body("TJ-1", TAIJIANG_RULING)).status_code == 200


def test_a_query_by_person_and_by_unit_shows_the_mortgage_and_the_active_and_queued_seizures(encumbered, send):
    response = send("gulou-2026", QUERIES, query_body())
    assert response.status_code == 200, response.json
    flat = response.json["units"][0]
    assert response.json["persons"] == [{**ZHANG, "units": [flat]}]
    assert (flat["unit_number"], flat["area"], flat["use"]) == (GULOU_FLAT, "120.00", "residential")
    assert flat["owners"] == [{"name": "张伟", "id_number": ZHANG_WEI.id_number, "share": "1"}]
    [loan] = flat["mortgages"]
    assert (loan["rank"], loan["bank_name"], loan["amount"], loan["method"]) == (
        1, "中国工商银行福州分行", "1000000.00", "1")
    assert loan["proof_number"].startswith("闽(2026)福州市不动产证明第")
    assert [(s["court_name"], s["reference"], s["state"]) for s in flat["seizures"]] == [
        ("福州市鼓楼区人民法院", GULOU_RULING, "active"), ("福州市台江区人民法院", TAIJIANG_RULING, "queued")]
    assert flat["locks"] == [{"reference": GULOU_RULING, "authority": "福州市鼓楼区人民法院"}]


def test_a_query_is_kept_and_a_repeat_returns_the_first_answer_storing_nothing(encumbered, send, head, clock):
    before = head()
    first = send("gulou-2026", QUERIES, query_body(unit_numbers=[GULOU_FLAT, TAIJIANG_FLAT]))
    assert first.status_code == 200, first.json
    assert first.json["units"][1] == {"unit_number": TAIJIANG_FLAT, "in_register": False, "pre_notices": []}
    assert head()[0] == before[0] + 1  # one event in the register's store: the query with its answer
    clock.advance(minutes=5)
    again = send("gulou-2026", QUERIES, query_body(unit_numbers=[GULOU_FLAT, TAIJIANG_FLAT]))
    assert (again.status_code, again.json) == (200, first.json)
    assert head()[0] == before[0] + 1


def test_a_query_naming_a_unit_outside_the_area_is_refused_with_feedback(gulou, courts, send, head):
    refused = send("gulou-2026", QUERIES, query_body(unit_numbers=[GULOU_FLAT, XIAMEN_FLAT]))
    assert refused.status_code == 422, refused.json
    assert refused.json["code"] == "outside_registry_area" and "350203" in refused.json["message"]
    assert refused.json["feedback"]["result"] == "2" and refused.json["feedback"]["request_id"] == "GL-Q1"
    before = head()
    again = send("gulou-2026", QUERIES, query_body(unit_numbers=[GULOU_FLAT, XIAMEN_FLAT]))
    assert (again.status_code, again.json) == (422, refused.json)
    assert head() == before


def test_a_request_id_used_for_a_seizure_is_a_409_for_a_query(encumbered, send, head):
    before = head()
    response = send("gulou-2026", QUERIES, query_body("GL-1"))
    assert response.status_code == 409 and response.json["code"] == "request_id_reused"
    assert head() == before


@pytest.mark.parametrize("label,change,field", [
    ("nothing asked", {"subjects": [], "unit_numbers": []}, "subjects"),
    ("bad unit number", {"unit_numbers": [GULOU_FLAT[:-1] + "X"]}, "unit_numbers"),
    ("too many units", {"unit_numbers": [GULOU_FLAT] * 51}, "unit_numbers"),
    ("bad id type", {"subjects": [{**ZHANG, "id_type": "42"}]}, "subjects"),
    ("missing judge", {"judge": None}, "judge"),
    ("bad request id", {"request_id": "GL 1/2"}, "request_id"),
    ("unknown field", {"kzcs": "11"}, "kzcs"),
], ids=lambda v: v if isinstance(v, str) else "")
def test_a_malformed_query_is_a_422_and_stores_nothing(gulou, courts, send, head, label, change, field):
    refused_as_malformed(send, head, QUERIES, query_body(**change), field)


def test_an_unsigned_query_is_a_401_and_stores_nothing(client, gulou, courts, head):
    refused_unsigned(client, head, QUERIES, query_body())


def refused_as_malformed(send, head, path: str, body: dict, field: str) -> None:
    """A 422 naming the field, without feedback, and no store grew (shared with the tax inquiry tests)."""
    before = head()
    response = send("gulou-2026", path, body)
    assert response.status_code == 422, response.json
    assert response.json["code"] == "invalid_input" and any(k.startswith(field) for k in response.json["errors"])
    assert "feedback" not in response.json
    assert head() == before


def refused_unsigned(client, head, path: str, body: dict) -> None:
    before = head()
    response = client.post(path, json=body)
    assert response.status_code == 401 and response.json["code"] == "court_signature_missing"
    assert head() == before
