"""Working days and office hours: what statutory time limits count.

A limit "within N working days of acceptance" follows the Civil Code's rule for periods (art. 201: the day
it starts is not counted): the deadline is the close of business of the N-th working day after the day of
acceptance. A limit in hours counts office hours only. Which days are working days is the State Council's
published schedule (holidays and the weekend days worked in lieu), which an adapter supplies, plus the days
a registry office itself closes (a typhoon, a system migration).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from registry.kernel.errors import DomainError
from registry.kernel.ports import HolidaySchedule

CHINA_TIME = timezone(timedelta(hours=8), "Asia/Shanghai")  # no daylight saving: a fixed offset is exact


class ScheduleUnknown(DomainError):
    """The published holiday schedule does not reach that year yet: a deadline there cannot be computed."""

    code = "holiday_schedule_unknown"
    status = 409


@dataclass(frozen=True)
class OfficeHours:
    """The periods of a working day the office is open, in local time, in order (Fuzhou: 8:30-12:00,
    14:30-17:30)."""

    periods: tuple[tuple[time, time], ...] = ((time(8, 30), time(12, 0)), (time(14, 30), time(17, 30)))

    @property
    def close(self) -> time:
        return self.periods[-1][1]


@dataclass(frozen=True)
class WorkingCalendar:
    schedule: HolidaySchedule
    closures: frozenset[date] = frozenset()
    hours: OfficeHours = field(default_factory=OfficeHours)
    tz: timezone = CHINA_TIME  # office hours are local; instants in any zone are converted first

    def with_closures(self, days: Iterable[date]) -> WorkingCalendar:
        return WorkingCalendar(self.schedule, self.closures | frozenset(days), self.hours, self.tz)

    def is_working_day(self, day: date) -> bool:
        if day in self.closures:
            return False
        known = self.schedule.is_working_day(day)
        if known is None:
            raise ScheduleUnknown(f"the holiday schedule for {day.year} is not published yet", day=day.isoformat())
        return known

    def working_day_after(self, day: date, count: int) -> date:
        """The ``count``-th working day after ``day`` (``day`` itself not counted); ``count`` >= 1."""
        if count < 1:
            raise ValueError("count working days from 1")
        while count:
            day += timedelta(days=1)
            count -= self.is_working_day(day)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when ``end`` is not after ``start``)."""
        return sum(self.is_working_day(start + timedelta(days=i)) for i in range(1, (end - start).days + 1))

    def close_of_business(self, day: date) -> datetime:
        return datetime.combine(day, self.hours.close, tzinfo=self.tz)

    def after_working_days(self, start: datetime, count: int) -> datetime:
        """Close of business of the ``count``-th working day after the (local) day of ``start``."""
        return self.close_of_business(self.working_day_after(start.astimezone(self.tz).date(), count))

    def after_working_minutes(self, start: datetime, minutes: int) -> datetime:
        """The instant ``minutes`` of office time after ``start`` (time outside office hours not counted)."""
        at, left = start.astimezone(self.tz), minutes
        while True:
            for opens, closes in self._open_periods(at.date()):
                begin = max(at, datetime.combine(at.date(), opens, tzinfo=at.tzinfo))
                end = datetime.combine(at.date(), closes, tzinfo=at.tzinfo)
                if begin >= end:
                    continue
                available = int((end - begin).total_seconds() // 60)
                if left <= available:
                    return begin + timedelta(minutes=left)
                left -= available
            at = datetime.combine(at.date() + timedelta(days=1), time(0), tzinfo=at.tzinfo)

    def working_minutes_between(self, start: datetime, end: datetime) -> int:
        """Office minutes from ``start`` to ``end`` (0 when ``end`` is not after ``start``)."""
        start, end = start.astimezone(self.tz), end.astimezone(self.tz)
        total, day = 0, start.date()
        while day <= end.date():
            for opens, closes in self._open_periods(day):
                begin = max(start, datetime.combine(day, opens, tzinfo=start.tzinfo))
                finish = min(end, datetime.combine(day, closes, tzinfo=start.tzinfo))
                if finish > begin:
                    total += int((finish - begin).total_seconds() // 60)
            day += timedelta(days=1)
        return total

    def _open_periods(self, day: date) -> tuple[tuple[time, time], ...]:
        return self.hours.periods if self.is_working_day(day) else ()
