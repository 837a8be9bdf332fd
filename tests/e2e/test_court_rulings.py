"""The auction ruling endpoint's gate, through HTTP on both stores: malformed documents and bodies are a 422
that stores nothing, an unsigned ruling is a 401, a ruling the register refuses is a 422 carrying feedback "2",
and a repeated request id returns the first answer."""

from __future__ import annotations

import base64
import json

import pytest

from tests.builders import CHEN_GANG, LI_NA, LI_XIAOMING, TAIJIANG_FLAT, ZHANG_WEI
from tests.e2e import test_court_auth, test_court_seizures
from tests.e2e.api import case_of, eventually, unit_body
from tests.e2e.test_court_seizures import SEIZE, order_body

courts, registered, send = test_court_auth.courts, test_court_seizures.registered, test_court_seizures.send
RULINGS = "/api/v1/court/rulings"
PDF = base64.b64encode(b"%PDF-1.7\n%%EOF\n").decode()


def ruling_body(request_id: str = "GL-R1", **overrides) -> dict:
    body = order_body(request_id, kzcs="15", start=None, end=None, ruling_date="2026-03-16",
                      subjects=[{"name": ZHANG_WEI.name, "id_type": "1", "id_number": ZHANG_WEI.id_number}],
                      confirmation_number="(2026)闽0102执123号拍卖成交确认书",
                      assistance_notice_number="(2026)闽0102执123号协助执行通知书", price="1680000.00",
                      buyers=[{"name": "李娜", "id_type": "1", "id_number": "350103199003030033", "share": "1"}],
                      documents=[{"kind": "ruling", "name": "裁定书.pdf", "content_type": "application/pdf",
                                  "content": PDF}])
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


def husband(**changes) -> dict:
    return {"buyer_id_number": LI_NA.id_number, "name": CHEN_GANG.name, "id_number": CHEN_GANG.id_number,
            "relation": "spouse", **changes}


def document(**changes) -> list[dict]:
    return [{"kind": "ruling", "name": "裁定书.pdf", "content_type": "application/pdf", "content": PDF, **changes}]


@pytest.mark.parametrize("label,change,field", [
    ("content that is not base64", {"documents": document(content="not base64!")}, "documents"),
    ("a document that is not a PDF", {"documents": document(content=base64.b64encode(b"GIF89a").decode())},
     "documents"),
    ("an empty document", {"documents": document(content="")}, "documents"),
    ("a Word file", {"documents": document(content_type="application/msword")}, "documents"),
    ("no ruling among the documents", {"documents": document(kind="confirmation")}, "documents"),
    ("a buyer named by a passport", {"buyers": [{"name": "李娜", "id_type": "3", "id_number": "E12345678"}]},
     "buyers"),
    ("a price in tenths of a fen", {"price": "1680000.005"}, "price"),
    ("no ruling date", {"ruling_date": None}, "ruling_date"),
    ("a spouse with a bad ID number", {"family": [husband(id_number="350103198804040040")]}, "family"),
    ("a relation that is not spouse or minor child", {"family": [husband(relation="cousin")]}, "family"),
    ("the family of someone who is not a buyer", {"family": [husband(buyer_id_number=ZHANG_WEI.id_number)]},
     "family"),
    ("two spouses", {"family": [husband(), husband(name=LI_XIAOMING.name, id_number=LI_XIAOMING.id_number)]},
     "family"),
    ("the family as one object", {"family": husband()}, "family"),
])
def test_a_malformed_ruling_is_a_422_naming_the_field_and_stores_nothing(registered, send, head, label, change,
                                                                         field):
    assert send("gulou-2026", SEIZE, order_body("GL-1")).status_code == 200
    before = head()
    refused = send("gulou-2026", RULINGS, ruling_body(**change))
    assert refused.status_code == 422, refused.json
    assert field in refused.json["errors"] and "feedback" not in refused.json
    assert head() == before


