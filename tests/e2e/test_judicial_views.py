"""What the registrar, the tax bureau and the buyer see of a judicial transfer (司法裁定过户, e拍即得), through HTTP
on both stores: the Gulou court seized Zhang Wei's flat, the Taijiang court queued a seizure behind it, and the
Gulou court's auction ruling sells the flat to Li Na for 1,680,000 yuan. Li Na pays; the Fuzhou registrar
registers the title; the Taijiang seizure stays and is flagged to the registrar until the Taijiang court
releases it. The Xiamen registrar sees none of it."""

from __future__ import annotations

import base64

import pytest

from tests.builders import LI_NA, ZHANG_WEI
from tests.e2e import test_court_auth, test_court_seizures, test_taxdesk
from tests.e2e.api import case_of, eventually, pay_case, unit_body
from tests.e2e.test_court_seizures import RELEASE, SEIZE, TAIJIANG_RULING, order_body
from tests.e2e.test_taxdesk import login, text

courts = test_court_auth.courts
send = test_court_seizures.send
officers = test_taxdesk.officers

RULINGS = "/api/v1/court/rulings"
AUCTION_RULING = "(2026)闽0102执123号之一"
GULOU_COURT, TAIJIANG_COURT = "福州市鼓楼区人民法院", "福州市台江区人民法院"
CONFIRMATION, NOTICE = "(2026)闽0102执123号拍卖成交确认书", "(2026)闽0102执123号协助执行通知书"
PDF = base64.b64encode(b"%PDF-1.7\n% the ruling\n%%EOF\n").decode()


def ruling_body() -> dict:
    debtor = [{"name": ZHANG_WEI.name, "id_type": "1", "id_number": ZHANG_WEI.id_number}]
    return {**order_body("GL-R1", AUCTION_RULING, kzcs="15", start=None, end=None, subjects=debtor),
            "ruling_date": "2026-03-16",
            "confirmation_number": CONFIRMATION, "assistance_notice_number": NOTICE, "price": "1680000.00",
            "buyers": [{"name": LI_NA.name, "id_type": "1", "id_number": LI_NA.id_number, "share": "1"}],
            "documents": [{"kind": "ruling", "name": "执行裁定书.pdf", "content_type": "application/pdf",
                           "content": PDF}]}


@pytest.fixture
def auctioned(client, people, send, platform) -> str:
    """Zhang Wei's flat seized by Gulou (active) and Taijiang (queued); Gulou's ruling opens Li Na's case."""
    assert client.post("/api/v1/units", json=unit_body(), headers=people["registrar"]).status_code == 201
    assert send("gulou-2026", SEIZE, order_body("GL-1")).status_code == 200
    assert send("taijiang-2026", SEIZE, order_body("TJ-1", TAIJIANG_RULING)).status_code == 200
    served = send("gulou-2026", RULINGS, ruling_body())
    assert served.status_code == 202, served.json
    platform.wait_until_idle()  # the court is answered at once; the views follow
    return served.json["case_id"]


@pytest.fixture
def paid(app, client, people, auctioned) -> str:
    pay_case(app, client, people, auctioned, who="lina")
    assert eventually(lambda: case_of(client, people, auctioned)["state"] == "pending_review")
    return auctioned


def browser(app, user: str):
    client = app.test_client()
    login(client, user)
    return client


def approve(client, people, case_id: str) -> None:
    approved = client.post(f"/api/v1/transfers/{case_id}/approve", headers=people["registrar"])
    assert approved.status_code == 200, approved.json


def test_the_registrars_queue_shows_the_judicial_case_with_the_court_and_the_ruling(app, client, people, paid):
    queue = client.get("/api/v1/registrar/queue", headers=people["registrar"]).json["cases"]
    assert [c["case_id"] for c in queue] == [paid]
    ruling = queue[0]["judicial"]
    assert (ruling["court_name"], ruling["ruling_number"], ruling["confirmation_number"],
            ruling["assistance_notice_number"]) == (GULOU_COURT, AUCTION_RULING, CONFIRMATION, NOTICE)
    registrar = browser(app, "registrar")
    page = text(registrar.get("/registrar/queue"))
    assert "司法裁定过户" in page and GULOU_COURT in page and AUCTION_RULING in page
    case_page = text(registrar.get(f"/registrar/cases/{paid}"))
    assert "原权利人（被执行人）" in case_page and "转让方（出卖人）" not in case_page
    assert CONFIRMATION in case_page and NOTICE in case_page and 'data-test="approve"' in case_page


def test_a_case_the_parties_filed_is_not_marked_judicial(client, people):
    test_taxdesk.file_assessed_case(client, people)
    assert [c["judicial"] for c in client.get("/api/v1/transfers", headers=people["registrar"]).json["cases"]] == [None]


