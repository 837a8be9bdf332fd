"""The tax bureau's desk: assessments by rule, confirmations and adjustments with their reasons, and the lines
referred to the officer with his assessment of each (kept in the facts' ``referred``).

Scoping: a tax officer sees the assessments of registries in their bureau's city (joined in SQL with
the organisations table); the payer sees their own case's assessment; a registrar their registry's.

Each row also says whether the combined order was paid (receipt and time, read from the orders view at
query time: the payment belongs to Payments, not to the assessment), and a judicial auction sale (司法拍卖)
carries its court and ruling from the assessment's facts.
"""

from __future__ import annotations

from decimal import Decimal
from functools import singledispatchmethod
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, Index, MetaData, Table, Text

from events import taxation as taxation_events
from projections.base import Projection, creates, dumps, insert, loads, person_key, timestamp
from projections.orders import ORDERS
from projections.paging import FIRST_PAGE, Page, PageRequest, fetch
from registry.kernel.actors import Actor, Role
from registry.taxation.values import DESCRIPTIONS, REFERRED

if TYPE_CHECKING:
    from adapters.viewstore import Tx

ASSESSMENTS, PARTIES = "view_assessment", "view_assessment_party"
SELECT = (f"SELECT a.*, o.receipt_number AS receipt_number, o.paid_at AS paid_at FROM {ASSESSMENTS} a "
          f"LEFT JOIN {ORDERS} o ON o.case_id = a.case_id AND o.state = 'cleared'")

metadata = MetaData()
Table(ASSESSMENTS, metadata, Column("assessment_id", Text, primary_key=True),
      *(Column(name, Text, nullable=False) for name in ("case_id", "registry", "unit_number", "payer_name",
                                                        "payer_key", "lines", "total", "facts", "status",
                                                        "adjustments", "issued_at", "updated_at", "declarations")),
      Column("failure", Text), Column("clearance", Text, nullable=False), Column("released_by", Text),
      Index(f"{ASSESSMENTS}_case", "case_id", unique=True), Index(f"{ASSESSMENTS}_queue", "registry", "issued_at"))
Table(PARTIES, metadata, Column("assessment_id", Text, primary_key=True), Column("person_key", Text, primary_key=True))


def _lines(lines: list) -> list[dict]:
    return [{"code": line.code, "description": line.description, "payer": line.payer, "basis": line.basis,
             "rate": line.rate, "amount": line.amount, "rule": line.rule, "reference": line.reference,
             "facts": line.facts} for line in lines]


def _declarations(declarations: list) -> list[dict]:
    return [{"kind": d.kind, "party": d.party, "claimed": d.claimed, "status": d.status, "reason": d.reason,
             "by": d.by} for d in declarations]


def _referred(item: dict) -> dict:
    """A referred line as the views show it: waiting for the officer until his assessment is recorded."""
    return {"code": item["code"], "description": DESCRIPTIONS.get(item["code"], item["code"]), "payer": item["payer"],
            "reason": item["reason"], "reference": item.get("reference", ""), "status": item.get("status", REFERRED),
            "amount": item.get("amount"), "officer_reason": item.get("officer_reason"), "by": item.get("by")}


def _still_referred(old: list[dict], new: list[dict]) -> list[dict]:
    """Lines computed afresh: an officer's assessment stays on a line the rules still refer."""
    done = {(r["code"], r["payer"]): r for r in old if r.get("status", REFERRED) != REFERRED}
    return [done.get((r["code"], r["payer"]), r) for r in new]


