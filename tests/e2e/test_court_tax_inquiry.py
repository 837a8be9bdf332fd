"""A court's tax inquiry (询价) through HTTP on both stores: the tax engine's breakdown of an auction sale of a
unit at the court's price, in exact yuan worked out by hand; kept with its answer, a repeat stores nothing;
unknown or foreign units, malformed and unsigned inquiries are refused."""

from __future__ import annotations

from datetime import date

import pytest

from registry.register_book import commands as units
from tests.builders import GULOU_FLAT, LI_NA, TAIJIANG_FLAT, unit_kwargs
from tests.e2e import test_bank_api, test_court_seizures
from tests.e2e.test_court_queries import refused_as_malformed, refused_unsigned
from tests.e2e.test_court_seizures import GULOU_RULING

courts, send = test_court_seizures.courts, test_court_seizures.send
banks, gulou = test_bank_api.banks, test_bank_api.gulou

INQUIRIES = "/api/v1/court/tax-inquiries"


def inquiry_body(request_id: str = "GL-T1", **overrides) -> dict:
    body = {"request_id": request_id, "executing_court": "执行局", "judge": "陈法官", "case_number": GULOU_RULING,
            "unit_number": GULOU_FLAT, "price": "2000000.00"}
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


def amounts(response) -> dict:
    return {(line["code"], line["payer"]): line["amount"] for line in response.json["lines"]}


@pytest.fixture
def recent(platform, banks):
    """A Taijiang flat Zhang Wei registered on 2025-09-16: held six months at the auction on 2026-03-16."""
    registrar = platform.accounts.user("registrar").actor
    platform.wait_for(units.register_unit(platform.registry, registrar,
                                          **unit_kwargs(TAIJIANG_FLAT, registered_on=date(2025, 9, 16))))


def test_a_flat_held_under_two_years_pays_vat_surcharges_and_deemed_income_tax(recent, courts, send):
    """1,030,000.00 / 1.03 = 1,000,000.00 excl. VAT; VAT 3% 30,000.00; surcharges 6% of VAT 1,800.00; no proved
    cost: income tax 1% 10,000.00; no buyer named: first home of 120 m², deed tax 1% 10,000.00; fee 80.00."""
    response = send("gulou-2026", INQUIRIES, inquiry_body(unit_number=TAIJIANG_FLAT, price="1030000.00"))
    assert response.status_code == 200, response.json
    assert amounts(response) == {
        ("deed_tax", "buyer"): "10000.00", ("stamp_duty", "buyer"): "0.00", ("registration_fee", "buyer"): "80.00",
        ("vat", "seller"): "30000.00", ("surcharges", "seller"): "1800.00", ("income_tax", "seller"): "10000.00",
        ("stamp_duty", "seller"): "0.00", ("land_vat", "seller"): "0.00"}
    assert response.json["totals"] == {"buyer": "10080.00", "seller": "41800.00", "overall": "51880.00"}
    assert response.json["settings"] == {"surcharge_rate": "0.06", "deemed_income_tax_rate": "0.01"}
    assert "first home" in response.json["assumptions"][0] and response.json["sale_date"] == "2026-03-16"
    assert {line["description"] for line in response.json["lines"]} >= {"契税", "增值税", "个人所得税"}


def test_an_only_home_held_over_five_years_pays_only_the_buyers_deed_tax_and_fee(gulou, courts, send):
    """Held since 2018-05-20, Zhang Wei's only home; Li Na, owning nothing, buys her first home:
    VAT and income tax exempt, deed tax 2,000,000.00 × 1% = 20,000.00, fee 80.00."""
    buyer = {"name": LI_NA.name, "id_type": "1", "id_number": LI_NA.id_number}
    response = send("gulou-2026", INQUIRIES, inquiry_body(buyer=buyer, sale_date="2026-03-20"))
    assert response.status_code == 200, response.json
    assert response.json["totals"] == {"buyer": "20080.00", "seller": "0.00", "overall": "20080.00"}
    assert amounts(response)[("deed_tax", "buyer")] == "20000.00"
    assert amounts(response)[("income_tax", "seller")] == "0.00"
    assert response.json["facts"]["seller_only_home"] is True and response.json["sale_date"] == "2026-03-20"


def test_a_tax_inquiry_is_kept_and_a_repeat_returns_the_first_answer_storing_nothing(gulou, courts, send, head):
    before = head()
    first = send("gulou-2026", INQUIRIES, inquiry_body())
    assert first.status_code == 200, first.json
    assert head()[0] == before[0] + 1
    again = send("gulou-2026", INQUIRIES, inquiry_body(price="1500000.00"))
    assert (again.status_code, again.json) == (200, first.json)
    assert head()[0] == before[0] + 1


@pytest.mark.parametrize("unit_number,status,code", [(TAIJIANG_FLAT, 404, "unknown_unit"),
                                                     ("350203001001GB00001F00010001", 422, "outside_registry_area")])
def test_a_tax_inquiry_on_a_unit_not_held_here_is_refused_and_a_repeat_gets_the_same(gulou, courts, send, head,
                                                                                      unit_number, status, code):
    refused = send("gulou-2026", INQUIRIES, inquiry_body(unit_number=unit_number))
    assert refused.status_code == status and refused.json["code"] == code, refused.json
    assert refused.json["feedback"]["result"] == "2"
    before = head()
    again = send("gulou-2026", INQUIRIES, inquiry_body(unit_number=unit_number))
    assert (again.status_code, again.json) == (status, refused.json)
    assert head() == before


def test_a_request_id_used_for_a_query_is_a_409_for_a_tax_inquiry(gulou, courts, send, head):
    query = {"request_id": "GL-Q1", "executing_court": "执行局", "judge": "陈法官", "case_number": GULOU_RULING,
             "notice_name": "协助查询通知书", "unit_numbers": [GULOU_FLAT]}
    assert send("gulou-2026", "/api/v1/court/queries", query).status_code == 200
    before = head()
    response = send("gulou-2026", INQUIRIES, inquiry_body("GL-Q1"))
    assert response.status_code == 409 and response.json["code"] == "request_id_reused"
    assert head() == before


@pytest.mark.parametrize("label,change,field", [
    ("price not a number", {"price": "两百万"}, "price"),
    ("zero price", {"price": "0.00"}, "price"),
    ("price in mills", {"price": "2000000.001"}, "price"),
    ("bad sale date", {"sale_date": "2026-02-30"}, "sale_date"),
    ("buyer without id", {"buyer": {"name": "李娜", "id_type": "1"}}, "buyer"),
    ("bad unit number", {"unit_number": "3501"}, "unit_number"),
    ("missing case number", {"case_number": None}, "case_number"),
], ids=lambda v: v if isinstance(v, str) else "")
def test_a_malformed_tax_inquiry_is_a_422_and_stores_nothing(gulou, courts, send, head, label, change, field):
    refused_as_malformed(send, head, INQUIRIES, inquiry_body(**change), field)


def test_an_unsigned_tax_inquiry_is_a_401_and_stores_nothing(client, gulou, courts, head):
    refused_unsigned(client, head, INQUIRIES, inquiry_body())
