"""What each party sees, and above all what they do not: scoping lives in the queries' SQL."""

import pytest

from projections import all_projections, applicant, register_book, register_search
from projections import registrar as desk
from projections.worker import Worker
from registry.kernel.errors import NotAuthorised
from registry.kernel.values import mask_id_number
from registry.register_book import commands as units
from registry.transfers import commands as transfers
from tests.builders import (
    CHEN_GANG,
    GULOU_FLAT,
    LI_NA,
    TAIJIANG_FLAT,
    WANG_FANG,
    ZHANG_WEI,
    sole,
    transfer_kwargs,
    unit_kwargs,
)
from tests.integration.conftest import applicant as applicant_actor
from tests.integration.conftest import mixed_history, submit


def find(views, actor, text: str) -> list[dict]:
    return register_search.search(views, actor, register_search.UnitCriteria(text=text)).items


@pytest.fixture
def two_flats(app, registrar, clock):
    units.register_unit(app, registrar, **unit_kwargs())
    units.register_unit(app, registrar, **unit_kwargs(unit_number=TAIJIANG_FLAT, owners=sole(CHEN_GANG)))


def test_registrar_queue_lists_pending_cases_oldest_first_with_age(app, views, worker, clock, registrar,
                                                                   buyer, two_flats):
    first = submit(app, buyer, worker)
    clock.advance(hours=2)
    second = submit(app, applicant_actor(CHEN_GANG), worker, unit_number=TAIJIANG_FLAT, sellers=[CHEN_GANG],
                    buyers=sole(ZHANG_WEI), contract_number="FZ2026-000200")
    clock.advance(minutes=30)
    unsettled = transfers.submit_transfer(app, buyer, **transfer_kwargs(contract_number="FZ2026-000999")).id
    Worker(app, views, all_projections()).run_once()  # views only: no policy settles it

    queue = desk.queue(views, registrar, now=clock.now()).items

    assert [row["case_id"] for row in queue] == [str(first), str(second)]
    assert [row["age_seconds"] for row in queue] == [2 * 3600 + 1800, 1800]
    unsettled_cases = desk.cases(views, registrar, desk.CaseFilter(state="awaiting_settlement")).items
    assert [row["case_id"] for row in unsettled_cases] == [str(unsettled)]
    head = queue[0]
    assert head["price"] == "2000000.00" and head["unit_area"] == "120.00"
    assert head["buyers"] == [{"name": LI_NA.name, "id_number": LI_NA.id_number, "share": "1"}]
    assert head["home_counts"][0]["ordinal"] == "first" and head["state"] == "pending_review"


def test_applicant_sees_only_cases_they_are_party_to_and_another_applicant_sees_none(
        app, views, worker, clock, registrar, buyer, seller, two_flats):
    theirs = submit(app, buyer, worker)
    other = submit(app, applicant_actor(CHEN_GANG), worker, unit_number=TAIJIANG_FLAT, sellers=[CHEN_GANG],
                   buyers=sole(ZHANG_WEI), contract_number="FZ2026-000200")
    stranger = applicant_actor(WANG_FANG)

    mine = applicant.my_cases(views, buyer).items
    assert [row["case_id"] for row in mine] == [str(theirs)]
    assert mine[0]["my_roles"] == ["buyer", "filer"] and mine[0]["next_step"] == "wait_for_registrar"
    assert mine[0]["buyers"][0]["id_number"] == mask_id_number(LI_NA.id_number)
    assert LI_NA.id_number not in repr(mine) and ZHANG_WEI.id_number not in repr(mine)
    assert {row["case_id"] for row in applicant.my_cases(views, seller).items} == {str(theirs), str(other)}
    assert applicant.my_cases(views, stranger).items == []
    assert applicant.case(views, stranger, str(theirs)) is None
    assert applicant.case(views, buyer, str(other)) is None

    transfers.approve_transfer(app, registrar, theirs)
    worker.run_once()
    approved = applicant.case(views, seller, str(theirs))
    assert approved["next_step"] == "none" and approved["my_roles"] == ["seller"]  # only buyers collect one
    assert approved["certificate_number"] == "闽(2026)福州市不动产权第0000003号"


