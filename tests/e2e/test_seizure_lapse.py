"""Seizures ordered by signed court requests lapse by the platform's scheduler (``platform.lapses``), on both
stores: not on the last day, on the day after; the unit is then free to transfer, or held by the queued court
from that day; a renewal moves the day. The clock is moved, never slept on; the embedded scheduler may take a
pass itself meanwhile, so the tests check the outcome, not who recorded it."""

from __future__ import annotations

from datetime import date

from projections import seizure_calendar
from registry.courts.seizures import SeizureState
from tests.builders import GULOU_FLAT
from tests.e2e import test_court_seizures
from tests.e2e.api import transfer_body
from tests.e2e.test_court_seizures import GULOU_RULING, SEIZE, TAIJIANG_RULING, order_body

# the courts, their signed requests and Zhang Wei's registered flat: fixtures shared with the seizure tests
courts, send, registered = test_court_seizures.courts, test_court_seizures.send, test_court_seizures.registered

RENEW = "/api/v1/court/seizures/renew"
TODAY = date(2026, 3, 16)  # MONDAY_MORNING


def move_to(clock, day: date) -> None:
    clock.advance(days=(day - clock.today()).days)


def lapse_pass(platform) -> None:
    """What the seizure-lapses loop does on its next poll, once the calendar view is current."""
    platform.wait_until_idle()
    platform.lapses.run_once()
    platform.wait_until_idle()


def seizures(platform) -> dict[str, tuple[SeizureState, date, date]]:
    return {s.reference: (s.state, s.start, s.end) for s in platform.registry.get_unit(GULOU_FLAT).seizures}


def transfer(client, platform, clock):
    token = platform.accounts.issue_token("lina", clock.now())  # years later: a fresh login
    return client.post("/api/v1/transfers", json=transfer_body(), headers={"Authorization": f"Bearer {token}"})


def test_a_three_year_seizure_lapses_the_day_after_its_last_day_and_the_unit_can_then_be_transferred(
        client, platform, clock, registered, send):
    assert send("gulou-2026", SEIZE, order_body("GL-1", end="2029-03-15")).status_code == 200

    move_to(clock, date(2029, 3, 15))
    lapse_pass(platform)
    assert seizures(platform)[GULOU_RULING][0] is SeizureState.ACTIVE
    refused = transfer(client, platform, clock)
    assert refused.status_code in (409, 422) and "福州市鼓楼区人民法院" in refused.json["message"]

    move_to(clock, date(2029, 3, 16))
    lapse_pass(platform)
    assert seizures(platform)[GULOU_RULING][0] is SeizureState.LAPSED
    assert platform.registry.get_unit(GULOU_FLAT).locks == {}
    assert [(r["state"], r["lapses_on"]) for r in seizure_calendar.calendar(platform.views, GULOU_FLAT)] == [
        ("lapsed", "2029-03-16")]
    accepted = transfer(client, platform, clock)
    assert accepted.status_code == 201, accepted.json


def test_a_renewal_moves_the_lapse_and_the_queued_court_holds_the_unit_from_the_next_day(
        client, platform, clock, registered, send):
    assert send("gulou-2026", SEIZE, order_body("GL-1", end="2027-03-15")).status_code == 200
    assert send("taijiang-2026", SEIZE, order_body("TJ-1", TAIJIANG_RULING, end="2027-03-15")).status_code == 200
    move_to(clock, date(2027, 1, 10))
    renewal = order_body("GL-2", kzcs="12", start=None, end="2028-03-15", seizure_reference=GULOU_RULING)
    assert send("gulou-2026", RENEW, renewal).status_code == 200

    move_to(clock, date(2027, 3, 16))  # the first term's lapse day: renewed, so nothing happens
    lapse_pass(platform)
    assert seizures(platform)[GULOU_RULING] == (SeizureState.ACTIVE, TODAY, date(2028, 3, 15))

    move_to(clock, date(2028, 3, 16))
    lapse_pass(platform)
    assert seizures(platform) == {
        GULOU_RULING: (SeizureState.LAPSED, TODAY, date(2028, 3, 15)),
        TAIJIANG_RULING: (SeizureState.ACTIVE, date(2028, 3, 16), date(2029, 3, 15))}
    assert {r["reference"]: (r["state"], r["lapses_on"])
            for r in seizure_calendar.calendar(platform.views, GULOU_FLAT)} == {
        GULOU_RULING: ("lapsed", "2028-03-16"), TAIJIANG_RULING: ("active", "2029-03-16")}
    refused = transfer(client, platform, clock)
    assert refused.status_code in (409, 422) and "福州市台江区人民法院" in refused.json["message"]
