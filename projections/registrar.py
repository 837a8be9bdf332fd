"""The registrar's review desk: every transfer case of the registry with what a review needs
(unit, price, contract, parties with shares, the family-housing check) and its history.

Scoping: only registrars of the case's registry (and admins); anyone else sees nothing, with the
same answer as for a case that does not exist.

A judicial case (司法裁定过户, opened by a court's auction ruling) carries its ruling: court, ruling, auction
confirmation and assistance notice numbers. After its transfer the other courts' seizures that stay on the
unit are flagged to the registrar (``projections.registrar_flags``) until each is released or lapses.
"""

from __future__ import annotations

from datetime import datetime
from functools import singledispatchmethod
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, Index, Integer, MetaData, Table, Text

from events import transfer as transfer_events
from events import unit as unit_events
from projections import case_mandates as mandates
from projections import registrar_flags as flags
from projections.base import Projection, creates, dumps, insert, loads, parse_timestamp, timestamp
from projections.case_clocks import metadata as clock_metadata
from projections.deadlines import DEADLINE_COLUMNS, DEADLINE_ORDER, deadline_join, pop_deadline
from projections.paging import FIRST_PAGE, Page, PageRequest, fetch
from projections.registrar_filters import CaseFilter
from registry.kernel.actors import Actor, Role
from registry.kernel.codes import CaseState
from registry.transfers.kinds import kind_of

if TYPE_CHECKING:
    from adapters.viewstore import Tx

CASES, HISTORY, PARTS = "view_registrar_case", "view_registrar_case_history", "view_registrar_case_part"
RULINGS = "view_registrar_ruling"
JSON_COLUMNS = ("sellers", "buyers", "home_counts")  # and the mandates, read by ``case_mandates``
RULING_FIELDS = ("court", "court_name", "order_id", "ruling_number", "case_number", "confirmation_number",
                 "assistance_notice_number", "ruling_date")
# a case row with its ruling (NULLs for a case the parties filed)
SELECT_CASES = (f"SELECT c.*, {', '.join(f'j.{f} AS judicial_{f}' for f in RULING_FIELDS)} FROM {CASES} c "
                f"LEFT JOIN {RULINGS} j ON j.case_id = c.case_id")
SELECT_QUEUE = SELECT_CASES.replace(" FROM ", f", {DEADLINE_COLUMNS} FROM ", 1) + " " + deadline_join("c", "case_id")

metadata = MetaData()
Table(CASES, metadata, Column("case_id", Text, primary_key=True),
      *(Column(name, Text, nullable=False) for name in ("registry", "kind", "unit_number", "unit_location", "unit_area",
                                                        "unit_use", "price", "contract_number", "contract_date")),
      Column("certificates_wanted", Integer, nullable=False),
      *(Column(name, Text, nullable=False) for name in ("sellers", "buyers", "home_counts", "mandates", "filed_by",
                                                        "state",
                                                        "submitted_at")),
      *(Column(name, Text) for name in ("settled_at", "settlement_reference", "decided_at", "decided_by", "reason",
                                        "certificate_number", "withdrawn_at", "withdrawn_by")),
      Column("version", Integer, nullable=False), Column("updated_at", Text, nullable=False),
      Index(f"{CASES}_queue", "registry", "state", "submitted_at"),
      # the registrar's case list: newest first within a registry, or one unit's cases
      Index(f"{CASES}_submitted", "registry", "submitted_at"), Index(f"{CASES}_unit", "unit_number", "submitted_at"))
Table(HISTORY, metadata, Column("case_id", Text, primary_key=True), Column("version", Integer, primary_key=True),
      Column("event", Text, nullable=False), Column("at", Text, nullable=False), Column("actor", Text),
      Column("detail", Text, nullable=False))
# 带押过户: the banks' discharge and new mortgage registered with the transfer
Table(PARTS, metadata, Column("case_id", Text, primary_key=True), Column("filing_id", Text, primary_key=True),
      *(Column(name, Text, nullable=False) for name in ("kind", "bank", "attached_at")))