def test_registrar_of_another_registry_sees_nothing_of_this_registry(app, views, worker, clock, registrar,
                                                                    other_registrar, buyer, two_flats):
    case_id = submit(app, buyer, worker)

    assert desk.queue(views, other_registrar, now=clock.now()).items == []
    assert desk.cases(views, other_registrar).items == []
    assert desk.case(views, other_registrar, str(case_id)) is None
    assert register_book.page(views, other_registrar, GULOU_FLAT) is None
    assert find(views, other_registrar, "3501") == []
    assert desk.case(views, registrar, str(case_id))["case_id"] == str(case_id)
    assert register_book.page(views, registrar, GULOU_FLAT) is not None
    assert applicant.case(views, registrar, str(case_id)) is None
    with pytest.raises(NotAuthorised):
        desk.queue(views, buyer, now=clock.now())


def test_register_book_shows_the_full_history_with_djlx_codes_and_the_cancelled_number(
        app, views, worker, clock, registrar, buyer, seller):
    history = mixed_history(app, worker, clock, registrar)
    worker.run_once()

    page = register_book.page(views, registrar, GULOU_FLAT)

    assert [(h["event"], h["djlx"], h["qllx"]) for h in page["history"]] == [
        ("Registered", "100", "4"), ("Transferred", "200", "4")]
    transfer = page["history"][1]["summary"]
    assert transfer["cancelled_certificate"] == "闽(2026)福州市不动产权第0000001号(销)"
    assert transfer["certificate_number"] == page["certificate_number"] == "闽(2026)福州市不动产权第0000005号"
    assert transfer["case_id"] == str(history["approved"][0])
    assert page["owners"] == [{"name": LI_NA.name, "id_number": LI_NA.id_number, "share": "1"}]
    assert page["version"] == 2 and page["area"] == "120.00" and page["locked"] is False

    cangshan = register_book.page(views, registrar, "350104001002GB00007F00030101")
    assert [(h["event"], h["djlx"], h["qllx"]) for h in cangshan["history"]] == [
        ("Registered", "100", "4"), ("Locked", "800", "98"), ("Unlocked", "400", "98")]
    assert cangshan["history"][2]["summary"]["authority"] == "福州市鼓楼区人民法院"


def test_owners_see_their_own_page_masked_and_the_former_owner_no_longer_sees_it(
        app, views, worker, clock, registrar, buyer, seller, two_flats):
    assert register_book.page(views, seller, GULOU_FLAT) is None  # nothing projected yet
    worker.run_once()
    assert register_book.page(views, buyer, GULOU_FLAT) is None
    assert register_book.page(views, seller, GULOU_FLAT)["owners"][0]["id_number"] == mask_id_number(
        ZHANG_WEI.id_number)

    transfers.approve_transfer(app, registrar, submit(app, buyer, worker))
    worker.run_once()

    page = register_book.page(views, buyer, GULOU_FLAT)
    assert register_book.page(views, seller, GULOU_FLAT) is None
    assert LI_NA.id_number not in repr(page) and ZHANG_WEI.id_number not in repr(page)
    assert page["history"][0]["summary"]["owners"][0]["id_number"] == mask_id_number(ZHANG_WEI.id_number)


def test_search_finds_units_by_number_prefix_or_location_within_the_registry(app, views, worker, clock,
                                                                             registrar, other_registrar):
    mixed_history(app, worker, clock, registrar)
    worker.run_once()

    by_number = find(views, registrar, "350102001001")
    assert [r["unit_number"] for r in by_number] == ["350102001001GB00001F00010001",
                                                    "350102001001GB00001F00019001"]
    assert {r["registry"] for r in find(views, registrar, "鼓楼区")} == {"fz-registry"}
    assert [r["unit_number"] for r in find(views, other_registrar, "思明区")] == [
        "350203001001GB00003F00010201"]
    assert find(views, other_registrar, "鼓楼区") == []
    assert find(views, registrar, "100%") == []  # wildcards are literal
