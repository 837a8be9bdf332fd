"""No list hides data: every list comes in pages with its total, newest first where readers want the latest
(a bank's notifications, the registrar's cases), oldest first for work queues; registrars find units by owner
name, ID number and certificate number, within their own registry only (scoping in SQL). Both stores."""

from __future__ import annotations

from datetime import timedelta

import pytest

from projections import bank_queries, register_book
from projections import registrar as desk
from projections.bank_desk import NOTIFICATIONS, BankDesk
from projections.base import insert
from projections.paging import PageRequest
from projections.register_search import UnitCriteria, search
from registry.kernel.actors import Actor, Role
from registry.kernel.errors import InvalidValue
from registry.register_book import commands as units
from registry.transfers import commands as transfers
from tests.builders import CHEN_GANG, GULOU_FLAT, LI_NA, MONDAY_MORNING, WANG_FANG, ZHANG_WEI, sole, unit_kwargs
from tests.integration.conftest import ADMIN, XIAMEN_FLAT, submit
from tests.integration.conftest import applicant as applicant_actor

ICBC_DESK = Actor(user_id="icbc-zhou", role=Role.BANK_STAFF, org="icbc-fz")
CCB_DESK = Actor(user_id="ccb-wu", role=Role.BANK_STAFF, org="ccb-fz")


def flat(number: int) -> str:
    """The number-th flat of one Gulou building: 350102001001GB00001F0001xxxx."""
    return f"350102001001GB00001F0001{number:04d}"


@pytest.fixture
def sixty_flats(app, registrar):
    """Sixty flats in Fuzhou owned by Zhang Wei, one by Chen Gang, and Wang Fang's flat in Xiamen."""
    for number in range(1, 61):
        units.register_unit(app, registrar, **unit_kwargs(unit_number=flat(number)))
    units.register_unit(app, registrar, **unit_kwargs(unit_number=flat(61), owners=sole(CHEN_GANG)))
    units.register_unit(app, ADMIN, **unit_kwargs(unit_number=XIAMEN_FLAT, owners=sole(WANG_FANG))
                        | {"registry": "xm-registry", "location": "厦门市思明区中山路1号"})


# -- the register search ------------------------------------------------------------------------------
def test_sixty_units_of_one_owner_come_in_two_pages_with_the_total(app, views, worker, registrar, sixty_flats):
    worker.run_once()
    by_id = UnitCriteria(id_number=ZHANG_WEI.id_number)

    first = search(views, registrar, by_id)
    second = search(views, registrar, by_id, PageRequest(page=2))

    assert (first.total, first.pages, first.next, first.previous) == (60, 2, 2, None)
    assert [u["unit_number"] for u in first.items] == [flat(n) for n in range(1, 51)]
    assert [u["unit_number"] for u in second.items] == [flat(n) for n in range(51, 61)]
    assert (second.next, second.previous) == (None, 1)
    assert search(views, registrar, by_id, PageRequest(page=3)).items == []


def test_registrar_finds_units_by_owner_name_id_number_and_certificate_number(app, views, worker, registrar,
                                                                              sixty_flats):
    worker.run_once()
    certificate = register_book.page(views, registrar, flat(61))["certificate_number"]

    def found(**criteria: str) -> list[str]:
        return [u["unit_number"] for u in search(views, registrar, UnitCriteria(**criteria)).items]

    assert found(owner_name="陈刚") == [flat(61)]
    assert found(id_number=CHEN_GANG.id_number) == [flat(61)]
    assert found(id_number=CHEN_GANG.id_number[:-1]) == []  # exact, never a prefix
    assert found(certificate_number=certificate) == [flat(61)]
    assert found(owner_name="陈刚", id_number=ZHANG_WEI.id_number) == []  # every criterion must match
    assert found(owner_name="陈") == []  # a full name, not a fragment
    assert search(views, registrar, UnitCriteria(owner_name="陈刚")).items[0]["owner_names"] == ["陈刚"]


def test_an_owner_found_by_name_is_the_owner_now_after_a_transfer(app, views, worker, registrar, sixty_flats):
    case_id = submit(app, applicant_actor(LI_NA), worker, unit_number=flat(61), sellers=[CHEN_GANG],
                     buyers=sole(LI_NA))
    transfers.approve_transfer(app, registrar, case_id)
    worker.run_once()

    assert [u["unit_number"] for u in search(views, registrar, UnitCriteria(owner_name="李娜")).items] == [flat(61)]
    assert search(views, registrar, UnitCriteria(owner_name="陈刚")).items == []
    assert search(views, registrar, UnitCriteria(id_number=CHEN_GANG.id_number)).items == []


