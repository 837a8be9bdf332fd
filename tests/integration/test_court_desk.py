"""The court's desk through the real commands, on both stores: Gulou seized Zhang Wei's flat (ICBC holds a
mortgage on it, Taijiang queued behind), auctioned it to Li Na, and follows its case from the ruling to the
buyer's new certificate and the loan CCB paid into its account; Taijiang is told its seizure stays, flagged."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import date
from decimal import Decimal
from uuid import UUID

import pytest

from projections import court_desk_queries as desk
from registry.courts import orders as court_orders
from registry.courts import rulings as judicial
from registry.courts.rulings import CourtDocument, RulingRequest
from registry.kernel.actors import Actor, Role
from registry.mortgages import commands as mortgages
from registry.mortgages.disbursement import record_disbursement
from registry.register_book import commands as units
from registry.transfers import commands as transfers
from tests.builders import CCB, GULOU_FLAT, ICBC, LI_NA, ZHANG_WEI, housing_loan, mortgage_kwargs, sole, unit_kwargs
from tests.integration.conftest import applicant

GULOU, TAIJIANG = ("gulou-court", "福州市鼓楼区人民法院"), ("taijiang-court", "福州市台江区人民法院")
SEIZURE, QUEUED, RULING = "(2026)闽0102执88号", "(2026)闽0103执12号", "(2026)闽0102执恢88号之一"
COURT_ACCOUNT = "福州市鼓楼区人民法院执行款专户 1402 0000 0000 0088"


class Shelf:
    def put(self, document_id: str, content: bytes) -> None:
        pass


def order(request_id: str, ruling: str) -> court_orders.OrderRequest:
    return court_orders.OrderRequest(
        request_id=request_id, executing_court="执行局", judge="陈法官", case_number=SEIZURE,
        notice_name="协助执行通知书", ruling_number=ruling,
        subjects=[{"name": ZHANG_WEI.name, "id_type": "1", "id_number": ZHANG_WEI.id_number}],
        unit_number=GULOU_FLAT, start=date(2026, 3, 16), end=date(2029, 3, 15))


def signed_by(court: tuple[str, str], request_id: str) -> dict:
    return {"court": court[0], "court_name": court[1],
            "request_sha256": hashlib.sha256(f"{court[0]}:{request_id}".encode()).hexdigest()}


@pytest.fixture
def auctioned(app, worker, registrar) -> UUID:
    """The flat, ICBC's mortgage, both seizures and Gulou's ruling served: the judicial case's id."""
    units.register_unit(app, registrar, **unit_kwargs())
    icbc = Actor(user_id="icbc-zhou", role=Role.BANK_STAFF, org=ICBC)
    mortgages.consent_to_filing(app, applicant(ZHANG_WEI), mortgages.file_mortgage(app, icbc, **mortgage_kwargs()).id)
    court_orders.seize(app, **signed_by(GULOU, "GL-1"), request=order("GL-1", SEIZURE))
    court_orders.seize(app, **signed_by(TAIJIANG, "TJ-1"), request=order("TJ-1", QUEUED))
    served = judicial.serve_ruling(app, Shelf(), **signed_by(GULOU, "GL-R1"), request=RulingRequest(
        order=order("GL-R1", RULING), ruling_date=date(2026, 3, 16), confirmation_number="(2026)闽0102执88号成交确认书",
        assistance_notice_number="(2026)闽0102执88号协助执行通知书", price=Decimal("1680000.00"), buyers=sole(LI_NA),
        documents=[CourtDocument("ruling", "执行裁定书.pdf", "application/pdf", b"%PDF-1.7\n%%EOF\n")]))
    worker.run_once()
    return UUID(served.case_id)


def told(views, court: tuple[str, str]) -> list[tuple[str, str | None]]:
    return [(i["kind"], i["payload"].get("state")) for i in desk.feed(views, court[0])]


