"""Tax declarations over HTTP on both stores: a claim filed with the transfer keeps the order from being
placed until the tax officer decides it ("等待税务确认"); a refusal recomputes the lines and both parties see
why; a case the rules cannot compute shows its reason to the applicant, who corrects it and gets assessed."""

from __future__ import annotations

import pytest

from registry.kernel.actors import Role
from tests.builders import TAIJIANG_FLAT
from tests.e2e.api import case_of, eventually, transfer_body, unit_body
from tests.e2e.conftest import PASSWORD

REFUSAL = "卖方家庭在台江区另有一套住房"


@pytest.fixture
def taxman(platform, clock):
    accounts, now = platform.accounts, clock.now()
    accounts.add_org("fz-tax", "tax_bureau", "国家税务总局福州市税务局", province="闽", city="福州市", now=now)
    accounts.add_user("taxman", Role.TAX_OFFICER, org="fz-tax", display_name="陈税务", password=PASSWORD, now=now)
    return {"Authorization": f"Bearer {accounts.issue_token('taxman', now)}"}


def register_two_flats_of_zhang_wei(client, people) -> None:
    """The register shows the selling family with a second home: 满五唯一 is the officer's to check."""
    for unit in (unit_body(), unit_body(TAIJIANG_FLAT, location="福州市台江区八一七中路1号2单元202室")):
        assert client.post("/api/v1/units", json=unit, headers=people["registrar"]).status_code == 201


def assessed(client, people, case_id, who="lina") -> dict:
    return eventually(lambda: case_of(client, people, case_id, who)["assessment"])


def amounts(assessment: dict) -> dict[str, str]:
    return {f"{x['code']}/{x['payer']}": x["amount"] for x in assessment["lines"] if x["amount"] != "0.00"}


def file_with_only_home_claim(client, people) -> str:
    register_two_flats_of_zhang_wei(client, people)
    filed = client.post("/api/v1/transfers", json=transfer_body(tax_claims={"only_home_five_years": True}),
                        headers=people["lina"])
    assert filed.status_code == 201, filed.json
    return filed.json["case_id"]


def decide(client, taxman, assessment_id, decision, reason):
    return client.post(f"/api/v1/tax/assessments/{assessment_id}/declarations/only_home_five_years",
                       json={"decision": decision, "reason": reason}, headers=taxman)


def test_a_claim_keeps_the_order_unplaced_until_the_officer_confirms_it(client, people, taxman, platform):
    case_id = file_with_only_home_claim(client, people)
    assessment = assessed(client, people, case_id)
    assert assessment["clearance"] == "awaiting_confirmation"
    assert [(d["kind"], d["status"]) for d in assessment["declarations"]] == [("only_home_five_years", "pending")]
    assert amounts(assessment) == {"deed_tax/buyer": "20000.00", "registration_fee/buyer": "80.00"}
    platform.wait_until_idle()
    assert case_of(client, people, case_id)["order"] is None, "nothing to pay before the taxes are confirmed"
    paying = client.post(f"/api/v1/transfers/{case_id}/pay", headers=people["lina"])
    assert paying.status_code == 404 and paying.json["code"] == "unknown_order"

    confirmed = decide(client, taxman, assessment["assessment_id"], "confirm", "住房信息核实为唯一住房")
    assert confirmed.status_code == 200, confirmed.json
    order = eventually(lambda: case_of(client, people, case_id)["order"])
    assert order and order["state"] == "open" and order["total"] == "20080.00"
    assert case_of(client, people, case_id)["assessment"]["clearance"] == "released"


def test_a_refused_claim_recomputes_the_lines_the_seller_sees_why_and_the_buyer_that_it_was_refused(
        client, people, taxman):
    case_id = file_with_only_home_claim(client, people)
    assessment = assessed(client, people, case_id)
    refused = decide(client, taxman, assessment["assessment_id"], "refuse", REFUSAL)
    assert refused.status_code == 200, refused.json
    assert amounts(refused.json)["income_tax/seller"] == "20000.00"  # deemed 1% of 2,000,000
    for who, reason in (("zhangwei", REFUSAL), ("lina", None)):  # the reason names the selling family's homes
        seen = eventually(lambda w=who: case_of(client, people, case_id, w)["assessment"]["declarations"][0]
                          ["status"] == "refused" and case_of(client, people, case_id, w)["assessment"])
        assert seen["declarations"][0]["reason"] == reason, who
        assert amounts(seen)["income_tax/seller"] == "20000.00", who
    assert eventually(lambda: case_of(client, people, case_id)["order"]), "refused: released without the claim"


def test_a_decision_without_a_reason_is_refused_with_422_and_changes_nothing(client, people, taxman, platform):
    case_id = file_with_only_home_claim(client, people)
    assessment = assessed(client, people, case_id)
    before = platform.taxation.recorder.max_notification_id()
    for body in ({"decision": "refuse", "reason": "   "}, {"decision": "maybe", "reason": REFUSAL}):
        answer = client.post(f"/api/v1/tax/assessments/{assessment['assessment_id']}/declarations/"
                             "only_home_five_years", json=body, headers=taxman)
        assert answer.status_code == 422, answer.json
    unknown = client.post(f"/api/v1/tax/assessments/{assessment['assessment_id']}/declarations/original_cost",
                          json={"decision": "confirm", "reason": "核实"}, headers=taxman)
    assert unknown.status_code == 404 and unknown.json["code"] == "unknown_declaration"
    assert platform.taxation.recorder.max_notification_id() == before


