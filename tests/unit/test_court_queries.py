"""The court's query (查询) and tax inquiry (询价) through the commands on the in-memory Registry: Zhang Wei's Gulou
flat with its ICBC loan, seized by Gulou court and queued by Taijiang court; every request kept as one event with
its answer, a repeat answered from it with nothing stored, and a request id of another kind refused."""

import hashlib
from datetime import date
from decimal import Decimal

import pytest

from registry.courts import orders as court_orders
from registry.courts import queries as court_queries
from registry.courts.orders import OrderRequest, court_order_id
from registry.courts.queries import CourtQuery, QueryRequest
from registry.courts.tax_inquiry import NO_BUYER, TaxInquiry, TaxInquiryRequest, inquire_taxes
from registry.kernel.errors import RequestIdReused
from registry.register_book import commands as units
from tests.builders import (
    CANGSHAN_FLAT,
    GULOU_FLAT,
    LI_NA,
    TAIJIANG_FLAT,
    ZHANG_WEI,
    mortgage_kwargs,
    sole,
    unit_kwargs,
)

GULOU = ("fz-gulou-court", "福州市鼓楼区人民法院")
TAIJIANG = ("fz-taijiang-court", "福州市台江区人民法院")
GULOU_RULING, TAIJIANG_RULING = "(2026)闽0102执123号", "(2026)闽0103执45号"
ZHANG = {"name": ZHANG_WEI.name, "id_type": "1", "id_number": ZHANG_WEI.id_number}
XIAMEN_FLAT = "350203001001GB00001F00010001"  # Siming, Xiamen: another registry's area


def sha(court, request_id):
    return hashlib.sha256(f"{court[0]}:{request_id}".encode()).hexdigest()


def seize(app, court, request_id, ruling):
    return court_orders.seize(app, court=court[0], court_name=court[1], request_sha256=sha(court, request_id),
                              request=OrderRequest(request_id=request_id, executing_court="执行局", judge="陈法官",
                                                   case_number=ruling, notice_name="协助执行通知书",
                                                   ruling_number=ruling, subjects=[ZHANG], unit_number=GULOU_FLAT,
                                                   start=date(2026, 3, 16), end=date(2027, 3, 15)))


def ask(app, request_id="GL-Q1", *, subjects=(ZHANG,), unit_numbers=(GULOU_FLAT,), court=GULOU):
    request = QueryRequest(request_id=request_id, executing_court="执行局", judge="陈法官", case_number=GULOU_RULING,
                           notice_name="协助查询通知书", ruling_number="", subjects=list(subjects),
                           unit_numbers=list(unit_numbers))
    return court_queries.query(app, court=court[0], court_name=court[1], request_sha256=sha(court, request_id),
                               request=request)


def inquire(app, request_id="GL-T1", *, price="2000000.00", unit_number=GULOU_FLAT, buyer=None):
    request = TaxInquiryRequest(request_id=request_id, executing_court="执行局", judge="陈法官",
                                case_number=GULOU_RULING, unit_number=unit_number, price=Decimal(price), buyer=buyer)
    return inquire_taxes(app, court=GULOU[0], court_name=GULOU[1], request_sha256=sha(GULOU, request_id),
                         request=request, surcharge_rate=Decimal("0.06"), deemed_income_rate=Decimal("0.01"))


def head(app):
    return app.recorder.max_notification_id() or 0


def amounts(answer):
    return {(line["code"], line["payer"]): line["amount"] for line in answer["lines"]}


@pytest.fixture
def encumbered(app, gulou_flat, file_and_confirm, icbc, seller):
    """ICBC's 1,000,000.00 loan at rank 1; Gulou court's seizure active, Taijiang court's queued behind it."""
    file_and_confirm(icbc, seller, **mortgage_kwargs())
    assert seize(app, GULOU, "GL-1", GULOU_RULING).controlled
    assert seize(app, TAIJIANG, "TJ-1", TAIJIANG_RULING).controlled
    return gulou_flat