class TaxDesk(Projection):
    name = "tax_desk"
    tables = [ASSESSMENTS, PARTIES]
    # v2: declarations, the named failure and whether the taxes are released for payment (clearance)
    schema_version = 2
    metadata = metadata
    ddl = creates(metadata)

    @singledispatchmethod
    def process(self, event: object, tx: Tx) -> None:
        """Only assessments are on the desk."""

    @process.register(taxation_events.Issued)
    def _issued(self, event: taxation_events.Issued, tx: Tx) -> None:
        insert(tx, ASSESSMENTS, {
            "assessment_id": str(event.originator_id), "case_id": event.case_id, "registry": event.registry,
            "unit_number": event.unit_number, "payer_name": event.payer_name, "payer_key": event.payer_key,
            "lines": dumps(_lines(event.lines)), "total": str(sum(line.amount for line in event.lines)),
            "facts": dumps(event.facts), "status": "issued", "adjustments": "[]",
            "issued_at": timestamp(event.at), "updated_at": timestamp(event.at),
            "declarations": dumps(_declarations(event.declarations)),
            "failure": dumps(event.failure) if event.failure else None,
            "clearance": "failed" if event.failure else "awaiting_confirmation"})
        for key in event.party_keys:
            insert(tx, PARTIES, {"assessment_id": str(event.originator_id), "person_key": key})

    @process.register(taxation_events.Confirmed)
    def _confirmed(self, event: taxation_events.Confirmed, tx: Tx) -> None:
        tx.execute(f"UPDATE {ASSESSMENTS} SET status = 'confirmed', updated_at = :updated_at "
                   "WHERE assessment_id = :assessment_id",
                   {"updated_at": timestamp(event.at), "assessment_id": str(event.originator_id)})

    @process.register(taxation_events.Released)
    def _released(self, event: taxation_events.Released, tx: Tx) -> None:
        tx.execute(f"UPDATE {ASSESSMENTS} SET clearance = 'released', released_by = :by, updated_at = :updated_at "
                   "WHERE assessment_id = :assessment_id", {"by": event.by, "updated_at": timestamp(event.at),
                                                  "assessment_id": str(event.originator_id)})

    def _decided(self, event: Any, tx: Tx, status: str) -> None:
        row = tx.one(f"SELECT declarations FROM {ASSESSMENTS} WHERE assessment_id = :assessment_id",
                     {"assessment_id": str(event.originator_id)})
        declarations = [d | {"status": status, "reason": event.reason, "by": event.by} if d["kind"] == event.kind
                        else d for d in loads(row["declarations"])]
        tx.execute(f"UPDATE {ASSESSMENTS} SET declarations = :declarations, updated_at = :updated_at "
                   "WHERE assessment_id = :assessment_id",
                   {"declarations": dumps(declarations), "updated_at": timestamp(event.at),
                    "assessment_id": str(event.originator_id)})

    @process.register(taxation_events.DeclarationConfirmed)
    def _declaration_confirmed(self, event: taxation_events.DeclarationConfirmed, tx: Tx) -> None:
        self._decided(event, tx, "confirmed")

    @process.register(taxation_events.DeclarationRefused)
    def _declaration_refused(self, event: taxation_events.DeclarationRefused, tx: Tx) -> None:
        self._decided(event, tx, "refused")
        if event.referred is not None:
            self._update_referred(event, tx, lambda old: _still_referred(old, list(event.referred)))
        tx.execute(f"UPDATE {ASSESSMENTS} SET lines = :lines, total = :total WHERE assessment_id = :assessment_id",
                   {"lines": dumps(_lines(event.lines)), "total": str(sum(line.amount for line in event.lines)),
                    "assessment_id": str(event.originator_id)})

    @process.register(taxation_events.Reassessed)
    def _reassessed(self, event: taxation_events.Reassessed, tx: Tx) -> None:
        """A corrected case: every line and declaration afresh, the officer's earlier adjustments kept as history."""
        tx.execute(f"UPDATE {ASSESSMENTS} SET lines = :lines, total = :total, facts = :facts, status = 'issued', "
                   "declarations = :declarations, failure = :failure, clearance = :clearance, released_by = NULL, "
                   "updated_at = :updated_at WHERE assessment_id = :assessment_id",
                   {"lines": dumps(_lines(event.lines)), "total": str(sum(line.amount for line in event.lines)),
                    "facts": dumps(event.facts), "declarations": dumps(_declarations(event.declarations)),
                    "failure": dumps(event.failure) if event.failure else None,
                    "clearance": "failed" if event.failure else "awaiting_confirmation",
                    "updated_at": timestamp(event.at), "assessment_id": str(event.originator_id)})

    @process.register(taxation_events.ReferredAssessed)
    def _referred_assessed(self, event: taxation_events.ReferredAssessed, tx: Tx) -> None:
        """The officer's amount and reason on a referred line, and the line itself among the lines."""
        assessed = {"status": "assessed", "amount": event.amount, "officer_reason": event.reason, "by": event.by}
        named = (event.code, event.payer)
        self._update_referred(event, tx, lambda old: [r | assessed if (r["code"], r["payer"]) == named else r
                                                      for r in old])
        row = tx.one(f"SELECT lines FROM {ASSESSMENTS} WHERE assessment_id = :assessment_id",
                     {"assessment_id": str(event.originator_id)})
        lines = loads(row["lines"]) + _lines([event.line])
        tx.execute(f"UPDATE {ASSESSMENTS} SET lines = :lines, total = :total, updated_at = :updated_at "
                   "WHERE assessment_id = :assessment_id",
                   {"lines": dumps(lines), "total": str(sum((Decimal(line["amount"]) for line in lines), Decimal(0))),
                    "updated_at": timestamp(event.at), "assessment_id": str(event.originator_id)})

    def _update_referred(self, event: Any, tx: Tx, change: Any) -> None:
        row = tx.one(f"SELECT facts FROM {ASSESSMENTS} WHERE assessment_id = :assessment_id",
                     {"assessment_id": str(event.originator_id)})
        facts = loads(row["facts"])
        facts["referred"] = change(list(facts.get("referred") or []))
        tx.execute(f"UPDATE {ASSESSMENTS} SET facts = :facts WHERE assessment_id = :assessment_id",
                   {"facts": dumps(facts), "assessment_id": str(event.originator_id)})

    @process.register(taxation_events.Adjusted)
    def _adjusted(self, event: taxation_events.Adjusted, tx: Tx) -> None:
        row = tx.one(f"SELECT adjustments FROM {ASSESSMENTS} WHERE assessment_id = :assessment_id",
                     {"assessment_id": str(event.originator_id)})
        adjustments = loads(row["adjustments"]) + [{"code": event.code, "payer": event.payer,
                                                    "old": event.old_amount,
                                                    "new": event.new_amount, "reason": event.reason,
                                                    "by": event.by, "at": timestamp(event.at)}]
        tx.execute(f"UPDATE {ASSESSMENTS} SET lines = :lines, total = :total, status = 'adjusted', "
                   "adjustments = :adjustments, updated_at = :updated_at WHERE assessment_id = :assessment_id",
                   {"lines": dumps(_lines(event.lines)), "total": str(sum(line.amount for line in event.lines)),
                    "adjustments": dumps(adjustments), "updated_at": timestamp(event.at),
                    "assessment_id": str(event.originator_id)})


