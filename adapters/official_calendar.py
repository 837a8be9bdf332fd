"""The State Council's holiday schedule as published, from the ``chinese-calendar`` package (decision 016).

The package is updated each November when the next year's schedule is announced; a year it does not know
yet is reported as unknown rather than guessed from weekends, so a deadline there is refused, not wrong.
"""

from __future__ import annotations

from datetime import date

import chinese_calendar


class OfficialSchedule:
    def is_working_day(self, day: date) -> bool | None:
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            return None

    def holiday_name(self, day: date) -> str | None:
        """The holiday ``day`` belongs to (a day off, or a weekend day worked in lieu of one), if any."""
        try:
            _, name = chinese_calendar.get_holiday_detail(day)
        except NotImplementedError:
            return None
        return name
