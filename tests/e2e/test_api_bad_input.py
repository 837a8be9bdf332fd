"""Bad input gets its status, a field-level message, and changes nothing in the event store."""

import json
from datetime import timedelta

import pytest

from tests.builders import LI_NA, WANG_FANG, ZHANG_WEI
from tests.e2e.api import transfer_body, unit_body

HALF_ZHANG = {"name": ZHANG_WEI.name, "id_number": ZHANG_WEI.id_number, "share": "0.5"}
FORTY_WANG = {"name": WANG_FANG.name, "id_number": WANG_FANG.id_number, "share": "0.4"}


@pytest.fixture
def registered(client, people):
    assert client.post("/api/v1/units", json=unit_body(), headers=people["registrar"]).status_code == 201


UNIT_CASES = [
    ("invalid unit number", {"unit_number": "350102001001GB00001F0001000X"}, 422, "invalid_input", "unit_number"),
    ("negative area", {"area": "-5.00"}, 422, "invalid_input", "area"),
    ("over-precise area", {"area": "120.005"}, 422, "invalid_input", "area"),
    ("area as an over-precise JSON number", {"area": 120.555}, 422, "invalid_input", "area"),
    ("area as text", {"area": "big"}, 422, "invalid_input", "area"),
    ("unknown use", {"use": "castle"}, 422, "invalid_input", "use"),
    ("unknown field", {"colour": "red"}, 422, "invalid_input", "colour"),
    ("term ends before it starts", {"term_end": "2000-01-01"}, 422, "invalid_input", "term_end"),
    ("shares not summing to 1", {"owners": [HALF_ZHANG, FORTY_WANG]}, 422, "shares_must_sum_to_one", "owners"),
    ("bad ID check digit", {"owners": [{**HALF_ZHANG, "share": "1", "id_number": ZHANG_WEI.id_number[:17] + "0"}]},
     422, "invalid_input", "owners"),
]


@pytest.mark.parametrize("label,change,status,code,field", UNIT_CASES, ids=[c[0] for c in UNIT_CASES])
def test_bad_unit_registration_is_refused_and_stores_nothing(client, people, head, label, change, status,
                                                             code, field):
    before = head()
    response = client.post("/api/v1/units", json=unit_body(**change), headers=people["registrar"])
    assert response.status_code == status, response.json
    assert response.json["code"] == code
    assert field in response.json["errors"]
    assert response.json["message"]
    assert head() == before


TRANSFER_CASES = [
    ("negative price", {"price": "-1.00"}, 422, "invalid_input", "price"),
    ("over-precise price", {"price": "2000000.001"}, 422, "invalid_input", "price"),
    ("price as a list", {"price": [1]}, 422, "invalid_input", "price"),
    ("missing contract date", {"contract_date": None}, 422, "invalid_input", "contract_date"),
    ("sellers are not the owners", {"sellers": [{"name": WANG_FANG.name, "id_number": WANG_FANG.id_number}]},
     422, "sellers_must_be_owners", "sellers"),
    ("buyer shares not summing to 1", {"buyers": [{"name": LI_NA.name, "id_number": LI_NA.id_number,
                                                   "share": "0.9"}]}, 422, "shares_must_sum_to_one", "owners"),
    ("unknown unit", {"unit_number": "350102001001GB00099F00010001"}, 404, "unknown_unit", None),
    ("too many certificates", {"certificates": 5}, 422, "invalid_value", "certificates"),
]


@pytest.mark.parametrize("label,change,status,code,field", TRANSFER_CASES, ids=[c[0] for c in TRANSFER_CASES])
def test_bad_transfer_is_refused_and_stores_nothing(client, people, registered, head, label, change, status,
                                                    code, field):
    body = transfer_body(**change)
    body = {k: v for k, v in body.items() if v is not None}
    before = head()
    response = client.post("/api/v1/transfers", json=body, headers=people["lina"])
    assert response.status_code == status, response.json
    assert response.json["code"] == code
    if field:
        assert field in response.json["errors"]
    assert head() == before