# 司法裁定过户: the court's ruling that opened the case
Table(RULINGS, metadata, Column("case_id", Text, primary_key=True),
      *(Column(name, Text, nullable=False) for name in RULING_FIELDS))
flags.table.to_metadata(metadata)


class RegistrarDesk(Projection):
    name = "registrar"
    tables = [CASES, HISTORY, PARTS, RULINGS, flags.FLAGGED]
    schema_version = 2  # v2: each case's kind of transfer
    metadata = metadata
    ddl = creates(metadata)
    joins = creates(clock_metadata)  # the queue sorts by each case's deadline

    @singledispatchmethod
    def process(self, event: object, tx: Tx) -> None:
        """Only transfer cases are on the desk."""

    @process.register(transfer_events.Submitted)
    def _submitted(self, event: transfer_events.Submitted, tx: Tx) -> None:
        names = {o.person.id_number: o.person.name for o in event.buyers}
        home_counts = [{"buyer_name": names.get(h.buyer_id_number, ""), "buyer_id_number": h.buyer_id_number,
                        "ordinal": h.ordinal.value, "units_counted": list(h.units_counted)}
                       for h in event.home_counts]
        insert(tx, CASES, {
            "case_id": str(event.originator_id), "registry": event.registry, "kind": kind_of(event),
            "unit_number": event.unit_number,
            "unit_location": event.unit_location, "unit_area": str(event.unit_area),
            "unit_use": event.unit_use.value, "price": str(event.price),
            "contract_number": event.contract_number, "contract_date": event.contract_date.isoformat(),
            "certificates_wanted": event.certificates_wanted,
            "sellers": dumps([{"name": p.name, "id_number": p.id_number} for p in event.sellers]),
            "buyers": dumps([{"name": o.person.name, "id_number": o.person.id_number, "share": str(o.share)}
                             for o in event.buyers]),
            "home_counts": dumps(home_counts), "mandates": mandates.recorded(event.mandates, masked=False),
            "filed_by": event.filed_by,
            "state": CaseState.AWAITING_SETTLEMENT.value, "submitted_at": timestamp(event.at),
            "version": event.originator_version, "updated_at": timestamp(event.at)})
        _history(tx, event, "Submitted", event.filed_by,
                 {"contract_number": event.contract_number, "price": str(event.price)})
        if event.judicial:
            insert(tx, RULINGS, {"case_id": str(event.originator_id),
                                 **{f: str(event.judicial.get(f) or "") for f in RULING_FIELDS}})

    @process.register(transfer_events.MandateConfirmed)
    def _mandate_confirmed(self, event: transfer_events.MandateConfirmed, tx: Tx) -> None:
        mandates.record_confirmation(tx, CASES, event)
        _history(tx, event, "MandateConfirmed", event.by, {})

    @process.register(transfer_events.Settled)
    def _settled(self, event: transfer_events.Settled, tx: Tx) -> None:
        _update(tx, event, CaseState.PENDING_REVIEW, settled_at=timestamp(event.at),
                settlement_reference=event.reference)
        _history(tx, event, "Settled", None, {"reference": event.reference})

    @process.register(transfer_events.Approved)
    def _approved(self, event: transfer_events.Approved, tx: Tx) -> None:
        _update(tx, event, CaseState.APPROVED, decided_at=timestamp(event.at), decided_by=event.registrar,
                certificate_number=event.certificate_number)
        _history(tx, event, "Approved", event.registrar, {"certificate_number": event.certificate_number})

    @process.register(transfer_events.Rejected)
    def _rejected(self, event: transfer_events.Rejected, tx: Tx) -> None:
        _update(tx, event, CaseState.REJECTED, decided_at=timestamp(event.at), decided_by=event.registrar,
                reason=event.reason)
        _history(tx, event, "Rejected", event.registrar, {"reason": event.reason})

    @process.register(transfer_events.Withdrawn)
    def _withdrawn(self, event: transfer_events.Withdrawn, tx: Tx) -> None:
        _update(tx, event, CaseState.WITHDRAWN, withdrawn_at=timestamp(event.at), withdrawn_by=event.by,
                reason=event.reason)
        _history(tx, event, "Withdrawn", event.by, {"reason": event.reason})

    @process.register(transfer_events.Corrected)
    def _corrected(self, event: transfer_events.Corrected, tx: Tx) -> None:
        _update(tx, event, CaseState.AWAITING_SETTLEMENT, price=str(event.price),
                contract_date=event.contract_date.isoformat())
        _history(tx, event, "Corrected", event.by,
                 {"price": str(event.price), "contract_date": event.contract_date.isoformat()})


    @process.register(transfer_events.ReturnedForSupplement)
    def _returned(self, event: transfer_events.ReturnedForSupplement, tx: Tx) -> None:
        _update(tx, event, CaseState.RETURNED)
        _history(tx, event, "ReturnedForSupplement", event.registrar, {"missing": list(event.missing),
                                                                       "note": event.note})

    @process.register(transfer_events.Resubmitted)
    def _resubmitted(self, event: transfer_events.Resubmitted, tx: Tx) -> None:
        _update(tx, event, CaseState.PENDING_REVIEW)
        _history(tx, event, "Resubmitted", event.by, {"note": event.note})

    @process.register(transfer_events.MortgagePartAttached)
    def _part_attached(self, event: transfer_events.MortgagePartAttached, tx: Tx) -> None:
        insert(tx, PARTS, {"case_id": str(event.originator_id), "filing_id": event.filing_id, "kind": event.kind,
                           "bank": event.bank, "attached_at": timestamp(event.at)})
        tx.execute(f"UPDATE {CASES} SET version = :version, updated_at = :updated_at WHERE case_id = :case_id",
                   {"version": event.originator_version, "updated_at": timestamp(event.at),
                    "case_id": str(event.originator_id)})
        _history(tx, event, "MortgagePartAttached", event.bank, {"filing_id": event.filing_id, "kind": event.kind})

    @process.register(unit_events.TransferredByRuling)
    def _transferred_by_ruling(self, event: unit_events.TransferredByRuling, tx: Tx) -> None:
        case = tx.one(f"SELECT registry, unit_number FROM {CASES} WHERE case_id = :case_id",
                      {"case_id": event.case_id})
        flags.flag(tx, event, case)

    @process.register(unit_events.SeizureActivated)
    def _seizure_activated(self, event: unit_events.SeizureActivated, tx: Tx) -> None:
        flags.activated(tx, event)

    @process.register(unit_events.SeizureReleased)
    def _seizure_released(self, event: unit_events.SeizureReleased, tx: Tx) -> None:
        flags.cleared(tx, event, "released")

    @process.register(unit_events.SeizureLapsed)
    def _seizure_lapsed(self, event: unit_events.SeizureLapsed, tx: Tx) -> None:
        flags.cleared(tx, event, "lapsed")


