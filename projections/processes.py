"""Drives the hand-offs between applications: each follower pulls each leader's new notifications and
its policy's events are recorded together with the leader's position (the library's process recorder),
so a hand-off happens exactly once, even after a crash."""

from __future__ import annotations

import inspect
import logging
import threading
from collections.abc import Mapping, Sequence
from typing import Any

from eventsourcing.persistence import IntegrityError

from projections.worker import poll_forever

log = logging.getLogger(__name__)


class ProcessLoop:
    name = "processes"

    def __init__(self, apps: Mapping[str, Any], follows: Sequence[tuple[str, str]]) -> None:
        self.apps = apps
        self.follows = list(follows)
        for follower, leader in self.follows:
            apps[follower].follow(leader, apps[leader].notification_log)
            # Pull only the events the follower's policy handles: the rest would each cost a tracking
            # write (every registry event, twice) and change nothing.
            apps[follower].topics = policy_topics(apps[follower])
        self._wakeup = threading.Event()
        self._lock = threading.Lock()

    def positions(self) -> dict[str, int]:
        return {f"{follower}<-{leader}": self.apps[follower].recorder.max_tracking_id(leader) or 0
                for follower, leader in self.follows}

    def run_once(self) -> int:
        """One pass over every hand-off until nothing new arrives; returns how many notifications moved on."""
        with self._lock:
            moved = 0
            while True:
                before = sum(self.positions().values())
                for follower, leader in self.follows:
                    try:
                        self.apps[follower].pull_and_process(leader)
                    except IntegrityError:
                        log.info("%s lost a race following %s; it retries on the next pass", follower, leader)
                gained = sum(self.positions().values()) - before
                if not gained:
                    return moved
                moved += gained

    def run_forever(self, stop: threading.Event, interval: float = 0.1) -> None:
        poll_forever(self.run_once, self._wakeup, stop, interval)

    def wake(self) -> None:
        self._wakeup.set()

    def caught_up(self) -> bool:
        """No leader holds an event its follower handles beyond the follower's tracked position."""
        for follower, leader in self.follows:
            position = self.apps[follower].recorder.max_tracking_id(leader) or 0
            if self.apps[leader].recorder.select_notifications(position + 1, 1, topics=self.apps[follower].topics):
                return False
        return True


def policy_topics(app: Any) -> list[str]:
    """The topics of the event classes an application's ``policy`` dispatches on."""
    dispatch = inspect.getattr_static(type(app), "policy")  # the singledispatchmethod, not a bound function
    return sorted(cls.TOPIC for cls in dispatch.dispatcher.registry if cls is not object)
