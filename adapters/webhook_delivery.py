"""Pushing each party's feed (a bank's ``view_bank_notification``, a court's ``view_court_feed``) to its webhook.

At-least-once: a feed entry is queued in ``<party>_webhook_delivery`` once, then POSTed until the party
answers 2xx, never given up; every attempt carries the same body and ``X-Registry-Delivery`` id (the entry's
id, for the receiver to de-duplicate on), signed afresh with the attempt's timestamp. A failed attempt waits
``min(10 s · 2^(attempts-1), 1 h)`` on the injected clock.

Per party, strictly in feed order: a later entry waits until the earlier one is delivered. Parties are
independent: each one's deliveries run in their own task on a small thread pool, so one bank's or court's
dead or slow endpoint (5 s timeout) never holds up another's. One ``WebhookDeliveries`` per kind of party
(``adapters.webhooks.Party``); the per-party read-outs (``status``, ``failing``) are in
``adapters.webhook_status``.
"""

from __future__ import annotations

import json
import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for_all
from datetime import datetime, timedelta
from typing import Any

from adapters.gateway_client import Transport, TransportError
from adapters.viewstore import ViewStore
from adapters.webhook_status import stamp
from adapters.webhooks import (
    BANKS,
    DELIVERY_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    Party,
    Subscription,
    WebhookStore,
    sign,
)
from registry.kernel.ports import Clock

log = logging.getLogger(__name__)

TIMEOUT = 5.0
FIRST_RETRY = 10.0
MAX_RETRY = 3600.0
QUEUE_BATCH = 500  # feed entries queued per party per pass
SEND_BATCH = 50  # deliveries per party task before other parties get their turn


def retry_delay(attempts: int) -> float:
    """Seconds to wait after ``attempts`` failed attempts."""
    return min(FIRST_RETRY * 2 ** (attempts - 1), MAX_RETRY)


def delivery_body(row: dict[str, Any], party: Party = BANKS) -> bytes:
    """The JSON the party receives; the same bytes on every attempt."""
    data = {"id": row["id"], "seq": int(row["seq"]), "kind": row["kind"], party.name: row[party.name],
            **{column: row[column] for column in party.extra},
            "payload": json.loads(row["payload"]), "at": row["at"]}
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


