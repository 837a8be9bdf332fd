"""Court seizures (查封, KZCS 11/12/14 and the scheduled lapse) on Zhang Wei's Gulou flat.

The Gulou court seizes first; the Taijiang and Cangshan courts queue behind it (轮候). No HTTP and no court
authentication here: the tests drive the Unit's rules directly and save through the in-memory app."""

import hashlib
from datetime import date, timedelta

import pytest

from registry.courts.seizures import SeizureState, latest_end
from registry.kernel.codes import RegistrationType, RightType
from registry.kernel.errors import (
    InvalidValue,
    NotSeizingCourt,
    SeizureIsNotALock,
    SeizureNotActive,
    SeizureNotDue,
    SeizureReferenceTaken,
    SeizureTooLong,
    UnitLocked,
)
from registry.mortgages.values import FilingState
from registry.register_book.unit import Unit
from registry.transfers import commands as transfers
from tests.builders import GULOU_FLAT, ZHANG_WEI, mortgage_kwargs, transfer_kwargs

GULOU_COURT = ("fz-gulou-court", "福州市鼓楼区人民法院", "(2026)闽0102执123号")
TAIJIANG_COURT = ("fz-taijiang-court", "福州市台江区人民法院", "(2026)闽0103执45号")
CANGSHAN_COURT = ("fz-cangshan-court", "福州市仓山区人民法院", "(2026)闽0104执7号")
TODAY = date(2026, 3, 16)  # MONDAY_MORNING
THREE_YEARS_END = date(2029, 3, 15)  # the longest term starting today
ZHANG_WEI_AS_SUBJECT = [{"name": ZHANG_WEI.name, "id_type": "1", "id_number": ZHANG_WEI.id_number}]  # 被执行人


def request_hash(reference: str) -> str:
    return hashlib.sha256(f"signed court request {reference}".encode()).hexdigest()


def on_unit(app, change):
    unit = app.get_unit(GULOU_FLAT)
    change(unit)
    app.commit(unit)
    return app.get_unit(GULOU_FLAT)


def seize(app, court=GULOU_COURT, *, start=TODAY, end=date(2027, 3, 15), served_after_minutes=0):
    code, name, reference = court
    at = app.clock.now()
    return on_unit(app, lambda u: u.seize(
        court=code, court_name=name, reference=reference, served_at=at + timedelta(minutes=served_after_minutes),
        start=start, end=end, request_sha256=request_hash(reference), at=at, subjects=ZHANG_WEI_AS_SUBJECT))


def release(app, court, reference=None):
    code, _, own = court
    return on_unit(app, lambda u: u.release(court=code, reference=reference or own, at=app.clock.now(),
                                            request_sha256=request_hash("release " + (reference or own))))


def renew(app, court, new_end):
    code, _, reference = court
    return on_unit(app, lambda u: u.renew(court=code, reference=reference, new_end=new_end, at=app.clock.now(),
                                          request_sha256=request_hash("renew " + reference)))


def lapse(app, court):
    return on_unit(app, lambda u: u.lapse(reference=court[2], at=app.clock.now()))


def states(unit):
    return {s.reference: s.state for s in unit.seizures}


# -- seize (KZCS 11) ----------------------------------------------------------------------------------
def test_the_first_court_to_serve_holds_the_seizure_and_a_second_is_queued(app, gulou_flat):
    seize(app, GULOU_COURT)
    unit = seize(app, TAIJIANG_COURT)
    assert unit.active_seizure().court_name == "福州市鼓楼区人民法院"
    assert [s.court for s in unit.queued_seizures()] == ["fz-taijiang-court"]
    assert states(unit) == {GULOU_COURT[2]: SeizureState.ACTIVE, TAIJIANG_COURT[2]: SeizureState.QUEUED}
    assert unit.locks == {GULOU_COURT[2]: "福州市鼓楼区人民法院"}


def test_the_seizure_event_carries_the_codes_the_court_and_the_request_hash(app, gulou_flat):
    seize(app, GULOU_COURT)
    event = list(app.events.get(Unit.create_id(GULOU_FLAT)))[-1]
    assert isinstance(event, Unit.Seized)
    assert event.djlx is RegistrationType.SEIZURE and event.qllx is RightType.SEIZURE
    assert (event.court, event.reference, event.start, event.queued) == ("fz-gulou-court", GULOU_COURT[2], TODAY,
                                                                         False)
    assert event.request_sha256 == request_hash(GULOU_COURT[2])


def test_the_same_reference_served_twice_changes_nothing(app, gulou_flat):
    seize(app, GULOU_COURT)
    version = app.get_unit(GULOU_FLAT).version
    unit = seize(app, GULOU_COURT, end=date(2028, 1, 1))
    assert unit.version == version and len(unit.seizures) == 1 and unit.active_seizure().end == date(2027, 3, 15)


def test_another_courts_seizure_under_a_taken_reference_is_refused(app, gulou_flat):
    seize(app, GULOU_COURT)
    with pytest.raises(SeizureReferenceTaken):
        seize(app, (TAIJIANG_COURT[0], TAIJIANG_COURT[1], GULOU_COURT[2]))


