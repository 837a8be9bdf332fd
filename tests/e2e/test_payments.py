"""The one combined payment: paid once through the sandbox provider, callbacks verified and checked
against the order, refused ones kept for finance, refunds when a paid case is rejected."""

import json
from decimal import Decimal

from adapters.gateway_client import (
    EVENT_ID_HEADER,
    KEY_ID_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    callback_signature,
)
from adapters.sandbox_gateway import load_sandbox_merchant
from projections import order_ledger
from registry.kernel.actors import Actor, Role
from tests.e2e.api import (
    case_of,
    eventually,
    file_settled_case,
    gateway_settlement_net,
    pay_case,
    pay_on_the_sandbox,
    reject_and_await_refund,
    transfer_body,
    unit_body,
)

FINANCE = Actor("admin", Role.ADMIN, "platform")


def file_unpaid_case(client, people) -> str:
    assert client.post("/api/v1/units", json=unit_body(), headers=people["registrar"]).status_code == 201
    case_id = client.post("/api/v1/transfers", json=transfer_body(), headers=people["lina"]).json["case_id"]
    assert eventually(lambda: case_of(client, people, case_id).get("order")), "the order was placed"
    return case_id


def signed_callback(client, platform, clock, *, order_id, amount="20080.00", event_id="evt_test_1", sequence=2,
                    secret=None, status="paid"):
    merchant = load_sandbox_merchant(platform.settings.instance_path, name=platform.settings.seal_org_name)
    body = json.dumps({"event_id": event_id, "type": f"payment.{status}", "merchant_id": "m",
                       "order_id": order_id, "payment_id": "sbp_forged", "status": status, "amount": amount,
                       "currency": "CNY", "paid_at": clock.now().isoformat(), "refunded_at": None,
                       "refund_id": None, "sequence": sequence, "occurred_at": clock.now().isoformat()}).encode()
    timestamp = str(int(clock.now().timestamp()))
    headers = {KEY_ID_HEADER: merchant.webhook_key_id, TIMESTAMP_HEADER: timestamp, EVENT_ID_HEADER: event_id,
               SIGNATURE_HEADER: callback_signature(secret or merchant.webhook_secret, timestamp, event_id, body)}
    return client.post("/api/v1/payments/callback", data=body, headers=headers, content_type="application/json")


def gateway_order_id(platform, case_id, payer="buyer"):
    return platform.payments.order_of(case_id).gateway_order_id(payer)


def test_the_buyer_pays_once_and_the_registrar_sees_paid_with_the_receipt(app, client, people):
    case_id = file_settled_case(client, people)
    seen_by_registrar = eventually(lambda: (c := case_of(client, people, case_id, who="registrar"))["order"]
                                   ["state"] == "cleared" and c)
    assert seen_by_registrar["order"]["state"] == "cleared"
    assert seen_by_registrar["order"]["receipt_number"].startswith("RC")
    assert seen_by_registrar["order"]["total"] == "20080.00"
    assert seen_by_registrar["settlement_reference"] == "paid:" + seen_by_registrar["order"]["receipt_number"]


def test_a_forged_callback_is_refused_and_stores_nothing(client, people, platform, clock, head):
    case_id = file_unpaid_case(client, people)
    before = head()
    forged = signed_callback(client, platform, clock, order_id=gateway_order_id(platform, case_id),
                             secret="not-the-webhook-secret")
    assert forged.status_code == 400 and forged.json["code"] == "bad_request"
    assert head() == before
    assert case_of(client, people, case_id)["order"]["state"] == "open"


def test_a_replayed_callback_changes_nothing(app, client, people, platform, head):
    case_id = file_settled_case(client, people)
    before = head()
    sandbox = app.extensions["sandbox_gateway"]
    payment = sandbox.payment_for_order(sandbox.merchant, gateway_order_id(platform, case_id))
    [paid_event] = [e for e in sandbox.events(payment.payment_id) if e["event_type"] == "payment.paid"]
    sandbox.deliveries.redeliver(paid_event["event_id"])
    sandbox.deliveries.drain(10)
    assert head() == before


def test_a_callback_with_the_wrong_amount_is_flagged_for_finance_not_accepted(client, people, platform, clock):
    case_id = file_unpaid_case(client, people)
    answer = signed_callback(client, platform, clock, order_id=gateway_order_id(platform, case_id),
                             amount="20079.99")
    assert answer.status_code == 200 and answer.json["outcome"] == "wrong_amount"
    assert case_of(client, people, case_id)["order"]["state"] == "open"
    assert case_of(client, people, case_id)["state"] == "awaiting_settlement"
    flags = eventually(lambda: order_ledger.flags(platform.views, FINANCE).items)
    assert [(f["reason"], f["amount"]) for f in flags] == [("wrong_amount", "20079.99")]


def test_a_callback_for_an_order_nobody_placed_is_kept_for_finance(client, people, platform, clock):
    answer = signed_callback(client, platform, clock, order_id="0" * 32 + "-1")
    assert answer.status_code == 200 and answer.json["outcome"] == "unknown_order"
    again = signed_callback(client, platform, clock, order_id="0" * 32 + "-1")
    assert again.json["outcome"] == "duplicate"
    flagged = eventually(lambda: order_ledger.flags(platform.views, FINANCE).items)
    assert [f["reason"] for f in flagged] == ["unknown_order"]


