"""Each party pays its own taxes over HTTP: Zhang Wei sold within two years of buying, so he owes VAT,
surcharges and income tax; Li Na owes the deed tax and the fee. Each pays on the provider's page; the case
reaches the registrar only when both parts are paid, and the ledger balances part by part."""

import re
from decimal import Decimal
from urllib.parse import urlsplit

from projections import order_ledger
from registry.kernel.actors import Actor, Role
from tests.e2e.api import (
    case_of,
    eventually,
    gateway_settlement_net,
    pay_case,
    reject_and_await_refund,
    transfer_body,
    unit_body,
)
from tests.e2e.test_payments import signed_callback

FINANCE = Actor("admin", Role.ADMIN, "platform")
SELLERS_TAXES = {"vat": "58252.43", "surcharges": "3495.15", "income_tax": "19417.48"}  # 2,000,000 / 1.03
SELLERS_PART, BUYERS_PART = Decimal("81165.06"), Decimal("19497.48")  # deed tax 19,417.48 + fee 80


def file_a_sale_within_two_years(client, people) -> str:
    """Zhang Wei bought the flat on 2025-06-01 and sells it to Li Na under a contract of 2026-03-10."""
    registered = client.post("/api/v1/units", json=unit_body(registered_on="2025-06-01"), headers=people["registrar"])
    assert registered.status_code == 201, registered.json
    filed = client.post("/api/v1/transfers", json=transfer_body(), headers=people["lina"])
    assert filed.status_code == 201, filed.json
    case_id = filed.json["case_id"]
    assert eventually(lambda: len((case_of(client, people, case_id).get("order") or {}).get("parts", [])) == 2)
    return case_id


def part(order: dict, payer: str) -> dict:
    return next(p for p in order["parts"] if p["payer"] == payer)


def test_the_order_shows_each_partys_own_taxes(client, people):
    case_id = file_a_sale_within_two_years(client, people)
    order = case_of(client, people, case_id, who="lina")["order"]
    assert order["my_part"] == "buyer"
    assert {line["code"]: line["amount"] for line in part(order, "seller")["lines"]} == SELLERS_TAXES
    assert [line["code"] for line in part(order, "buyer")["lines"]] == ["deed_tax", "registration_fee"]
    assert (Decimal(part(order, "seller")["total"]), Decimal(part(order, "buyer")["total"])) == (SELLERS_PART,
                                                                                                 BUYERS_PART)
    assert Decimal(order["total"]) == SELLERS_PART + BUYERS_PART


def test_the_seller_sees_his_own_part_and_of_the_buyers_only_whether_it_is_paid(client, people):
    case_id = file_a_sale_within_two_years(client, people)
    order = case_of(client, people, case_id, who="zhangwei")["order"]
    assert order["my_part"] == "seller" and Decimal(order["total"]) == SELLERS_PART
    assert {line["code"] for line in order["lines"]} == set(SELLERS_TAXES)
    assert part(order, "buyer") == {**part(order, "buyer"), "lines": [], "total": None, "state": "open"}


def test_the_seller_pays_his_part_the_buyer_hers_and_only_then_the_case_reaches_the_registrar(app, client, people,
                                                                                              platform):
    case_id = file_a_sale_within_two_years(client, people)
    pay_case(app, client, people, case_id, who="zhangwei")
    seller_paid = eventually(lambda: (o := case_of(client, people, case_id)["order"]) and
                             part(o, "seller")["state"] == "cleared" and o)
    assert part(seller_paid, "seller")["receipt_number"].startswith("RC")
    assert seller_paid["state"] == "open" and part(seller_paid, "buyer")["state"] == "open"
    platform.wait_until_idle()
    assert case_of(client, people, case_id, who="registrar")["state"] == "awaiting_settlement"

    pay_case(app, client, people, case_id, who="lina")
    assert eventually(lambda: case_of(client, people, case_id)["state"] == "pending_review")
    cleared = eventually(lambda: (c := case_of(client, people, case_id, who="registrar"))["order"]["state"]
                         == "cleared" and c)
    assert cleared["order"]["state"] == "cleared"
    assert cleared["settlement_reference"] == "paid:" + cleared["order"]["receipt_number"]

    day = platform.clock.today().isoformat()
    [today] = eventually(lambda: order_ledger.reconciliation(platform.views, FINANCE, day, day))
    assert today["settlements"] == SELLERS_PART + BUYERS_PART == today["treasury"] + today["fees"]
    assert today["by_tax"] == {"deed_tax": Decimal("19417.48"),
                               **{code: Decimal(amount) for code, amount in SELLERS_TAXES.items()}}
    money_in = [Decimal(p["amount"]) for p in order_ledger.ledger(platform.views, FINANCE, day).items
                if p["account"] == "gateway_settlement"]
    assert sorted(money_in) == [BUYERS_PART, SELLERS_PART]  # one payment per party


def test_the_buyer_cannot_pay_the_sellers_part_nor_the_seller_the_buyers(client, people, head):
    case_id = file_a_sale_within_two_years(client, people)
    before = head()
    for who, other in (("lina", "seller"), ("zhangwei", "buyer"), ("chengang", "buyer")):
        refused = client.post(f"/api/v1/transfers/{case_id}/order/{other}/pay", headers=people[who])
        assert refused.status_code == 404 and refused.json["code"] == "unknown_order", (who, refused.json)
    assert client.post(f"/api/v1/transfers/{case_id}/pay", headers=people["chengang"]).status_code == 404
    assert head() == before


