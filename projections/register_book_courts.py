"""The court seizures (查封, 轮候查封) and the off-plan pre-notices (预告登记) a register-book page shows, next to
its mortgages and objections: their tables, the handlers ``RegisterBook`` dispatches to and the page's query.

A seizure keeps its row through its life (active, queued, released, lapsed) so the page lists what is in force
and the history says what ended. Only the active seizure locks the unit, exactly as ``Unit.locks``: the page's
``locks`` carries it (``kind`` "seizure") next to the registrar's own locks (``kind`` "lock"). A pre-notice
belongs to the flat before its page exists (the pre-notice book); it stays on the page until it converts into
the purchasers' mortgage, so one left for someone else at first registration is shown, not hidden.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, Integer, MetaData, Table, Text

from events import mortgage as mortgage_events
from events import unit as unit_events
from projections.base import dumps, insert, loads, plain, timestamp
from projections.mortgage_desk import binding_terms, people_view
from registry.kernel.values import mask_id_number

if TYPE_CHECKING:
    from adapters.viewstore import Tx

SEIZURES, PRE_NOTICES = "view_unit_seizure", "view_unit_pre_notice"
# the register book's tables for them (``RegisterBook.metadata`` holds copies of these)
metadata = MetaData()
Table(SEIZURES, metadata, Column("unit_number", Text, primary_key=True), Column("reference", Text, primary_key=True),
      *(Column(name, Text, nullable=False) for name in ("court", "court_name", "served_at")),
      Column("arrival", Integer, nullable=False),
      *(Column(name, Text, nullable=False) for name in ("term_start", "term_end", "state", "registered_at",
                                                        "changed_at")))
Table(PRE_NOTICES, metadata, Column("unit_number", Text, primary_key=True), Column("filing_id", Text, primary_key=True),
      *(Column(name, Text, nullable=False) for name in ("mortgage_id", "bank", "bank_name", "proof_number",
                                                        "location", "purchasers", "terms", "registered_at")))


class CourtEntries:
    """Handlers of ``RegisterBook`` (a mixin): it provides ``_touch``, ``_locks``, ``_set_locks`` and ``_history``."""

    _touch: Any
    _locks: Any
    _set_locks: Any
    _history: Any

    # -- seizures (djlx 800, qllx 98) -----------------------------------------------------------------
    def seized(self, event: unit_events.Seized, tx: Tx) -> None:
        unit_number = self._touch(tx, event)
        insert(tx, SEIZURES, {
            "unit_number": unit_number, "reference": event.reference, "court": event.court,
            "court_name": event.court_name, "served_at": timestamp(event.served_at),
            "arrival": event.originator_version, "term_start": plain(event.start), "term_end": plain(event.end),
            "state": "queued" if event.queued else "active", "registered_at": timestamp(event.at),
            "changed_at": timestamp(event.at)})
        if not event.queued:
            self._lock(tx, unit_number, event)
        self._history(tx, unit_number, event, "Seized", {
            **_court(event), "start": plain(event.start), "end": plain(event.end), "queued": event.queued,
            "served_at": timestamp(event.served_at)})

    def seizure_activated(self, event: unit_events.SeizureActivated, tx: Tx) -> None:
        unit_number = self._touch(tx, event)
        self._set_seizure(tx, unit_number, event, "active", start=event.start, end=event.end)
        self._lock(tx, unit_number, event)
        self._history(tx, unit_number, event, "SeizureActivated", {
            **_court(event), "start": plain(event.start), "end": plain(event.end), "after": event.after})

    def seizure_renewed(self, event: unit_events.SeizureRenewed, tx: Tx) -> None:
        unit_number = self._touch(tx, event)
        self._set_seizure(tx, unit_number, event, "active", end=event.end)
        self._set_locks(tx, unit_number, event, [{**lk, "until": plain(event.end)} if lk["reference"] == event.reference
                                                 else lk for lk in self._locks(tx, unit_number)])
        self._history(tx, unit_number, event, "SeizureRenewed", {
            **_court(event), "start": plain(event.start), "previous_end": plain(event.previous_end),
            "end": plain(event.end)})

    def seizure_released(self, event: unit_events.SeizureReleased, tx: Tx) -> None:
        unit_number = self._touch(tx, event)
        self._set_seizure(tx, unit_number, event, "released")
        self._unlock(tx, unit_number, event)
        self._history(tx, unit_number, event, "SeizureReleased", {
            **_court(event), "start": plain(event.start), "end": plain(event.end), "was_active": event.was_active})

    def seizure_lapsed(self, event: unit_events.SeizureLapsed, tx: Tx) -> None:
        unit_number = self._touch(tx, event)
        self._set_seizure(tx, unit_number, event, "lapsed")
        self._unlock(tx, unit_number, event)
        self._history(tx, unit_number, event, "SeizureLapsed", {
            **_court(event), "start": plain(event.start), "end": plain(event.end)})

    def _lock(self, tx: Tx, unit_number: str, event: Any) -> None:
        """The active seizure locks the unit first in line, as ``Unit.locks`` names it in refusals."""
        lock = {"kind": "seizure", "authority": event.court_name, "court": event.court, "reference": event.reference,
                "reason": "", "until": plain(event.end), "at": timestamp(event.at)}
        others = [lk for lk in self._locks(tx, unit_number) if lk["reference"] != event.reference]
        self._set_locks(tx, unit_number, event, [lock, *others])

    def _unlock(self, tx: Tx, unit_number: str, event: Any) -> None:
        self._set_locks(tx, unit_number, event,
                        [lk for lk in self._locks(tx, unit_number) if lk["reference"] != event.reference])

    @staticmethod
    def _set_seizure(tx: Tx, unit_number: str, event: Any, state: str, **term: Any) -> None:
        changes = {"state": state, "changed_at": timestamp(event.at),
                   **{f"term_{k}": plain(v) for k, v in term.items()}}
        tx.execute(f"UPDATE {SEIZURES} SET {', '.join(f'{c} = :{c}' for c in changes)} "
                   "WHERE unit_number = :unit_number AND reference = :reference",
                   {**changes, "unit_number": unit_number, "reference": event.reference})

    # -- pre-notices (djlx 700, qllx 96), recorded on the flat's pre-notice book -----------------------
    def pre_notice_registered(self, event: mortgage_events.PreNoticeRegistered, tx: Tx) -> None:
        pre_notice = event.pre_notice
        insert(tx, PRE_NOTICES, {
            "unit_number": event.unit_number, "filing_id": pre_notice.filing_id, "mortgage_id": event.mortgage_id,
            "bank": pre_notice.bank, "bank_name": pre_notice.bank_name, "proof_number": pre_notice.proof_number,
            "location": pre_notice.location, "purchasers": dumps(people_view(pre_notice.purchasers)),
            "terms": dumps(binding_terms(pre_notice.terms)), "registered_at": timestamp(event.at)})

    def pre_notice_converted(self, event: mortgage_events.PreNoticeConverted, tx: Tx) -> None:
        """Now the purchasers' mortgage (its MortgageRegistered names the pre-notice): no longer a pre-notice."""
        tx.execute(f"DELETE FROM {PRE_NOTICES} WHERE filing_id = :filing_id", {"filing_id": event.filing_id})


