"""The documents of each transfer case and mortgage filing: what the parties or the filing bank attached, and
for a judicial case the court's ruling, confirmation and assistance notice as the court sent them.

A row names where the bytes are (``stored_as``: the shelf of attached documents for a party's or a bank's, the
court documents' store for a court's) and is addressed within its case by the bytes' SHA-256. The queries do not
scope: the caller finds the case through the scoped view of its role first (``web.shared.attachments``), so the
same 404 answers a missing case and someone else's.
"""

from __future__ import annotations

from functools import singledispatchmethod
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, Integer, MetaData, Table, Text

from events import court as court_events
from events import mortgage as mortgage_events
from events import transfer as transfer_events
from projections.base import Projection, creates, timestamp
from registry.kernel.attachments import document_id

if TYPE_CHECKING:
    from adapters.viewstore import Tx

DOCUMENTS = "view_case_document"
PARTY, BANK, COURT = "party", "bank", "court"  # who attached it, as ``source``
FIELDS = ("sha256", "source", "kind", "filename", "content_type", "size", "attached_by", "at")

metadata = MetaData()
Table(DOCUMENTS, metadata, Column("case_id", Text, primary_key=True), Column("sha256", Text, primary_key=True),
      *(Column(name, Text, nullable=False) for name in ("source", "kind", "filename", "content_type")),
      Column("size", Integer, nullable=False), Column("attached_by", Text), Column("at", Text, nullable=False),
      Column("stored_as", Text, nullable=False))


class CaseDocuments(Projection):
    name = "case_documents"
    tables = [DOCUMENTS]
    metadata = metadata
    ddl = creates(metadata)

    @singledispatchmethod
    def process(self, event: object, tx: Tx) -> None:
        """Only attached and served documents are listed."""

    @process.register(transfer_events.DocumentAttached)
    def _attached_to_case(self, event: transfer_events.DocumentAttached, tx: Tx) -> None:
        _attached(tx, event, PARTY)

    @process.register(mortgage_events.DocumentAttached)
    def _attached_to_filing(self, event: mortgage_events.DocumentAttached, tx: Tx) -> None:
        _attached(tx, event, BANK)

    @process.register(court_events.RulingServed)
    def _ruling_served(self, event: court_events.RulingServed, tx: Tx) -> None:
        for document in event.documents:
            _row(tx, {"case_id": event.case_id, "sha256": document["sha256"], "source": COURT,
                      "kind": document["kind"], "filename": document["name"],
                      "content_type": document["content_type"], "size": int(document["size"]), "attached_by": None,
                      "at": timestamp(event.at), "stored_as": document["document_id"]})


def _attached(tx: Tx, event: Any, source: str) -> None:
    _row(tx, {"case_id": str(event.originator_id), "sha256": event.sha256, "source": source, "kind": event.kind,
              "filename": event.filename, "content_type": event.content_type, "size": event.size,
              "attached_by": event.by,
              "at": timestamp(event.at), "stored_as": document_id(event.sha256)})


def _row(tx: Tx, row: dict[str, Any]) -> None:
    # a court may send the same file twice in one ruling: one row for it
    tx.execute(f"INSERT INTO {DOCUMENTS} ({', '.join(row)}) VALUES ({', '.join(f':{c}' for c in row)}) "
               "ON CONFLICT (case_id, sha256) DO NOTHING", row)


def of_case(store: Any, case_id: str) -> list[dict[str, Any]]:
    """The documents of a case or filing the caller may see, in the order they came."""
    with store.read() as tx:
        rows = tx.execute(f"SELECT {', '.join(FIELDS)} FROM {DOCUMENTS} WHERE case_id = :case_id "
                          "ORDER BY at, sha256", {"case_id": str(case_id)})
    return [_listed(row) for row in rows]


def one(store: Any, case_id: str, sha256: str) -> dict[str, Any] | None:
    """One document of that case with where its bytes are (``stored_as``), or None."""
    with store.read() as tx:
        row = tx.one(f"SELECT {', '.join(FIELDS)}, stored_as FROM {DOCUMENTS} WHERE case_id = :case_id "
                     "AND sha256 = :sha256", {"case_id": str(case_id), "sha256": sha256})
    return {**_listed(row), "stored_as": row["stored_as"]} if row else None


def _listed(row: dict[str, Any]) -> dict[str, Any]:
    listed = {"id": row["sha256"], **{f: row[f] for f in FIELDS if f != "attached_by"}, "size": int(row["size"])}
    return {**listed, "by": row["attached_by"]}
