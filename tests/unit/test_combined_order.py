"""One order per case, a part per paying party: which callbacks settle a part, which are flagged, that each
part clears with balanced postings, and that the order is cleared only when every part is."""

from datetime import timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry.payments.order import CombinedOrder, OrderNotPayable
from registry.payments.values import (
    GATEWAY_ACCOUNT,
    OrderLine,
    OrderPayer,
    OrderState,
    PaymentNotice,
    Side,
    balances,
    clearing_postings,
    reversal,
)
from tests.builders import MONDAY_MORNING

E1_LINES = [OrderLine.for_tax("deed_tax", "buyer", "契税", Decimal("20000.00")),
            OrderLine.for_tax("registration_fee", "buyer", "不动产登记费", Decimal("80.00"))]
# E2: the seller held the flat 18 months; the buyer's second home
E2_LINES = [OrderLine.for_tax("deed_tax", "buyer", "契税", Decimal("60000.00")),
            OrderLine.for_tax("registration_fee", "buyer", "不动产登记费", Decimal("80.00")),
            OrderLine.for_tax("vat", "seller", "增值税", Decimal("150000.00")),
            OrderLine.for_tax("surcharges", "seller", "附加税费", Decimal("9000.00")),
            OrderLine.for_tax("income_tax", "seller", "个人所得税", Decimal("30000.00"))]


def place(lines, case_id="case-1", payers=("buyer", "seller")):
    order_hex = CombinedOrder.create_id(case_id).hex
    people = {"buyer": OrderPayer("buyer", "李娜", ("li-na",), f"{order_hex}-buyer"),
              "seller": OrderPayer("seller", "张伟", ("zhang-wei",), f"{order_hex}-seller")}
    return CombinedOrder.place(case_id=case_id, assessment_id="a-1", registry="fz-registry",
                               payers=[people[role] for role in payers], lines=lines,
                               expires_at=MONDAY_MORNING + timedelta(days=3), at=MONDAY_MORNING)


@pytest.fixture
def order():
    return place(E1_LINES)


@pytest.fixture
def e2_order():
    return place(E2_LINES, case_id="case-2")


def notice(order, event_id="ev-1", amount="20080.00", currency="CNY", sequence=1, status="paid",
           paid_at=MONDAY_MORNING + timedelta(minutes=5), gateway_order_id=None, payer="buyer"):
    return PaymentNotice(event_id=event_id, gateway_order_id=gateway_order_id or order.gateway_order_id(payer),
                         gateway_payment_id="pay-1", status=status, amount=Decimal(amount), currency=currency,
                         paid_at=paid_at, sequence=sequence)


def test_one_order_totals_every_tax_and_the_fee(order):
    assert order.total == Decimal("20080.00")


def test_each_party_owes_its_own_taxes_as_its_own_part(e2_order):
    assert e2_order.part_total("seller") == Decimal("189000.00")
    assert [line.code for line in e2_order.part_lines("seller")] == ["vat", "surcharges", "income_tax"]
    assert e2_order.part_total("buyer") == Decimal("60080.00")
    assert e2_order.total == Decimal("249080.00")
    assert e2_order.payer_of("zhang-wei") == "seller" and e2_order.payer_of("li-na") == "buyer"
    assert e2_order.gateway_order_id("seller") != e2_order.gateway_order_id("buyer")


def test_a_seller_with_nothing_to_pay_has_no_part(order):
    assert list(order.parts) == ["buyer"] and order.payer_of("zhang-wei") is None


def test_the_order_is_cleared_only_when_every_part_is_paid(e2_order):
    seller_paid = notice(e2_order, payer="seller", amount="189000.00", event_id="ev-s")
    assert e2_order.receive(seller_paid, MONDAY_MORNING) == "settled"
    assert e2_order.parts["seller"] is OrderState.CLEARED and e2_order.state is OrderState.OPEN
    assert "Paid" not in [type(e).__name__ for e in e2_order.collect_events()]
    with pytest.raises(OrderNotPayable):
        e2_order.check_payable("seller", MONDAY_MORNING)
    assert e2_order.receive(notice(e2_order, amount="60080.00", event_id="ev-b"), MONDAY_MORNING) == "settled"
    assert e2_order.state is OrderState.CLEARED
    assert [type(e).__name__ for e in e2_order.collect_events()] == ["PartPaid", "Paid"]
    assert set(e2_order.receipts) == {"buyer", "seller"} and e2_order.receipt_number.startswith("RC20260316")


