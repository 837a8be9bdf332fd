"""What the registrar, the tax bureau and the buyer see of a judicial transfer (司法裁定过户, e拍即得), through HTTP
on both stores: the Gulou court seized Zhang Wei's flat, the Taijiang court queued a seizure behind it, and the
Gulou court's auction ruling sells the flat to Li Na for 1,680,000 yuan. Li Na pays; the Fuzhou registrar
registers the title; the Taijiang seizure stays and is flagged to the registrar until the Taijiang court
releases it. The Xiamen registrar sees none of it."""

from __future__ import annotations

import base64
from decimal import Decimal

import pytest

from registry.kernel.actors import Role
from registry.kernel.values import mask_id_number
from tests.builders import CHEN_GANG, GULOU_FLAT, LI_NA, TAIJIANG_FLAT, ZHANG_WEI
from tests.e2e import test_court_auth, test_court_seizures, test_taxdesk
from tests.e2e.api import case_of, eventually, pay_case, unit_body
from tests.e2e.test_bank_api import filing_body, owner_confirms
from tests.e2e.test_court_seizures import RELEASE, SEIZE, TAIJIANG_RULING, order_body
from tests.e2e.test_taxdesk import login, text

courts = test_court_auth.courts
send = test_court_seizures.send
officers = test_taxdesk.officers

RULINGS = "/api/v1/court/rulings"
AUCTION_RULING = "(2026)闽0102执123号之一"
GULOU_COURT, TAIJIANG_COURT = "福州市鼓楼区人民法院", "福州市台江区人民法院"
ICBC_NAME = "中国工商银行福州分行"
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
    assert client.get("/api/v1/registrar/flagged-seizures", headers=people["registrar"]).json["seizures"] == []
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

    assert client.get("/api/v1/registrar/flagged-seizures", headers=people["registrar"]).json["seizures"] == []
    settled = client.get("/api/v1/registrar/flagged-seizures?include_cleared=true",
                         headers=people["registrar"]).json["seizures"]
    assert [(f["reference"], f["state"], f["cleared_by"]) for f in settled] == [(TAIJIANG_RULING, "released",
                                                                                  "released")]
    assert 'data-test="flagged-empty"' in text(registrar.get("/registrar/flagged-seizures"))


def test_another_registrys_registrar_sees_none_of_it(app, client, people, paid):
    approve(client, people, paid)
    xiamen = people["xm-registrar"]
    assert client.get("/api/v1/registrar/queue", headers=xiamen).json["cases"] == []
    assert client.get("/api/v1/transfers", headers=xiamen).json["cases"] == []
    assert client.get(f"/api/v1/transfers/{paid}", headers=xiamen).status_code == 404
    xiamen_flags = client.get("/api/v1/registrar/flagged-seizures?include_cleared=true", headers=xiamen).json
    assert (xiamen_flags["seizures"], xiamen_flags["total"]) == ([], 0)
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


# -- the former owner (被执行人): told in their own cases, and nothing of the buyer's private data ---------------
@pytest.fixture
def icbc(platform, clock, people) -> dict:
    """ICBC Fuzhou, accredited at the Fuzhou registry, with one staff member."""
    accounts, now = platform.accounts, clock.now()
    accounts.add_org("icbc-fz", "bank", ICBC_NAME, now=now)
    accounts.add_user("icbc", Role.BANK_STAFF, org="icbc-fz", display_name="工行信贷员", now=now)
    platform.banks.accredit("icbc-fz", "fz-registry", now)
    return {"Authorization": f"Bearer {accounts.issue_token('icbc', now)}"}


