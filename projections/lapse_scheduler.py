"""The seizure lapse scheduler: a background loop that records ``SeizureLapsed`` for every seizure the calendar
view says is due (lapse is a scheduled event, never a lazy check on read).

Each pass reads ``view_seizure_calendar`` for active rows with ``lapses_on <= clock.today()`` and lapses each
through ``registry.courts.lapses``, so the Unit decides: a stale row (renewed or released meanwhile, or lapsed
by another scheduler) is refused or unchanged there and only logged. Any number of schedulers may run, in any
number of processes, on SQLite or PostgreSQL: a race on one unit is lost by optimistic concurrency and the
loser's retry finds the seizure lapsed. Time is the injected clock's; the loop only polls.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from projections import seizure_calendar
from projections.worker import poll_forever
from registry.application import Registry
from registry.courts.lapses import LapseOutcome, lapse_due

MIN_INTERVAL = 1.0  # seconds: a calendar counts days, so polling it as often as the event log gains nothing


class LapseScheduler:
    name = "seizure-lapses"

    def __init__(self, app: Registry, store: Any, wakes: Sequence[Any] = ()) -> None:
        self.app = app
        self.store = store
        self.wakes = list(wakes)  # e.g. the views worker: the calendar should show the lapse at once
        self.last: list[LapseOutcome] = []  # the latest pass's outcomes, for the CLI and diagnostics
        self._wakeup = threading.Event()
        self._lock = threading.Lock()  # passes in this process take turns; other processes race safely

    def due(self) -> list[tuple[str, str]]:
        return seizure_calendar.due(self.store, self.app.clock.today())

    def run_once(self) -> int:
        """One pass over every due row; returns how many seizures this pass lapsed."""
        with self._lock:
            self.last = lapse_due(self.app, self.due())
            lapsed = sum(1 for outcome in self.last if outcome.lapsed)
        if lapsed:
            for loop in self.wakes:
                loop.wake()
        return lapsed

    def run_forever(self, stop: threading.Event, interval: float = 60.0) -> None:
        """Poll until ``stop`` is set; ``wake()`` runs a pass at once (after moving a demo clock, say)."""
        poll_forever(self.run_once, self._wakeup, stop, max(interval, MIN_INTERVAL))

    def wake(self) -> None:
        self._wakeup.set()

    def positions(self) -> dict[str, int]:
        """Nothing to report on /health: the scheduler follows the clock, not a log position."""
        return {}
