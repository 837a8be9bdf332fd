"""The lapse command the scheduler runs (registry/courts/lapses.py), on the in-memory store: the Unit decides
whether a seizure is due, so a stale candidate is reported and nothing else happens."""

from datetime import date

import pytest

from registry.courts.lapses import lapse_due, lapse_seizure
from registry.courts.seizures import SeizureState
from registry.kernel.errors import SeizureNotActive, SeizureNotDue, UnknownUnit
from registry.register_book.unit import Unit
from tests.builders import GULOU_FLAT
from tests.unit.test_seizures import GULOU_COURT, TAIJIANG_COURT, THREE_YEARS_END, release, renew, seize

GULOU_REF, TAIJIANG_REF = GULOU_COURT[2], TAIJIANG_COURT[2]


def lapsed_events(app):
    return [e for e in app.events.get(app.get_unit(GULOU_FLAT).id) if isinstance(e, Unit.SeizureLapsed)]


def test_a_seizure_is_refused_on_its_last_day_and_lapses_the_day_after(app, gulou_flat, clock):
    seize(app, GULOU_COURT, end=THREE_YEARS_END)
    clock.advance(days=365 * 3)  # 2029-03-15, the last day
    with pytest.raises(SeizureNotDue):
        lapse_seizure(app, GULOU_FLAT, GULOU_REF)

    clock.advance(days=1)
    receipt = lapse_seizure(app, GULOU_FLAT, GULOU_REF)

    unit = app.get_unit(GULOU_FLAT)
    assert receipt.position is not None and receipt.id == unit.id
    assert unit.seizure(GULOU_REF).state is SeizureState.LAPSED and unit.locks == {}


def test_lapsing_again_changes_nothing(app, gulou_flat, clock):
    seize(app, GULOU_COURT)
    clock.advance(days=366)
    lapse_seizure(app, GULOU_FLAT, GULOU_REF)
    version = app.get_unit(GULOU_FLAT).version

    again = lapse_seizure(app, GULOU_FLAT, GULOU_REF)

    assert again.position is None and app.get_unit(GULOU_FLAT).version == version
    assert len(lapsed_events(app)) == 1


def test_lapse_due_reports_stale_candidates_and_carries_on(app, gulou_flat, clock):
    seize(app, GULOU_COURT)  # until 2027-03-15
    seize(app, TAIJIANG_COURT)  # queued
    clock.advance(days=300)
    renew(app, GULOU_COURT, date(2028, 3, 15))
    clock.advance(days=100)  # 2027-04-20: past the old last day, before the renewed one

    outcomes = lapse_due(app, [(GULOU_FLAT, GULOU_REF), (GULOU_FLAT, TAIJIANG_REF), ("350102001001GB00001F09999999",
                                                                                    "x")])

    assert [(o.lapsed, o.refused) for o in outcomes] == [
        (False, SeizureNotDue.code), (False, SeizureNotActive.code), (False, UnknownUnit.code)]
    assert lapsed_events(app) == []


def test_a_released_seizure_is_never_lapsed(app, gulou_flat, clock):
    seize(app, GULOU_COURT)
    release(app, GULOU_COURT)
    clock.advance(days=800)

    [outcome] = lapse_due(app, [(GULOU_FLAT, GULOU_REF)])

    assert not outcome.lapsed and outcome.refused == SeizureNotActive.code
    assert app.get_unit(GULOU_FLAT).seizure(GULOU_REF).state is SeizureState.RELEASED


def test_the_queued_seizure_becomes_active_the_day_after_and_lapses_in_the_same_pass_when_also_over(
        app, gulou_flat, clock):
    seize(app, GULOU_COURT)  # 2026-03-16 .. 2027-03-15
    seize(app, TAIJIANG_COURT)  # asks for 364 days: 2027-03-16 .. 2028-03-14 (a leap year) once Gulou's lapses
    clock.advance(days=365 * 3)  # the platform was down: both terms are over

    outcomes = lapse_due(app, [(GULOU_FLAT, GULOU_REF)])

    assert [(o.reference, o.lapsed, o.activated, o.activated_from) for o in outcomes] == [
        (GULOU_REF, True, TAIJIANG_REF, date(2027, 3, 16)), (TAIJIANG_REF, True, "", None)]
    unit = app.get_unit(GULOU_FLAT)
    assert unit.seizure(TAIJIANG_REF).end == date(2028, 3, 14) and unit.locks == {}
