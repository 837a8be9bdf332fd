"""The tax officer decides the applicants' declarations on the desk's pages (both stores): the queue marks
the assessments waiting for the officer (等待税务确认), the assessment page shows each declaration and a
form for the pending ones; a refusal shows the lines computed again, a confirmation places the order. And
each party sees its own family's data only: the seller neither the buyer family's homes nor the deed tax."""

from __future__ import annotations

import re

import pytest

from tests.builders import LI_NA, TAIJIANG_FLAT
from tests.e2e import test_taxdesk as desk
from tests.e2e.api import case_of, eventually, pay_every_part, transfer_body, unit_body
from tests.e2e.test_tax_declarations import REFUSAL, file_with_only_home_claim

officers = desk.officers  # the Fuzhou bureau's officer (taxman) and the Xiamen one (xm-taxman)
CONFIRMATION = "经核查婚姻与住房信息，确为家庭唯一住房"


def assessment_page(client, people, case_id) -> tuple[str, dict]:
    assessment = eventually(lambda: case_of(client, people, case_id)["assessment"])
    assert assessment, "Taxation assessed the filed case"
    return f"/tax/assessments/{assessment['assessment_id']}", assessment


def declaration_row(html: str, kind: str) -> str:
    return re.search(rf'<tr data-test="declaration" data-kind="{kind}".*?</tr>', html, re.S).group(0)


def income_tax_line(html: str) -> str:
    """The seller's income-tax row on the officer's page, or nothing when no line is assessed."""
    found = re.search(r'data-code="income_tax" data-payer="seller".*?</tr>', html, re.S)
    return found.group(0) if found else ""


def decide_on_the_page(client, path: str, decision: str, reason: str, kind: str = "only_home_five_years"):
    return client.post(f"{path}/declarations/{kind}",
                       data={"csrf_token": desk.csrf(client, path), "decision": decision, "reason": reason})


def test_the_queue_marks_and_filters_the_assessments_waiting_for_the_officer(client, people, officers):
    case_id = file_with_only_home_claim(client, people)  # Zhang Wei's family has a second flat: 满五唯一 waits
    path, _ = assessment_page(client, people, case_id)
    desk.login(client, "taxman")
    queue = desk.text(client.get("/tax/assessments"))
    row = re.search(r'<tr data-test="tax-queue-row".*?</tr>', queue, re.S).group(0)
    assert 'data-test="awaiting-officer"' in row and "等待税务确认" in row
    waiting = desk.text(client.get("/tax/assessments?clearance=awaiting_confirmation"))
    assert waiting.count('data-test="tax-queue-row"') == 1 and path in waiting
    released = desk.text(client.get("/tax/assessments?clearance=released"))
    assert 'data-test="tax-queue-empty"' in released
    assert client.get("/tax/assessments?clearance=maybe").status_code == 422
    api = client.get("/api/v1/tax/assessments?clearance=awaiting_confirmation", headers=officers["taxman"]).json
    assert [(a["case_id"], a["awaiting_officer"]) for a in api["assessments"]] == [(case_id, True)]


def test_officer_refuses_a_declaration_with_a_reason_and_sees_the_lines_computed_again(client, people, officers):
    case_id = file_with_only_home_claim(client, people)
    path, _ = assessment_page(client, people, case_id)
    desk.login(client, "taxman")
    html = desk.text(client.get(path))
    pending = declaration_row(html, "only_home_five_years")
    assert "满五唯一" in pending and "卖方" in pending and "是" in pending and 'data-state="pending"' in pending
    assert "待确认" in pending and 'data-test="decide-form"' in pending and 'name="csrf_token"' in pending
    assert 'data-clearance="awaiting_confirmation"' in html and 'data-test="confirm"' not in html
    assert "¥20,000.00" not in income_tax_line(html), "held 5 years and claimed the only home: no income tax"

    refused = decide_on_the_page(client, path, "refuse", REFUSAL)
    assert refused.status_code == 303 and refused.headers["Location"].endswith(path)
    html = desk.text(client.get(path))
    row = declaration_row(html, "only_home_five_years")
    assert "已驳回" in row and 'data-state="refused"' in row and REFUSAL in row and "税务人员 taxman" in row
    assert 'data-test="decide-form"' not in row
    assert "¥20,000.00" in income_tax_line(html), "deemed 1% of 2,000,000 once the flat is not the only home"
    assert 'data-clearance="released"' in html
    assert eventually(lambda: case_of(client, people, case_id)["order"]), "released without the claim"

    english = declaration_row(desk.text(client.get(f"{path}?lang=en")), "only_home_five_years")
    assert "Only home, held 5 years" in english and "refused" in english and "Seller" in english


def test_officer_confirms_a_declaration_on_the_page_and_the_buyer_can_pay(app, client, people, officers):
    case_id = file_with_only_home_claim(client, people)
    path, _ = assessment_page(client, people, case_id)
    assert case_of(client, people, case_id)["order"] is None, "nothing to pay while the claim waits"
    desk.login(client, "taxman")

    confirmed = decide_on_the_page(client, path, "confirm", CONFIRMATION)
    assert confirmed.status_code == 303
    row = declaration_row(desk.text(client.get(path)), "only_home_five_years")
    assert "已确认" in row and CONFIRMATION in row and 'data-test="decide-form"' not in row
    order = eventually(lambda: case_of(client, people, case_id)["order"])
    assert order and order["state"] == "open" and order["total"] == "20080.00"
    pay_every_part(app, client, people, case_id)
    assert eventually(lambda: case_of(client, people, case_id)["order"]["state"] == "cleared")
    assert eventually(lambda: 'data-test="taxes-paid"' in desk.text(client.get(path))), "the desk sees it paid"