def _update(tx: Tx, event: Any, state: CaseState, **columns: str) -> None:
    assignments = "".join(f", {column} = :{column}" for column in columns)  # our column names, never input
    tx.execute(f"UPDATE {CASES} SET state = :state, version = :version, updated_at = :updated_at{assignments} "
               "WHERE case_id = :case_id",
               {"state": state.value, "version": event.originator_version, "updated_at": timestamp(event.at),
                **columns, "case_id": str(event.originator_id)})


def _history(tx: Tx, event: Any, name: str, by: str | None, detail: dict[str, Any]) -> None:
    insert(tx, HISTORY, {"case_id": str(event.originator_id), "version": event.originator_version,
                         "event": name, "at": timestamp(event.at), "actor": by, "detail": dumps(detail)})


# -- queries -----------------------------------------------------------------------------------
def _scope(actor: Actor) -> tuple[str, dict[str, Any]] | None:
    if actor.role is Role.ADMIN:
        return "1 = 1", {}
    if actor.role is Role.REGISTRAR and actor.org:
        return "c.registry = :scope_registry", {"scope_registry": actor.org}
    return None


def _row(row: dict[str, Any]) -> dict[str, Any]:
    result = dict(row)
    for column in JSON_COLUMNS:
        result[column] = loads(row[column])
    judicial = {f: result.pop(f"judicial_{f}") for f in RULING_FIELDS}
    result["judicial"] = judicial if judicial["court"] is not None else None
    result["mandates"] = mandates.as_seen_by(row["mandates"], None)
    result["certificates_wanted"] = int(row["certificates_wanted"])
    result["version"] = int(row["version"])
    return result


