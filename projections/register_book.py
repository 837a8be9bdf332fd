"""The register book (登记簿) as registrars read it: one page per unit, its owners, locks, encumbrances
(mortgages in rank order, objections) and the full registration history with national djlx/qllx codes.

Scoping: a registrar sees the pages of their own registry, an admin every page, an applicant only
the pages of units they own now (matched by ``person_key``, never by raw ID number) and with
every ID number masked. Bank staff do not read the register book: a page lists every bank's
mortgages, and a bank sees only its own, on its own desk.
"""

from __future__ import annotations

from functools import singledispatchmethod
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, Index, Integer, MetaData, Table, Text

from events import mortgage as mortgage_events
from events import unit as unit_events
from projections.base import Projection, creates, dumps, insert, loads, person_key, plain, timestamp
from projections.register_book_courts import PRE_NOTICES, SEIZURES, CourtEntries, entries
from projections.register_book_courts import metadata as court_metadata
from projections.register_book_mortgages import MORTGAGES, MortgageEntries
from projections.register_book_mortgages import metadata as mortgage_metadata
from registry.kernel.actors import Actor, Role
from registry.kernel.values import mask_id_number

if TYPE_CHECKING:
    from adapters.viewstore import Tx

UNITS, HISTORY, OWNERS = "view_unit", "view_unit_history", "view_unit_owner"
# Encumbrances live in their own tables (not new columns of view_unit) so a deployment that already has
# the page table gains them by CREATE TABLE IF NOT EXISTS; no mortgage or objection predates them.
OBJECTIONS = "view_unit_objection"

metadata = MetaData()
Table(UNITS, metadata, Column("unit_number", Text, primary_key=True),
      Column("unit_id", Text, nullable=False, unique=True),
      *(Column(name, Text, nullable=False) for name in ("registry", "location", "area", "use", "right_nature",
                                                        "term_start", "term_end", "owners", "certificate_number",
                                                        "locks")),
      Column("version", Integer, nullable=False), Column("updated_at", Text, nullable=False),
      Index(f"{UNITS}_registry", "registry", "unit_number"))
Table(HISTORY, metadata, Column("unit_number", Text, primary_key=True), Column("version", Integer, primary_key=True),
      *(Column(name, Text, nullable=False) for name in ("event", "djlx", "qllx", "at", "summary")))
Table(OWNERS, metadata, Column("unit_number", Text, primary_key=True), Column("person_key", Text, primary_key=True),
      Index(f"{OWNERS}_person", "person_key"))
Table(OBJECTIONS, metadata, Column("unit_number", Text, primary_key=True), Column("reference", Text, primary_key=True),
      *(Column(name, Text, nullable=False) for name in ("applicant", "reason", "registered_at")))
for table in (*mortgage_metadata.tables.values(), *court_metadata.tables.values()):
    table.to_metadata(metadata)


def _owners(owners: list) -> list[dict[str, str]]:
    return [{"name": o.person.name, "id_number": o.person.id_number, "share": str(o.share)} for o in owners]