def test_a_party_may_name_its_own_part(app, client, people):
    case_id = file_a_sale_within_two_years(client, people)
    started = client.post(f"/api/v1/transfers/{case_id}/order/seller/pay", headers=people["zhangwei"])
    assert started.status_code == 200 and "/sandbox-gateway/pay/" in started.json["redirect_url"]


def test_a_forged_callback_for_the_sellers_part_is_refused_and_a_replayed_one_changes_nothing(
        app, client, people, platform, clock, head):
    case_id = file_a_sale_within_two_years(client, people)
    sellers_order_id = platform.payments.order_of(case_id).gateway_order_id("seller")
    before = head()
    forged = signed_callback(client, platform, clock, order_id=sellers_order_id, amount=str(SELLERS_PART),
                             secret="not-the-webhook-secret")
    assert forged.status_code == 400 and head() == before

    pay_case(app, client, people, case_id, who="zhangwei")
    platform.wait_until_idle()
    paid_once = head()
    sandbox = app.extensions["sandbox_gateway"]
    payment = sandbox.payment_for_order(sandbox.merchant, sellers_order_id)
    [paid_event] = [e for e in sandbox.events(payment.payment_id) if e["event_type"] == "payment.paid"]
    sandbox.deliveries.redeliver(paid_event["event_id"])
    sandbox.deliveries.drain(10)
    assert head() == paid_once
    assert case_of(client, people, case_id)["state"] == "awaiting_settlement"


def test_the_sellers_amount_paid_against_the_buyers_part_is_flagged_not_accepted(client, people, platform, clock):
    case_id = file_a_sale_within_two_years(client, people)
    answer = signed_callback(client, platform, clock, order_id=platform.payments.order_of(case_id)
                             .gateway_order_id("buyer"), amount=str(SELLERS_PART))
    assert answer.json["outcome"] == "wrong_amount"
    assert part(case_of(client, people, case_id)["order"], "buyer")["state"] == "open"


def test_withdrawing_after_the_seller_paid_refunds_the_seller_and_drops_the_buyers_part(app, client, people,
                                                                                      platform):
    case_id = file_a_sale_within_two_years(client, people)
    pay_case(app, client, people, case_id, who="zhangwei")
    assert eventually(lambda: part(case_of(client, people, case_id)["order"], "seller")["state"] == "cleared")
    assert client.post(f"/api/v1/transfers/{case_id}/withdraw", json={}, headers=people["lina"]).status_code == 200

    def refunded():
        app.extensions["sandbox_gateway"].deliveries.drain(1)
        return case_of(client, people, case_id)["order"]["state"] == "refunded"
    assert eventually(refunded, timeout=20)
    order = case_of(client, people, case_id)["order"]
    assert (part(order, "seller")["state"], part(order, "buyer")["state"]) == ("refunded", "cancelled")
    day = platform.clock.today().isoformat()
    [today] = order_ledger.reconciliation(platform.views, FINANCE, day, day)
    assert today["settlements"] == Decimal("0.00") and today["balanced"]


def test_a_rejected_case_refunds_both_parts(app, client, people, platform):
    case_id = file_a_sale_within_two_years(client, people)
    pay_case(app, client, people, case_id, who="zhangwei")
    pay_case(app, client, people, case_id, who="lina")
    assert eventually(lambda: case_of(client, people, case_id)["state"] == "pending_review")
    reject_and_await_refund(app, client, people, case_id)
    assert {p["state"] for p in case_of(client, people, case_id)["order"]["parts"]} == {"refunded"}
    postings = order_ledger.ledger(platform.views, FINANCE, platform.clock.today().isoformat()).items
    net = gateway_settlement_net(postings)
    kinds = [p["kind"] for p in postings]
    assert net == Decimal("0.00") and kinds.count("refund") == kinds.count("clearing") == (1 + 2) + (1 + 3)


def test_on_the_case_page_the_seller_pays_his_part_on_the_providers_page(app, people):
    from tests.e2e.test_pages import csrf, login, text
    api = app.test_client()
    case_id = file_a_sale_within_two_years(api, people)
    browser = app.test_client()
    assert login(browser, "zhangwei").status_code in (302, 303)
    page = text(browser.get(f"/applicant/cases/{case_id}"))
    seller_part = re.search(r'data-test="order-part" data-payer="seller".*?</div>', page, re.S).group(0)
    buyer_part = re.search(r'data-test="order-part" data-payer="buyer".*?</div>', page, re.S).group(0)
    assert 'data-test="pay"' in seller_part and "¥81,165.06" in seller_part and "增值税" in seller_part
    assert 'data-test="pay"' not in buyer_part and 'data-test="awaiting-other-party"' in buyer_part
    assert "契税" not in buyer_part  # the deed tax's rate would tell the buyer family's homes
    started = browser.post(f"/applicant/cases/{case_id}/pay",
                           data={"csrf_token": csrf(browser, f"/applicant/cases/{case_id}")})
    assert started.status_code == 303 and "/sandbox-gateway/pay/" in started.headers["Location"]
    assert "81165.06" in text(browser.get(urlsplit(started.headers["Location"]).path))