def test_each_part_clears_with_its_own_balanced_postings(e2_order):
    e2_order.receive(notice(e2_order, payer="seller", amount="189000.00", event_id="ev-s"), MONDAY_MORNING)
    e2_order.receive(notice(e2_order, amount="60080.00", event_id="ev-b"), MONDAY_MORNING)
    for payer, total in (("seller", Decimal("189000.00")), ("buyer", Decimal("60080.00"))):
        postings = e2_order.part_postings[payer]
        assert balances(postings)
        assert [(p.account, p.amount) for p in postings if p.side is Side.DEBIT] == [(GATEWAY_ACCOUNT, total)]
    credited = {p.account: p.amount for p in e2_order.part_postings["seller"] if p.side is Side.CREDIT}
    assert credited == {"treasury:vat": Decimal("150000.00"), "treasury:surcharges": Decimal("9000.00"),
                        "treasury:income_tax": Decimal("30000.00")}


def test_the_buyers_payment_of_the_sellers_amount_does_not_settle_the_buyers_part(e2_order):
    assert e2_order.receive(notice(e2_order, amount="189000.00"), MONDAY_MORNING) == "wrong_amount"
    assert e2_order.parts == {"buyer": OrderState.OPEN, "seller": OrderState.OPEN}


def test_a_withdrawal_after_one_party_paid_refunds_that_part_and_drops_the_other(e2_order):
    e2_order.receive(notice(e2_order, payer="seller", amount="189000.00", event_id="ev-s"), MONDAY_MORNING)
    assert not e2_order.cancel("case withdrawn", MONDAY_MORNING)
    assert e2_order.request_refund("case withdrawn", MONDAY_MORNING)
    assert e2_order.parts == {"buyer": OrderState.CANCELLED, "seller": OrderState.REFUND_REQUESTED}
    refunded = notice(e2_order, payer="seller", amount="189000.00", event_id="ev-r", status="refunded", sequence=2)
    assert e2_order.receive(refunded, MONDAY_MORNING) == "refunded"
    assert e2_order.state is OrderState.REFUNDED


def test_a_rejection_refunds_every_paid_part_each_with_reversing_postings(e2_order):
    e2_order.receive(notice(e2_order, payer="seller", amount="189000.00", event_id="ev-s"), MONDAY_MORNING)
    e2_order.receive(notice(e2_order, amount="60080.00", event_id="ev-b"), MONDAY_MORNING)
    assert e2_order.request_refund("case rejected", MONDAY_MORNING)
    e2_order.receive(notice(e2_order, amount="60080.00", event_id="ev-rb", status="refunded", sequence=2),
                     MONDAY_MORNING)
    assert e2_order.state is OrderState.REFUND_REQUESTED  # the seller's money is not back yet
    e2_order.receive(notice(e2_order, payer="seller", amount="189000.00", event_id="ev-rs", status="refunded",
                            sequence=2), MONDAY_MORNING)
    assert e2_order.state is OrderState.REFUNDED
    reversals = [e.postings for e in e2_order.collect_events() if type(e).__name__ == "Refunded"]
    assert [balances(p) for p in reversals] == [True, True]


def test_an_adjustment_reaches_only_the_part_not_yet_paid(e2_order):
    e2_order.receive(notice(e2_order, payer="seller", amount="189000.00", event_id="ev-s"), MONDAY_MORNING)
    fewer = [line for line in E2_LINES if line.code != "vat"]  # even a change to a paid line is not applied
    halved = [OrderLine.for_tax("deed_tax", "buyer", "契税", Decimal("30000.00")), *fewer[1:]]
    assert e2_order.revise(halved, "契税减半", MONDAY_MORNING)
    assert e2_order.part_total("seller") == Decimal("189000.00")
    assert e2_order.part_total("buyer") == Decimal("30080.00")


def test_a_matching_callback_settles_and_clears_to_treasury_and_fee_account(order):
    assert order.receive(notice(order), MONDAY_MORNING) == "settled"
    assert order.state is OrderState.CLEARED
    assert balances(order.postings)
    credited = {p.account: p.amount for p in order.postings if p.side is Side.CREDIT}
    assert credited == {"treasury:deed_tax": Decimal("20000.00"), "registry_fees": Decimal("80.00")}
    assert [p.account for p in order.postings if p.side is Side.DEBIT] == [GATEWAY_ACCOUNT]
    assert order.receipt_number.startswith("RC20260316")


def test_a_duplicate_callback_changes_nothing(order):
    order.receive(notice(order), MONDAY_MORNING)
    version = order.version
    assert order.receive(notice(order), MONDAY_MORNING) == "duplicate"
    assert order.receive(notice(order, event_id="ev-2", sequence=2), MONDAY_MORNING) == "duplicate"
    assert order.version == version


