""""My cases" for buyers and sellers: where each case stands and what to do next.

Rows are keyed to parties by ``person_key`` (a hash), and every ID number is stored already masked,
so this view cannot leak a raw ID number even through a query mistake. The family-housing check
shows only the ordinal, and only to the buyer: the buyer family's homes are not the seller's business.

A judicial case (司法裁定过户), opened by a court's auction ruling, has no filer: the buyer's only step is to
pay, the former owner (被执行人) has nothing to do, only the court can end it. The former owner sees the case
from the ruling on, the title transferred and each mortgage extinguished; of the buyer the name and masked ID
number only, of the assessment only the seller's lines (decision 010).
"""

from __future__ import annotations

from dataclasses import replace
from functools import singledispatchmethod
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, Index, Integer, MetaData, Table, Text, bindparam, text

from events import transfer as transfer_events
from events import unit as unit_events
from projections import case_mandates as mandates
from projections.base import Projection, creates, dumps, insert, loads, person_key, timestamp
from projections.paging import FIRST_PAGE, Page, PageRequest, fetch
from registry.kernel.actors import Actor, Role
from registry.kernel.codes import CaseState
from registry.kernel.values import mask_id_number
from registry.transfers.kinds import kind_of

if TYPE_CHECKING:
    from adapters.viewstore import Tx

CASES, PARTIES, RULINGS = "view_applicant_case", "view_case_party", "view_applicant_ruling"
EXTINGUISHED, BANKS = "view_applicant_extinguished", "view_applicant_bank"
SUPPLEMENTS = "view_applicant_supplement"  # what the registrar asked for (补正)
RULING_FIELDS = ("court_name", "ruling_number", "ruling_date", "confirmation_number", "assistance_notice_number")

NEXT_STEP = {
    CaseState.AWAITING_SETTLEMENT.value: "wait_for_settlement",
    CaseState.PENDING_REVIEW.value: "wait_for_registrar",
    CaseState.RETURNED.value: "supply_missing",
    CaseState.APPROVED.value: "collect_certificate",
    CaseState.REJECTED.value: "read_reason",
    CaseState.WITHDRAWN.value: "none",
}
WITHDRAWABLE = (CaseState.AWAITING_SETTLEMENT.value, CaseState.PENDING_REVIEW.value, CaseState.RETURNED.value)

metadata = MetaData()
Table(CASES, metadata, Column("case_id", Text, primary_key=True),
      *(Column(name, Text, nullable=False) for name in ("kind", "unit_number", "unit_location", "unit_area", "unit_use",
                                                        "price", "contract_number", "contract_date")),
      Column("certificates_wanted", Integer, nullable=False),
      *(Column(name, Text, nullable=False) for name in ("sellers", "buyers", "home_counts", "mandates", "state",
                                                        "submitted_at")),
      *(Column(name, Text) for name in ("settled_at", "closed_at", "reason", "certificate_number")),
      Column("version", Integer, nullable=False), Column("updated_at", Text, nullable=False))
Table(PARTIES, metadata, *(Column(name, Text, primary_key=True) for name in ("case_id", "person_key", "role")),
      Index(f"{PARTIES}_person", "person_key", "case_id"))
Table(RULINGS, metadata, Column("case_id", Text, primary_key=True),
      *(Column(name, Text, nullable=False) for name in RULING_FIELDS),
      Column("revoked_certificate", Text), Column("transferred_at", Text))
Table(EXTINGUISHED, metadata, Column("case_id", Text, primary_key=True), Column("mortgage_id", Text, primary_key=True),
      *(Column(name, Text, nullable=False) for name in ("bank", "bank_name", "proof_number", "extinguished_at")))
Table(BANKS, metadata, Column("bank", Text, primary_key=True), Column("bank_name", Text, nullable=False))
Table(SUPPLEMENTS, metadata, Column("case_id", Text, primary_key=True), Column("missing", Text, nullable=False),
      Column("note", Text, nullable=False), Column("returned_at", Text, nullable=False), Column("resubmitted_at", Text))

# the roles, rulings and extinguished mortgages of a page of cases, by its case ids (expanded per call)
_ROLES = text(f"SELECT p.case_id, p.role FROM {PARTIES} p WHERE p.person_key = :person_key "
              "AND p.case_id IN :case_ids ORDER BY p.role").bindparams(bindparam("case_ids", expanding=True))