@pytest.mark.parametrize("body, error", [
    ({"decision": "refuse", "reason": "   "}, "only_home_five_years-reason"),
    ({"decision": "confirm"}, "only_home_five_years-reason"),
    ({"reason": REFUSAL}, "only_home_five_years-decision"),
    ({"decision": "maybe", "reason": REFUSAL}, "only_home_five_years-decision"),
])
def test_a_decision_without_a_reason_or_a_decision_shows_the_error_and_changes_nothing(
        client, people, officers, head, body, error):
    case_id = file_with_only_home_claim(client, people)
    path, _ = assessment_page(client, people, case_id)
    desk.login(client, "taxman")
    before = head()
    answer = client.post(f"{path}/declarations/only_home_five_years",
                         data={"csrf_token": desk.csrf(client, path), **body})
    assert answer.status_code == 422
    html = desk.text(answer)
    assert f'data-test="error-{error}"' in html
    assert 'data-state="pending"' in declaration_row(html, "only_home_five_years")
    assert head() == before


def test_deciding_an_undeclared_kind_shows_the_rule_and_changes_nothing(client, people, officers, head):
    case_id = file_with_only_home_claim(client, people)
    path, _ = assessment_page(client, people, case_id)
    desk.login(client, "taxman")
    before = head()
    answer = decide_on_the_page(client, path, "confirm", CONFIRMATION, kind="original_cost")
    assert answer.status_code == 404 and 'data-code="unknown_declaration"' in desk.text(answer)
    assert head() == before


def test_another_citys_officer_and_the_parties_cannot_decide_a_declaration(app, client, people, officers, head):
    case_id = file_with_only_home_claim(client, people)
    path, _ = assessment_page(client, people, case_id)
    desk.login(client, "taxman")
    token = desk.csrf(client, path)
    before = head()
    for who, status in (("xm-taxman", 404), ("zhangwei", 403), ("lina", 403)):
        other = app.test_client()
        desk.login(other, who)
        answer = other.post(f"{path}/declarations/only_home_five_years",
                            data={"csrf_token": desk.csrf(other, "/tax/assessments" if "tax" in who
                                                          else "/applicant/cases"), "decision": "confirm",
                                  "reason": CONFIRMATION})
        assert answer.status_code == status, who
    assert head() == before
    assert client.post(f"{path}/declarations/only_home_five_years",
                       data={"csrf_token": token, "decision": "confirm", "reason": CONFIRMATION}).status_code == 303


def file_a_sale_to_a_buyer_who_owns_a_flat(client, people) -> str:
    """Li Na already owns a flat in Taijiang and claims the first home's deed-tax relief: the officer checks."""
    lina = [{"name": LI_NA.name, "id_number": LI_NA.id_number, "share": "1"}]
    for unit in (unit_body(), unit_body(TAIJIANG_FLAT, owners=lina, location="福州市台江区八一七中路1号2单元202室")):
        assert client.post("/api/v1/units", json=unit, headers=people["registrar"]).status_code == 201
    filed = client.post("/api/v1/transfers", json=transfer_body(tax_claims={"deed_tax_relief": "first"}),
                        headers=people["lina"])
    assert filed.status_code == 201, filed.json
    return filed.json["case_id"]


def test_the_seller_sees_his_own_taxes_but_not_the_buyer_familys_homes(app, client, people):
    case_id = file_a_sale_to_a_buyer_who_owns_a_flat(client, people)
    buyer = eventually(lambda: (c := case_of(client, people, case_id))["assessment"] and c)
    assert buyer["assessment"]["facts"]["units_counted"] == [TAIJIANG_FLAT]
    assert buyer["assessment"]["facts"]["buyer_homes_before"] == 1
    assert [h["ordinal"] for h in buyer["home_counts"]] == ["second"]
    assert [d["kind"] for d in buyer["assessment"]["declarations"]] == ["deed_tax_relief"]
    assert "seller_homes" not in buyer["assessment"]["facts"], "nor the buyer the selling family's homes"

    answer = client.get(f"/api/v1/transfers/{case_id}", headers=people["zhangwei"])
    assert answer.status_code == 200 and TAIJIANG_FLAT not in answer.get_data(as_text=True)
    seller = answer.json
    facts = seller["assessment"]["facts"]
    assert "units_counted" not in facts and "buyer_homes_before" not in facts
    assert facts["seller_homes"] == 1 and facts["price"] == "2000000.00"
    assert {line["payer"] for line in seller["assessment"]["lines"]} <= {"seller"}
    assert seller["assessment"]["declarations"] == [] and seller["home_counts"] == []

    browser = app.test_client()
    desk.login(browser, "zhangwei")
    page = desk.text(browser.get(f"/applicant/cases/{case_id}"))
    assert 'data-test="home-check"' not in page and TAIJIANG_FLAT not in page
    assert 'data-kind="deed_tax_relief"' not in page, "the buyer's relief claim names her family's homes"
    buyers_page = app.test_client()
    desk.login(buyers_page, "lina")
    page = desk.text(buyers_page.get(f"/applicant/cases/{case_id}"))
    assert 'data-test="home-check"' in page and 'data-kind="deed_tax_relief"' in page
