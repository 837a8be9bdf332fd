"""The mortgage views on both stores: what mortgagors, registrars and the register book show of a bank's
filing, and above all what each party does not see. Scoping lives in the queries' SQL."""

from datetime import date
from uuid import UUID

import pytest

from projections import all_projections, consents, mortgage_desk, register_book
from projections.worker import Worker
from registry.kernel.actors import Actor, Role
from registry.kernel.errors import InvalidValue
from registry.kernel.values import mask_id_number
from registry.mortgages import commands, decisions
from registry.mortgages.values import FilingKind
from registry.register_book import commands as units
from registry.register_book import objections
from tests.builders import (
    CANGSHAN_FLAT,
    CCB,
    CHEN_GANG,
    GULOU_FLAT,
    ICBC,
    LI_NA,
    RCB,
    TAIJIANG_FLAT,
    WANG_FANG,
    ZHANG_WEI,
    halves,
    housing_loan,
    maximum_amount_loan,
    mortgage_kwargs,
    sole,
    unit_kwargs,
)
from tests.fakes import FakeBanks
from tests.integration.conftest import ADMIN, applicant, catch_up

STAFF = {bank: Actor(user_id=f"{bank}-staff", role=Role.BANK_STAFF, org=bank) for bank in (ICBC, CCB, RCB)}
ZHANG, WANG = applicant(ZHANG_WEI), applicant(WANG_FANG)
OBJECTION = dict(reference="(2026)榕异字第12号", applicant=WANG_FANG.name, reason="主张该房屋系夫妻共同财产")


@pytest.fixture
def banks(app) -> FakeBanks:
    app.banks = FakeBanks()
    return app.banks


@pytest.fixture
def project(app, views, banks):
    """Views only: the proofs the issuer loop would press are not what these tests look at."""
    worker = Worker(app, views, all_projections())
    worker.setup()
    return worker


@pytest.fixture
def flats(app, registrar):
    """Zhang Wei's Gulou flat; the Cangshan flat he owns in halves with Wang Fang."""
    units.register_unit(app, registrar, **unit_kwargs())
    units.register_unit(app, registrar,
                        **unit_kwargs(unit_number=CANGSHAN_FLAT, owners=halves(ZHANG_WEI, WANG_FANG)))


def file(app, reference, bank=ICBC, **filing) -> str:
    return str(commands.file_mortgage(app, STAFF[bank], **mortgage_kwargs(reference, **filing)).id)


def confirm(app, filing_id, *parties) -> str:
    for party in parties:
        commands.consent_to_filing(app, party, UUID(filing_id))
    return filing_id


def proof_of(app, filing_id) -> str:
    return app.get_filing(UUID(filing_id)).proof_numbers[0]


# -- the mortgagors' consents ---------------------------------------------------------------------
def test_owners_see_the_filings_awaiting_them_masked_and_nobody_else_sees_them(app, views, project, clock, flats,
                                                                               registrar):
    gulou = file(app, "ICBC-2026-0001")
    clock.advance(minutes=5)
    cangshan = file(app, "ICBC-2026-0002", unit_numbers=[CANGSHAN_FLAT], mortgagors=[ZHANG_WEI, WANG_FANG],
                    terms=maximum_amount_loan(transfer_restricted=True))
    project.run_once()

    assert [f["filing_id"] for f in consents.awaiting_me(views, ZHANG).items] == [gulou, cangshan]
    [asked] = consents.awaiting_me(views, WANG).items
    assert asked["filing_id"] == cangshan and asked["my_consent"] == "awaiting"
    assert asked["terms"]["method_name"] == "maximum" and asked["terms"]["maximum_amount"] == "3000000.00"
    assert asked["terms"]["secured_amount"] is None and asked["terms"]["transfer_restricted"] is True
    assert (asked["terms"]["claim_start"], asked["terms"]["claim_end"]) == ("2026-03-16", "2031-03-15")
    assert asked["mortgagors"] == [{"name": ZHANG_WEI.name, "id_number": mask_id_number(ZHANG_WEI.id_number)},
                                   {"name": WANG_FANG.name, "id_number": mask_id_number(WANG_FANG.id_number)}]
    assert "fee" not in asked
    everything = repr(consents.mine(views, ZHANG).items) + repr(consents.mine(views, WANG).items)
    assert ZHANG_WEI.id_number not in everything and WANG_FANG.id_number not in everything

    for stranger in (applicant(LI_NA), registrar, STAFF[ICBC], ADMIN):
        assert consents.awaiting_me(views, stranger).items == [] and consents.mine(views, stranger).items == []
        assert consents.for_me(views, stranger, cangshan) is None
    assert consents.for_me(views, WANG, gulou) is None
    assert consents.for_me(views, ZHANG, "00000000-0000-0000-0000-000000000000") is None


