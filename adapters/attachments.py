"""The shelf of attached documents (registry.kernel.ports.DocumentShelf): the bytes of each document a party or a
bank attached, in the durable table ``attached_document`` (a BLOB in SQLite, BYTEA in PostgreSQL).

Ids are content-addressed (``attachment-<sha256>``), so a row is written once and never changed: a second put of
the same id, by a retry or by two uploads of the same file racing, keeps the first row and stores nothing.
"""

from __future__ import annotations

import hashlib

from adapters.durable import tables
from adapters.viewstore import ViewStore


class SqlDocumentShelf:
    def __init__(self, store: ViewStore) -> None:
        self.store = store

    def setup(self) -> None:
        """Only for a store used without migrations (tests); the platform upgrades the durable tables."""
        tables.create(self.store, tables.attached_document)

    def put(self, document_id: str, content: bytes) -> None:
        with self.store.transaction() as tx:
            tx.execute("INSERT INTO attached_document (document_id, content, sha256, size) "
                       "VALUES (:id, :content, :sha256, :size) ON CONFLICT (document_id) DO NOTHING",
                       {"id": document_id, "content": content, "sha256": hashlib.sha256(content).hexdigest(),
                        "size": len(content)})

    def get(self, document_id: str) -> bytes | None:
        with self.store.read() as tx:
            row = tx.one("SELECT content FROM attached_document WHERE document_id = :id", {"id": document_id})
        return bytes(row["content"]) if row else None
