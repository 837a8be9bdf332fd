"""How a party's webhook deliveries go, read from ``<party>_webhook_delivery`` and its feed: the party's own
status (never the secret) and, for admins, every endpoint whose next delivery keeps failing."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from adapters.viewstore import ViewStore
from adapters.webhooks import BANKS, Party


def stamp(value: datetime) -> str:
    """UTC, fixed width: textual order is time order on both stores."""
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def status(store: ViewStore, owner: str, party: Party = BANKS) -> dict[str, Any]:
    """The party's own view of its deliveries: how many wait, whether the next one is failing, when
    the last one arrived."""
    who, sent = party.name, party.deliveries
    with store.read() as tx:
        mine = {"owner": owner}
        queued = tx.one(f"SELECT COUNT(*) AS n FROM {sent} WHERE {who} = :owner AND delivered_at IS NULL", mine)
        last_queued = tx.one(f"SELECT COALESCE(MAX(seq), 0) AS seq FROM {sent} WHERE {who} = :owner", mine)
        unqueued = tx.one(f"SELECT COUNT(*) AS n FROM {party.feed} WHERE {who} = :owner AND seq > :seq",
                          {"owner": owner, "seq": last_queued["seq"]})
        delivered = tx.one(f"SELECT MAX(delivered_at) AS at FROM {sent} WHERE {who} = :owner", mine)
        head = tx.one(f"""SELECT attempts, next_attempt_at, last_status, last_error FROM {sent}
                          WHERE {who} = :owner AND delivered_at IS NULL AND attempts > 0 ORDER BY seq LIMIT 1""",
                      mine)
    return {"pending": int(queued["n"]) + int(unqueued["n"]), "failing": head is not None,
            "last_delivered_at": delivered["at"] if delivered else None,
            "attempts": int(head["attempts"]) if head else 0,
            "next_attempt_at": head["next_attempt_at"] if head else None,
            "last_status": head["last_status"] if head else None,
            "last_error": head["last_error"] if head else None}


def failing(store: ViewStore, party: Party = BANKS) -> list[dict[str, Any]]:
    """For admins: every subscribed party whose next delivery has failed at least once, with what the
    endpoint said and how many entries wait behind it (the party's id under its kind: ``bank``, ``court``)."""
    who, sent = party.name, party.deliveries
    with store.read() as tx:
        rows = tx.execute(
            f"""SELECT d.{who}, w.url, d.notification_id, d.seq, d.attempts, d.next_attempt_at, d.last_status,
                       d.last_error,
                       (SELECT COUNT(*) FROM {sent} x WHERE x.{who} = d.{who} AND x.delivered_at IS NULL) AS waiting
                FROM {sent} d JOIN {party.subscriptions} w ON w.{who} = d.{who}
                WHERE d.delivered_at IS NULL AND d.attempts > 0 ORDER BY d.{who}, d.seq""")
    seen: set[str] = set()
    result = []
    for row in rows:
        if row[who] not in seen:
            seen.add(row[who])
            result.append(row | {"waiting": int(row["waiting"]), "attempts": int(row["attempts"])})
    return result
