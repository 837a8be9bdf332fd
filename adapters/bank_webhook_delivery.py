"""Pushing each bank's notifications (the ``view_bank_notification`` feed) to the bank's webhook.

At-least-once: a notification is queued in ``bank_webhook_delivery`` once, then POSTed until the bank
answers 2xx, never given up; every attempt carries the same body and ``X-Registry-Delivery`` id (the
notification's id, for the bank to de-duplicate on), signed afresh with the attempt's timestamp. A
failed attempt waits ``min(10 s · 2^(attempts-1), 1 h)`` on the injected clock.

Per bank, strictly in feed order: a later notification waits until the earlier one is delivered. Banks
are independent: each bank's deliveries run in their own task on a small thread pool, so one bank's
dead or slow endpoint (5 s timeout) never holds up another's.
"""

from __future__ import annotations

import json
import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for_all
from datetime import UTC, datetime, timedelta
from typing import Any

from adapters.bank_webhooks import (
    DELIVERY_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    Subscription,
    WebhookStore,
    sign,
)
from adapters.gateway_client import Transport, TransportError
from adapters.viewstore import ViewStore
from registry.ports import Clock

log = logging.getLogger(__name__)

TIMEOUT = 5.0
FIRST_RETRY = 10.0
MAX_RETRY = 3600.0
QUEUE_BATCH = 500  # notifications queued per bank per pass
SEND_BATCH = 50  # deliveries per bank task before other banks get their turn


def retry_delay(attempts: int) -> float:
    """Seconds to wait after ``attempts`` failed attempts."""
    return min(FIRST_RETRY * 2 ** (attempts - 1), MAX_RETRY)


def _stamp(value: datetime) -> str:
    """UTC, fixed width: textual order is time order on both stores."""
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def delivery_body(row: dict[str, Any]) -> bytes:
    """The JSON a bank receives; the same bytes on every attempt."""
    data = {"id": row["id"], "seq": int(row["seq"]), "kind": row["kind"], "bank": row["bank"],
            "filing_id": row["filing_id"], "unit_number": row["unit_number"],
            "payload": json.loads(row["payload"]), "at": row["at"]}
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


class WebhookDeliveries:
    """The delivery loop, driven like ``projections.worker.Worker`` (``run_once``, ``run_forever``,
    ``wake``) but never waited for by ``Platform.wait_until_idle``: a bank's endpoint may be down for days.

    ``run_once`` queues and delivers what is due now and waits for it (tests); ``run_forever`` dispatches
    banks to the pool without waiting, so a slow bank is still in flight while the next pass serves others.
    """

    def __init__(self, webhooks: WebhookStore, clock: Clock, transport: Transport, *, timeout: float = TIMEOUT,
                 concurrency: int = 4, interval: float = 0.5) -> None:
        self.webhooks = webhooks
        self.store: ViewStore = webhooks.store
        self.clock = clock
        self.transport = transport
        self.timeout = timeout
        self.interval = interval
        self._pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="bank-webhooks")
        self._busy: set[str] = set()
        self._lock = threading.Lock()
        self._wakeup = threading.Event()
        self._closed = False

    # -- the loop interface ----------------------------------------------------------------------
    def run_once(self) -> int:
        """Queue new notifications, deliver everything due now; returns how many attempts were made."""
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
                log.exception("bank webhooks: dispatch failed; retrying")
                self._wakeup.wait(max(interval * 10, 1.0))
                continue
            self._wakeup.wait(interval)

    def positions(self) -> dict[str, int]:
        """Nothing to report on /health: delivery progress is per bank, and bank ids are not public."""
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
        """Queue new notifications and start a task for every bank whose next delivery is due and
        that has none in flight; returns the tasks without waiting for them."""
        if self._closed:
            return []
        banks = self.webhooks.subscribed_banks()
        if not banks:
            return []  # nothing subscribed: the feed is not even read
        self._queue(banks)
        due = self._due_banks(self.clock.now())
        futures = []
        with self._lock:
            for bank in due:
                if bank not in self._busy and not self._closed:
                    self._busy.add(bank)
                    futures.append(self._pool.submit(self._deliver_bank, bank))
        return futures

    # -- queueing --------------------------------------------------------------------------------
    def _queue(self, banks: list[str]) -> None:
        with self.store.read() as tx:  # a write transaction only when there is something new
            behind = {r["bank"] for r in tx.execute(
                """SELECT w.bank FROM bank_webhook w WHERE EXISTS (
                       SELECT 1 FROM view_bank_notification n WHERE n.bank = w.bank AND n.seq >
                           (SELECT COALESCE(MAX(d.seq), 0) FROM bank_webhook_delivery d WHERE d.bank = w.bank))""")}
        if not behind:
            return
        with self.store.transaction() as tx:
            for bank in sorted(behind & set(banks)):
                tx.execute(
                    """INSERT INTO bank_webhook_delivery (notification_id, bank, seq, attempts)
                       SELECT n.id, n.bank, n.seq, 0 FROM view_bank_notification n
                       WHERE n.bank = ? AND n.seq > (SELECT COALESCE(MAX(d.seq), 0) FROM bank_webhook_delivery d
                                                     WHERE d.bank = ?)
                       ORDER BY n.seq LIMIT ? ON CONFLICT (notification_id) DO NOTHING""",
                    (bank, bank, QUEUE_BATCH))

    def _due_banks(self, now: datetime) -> list[str]:
        with self.store.read() as tx:
            heads = tx.execute(
                """SELECT d.bank, d.next_attempt_at FROM bank_webhook_delivery d
                   JOIN bank_webhook w ON w.bank = d.bank
                   WHERE d.delivered_at IS NULL AND d.seq = (SELECT MIN(x.seq) FROM bank_webhook_delivery x
                                                             WHERE x.bank = d.bank AND x.delivered_at IS NULL)
                   ORDER BY d.bank""")
        return [h["bank"] for h in heads if h["next_attempt_at"] is None or h["next_attempt_at"] <= _stamp(now)]

    def _head(self, bank: str) -> dict[str, Any] | None:
        with self.store.read() as tx:
            return tx.one(
                """SELECT d.notification_id, d.attempts, d.next_attempt_at, n.id, n.seq, n.kind, n.bank,
                          n.filing_id, n.unit_number, n.payload, n.at
                   FROM bank_webhook_delivery d LEFT JOIN view_bank_notification n ON n.id = d.notification_id
                   WHERE d.bank = ? AND d.delivered_at IS NULL ORDER BY d.seq LIMIT 1""", (bank,))

    # -- delivering ------------------------------------------------------------------------------
    def _deliver_bank(self, bank: str) -> int:
        """Deliver the bank's due notifications in seq order until one fails or the batch is used up."""
        attempts, more = 0, False
        try:
            for _ in range(SEND_BATCH):
                if self._closed:  # shutting down: what is left waits for the next process
                    break
                row = self._head(bank)
                now = self.clock.now()
                # no row: all delivered; no feed row: the view is being rebuilt, wait for it
                if row is None or row["id"] is None:
                    break
                if row["next_attempt_at"] is not None and row["next_attempt_at"] > _stamp(now):
                    break
                subscription = self.webhooks.subscription(bank)
                if subscription is None:  # unsubscribed meanwhile
                    break
                attempts += 1
                if not self._attempt(subscription, row, now):
                    break
            else:
                more = True
        except Exception:  # the store hiccupped: nothing was recorded, the next pass tries again
            log.exception("bank webhooks: delivering to %s failed; retrying on the next pass", bank)
            raise
        finally:
            with self._lock:
                self._busy.discard(bank)
        if more:
            self.wake()  # come back at once rather than after the polling interval
        return attempts

    def _attempt(self, subscription: Subscription, row: dict[str, Any], now: datetime) -> bool:
        """One POST; records the outcome; True when delivered."""
        status: int | None = None
        error: str | None = None
        try:
            body = delivery_body(row)
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
                tx.execute("""UPDATE bank_webhook_delivery SET attempts = ?, delivered_at = ?, next_attempt_at = NULL,
                              last_status = ?, last_error = NULL WHERE notification_id = ? AND delivered_at IS NULL""",
                           (attempts, _stamp(now), status, row["id"]))
            else:
                error = error or f"the endpoint answered {status}"
                retry_at = now + timedelta(seconds=retry_delay(attempts))
                tx.execute("""UPDATE bank_webhook_delivery SET attempts = ?, next_attempt_at = ?, last_status = ?,
                              last_error = ? WHERE notification_id = ? AND delivered_at IS NULL""",
                           (attempts, _stamp(retry_at), status, error, row["id"]))
                log.warning("bank webhook %s for %s: attempt %d failed (%s); next at %s", row["id"],
                            subscription.bank, attempts, error, retry_at.isoformat())
        return delivered


