"""The bank's desk on both stores: filings, live mortgages in rank order, the notification feed and
the monthly statement — each bank sees its own, and a rebuilt view equals the live one row for row."""

from datetime import date, datetime
from uuid import UUID

import pytest

from adapters.clock import REGISTRY_TZ
from projections import bank_queries
from registry.kernel.actors import Actor, Role
from registry.kernel.codes import Supplement, Use
from registry.kernel.errors import InvalidValue, NotAuthorised
from registry.kernel.values import mask_id_number
from registry.mortgages.commands import consent_to_filing, decline_filing, file_mortgage, resubmit_filing
from registry.mortgages.decisions import reject_filing, return_filing
from registry.mortgages.values import FilingKind, MortgageTerms
from registry.register_book import commands as units
from tests.builders import (
    CANGSHAN_FLAT,
    GARAGE,
    GULOU_FLAT,
    LI_NA,
    TAIJIANG_FLAT,
    ZHANG_WEI,
    housing_loan,
    maximum_amount_loan,
    sole,
    unit_kwargs,
)
from tests.integration.conftest import ADMIN, applicant

BANKS = {"icbc-fz": "中国工商银行福州分行", "ccb-fz": "中国建设银行福州分行", "boc-fz": "中国银行福州分行",
         "cmb-fz": "招商银行福州分行"}
ICBC, CCB, BOC, CMB = (Actor(user_id=f"{org[:-3]}-staff", role=Role.BANK_STAFF, org=org) for org in BANKS)
OFF_PLAN_FLAT = "350102001001GB00001F00020801"


class AccreditedBanks:
    """The four Fuzhou banks, all accredited (accreditation itself is the directory's own test)."""

    def bank_name(self, org: str) -> str | None:
        return BANKS.get(org)

    def accredited(self, bank: str, registry: str) -> bool:
        return True


@pytest.fixture
def bank_app(app):
    app.banks = AccreditedBanks()
    return app


def first(app, bank: Actor, reference: str, *, unit: str = GULOU_FLAT, rank: int = 1, owner=ZHANG_WEI,
          consent: bool = True, terms: MortgageTerms | None = None) -> UUID:
    """The bank files a first registration and the owner confirms it from their own account."""
    filing_id = file_mortgage(app, bank, kind=FilingKind.FIRST, bank_reference=reference, unit_numbers=[unit],
                              mortgagors=[owner], terms=terms or housing_loan(), rank=rank).id
    if consent:
        consent_to_filing(app, applicant(owner), filing_id)
    return filing_id


def proof_of(views, bank: Actor, unit: str = GULOU_FLAT) -> str:
    return next(m["proof_number"] for m in bank_queries.mortgages(views, bank).items if m["unit_number"] == unit)


def ranks(views, *banks: Actor) -> dict[str, int]:
    return {m["bank"]: m["rank"] for bank in banks for m in bank_queries.mortgages(views, bank).items}


def kinds(views, bank: Actor) -> list[str]:
    return [n["kind"] for n in bank_queries.notifications(views, bank)]


def boc_asks_for_first_rank(app, views) -> UUID:
    """BOC, third in rank, lowers its loan to 800,000.00 and asks to rank first (ICBC and CCB must agree)."""
    return file_mortgage(app, BOC, kind=FilingKind.CHANGE, bank_reference="boc-fz-002", unit_numbers=[GULOU_FLAT],
                         mortgagors=[], terms=housing_loan("800000.00", contract="HT-boc-fz"), rank=1,
                         proof_numbers=[proof_of(views, BOC)]).id


@pytest.fixture
def three_mortgages(bank_app, worker, registrar):
    units.register_unit(bank_app, registrar, **unit_kwargs())
    for rank, bank in enumerate((ICBC, CCB, BOC), start=1):
        first(bank_app, bank, f"{bank.org}-001", rank=rank, terms=housing_loan(contract=f"HT-{bank.org}"))
    worker.run_once()