def test_a_seizure_lasts_at_most_three_years(app, gulou_flat):
    seize(app, GULOU_COURT, end=THREE_YEARS_END)
    with pytest.raises(SeizureTooLong, match="at most 3 years"):
        seize(app, TAIJIANG_COURT, end=THREE_YEARS_END + timedelta(days=1))
    with pytest.raises(InvalidValue):
        seize(app, CANGSHAN_COURT, end=TODAY - timedelta(days=1))
    assert latest_end(date(2028, 2, 29)) == date(2031, 2, 27)


# -- the lock ------------------------------------------------------------------------------------------
def test_a_seized_unit_refuses_a_transfer_naming_the_court(app, gulou_flat, buyer):
    seize(app, GULOU_COURT)
    with pytest.raises(UnitLocked, match="福州市鼓楼区人民法院") as refused:
        transfers.submit_transfer(app, buyer, **transfer_kwargs())
    assert refused.value.details["reference"] == GULOU_COURT[2]


def test_a_seized_unit_fails_the_mortgage_rule_naming_the_court(app, gulou_flat, icbc, seller, file_and_confirm):
    seize(app, GULOU_COURT)
    filing = file_and_confirm(icbc, seller, **mortgage_kwargs())
    outcome = next(o for o in filing.outcomes if o.rule == "no_seizure_or_lock")
    assert filing.state is FilingState.QUEUED and outcome.verdict == "fail"
    assert "福州市鼓楼区人民法院" in outcome.message


def test_the_active_seizure_is_named_before_an_older_lock(app, gulou_flat):
    on_unit(app, lambda u: u.lock(authority="某公安局", reference="LOCK-1", reason="协助", until=None,
                                  at=app.clock.now()))
    unit = seize(app, GULOU_COURT)
    with pytest.raises(UnitLocked, match="福州市鼓楼区人民法院"):
        unit.check_not_locked()


def test_a_queued_seizure_does_not_lock_and_a_seizure_is_not_unlocked_by_the_registrar(app, gulou_flat):
    seize(app, GULOU_COURT)
    unit = seize(app, TAIJIANG_COURT)
    assert TAIJIANG_COURT[2] not in unit.locks
    with pytest.raises(SeizureIsNotALock):
        unit.unlock(reference=GULOU_COURT[2], at=app.clock.now())


def test_plain_locks_still_lock_and_unlock(app, gulou_flat):
    on_unit(app, lambda u: u.lock(authority="某公安局", reference="LOCK-1", reason="协助", until=None,
                                  at=app.clock.now()))
    unit = on_unit(app, lambda u: u.unlock(reference="LOCK-1", at=app.clock.now()))
    assert unit.locks == {}


# -- release (KZCS 14) -----------------------------------------------------------------------------------
def test_releases_activate_the_queue_in_order_of_service(app, gulou_flat, clock):
    seize(app, GULOU_COURT)
    seize(app, CANGSHAN_COURT, served_after_minutes=30, end=date(2027, 3, 15))  # arrives first, served later
    seize(app, TAIJIANG_COURT, served_after_minutes=10, end=date(2026, 9, 15))
    clock.advance(days=30)
    unit = release(app, GULOU_COURT)
    active = unit.active_seizure()
    assert active.court == "fz-taijiang-court" and active.start == TODAY + timedelta(days=30)
    assert active.end == active.start + (date(2026, 9, 15) - TODAY)  # its own term, starting now
    assert unit.locks == {TAIJIANG_COURT[2]: "福州市台江区人民法院"}
    assert [s.court for s in unit.queued_seizures()] == ["fz-cangshan-court"]
    activated = list(app.events.get(Unit.create_id(GULOU_FLAT)))[-1]
    assert isinstance(activated, Unit.SeizureActivated) and activated.after == GULOU_COURT[2]

    unit = release(app, TAIJIANG_COURT)
    assert unit.active_seizure().court == "fz-cangshan-court" and unit.queued_seizures() == ()
    unit = release(app, CANGSHAN_COURT)
    assert unit.active_seizure() is None and unit.locks == {}
    assert set(states(unit).values()) == {SeizureState.RELEASED}


def test_a_queued_term_is_capped_at_three_years_from_activation(app, gulou_flat, clock):
    seize(app, GULOU_COURT, end=THREE_YEARS_END)
    seize(app, TAIJIANG_COURT, end=THREE_YEARS_END)  # 1,095 days asked (the term holds 29 February 2028)
    clock.advance(days=(date(2028, 3, 1) - TODAY).days)
    unit = release(app, GULOU_COURT)
    active = unit.active_seizure()
    assert active.start == date(2028, 3, 1) and active.end == date(2031, 2, 28)  # not 2031-03-01


def test_only_the_seizing_court_may_release(app, gulou_flat):
    seize(app, GULOU_COURT)
    with pytest.raises(NotSeizingCourt, match="only the seizing court 福州市鼓楼区人民法院"):
        release(app, TAIJIANG_COURT, reference=GULOU_COURT[2])
    assert app.get_unit(GULOU_FLAT).active_seizure().reference == GULOU_COURT[2]