def test_the_other_courts_seizure_is_flagged_after_the_transfer_until_that_court_releases_it(
        app, client, people, paid, send, platform):
    assert client.get("/api/v1/registrar/flagged-seizures", headers=people["registrar"]).json == {"seizures": []}
    approve(client, people, paid)

    flagged = client.get("/api/v1/registrar/flagged-seizures", headers=people["registrar"]).json["seizures"]
    assert [(f["unit_number"], f["court_name"], f["reference"], f["state"], f["auction_court_name"],
             f["ruling_number"], f["case_id"]) for f in flagged] == [
        (unit_body()["unit_number"], TAIJIANG_COURT, TAIJIANG_RULING, "active", GULOU_COURT, AUCTION_RULING, paid)]
    assert flagged[0]["flagged_at"] and flagged[0]["cleared_at"] is None
    registrar = browser(app, "registrar")
    assert 'data-test="flagged-count">1<' in text(registrar.get("/registrar/queue"))
    page = text(registrar.get("/registrar/flagged-seizures"))
    assert TAIJIANG_COURT in page and TAIJIANG_RULING in page and AUCTION_RULING in page

    release = order_body("TJ-2", TAIJIANG_RULING, kzcs="14", start=None, end=None, seizure_reference=TAIJIANG_RULING)
    assert send("taijiang-2026", RELEASE, release).status_code == 200
    platform.wait_until_idle()

    assert client.get("/api/v1/registrar/flagged-seizures", headers=people["registrar"]).json == {"seizures": []}
    settled = client.get("/api/v1/registrar/flagged-seizures?include_cleared=true",
                         headers=people["registrar"]).json["seizures"]
    assert [(f["reference"], f["state"], f["cleared_by"]) for f in settled] == [(TAIJIANG_RULING, "released",
                                                                                  "released")]
    assert 'data-test="flagged-empty"' in text(registrar.get("/registrar/flagged-seizures"))


def test_another_registrys_registrar_sees_none_of_it(app, client, people, paid):
    approve(client, people, paid)
    xiamen = people["xm-registrar"]
    assert client.get("/api/v1/registrar/queue", headers=xiamen).json == {"cases": []}
    assert client.get("/api/v1/transfers", headers=xiamen).json == {"cases": []}
    assert client.get(f"/api/v1/transfers/{paid}", headers=xiamen).status_code == 404
    assert client.get("/api/v1/registrar/flagged-seizures?include_cleared=true", headers=xiamen).json == {
        "seizures": []}
    assert client.get("/api/v1/registrar/flagged-seizures", headers=people["lina"]).status_code == 403
    assert TAIJIANG_RULING not in text(browser(app, "xm-registrar").get("/registrar/flagged-seizures"))


def test_the_tax_desk_shows_the_auction_assessment_labelled_and_its_taxes_paid(app, client, people, officers,
                                                                               auctioned):
    assessment = eventually(lambda: case_of(client, people, auctioned).get("assessment"))
    assert assessment["judicial"]["ruling_number"] == AUCTION_RULING
    queue = client.get("/api/v1/tax/assessments", headers=officers["taxman"]).json["assessments"]
    assert [(a["case_id"], a["judicial"]["court_name"], a["paid_at"]) for a in queue] == [
        (auctioned, GULOU_COURT, None)]
    assert queue[0]["facts"]["judicial_auction"]["confirmation_number"] == CONFIRMATION

    pay_case(app, client, people, auctioned, who="lina")
    assert eventually(lambda: client.get("/api/v1/tax/assessments", headers=officers["taxman"])
                      .json["assessments"][0]["paid_at"])
    paid = client.get("/api/v1/tax/assessments", headers=officers["taxman"]).json["assessments"][0]
    assert paid["receipt_number"] == case_of(client, people, auctioned)["order"]["receipt_number"]
    taxman = browser(app, "taxman")
    page = text(taxman.get("/tax/assessments"))
    assert "司法拍卖" in page and AUCTION_RULING in page and 'data-test="taxes-paid"' in page
    one = text(taxman.get(f"/tax/assessments/{paid['assessment_id']}"))
    assert "司法拍卖" in one and AUCTION_RULING in one and "税费已缴清" in one


def test_the_buyers_cases_show_the_judicial_case_with_pay_as_the_next_step_and_no_withdraw(app, client, people,
                                                                                          auctioned):
    mine = client.get("/api/v1/transfers", headers=people["lina"]).json["cases"]
    assert [(c["case_id"], c["my_roles"], c["next_step"], c["withdrawable"], c["judicial"]["ruling_number"])
            for c in mine] == [(auctioned, ["buyer"], "pay_taxes_and_fee", False, AUCTION_RULING)]
    debtor = client.get("/api/v1/transfers", headers=people["zhangwei"]).json["cases"]
    assert [(c["my_roles"], c["next_step"]) for c in debtor] == [(["seller"], "none")]

    lina = browser(app, "lina")
    listed = text(lina.get("/applicant/cases"))
    assert "司法裁定过户" in listed and "缴纳税费" in listed and GULOU_COURT in listed
    page = text(lina.get(f"/applicant/cases/{auctioned}"))
    assert GULOU_COURT in page and AUCTION_RULING in page and 'data-test="opened-by"' in page
    assert 'data-test="withdraw-form"' not in page and "原权利人（被执行人）" in page
    refused = client.post(f"/api/v1/transfers/{auctioned}/withdraw", json={}, headers=people["lina"])
    assert refused.status_code in (409, 422) and refused.json["code"] == "case_not_withdrawable"