_RULINGS = text(f"SELECT j.* FROM {RULINGS} j WHERE j.case_id IN :case_ids").bindparams(
    bindparam("case_ids", expanding=True))
_SUPPLEMENTS = text(f"SELECT s.* FROM {SUPPLEMENTS} s WHERE s.case_id IN :case_ids").bindparams(
    bindparam("case_ids", expanding=True))
_EXTINGUISHED = text(f"SELECT e.* FROM {EXTINGUISHED} e WHERE e.case_id IN :case_ids "
                     "ORDER BY e.extinguished_at, e.proof_number").bindparams(bindparam("case_ids", expanding=True))


class MyCases(Projection):
    name = "applicant"
    tables = [CASES, PARTIES, RULINGS, EXTINGUISHED, BANKS, SUPPLEMENTS]
    schema_version = 3  # v2: the judicial case's registration (old certificate revoked, mortgages extinguished)
    # v3: each case's kind of transfer
    metadata = metadata
    ddl = creates(metadata)

    @singledispatchmethod
    def process(self, event: object, tx: Tx) -> None:
        """Only transfer cases have applicants."""

    @process.register(transfer_events.Submitted)
    def _submitted(self, event: transfer_events.Submitted, tx: Tx) -> None:
        case_id = str(event.originator_id)
        names = {o.person.id_number: o.person.name for o in event.buyers}
        insert(tx, CASES, {
            "case_id": case_id, "kind": kind_of(event),
            "unit_number": event.unit_number,
            "unit_location": event.unit_location,
            "unit_area": str(event.unit_area), "unit_use": event.unit_use.value, "price": str(event.price),
            "contract_number": event.contract_number, "contract_date": event.contract_date.isoformat(),
            "certificates_wanted": event.certificates_wanted,
            "sellers": dumps([{"name": p.name, "id_number": mask_id_number(p.id_number)}
                              for p in event.sellers]),
            "buyers": dumps([{"name": o.person.name, "id_number": mask_id_number(o.person.id_number),
                              "share": str(o.share)} for o in event.buyers]),
            "home_counts": dumps([{"buyer_name": names.get(h.buyer_id_number, ""), "ordinal": h.ordinal.value}
                                  for h in event.home_counts]),
            "mandates": mandates.recorded(event.mandates, masked=True),
            "state": CaseState.AWAITING_SETTLEMENT.value, "submitted_at": timestamp(event.at),
            "version": event.originator_version, "updated_at": timestamp(event.at)})
        parties = {(person_key(p.id_number), "seller") for p in event.sellers}
        parties |= {(person_key(o.person.id_number), "buyer") for o in event.buyers}
        if event.judicial:  # the court opened it: no filer among the parties
            insert(tx, RULINGS, {"case_id": case_id, **{f: str(event.judicial.get(f) or "") for f in RULING_FIELDS}})
        else:
            parties.add((person_key(event.filer_id_number), "filer"))
        tx.executemany(f"INSERT INTO {PARTIES} (case_id, person_key, role) VALUES (:case_id, :person_key, :role)",
                       [{"case_id": case_id, "person_key": key, "role": role} for key, role in sorted(parties)])

    @process.register(unit_events.TransferredByRuling)
    def _transferred_by_ruling(self, event: unit_events.TransferredByRuling, tx: Tx) -> None:
        tx.execute(f"UPDATE {RULINGS} SET revoked_certificate = :revoked_certificate, "
                   "transferred_at = :transferred_at WHERE case_id = :case_id",
                   {"revoked_certificate": event.cancelled_certificate, "transferred_at": timestamp(event.at),
                    "case_id": event.case_id})

    # the mortgagees' names as the register wrote them, for the former owner's list of extinguished mortgages
    @process.register(unit_events.MortgageRegistered)
    def _mortgage_registered(self, event: unit_events.MortgageRegistered, tx: Tx) -> None:
        _bank_named(tx, event.mortgage.bank, event.mortgage.bank_name)

    @process.register(unit_events.MortgageTransferred)
    def _mortgage_transferred(self, event: unit_events.MortgageTransferred, tx: Tx) -> None:
        _bank_named(tx, event.bank, event.bank_name)

    @process.register(unit_events.MortgageExtinguished)
    def _mortgage_extinguished(self, event: unit_events.MortgageExtinguished, tx: Tx) -> None:
        named = tx.one(f"SELECT bank_name FROM {BANKS} WHERE bank = :bank", {"bank": event.bank})
        insert(tx, EXTINGUISHED, {"case_id": event.case_id, "mortgage_id": event.mortgage_id, "bank": event.bank,
                                  "bank_name": named["bank_name"] if named else event.bank,
                                  "proof_number": event.proof_number, "extinguished_at": timestamp(event.at)})

    @process.register(transfer_events.Settled)
    def _settled(self, event: transfer_events.Settled, tx: Tx) -> None:
        _update(tx, event, CaseState.PENDING_REVIEW, settled_at=timestamp(event.at))

    @process.register(transfer_events.Approved)
    def _approved(self, event: transfer_events.Approved, tx: Tx) -> None:
        _update(tx, event, CaseState.APPROVED, closed_at=timestamp(event.at),
                certificate_number=event.certificate_number)

    @process.register(transfer_events.Rejected)
    def _rejected(self, event: transfer_events.Rejected, tx: Tx) -> None:
        _update(tx, event, CaseState.REJECTED, closed_at=timestamp(event.at), reason=event.reason)

    @process.register(transfer_events.Withdrawn)
    def _withdrawn(self, event: transfer_events.Withdrawn, tx: Tx) -> None:
        _update(tx, event, CaseState.WITHDRAWN, closed_at=timestamp(event.at), reason=event.reason)

    @process.register(transfer_events.ReturnedForSupplement)
    def _returned(self, event: transfer_events.ReturnedForSupplement, tx: Tx) -> None:
        """补正: the parties see everything the registrar asks for, at once."""
        _update(tx, event, CaseState.RETURNED)
        tx.execute(f"DELETE FROM {SUPPLEMENTS} WHERE case_id = :case_id", {"case_id": str(event.originator_id)})
        insert(tx, SUPPLEMENTS, {"case_id": str(event.originator_id), "missing": dumps(list(event.missing)),
                                 "note": event.note, "returned_at": timestamp(event.at), "resubmitted_at": None})

    @process.register(transfer_events.Resubmitted)
    def _resubmitted(self, event: transfer_events.Resubmitted, tx: Tx) -> None:
        _update(tx, event, CaseState.PENDING_REVIEW)
        tx.execute(f"UPDATE {SUPPLEMENTS} SET resubmitted_at = :at WHERE case_id = :case_id",
                   {"at": timestamp(event.at), "case_id": str(event.originator_id)})

    @process.register(transfer_events.MandateConfirmed)
    def _mandate_confirmed(self, event: transfer_events.MandateConfirmed, tx: Tx) -> None:
        mandates.record_confirmation(tx, CASES, event)

    @process.register(transfer_events.Corrected)
    def _corrected(self, event: transfer_events.Corrected, tx: Tx) -> None:
        """Corrected before payment: the case still waits for its taxes, now assessed afresh."""
        _update(tx, event, CaseState.AWAITING_SETTLEMENT, price=str(event.price),
                contract_date=event.contract_date.isoformat())


