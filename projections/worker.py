"""The worker: follows the Registry's notification log and feeds views and policies.

Each batch of notifications is read and decoded once, then given to every view and policy that
is behind. A view's rows for the batch and its new position commit in one transaction (one per
view per batch, which is what makes catch-up fast). A policy's position moves only after its
command succeeded. Positions live in the view store, so ``wait_until`` works from any process;
run exactly one worker process per deployment (web processes only wait).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from projections import tracking
from projections.base import Projection
from registry.application import Registry
from registry.kernel.errors import Conflict, DomainError

log = logging.getLogger(__name__)
Batch = list[tuple[int, Any]]


class Worker:
    def __init__(self, app: Registry, store: Any, projections: Sequence[Projection],
                 policies: Sequence[Any] = (), batch_size: int = 500, wakes: Sequence[Any] = ()) -> None:
        names = [p.name for p in projections] + [p.name for p in policies]
        if len(set(names)) != len(names) or not all(names):
            raise ValueError(f"views and policies need distinct, non-empty names: {names}")
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.app = app
        self.store = store
        self.projections = list(projections)
        self.policies = list(policies)
        self.batch_size = batch_size
        self._names = names
        self._lock = threading.RLock()  # run_once and rebuild in this process take turns
        self._wakeup = threading.Event()
        # loops to wake after a policy acted: its new events (a certificate, say) should reach the views
        # now rather than at their next poll
        self.wakes = list(wakes)
        self._progress = threading.Condition()  # notified after every batch: waiting readers re-check at once
        self.batches = 0
        self._handlers: dict[tuple[type, type], Callable[[Projection, Any, Any], None]] = {}

    def setup(self) -> None:
        """Create every view's tables and the tracking rows; safe to run again. A view whose
        ``schema_version`` differs from the one its rows were built with starts again empty at position 0,
        so the next pass replays it from the first event (what ``rebuild`` does, without waiting for it)."""
        with self.store.transaction() as tx:
            tracking.create(tx, self._names)
            for projection in self.projections:
                if tracking.schema_changed(tx, projection.name, projection.schema_version):
                    if tracking.read(tx, projection.name):
                        log.warning("%s: rows of schema version %s expected; rebuilding from the first event",
                                    projection.name, projection.schema_version)
                    projection.drop(tx)
                    tracking.reset(tx, projection.name)
                projection.create(tx)

    def positions(self) -> dict[str, int]:
        with self.store.read() as tx:
            stored = tracking.read_all(tx)
        return {name: stored.get(name, 0) for name in self._names}

    # -- following the log ---------------------------------------------------------------------
    def run_once(self) -> int:
        """Process everything available now, batch by batch; returns how many notifications were read."""
        if not self._names:
            return 0
        with self._lock:
            processed = 0
            while True:
                positions = self.positions()
                batch = self._read(min(positions.values()) + 1)
                if not batch:
                    return processed
                for projection in self.projections:
                    self._project(projection, batch, positions[projection.name])
                for policy in self.policies:
                    self._apply(policy, batch, positions[policy.name])
                processed += len(batch)
                with self._progress:
                    self.batches += 1
                    self._progress.notify_all()

    def run_forever(self, stop: threading.Event, interval: float = 0.1) -> None:
        """Poll until ``stop`` is set (call ``wake()`` after setting it to stop at once)."""
        poll_forever(self.run_once, self._wakeup, stop, interval)

    def wake(self) -> None:
        self._wakeup.set()

    def wait_for_progress(self, since: int, timeout: float) -> int:
        """Block until this worker finished a batch after ``since`` (a value of ``batches``) or ``timeout``.
        A worker in another process never notifies: callers keep ``timeout`` short and re-read the views."""
        with self._progress:
            if self.batches == since:
                self._progress.wait(timeout)
            return self.batches

    def wait_until(self, position: int | None, timeout: float) -> bool:
        """True once every view has reached ``position`` (read-your-writes); False after ``timeout``.

        Policies are not waited for: they may lag, and what they do arrives as new events.
        """
        if position is None:
            return True
        self.wake()
        deadline = time.monotonic() + timeout
        while True:
            since = self.batches
            positions = self.positions()
            if all(positions[p.name] >= position for p in self.projections):
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            self.wait_for_progress(since, min(0.02, remaining))

    def rebuild(self, name: str, progress: Callable[[int, int], None] | None = None) -> int:
        """Drop the view, replay it from notification 1; returns how many events it replayed.

        ``progress(position, head)`` is called after each batch. A worker in another process may
        take some batches meanwhile; the tracking compare-and-set keeps every event applied once.
        """
        projection = next((p for p in self.projections if p.name == name), None)
        if projection is None:
            raise ValueError(f"no view named {name!r}; views: {[p.name for p in self.projections]}")
        with self._lock:
            with self.store.transaction() as tx:
                projection.drop(tx)
                projection.create(tx)
                tracking.create(tx, [name])
                tracking.reset(tx, name)
            head = self.app.recorder.max_notification_id() or 0
            position, replayed = 0, 0
            while batch := self._read(position + 1):
                reached = self._project(projection, batch, position)
                if reached is None:
                    position = self.positions()[name]
                else:
                    replayed += sum(1 for nid, _ in batch if nid > position)
                    position = reached
                if progress is not None:
                    progress(position, max(head, position))
            return replayed

    # -- one batch -----------------------------------------------------------------------------
    def _read(self, start: int) -> Batch:
        notifications = self.app.recorder.select_notifications(start=start, limit=self.batch_size)
        return [(n.id, self.app.mapper.to_domain_event(n)) for n in notifications]

    def _handler(self, projection: Projection, event_type: type) -> Callable[[Projection, Any, Any], None]:
        """The view's ``process`` function for events of ``event_type``, looked up once: going through the
        ``singledispatchmethod`` builds a bound wrapper per event and view, a tenth of the catch-up's time."""
        key = (type(projection), event_type)
        handler = self._handlers.get(key)
        if handler is None:
            method = next(k.__dict__["process"] for k in type(projection).__mro__ if "process" in k.__dict__)
            dispatcher = getattr(method, "dispatcher", None)  # a view with a plain ``process`` is called as is
            handler = dispatcher.dispatch(event_type) if dispatcher else type(projection).process
            self._handlers[key] = handler
        return handler

    def _project(self, projection: Projection, batch: Batch, position: int) -> int | None:
        """Apply the batch's new events and move the position, in one transaction; None if pre-empted."""
        todo = [event for nid, event in batch if nid > position]
        if not todo:
            return position
        to = batch[-1][0]
        try:
            with self.store.transaction() as tx:
                tracking.advance(tx, projection.name, expected=position, to=to)
                for event in todo:
                    self._handler(projection, type(event))(projection, event, tx)
        except tracking.PositionMoved:
            log.info("%s was advanced by another worker; re-reading", projection.name)
            return None
        return to

    def _apply(self, policy: Any, batch: Batch, position: int) -> None:
        """Run the policy's commands one event at a time, moving its position after each success."""
        try:
            for nid, event in batch:
                if nid <= position:
                    continue
                try:
                    acted = policy.process(event, nid)
                except DomainError as refused:
                    if isinstance(refused, Conflict):
                        raise  # a lost race: retry the event on the next run
                    log.warning("%s: rule %s refused notification %s: %s", policy.name, refused.code, nid,
                                refused.message)
                    acted = True
                if acted:
                    position = self._advance(policy.name, position, nid)
                    for loop in self.wakes:
                        loop.wake()
            if position < batch[-1][0]:
                self._advance(policy.name, position, batch[-1][0])
        except tracking.PositionMoved:
            log.info("%s was advanced by another worker; re-reading", policy.name)

    def _advance(self, name: str, expected: int, to: int) -> int:
        with self.store.transaction() as tx:
            tracking.advance(tx, name, expected=expected, to=to)
        return to


def poll_forever(run_once: Callable[[], int], wakeup: threading.Event, stop: threading.Event,
                 interval: float) -> None:
    """The loop every background worker runs. A failing pass is logged and retried after a pause: a
    worker must outlive a database restart or a lost race, and nothing is lost because positions only
    move on success."""
    while not stop.is_set():
        wakeup.clear()
        try:
            done = run_once()
        except Exception:
            log.exception("background pass failed; retrying")
            wakeup.wait(max(interval * 10, 1.0))
            continue
        if not done:
            wakeup.wait(interval)