@pytest.fixture
def registered_by_ruling(app, client, people, icbc, send, platform) -> dict:
    """Zhang Wei's flat with ICBC's mortgage, seized and auctioned by Gulou to Li Na, whose husband Chen Gang owns
    a flat in Taijiang (named in the ruling); Li Na pays and the registrar registers."""
    assert client.post("/api/v1/units", json=unit_body(), headers=people["registrar"]).status_code == 201
    chen = [{"name": CHEN_GANG.name, "id_number": CHEN_GANG.id_number, "share": "1"}]
    assert client.post("/api/v1/units", json=unit_body(TAIJIANG_FLAT, owners=chen),
                       headers=people["registrar"]).status_code == 201
    filed = client.post("/api/v1/mortgages", json=filing_body(), headers=icbc)
    assert filed.status_code == 201, filed.json
    owner_confirms(platform, filed.json["filing_id"])
    platform.wait_until_idle()
    before = client.get(f"/api/v1/units/{GULOU_FLAT}", headers=people["registrar"]).json
    assert send("gulou-2026", SEIZE, order_body("GL-1")).status_code == 200
    husband = {"buyer_id_number": LI_NA.id_number, "name": CHEN_GANG.name, "id_number": CHEN_GANG.id_number,
               "relation": "spouse"}
    served = send("gulou-2026", RULINGS, {**ruling_body(), "family": [husband]})
    assert served.status_code == 202, served.json
    case_id = served.json["case_id"]
    pay_case(app, client, people, case_id, who="lina")
    assert eventually(lambda: case_of(client, people, case_id)["state"] == "pending_review")
    approve(client, people, case_id)
    platform.wait_until_idle()
    return {"case_id": case_id, "certificate": before["certificate_number"],
            "proof": before["mortgages"][0]["proof_number"]}


def test_the_former_owner_sees_the_title_transferred_by_the_ruling_and_icbcs_mortgage_extinguished(
        app, client, people, registered_by_ruling):
    [case] = client.get("/api/v1/transfers", headers=people["zhangwei"]).json["cases"]
    ruling = case["judicial"]
    assert (case["case_id"], case["state"], case["my_roles"], ruling["ruling_number"]) == (
        registered_by_ruling["case_id"], "approved", ["seller"], AUCTION_RULING)
    assert ruling["revoked_certificate"] == registered_by_ruling["certificate"] + "(销)" and ruling["transferred_at"]
    assert [(m["bank"], m["bank_name"], m["proof_number"]) for m in ruling["mortgages_extinguished"]] == [
        ("icbc-fz", ICBC_NAME, registered_by_ruling["proof"])]

    zhang = browser(app, "zhangwei")
    listed = text(zhang.get("/applicant/cases"))
    assert 'data-test="transferred-by-ruling"' in listed and AUCTION_RULING in listed
    page = text(zhang.get(f"/applicant/cases/{registered_by_ruling['case_id']}"))
    assert 'data-test="transferred-by-ruling"' in page and registered_by_ruling["certificate"] + "(销)" in page
    assert 'data-test="extinguished-mortgage"' in page and registered_by_ruling["proof"] in page
    assert ICBC_NAME in page and 'data-test="certificates"' not in page


def test_the_former_owner_sees_neither_the_buyers_id_nor_her_familys_homes_nor_her_deed_tax(
        app, client, people, registered_by_ruling):
    case_id = registered_by_ruling["case_id"]
    mine = client.get(f"/api/v1/transfers/{case_id}", headers=people["zhangwei"])
    assert mine.status_code == 200
    seen = mine.get_data(as_text=True)
    for private in (LI_NA.id_number, CHEN_GANG.id_number, CHEN_GANG.name, TAIJIANG_FLAT):
        assert private not in seen
    case = mine.json
    assert [b["id_number"] for b in case["buyers"]] == [mask_id_number(LI_NA.id_number)]
    assert case["home_counts"] == [] and case["order"] is None
    assessment = case["assessment"]
    assert assessment["lines"] and {line["payer"] for line in assessment["lines"]} == {"seller"}
    assert "units_counted" not in assessment["facts"] and "buyer_homes_before" not in assessment["facts"]
    assert Decimal(assessment["total"]) == sum(Decimal(line["amount"]) for line in assessment["lines"])
    page = text(browser(app, "zhangwei").get(f"/applicant/cases/{case_id}"))
    assert 'data-test="seller-taxes"' in page and 'data-test="home-check"' not in page
    assert LI_NA.id_number not in page and CHEN_GANG.name not in page

    buyer = case_of(client, people, case_id)
    assert [h["ordinal"] for h in buyer["home_counts"]] == ["second"]
    assert "deed_tax" in {line["code"] for line in buyer["assessment"]["lines"]}
    assert buyer["assessment"]["facts"]["units_counted"] == [TAIJIANG_FLAT]
