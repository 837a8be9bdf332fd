"""The mortgages on a register-book page (抵押权, qllx 37) in rank order, as ``RegisterBook`` keeps them: their table
and the handlers it dispatches to (a mixin, like projections/register_book_courts.py).

Every registration that moves a mortgage renumbers the others 1, 2, 3... as the unit does; a history row names the
bank, the rank and the proof, and a proof that a registration replaced or cancelled carries (销) in
``cancelled_proof_number``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, Integer, MetaData, Table, Text

from events import unit as unit_events
from projections.base import dumps, insert, loads, timestamp
from projections.mortgage_desk import binding_terms, encumbrance_view
from registry.register_book.unit_judicial import CANCELLED_SUFFIX

if TYPE_CHECKING:
    from adapters.viewstore import Tx

MORTGAGES = "view_unit_mortgage"
# the register book's table for them (``RegisterBook.metadata`` holds a copy)
metadata = MetaData()
Table(MORTGAGES, metadata, Column("unit_number", Text, primary_key=True), Column("mortgage_id", Text, primary_key=True),
      Column("rank", Integer, nullable=False),
      *(Column(name, Text, nullable=False) for name in ("bank", "proof_number", "detail", "registered_at")))


class MortgageEntries:
    """Handlers of ``RegisterBook`` (a mixin): it provides ``_touch`` and ``_history``."""

    _touch: Any
    _history: Any

    def mortgage_registered(self, event: unit_events.MortgageRegistered, tx: Tx) -> None:
        unit_number = self._touch(tx, event)
        shown = encumbrance_view(event.mortgage)
        insert(tx, MORTGAGES, {"unit_number": unit_number, "mortgage_id": event.mortgage.mortgage_id,
                               "rank": event.rank, "bank": event.mortgage.bank,
                               "proof_number": event.mortgage.proof_number, "detail": dumps(shown),
                               "registered_at": timestamp(event.at)})
        self._rank(tx, unit_number, event.mortgage.mortgage_id, event.rank)
        self._history(tx, unit_number, event, "MortgageRegistered", {
            "filing_id": event.filing_id, "mortgage_id": event.mortgage.mortgage_id, "rank": event.rank,
            "bank_name": event.mortgage.bank_name, "proof_number": event.mortgage.proof_number,
            "method": shown["method"], "amount": shown["amount"],
            "converted_pre_notice": event.converted_pre_notice})

    def mortgage_changed(self, event: unit_events.MortgageChanged, tx: Tx) -> None:
        unit_number = self._touch(tx, event)
        detail = {**self._detail(tx, unit_number, event.mortgage_id), **binding_terms(event.terms),
                  "proof_number": event.proof_number}
        self._set_detail(tx, unit_number, event.mortgage_id, detail)
        self._rank(tx, unit_number, event.mortgage_id, event.rank)
        self._history(tx, unit_number, event, "MortgageChanged", {
            "filing_id": event.filing_id, "mortgage_id": event.mortgage_id, "rank": event.rank,
            "bank_name": detail["bank_name"],
            "proof_number": event.proof_number, "previous_proof_number": event.previous_proof_number,
            "cancelled_proof_number": event.previous_proof_number + CANCELLED_SUFFIX,
            "amount": detail["amount"], "performance_end": detail["performance_end"]})

    def mortgage_transferred(self, event: unit_events.MortgageTransferred, tx: Tx) -> None:
        unit_number = self._touch(tx, event)
        before = self._detail(tx, unit_number, event.mortgage_id)
        detail = {**before, "bank": event.bank, "bank_name": event.bank_name, "proof_number": event.proof_number}
        self._set_detail(tx, unit_number, event.mortgage_id, detail)
        self._history(tx, unit_number, event, "MortgageTransferred", {
            "filing_id": event.filing_id, "mortgage_id": event.mortgage_id, "bank_name": event.bank_name,
            "previous_bank": event.previous_bank, "previous_bank_name": before["bank_name"],
            "proof_number": event.proof_number, "previous_proof_number": event.previous_proof_number,
            "cancelled_proof_number": event.previous_proof_number + CANCELLED_SUFFIX})

    def mortgage_reranked(self, event: unit_events.MortgageReranked, tx: Tx) -> None:
        """Another registration moved this mortgage (its place is kept by that registration's row): new proof."""
        unit_number = self._touch(tx, event)
        detail = {**self._detail(tx, unit_number, event.mortgage_id), "proof_number": event.proof_number}
        self._set_detail(tx, unit_number, event.mortgage_id, detail)
        self._history(tx, unit_number, event, "MortgageReranked", {
            "filing_id": event.filing_id, "mortgage_id": event.mortgage_id, "bank_name": detail["bank_name"],
            "rank": event.rank, "previous_rank": event.previous_rank, "proof_number": event.proof_number,
            "previous_proof_number": event.previous_proof_number,
            "cancelled_proof_number": event.previous_proof_number + CANCELLED_SUFFIX})

    def mortgage_discharged(self, event: unit_events.MortgageDischarged, tx: Tx) -> None:
        unit_number = self._touch(tx, event)
        bank_name = self._detail(tx, unit_number, event.mortgage_id)["bank_name"]
        tx.execute(f"DELETE FROM {MORTGAGES} WHERE unit_number = :unit_number AND mortgage_id = :mortgage_id",
                   {"unit_number": unit_number, "mortgage_id": event.mortgage_id})
        self._rank(tx, unit_number, None, 0)
        judicial = isinstance(event, unit_events.MortgageExtinguished)
        self._history(tx, unit_number, event, "MortgageExtinguished" if judicial else "MortgageDischarged", {
            "filing_id": event.filing_id, "mortgage_id": event.mortgage_id, "bank": event.bank,
            "bank_name": bank_name,
            "proof_number": event.proof_number, "cancelled_proof_number": event.proof_number + CANCELLED_SUFFIX,
            **({"court_name": event.court_name, "ruling_number": event.ruling_number} if judicial else {})})

    # -- helpers ---------------------------------------------------------------------------------
    @staticmethod
    def _rank(tx: Tx, unit_number: str, mortgage_id: str | None, rank: int) -> None:
        """Put one mortgage at ``rank`` and number the others around it 1, 2, 3... as the unit does."""
        ordered = [r["mortgage_id"] for r in tx.execute(
            f"SELECT mortgage_id FROM {MORTGAGES} WHERE unit_number = :unit_number ORDER BY rank, registered_at",
            {"unit_number": unit_number}) if r["mortgage_id"] != mortgage_id]
        if mortgage_id is not None:
            ordered.insert(rank - 1, mortgage_id)
        tx.executemany(f"UPDATE {MORTGAGES} SET rank = :rank WHERE unit_number = :unit_number "
                       "AND mortgage_id = :mortgage_id",
                       [{"rank": place, "unit_number": unit_number, "mortgage_id": m}
                        for place, m in enumerate(ordered, start=1)])

    @staticmethod
    def _detail(tx: Tx, unit_number: str, mortgage_id: str) -> dict[str, Any]:
        return loads(tx.one(f"SELECT detail FROM {MORTGAGES} WHERE unit_number = :unit_number "
                            "AND mortgage_id = :mortgage_id",
                            {"unit_number": unit_number, "mortgage_id": mortgage_id})["detail"])

    @staticmethod
    def _set_detail(tx: Tx, unit_number: str, mortgage_id: str, detail: dict[str, Any]) -> None:
        tx.execute(f"UPDATE {MORTGAGES} SET bank = :bank, proof_number = :proof_number, detail = :detail "
                   "WHERE unit_number = :unit_number AND mortgage_id = :mortgage_id",
                   {"bank": detail["bank"], "proof_number": detail["proof_number"], "detail": dumps(detail),
                    "unit_number": unit_number, "mortgage_id": mortgage_id})
