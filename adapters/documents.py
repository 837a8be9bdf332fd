"""Signed certificate PDFs, stored next to the views (a BLOB in SQLite, BYTEA in PostgreSQL).

Documents are immutable: an id is written once per issuance attempt; a retried issuance after a
crash overwrites the orphan it left, and the event names the digest of the document that counts.
"""

from __future__ import annotations

import hashlib

from adapters.viewstore import ViewStore


class SqlDocumentStore:
    def __init__(self, store: ViewStore) -> None:
        self.store = store

    def setup(self) -> None:
        blob = "BYTEA" if self.store.dialect == "postgres" else "BLOB"
        with self.store.transaction() as tx:
            tx.execute(f"""CREATE TABLE IF NOT EXISTS certificate_document (certificate_id TEXT PRIMARY KEY,
                           pdf {blob} NOT NULL, sha256 TEXT NOT NULL)""")

    def put(self, certificate_id: str, pdf: bytes) -> None:
        with self.store.transaction() as tx:
            tx.execute("DELETE FROM certificate_document WHERE certificate_id = ?", (certificate_id,))
            tx.execute("INSERT INTO certificate_document VALUES (?, ?, ?)",
                       (certificate_id, pdf, hashlib.sha256(pdf).hexdigest()))

    def get(self, certificate_id: str) -> bytes | None:
        with self.store.read() as tx:
            row = tx.one("SELECT pdf FROM certificate_document WHERE certificate_id = ?", (certificate_id,))
        return bytes(row["pdf"]) if row else None