@pytest.mark.parametrize("change,flag", [
    ({"amount": "20079.99"}, "wrong_amount"),
    ({"currency": "USD"}, "wrong_currency"),
    ({"gateway_order_id": "somebody-else-1"}, "stale_attempt"),
    ({"paid_at": MONDAY_MORNING + timedelta(days=4)}, "after_expiry"),
    ({"status": "refunded"}, "unexpected_refund"),
])
def test_a_callback_that_does_not_match_is_flagged_not_accepted(order, change, flag):
    assert order.receive(notice(order, **change), MONDAY_MORNING) == flag
    assert order.state is OrderState.OPEN and order.postings == []
    assert type(list(order.collect_events())[-1]).__name__ == "CallbackFlagged"


def test_a_callback_older_than_one_already_seen_is_flagged_out_of_order(order):
    order.receive(notice(order, event_id="late", sequence=5, amount="1.00"), MONDAY_MORNING)
    assert order.receive(notice(order, event_id="early", sequence=3), MONDAY_MORNING) == "out_of_order"


def test_an_expired_order_cannot_be_paid_until_reissued_and_then_needs_a_new_gateway_order(order):
    later = MONDAY_MORNING + timedelta(days=3, seconds=1)
    with pytest.raises(OrderNotPayable):
        order.check_payable("buyer", later)
    first_attempt = order.gateway_order_id("buyer")
    order.reissue(later + timedelta(days=3), at=later)
    assert order.state is OrderState.OPEN and order.gateway_order_id("buyer") != first_attempt
    assert order.receive(notice(order, gateway_order_id=first_attempt), later) == "stale_attempt"


def test_a_paid_order_of_a_rejected_case_is_refunded_with_reversing_postings(order):
    order.receive(notice(order), MONDAY_MORNING)
    assert order.request_refund("case rejected", MONDAY_MORNING)
    assert order.receive(notice(order, event_id="ev-r", status="refunded", sequence=2), MONDAY_MORNING) == "refunded"
    assert order.state is OrderState.REFUNDED


def test_revising_an_unpaid_order_changes_the_total_and_the_gateway_order(order):
    before = order.gateway_order_id("buyer")
    order.revise([E1_LINES[0]], "登记费减免", MONDAY_MORNING)
    assert order.total == Decimal("20000.00") and order.gateway_order_id("buyer") != before


CODES = ["deed_tax", "vat", "surcharges", "income_tax", "registration_fee"]
SELLERS = {"vat", "surcharges", "income_tax"}
amounts = st.decimals(min_value=Decimal("0.00"), max_value=Decimal("99999999.99"), places=2,
                      allow_nan=False, allow_infinity=False)


@given(st.lists(st.tuples(st.sampled_from(CODES), amounts), min_size=1, max_size=8))
def test_clearing_postings_always_balance_and_refunds_reverse_them_exactly(items):
    lines = [OrderLine.for_tax(code, "seller" if code in SELLERS else "buyer", code, amount) for code, amount in items]
    order = place(lines, case_id="c")
    postings = [p for payer in order.parts for p in clearing_postings(order.part_lines(payer),
                                                                      order.part_total(payer))]
    assert balances(postings)
    assert balances(postings + reversal(postings))
    credited = sum((p.amount for p in postings if p.side is Side.CREDIT), Decimal(0))
    assert credited == order.total == sum((line.amount for line in lines), Decimal(0))


def test_at_a_judicial_auction_the_buyer_pays_only_the_buyers_lines_and_the_court_settles_the_sellers():
    from registry.payments.app import order_lines, order_payers
    from registry.taxation.values import AssessedLine
    assessed = [AssessedLine(line.code, line.payer, line.amount, Decimal("1"), line.amount, "r", "ref")
                for line in E2_LINES]
    payable, settled_by_court = order_lines(assessed, judicial=True)
    assert {line.payer for line in payable} == {"buyer"}
    assert [line.code for line in settled_by_court] == ["vat", "surcharges", "income_tax"]
    order_id = CombinedOrder.create_id("auction")
    payers = {"buyer": {"name": "李娜", "keys": ["li-na"]}, "seller": {"name": "王芳", "keys": ["wang-fang"]}}
    assert [p.role for p in order_payers(order_id, payers, judicial=True)] == ["buyer"]
    assert [p.role for p in order_payers(order_id, payers, judicial=False)] == ["buyer", "seller"]
    order = CombinedOrder.place(case_id="auction", assessment_id="a", registry="pt-registry",
                                payers=order_payers(order_id, payers, judicial=True), lines=payable,
                                settled_by_court=settled_by_court, expires_at=MONDAY_MORNING + timedelta(days=3),
                                at=MONDAY_MORNING)
    assert list(order.parts) == ["buyer"] and order.total == Decimal("60080.00")
    assert order.payer_of("wang-fang") is None
