"""Email and SMS copies of inbox messages: queued once per message, addressee and channel, then sent with retry.

Queueing (``fill``) reads, for every account with contacts, the inbox messages addressed to it since its
contacts were set and not queued yet, words each for the channel, and INSERTs it; the unique index
``notification_outbox_once`` makes a second filler (a second pass, another process) a no-op, so a copy is
queued once. Sending (``send_due``) claims a due row by moving its ``next_attempt_at`` forward in one UPDATE
(a lease: another process skips it), sends it, and records ``sent_at`` or the error with the next attempt at
``min(1 min · 2^(attempts-1), 6 h)`` on the injected clock; a refusal (a number not in service) or the 10th
failure gives the row up. A process that dies mid-send leaves the lease to expire and the row is tried again:
once per copy, unless the crash falls between the server's acceptance and the UPDATE (decision 021).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from adapters.senders import Sender, SendFailed, SendRefused
from adapters.viewstore import ViewStore
from adapters.webhook_status import stamp
from registry.kernel.ports import Clock

log = logging.getLogger(__name__)

FIRST_RETRY, MAX_RETRY, MAX_ATTEMPTS = 60.0, 6 * 3600.0, 10
LEASE = timedelta(minutes=5)  # longer than any one send (SMTP times out after 10 s)
BATCH = 100


@dataclass(frozen=True)
class Addressee:
    user_id: str
    recipients: list[str]  # the inbox keys the account reads (``projections.inbox_queries.recipients_of``)
    addresses: dict[str, str]  # channel → email address or mobile number
    since: datetime  # when the contacts were set: older messages are not sent


Addressees = Callable[[], Iterable[Addressee]]
# store, user, recipients, channel, since, limit → the messages not queued yet (projections.inbox_queries)
Pending = Callable[[ViewStore, str, list[str], str, str, int], list[dict[str, Any]]]
Compose = Callable[[str, dict[str, Any]], tuple[str, str]]  # channel, message → subject, body


def retry_delay(attempts: int) -> float:
    return min(FIRST_RETRY * 2 ** (attempts - 1), MAX_RETRY)


SQL = {
    "queue": """INSERT INTO notification_outbox (user_id, recipient, message_id, channel, address, subject, body,
                    queued_at, attempts) VALUES (:user_id, :recipient, :message_id, :channel, :address, :subject,
                    :body, :queued_at, 0)
                ON CONFLICT (message_id, recipient, user_id, channel) DO NOTHING""",
    "due": """SELECT id FROM notification_outbox WHERE sent_at IS NULL AND given_up_at IS NULL
              AND (next_attempt_at IS NULL OR next_attempt_at <= :now) AND channel IN ({channels})
              ORDER BY id LIMIT :batch""",
    "claim": """UPDATE notification_outbox SET next_attempt_at = :lease WHERE id = :id AND sent_at IS NULL
                AND given_up_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= :now)
                RETURNING id, channel, address, subject, body, attempts""",
    "sent": "UPDATE notification_outbox SET attempts = :attempts, sent_at = :at, last_error = NULL WHERE id = :id",
    "failed": """UPDATE notification_outbox SET attempts = :attempts, next_attempt_at = :retry_at,
                 given_up_at = :given_up_at, last_error = :error WHERE id = :id""",
}


class Outbox:
    """A loop like ``projections.worker.Worker`` (``run_once``, ``run_forever``, ``wake``), never waited for
    by ``Platform.wait_until_idle``: a mail server may be down for hours."""

    def __init__(self, store: ViewStore, clock: Clock, senders: Iterable[Sender], addressees: Addressees,
                 pending: Pending, compose: Compose, *, interval: float = 5.0) -> None:
        self.store, self.clock, self.interval = store, clock, interval
        self.senders = {sender.channel: sender for sender in senders}
        self.addressees, self.pending, self.compose = addressees, pending, compose
        self._wakeup = threading.Event()

    # -- the loop interface ----------------------------------------------------------------------
    def run_once(self) -> int:
        """Queue what is new, send what is due; answers how many sends were attempted."""
        self.fill()
        return self.send_due()

    def run_forever(self, stop: threading.Event, interval: float | None = None) -> None:
        while not stop.is_set():
            self._wakeup.clear()
            try:
                self.run_once()
            except Exception:  # the store hiccupped: what was recorded stays, the next pass goes on
                log.exception("outbox: a pass failed; retrying")
            self._wakeup.wait(self.interval if interval is None else interval)

    def positions(self) -> dict[str, int]:
        return {}

    def wake(self) -> None:
        self._wakeup.set()

    def close(self) -> None:
        self.wake()

    # -- queueing --------------------------------------------------------------------------------
    def fill(self) -> int:
        """Queue the copies not queued yet; answers how many this pass queued (a racing filler's are not)."""
        now, queued = stamp(self.clock.now()), 0
        for addressee in self.addressees():
            for channel, address in addressee.addresses.items():
                if channel in self.senders and address:  # a channel turned off queues nothing, so no backlog
                    queued += self._queue(addressee, channel, address, now)
        return queued

    def _queue(self, addressee: Addressee, channel: str, address: str, now: str) -> int:
        found = self.pending(self.store, addressee.user_id, addressee.recipients, channel, stamp(addressee.since),
                             BATCH)
        if not found:
            return 0
        with self.store.transaction() as tx:
            for message in found:
                subject, body = self.compose(channel, message)
                tx.execute(SQL["queue"], {"user_id": addressee.user_id, "recipient": message["recipient"],
                                          "message_id": message["message_id"], "channel": channel,
                                          "address": address, "subject": subject, "body": body, "queued_at": now})
        return len(found)

    # -- sending ---------------------------------------------------------------------------------
    def send_due(self) -> int:
        if not self.senders:
            return 0
        now = self.clock.now()
        channels = ", ".join(f"'{c}'" for c in sorted(self.senders))  # our own channel names, never input
        with self.store.read() as tx:
            due = [r["id"] for r in tx.execute(SQL["due"].format(channels=channels), {"now": stamp(now),
                                                                                       "batch": BATCH})]
        attempts = 0
        for row_id in due:
            with self.store.transaction() as tx:
                claimed = tx.one(SQL["claim"], {"id": row_id, "now": stamp(now), "lease": stamp(now + LEASE)})
            if claimed is not None:  # else another process has it, or sent it meanwhile
                attempts += 1
                self._attempt(claimed, now)
        return attempts

    def _attempt(self, row: dict[str, Any], now: datetime) -> None:
        attempts = int(row["attempts"]) + 1
        try:
            self.senders[row["channel"]].send(row["address"], row["subject"], row["body"])
        except (SendFailed, SendRefused) as failed:
            given_up = isinstance(failed, SendRefused) or attempts >= MAX_ATTEMPTS
            retry_at = None if given_up else stamp(now + timedelta(seconds=retry_delay(attempts)))
            with self.store.transaction() as tx:
                tx.execute(SQL["failed"], {"id": row["id"], "attempts": attempts, "retry_at": retry_at,
                                           "given_up_at": stamp(now) if given_up else None, "error": str(failed)})
            log.warning("outbox %s %s: attempt %d failed (%s)%s", row["channel"], row["id"], attempts, failed,
                        "; given up" if given_up else f"; next at {retry_at}")
            return
        with self.store.transaction() as tx:
            tx.execute(SQL["sent"], {"id": row["id"], "attempts": attempts, "at": stamp(now)})

    def rows(self, user_id: str | None = None) -> list[dict[str, Any]]:
        """Every copy and how it went (tests, operators)."""
        with self.store.read() as tx:
            return tx.execute("SELECT * FROM notification_outbox WHERE user_id = :user OR :user = '' ORDER BY id",
                              {"user": user_id or ""})


def since(contacts_at: str | None) -> datetime:
    """When the contacts were set; an account whose contacts predate the column counts from the epoch."""
    return datetime.fromisoformat(contacts_at) if contacts_at else datetime(1970, 1, 1, tzinfo=UTC)