class WebhookDeliveries:
    """The delivery loop, driven like ``projections.worker.Worker`` (``run_once``, ``run_forever``,
    ``wake``) but never waited for by ``Platform.wait_until_idle``: an endpoint may be down for days.

    ``run_once`` queues and delivers what is due now and waits for it (tests); ``run_forever`` dispatches
    parties to the pool without waiting, so a slow one is still in flight while the next pass serves others.
    """

    def __init__(self, webhooks: WebhookStore, clock: Clock, transport: Transport, *, timeout: float = TIMEOUT,
                 concurrency: int = 4, interval: float = 0.5) -> None:
        self.webhooks = webhooks
        self.party = webhooks.party
        self.store: ViewStore = webhooks.store
        self.clock = clock
        self.transport = transport
        self.timeout = timeout
        self.interval = interval
        self._pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix=f"{self.party.name}-webhooks")
        self._busy: set[str] = set()
        self._lock = threading.Lock()
        self._wakeup = threading.Event()
        self._closed = False
        who, feed, sent, hooks = self.party.name, self.party.feed, self.party.deliveries, self.party.subscriptions
        self._sql = {  # table and column names are ours, never input
            "behind": f"""SELECT w.{who} AS owner FROM {hooks} w WHERE EXISTS (
                              SELECT 1 FROM {feed} n WHERE n.{who} = w.{who} AND n.seq >
                                  (SELECT COALESCE(MAX(d.seq), 0) FROM {sent} d WHERE d.{who} = w.{who}))""",
            "queue": f"""INSERT INTO {sent} (notification_id, {who}, seq, attempts)
                         SELECT n.id, n.{who}, n.seq, 0 FROM {feed} n
                         WHERE n.{who} = :owner AND n.seq > (SELECT COALESCE(MAX(d.seq), 0) FROM {sent} d
                                                             WHERE d.{who} = :owner)
                         ORDER BY n.seq LIMIT :batch ON CONFLICT (notification_id) DO NOTHING""",
            "due": f"""SELECT d.{who} AS owner, d.next_attempt_at FROM {sent} d JOIN {hooks} w ON w.{who} = d.{who}
                       WHERE d.delivered_at IS NULL AND d.seq = (SELECT MIN(x.seq) FROM {sent} x
                                                                 WHERE x.{who} = d.{who} AND x.delivered_at IS NULL)
                       ORDER BY d.{who}""",
            "head": f"""SELECT d.notification_id, d.attempts, d.next_attempt_at, n.*
                        FROM {sent} d LEFT JOIN {feed} n ON n.id = d.notification_id
                        WHERE d.{who} = :owner AND d.delivered_at IS NULL ORDER BY d.seq LIMIT 1""",
            "delivered": f"""UPDATE {sent} SET attempts = :attempts, delivered_at = :at, next_attempt_at = NULL,
                             last_status = :status, last_error = NULL
                             WHERE notification_id = :id AND delivered_at IS NULL""",
            "failed": f"""UPDATE {sent} SET attempts = :attempts, next_attempt_at = :at, last_status = :status,
                          last_error = :error WHERE notification_id = :id AND delivered_at IS NULL""",
        }

    # -- the loop interface ----------------------------------------------------------------------
    def run_once(self) -> int:
        """Queue new feed entries, deliver everything due now; returns how many attempts were made."""
        futures = self.dispatch()
        wait_for_all(futures)
        return sum(f.result() for f in futures)

    def run_forever(self, stop: threading.Event, interval: float | None = None) -> None:
        interval = self.interval if interval is None else interval
        while not stop.is_set() and not self._closed:
            self._wakeup.clear()
            try:
                self.dispatch()
            except Exception:  # the store hiccupped: nothing moved, try again shortly
                log.exception("%s webhooks: dispatch failed; retrying", self.party.name)
                self._wakeup.wait(max(interval * 10, 1.0))
                continue
            self._wakeup.wait(interval)

    def positions(self) -> dict[str, int]:
        """Nothing to report on /health: delivery progress is per party, and party ids are not public."""
        return {}

    def wake(self) -> None:
        self._wakeup.set()

    def close(self) -> None:
        """Stop dispatching and wait for the attempts in flight (each bounded by the timeout)."""
        with self._lock:  # after this, dispatch submits nothing more to the pool
            self._closed = True
        self.wake()
        self._pool.shutdown(wait=True, cancel_futures=True)

    def dispatch(self) -> list[Future[int]]:
        """Queue new feed entries and start a task for every party whose next delivery is due and that has
        none in flight; returns the tasks without waiting for them."""
        if self._closed:
            return []
        owners = self.webhooks.subscribers()
        if not owners:
            return []  # nothing subscribed: the feed is not even read
        self._queue(owners)
        due = self._due(self.clock.now())
        futures = []
        with self._lock:
            for owner in due:
                if owner not in self._busy and not self._closed:
                    self._busy.add(owner)
                    futures.append(self._pool.submit(self._deliver, owner))
        return futures

    # -- queueing --------------------------------------------------------------------------------
    def _queue(self, owners: list[str]) -> None:
        with self.store.read() as tx:  # a write transaction only when there is something new
            behind = {r["owner"] for r in tx.execute(self._sql["behind"])}
        if not behind:
            return
        with self.store.transaction() as tx:
            for owner in sorted(behind & set(owners)):
                tx.execute(self._sql["queue"], {"owner": owner, "batch": QUEUE_BATCH})

    def _due(self, now: datetime) -> list[str]:
        with self.store.read() as tx:
            heads = tx.execute(self._sql["due"])
        return [h["owner"] for h in heads if h["next_attempt_at"] is None or h["next_attempt_at"] <= stamp(now)]

    def _head(self, owner: str) -> dict[str, Any] | None:
        with self.store.read() as tx:
            return tx.one(self._sql["head"], {"owner": owner})

    # -- delivering ------------------------------------------------------------------------------
    def _deliver(self, owner: str) -> int:
        """Deliver the party's due entries in seq order until one fails or the batch is used up."""
        attempts, more = 0, False
        try:
            for _ in range(SEND_BATCH):
                if self._closed:  # shutting down: what is left waits for the next process
                    break
                row = self._head(owner)
                now = self.clock.now()
                # no row: all delivered; no feed row: the view is being rebuilt, wait for it
                if row is None or row["id"] is None:
                    break
                if row["next_attempt_at"] is not None and row["next_attempt_at"] > stamp(now):
                    break
                subscription = self.webhooks.subscription(owner)
                if subscription is None:  # unsubscribed meanwhile
                    break
                attempts += 1
                if not self._attempt(subscription, row, now):
                    break
            else:
                more = True
        except Exception:  # the store hiccupped: nothing was recorded, the next pass tries again
            log.exception("%s webhooks: delivering to %s failed; retrying on the next pass", self.party.name, owner)
            raise
        finally:
            with self._lock:
                self._busy.discard(owner)
        if more:
            self.wake()  # come back at once rather than after the polling interval
        return attempts

    def _attempt(self, subscription: Subscription, row: dict[str, Any], now: datetime) -> bool:
        """One POST; records the outcome; True when delivered."""
        status: int | None = None
        error: str | None = None
        try:
            body = delivery_body(row, self.party)
        except (ValueError, TypeError) as exc:  # a broken feed row: an admin sees it in ``failing``, with backoff
            body, error = b"", f"the notification cannot be sent: {exc}"[:500]
        if body:
            timestamp = str(int(now.timestamp()))
            headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "registry-webhooks/1",
                       DELIVERY_HEADER: row["id"], TIMESTAMP_HEADER: timestamp,
                       SIGNATURE_HEADER: sign(subscription.secret, timestamp, body)}
            try:
                status = self.transport.request("POST", subscription.url, headers, body, self.timeout).status
            except TransportError as exc:
                error = str(exc)[:500]
        attempts = int(row["attempts"]) + 1
        delivered = status is not None and 200 <= status < 300
        with self.store.transaction() as tx:
            if delivered:
                tx.execute(self._sql["delivered"], {"attempts": attempts, "at": stamp(now), "status": status,
                                                   "id": row["id"]})
            else:
                error = error or f"the endpoint answered {status}"
                retry_at = now + timedelta(seconds=retry_delay(attempts))
                tx.execute(self._sql["failed"], {"attempts": attempts, "at": stamp(retry_at), "status": status,
                                                "error": error, "id": row["id"]})
                log.warning("%s webhook %s for %s: attempt %d failed (%s); next at %s", self.party.name, row["id"],
                            subscription.owner, attempts, error, retry_at.isoformat())
        return delivered
