"""The seizure calendar view and the lapse scheduler on both stores: a seizure lapses by a scheduled event on the
day after its last day, the queue moves on, renewals and releases move or clear the date, a stale row is
harmless, and schedulers racing over one store record each lapse once. The clock is injected; nothing sleeps."""

import hashlib
from datetime import date, timedelta

import pytest

from projections import seizure_calendar
from projections.lapse_scheduler import LapseScheduler
from registry.courts import orders as court_orders
from registry.courts.orders import OrderRequest
from registry.courts.seizures import SeizureState
from registry.register_book import commands as units
from registry.register_book.unit import Unit
from registry.transfers import commands as transfers
from tests.builders import GULOU_FLAT, LI_NA, unit_kwargs
from tests.integration.conftest import make_registry, submit
from tests.integration.test_concurrency import race

GULOU = ("gulou-court", "福州市鼓楼区人民法院", "(2026)闽0102执123号")
TAIJIANG = ("taijiang-court", "福州市台江区人民法院", "(2026)闽0103执45号")
TODAY = date(2026, 3, 16)  # MONDAY_MORNING
LAST_DAY = date(2029, 3, 15)  # of the longest term starting today


def order(app, command, court, *, unit_number=GULOU_FLAT, start=None, end=None, of=None):
    code, name, ruling = court
    request_id = f"{code}-{command.__name__}-{app.clock.now().isoformat()}-{unit_number}"
    request = OrderRequest(request_id=request_id, executing_court="执行局", judge="陈法官", case_number=ruling,
                           notice_name="协助执行通知书", ruling_number=ruling,
                           subjects=[{"name": "张伟", "id_type": "1", "id_number": "350102198001010011"}],
                           unit_number=unit_number, start=start, end=end, seizure_reference=of or "")
    feedback = command(app, court=code, court_name=name, request=request,
                       request_sha256=hashlib.sha256(request_id.encode()).hexdigest())
    assert feedback.controlled, feedback


def seize(app, court, end=LAST_DAY, unit_number=GULOU_FLAT):
    order(app, court_orders.seize, court, unit_number=unit_number, start=app.clock.today(), end=end)


def rows(views, unit_number=GULOU_FLAT):
    return {r["reference"]: (r["state"], r["lapses_on"]) for r in seizure_calendar.calendar(views, unit_number)}


def lapses(app, unit_number=GULOU_FLAT):
    return [e for e in app.events.get(Unit.create_id(unit_number)) if isinstance(e, Unit.SeizureLapsed)]


@pytest.fixture
def scheduler(app, views, worker):
    return LapseScheduler(app, views, wakes=[worker])


@pytest.fixture
def gulou_flat(app, registrar):
    units.register_unit(app, registrar, **unit_kwargs())


def test_a_three_year_seizure_does_not_lapse_on_its_last_day_and_lapses_the_day_after(
        app, views, worker, scheduler, clock, gulou_flat, registrar, buyer):
    seize(app, GULOU)
    worker.run_once()
    assert rows(views) == {GULOU[2]: ("active", "2029-03-16")}

    clock.advance(days=(LAST_DAY - TODAY).days)
    assert scheduler.run_once() == 0 and scheduler.last == []
    assert app.get_unit(GULOU_FLAT).locks == {GULOU[2]: GULOU[1]}

    clock.advance(days=1)
    assert scheduler.run_once() == 1
    unit = app.get_unit(GULOU_FLAT)
    assert unit.seizure(GULOU[2]).state is SeizureState.LAPSED and unit.locks == {}
    [lapsed] = lapses(app)
    assert (lapsed.end, lapsed.at) == (LAST_DAY, clock.now())
    worker.run_once()
    assert rows(views) == {GULOU[2]: ("lapsed", "2029-03-16")}
    assert scheduler.run_once() == 0  # nothing due any more

    transfers.approve_transfer(app, registrar, submit(app, buyer, worker))
    assert [o.person for o in app.get_unit(GULOU_FLAT).owners] == [LI_NA]


