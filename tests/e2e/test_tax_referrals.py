"""A line the rules cannot compute is referred to the tax officer (both stores): Zhang Wei sells his shop and the
register holds no purchase price, so land VAT goes to the Fuzhou officer; nothing is payable until he assesses
it with an amount and a reason, then the order is placed with his line. A bad amount, a missing reason, a line
not referred or an officer of another city's bureau changes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.e2e import test_taxdesk as desk
from tests.e2e.api import case_of, eventually, transfer_body, unit_body

officers = desk.officers
SHOP = dict(use="non_residential", area="80.00", location="福州市鼓楼区五四路88号1层商铺")
HOW = "无购房发票，按转让收入5%核定征收土地增值税"


def file_shop_sale(client, people) -> dict:
    assert client.post("/api/v1/units", json=unit_body(**SHOP), headers=people["registrar"]).status_code == 201
    filed = client.post("/api/v1/transfers", json=transfer_body(price="1500000.00"), headers=people["lina"])
    assert filed.status_code == 201, filed.json
    case_id = filed.json["case_id"]
    return eventually(lambda: case_of(client, people, case_id)["assessment"]) | {"case_id": case_id}


def assess(client, officer, assessment_id, **body):
    return client.post(f"/api/v1/tax/assessments/{assessment_id}/referred/{body.pop('code', 'land_vat')}",
                       json={"payer": "seller", "amount": "72815.53", "reason": HOW} | body, headers=officer)


def test_a_referred_land_vat_line_keeps_the_order_unplaced_until_the_officer_assesses_it(
        client, people, officers, platform):
    assessment = file_shop_sale(client, people)
    assert [(r["code"], r["payer"], r["status"]) for r in assessment["referred"]] == [
        ("land_vat", "seller", "referred")]
    assert assessment["referred"][0]["reference"] and assessment["awaiting_officer"] is True
    assert assessment["clearance"] == "awaiting_confirmation" and "land_vat" not in {
        x["code"] for x in assessment["lines"]}
    seller_sees = case_of(client, people, assessment["case_id"], "zhangwei")["assessment"]
    assert [r["code"] for r in seller_sees["referred"]] == ["land_vat"]
    platform.wait_until_idle()
    assert case_of(client, people, assessment["case_id"])["order"] is None, "nothing payable while referred"

    done = assess(client, officers["taxman"], assessment["assessment_id"])
    assert done.status_code == 200, done.json
    assert [(r["status"], r["amount"], r["officer_reason"], r["by"]) for r in done.json["referred"]] == [
        ("assessed", "72815.53", HOW, "taxman")]
    land = next(x for x in done.json["lines"] if x["code"] == "land_vat")
    assert (land["amount"], land["rule"]) == ("72815.53", "assessed_by_officer:land_vat")
    order = eventually(lambda: case_of(client, people, assessment["case_id"])["order"])
    assert order and order["state"] == "open"
    seller_part = next(p for p in order["parts"] if p["payer"] == "seller")
    seller_lines = [x for x in done.json["lines"] if x["payer"] == "seller"]
    assert Decimal(seller_part["total"]) == sum(Decimal(x["amount"]) for x in seller_lines)
    assert eventually(lambda: case_of(client, people, assessment["case_id"])["assessment"]["clearance"]
                      == "released")
    again = assess(client, officers["taxman"], assessment["assessment_id"], amount="1.00")
    assert again.status_code == 409 and again.json["code"] == "referred_line_assessed"


@pytest.mark.parametrize("who,body,status,field", [
    ("taxman", {"amount": "-1.00"}, 422, "amount"),
    ("taxman", {"amount": "12.345"}, 422, "amount"),
    ("taxman", {"reason": "   "}, 422, "reason"),
    ("taxman", {"payer": "notary"}, 422, "payer"),
    ("taxman", {"code": "vat"}, 422, "code"),
    ("xm-taxman", {}, 404, None),
])
def test_a_rejected_assessment_of_a_referred_line_changes_nothing(client, people, officers, platform, who, body,
                                                                   status, field):
    assessment = file_shop_sale(client, people)
    platform.wait_until_idle()
    before = desk.taxation_head(platform)
    refused = assess(client, officers[who], assessment["assessment_id"], **body)
    assert refused.status_code == status, refused.json
    assert set(refused.json) >= {"code", "message", "errors"}
    if field:
        assert field in refused.json["errors"]
    assert desk.taxation_head(platform) == before
    after = case_of(client, people, assessment["case_id"])
    assert after["order"] is None and after["assessment"]["referred"][0]["status"] == "referred"


def test_the_officer_assesses_the_referred_line_on_the_assessment_page(client, people, officers, platform):
    assessment = file_shop_sale(client, people)
    path = f"/tax/assessments/{assessment['assessment_id']}"
    desk.login(client, "zhangwei")
    mine = desk.text(client.get(f"/applicant/cases/{assessment['case_id']}"))
    assert 'data-test="referred-line" data-code="land_vat"' in mine and "待核定" in mine
    desk.login(client, "taxman")
    page = desk.text(client.get(path))
    assert 'data-test="referred-form" data-code="land_vat"' in page and "移交税务人员核定的项目" in page
    blank = client.post(f"{path}/referred/land_vat", data={"csrf_token": desk.csrf(client, path), "payer": "seller",
                                                          "amount": "72815.53", "reason": ""})
    assert blank.status_code == 422 and 'data-test="referred-form"' in desk.text(blank)
    sent = client.post(f"{path}/referred/land_vat", data={"csrf_token": desk.csrf(client, path), "payer": "seller",
                                                         "amount": "72,815.53", "reason": HOW})
    assert sent.status_code == 303
    shown = desk.text(client.get(path))
    assert 'data-status="assessed"' in shown and HOW in shown and 'data-test="referred-form"' not in shown
    assert eventually(lambda: case_of(client, people, assessment["case_id"])["order"])
