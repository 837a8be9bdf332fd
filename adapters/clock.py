"""Clocks: the system clock for production, a settable one for tests and demo time travel."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

REGISTRY_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(REGISTRY_TZ)

    def today(self) -> date:
        return self.now().date()


class FixedClock:
    """Time stands still until a test moves it."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            start = start.replace(tzinfo=REGISTRY_TZ)
        self._now = start

    def now(self) -> datetime:
        return self._now

    def today(self) -> date:
        return self._now.date()

    def advance(self, **delta: float) -> None:
        self._now += timedelta(**delta)