def test_a_query_by_person_and_by_unit_shows_the_mortgage_and_the_active_and_queued_seizures(app, encumbered):
    answer = ask(app)
    assert answer["result"] == "1" and answer["kind"] == "query"
    flat = answer["units"][0]
    assert answer["persons"][0]["units"] == [flat] and answer["persons"][0]["id_number"] == ZHANG_WEI.id_number
    assert (flat["in_register"], flat["area"], flat["use"]) == (True, "120.00", "residential")
    assert flat["owners"] == [{"name": "张伟", "id_number": ZHANG_WEI.id_number, "share": "1"}]
    assert flat["certificate_number"] == "闽(2026)福州市不动产权第0000001号"
    [loan] = flat["mortgages"]
    assert (loan["rank"], loan["bank_name"], loan["amount"]) == (1, "中国工商银行福州分行", "1000000.00")
    assert loan["proof_number"] == "闽(2026)福州市不动产证明第0000001号"
    assert [(s["court_name"], s["reference"], s["state"], s["start"], s["end"]) for s in flat["seizures"]] == [
        ("福州市鼓楼区人民法院", GULOU_RULING, "active", "2026-03-16", "2027-03-15"),
        ("福州市台江区人民法院", TAIJIANG_RULING, "queued", "2026-03-16", "2027-03-15")]
    assert flat["locks"] == [{"reference": GULOU_RULING, "authority": "福州市鼓楼区人民法院"}]
    assert (flat["objections"], flat["seizure_history"], flat["pre_notices"]) == ([], [], [])


def test_a_released_seizure_moves_to_the_history_and_the_queued_one_is_answered_active(app, encumbered):
    court_orders.release(app, court=GULOU[0], court_name=GULOU[1], request_sha256=sha(GULOU, "GL-2"),
                         request=OrderRequest("GL-2", "执行局", "陈法官", GULOU_RULING, "协助执行通知书", GULOU_RULING,
                                              [ZHANG], GULOU_FLAT, seizure_reference=GULOU_RULING))
    flat = ask(app, unit_numbers=[])["persons"][0]["units"][0]
    assert [(s["reference"], s["state"]) for s in flat["seizures"]] == [(TAIJIANG_RULING, "active")]
    assert [(s["reference"], s["state"]) for s in flat["seizure_history"]] == [(GULOU_RULING, "released")]


def test_a_query_is_kept_as_one_event_and_a_repeat_returns_the_first_answer_storing_nothing(app, encumbered):
    first = ask(app)
    stored = app.repository.get(court_order_id(GULOU[0], "GL-Q1"))
    assert isinstance(stored, CourtQuery) and stored.answer == first and stored.request_sha256 == sha(GULOU, "GL-Q1")
    assert [e.topic for e in app.recorder.select_events(stored.id)] == ["registry.court_query.Queried"]
    before = head(app)
    app.clock.advance(days=2)
    assert ask(app, subjects=[]) == first
    assert head(app) == before


def test_an_unknown_unit_inside_the_area_is_answered_as_not_in_the_register(app, gulou_flat):
    answer = ask(app, subjects=[], unit_numbers=[TAIJIANG_FLAT])
    assert answer["result"] == "1"
    assert answer["units"] == [{"unit_number": TAIJIANG_FLAT, "in_register": False, "pre_notices": []}]


def test_a_person_holding_nothing_is_answered_with_no_units(app, gulou_flat):
    answer = ask(app, subjects=[{"name": "李娜", "id_type": "1", "id_number": LI_NA.id_number}], unit_numbers=[])
    assert answer["persons"] == [{"name": "李娜", "id_type": "1", "id_number": LI_NA.id_number, "units": []}]


def test_a_query_naming_a_unit_outside_the_area_is_refused_and_the_refusal_is_kept(app, gulou_flat):
    answer = ask(app, unit_numbers=[GULOU_FLAT, XIAMEN_FLAT])
    assert (answer["result"], answer["code"], answer["status"]) == ("2", "outside_registry_area", 422)
    assert "350203" in answer["reason"] and "persons" not in answer
    before = head(app)
    assert ask(app, unit_numbers=[GULOU_FLAT, XIAMEN_FLAT]) == answer
    assert head(app) == before


def test_a_request_id_used_for_a_seizure_is_refused_for_a_query_and_a_tax_inquiry(app, encumbered):
    before = head(app)
    with pytest.raises(RequestIdReused, match="GL-1"):
        ask(app, "GL-1")
    with pytest.raises(RequestIdReused):
        inquire(app, "GL-1")
    ask(app, "GL-Q1")
    with pytest.raises(RequestIdReused):
        inquire(app, "GL-Q1")
    assert head(app) == before + 1  # only the query
    assert ask(app, "GL-Q1", court=TAIJIANG)["result"] == "1"  # another court's ids are its own