def test_three_mortgages_rank_in_order_of_registration_and_a_discharge_closes_the_gap(
        bank_app, views, worker, three_mortgages):
    assert ranks(views, ICBC, CCB, BOC) == {"icbc-fz": 1, "ccb-fz": 2, "boc-fz": 3}
    mine = bank_queries.mortgages(views, ICBC).items[0]
    assert mine["unit_number"] == GULOU_FLAT and mine["amount"] == "1000000.00" and mine["maximum"] is False
    assert mine["method"] == "1" and mine["currency"] == "CNY" and mine["performance_end"] == "2056-03-15"

    discharge = file_mortgage(bank_app, ICBC, kind=FilingKind.DISCHARGE, bank_reference="icbc-fz-002",
                              unit_numbers=[GULOU_FLAT], mortgagors=[], terms=None,
                              proof_numbers=[mine["proof_number"]]).id
    worker.run_once()

    assert bank_queries.mortgages(views, ICBC).items == []
    assert ranks(views, CCB, BOC) == {"ccb-fz": 1, "boc-fz": 2}
    assert bank_queries.filing(views, ICBC, str(discharge))["fee"] == "0.00"
    feed = bank_queries.notifications(views, ICBC)
    assert [n["kind"] for n in feed] == ["filing_registered", "proof_issued", "filing_registered",
                                         "mortgage_discharged"]
    assert [n["seq"] for n in feed] == [1, 2, 3, 4]
    assert feed[-1]["payload"] == {"mortgage_id": mine["mortgage_id"], "unit_number": GULOU_FLAT,
                                   "proof_number": mine["proof_number"], "filing_id": str(discharge)}


def test_the_proof_is_pushed_to_the_bank_that_holds_the_mortgage_with_its_download_path(
        bank_app, views, worker, three_mortgages):
    [mortgage] = bank_queries.mortgages(views, CCB).items

    registered, proof = bank_queries.notifications(views, CCB)

    assert (registered["kind"], proof["kind"]) == ("filing_registered", "proof_issued")
    assert registered["payload"]["proof_numbers"] == [mortgage["proof_number"]]
    certificate_id = proof["payload"]["certificate_id"]
    assert proof["payload"] == {"certificate_id": certificate_id, "number": mortgage["proof_number"],
                                "unit_number": GULOU_FLAT, "filing_id": mortgage["filing_id"],
                                "download": f"/api/v1/certificates/{certificate_id}.pdf"}
    assert proof["filing_id"] == mortgage["filing_id"] and proof["unit_number"] == GULOU_FLAT


def test_a_rank_change_asks_the_banks_it_pushes_back_and_moves_the_mortgage_up(
        bank_app, views, worker, three_mortgages):
    change = boc_asks_for_first_rank(bank_app, views)
    worker.run_once()
    asked = bank_queries.filing(views, ICBC, str(change))
    assert asked["own"] is False and asked["bank_reference"] is None and asked["state"] == "awaiting_consent"
    assert asked["consents"] == [{"party": f"person:{mask_id_number(ZHANG_WEI.id_number)}", "done": False},
                                 {"party": "bank:icbc-fz", "done": False}, {"party": "bank:ccb-fz", "done": False}]
    assert kinds(views, CCB)[-1] == "consent_requested"
    assert bank_queries.filing(views, CMB, str(change)) is None and bank_queries.filings(views, CMB).items == []

    for party in (applicant(ZHANG_WEI), ICBC, CCB):
        consent_to_filing(bank_app, party, change)
    worker.run_once()

    assert ranks(views, ICBC, CCB, BOC) == {"boc-fz": 1, "icbc-fz": 2, "ccb-fz": 3}
    changed = bank_queries.filing(views, BOC, str(change))
    assert changed["state"] == "registered" and changed["own"] is True and changed["decided_by"] == "rule"
    assert proof_of(views, BOC) == changed["proof_numbers"][0]
    assert {m["filing_id"] for m in bank_queries.mortgages(views, BOC).items} == {str(change)}


