"""Read marks on inbox messages: what a user did, not what happened to a case, so no event records it and no
replay could bring it back; a durable table (``inbox_read``, decision 021). Marking twice keeps the first time."""

from __future__ import annotations

from datetime import datetime

from adapters.viewstore import ViewStore

MARK = ("INSERT INTO inbox_read (user_id, recipient, message_id, read_at) VALUES (:user, :recipient, :message, :at) "
        "ON CONFLICT (user_id, recipient, message_id) DO NOTHING")


class InboxReads:
    def __init__(self, store: ViewStore) -> None:
        self.store = store

    def mark(self, user_id: str, recipient: str, message_id: str, now: datetime) -> None:
        with self.store.transaction() as tx:
            tx.execute(MARK, {"user": user_id, "recipient": recipient, "message": message_id, "at": now.isoformat()})