def test_a_contract_before_the_acquisition_shows_why_and_the_corrected_case_is_assessed(client, people, platform):
    assert client.post("/api/v1/units", json=unit_body(), headers=people["registrar"]).status_code == 201
    filed = client.post("/api/v1/transfers", json=transfer_body(contract_date="2018-01-15"), headers=people["lina"])
    assert filed.status_code == 201, filed.json
    case_id = filed.json["case_id"]
    assessment = assessed(client, people, case_id)
    assert assessment["clearance"] == "failed" and assessment["lines"] == []
    assert assessment["failure"]["field"] == "seller_acquired_on"
    assert "after the contract date" in assessment["failure"]["message"]
    platform.wait_until_idle()
    assert case_of(client, people, case_id)["order"] is None

    corrected = client.post(f"/api/v1/transfers/{case_id}/correct",
                            json={"price": "2000000.00", "contract_date": "2026-03-10"}, headers=people["lina"])
    assert corrected.status_code == 200, corrected.json
    assert corrected.json["contract_date"] == "2026-03-10"
    again = eventually(lambda: (a := case_of(client, people, case_id)["assessment"])["clearance"] == "released"
                       and a)
    assert again["failure"] is None and again["total"] == "20080.00"
    order = eventually(lambda: case_of(client, people, case_id)["order"])
    assert order and order["total"] == "20080.00"


def test_a_correction_after_the_order_is_placed_is_refused_with_409_and_changes_nothing(client, people, head):
    assert client.post("/api/v1/units", json=unit_body(), headers=people["registrar"]).status_code == 201
    case_id = client.post("/api/v1/transfers", json=transfer_body(), headers=people["lina"]).json["case_id"]
    assert eventually(lambda: case_of(client, people, case_id)["order"])
    before = head()  # once the background work (the first certificate, the hand-offs) is done
    refused = client.post(f"/api/v1/transfers/{case_id}/correct",
                          json={"price": "1990000.00", "contract_date": "2026-03-10"}, headers=people["lina"])
    assert refused.status_code == 409 and refused.json["code"] == "case_not_correctable"
    assert head() == before


@pytest.mark.parametrize("claims, field", [
    ({"only_home_five_years": "yes"}, "only_home_five_years"),
    ({"original_cost": "1.555"}, "original_cost"),
    ({"deed_tax_relief": "third"}, "deed_tax_relief"),
    ({"reasonable_costs": "50000.00"}, "reasonable_costs"),
])
def test_malformed_claims_are_refused_at_the_gate_and_nothing_is_filed(client, people, head, claims, field):
    assert client.post("/api/v1/units", json=unit_body(), headers=people["registrar"]).status_code == 201
    before = head()  # once the first certificate is issued in the background
    refused = client.post("/api/v1/transfers", json=transfer_body(tax_claims=claims), headers=people["lina"])
    assert refused.status_code == 422, refused.json
    assert field in str(refused.json), refused.json
    assert head() == before


# -- the applicant's pages ----------------------------------------------------------------------------------
def test_the_form_files_a_claim_and_the_case_page_says_it_awaits_the_tax_office(client, people, platform):
    from tests.e2e.test_pages import csrf, login, text, transfer_form

    register_two_flats_of_zhang_wei(client, people)
    login(client, "lina")
    token = csrf(client, "/applicant/transfers/new")
    filed = client.post("/applicant/transfers/new", data=transfer_form(
        **{"tax_claims-only_home_five_years": "1", "tax_claims-deed_tax_relief": "", "csrf_token": token}))
    assert filed.status_code == 303, text(filed)
    platform.wait_until_idle()
    page = text(client.get(filed.headers["Location"]))
    assert "等待税务确认" in page and 'data-status="pending"' in page and 'data-kind="only_home_five_years"' in page
    assert 'data-test="payment"' not in page, "no order to pay yet"


def test_the_case_page_shows_why_the_taxes_cannot_be_computed_and_the_correction_assesses_it(client, people,
                                                                                            platform):
    from tests.e2e.test_pages import csrf, login, text

    assert client.post("/api/v1/units", json=unit_body(), headers=people["registrar"]).status_code == 201
    case_id = client.post("/api/v1/transfers", json=transfer_body(contract_date="2018-01-15"),
                          headers=people["lina"]).json["case_id"]
    platform.wait_until_idle()
    login(client, "lina")
    path = f"/applicant/cases/{case_id}"
    page = text(client.get(path))
    assert "无法计税" in page and "after the contract date" in page and 'data-test="correct-form"' in page

    token = csrf(client, path)
    bad = client.post(f"{path}/correct", data={"csrf_token": token, "price": "2000000.00", "contract_date": "x"})
    assert bad.status_code == 422
    corrected = client.post(f"{path}/correct", data={"csrf_token": token, "price": "2000000.00",
                                                     "contract_date": "2026-03-10"})
    assert corrected.status_code == 303, text(corrected)
    platform.wait_until_idle()
    page = text(client.get(path))
    assert "税务已确认" in page and 'data-test="payment"' in page and ("20,080.00" in page or "20080.00" in page)