def test_malformed_json_is_a_400_with_the_error_shape(client, people, registered, head):
    before = head()
    response = client.post("/api/v1/transfers", data='{"unit_number": ', headers=people["lina"],
                           content_type="application/json")
    assert response.status_code == 400
    assert response.json == {"code": "malformed_json", "message": "the request body is not valid JSON",
                             "errors": {}}
    assert head() == before


def test_body_over_one_mebibyte_is_413(client, people, registered, head):
    before = head()
    huge = transfer_body(contract_number="x" * (1024 * 1024 + 10))
    response = client.post("/api/v1/transfers", json=huge, headers=people["lina"])
    assert response.status_code == 413
    assert response.json["code"] == "payload_too_large"
    assert head() == before


def test_forged_token_is_401(client, registered, head):
    before = head()
    response = client.post("/api/v1/transfers", json=transfer_body(),
                           headers={"Authorization": "Bearer rgt_forgedforgedforgedforged"})
    assert response.status_code == 401 and response.json["code"] == "unauthorised"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert head() == before


def test_expired_token_is_401(client, platform, clock, people, registered, head):
    token = platform.accounts.issue_token("lina", clock.now(), valid_for=timedelta(hours=1))
    clock.advance(hours=2)
    before = head()
    response = client.post("/api/v1/transfers", json=transfer_body(), headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert head() == before


def test_missing_token_is_401_even_with_a_bad_body(client, head):
    response = client.post("/api/v1/transfers", data="not json", content_type="application/json")
    assert response.status_code == 401


def test_wrong_role_is_403(client, people, registered, head):
    before = head()
    response = client.post("/api/v1/transfers", json=transfer_body(), headers=people["registrar"])
    assert response.status_code == 403 and response.json["code"] == "forbidden"
    response = client.post("/api/v1/units", json=unit_body(unit_number="350102001001GB00002F00010001"),
                           headers=people["lina"])
    assert response.status_code == 403
    assert head() == before


def test_registrar_cannot_register_for_another_registry(client, people, head):
    before = head()
    response = client.post("/api/v1/units", json=unit_body(registry="fz-registry"), headers=people["xm-registrar"])
    assert response.status_code == 403
    assert head() == before


def test_not_a_case_id_is_404(client, people):
    response = client.get("/api/v1/transfers/not-a-uuid", headers=people["lina"])
    assert response.status_code == 404 and response.json["code"] == "not_found"


def test_contract_date_in_the_future_is_refused(client, people, registered, head, clock):
    before = head()
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()
    response = client.post("/api/v1/transfers", json=transfer_body(contract_date=tomorrow), headers=people["lina"])
    assert response.status_code == 422 and "contract_date" in response.json["errors"]
    assert head() == before


def test_an_exact_json_number_is_read_as_an_exact_decimal_never_a_float(client, people):
    created = client.post("/api/v1/units", data=json.dumps(unit_body()).replace('"120.00"', "120.10"),
                          content_type="application/json", headers=people["registrar"])
    assert created.status_code == 201, created.json
    assert created.json["area"] == "120.10"


@pytest.mark.parametrize("body", [b'{"a":' * 5000, b'{"price": 1' + b"0" * 5000 + b"}", b'{"unit_number": "x\\u0000"}'],
                         ids=["nested too deeply", "a number too long", "a NUL character"])
def test_hostile_bodies_get_a_clear_error_and_store_nothing(client, people, head, body):
    before = head()
    response = client.post("/api/v1/transfers", data=body, content_type="application/json", headers=people["lina"])
    assert response.status_code in (400, 422) and response.json["code"] in ("malformed_json", "invalid_input")
    assert head() == before


def test_control_characters_in_paths_queries_and_forms_are_refused(client, people):
    assert client.get("/api/v1/units/a%00b", headers=people["registrar"]).status_code == 400
    assert client.post("/login", data={"username": "lina\x00", "password": "x"}).status_code == 400