def queue(store: Any, actor: Actor, now: datetime, paging: PageRequest = FIRST_PAGE) -> Page:
    """Cases waiting for a decision in the actor's registry, the nearest statutory deadline first (then first
    come, first served), with their age and deadline."""
    actor.check_role(Role.REGISTRAR, Role.ADMIN)
    where, params = _scope(actor) or ("1 = 0", {})

    def waiting(row: dict[str, Any]) -> dict[str, Any]:
        row = dict(row)
        deadline = pop_deadline(row, now)
        return {**_row(row), "age_seconds": int((now - parse_timestamp(row["submitted_at"])).total_seconds()),
                "deadline": deadline}

    with store.read() as tx:
        return fetch(tx, f"{SELECT_QUEUE} WHERE {where} AND c.state = :state",
                     {**params, "state": CaseState.PENDING_REVIEW.value},
                     f"{DEADLINE_ORDER}, c.submitted_at, c.case_id", paging, waiting)


def cases(store: Any, actor: Actor, criteria: CaseFilter = CaseFilter(),  # noqa: B008 (frozen, shared)
          paging: PageRequest = FIRST_PAGE) -> Page:
    """The registry's cases matching ``criteria``, newest submission first, one page of them."""
    actor.check_role(Role.REGISTRAR, Role.ADMIN)
    where, params = _scope(actor) or ("1 = 0", {})
    extra, values = criteria.sql()
    with store.read() as tx:
        return fetch(tx, f"{SELECT_CASES} WHERE {where}{extra}", {**params, **values},
                     "c.submitted_at DESC, c.case_id", paging, _row)


def case(store: Any, actor: Actor, case_id: str) -> dict[str, Any] | None:
    """One case with its history, or None when missing or in another registry (same answer)."""
    scope = _scope(actor)
    if scope is None:
        return None
    where, params = scope
    with store.read() as tx:
        row = tx.one(f"{SELECT_CASES} WHERE c.case_id = :case_id AND {where}", {"case_id": str(case_id), **params})
        if row is None:
            return None
        history = tx.execute(f"SELECT version, event, at, actor, detail FROM {HISTORY} WHERE case_id = :case_id "
                             "ORDER BY version", {"case_id": str(case_id)})
        parts = tx.execute(f"SELECT filing_id, kind, bank, attached_at FROM {PARTS} WHERE case_id = :case_id "
                           "ORDER BY attached_at, filing_id", {"case_id": str(case_id)})
    result = _row(row)
    result["mortgage_parts"] = parts
    result["history"] = [{"version": int(h["version"]), "event": h["event"], "at": h["at"], "by": h["actor"],
                          "detail": loads(h["detail"])} for h in history]
    return result


def flagged_seizures(store: Any, actor: Actor, include_cleared: bool = False,
                     paging: PageRequest = FIRST_PAGE) -> Page:
    """Other courts' seizures left on units transferred by a ruling in the actor's registry, until released
    or lapsed (with ``include_cleared`` also the settled ones, showing when and how), oldest first."""
    actor.check_role(Role.REGISTRAR, Role.ADMIN)
    where, params = _scope(actor) or ("1 = 0", {})
    return flags.rows(store, where, params, include_cleared, paging)
