"""The public tax quote through HTTP: the worked examples, refused input, and the rate limit."""

import pytest

QUOTES = "/api/v1/tax/quotes"


def e1(**overrides) -> dict:
    body = {"contract_date": "2026-03-10", "price": "2000000.00", "area_m2": "120.00", "use": "residential",
            "buyer_kind": "individual", "buyer_homes_before": 0, "seller_kind": "individual",
            "seller_acquired_on": "2018-06-01", "seller_only_home": True}
    body.update(overrides)
    return body


def amounts(response) -> dict:
    return {(line["code"], line["payer"]): line["amount"] for line in response.json["lines"]}


def test_e1_through_the_api_without_logging_in(client):
    response = client.post(QUOTES, json=e1())
    assert response.status_code == 200, response.json
    assert response.json["totals"] == {"buyer": "20080.00", "seller": "0.00", "overall": "20080.00"}
    assert amounts(response) == {
        ("deed_tax", "buyer"): "20000.00", ("stamp_duty", "buyer"): "0.00", ("registration_fee", "buyer"): "80.00",
        ("vat", "seller"): "0.00", ("surcharges", "seller"): "0.00", ("income_tax", "seller"): "0.00",
        ("stamp_duty", "seller"): "0.00", ("land_vat", "seller"): "0.00"}
    deed_tax = response.json["lines"][0]
    assert deed_tax["rule"] == "deed_tax.first_home.le140.2024" and deed_tax["rate"] == "0.01"
    assert deed_tax["facts"]["home"] == "first" and deed_tax["facts"]["area_m2"] == "120.00"
    assert response.json["rule_set"]["valid_from"] == "2026-01-01"


def test_e1_with_two_co_owners_each_taking_a_certificate(client):
    response = client.post(QUOTES, json=e1(certificates=2))
    assert amounts(response)[("registration_fee", "buyer")] == "90.00"
    assert response.json["totals"]["overall"] == "20090.00"


def test_e2_through_the_api(client):
    response = client.post(QUOTES, json=e1(contract_date="2025-10-15", price="3150000", area_m2="150.00",
                                           buyer_homes_before=1, seller_acquired_on="2024-04-15",
                                           seller_only_home=False, surcharge_rate="0.06"))
    assert response.status_code == 200, response.json
    got = amounts(response)
    assert (got[("vat", "seller")], got[("surcharges", "seller")]) == ("150000.00", "9000.00")
    assert (got[("deed_tax", "buyer")], got[("income_tax", "seller")]) == ("60000.00", "30000.00")
    assert got[("registration_fee", "buyer")] == "80.00"
    assert response.json["lines"][0]["basis"] == "3000000.00"
    assert response.json["totals"] == {"buyer": "60080.00", "seller": "189000.00", "overall": "249080.00"}
    assert response.json["settings"] == {"surcharge_rate": "0.06", "deemed_income_tax_rate": "0.01"}


def test_surcharges_at_the_full_12_percent_on_request(client):
    response = client.post(QUOTES, json=e1(contract_date="2025-10-15", price="3150000", seller_only_home=False,
                                           seller_acquired_on="2024-04-15", surcharge_rate="0.12"))
    assert amounts(response)[("surcharges", "seller")] == "18000.00"


BAD = [
    ("negative price", {"price": "-1.00"}, "price"),
    ("area 0", {"area_m2": "0"}, "area_m2"),
    ("acquired after the contract", {"seller_acquired_on": "2026-03-11"}, "seller_acquired_on"),
    ("unknown use", {"use": "castle"}, "use"),
    ("homes below 0", {"buyer_homes_before": -1}, "buyer_homes_before"),
    ("unknown field", {"colour": "red"}, "colour"),
    ("price as an over-precise JSON number", {"price": 2000000.005}, "price"),
    ("area as an over-precise JSON number", {"area_m2": 120.555}, "area_m2"),
    ("contract before 22 February 2016", {"contract_date": "2016-02-21", "seller_acquired_on": "2010-01-01"},
     "contract_date"),
    ("surcharge rate not offered", {"surcharge_rate": "0.07"}, "surcharge_rate"),
    ("no certificate", {"certificates": 0}, "certificates"),
    ("only-home as text", {"seller_only_home": "yes"}, "seller_only_home"),
    ("missing price", {"price": None}, "price"),
]


@pytest.mark.parametrize("label,change,field", BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_a_422_naming_the_field_and_stores_nothing(client, head, label, change, field):
    before = head()
    body = {k: v for k, v in e1(**change).items() if v is not None}
    response = client.post(QUOTES, json=body)
    assert response.status_code == 422, response.json
    assert set(response.json) == {"code", "message", "errors"}
    assert field in response.json["errors"] and response.json["message"]
    assert head() == before


def test_quotes_are_rate_limited_per_address(app, client):
    limit = app.extensions["public_rate_limit"].limit
    statuses = [client.post(QUOTES, json=e1()).status_code for _ in range(limit + 1)]
    assert statuses[:-1] == [200] * limit
    assert statuses[-1] == 429
    refused = client.post(QUOTES, json=e1())
    assert refused.status_code == 429 and refused.json["code"] == "too_many_requests"


def test_the_quote_is_in_the_openapi_document_without_a_login_requirement(client):
    operation = client.get("/api/openapi.json").json["paths"]["/api/v1/tax/quotes"]["post"]
    assert "security" not in operation
