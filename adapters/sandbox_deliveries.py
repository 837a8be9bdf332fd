"""The sandbox provider's outbox: signed callbacks delivered by a background thread until the merchant
answers 2xx, with exponential backoff and at most ``MAX_ATTEMPTS`` tries; every retry carries the same
event id and body (at-least-once), signed afresh with the attempt's timestamp."""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from adapters.gateway_client import (
    EVENT_ID_HEADER,
    KEY_ID_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    Transport,
    TransportError,
    callback_signature,
)
from adapters.viewstore import ViewStore
from registry.kernel.ports import Clock

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from adapters.sandbox_records import SandboxMerchant

MAX_ATTEMPTS = 8


def _iso(value: datetime | None) -> str | None:  # shared with the gateway's payment records
    return value.isoformat() if value else None


class CallbackDeliveries:
    """The outbox worker: a thread POSTing pending ``sandbox_event`` rows to the merchants.

    Started on first use. ``drain(timeout)`` waits until nothing is queued or in flight (retries
    included) — for tests and the demo. ``resume()`` re-queues what a previous process left pending.
    """

    def __init__(self, store: ViewStore, merchants: Callable[[str], SandboxMerchant | None], clock: Clock,
                 transport: Transport, *, max_attempts: int = MAX_ATTEMPTS, backoff: float = 1.0,
                 max_backoff: float = 600.0, timeout: float = 10.0) -> None:
        self.store = store
        self._merchant = merchants
        self.clock = clock
        self.transport = transport
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.timeout = timeout
        self._heap: list[tuple[float, int, str]] = []
        self._queued: set[str] = set()
        self._in_flight = 0
        self._order = itertools.count()
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._stopping = False

    def delay_after(self, attempts: int) -> float:
        """Seconds before the next try after ``attempts`` failed ones: backoff · 2^(attempts-1), capped."""
        return min(self.backoff * (2 ** (attempts - 1)), self.max_backoff)

    def enqueue(self, event_id: str, delay: float = 0.0) -> None:
        with self._cond:
            if self._stopping:
                return
            if event_id not in self._queued:
                self._queued.add(event_id)
                heapq.heappush(self._heap, (time.monotonic() + delay, next(self._order), event_id))
            self._start_locked()
            self._cond.notify_all()

    def resume(self) -> int:
        """Queue every event still pending in the store (after a restart); returns how many."""
        with self.store.read() as tx:
            rows = tx.execute("SELECT event_id, next_attempt_at FROM sandbox_event WHERE state = 'pending' "
                              "ORDER BY created_at, seq")
        now = self.clock.now()
        for row in rows:
            due = datetime.fromisoformat(row["next_attempt_at"]) if row["next_attempt_at"] else now
            self.enqueue(row["event_id"], max(0.0, min((due - now).total_seconds(), self.max_backoff)))
        return len(rows)

    def redeliver(self, event_id: str) -> None:
        """Send a failed (or delivered) event again with a fresh attempt budget, as a dashboard would."""
        with self.store.transaction() as tx:
            tx.execute("UPDATE sandbox_event SET state = 'pending', attempts = 0, next_attempt_at = NULL "
                       "WHERE event_id = :id", {"id": event_id})
        self.enqueue(event_id)

    def drain(self, timeout: float = 5.0) -> bool:
        """Wait until every queued event was delivered or gave up; False if ``timeout`` ran out first."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._heap and not self._in_flight, timeout)

    def pending(self) -> int:
        with self._cond:
            return len(self._heap) + self._in_flight

    def close(self, timeout: float = 5.0) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _start_locked(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="sandbox-callbacks", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._stopping:
                    if self._heap and self._heap[0][0] <= time.monotonic():
                        break
                    self._cond.wait(self._heap[0][0] - time.monotonic() if self._heap else None)
                if self._stopping:
                    return
                _, _, event_id = heapq.heappop(self._heap)
                self._queued.discard(event_id)
                self._in_flight += 1
            retry_in: float | None = None
            try:
                retry_in = self._attempt(event_id)
            except Exception:  # the store hiccupped: keep the event, try again later
                log.exception("sandbox callback %s: delivery attempt failed", event_id)
                retry_in = self.max_backoff
            finally:
                with self._cond:
                    self._in_flight -= 1
                    if retry_in is not None and not self._stopping and event_id not in self._queued:
                        self._queued.add(event_id)
                        heapq.heappush(self._heap, (time.monotonic() + retry_in, next(self._order), event_id))
                    self._cond.notify_all()

    def _attempt(self, event_id: str) -> float | None:
        """One POST; returns the delay before the next try, or None when the event is settled."""
        with self.store.read() as tx:
            event = tx.one("SELECT * FROM sandbox_event WHERE event_id = :id", {"id": event_id})
        if event is None or event["state"] != "pending":
            return None
        merchant = self._merchant(event["merchant_id"])
        now = self.clock.now()
        status: int | None = None
        error: str | None = None
        if merchant is None:
            error = "the merchant is no longer configured"
        else:
            timestamp = str(int(now.timestamp()))
            body = event["body"].encode("utf-8")
            headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "registry-sandbox-gateway/1",
                       KEY_ID_HEADER: merchant.webhook_key_id, TIMESTAMP_HEADER: timestamp,
                       EVENT_ID_HEADER: event_id,
                       SIGNATURE_HEADER: callback_signature(merchant.webhook_secret, timestamp, event_id, body)}
            try:
                status = self.transport.request("POST", event["notify_url"], headers, body, self.timeout).status
            except TransportError as exc:
                error = str(exc)[:500]
        attempts = int(event["attempts"]) + 1
        if status is not None and 200 <= status < 300:
            state, retry_in, error = "delivered", None, None
        elif attempts >= self.max_attempts or merchant is None:
            state, retry_in = "failed", None
            log.warning("sandbox callback %s gave up after %d attempts (last: %s)", event_id, attempts,
                        status or error)
        else:
            state, retry_in = "pending", self.delay_after(attempts)
            error = error or f"merchant answered {status}"
        next_at = _iso(now + timedelta(seconds=retry_in)) if retry_in is not None else None
        with self.store.transaction() as tx:
            tx.execute("""UPDATE sandbox_event SET state = :state, attempts = :attempts, last_status = :status,
                          last_error = :error, last_attempt_at = :at, next_attempt_at = :next_at,
                          delivered_at = :delivered_at WHERE event_id = :id""",
                       {"state": state, "attempts": attempts, "status": status, "error": error,
                        "at": now.isoformat(), "next_at": next_at,
                        "delivered_at": now.isoformat() if state == "delivered" else None, "id": event_id})
        return retry_in


# -- the provider -------------------------------------------------------------------------------
