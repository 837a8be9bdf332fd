"""The supervisor's dashboard queries on both stores, over five cases of the Fuzhou office:

* Gulou flat: paid Monday 16 March 9:30, due Thursday 17:30, breached Friday (red);
* Taijiang flat: filed Monday, not paid (waiting on its parties);
* Cangshan flat: paid Monday, registered Tuesday by registrar Lin (ended on time, one office day);
* two more Gulou flats, paid Thursday 19 March 9:30, due Tuesday 24th: one warned (amber), one green.
"""

from datetime import datetime
from uuid import UUID

import pytest

from adapters.clock import REGISTRY_TZ
from projections import supervision_queries as dashboard
from registry.kernel.actors import Actor, Role
from registry.register_book import commands as units
from registry.supervision.app import check_clocks, close_follow_up, rate_case
from registry.transfers import commands as transfers
from tests.builders import CANGSHAN_FLAT, GULOU_FLAT, TAIJIANG_FLAT, transfer_kwargs, unit_kwargs
from tests.integration.conftest import catch_up

FRIDAY_MORNING = datetime(2026, 3, 20, 9, 0, tzinfo=REGISTRY_TZ)
MORE_FLATS = ["350102001001GB00001F00010002", "350102001001GB00001F00010003"]
FUZHOU = ["fz-registry"]


def file(app, buyer, unit_number, contract, *, paid=True):
    case_id = transfers.submit_transfer(app, buyer, **transfer_kwargs(unit_number=unit_number,
                                                                       contract_number=contract)).id
    if paid:
        transfers.record_settlement(app, case_id, reference="no-charge")
    return str(case_id)


@pytest.fixture
def office(app, registrar, buyer, clock, supervision, clock_views):
    for number in (GULOU_FLAT, TAIJIANG_FLAT, CANGSHAN_FLAT, *MORE_FLATS):
        units.register_unit(app, registrar, **unit_kwargs(unit_number=number))
    cases = {"red": file(app, buyer, GULOU_FLAT, "FZ2026-1"),
             "waiting": file(app, buyer, TAIJIANG_FLAT, "FZ2026-2", paid=False),
             "ended": file(app, buyer, CANGSHAN_FLAT, "FZ2026-3")}
    clock.advance(days=1)
    transfers.approve_transfer(app, registrar, UUID(cases["ended"]))
    clock.advance(days=2)
    cases |= {"amber": file(app, buyer, MORE_FLATS[0], "FZ2026-4"),
              "green": file(app, buyer, MORE_FLATS[1], "FZ2026-5")}
    catch_up(supervision, clock_views)
    check_clocks(supervision, [cases["red"]], now=FRIDAY_MORNING)
    check_clocks(supervision, [cases["amber"]], now=datetime(2026, 3, 24, 9, 0, tzinfo=REGISTRY_TZ))
    catch_up(supervision, clock_views)
    return cases


def test_open_cases_are_counted_by_the_time_they_have_left(views, office):
    assert dashboard.colour_counts(views, FUZHOU, FRIDAY_MORNING) == {"red": 1, "amber": 1, "green": 1, "waiting": 1}
    assert [c["case_id"] for c in dashboard.cases(views, FUZHOU, FRIDAY_MORNING, "red")] == [office["red"]]
    assert [c["case_id"] for c in dashboard.cases(views, FUZHOU, FRIDAY_MORNING, "waiting")] == [office["waiting"]]


def test_per_office_and_per_registrar_counts_and_median_durations(views, office, registrar):
    [fuzhou] = dashboard.per_office(views, FUZHOU, FRIDAY_MORNING)
    assert fuzhou == {"key": "fz-registry", "open": 4, "overdue": 1, "ended": 1, "late": 0, "median_minutes": 390}
    assert dashboard.per_registrar(views, FUZHOU, FRIDAY_MORNING) == [
        {"key": registrar.user_id, "registry": "fz-registry", "open": 0, "overdue": 0, "ended": 1, "late": 0,
         "median_minutes": 390}]


def test_the_daily_trend_shows_the_registration_on_tuesday(views, office):
    trend = dashboard.daily_trend(views, FUZHOU, FRIDAY_MORNING, days=7)
    assert [d["day"] for d in trend][-4:] == ["2026-03-17", "2026-03-18", "2026-03-19", "2026-03-20"]
    assert {d["day"]: (d["on_time"], d["late"]) for d in trend}["2026-03-17"] == (1, 0)
    assert sum(d["on_time"] + d["late"] for d in trend) == 1


def test_another_offices_supervisor_sees_none_of_it(views, office):
    assert dashboard.colour_counts(views, ["xm-registry"], FRIDAY_MORNING) == dict.fromkeys(dashboard.COLOURS, 0)
    assert dashboard.cases(views, ["xm-registry"], FRIDAY_MORNING, "red") == []
    assert dashboard.per_office(views, ["xm-registry"], FRIDAY_MORNING) == []


def test_ratings_per_office_and_the_follow_ups_still_open(views, office, supervision, clock_views, buyer, seller):
    rate_case(supervision, buyer, office["ended"], stars=2, comment="窗口排队太久")
    rate_case(supervision, seller, office["ended"], stars=5)
    catch_up(supervision, clock_views)
    assert dashboard.ratings_per_office(views, FUZHOU) == [
        {"registry": "fz-registry", "ratings": 2, "bad": 1, "open_follow_ups": 1, "average_stars": "3.50"}]
    [follow_up] = dashboard.open_follow_ups(views, FUZHOU)
    assert (follow_up["case_id"], follow_up["stars"], follow_up["comment"]) == (office["ended"], 2, "窗口排队太久")
    chen = Actor(user_id="supervisor-chen", role=Role.SUPERVISOR, org="fz-registry")
    close_follow_up(supervision, chen, office["ended"], party=follow_up["party"], note="已回访")
    catch_up(supervision, clock_views)
    assert dashboard.open_follow_ups(views, FUZHOU) == []
    assert dashboard.ratings_per_office(views, ["xm-registry"]) == []