def _bank_named(tx: Tx, bank: str, name: str) -> None:
    tx.execute(f"INSERT INTO {BANKS} (bank, bank_name) VALUES (:bank, :bank_name) "
               "ON CONFLICT (bank) DO UPDATE SET bank_name = excluded.bank_name", {"bank": bank, "bank_name": name})


def _update(tx: Tx, event: Any, state: CaseState, **columns: str) -> None:
    assignments = "".join(f", {column} = :{column}" for column in columns)  # our column names, never input
    tx.execute(f"UPDATE {CASES} SET state = :state, version = :version, updated_at = :updated_at{assignments} "
               "WHERE case_id = :case_id",
               {"state": state.value, "version": event.originator_version, "updated_at": timestamp(event.at),
                **columns, "case_id": str(event.originator_id)})


# -- queries -----------------------------------------------------------------------------------
def _mine(actor: Actor, case_id: str | None) -> tuple[str, dict[str, Any]] | None:
    """The applicant's cases (or that one of them) as a WHERE on alias ``c``; None for anyone else."""
    if actor.role is not Role.APPLICANT or not actor.id_number:
        return None
    only_one = " AND c.case_id = :case_id" if case_id is not None else ""
    return (f"c.case_id IN (SELECT p.case_id FROM {PARTIES} p WHERE p.person_key = :person_key){only_one}",
            {"person_key": person_key(actor.id_number), **({"case_id": str(case_id)} if case_id is not None else {})})