# -- queries ---------------------------------------------------------------------------------------
def status(store: ViewStore, bank: str) -> dict[str, Any]:
    """The bank's own view of its deliveries: how many wait, whether the next one is failing, when
    the last one arrived."""
    with store.read() as tx:
        queued = tx.one("""SELECT COUNT(*) AS n FROM bank_webhook_delivery
                           WHERE bank = ? AND delivered_at IS NULL""", (bank,))
        last_queued = tx.one("SELECT COALESCE(MAX(seq), 0) AS seq FROM bank_webhook_delivery WHERE bank = ?",
                             (bank,))
        unqueued = tx.one("SELECT COUNT(*) AS n FROM view_bank_notification WHERE bank = ? AND seq > ?",
                          (bank, last_queued["seq"]))
        delivered = tx.one("SELECT MAX(delivered_at) AS at FROM bank_webhook_delivery WHERE bank = ?", (bank,))
        head = tx.one("""SELECT attempts, next_attempt_at, last_status, last_error FROM bank_webhook_delivery
                         WHERE bank = ? AND delivered_at IS NULL AND attempts > 0 ORDER BY seq LIMIT 1""", (bank,))
    return {"pending": int(queued["n"]) + int(unqueued["n"]), "failing": head is not None,
            "last_delivered_at": delivered["at"] if delivered else None,
            "attempts": int(head["attempts"]) if head else 0,
            "next_attempt_at": head["next_attempt_at"] if head else None,
            "last_status": head["last_status"] if head else None,
            "last_error": head["last_error"] if head else None}


def failing(store: ViewStore) -> list[dict[str, Any]]:
    """For admins: every subscribed bank whose next delivery has failed at least once, with what the
    endpoint said and how many notifications wait behind it."""
    with store.read() as tx:
        rows = tx.execute(
            """SELECT d.bank, w.url, d.notification_id, d.seq, d.attempts, d.next_attempt_at, d.last_status,
                      d.last_error,
                      (SELECT COUNT(*) FROM bank_webhook_delivery x
                       WHERE x.bank = d.bank AND x.delivered_at IS NULL) AS waiting
               FROM bank_webhook_delivery d JOIN bank_webhook w ON w.bank = d.bank
               WHERE d.delivered_at IS NULL AND d.attempts > 0 ORDER BY d.bank, d.seq""")
    seen: set[str] = set()
    result = []
    for row in rows:
        if row["bank"] not in seen:
            seen.add(row["bank"])
            result.append(row | {"waiting": int(row["waiting"]), "attempts": int(row["attempts"])})
    return result