def test_consent_view_follows_each_party_and_the_filing_to_its_end(app, views, project, clock, flats):
    gulou = confirm(app, file(app, "ICBC-2026-0001"), ZHANG)
    clock.advance(minutes=5)
    cangshan = file(app, "ICBC-2026-0002", unit_numbers=[CANGSHAN_FLAT], mortgagors=[ZHANG_WEI, WANG_FANG])
    commands.decline_filing(app, WANG, UUID(cangshan), reason="不同意抵押")
    project.run_once()

    registered = consents.for_me(views, ZHANG, gulou)
    assert registered["state"] == "registered" and registered["my_consent"] == "confirmed"
    assert registered["proof_numbers"] == [proof_of(app, gulou)]
    declined = consents.for_me(views, ZHANG, cangshan)
    assert (declined["state"], declined["my_consent"], declined["reason"]) == ("declined", "awaiting", "不同意抵押")
    assert [(p["name"], p["state"], p["reason"]) for p in declined["parties"]] == [
        (ZHANG_WEI.name, "awaiting", None), (WANG_FANG.name, "declined", "不同意抵押")]
    assert consents.awaiting_me(views, ZHANG).items == []  # nothing left to confirm: the filing is over
    assert [f["filing_id"] for f in consents.mine(views, ZHANG).items] == [cangshan, gulou]


# -- the registrar's desk -------------------------------------------------------------------------
def test_registrar_queue_lists_filings_a_rule_stopped_longest_waiting_first_with_the_reasons(
        app, views, project, clock, banks, flats, registrar):
    objections.register_objection(app, registrar, unit_number=GULOU_FLAT, **OBJECTION)
    warned = confirm(app, file(app, "ICBC-2026-0001"), ZHANG)
    clock.advance(hours=1)
    banks.withdraw(CCB, "fz-registry")
    failed = confirm(app, file(app, "CCB-2026-0001", CCB, unit_numbers=[CANGSHAN_FLAT],
                               mortgagors=[ZHANG_WEI, WANG_FANG]), ZHANG, WANG)
    clock.advance(minutes=30)
    waiting = file(app, "ICBC-2026-0003", unit_numbers=[CANGSHAN_FLAT], mortgagors=[ZHANG_WEI, WANG_FANG])
    project.run_once()

    queue = mortgage_desk.queue(views, registrar, now=clock.now()).items

    assert [(f["filing_id"], f["age_seconds"]) for f in queue] == [(warned, 5400), (failed, 1800)]
    assert [(r["rule"], r["verdict"]) for r in queue[0]["reasons"]] == [("no_objection", "warn")]
    assert [(r["rule"], r["verdict"]) for r in queue[1]["reasons"]] == [("bank_accredited", "fail")]
    assert queue[1]["mortgagors"][1] == {"name": WANG_FANG.name, "id_number": WANG_FANG.id_number}
    assert queue[1]["debtors"] == [{"name": ZHANG_WEI.name, "id_number": ZHANG_WEI.id_number}]
    assert queue[1]["terms"]["amount"] == "1000000.00" and queue[1]["fee"] == "80" and queue[1]["rank"] == 1
    assert [c["state"] for c in queue[1]["consents"]] == ["confirmed", "confirmed"]
    awaiting = mortgage_desk.filings(views, registrar, state="awaiting_consent").items
    assert [f["filing_id"] for f in awaiting] == [waiting]
    assert [f["filing_id"] for f in mortgage_desk.filings(views, registrar).items] == [waiting, failed, warned]
    with pytest.raises(InvalidValue):
        mortgage_desk.filings(views, registrar, state="approved")


def test_the_mortgage_queue_shows_each_filings_online_deadline_and_turns_red_after_it(
        app, views, project, clock, banks, flats, registrar, supervision, clock_views):
    objections.register_objection(app, registrar, unit_number=GULOU_FLAT, **OBJECTION)
    warned = confirm(app, file(app, "ICBC-2026-0001"), ZHANG)  # Monday 9:30, stopped by the objection
    project.run_once()
    assert mortgage_desk.queue(views, registrar, now=clock.now()).items[0]["deadline"] is None  # not timed yet
    catch_up(supervision, clock_views)

    queued = mortgage_desk.queue(views, registrar, now=clock.now()).items[0]
    assert queued["filing_id"] == warned
    assert (queued["deadline"]["office_minutes"], queued["deadline"]["colour"]) == (60, "green")
    clock.advance(hours=2)
    late = mortgage_desk.queue(views, registrar, now=clock.now()).items[0]["deadline"]
    assert (late["colour"], late["state"]) == ("red", "running")