def test_an_unsigned_ruling_is_a_401_and_stores_nothing(client, courts, registered, head):
    before = head()
    response = client.post(RULINGS, data=json.dumps(ruling_body(), ensure_ascii=False).encode(),
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 401 and head() == before


def test_a_ruling_by_a_court_that_never_seized_the_unit_is_failed_feedback_and_a_repeat_gives_the_same(
        registered, send, head):
    refused = send("taijiang-2026", RULINGS, ruling_body("TJ-R1"))
    assert refused.status_code == 422 and refused.json["code"] == "auction_court_has_seized"
    assert refused.json["feedback"]["result"] == "2" and refused.json["feedback"]["case_id"] == ""
    before = head()
    again = send("taijiang-2026", RULINGS, ruling_body("TJ-R1"))
    assert (again.status_code, again.json) == (422, refused.json) and head() == before


def test_an_accepted_ruling_is_a_202_and_its_repeat_returns_the_same_case(registered, send, head):
    assert send("gulou-2026", SEIZE, order_body("GL-1")).status_code == 200
    accepted = send("gulou-2026", RULINGS, ruling_body())
    assert accepted.status_code == 202, accepted.json
    assert (accepted.json["status"], accepted.json["kzcs"], accepted.json["result"]) == ("accepted", "15", "")
    before = head()
    again = send("gulou-2026", RULINGS, ruling_body())
    assert (again.status_code, again.json) == (202, accepted.json) and head() == before


# -- the buyer's family in the family-housing check ---------------------------------------------------------
@pytest.fixture
def husband_owns_a_flat(client, people, send):
    """Zhang Wei's 150 m² flat seized by Gulou; Li Na's husband Chen Gang owns a flat in Taijiang."""
    assert client.post("/api/v1/units", json=unit_body(area="150.00"), headers=people["registrar"]).status_code == 201
    chen = [{"name": CHEN_GANG.name, "id_number": CHEN_GANG.id_number, "share": "1"}]
    assert client.post("/api/v1/units", json=unit_body(TAIJIANG_FLAT, owners=chen),
                       headers=people["registrar"]).status_code == 201
    assert send("gulou-2026", SEIZE, order_body("GL-1")).status_code == 200


def deed_tax(lines: list[dict]) -> tuple[str, str]:
    [line] = [(line["rate"], line["amount"]) for line in lines if line["code"] == "deed_tax"]
    return line


def inquiry_body(request_id: str, **changes) -> dict:
    return {"request_id": request_id, "executing_court": "执行局", "judge": "陈法官",
            "case_number": "(2026)闽0102执123号",
            "unit_number": unit_body()["unit_number"], "price": "1680000.00", "sale_date": "2026-03-16",
            "buyer": {"name": LI_NA.name, "id_type": "1", "id_number": LI_NA.id_number}, **changes}


def test_a_ruling_naming_the_buyers_husband_who_owns_a_flat_taxes_it_as_her_second_home_as_the_quote_did(
        client, people, husband_owns_a_flat, send):
    """150 m², bought 2026: a family's first home pays 1.5% deed tax, a second home 2%."""
    alone = send("gulou-2026", "/api/v1/court/tax-inquiries", inquiry_body("GL-T1"))
    assert alone.status_code == 200, alone.json
    quoted = send("gulou-2026", "/api/v1/court/tax-inquiries", inquiry_body("GL-T2", family=[husband()]))
    assert quoted.status_code == 200, quoted.json
    assert (deed_tax(alone.json["lines"])[0], deed_tax(quoted.json["lines"])[0]) == ("0.015", "0.02")
    assert quoted.json["facts"]["units_counted"] == [TAIJIANG_FLAT]

    accepted = send("gulou-2026", RULINGS, ruling_body(family=[husband()]))
    assert accepted.status_code == 202, accepted.json
    case_id = accepted.json["case_id"]
    assessment = eventually(lambda: case_of(client, people, case_id).get("assessment"))
    assert deed_tax(assessment["lines"]) == deed_tax(quoted.json["lines"])
    case = case_of(client, people, case_id)
    assert [h["ordinal"] for h in case["home_counts"]] == ["second"]
    order = eventually(lambda: case_of(client, people, case_id).get("order"))
    assert deed_tax(quoted.json["lines"])[1] in [line["amount"] for line in order["lines"]]


@pytest.mark.parametrize("label,change", [
    ("a family without a buyer", {"buyer": None, "family": [husband()]}),
    ("a family for another buyer", {"family": [husband(buyer_id_number=ZHANG_WEI.id_number)]}),
    ("a family of a company buyer", {"buyer": {"name": "福州某公司", "id_type": "7", "id_number": "91350100MA000000X1"},
                                     "family": [husband()]}),
    ("a child with a bad ID number", {"family": [husband(relation="minor_child", id_number="35010320150505")]}),
])
def test_a_tax_inquiry_with_a_wrong_family_is_a_422_naming_family_and_stores_nothing(
        client, people, husband_owns_a_flat, send, head, label, change):
    before = head()
    refused = send("gulou-2026", "/api/v1/court/tax-inquiries", {
        k: v for k, v in inquiry_body("GL-T1", **change).items() if v is not None})
    assert refused.status_code == 422, refused.json
    assert "family" in refused.json["errors"] and "feedback" not in refused.json
    assert head() == before