def test_an_auction_case_is_followed_from_the_ruling_to_the_buyers_certificate(
        app, worker, views, registrar, auctioned):
    [case] = desk.cases(views, GULOU[0]).items
    assert (case["case_id"], case["request_id"], case["state"], case["feedback"]) == \
        (str(auctioned), "GL-R1", "awaiting_payment", None)
    assert (case["price"], case["buyers"], case["ruling_number"]) == ("1680000.00", [{"name": "李娜", "share": "1"}],
                                                                     RULING)
    transfers.record_settlement(app, auctioned, reference="paid:R-1")
    worker.run_once()
    assert desk.cases(views, GULOU[0]).items[0]["state"] == "taxes_paid"

    transfers.approve_transfer(app, registrar, auctioned)
    worker.run_once()

    [case] = desk.cases(views, GULOU[0]).items
    certificate = app.get_unit(GULOU_FLAT).certificate_number
    assert (case["state"], case["certificate_number"]) == ("transferred", certificate)
    assert (case["feedback"]["result"], case["feedback"]["reference"]) == ("1", certificate)
    assert told(views, GULOU) == [("feedback", None), ("case_progressed", "awaiting_payment"),
                                  ("case_progressed", "taxes_paid"), ("case_completed", "transferred"),
                                  ("feedback", None)]  # the case's approval, then the order's answer, in one save
    assert [(s["reference"], s["state"]) for s in desk.seizures(views, GULOU[0]).items] == [(SEIZURE, "released")]
    [stays] = desk.seizures(views, TAIJIANG[0]).items
    assert (stays["reference"], stays["state"], stays["flagged_by"]) == (QUEUED, "active", RULING)
    taijiang = desk.feed(views, TAIJIANG[0])
    assert [i["kind"] for i in taijiang] == ["feedback", "seizure_activated", "seizure_flagged"]
    assert taijiang[2]["payload"] | {"case_id": None} == {
        "reference": QUEUED, "state": "active", "unit_number": GULOU_FLAT, "auctioned_by": GULOU[0],
        "auctioned_by_name": GULOU[1], "ruling_number": RULING, "case_id": None, "certificate_number": certificate}


def test_the_loan_the_buyers_bank_paid_to_the_court_is_shown_on_the_case(app, worker, views, registrar, auctioned):
    transfers.record_settlement(app, auctioned, reference="paid:R-1")
    transfers.approve_transfer(app, registrar, auctioned)
    release = dataclasses.replace(order("TJ-2", QUEUED), seizure_reference=QUEUED)
    assert court_orders.release(app, **signed_by(TAIJIANG, "TJ-2"), request=release).controlled  # the flagged one
    ccb = Actor(user_id="ccb-wu", role=Role.BANK_STAFF, org=CCB)
    filed = mortgages.file_mortgage(app, ccb, **mortgage_kwargs("CCB-2026-0088", mortgagors=[LI_NA],
                                                                terms=housing_loan("1200000.00", debtors=(LI_NA,))))
    mortgages.consent_to_filing(app, applicant(LI_NA), filed.id)
    record_disbursement(app, ccb, filed.id, amount=Decimal("1200000.00"), account=COURT_ACCOUNT,
                        reference="CCB-PAY-0088", paid_on=date(2026, 3, 16))
    worker.run_once()

    [loan] = desk.cases(views, GULOU[0]).items[0]["loans"]
    assert loan == {"filing_id": str(filed.id), "bank": CCB, "bank_name": loan["bank_name"], "amount": "1200000.00",
                    "account": COURT_ACCOUNT, "reference": "CCB-PAY-0088", "paid_on": "2026-03-16"}
    last = desk.feed(views, GULOU[0])[-1]
    assert (last["kind"], last["case_id"], last["payload"]["amount"]) == \
        ("loan_disbursed", str(auctioned), "1200000.00")
    assert desk.feed(views, TAIJIANG[0])[-1]["kind"] != "loan_disbursed"


def test_a_refused_judicial_case_is_the_courts_failed_feedback(app, worker, views, registrar, auctioned):
    transfers.record_settlement(app, auctioned, reference="paid:R-1")
    transfers.reject_transfer(app, registrar, auctioned, "成交确认书所载单元与裁定不符")
    worker.run_once()

    [case] = desk.cases(views, GULOU[0]).items
    assert (case["state"], case["reason"], case["certificate_number"]) == \
        ("refused", "成交确认书所载单元与裁定不符", None)
    assert (case["feedback"]["result"], case["feedback"]["code"]) == ("2", "registrar_refused")
    assert ("case_completed", "refused") in told(views, GULOU)


def test_a_rebuilt_court_desk_equals_the_live_one_after_an_auction(app, worker, views, registrar, auctioned):
    transfers.record_settlement(app, auctioned, reference="paid:R-1")
    transfers.approve_transfer(app, registrar, auctioned)
    worker.run_once()
    projection = next(p for p in worker.projections if p.name == "court_desk")

    def dump() -> dict:
        with views.read() as tx:
            return {t: sorted(map(repr, tx.execute(f"SELECT * FROM {t}"))) for t in projection.tables}

    live = dump()
    worker.rebuild("court_desk")
    assert dump() == live