def test_the_queued_seizure_becomes_active_from_the_day_after_and_gets_its_own_lapse_date(
        app, views, worker, scheduler, clock, gulou_flat):
    seize(app, GULOU, end=date(2027, 3, 15))
    seize(app, TAIJIANG, end=date(2026, 9, 15))  # asks for six months: from its activation
    worker.run_once()
    assert rows(views) == {GULOU[2]: ("active", "2027-03-16"), TAIJIANG[2]: ("queued", None)}

    clock.advance(days=365)  # 2027-03-16
    assert scheduler.run_once() == 1
    worker.run_once()

    active = app.get_unit(GULOU_FLAT).active_seizure()
    assert (active.reference, active.start, active.end) == (TAIJIANG[2], date(2027, 3, 16), date(2027, 9, 15))
    assert rows(views) == {GULOU[2]: ("lapsed", "2027-03-16"), TAIJIANG[2]: ("active", "2027-09-16")}
    assert app.get_unit(GULOU_FLAT).locks == {TAIJIANG[2]: TAIJIANG[1]}


def test_a_renewal_moves_the_lapse_date(app, views, worker, scheduler, clock, gulou_flat):
    seize(app, GULOU, end=date(2027, 3, 15))
    clock.advance(days=300)
    order(app, court_orders.renew, GULOU, end=date(2029, 1, 31), of=GULOU[2])
    worker.run_once()
    assert rows(views) == {GULOU[2]: ("active", "2029-02-01")}

    clock.advance(days=(date(2027, 3, 16) - clock.today()).days)  # the first term's lapse day
    assert scheduler.run_once() == 0
    clock.advance(days=(date(2029, 2, 1) - clock.today()).days)
    assert scheduler.run_once() == 1 and len(lapses(app)) == 1


def test_a_released_seizure_never_lapses(app, views, worker, scheduler, clock, gulou_flat):
    seize(app, GULOU, end=date(2027, 3, 15))
    clock.advance(days=10)
    order(app, court_orders.release, GULOU, of=GULOU[2])
    worker.run_once()
    assert rows(views) == {GULOU[2]: ("released", None)}

    clock.advance(days=365 * 4)
    assert scheduler.run_once() == 0 and scheduler.last == []
    assert lapses(app) == [] and app.get_unit(GULOU_FLAT).seizure(GULOU[2]).state is SeizureState.RELEASED


def test_a_stale_calendar_row_is_refused_by_the_unit_and_changes_nothing(app, views, worker, scheduler, clock,
                                                                        gulou_flat):
    seize(app, GULOU, end=date(2027, 3, 15))
    worker.run_once()
    clock.advance(days=300)
    order(app, court_orders.renew, GULOU, end=date(2028, 3, 15), of=GULOU[2])  # the view has not seen it yet
    clock.advance(days=100)
    version = app.get_unit(GULOU_FLAT).version

    assert scheduler.run_once() == 0
    assert [(o.reference, o.refused) for o in scheduler.last] == [(GULOU[2], "seizure_not_due")]
    assert app.get_unit(GULOU_FLAT).version == version


def test_a_scheduler_that_loses_the_race_records_nothing(app, views, worker, clock, gulou_flat, registry_env,
                                                          monkeypatch):
    seize(app, GULOU, end=date(2027, 3, 15))
    worker.run_once()
    clock.advance(days=365)
    other_process = make_registry(clock, registry_env)
    try:
        first, second = LapseScheduler(app, views), LapseScheduler(other_process, views)
        load = other_process.get_unit

        def load_then_lose_the_race(unit_number):
            unit = load(unit_number)
            if not first.last:
                assert first.run_once() == 1  # the other scheduler commits while this one holds the old page
            return unit

        monkeypatch.setattr(other_process, "get_unit", load_then_lose_the_race)
        assert second.run_once() == 0
        assert [(o.lapsed, o.refused) for o in second.last] == [(False, "already_lapsed")]
    finally:
        other_process.close()
    assert len(lapses(app)) == 1


def test_two_schedulers_racing_lapse_each_seizure_once(app, views, worker, clock, registrar, registry_env):
    numbers = [f"350102001001GB00001F000100{flat:02d}" for flat in range(1, 6)]
    for number in numbers:
        units.register_unit(app, registrar, **unit_kwargs(unit_number=number))
        seize(app, GULOU, end=TODAY + timedelta(days=30), unit_number=number)
    worker.run_once()
    clock.advance(days=31)
    other_process = make_registry(clock, registry_env)
    try:
        outcomes = race(LapseScheduler(app, views).run_once, LapseScheduler(other_process, views).run_once)
    finally:
        other_process.close()

    assert sum(outcomes) == len(numbers), outcomes
    assert [len(lapses(app, number)) for number in numbers] == [1] * len(numbers)