def _with_roles_and_rulings(tx: Tx, actor: Actor, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each case with the actor's roles in it and, for a judicial case, its ruling and extinguished mortgages."""
    if not rows:
        return []
    ids = {"case_ids": [r["case_id"] for r in rows]}
    mine: dict[str, list[str]] = {}
    for r in tx.execute(_ROLES, {"person_key": person_key(actor.id_number), **ids}):
        mine.setdefault(r["case_id"], []).append(r["role"])
    rulings = {j["case_id"]: {**{f: j[f] for f in RULING_FIELDS}, "revoked_certificate": j["revoked_certificate"],
                              "transferred_at": j["transferred_at"], "mortgages_extinguished": []}
               for j in tx.execute(_RULINGS, ids)}
    for e in tx.execute(_EXTINGUISHED, ids):
        rulings[e["case_id"]]["mortgages_extinguished"].append(
            {k: e[k] for k in ("bank", "bank_name", "proof_number", "extinguished_at")})
    asked = {s["case_id"]: {"missing": loads(s["missing"]), "note": s["note"], "returned_at": s["returned_at"],
                            "resubmitted_at": s["resubmitted_at"]} for s in tx.execute(_SUPPLEMENTS, ids)}
    return [_case(r, mine.get(r["case_id"], []), rulings.get(r["case_id"]))
            | {"supplement": asked.get(r["case_id"]), "mandates": mandates.as_seen_by(r["mandates"], actor.id_number)}
            for r in rows]


def _case(row: dict[str, Any], roles: list[str], judicial: dict[str, Any] | None) -> dict[str, Any]:
    # which home this is for the buyer's family is the buyer's business alone: it sets the deed tax's rate,
    # which the seller (or the former owner of an auctioned flat) does not see either
    homes = loads(row["home_counts"]) if "buyer" in roles else []
    return {**row, "sellers": loads(row["sellers"]), "buyers": loads(row["buyers"]),
            "home_counts": homes, "certificates_wanted": int(row["certificates_wanted"]),
            "version": int(row["version"]), "my_roles": roles, "judicial": judicial,
            "next_step": _next_step(row["state"], roles, judicial),
            "withdrawable": judicial is None and row["state"] in WITHDRAWABLE}


def _next_step(state: str, roles: list[str], judicial: dict[str, Any] | None) -> str:
    """On a judicial case the buyer pays and then waits; the former owner (被执行人) has nothing to do. Only a
    buyer collects a certificate: a seller of a registered sale has nothing left to do."""
    if state == CaseState.APPROVED.value and "buyer" not in roles:
        return "none"
    if judicial is None:
        return NEXT_STEP[state]
    if "buyer" not in roles:
        return "none"
    return "pay_taxes_and_fee" if state == CaseState.AWAITING_SETTLEMENT.value else NEXT_STEP[state]


def my_cases(store: Any, actor: Actor, paging: PageRequest = FIRST_PAGE) -> Page:
    """The applicant's cases (as seller, buyer or filer), newest first, one page at a time."""
    actor.check_role(Role.APPLICANT)
    scope = _mine(actor, None)
    if scope is None:
        return Page.empty(paging)
    with store.read() as tx:
        found = fetch(tx, f"SELECT c.* FROM {CASES} c WHERE {scope[0]}", scope[1], "c.submitted_at DESC, c.case_id",
                      paging)
        return replace(found, items=_with_roles_and_rulings(tx, actor, found.items))


def case(store: Any, actor: Actor, case_id: str) -> dict[str, Any] | None:
    """One of the applicant's cases, or None when missing or not theirs (same answer)."""
    scope = _mine(actor, case_id)
    if scope is None:
        return None
    with store.read() as tx:
        rows = _with_roles_and_rulings(tx, actor, tx.execute(f"SELECT c.* FROM {CASES} c WHERE {scope[0]}", scope[1]))
    return rows[0] if rows else None