def test_a_queued_seizure_may_be_withdrawn_and_a_repeated_release_changes_nothing(app, gulou_flat):
    seize(app, GULOU_COURT)
    seize(app, TAIJIANG_COURT)
    unit = release(app, TAIJIANG_COURT)
    assert unit.active_seizure().court == "fz-gulou-court" and unit.queued_seizures() == ()
    version = unit.version
    assert release(app, TAIJIANG_COURT).version == version


# -- renew (KZCS 12) -------------------------------------------------------------------------------------
def test_a_renewal_extends_the_active_seizure(app, gulou_flat, clock):
    seize(app, GULOU_COURT)
    clock.advance(days=300)
    unit = renew(app, GULOU_COURT, date(2029, 12, 31))
    assert unit.active_seizure().end == date(2029, 12, 31)
    event = list(app.events.get(Unit.create_id(GULOU_FLAT)))[-1]
    assert isinstance(event, Unit.SeizureRenewed) and event.previous_end == date(2027, 3, 15)


def test_a_renewal_is_by_the_same_court_for_at_most_three_years(app, gulou_flat, clock):
    seize(app, GULOU_COURT)
    seize(app, TAIJIANG_COURT)
    clock.advance(days=300)
    with pytest.raises(NotSeizingCourt):
        on_unit(app, lambda u: u.renew(court="fz-taijiang-court", reference=GULOU_COURT[2],
                                       new_end=date(2028, 1, 1), at=app.clock.now()))
    with pytest.raises(SeizureTooLong):
        renew(app, GULOU_COURT, latest_end(app.clock.today()) + timedelta(days=1))
    with pytest.raises(SeizureNotActive, match="queued"):
        renew(app, TAIJIANG_COURT, date(2028, 1, 1))


def test_a_lapsed_seizure_cannot_be_renewed(app, gulou_flat, clock):
    seize(app, GULOU_COURT, end=THREE_YEARS_END)
    clock.advance(days=365 * 3 + 1)  # 2029-03-16: the day after the last day
    with pytest.raises(SeizureNotActive, match="cannot be renewed"):  # ended, lapse not yet recorded
        renew(app, GULOU_COURT, date(2030, 1, 1))
    lapse(app, GULOU_COURT)
    with pytest.raises(SeizureNotActive, match="lapsed"):
        renew(app, GULOU_COURT, date(2030, 1, 1))


# -- lapse (scheduled) ------------------------------------------------------------------------------------
def test_a_seizure_lapses_after_three_years_not_before(app, gulou_flat, clock):
    seize(app, GULOU_COURT, end=THREE_YEARS_END)
    seize(app, TAIJIANG_COURT)
    clock.advance(days=365 * 3)  # 2029-03-15: the last day
    assert app.get_unit(GULOU_FLAT).seizures_due_to_lapse(clock.today()) == ()
    with pytest.raises(SeizureNotDue):
        lapse(app, GULOU_COURT)

    clock.advance(days=1)
    due = app.get_unit(GULOU_FLAT).seizures_due_to_lapse(clock.today())
    assert [s.reference for s in due] == [GULOU_COURT[2]]
    unit = lapse(app, GULOU_COURT)
    assert states(unit)[GULOU_COURT[2]] is SeizureState.LAPSED
    nxt = unit.active_seizure()
    assert nxt.court == "fz-taijiang-court" and nxt.start == date(2029, 3, 16)  # the day after the last day
    assert unit.locks == {TAIJIANG_COURT[2]: "福州市台江区人民法院"}
    assert lapse(app, GULOU_COURT).version == unit.version  # a repeated run changes nothing
    with pytest.raises(SeizureNotActive):
        release(app, GULOU_COURT)


# -- snapshots -------------------------------------------------------------------------------------------
def test_a_page_with_active_and_queued_seizures_reloads_from_its_snapshot(app, gulou_flat, clock):
    seize(app, GULOU_COURT)
    seize(app, TAIJIANG_COURT)
    seize(app, CANGSHAN_COURT)
    unit_id = Unit.create_id(GULOU_FLAT)
    app.take_snapshot(unit_id)
    snapshot = next(iter(app.snapshots.get(unit_id, desc=True, limit=1)))
    reloaded = snapshot.mutate(None)
    assert reloaded.seizures == app.get_unit(GULOU_FLAT).seizures and isinstance(reloaded.seizures, tuple)
    assert reloaded.active_seizure().served_at == app.get_unit(GULOU_FLAT).active_seizure().served_at

    app.repository.cache.put(unit_id, reloaded)  # the next command starts from the snapshot's state
    clock.advance(days=1)
    unit = release(app, GULOU_COURT)
    assert unit.active_seizure().court == "fz-taijiang-court"
    assert [s.court for s in unit.queued_seizures()] == ["fz-cangshan-court"]


def test_a_page_snapshotted_before_seizures_existed_has_none(app, gulou_flat):
    unit = app.get_unit(GULOU_FLAT)
    unit.__dict__.pop("seizures", None)
    assert unit.seizures == () and unit.active_seizure() is None and unit.seizures_due_to_lapse(TODAY) == ()