def test_an_expired_order_is_reissued_and_then_paid(app, client, people, clock):
    case_id = file_unpaid_case(client, people)
    clock.advance(days=4)
    refused = client.post(f"/api/v1/transfers/{case_id}/pay", headers=people["lina"])
    assert refused.status_code == 409 and refused.json["code"] == "order_not_payable"
    reissued = client.post(f"/api/v1/transfers/{case_id}/order/reissue", headers=people["lina"])
    assert reissued.status_code == 200 and reissued.json["attempt"] == 2
    pay_case(app, client, people, case_id)
    assert eventually(lambda: case_of(client, people, case_id)["state"] == "pending_review")


def test_only_the_payer_can_pay(client, people):
    case_id = file_unpaid_case(client, people)
    stranger = client.post(f"/api/v1/transfers/{case_id}/pay", headers=people["chengang"])
    assert stranger.status_code == 404 and stranger.json["code"] == "unknown_order"


def test_a_paid_case_rejected_by_the_registrar_is_refunded_with_reversing_postings(app, client, people, platform):
    case_id = file_settled_case(client, people)
    reject_and_await_refund(app, client, people, case_id)
    day = platform.clock.today().isoformat()
    postings = order_ledger.ledger(platform.views, FINANCE, day).items
    kinds = {p["kind"] for p in postings}
    assert kinds == {"clearing", "refund"}
    net = gateway_settlement_net(postings)
    assert net == Decimal("0.00")


def test_reconciliation_of_the_day_balances_with_the_payment(client, people, platform):
    file_settled_case(client, people)
    day = platform.clock.today().isoformat()
    [today] = eventually(lambda: order_ledger.reconciliation(platform.views, FINANCE, day, day))
    assert today["settlements"] == Decimal("20080.00") == today["treasury"] + today["fees"]
    assert today["by_tax"] == {"deed_tax": Decimal("20000.00")} and today["balanced"]


def test_the_assessment_is_issued_by_rule_from_the_case_facts(client, people):
    case_id = file_unpaid_case(client, people)
    assessment = eventually(lambda: case_of(client, people, case_id).get("assessment"))
    deed = next(line for line in assessment["lines"] if line["code"] == "deed_tax")
    assert (deed["amount"], deed["rule"]) == ("20000.00", "deed_tax.first_home.le140.2024")
    assert assessment["total"] == "20080.00"
    sellers_view = case_of(client, people, case_id, who="zhangwei")["assessment"]  # the selling family's facts
    assert sellers_view["facts"]["seller_only_home"] is True


def test_a_hand_off_delivered_again_after_a_crash_creates_nothing_twice(client, people, platform, head):
    case_id = file_unpaid_case(client, people)
    before = head()
    taxation, payments = platform.taxation, platform.payments
    for follower, leader in (("taxation", "registry"), ("payments", "taxation")):
        app = {"taxation": taxation, "payments": payments}[follower]
        try:  # as if the tracking position had not been read: re-deliver everything from the start
            app.pull_and_process(leader, start=1)
        except Exception as refused:  # the process recorder's unique tracking row refuses a second recording
            assert type(refused).__name__ == "IntegrityError"
    assert head() == before
    assert len({n.originator_id for n in taxation.notification_log.select(1, 500)}) == 1  # one assessment
    assert payments.order_of(case_id).version == 1


def test_a_buyer_who_cancelled_on_the_providers_page_can_start_again_and_pay(app, client, people):
    case_id = file_unpaid_case(client, people)
    first = client.post(f"/api/v1/transfers/{case_id}/pay", headers=people["lina"]).json["redirect_url"]
    pay_on_the_sandbox(client, first, action="cancel")
    app.extensions["sandbox_gateway"].deliveries.drain(10)
    second = client.post(f"/api/v1/transfers/{case_id}/pay", headers=people["lina"])
    assert second.status_code == 200 and second.json["redirect_url"] != first
    pay_on_the_sandbox(client, second.json["redirect_url"])
    app.extensions["sandbox_gateway"].deliveries.drain(10)
    assert eventually(lambda: case_of(client, people, case_id)["state"] == "pending_review")


def test_withdrawing_before_paying_cancels_the_order(client, people):
    case_id = file_unpaid_case(client, people)
    assert client.post(f"/api/v1/transfers/{case_id}/withdraw", json={}, headers=people["lina"]).status_code == 200
    assert eventually(lambda: case_of(client, people, case_id)["order"]["state"] == "cancelled")
    refused = client.post(f"/api/v1/transfers/{case_id}/pay", headers=people["lina"])
    assert refused.status_code == 409 and refused.json["code"] == "order_not_payable"


def test_withdrawing_after_paying_gives_the_money_back(app, client, people):
    case_id = file_settled_case(client, people)
    assert client.post(f"/api/v1/transfers/{case_id}/withdraw", json={}, headers=people["lina"]).status_code == 200

    def refunded():
        app.extensions["sandbox_gateway"].deliveries.drain(1)
        return case_of(client, people, case_id)["order"]["state"] == "refunded"
    assert eventually(refunded, timeout=20)
