"""Signed certificate PDFs, stored next to the views (a BLOB in SQLite, BYTEA in PostgreSQL).

Documents are immutable: an id is written once per issuance attempt; a retried issuance after a
crash overwrites the orphan it left, and the event names the digest of the document that counts.
"""

from __future__ import annotations

import hashlib

from adapters.durable import tables
from adapters.viewstore import ViewStore


class SqlDocumentStore:
    def __init__(self, store: ViewStore) -> None:
        self.store = store

    def setup(self) -> None:
        """Only for a store used without migrations (tests); the platform upgrades the durable tables."""
        tables.create(self.store, tables.certificate_document)

    def put(self, certificate_id: str, pdf: bytes) -> None:
        with self.store.transaction() as tx:
            tx.execute("DELETE FROM certificate_document WHERE certificate_id = :id", {"id": certificate_id})
            tx.execute(tables.certificate_document.insert(), {"certificate_id": certificate_id, "pdf": pdf,
                                                              "sha256": hashlib.sha256(pdf).hexdigest()})

    def get(self, certificate_id: str) -> bytes | None:
        with self.store.read() as tx:
            row = tx.one("SELECT pdf FROM certificate_document WHERE certificate_id = :id", {"id": certificate_id})
        return bytes(row["pdf"]) if row else None
