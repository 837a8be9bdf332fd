"""The time-limit supervision pass: a background loop that records warnings and breaches (督办) of the running
case clocks the view says are near or past their deadline. The clock decides in office minutes, so a stale row
is harmless; several passes in several processes race safely (optimistic concurrency, the loser reloads)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import IntegrityError

from projections import case_clocks
from projections.worker import poll_forever
from registry.supervision.app import Supervision, check_clocks

MIN_INTERVAL = 5.0  # seconds: the shortest limit is an office hour, warned 15 minutes ahead


class DeadlineChecks:
    name = "deadline-checks"

    def __init__(self, app: Supervision, store: Any, wakes: Sequence[Any] = ()) -> None:
        self.app = app
        self.store = store
        self.wakes = list(wakes)  # the clocks view should show a warning or breach at once
        self._wakeup = threading.Event()
        self._lock = threading.Lock()

    def run_once(self) -> int:
        """One pass; returns how many warnings and breaches it recorded."""
        with self._lock:
            now = self.app.clock.now()
            try:
                recorded = check_clocks(self.app, case_clocks.clocks_to_check(self.store, now), now)
            except IntegrityError:
                return 0  # another process recorded the same clocks first; the next pass sees its events
        if recorded:
            for loop in self.wakes:
                loop.wake()
        return recorded

    def run_forever(self, stop: threading.Event, interval: float = 60.0) -> None:
        poll_forever(self.run_once, self._wakeup, stop, max(interval, MIN_INTERVAL))

    def wake(self) -> None:
        self._wakeup.set()

    def positions(self) -> dict[str, int]:
        """Nothing to report on /health: the pass follows the clock, not a log position."""
        return {}
