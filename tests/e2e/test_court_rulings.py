"""The auction ruling endpoint's gate, through HTTP on both stores: malformed documents and bodies are a 422
that stores nothing, an unsigned ruling is a 401, a ruling the register refuses is a 422 carrying feedback "2",
and a repeated request id returns the first answer."""

from __future__ import annotations

import base64
import json

import pytest

from tests.builders import ZHANG_WEI
from tests.e2e import test_court_auth, test_court_seizures
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