class RegisterBook(MortgageEntries, CourtEntries, Projection):
    name = "register_book"
    # 2: seizures, pre-notices and their history rows (issue 11); pages built before lack them, so rebuild
    schema_version = 2
    tables = [UNITS, HISTORY, OWNERS, MORTGAGES, OBJECTIONS, SEIZURES, PRE_NOTICES]
    metadata = metadata
    ddl = creates(metadata)

    @singledispatchmethod
    def process(self, event: object, tx: Tx) -> None:
        """Events of other aggregates are not on the register book."""

    @process.register(unit_events.Registered)
    def _registered(self, event: unit_events.Registered, tx: Tx) -> None:
        owners = _owners(event.owners)
        insert(tx, UNITS, {
            "unit_number": event.unit_number, "unit_id": str(event.originator_id), "registry": event.registry,
            "location": event.location, "area": str(event.area), "use": event.use.value,
            "right_nature": event.right_nature, "term_start": event.term.start.isoformat(),
            "term_end": event.term.end.isoformat(), "owners": dumps(owners),
            "certificate_number": event.certificate_number, "locks": dumps([]),
            "version": event.originator_version, "updated_at": timestamp(event.at)})
        self._set_owners(tx, event.unit_number, owners)
        self._history(tx, event.unit_number, event, "Registered",
                      {"certificate_number": event.certificate_number, "owners": owners})

    @process.register(unit_events.Transferred)
    def _transferred(self, event: unit_events.Transferred, tx: Tx) -> None:
        unit_number = self._unit_number(tx, event)
        owners = _owners(event.owners)
        tx.execute(f"UPDATE {UNITS} SET owners = :owners, certificate_number = :certificate_number, "
                   "version = :version, updated_at = :updated_at WHERE unit_number = :unit_number",
                   {"owners": dumps(owners), "certificate_number": event.certificate_number,
                    "version": event.originator_version, "updated_at": timestamp(event.at),
                    "unit_number": unit_number})
        self._set_owners(tx, unit_number, owners)
        judicial = isinstance(event, unit_events.TransferredByRuling)
        self._history(tx, unit_number, event, "TransferredByRuling" if judicial else "Transferred", {
            "certificate_number": event.certificate_number,
            "cancelled_certificate": event.cancelled_certificate,
            "case_id": event.case_id, "owners": owners, "price": str(event.price),
            **({"court_name": event.court_name, "ruling_number": event.ruling_number} if judicial else {})})

    @process.register(unit_events.Locked)
    def _locked(self, event: unit_events.Locked, tx: Tx) -> None:
        unit_number = self._unit_number(tx, event)
        lock = {"kind": "lock", "authority": event.authority, "reference": event.reference, "reason": event.reason,
                "until": plain(event.until), "at": timestamp(event.at)}
        self._set_locks(tx, unit_number, event, self._locks(tx, unit_number) + [lock])
        self._history(tx, unit_number, event, "Locked", {k: lock[k] for k in
                                                         ("authority", "reference", "reason", "until")})

    @process.register(unit_events.Unlocked)
    def _unlocked(self, event: unit_events.Unlocked, tx: Tx) -> None:
        unit_number = self._unit_number(tx, event)
        locks = self._locks(tx, unit_number)
        authority = next((lk["authority"] for lk in locks if lk["reference"] == event.reference), None)
        self._set_locks(tx, unit_number, event, [lk for lk in locks if lk["reference"] != event.reference])
        self._history(tx, unit_number, event, "Unlocked",
                      {"reference": event.reference, "authority": authority})

    # -- encumbrances: mortgages in projections/register_book_mortgages.py, objections here -------------
    process.register(unit_events.MortgageRegistered, MortgageEntries.mortgage_registered)
    process.register(unit_events.MortgageChanged, MortgageEntries.mortgage_changed)
    process.register(unit_events.MortgageTransferred, MortgageEntries.mortgage_transferred)
    process.register(unit_events.MortgageReranked, MortgageEntries.mortgage_reranked)
    process.register(unit_events.MortgageDischarged, MortgageEntries.mortgage_discharged)  # and MortgageExtinguished

    @process.register(unit_events.ObjectionRegistered)
    def _objection_registered(self, event: unit_events.ObjectionRegistered, tx: Tx) -> None:
        unit_number = self._touch(tx, event)
        insert(tx, OBJECTIONS, {"unit_number": unit_number, "reference": event.reference,
                                "applicant": event.applicant, "reason": event.reason,
                                "registered_at": timestamp(event.at)})
        self._history(tx, unit_number, event, "ObjectionRegistered", {
            "reference": event.reference, "applicant": event.applicant, "reason": event.reason})

    @process.register(unit_events.ObjectionCancelled)
    def _objection_cancelled(self, event: unit_events.ObjectionCancelled, tx: Tx) -> None:
        unit_number = self._touch(tx, event)
        tx.execute(f"DELETE FROM {OBJECTIONS} WHERE unit_number = :unit_number AND reference = :reference",
                   {"unit_number": unit_number, "reference": event.reference})
        self._history(tx, unit_number, event, "ObjectionCancelled", {"reference": event.reference})

    # -- court seizures and pre-notices: projections/register_book_courts.py ---------------------------
    process.register(unit_events.Seized, CourtEntries.seized)
    process.register(unit_events.SeizureActivated, CourtEntries.seizure_activated)
    process.register(unit_events.SeizureRenewed, CourtEntries.seizure_renewed)
    process.register(unit_events.SeizureReleased, CourtEntries.seizure_released)
    process.register(unit_events.SeizureLapsed, CourtEntries.seizure_lapsed)
    process.register(mortgage_events.PreNoticeRegistered, CourtEntries.pre_notice_registered)
    process.register(mortgage_events.PreNoticeConverted, CourtEntries.pre_notice_converted)

    # -- helpers -------------------------------------------------------------------------------
    def _touch(self, tx: Tx, event: Any) -> str:
        """The page an encumbrance event belongs to, with its version moved to the event's."""
        unit_number = self._unit_number(tx, event)
        tx.execute(f"UPDATE {UNITS} SET version = :version, updated_at = :updated_at WHERE unit_number = :unit_number",
                   {"version": event.originator_version, "updated_at": timestamp(event.at), "unit_number": unit_number})
        return unit_number

    @staticmethod
    def _unit_number(tx: Tx, event: Any) -> str:
        row = tx.one(f"SELECT unit_number FROM {UNITS} WHERE unit_id = :unit_id", {"unit_id": str(event.originator_id)})
        if row is None:
            raise LookupError(f"register book has no page for unit {event.originator_id}")
        return row["unit_number"]

    @staticmethod
    def _locks(tx: Tx, unit_number: str) -> list[dict[str, Any]]:
        return loads(tx.one(f"SELECT locks FROM {UNITS} WHERE unit_number = :unit_number",
                            {"unit_number": unit_number})["locks"])

    @staticmethod
    def _set_locks(tx: Tx, unit_number: str, event: Any, locks: list[dict[str, Any]]) -> None:
        tx.execute(f"UPDATE {UNITS} SET locks = :locks, version = :version, updated_at = :updated_at "
                   "WHERE unit_number = :unit_number",
                   {"locks": dumps(locks), "version": event.originator_version, "updated_at": timestamp(event.at),
                    "unit_number": unit_number})

    @staticmethod
    def _set_owners(tx: Tx, unit_number: str, owners: list[dict[str, str]]) -> None:
        tx.execute(f"DELETE FROM {OWNERS} WHERE unit_number = :unit_number", {"unit_number": unit_number})
        tx.executemany(f"INSERT INTO {OWNERS} (unit_number, person_key) VALUES (:unit_number, :person_key)",
                       [{"unit_number": unit_number, "person_key": person_key(o["id_number"])} for o in owners])

    @staticmethod
    def _history(tx: Tx, unit_number: str, event: Any, name: str, summary: dict[str, Any]) -> None:
        insert(tx, HISTORY, {"unit_number": unit_number, "version": event.originator_version, "event": name,
                             "djlx": event.djlx.value, "qllx": event.qllx.value, "at": timestamp(event.at),
                             "summary": dumps(summary)})