def test_a_transfer_moves_the_mortgage_to_the_bank_that_takes_the_debt(bank_app, views, worker, registrar):
    units.register_unit(bank_app, registrar, **unit_kwargs())
    first(bank_app, ICBC, "icbc-fz-001")
    worker.run_once()
    transfer = file_mortgage(bank_app, ICBC, kind=FilingKind.TRANSFER, bank_reference="icbc-fz-009",
                             unit_numbers=[GULOU_FLAT], mortgagors=[], terms=None,
                             proof_numbers=[proof_of(views, ICBC)], assignee="ccb-fz").id
    consent_to_filing(bank_app, CCB, transfer)
    worker.run_once()

    assert bank_queries.mortgages(views, ICBC).items == []
    taken = bank_queries.mortgages(views, CCB).items
    assert [(m["bank_name"], m["rank"], m["filing_id"]) for m in taken] == [("中国建设银行福州分行", 1, str(transfer))]
    told = bank_queries.notifications(views, CCB)
    assert [n["kind"] for n in told] == ["consent_requested", "filing_registered", "proof_issued"]
    assert "bank_reference" not in told[1]["payload"]
    assert bank_queries.notifications(views, ICBC)[-1]["payload"]["bank_reference"] == "icbc-fz-009"


def test_a_queued_then_rejected_filing_tells_the_bank_why(bank_app, views, worker, registrar, clock):
    units.register_unit(bank_app, registrar, **unit_kwargs())
    unit = bank_app.get_unit(GULOU_FLAT)
    unit.register_objection(reference="YY-2026-7", applicant=LI_NA.name, reason="产权有争议", at=clock.now())
    bank_app.save(unit)
    filing_id = first(bank_app, ICBC, "icbc-fz-001", rank=2)
    worker.run_once()

    queued = bank_queries.filing(views, ICBC, str(filing_id))
    assert queued["state"] == "queued"
    verdicts = {o["rule"]: o["verdict"] for o in queued["outcomes"]}
    assert verdicts["rank_free"] == "fail" and verdicts["no_objection"] == "warn"
    assert verdicts["mortgagors_are_owners"] == "pass"
    feed = bank_queries.notifications(views, ICBC)
    assert feed[-1]["kind"] == "filing_queued"
    assert [r["rule"] for r in feed[-1]["payload"]["reasons"]] == ["rank_free", "no_objection"]

    reject_filing(bank_app, registrar, filing_id, "顺位错误，请重新申报")
    worker.run_once()

    rejected = bank_queries.filing(views, ICBC, str(filing_id))
    assert rejected["state"] == "rejected" and rejected["reason"] == "顺位错误，请重新申报"
    assert rejected["decided_by"] == registrar.user_id
    assert bank_queries.notifications(views, ICBC, after_seq=feed[-1]["seq"])[0]["payload"]["reason"] == \
        "顺位错误，请重新申报"
    assert bank_queries.mortgages(views, ICBC).items == []


def test_a_mortgagor_who_declines_stops_the_filing(bank_app, views, worker, registrar):
    units.register_unit(bank_app, registrar, **unit_kwargs())
    filing_id = first(bank_app, ICBC, "icbc-fz-001", consent=False)
    decline_filing(bank_app, applicant(ZHANG_WEI), filing_id, "贷款未谈妥")
    worker.run_once()

    declined = bank_queries.filing(views, ICBC, str(filing_id))
    assert (declined["state"], declined["reason"]) == ("declined", "贷款未谈妥")
    assert bank_queries.mortgages(views, ICBC).items == []