def test_another_registrys_units_are_never_found_by_any_key(app, views, worker, registrar, other_registrar,
                                                            sixty_flats):
    worker.run_once()
    xiamen_certificate = register_book.page(views, ADMIN, XIAMEN_FLAT)["certificate_number"]
    for criteria in (UnitCriteria(owner_name="王芳"), UnitCriteria(id_number=WANG_FANG.id_number),
                     UnitCriteria(certificate_number=xiamen_certificate), UnitCriteria(text="3502"),
                     UnitCriteria()):
        assert XIAMEN_FLAT not in [u["unit_number"] for u in search(views, registrar, criteria).items]
    assert search(views, other_registrar, UnitCriteria(id_number=ZHANG_WEI.id_number)).total == 0
    assert [u["unit_number"] for u in search(views, other_registrar, UnitCriteria(owner_name="王芳")).items] == [
        XIAMEN_FLAT]
    assert search(views, ADMIN, UnitCriteria(owner_name="王芳")).total == 1
    stranger = Actor(user_id="registrar-nowhere", role=Role.REGISTRAR)
    assert search(views, stranger, UnitCriteria()).total == 0


# -- a bank's notifications --------------------------------------------------------------------------
def test_page_one_of_a_banks_notifications_shows_the_newest_of_120(views):
    """Before: the page read the oldest 100 and the newest 20 were invisible."""
    with views.transaction() as tx:
        BankDesk().create(tx)
        for seq in range(1, 121):
            for bank in ("icbc-fz", "ccb-fz"):
                insert(tx, NOTIFICATIONS, {
                    "id": f"{bank}-{seq}", "seq": seq, "bank": bank, "kind": "mortgage_registered",
                    "filing_id": None, "unit_number": GULOU_FLAT, "payload": "{}",
                    "at": (MONDAY_MORNING + timedelta(minutes=seq)).isoformat()})

    first = bank_queries.notification_page(views, ICBC_DESK)
    last = bank_queries.notification_page(views, ICBC_DESK, PageRequest(page=3))

    assert [n["seq"] for n in first.items] == list(range(120, 70, -1))
    assert {n["bank"] for n in first.items} == {"icbc-fz"} and first.total == 120
    assert [n["seq"] for n in last.items] == list(range(20, 0, -1)) and last.next is None
    assert bank_queries.notification_page(views, ADMIN).total == 240


# -- the registrar's cases ---------------------------------------------------------------------------
def test_registrar_lists_cases_newest_first_filtered_by_state_kind_date_and_unit(app, views, worker, clock,
                                                                               registrar, other_registrar):
    units.register_unit(app, registrar, **unit_kwargs())
    units.register_unit(app, registrar, **unit_kwargs(unit_number=flat(2), owners=sole(CHEN_GANG)))
    first = submit(app, applicant_actor(LI_NA), worker)
    clock.advance(days=1)
    second = submit(app, applicant_actor(CHEN_GANG), worker, unit_number=flat(2), sellers=[CHEN_GANG],
                    buyers=sole(ZHANG_WEI), contract_number="FZ2026-000200")
    transfers.approve_transfer(app, registrar, second)
    worker.run_once()

    def listed(**criteria) -> list[str]:
        return [c["case_id"] for c in desk.cases(views, registrar, desk.CaseFilter(**criteria)).items]

    assert listed() == [str(second), str(first)]
    assert listed(state="approved") == [str(second)]
    assert listed(kind="transfer") == [str(second), str(first)] and listed(kind="judicial") == []
    assert listed(kind="resale_residential") == [str(second), str(first)] and listed(kind="gift") == []
    assert listed(submitted_from=MONDAY_MORNING + timedelta(hours=12)) == [str(second)]
    assert listed(submitted_before=MONDAY_MORNING + timedelta(hours=12)) == [str(first)]
    assert listed(unit_number=GULOU_FLAT) == [str(first)]
    paged = desk.cases(views, registrar, paging=PageRequest(page=2, per_page=1))
    assert [c["case_id"] for c in paged.items] == [str(first)] and (paged.total, paged.previous) == (2, 1)
    assert desk.cases(views, other_registrar).total == 0
    with pytest.raises(InvalidValue):
        desk.cases(views, registrar, desk.CaseFilter(kind="barter"))


@pytest.mark.parametrize("page, per_page", [(0, 50), (-1, 50), (1, 0), (1, 201), (True, 50)])
def test_a_page_out_of_range_is_refused_by_name(page, per_page):
    with pytest.raises(InvalidValue) as refused:
        PageRequest(page=page, per_page=per_page)
    assert refused.value.field in ("page", "per_page")
