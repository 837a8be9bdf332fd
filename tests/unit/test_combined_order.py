"""One combined order, paid once: which callbacks settle it, which are flagged, and that clearing balances."""

from datetime import timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry.payments.order import CombinedOrder, OrderNotPayable
from registry.payments.values import (
    GATEWAY_ACCOUNT,
    OrderLine,
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


@pytest.fixture
def order():
    return CombinedOrder.place(case_id="case-1", assessment_id="a-1", registry="fz-registry", payer_name="李娜",
                               payer_key="k", lines=E1_LINES, expires_at=MONDAY_MORNING + timedelta(days=3),
                               at=MONDAY_MORNING)


def notice(order, event_id="ev-1", amount="20080.00", currency="CNY", sequence=1, status="paid",
           paid_at=MONDAY_MORNING + timedelta(minutes=5), gateway_order_id=None):
    return PaymentNotice(event_id=event_id, gateway_order_id=gateway_order_id or order.gateway_order_id,
                         gateway_payment_id="pay-1", status=status, amount=Decimal(amount), currency=currency,
                         paid_at=paid_at, sequence=sequence)


def test_one_order_totals_every_tax_and_the_fee(order):
    assert order.total == Decimal("20080.00")


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
        order.check_payable(later)
    first_attempt = order.gateway_order_id
    order.reissue(later + timedelta(days=3), at=later)
    assert order.state is OrderState.OPEN and order.gateway_order_id != first_attempt
    assert order.receive(notice(order, gateway_order_id=first_attempt), later) == "stale_attempt"


def test_a_paid_order_of_a_rejected_case_is_refunded_with_reversing_postings(order):
    order.receive(notice(order), MONDAY_MORNING)
    assert order.request_refund("case rejected", MONDAY_MORNING)
    assert order.receive(notice(order, event_id="ev-r", status="refunded", sequence=2), MONDAY_MORNING) == "refunded"
    assert order.state is OrderState.REFUNDED


def test_revising_an_unpaid_order_changes_the_total_and_the_gateway_order(order):
    before = order.gateway_order_id
    order.revise([E1_LINES[0]], "登记费减免", MONDAY_MORNING)
    assert order.total == Decimal("20000.00") and order.gateway_order_id != before


CODES = ["deed_tax", "vat", "surcharges", "income_tax", "registration_fee"]
amounts = st.decimals(min_value=Decimal("0.00"), max_value=Decimal("99999999.99"), places=2,
                      allow_nan=False, allow_infinity=False)


@given(st.lists(st.tuples(st.sampled_from(CODES), amounts), min_size=1, max_size=8))
def test_clearing_postings_always_balance_and_refunds_reverse_them_exactly(items):
    lines = [OrderLine.for_tax(code, "buyer", code, amount) for code, amount in items]
    order = CombinedOrder.place(case_id="c", assessment_id="a", registry="r", payer_name="p", payer_key="k",
                                lines=lines, expires_at=MONDAY_MORNING + timedelta(days=3), at=MONDAY_MORNING)
    postings = clearing_postings(order.lines, order.total)
    assert balances(postings)
    assert balances(postings + reversal(postings))
    credited = sum((p.amount for p in postings if p.side is Side.CREDIT), Decimal(0))
    assert credited == order.total == sum((line.amount for line in lines), Decimal(0))