def test_a_seizure_tells_every_bank_with_a_live_mortgage_on_the_unit_and_no_other(
        bank_app, views, worker, registrar, three_mortgages):
    units.register_unit(bank_app, registrar, **unit_kwargs(unit_number=TAIJIANG_FLAT))
    first(bank_app, CMB, "cmb-fz-001", unit=TAIJIANG_FLAT)
    units.lock_unit(bank_app, registrar, unit_number=GULOU_FLAT, authority="福州市鼓楼区人民法院",
                    reference="(2026)闽0102执123号", reason="查封", until=date(2029, 3, 15))
    worker.run_once()

    for bank in (ICBC, CCB, BOC):
        seizure = bank_queries.notifications(views, bank)[-1]
        assert seizure["kind"] == "seizure" and seizure["unit_number"] == GULOU_FLAT
        assert seizure["payload"]["reference"] == "(2026)闽0102执123号"
        assert seizure["payload"]["mortgages"] == [{"mortgage_id": m["mortgage_id"], "proof_number": m["proof_number"]}
                                                   for m in bank_queries.mortgages(views, bank).items]
    assert "seizure" not in kinds(views, CMB)
    ids = [bank_queries.notifications(views, bank)[-1]["id"] for bank in (ICBC, CCB, BOC)]
    assert len(set(ids)) == 3


def test_a_pre_notice_becomes_a_live_mortgage_when_the_flat_is_first_registered(bank_app, views, worker,
                                                                                  registrar):
    pre_notice = file_mortgage(bank_app, ICBC, kind=FilingKind.PRE_NOTICE, bank_reference="icbc-fz-yg-1",
                               unit_numbers=[OFF_PLAN_FLAT], mortgagors=[LI_NA],
                               terms=maximum_amount_loan(debtors=(LI_NA,)),
                               registry="fz-registry", location="福州市鼓楼区五四路88号2单元801室").id
    consent_to_filing(bank_app, applicant(LI_NA), pre_notice)
    worker.run_once()
    assert bank_queries.filing(views, ICBC, str(pre_notice))["state"] == "registered"
    assert bank_queries.mortgages(views, ICBC).items == []

    units.register_unit(bank_app, registrar, **unit_kwargs(unit_number=OFF_PLAN_FLAT, owners=sole(LI_NA)))
    worker.run_once()

    [mortgage] = bank_queries.mortgages(views, ICBC).items
    assert (mortgage["unit_number"], mortgage["rank"], mortgage["filing_id"]) == (OFF_PLAN_FLAT, 1, str(pre_notice))
    assert mortgage["maximum"] is True and mortgage["method"] == "2" and mortgage["claim_end"] == "2031-03-15"


def test_another_bank_and_other_roles_see_nothing_of_a_banks_desk(bank_app, views, worker, registrar, seller,
                                                                  three_mortgages):
    filing_id = bank_queries.filings(views, ICBC).items[0]["filing_id"]

    assert bank_queries.filing(views, CCB, filing_id) is None
    assert {f["bank"] for f in bank_queries.filings(views, CCB).items} == {"ccb-fz"}
    assert {m["bank"] for m in bank_queries.mortgages(views, CCB).items} == {"ccb-fz"}
    assert bank_queries.filings(views, CMB).items == [] and bank_queries.mortgages(views, CMB).items == []
    assert bank_queries.notifications(views, CMB) == []
    assert bank_queries.filing(views, registrar, filing_id) is None
    assert bank_queries.filing(views, seller, filing_id) is None
    for query in (bank_queries.filings, bank_queries.mortgages, bank_queries.notifications):
        with pytest.raises(NotAuthorised):
            query(views, registrar)
    with pytest.raises(NotAuthorised):
        bank_queries.statement(views, seller, "2026-03")
    assert bank_queries.filings(views, ADMIN).total == 3 and bank_queries.filing(views, ADMIN, filing_id)["own"] is True
    own = bank_queries.filing(views, ICBC, str(filing_id))
    assert own["mortgagors"] == [{"name": ZHANG_WEI.name, "id_number": ZHANG_WEI.id_number}]
    assert own["terms"]["secured_amount"] == "1000000.00" and own["fee"] == "80.00"
    with pytest.raises(InvalidValue):
        bank_queries.filings(views, ICBC, state="lost")