def _visible(actor: Actor) -> tuple[str, dict[str, Any]]:
    if actor.role is Role.ADMIN:
        return "1 = 1", {}
    if actor.role is Role.TAX_OFFICER:
        return ("a.registry IN (SELECT r.id FROM account_org r JOIN account_org t ON t.city = r.city "
                "WHERE r.kind = 'registry' AND t.id = :scope_org)", {"scope_org": actor.org})
    if actor.role is Role.REGISTRAR:
        return "a.registry = :scope_org", {"scope_org": actor.org}
    if actor.role is Role.APPLICANT and actor.id_number:
        return (f"EXISTS (SELECT 1 FROM {PARTIES} p WHERE p.assessment_id = a.assessment_id "
                "AND p.person_key = :scope_person_key)", {"scope_person_key": person_key(actor.id_number)})
    return "1 = 0", {}


def _row(row: dict | None) -> dict | None:
    if row is None:
        return None
    facts = loads(row["facts"])
    declarations = loads(row["declarations"])
    referred = [_referred(item) for item in facts.get("referred") or []]
    return {**row, "lines": loads(row["lines"]), "facts": facts, "adjustments": loads(row["adjustments"]),
            "judicial": facts.get("judicial_auction"), "declarations": declarations,
            "failure": loads(row["failure"]) if row["failure"] else None, "referred": referred,
            "awaiting_officer": any(d["status"] == "pending" for d in declarations)
            or any(r["status"] == REFERRED for r in referred)}


def queue(store: Any, actor: Actor, status: str | None = None, paging: PageRequest = FIRST_PAGE, *,
          clearance: str | None = None) -> Page:
    """The assessments the actor may see, oldest first (a work queue), optionally in one status and one
    clearance (``awaiting_confirmation``: a declaration waits for the officer)."""
    where, params = _visible(actor)
    chosen = {column: value for column, value in (("status", status), ("clearance", clearance)) if value}
    extra = "".join(f" AND a.{column} = :{column}" for column in chosen)
    with store.read() as tx:
        return fetch(tx, f"{SELECT} WHERE {where}{extra}", {**params, **chosen},
                     "a.issued_at, a.assessment_id", paging, _row)


def for_case(store: Any, actor: Actor, case_id: str) -> dict | None:
    where, params = _visible(actor)
    with store.read() as tx:
        return _row(tx.one(f"{SELECT} WHERE a.case_id = :case_id AND {where}", {"case_id": case_id, **params}))


def by_id(store: Any, actor: Actor, assessment_id: str) -> dict | None:
    where, params = _visible(actor)
    with store.read() as tx:
        return _row(tx.one(f"{SELECT} WHERE a.assessment_id = :assessment_id AND {where}",
                           {"assessment_id": assessment_id, **params}))