def test_registrar_desk_keeps_who_consented_and_who_decided(app, views, project, clock, flats, registrar):
    objections.register_objection(app, registrar, unit_number=GULOU_FLAT, **OBJECTION)
    filing_id = confirm(app, file(app, "ICBC-2026-0001"), ZHANG)
    clock.advance(minutes=20)
    decisions.approve_filing(app, registrar, UUID(filing_id))
    project.run_once()

    filing = mortgage_desk.filing(views, registrar, filing_id)

    assert filing["state"] == "registered" and filing["registered_by"] == registrar.user_id
    assert [(r["rule"], r["verdict"]) for r in filing["reasons"]] == [("no_objection", "warn")]  # accepted
    assert filing["proof_numbers"] == [proof_of(app, filing_id)] and filing["queued_at"] < filing["decided_at"]
    assert [(h["event"], h["by"]) for h in filing["history"]] == [
        ("Filed", STAFF[ICBC].user_id), ("Consented", ZHANG.user_id), ("Queued", None),
        ("Registered", registrar.user_id)]
    assert filing["history"][-1]["detail"]["by_rule"] is False
    assert filing["consents"] == [{"kind": "person", "name": ZHANG_WEI.name, "id_number": ZHANG_WEI.id_number,
                                   "party": f"person:{ZHANG_WEI.id_number}", "state": "confirmed",
                                   "by": ZHANG.user_id, "at": filing["history"][1]["at"], "reason": None}]


def test_only_registrars_of_the_filings_registry_and_admins_see_the_desk(app, views, project, flats, registrar,
                                                                         other_registrar):
    objections.register_objection(app, registrar, unit_number=GULOU_FLAT, **OBJECTION)
    filing_id = confirm(app, file(app, "ICBC-2026-0001"), ZHANG)
    project.run_once()
    now = app.clock.now()

    assert [f["filing_id"] for f in mortgage_desk.queue(views, ADMIN, now).items] == [filing_id]
    assert mortgage_desk.filing(views, ADMIN, filing_id)["registry"] == "fz-registry"
    for outsider in (other_registrar, ZHANG, STAFF[ICBC]):
        assert mortgage_desk.queue(views, outsider, now).items == []
        assert mortgage_desk.filings(views, outsider).items == []
        assert mortgage_desk.filing(views, outsider, filing_id) is None


# -- the register book's encumbrances -------------------------------------------------------------
def test_register_book_keeps_mortgages_in_rank_order_through_change_transfer_and_discharge(
        app, views, project, flats, registrar):
    icbc = confirm(app, file(app, "ICBC-2026-0001"), ZHANG)
    ccb = confirm(app, file(app, "CCB-2026-0001", CCB, rank=2, terms=housing_loan("500000.00")), ZHANG)
    rcb = confirm(app, file(app, "RCB-2026-0001", RCB, rank=3, terms=housing_loan("200000.00")), ZHANG)
    project.run_once()
    assert [(m["rank"], m["bank"], m["amount"]) for m in register_book.page(views, registrar, GULOU_FLAT)[
        "mortgages"]] == [(1, ICBC, "1000000.00"), (2, CCB, "500000.00"), (3, RCB, "200000.00")]

    confirm(app, file(app, "RCB-2026-0002", RCB, kind=FilingKind.CHANGE, rank=1, proof_numbers=[proof_of(app, rcb)],
                      terms=housing_loan("250000.00", performance_end=date(2046, 3, 15))),
            ZHANG, STAFF[ICBC], STAFF[CCB])
    # the rank change pushed ICBC and CCB back: each now holds a new proof stating its new rank
    pushed_back = [m.proof_number for m in app.get_unit(GULOU_FLAT).mortgages[1:]]
    assert set(pushed_back).isdisjoint({proof_of(app, icbc), proof_of(app, ccb)})
    confirm(app, file(app, "ICBC-2026-0002", kind=FilingKind.TRANSFER, assignee=CCB,
                      proof_numbers=[pushed_back[0]]), STAFF[CCB])
    file(app, "CCB-2026-0002", CCB, kind=FilingKind.DISCHARGE, proof_numbers=[pushed_back[1]])
    project.run_once()

    page = register_book.page(views, registrar, GULOU_FLAT)
    assert [(m["rank"], m["bank"], m["filing_id"]) for m in page["mortgages"]] == [(1, RCB, rcb), (2, CCB, icbc)]
    changed, transferred = page["mortgages"]
    assert (changed["amount"], changed["performance_end"]) == ("250000.00", "2046-03-15")
    assert changed["proof_number"] != proof_of(app, rcb)
    assert transferred["bank_name"] == "中国建设银行福州分行" and transferred["proof_number"] not in pushed_back
    assert [(h["event"], h["djlx"], h["qllx"]) for h in page["history"]] == [
        ("Registered", "100", "4"), *[("MortgageRegistered", "100", "37")] * 3, ("MortgageChanged", "300", "37"),
        *[("MortgageReranked", "300", "37")] * 2, ("MortgageTransferred", "200", "37"),
        ("MortgageDischarged", "400", "37")]
    assert page["version"] == 9