# -- tax inquiry -------------------------------------------------------------------------------------------
def test_a_flat_held_under_two_years_pays_vat_surcharges_and_deemed_income_tax(app, registrar):
    """Registered 2025-09-16, sold at auction 2026-03-16 for 1,030,000.00: price excl. VAT 1,030,000 / 1.03 =
    1,000,000.00; VAT 3% 30,000.00; surcharges 6% of VAT 1,800.00; no proved cost: income tax 1% 10,000.00;
    nobody named as buyer: first home, 120 m² ≤ 140, deed tax 1% 10,000.00; fee 80.00."""
    units.register_unit(app, registrar, **unit_kwargs(registered_on=date(2025, 9, 16)))
    answer = inquire(app, price="1030000.00")
    assert answer["result"] == "1" and answer["assumptions"] == [NO_BUYER]
    assert amounts(answer) == {
        ("deed_tax", "buyer"): "10000.00", ("stamp_duty", "buyer"): "0.00", ("registration_fee", "buyer"): "80.00",
        ("vat", "seller"): "30000.00", ("surcharges", "seller"): "1800.00", ("income_tax", "seller"): "10000.00",
        ("stamp_duty", "seller"): "0.00", ("land_vat", "seller"): "0.00"}
    assert answer["totals"] == {"buyer": "10080.00", "seller": "41800.00", "overall": "51880.00"}
    vat = answer["lines"][3]
    assert (vat["description"], vat["basis"], vat["rate"]) == ("增值税", "1000000.00", "0.03")
    assert answer["sale_date"] == "2026-03-16" and answer["facts"]["seller_acquired_on"] == "2025-09-16"


def test_an_only_home_held_over_five_years_pays_only_the_buyers_deed_tax_and_fee(app, gulou_flat):
    """Held since 2018-05-20, Zhang Wei's only home: VAT and income tax exempt; 2,000,000.00 × 1% = 20,000.00."""
    answer = inquire(app)
    assert answer["totals"] == {"buyer": "20080.00", "seller": "0.00", "overall": "20080.00"}
    assert amounts(answer)[("income_tax", "seller")] == "0.00"
    assert answer["lines"][0]["rule"] == "deed_tax.first_home.le140.2024"


def test_a_named_buyers_registered_homes_decide_the_deed_tax(app, gulou_flat, registrar):
    """Li Na already owns two flats: the Gulou flat would be her third home, statutory 3% = 60,000.00."""
    for number in (TAIJIANG_FLAT, CANGSHAN_FLAT):
        units.register_unit(app, registrar, **unit_kwargs(number, owners=sole(LI_NA)))
    answer = inquire(app, buyer={"name": "李娜", "id_type": "1", "id_number": LI_NA.id_number})
    assert amounts(answer)[("deed_tax", "buyer")] == "60000.00"
    assert answer["facts"]["units_counted"] == sorted([TAIJIANG_FLAT, CANGSHAN_FLAT])


def test_a_tax_inquiry_is_kept_and_a_repeat_returns_the_first_answer_storing_nothing(app, gulou_flat):
    first = inquire(app)
    stored = app.repository.get(court_order_id(GULOU[0], "GL-T1"))
    assert isinstance(stored, TaxInquiry) and stored.answer == first and stored.price == "2000000.00"
    before = head(app)
    assert inquire(app, price="1500000.00") == first
    assert head(app) == before


@pytest.mark.parametrize("unit_number,code,status", [(TAIJIANG_FLAT, "unknown_unit", 404),
                                                     (XIAMEN_FLAT, "outside_registry_area", 422)])
def test_a_tax_inquiry_on_a_unit_not_held_here_is_refused_and_the_refusal_is_kept(app, unit_number, code, status):
    answer = inquire(app, unit_number=unit_number)
    assert (answer["result"], answer["code"], answer["status"]) == ("2", code, status)
    before = head(app)
    assert inquire(app, unit_number=unit_number) == answer
    assert head(app) == before
