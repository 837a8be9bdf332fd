"""Orders stored before each party paid its own part (v1: the first buyer paid every line) still load, are
paid under their old merchant order id, refund, and snapshot; assessments of v1 name their payers."""

from datetime import timedelta
from decimal import Decimal

import pytest
from eventsourcing.persistence import StoredEvent

from adapters.clock import FixedClock
from adapters.transcodings import all_transcodings
from registry.payments.app import Payments
from registry.payments.order import CombinedOrder
from registry.payments.values import (
    FEE_ACCOUNT,
    GATEWAY_ACCOUNT,
    OrderLine,
    OrderState,
    PaymentNotice,
    Posting,
    Side,
    balances,
)
from tests.builders import MONDAY_MORNING

LINES = [OrderLine.for_tax("deed_tax", "buyer", "契税", Decimal("20000.00")),
         OrderLine.for_tax("vat", "seller", "增值税", Decimal("1000.00")),  # v1: the buyer paid it too
         OrderLine.for_tax("registration_fee", "buyer", "不动产登记费", Decimal("80.00"))]


@pytest.fixture
def payments():
    return Payments(clock=FixedClock(MONDAY_MORNING), transcodings=all_transcodings(),
                    env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


def store_v1(app, order_id, version, topic, **state):
    """An event as v1 code stored it: no class_version, the fields of the day."""
    body = app.mapper.transcoder.encode({**state, "timestamp": MONDAY_MORNING})
    app.recorder.insert_events([StoredEvent(originator_id=order_id, originator_version=version, topic=topic,
                                            state=body)])


def place_v1(app, case_id="case-v1"):
    order_id = CombinedOrder.create_id(case_id)
    store_v1(app, order_id, 1, "payments.order.Placed", originator_topic="payments.order", case_id=case_id,
             assessment_id="a-1", registry="fz-registry", payer_name="李娜", payer_key="li-na", lines=LINES,
             total=Decimal("21080.00"), currency="CNY", expires_at=MONDAY_MORNING + timedelta(days=3),
             at=MONDAY_MORNING)
    return order_id


def paid(order_id, event_id="ev-1", status="paid", sequence=1):
    return PaymentNotice(event_id=event_id, gateway_order_id=f"{order_id.hex}-1", gateway_payment_id="p",
                         status=status, amount=Decimal("21080.00"), currency="CNY",
                         paid_at=MONDAY_MORNING + timedelta(minutes=5), sequence=sequence)


def test_a_v1_order_loads_as_one_buyers_part_with_every_line_under_its_old_gateway_order_id(payments):
    order = payments.repository.get(place_v1(payments))
    assert list(order.parts) == ["buyer"] and order.part_total("buyer") == Decimal("21080.00")
    assert order.gateway_order_id("buyer") == f"{order.id.hex}-1"
    assert order.payer_of("li-na") == "buyer"
    assert order.receive(paid(order.id), MONDAY_MORNING) == "settled"
    assert order.state is OrderState.CLEARED


def test_a_v1_paid_order_keeps_its_postings_and_refunds_them(payments):
    order_id = place_v1(payments)
    postings = [Posting(GATEWAY_ACCOUNT, Side.DEBIT, Decimal("21080.00"), "total"),
                Posting("treasury:deed_tax", Side.CREDIT, Decimal("20000.00"), "deed_tax"),
                Posting("treasury:vat", Side.CREDIT, Decimal("1000.00"), "vat"),
                Posting(FEE_ACCOUNT, Side.CREDIT, Decimal("80.00"), "registration_fee")]
    store_v1(payments, order_id, 2, "payments.order.Paid", case_id="case-v1", notice=paid(order_id),
             postings=postings, receipt_number="RC20260316ABCDEF0123", at=MONDAY_MORNING)
    store_v1(payments, order_id, 3, "payments.order.RefundRequested", reason="case rejected", at=MONDAY_MORNING)
    order = payments.repository.get(order_id)
    assert order.parts == {"buyer": OrderState.REFUND_REQUESTED} and order.postings == postings
    assert order.receive(paid(order_id, "ev-r", "refunded", 2), MONDAY_MORNING) == "refunded"
    [refunded] = [e for e in order.collect_events() if type(e).__name__ == "Refunded"]
    assert balances(postings + refunded.postings)


def test_a_v1_snapshot_is_upcast_to_parts(payments):
    order = payments.repository.get(place_v1(payments))
    v1_state = {"_id": order.id, "_version": 1, "_created_on": MONDAY_MORNING, "_modified_on": MONDAY_MORNING,
                "case_id": "case-v1", "registry": "fz-registry", "payer_key": "li-na", "lines": LINES,
                "total": Decimal("21080.00"), "expires_at": order.expires_at, "state": OrderState.OPEN,
                "attempt": 2, "started": {}, "seen_events": [], "sequences": {}, "postings": [],
                "receipt_number": ""}
    CombinedOrder.upcast_v1_v2(v1_state)
    assert v1_state["attempts"] == {"buyer": 2} and v1_state["parts"] == {"buyer": OrderState.OPEN}
    assert {line.payer for line in v1_state["lines"]} == {"buyer"}


def test_a_v2_order_survives_a_snapshot(payments):
    order = payments.repository.get(place_v1(payments))
    payments.save(order)
    payments.take_snapshot(order.id)
    assert payments.repository.get(order.id).parts == {"buyer": OrderState.OPEN}


def test_a_v1_assessment_names_the_first_buyer_as_the_buyer_and_the_other_parties_as_sellers():
    from events.taxation import Issued
    state = {"payer_name": "李娜", "payer_key": "li-na", "party_keys": ["li-na", "zhang-wei"]}
    Issued.upcast_v1_v2(state)
    assert state["payers"] == {"buyer": {"name": "李娜", "keys": ["li-na"]},
                               "seller": {"name": "", "keys": ["zhang-wei"]}}