def test_owner_reads_the_mortgages_on_their_page_masked_and_a_bank_cannot_read_the_register_book(
        app, views, project, flats, registrar):
    confirm(app, file(app, "ICBC-2026-0001", terms=housing_loan(transfer_restricted=True)), ZHANG)
    objections.register_objection(app, registrar, unit_number=GULOU_FLAT, **OBJECTION)
    project.run_once()

    mine = register_book.page(views, ZHANG, GULOU_FLAT)
    [mortgage] = mine["mortgages"]
    assert mortgage["mortgagors"] == [{"name": ZHANG_WEI.name, "id_number": mask_id_number(ZHANG_WEI.id_number)}]
    assert mortgage["transfer_restricted"] is True and mortgage["method"] == "1"
    assert ZHANG_WEI.id_number not in repr(mine)
    assert [(o["reference"], o["applicant"]) for o in mine["objections"]] == [(OBJECTION["reference"],
                                                                             WANG_FANG.name)]
    for bank in STAFF.values():
        assert register_book.page(views, bank, GULOU_FLAT) is None

    objections.cancel_objection(app, registrar, unit_number=GULOU_FLAT, reference=OBJECTION["reference"])
    project.run_once()
    assert register_book.page(views, registrar, GULOU_FLAT)["objections"] == []


def test_pre_notice_becomes_the_first_mortgage_on_the_page_opened_for_the_purchasers(app, views, project,
                                                                                    registrar):
    pre_notice = confirm(app, file(app, "ICBC-PRE-2026-0001", kind=FilingKind.PRE_NOTICE,
                                   unit_numbers=[TAIJIANG_FLAT], mortgagors=[CHEN_GANG], registry="fz-registry",
                                   location="福州市台江区期房2号楼304", terms=housing_loan(debtors=(CHEN_GANG,))),
                         applicant(CHEN_GANG))
    units.register_unit(app, registrar, **unit_kwargs(unit_number=TAIJIANG_FLAT, owners=sole(CHEN_GANG)))
    project.run_once()

    page = register_book.page(views, registrar, TAIJIANG_FLAT)

    [mortgage] = page["mortgages"]
    assert (mortgage["rank"], mortgage["bank"], mortgage["filing_id"]) == (1, ICBC, pre_notice)
    assert page["history"][-1]["summary"]["converted_pre_notice"] == pre_notice
    assert consents.for_me(views, applicant(CHEN_GANG), pre_notice)["location"] == "福州市台江区期房2号楼304"


def test_rebuilt_mortgage_views_are_identical_to_the_live_ones(app, views, project, clock, flats, registrar):
    confirm(app, file(app, "ICBC-2026-0001"), ZHANG)
    objections.register_objection(app, registrar, unit_number=CANGSHAN_FLAT, **OBJECTION)
    clock.advance(minutes=5)
    queued = confirm(app, file(app, "CCB-2026-0001", CCB, unit_numbers=[CANGSHAN_FLAT],
                               mortgagors=[ZHANG_WEI, WANG_FANG], terms=housing_loan("750000.00")),
                     ZHANG, WANG)
    decisions.reject_filing(app, registrar, UUID(queued), reason="异议未消除")
    project.run_once()

    def everything() -> tuple:
        return (register_book.page(views, registrar, GULOU_FLAT), register_book.page(views, registrar, CANGSHAN_FLAT),
                mortgage_desk.filings(views, registrar).items, consents.mine(views, ZHANG).items,
                consents.mine(views, WANG).items)

    live = everything()
    for name in ("register_book", "mortgage_desk", "mortgage_consents"):
        project.rebuild(name)
    assert everything() == live
    assert live[2][0]["state"] == "rejected" and live[2][0]["reason"] == "异议未消除"