def _court(event: Any) -> dict[str, str]:
    return {"court": event.court, "court_name": event.court_name, "reference": event.reference}


# -- the page's part -------------------------------------------------------------------------------
def entries(tx: Tx, unit_number: str, masked: bool) -> dict[str, list[dict[str, Any]]]:
    """The seizures in force (the active one; the queue in the order it will take effect) and the live
    pre-notices, for ``register_book.page``. Purchasers' ID numbers are masked for an applicant."""
    rows = tx.execute(f"SELECT reference, court, court_name, served_at, term_start, term_end, state, registered_at "
                      f"FROM {SEIZURES} WHERE unit_number = :unit_number AND state IN ('active', 'queued') "
                      "ORDER BY served_at, arrival", {"unit_number": unit_number})
    seizures = [{"reference": r["reference"], "court": r["court"], "court_name": r["court_name"],
                 "served_at": r["served_at"], "start": r["term_start"], "end": r["term_end"], "state": r["state"],
                 "registered_at": r["registered_at"]} for r in rows]
    queued = [s for s in seizures if s["state"] == "queued"]
    pre_notices = []
    for p in tx.execute(f"SELECT * FROM {PRE_NOTICES} WHERE unit_number = :unit_number "
                        "ORDER BY registered_at, filing_id", {"unit_number": unit_number}):
        purchasers = loads(p["purchasers"])
        if masked:
            purchasers = [{**q, "id_number": mask_id_number(q["id_number"])} for q in purchasers]
        pre_notices.append({"filing_id": p["filing_id"], "mortgage_id": p["mortgage_id"], "bank": p["bank"],
                            "bank_name": p["bank_name"], "proof_number": p["proof_number"],
                            "location": p["location"], "purchasers": purchasers, **loads(p["terms"]),
                            "registered_at": p["registered_at"]})
    return {"seizures": [s for s in seizures if s["state"] == "active"],
            "queued_seizures": [{**s, "queue_position": n} for n, s in enumerate(queued, start=1)],
            "pre_notices": pre_notices}
