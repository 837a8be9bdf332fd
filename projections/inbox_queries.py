"""Reading the inboxes: whose messages a user reads, one page at a time, each with the user's read mark.

A user reads the messages of the recipient keys their role and organisation give them (``recipients_of``), and
nothing else; the read marks are durable rows per user (``inbox_read``, revision 0004), since no event says
who read what, so each registrar of an office has their own marks on the office's shared messages.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from projections.base import loads
from projections.inbox import INBOXES
from projections.paging import FIRST_PAGE, Page, PageRequest, fetch
from registry.kernel.actors import Actor, Role
from registry.kernel.values import person_key

READS = "inbox_read"
OUTBOX = "notification_outbox"  # durable (adapters.outbox): which messages were copied to email or SMS


def recipients_of(actor: Actor, served: Iterable[str] = ()) -> list[str]:
    """The recipient keys ``projections.inbox`` addresses this user by; ``served`` are the registry offices a
    tax officer's bureau serves (its city's). Admins and courts have no inbox."""
    if actor.role is Role.APPLICANT and actor.id_number:
        return [f"person:{person_key(actor.id_number)}"]
    prefix = {Role.REGISTRAR: "office", Role.SUPERVISOR: "supervisor", Role.BANK_STAFF: "bank"}.get(actor.role)
    if prefix and actor.org:
        return [f"{prefix}:{actor.org}"]
    if actor.role is Role.TAX_OFFICER:
        return [f"tax:{registry}" for registry in sorted(served)]
    return []


def _select(recipients: list[str], unread_only: bool) -> tuple[str, dict[str, Any]]:
    marks = ", ".join(f":r{i}" for i in range(len(recipients)))
    union = " UNION ALL ".join(f"SELECT recipient, message_id, key, case_id, params, at FROM {table} "
                               f"WHERE recipient IN ({marks})" for table in INBOXES)
    sql = (f"SELECT m.recipient, m.message_id, m.key, m.case_id, m.params, m.at, r.read_at FROM ({union}) m "
           f"LEFT JOIN {READS} r ON r.user_id = :user AND r.recipient = m.recipient AND r.message_id = m.message_id")
    if unread_only:
        sql += " WHERE r.read_at IS NULL"
    return sql, {f"r{i}": r for i, r in enumerate(recipients)}


def _message(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "params": loads(row["params"]), "read": row["read_at"] is not None}


def inbox(store: Any, user_id: str, recipients: list[str], paging: PageRequest = FIRST_PAGE, *,
          unread_only: bool = False) -> Page:
    """The user's messages, newest first."""
    if not recipients:
        return Page.empty(paging)
    select, params = _select(recipients, unread_only)
    with store.read() as tx:
        return fetch(tx, select, {**params, "user": user_id}, "m.at DESC, m.message_id DESC, m.recipient DESC",
                     paging, _message)


def unread(store: Any, user_id: str, recipients: list[str]) -> int:
    if not recipients:
        return 0
    select, params = _select(recipients, unread_only=True)
    with store.read() as tx:
        return int(tx.one(f"SELECT COUNT(*) AS n FROM ({select}) listed", {**params, "user": user_id})["n"])


def message(store: Any, user_id: str, recipients: list[str], message_id: str) -> dict[str, Any] | None:
    """One of the user's messages; None when it is not theirs (or does not exist): the caller answers 404."""
    if not recipients:
        return None
    select, params = _select(recipients, unread_only=False)
    with store.read() as tx:
        row = tx.one(f"SELECT * FROM ({select}) listed WHERE message_id = :message_id ORDER BY recipient LIMIT 1",
                     {**params, "user": user_id, "message_id": message_id})
    return None if row is None else _message(row)


def not_queued(store: Any, user_id: str, recipients: list[str], channel: str, since: str, limit: int = 200) -> list[
        dict[str, Any]]:
    """The user's messages from ``since`` (a ``timestamp``) on that the outbox has not queued for ``channel``
    yet, oldest first: what ``adapters.outbox`` copies to the user's email or mobile."""
    if not recipients:
        return []
    marks = ", ".join(f":r{i}" for i in range(len(recipients)))
    union = " UNION ALL ".join(f"SELECT recipient, message_id, key, case_id, params, at FROM {table} "
                               f"WHERE recipient IN ({marks}) AND at >= :since" for table in INBOXES)
    sql = (f"SELECT * FROM ({union}) m WHERE NOT EXISTS (SELECT 1 FROM {OUTBOX} o WHERE o.user_id = :user "
           "AND o.channel = :channel AND o.recipient = m.recipient AND o.message_id = m.message_id) "
           "ORDER BY m.at, m.message_id, m.recipient LIMIT :limit")
    params = {f"r{i}": r for i, r in enumerate(recipients)} | {"user": user_id, "channel": channel, "since": since,
                                                                "limit": limit}
    with store.read() as tx:
        return [{**row, "params": loads(row["params"])} for row in tx.execute(sql, params)]