def test_the_statement_sums_the_fees_of_filings_registered_in_that_month(bank_app, views, worker, registrar,
                                                                         clock):
    units.register_unit(bank_app, registrar, **unit_kwargs())
    units.register_unit(bank_app, registrar, **unit_kwargs(unit_number=CANGSHAN_FLAT, use=Use.NON_RESIDENTIAL))
    units.register_unit(bank_app, registrar, **unit_kwargs(unit_number=GARAGE))
    flat = first(bank_app, ICBC, "icbc-fz-001")
    clock.advance(minutes=5)
    shop = first(bank_app, ICBC, "icbc-fz-002", unit=CANGSHAN_FLAT)
    first(bank_app, ICBC, "icbc-fz-003", unit=GARAGE, rank=3)  # queued: never registered, never charged
    first(bank_app, CCB, "ccb-fz-001", rank=2)  # another bank's fee
    clock.advance(days=15, hours=13, minutes=55)  # 2026-03-31 23:30 in Fuzhou: still March
    last_day = first(bank_app, ICBC, "icbc-fz-004", unit=GARAGE)
    clock.advance(hours=1)  # April in Fuzhou (still March in UTC)
    first(bank_app, ICBC, "icbc-fz-005", rank=3)
    worker.run_once()

    march = bank_queries.statement(views, ICBC, "2026-03")

    assert clock.now() == datetime(2026, 4, 1, 0, 30, tzinfo=REGISTRY_TZ)
    assert [(line["filing_id"], line["fee"]) for line in march["lines"]] == [
        (str(flat), "80.00"), (str(shop), "550.00"), (str(last_day), "80.00")]
    assert march["total"] == "710.00" and march["month"] == "2026-03"
    assert bank_queries.statement(views, ICBC, "2026-04")["total"] == "80.00"
    assert bank_queries.statement(views, ICBC, "2026-02") == {"month": "2026-02", "bank": "icbc-fz", "lines": [],
                                                          "total": "0.00"}
    with pytest.raises(InvalidValue):
        bank_queries.statement(views, ICBC, "2026-13")


def dump(views, projection):
    with views.read() as tx:
        return {table: sorted((tuple(sorted(row.items())) for row in tx.execute(f"SELECT * FROM {table}")),
                              key=repr)
                for table in projection.tables}


def test_a_rebuilt_bank_desk_equals_the_live_one_row_for_row(bank_app, views, worker, registrar, three_mortgages):
    change = boc_asks_for_first_rank(bank_app, views)
    for party in (applicant(ZHANG_WEI), ICBC, CCB):
        consent_to_filing(bank_app, party, change)
    worker.run_once()
    file_mortgage(bank_app, ICBC, kind=FilingKind.DISCHARGE, bank_reference="icbc-fz-002",
                  unit_numbers=[GULOU_FLAT], mortgagors=[], terms=None, proof_numbers=[proof_of(views, ICBC)])
    rejected = first(bank_app, CMB, "cmb-fz-001", rank=7)
    return_filing(bank_app, registrar, rejected, missing=[Supplement.LOAN_CONTRACT])  # 补正 first, once
    resubmit_filing(bank_app, CMB, rejected)
    reject_filing(bank_app, registrar, rejected, "顺位错误")
    units.lock_unit(bank_app, registrar, unit_number=GULOU_FLAT, authority="福州市鼓楼区人民法院",
                    reference="(2026)闽0102执9号", reason="查封")
    worker.run_once()
    projection = next(p for p in worker.projections if p.name == "bank_desk")
    live = dump(views, projection)
    assert all(live.values()), "every table of the view has rows to compare"

    worker.rebuild("bank_desk")

    assert dump(views, projection) == live
