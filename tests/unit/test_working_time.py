"""Working days and office hours on the published 2026 schedule (National Day: 1-7 October off, Sunday 20
September and Saturday 10 October worked in lieu), plus an office's own closures."""

from datetime import UTC, date, datetime

import pytest

from adapters.clock import REGISTRY_TZ
from adapters.official_calendar import OfficialSchedule
from registry.kernel.working_time import ScheduleUnknown, WorkingCalendar

CALENDAR = WorkingCalendar(OfficialSchedule())
MONDAY_16_MARCH = date(2026, 3, 16)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=REGISTRY_TZ)


def test_national_day_week_is_off_and_the_weekend_days_in_lieu_are_worked():
    golden_week = [date(2026, 10, d) for d in range(1, 8)]
    assert [CALENDAR.is_working_day(d) for d in golden_week] == [False] * 7
    assert CALENDAR.is_working_day(date(2026, 9, 20))  # a Sunday, worked in lieu
    assert CALENDAR.is_working_day(date(2026, 10, 10))  # a Saturday, worked in lieu
    assert not CALENDAR.is_working_day(date(2026, 10, 11))  # an ordinary Sunday
    assert OfficialSchedule().holiday_name(date(2026, 10, 10)) == "National Day"


def test_the_day_of_acceptance_is_not_counted():
    assert CALENDAR.working_day_after(MONDAY_16_MARCH, 1) == date(2026, 3, 17)
    assert CALENDAR.working_day_after(MONDAY_16_MARCH, 5) == date(2026, 3, 23)  # the weekend skipped


def test_three_working_days_from_the_eve_of_national_day_end_on_the_saturday_worked_in_lieu():
    accepted = date(2026, 9, 30)
    deadline = CALENDAR.working_day_after(accepted, 3)
    assert deadline == date(2026, 10, 10)  # 8, 9 and 10 October
    assert CALENDAR.close_of_business(deadline) == at(deadline, 17, 30)
    assert CALENDAR.after_working_days(at(accepted, 16, 0), 3) == at(deadline, 17, 30)


def test_a_closure_of_the_office_moves_the_deadline_by_a_day():
    typhoon = CALENDAR.with_closures([date(2026, 3, 17)])
    assert not typhoon.is_working_day(date(2026, 3, 17))
    assert typhoon.working_day_after(MONDAY_16_MARCH, 1) == date(2026, 3, 18)
    assert CALENDAR.working_day_after(MONDAY_16_MARCH, 1) == date(2026, 3, 17)  # the original is unchanged


def test_working_days_between_count_after_the_start_up_to_the_end():
    assert CALENDAR.working_days_between(date(2026, 9, 30), date(2026, 10, 10)) == 3
    assert CALENDAR.working_days_between(MONDAY_16_MARCH, MONDAY_16_MARCH) == 0


def test_an_office_hour_from_half_past_eleven_ends_after_lunch():
    assert CALENDAR.after_working_minutes(at(MONDAY_16_MARCH, 11, 30), 60) == at(MONDAY_16_MARCH, 15, 0)


def test_an_office_hour_from_the_last_afternoon_before_national_day_ends_on_8_october():
    assert CALENDAR.after_working_minutes(at(date(2026, 9, 30), 17, 0), 60) == at(date(2026, 10, 8), 9, 0)


def test_instants_in_utc_count_in_china_time():
    half_past_three_utc = datetime(2026, 3, 16, 3, 30, tzinfo=UTC)  # 11:30 in Fuzhou
    assert CALENDAR.after_working_minutes(half_past_three_utc, 60) == at(MONDAY_16_MARCH, 15, 0)


def test_a_filing_at_night_starts_counting_when_the_office_opens():
    assert CALENDAR.after_working_minutes(at(MONDAY_16_MARCH, 22, 0), 60) == at(date(2026, 3, 17), 9, 30)


def test_office_minutes_between_skip_lunch_nights_and_holidays():
    assert CALENDAR.working_minutes_between(at(MONDAY_16_MARCH, 11, 0), at(MONDAY_16_MARCH, 15, 0)) == 90
    assert CALENDAR.working_minutes_between(at(date(2026, 9, 30), 17, 0), at(date(2026, 10, 8), 9, 0)) == 60
    assert CALENDAR.working_minutes_between(at(MONDAY_16_MARCH, 15, 0), at(MONDAY_16_MARCH, 11, 0)) == 0


def test_a_year_without_a_published_schedule_is_refused_rather_than_guessed():
    with pytest.raises(ScheduleUnknown) as refused:
        CALENDAR.working_day_after(date(2003, 6, 2), 1)
    assert refused.value.code == "holiday_schedule_unknown"