# -- queries -----------------------------------------------------------------------------------
def _scope(actor: Actor) -> tuple[str, dict[str, Any]] | None:
    """The WHERE clause that limits ``u`` to what the actor may see; None when nothing."""
    if actor.role is Role.ADMIN:
        return "1 = 1", {}
    if actor.role is Role.REGISTRAR and actor.org:
        return "u.registry = :scope_registry", {"scope_registry": actor.org}
    if actor.role is Role.APPLICANT and actor.id_number:
        return (f"EXISTS (SELECT 1 FROM {OWNERS} o WHERE o.unit_number = u.unit_number "
                "AND o.person_key = :scope_person_key)", {"scope_person_key": person_key(actor.id_number)})
    return None


def _masked(owners: list[dict[str, str]]) -> list[dict[str, str]]:
    return [{**o, "id_number": mask_id_number(o["id_number"])} for o in owners]


def page(store: Any, actor: Actor, unit_number: str) -> dict[str, Any] | None:
    """The unit's page with its history, or None when missing or not the actor's to see (same answer)."""
    scope = _scope(actor)
    if scope is None:
        return None
    where, params = scope
    with store.read() as tx:
        row = tx.one(f"SELECT * FROM {UNITS} u WHERE u.unit_number = :unit_number AND {where}",
                     {"unit_number": unit_number, **params})
        if row is None:
            return None
        history = tx.execute(f"SELECT version, event, djlx, qllx, at, summary FROM {HISTORY} "
                             "WHERE unit_number = :unit_number ORDER BY version", {"unit_number": unit_number})
        mortgages = tx.execute(f"SELECT rank, detail, registered_at FROM {MORTGAGES} "
                               "WHERE unit_number = :unit_number ORDER BY rank", {"unit_number": unit_number})
        objections = tx.execute(f"SELECT reference, applicant, reason, registered_at FROM {OBJECTIONS} "
                                "WHERE unit_number = :unit_number ORDER BY registered_at, reference",
                                {"unit_number": unit_number})
        court_entries = entries(tx, unit_number, masked=actor.role is Role.APPLICANT)
    mask = actor.role is Role.APPLICANT
    result = {k: v for k, v in row.items() if k not in ("unit_id", "owners", "locks")}
    result["version"] = int(row["version"])
    result["owners"] = _masked(loads(row["owners"])) if mask else loads(row["owners"])
    result["locks"] = loads(row["locks"])
    result["locked"] = bool(result["locks"])
    result["mortgages"] = []
    for m in mortgages:
        detail = loads(m["detail"])
        if mask:
            detail["mortgagors"] = _masked(detail["mortgagors"])
        result["mortgages"].append({"rank": int(m["rank"]), **detail, "registered_at": m["registered_at"]})
    result["objections"] = objections
    result.update(court_entries)
    result["history"] = []
    for h in history:
        summary = loads(h["summary"])
        if mask and "owners" in summary:
            summary["owners"] = _masked(summary["owners"])
        result["history"].append({**h, "version": int(h["version"]), "summary": summary})
    return result

