"""Flagged seizures (轮候/其他法院查封提示): after a judicial transfer the seizures of other courts stay on the
unit, now owned by the auction buyer. The registrar must see each of them until its court releases it or it
lapses, because the buyer's title is still restricted by it and the seizing court has to be told.

Rows are written by ``projections.registrar.RegistrarDesk`` (one view, one position): the transfer names
the seizures (``TransferredByRuling.flagged``), its case gives the unit number and the registry office.
A release or lapse of that seizure (same unit, court and reference) clears the flag; the row stays with
when and how it was cleared, so the list can also show what was settled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, Index, MetaData, Table, Text

from projections.base import insert, timestamp
from projections.paging import FIRST_PAGE, Page, PageRequest, fetch

if TYPE_CHECKING:
    from adapters.viewstore import Tx

FLAGGED = "view_registrar_flagged_seizure"
metadata = MetaData()
table = Table(FLAGGED, metadata, Column("case_id", Text, primary_key=True),
              *(Column(name, Text, nullable=False) for name in ("unit_id", "registry", "unit_number")),
              Column("court", Text, primary_key=True), Column("court_name", Text, nullable=False),
              Column("reference", Text, primary_key=True),
              *(Column(name, Text, nullable=False) for name in ("state", "auction_court", "auction_court_name",
                                                                "ruling_number", "flagged_at")),
              Column("cleared_at", Text), Column("cleared_by", Text),
              Index(f"{FLAGGED}_open", "registry", "cleared_at", "flagged_at"),
              Index(f"{FLAGGED}_seizure", "unit_id", "court", "reference"))


def flag(tx: Tx, event: Any, case: dict[str, Any] | None) -> None:
    """One row per seizure the judicial transfer left on the unit."""
    for seizure in event.flagged:
        insert(tx, FLAGGED, {
            "case_id": event.case_id, "unit_id": str(event.originator_id),
            "registry": case["registry"] if case else "", "unit_number": case["unit_number"] if case else "",
            "court": seizure["court"], "court_name": seizure["court_name"], "reference": seizure["reference"],
            "state": seizure["state"], "auction_court": event.court, "auction_court_name": event.court_name,
            "ruling_number": event.ruling_number, "flagged_at": timestamp(event.at),
            "cleared_at": None, "cleared_by": None})


def _same_seizure(tx: Tx, event: Any, **columns: Any) -> None:
    assignments = ", ".join(f"{column} = :{column}" for column in columns)  # our column names, never input
    tx.execute(f"UPDATE {FLAGGED} SET {assignments} WHERE unit_id = :unit_id AND court = :court "
               "AND reference = :reference AND cleared_at IS NULL",
               {**columns, "unit_id": str(event.originator_id), "court": event.court, "reference": event.reference})


def activated(tx: Tx, event: Any) -> None:
    """A queued (轮候) flagged seizure became the active one."""
    _same_seizure(tx, event, state="active")


def cleared(tx: Tx, event: Any, how: str) -> None:
    """Released by its court or lapsed: no longer a flag."""
    _same_seizure(tx, event, state=how, cleared_at=timestamp(event.at), cleared_by=how)


def rows(store: Any, where: str, params: dict[str, Any], include_cleared: bool,
         paging: PageRequest = FIRST_PAGE) -> Page:
    """The flags matching ``where`` (on alias ``c``), oldest first (a watch list), one page at a time; open ones
    only unless asked."""
    still_open = "" if include_cleared else " AND c.cleared_at IS NULL"
    with store.read() as tx:
        return fetch(tx, f"SELECT c.* FROM {FLAGGED} c WHERE {where}{still_open}", params,
                     "c.flagged_at, c.unit_number, c.court, c.reference, c.case_id", paging,
                     lambda row: {k: v for k, v in row.items() if k != "unit_id"})
