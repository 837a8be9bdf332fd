"""The registrar's mortgage desk: every bank filing of the registry with what a review needs (bank, kind,
units, mortgagors, debtors, terms, rank, consents, every rule's outcome, fee) and its history.

Scoping: only registrars of the filing's registry (and admins); anyone else sees nothing, with the
same answer as for a filing that does not exist. The helpers that turn terms, people and outcomes into
JSON are shared with the other mortgage views so every party reads a filing the same way.
"""

from __future__ import annotations

from datetime import datetime
from functools import singledispatchmethod
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, Index, Integer, MetaData, Table, Text

from events import mortgage as mortgage_events
from projections.base import Projection, creates, dumps, insert, loads, parse_timestamp, plain, timestamp
from projections.case_clocks import metadata as clock_metadata
from projections.deadlines import DEADLINE_COLUMNS, DEADLINE_ORDER, deadline_join, pop_deadline
from projections.paging import FIRST_PAGE, Page, PageRequest, fetch
from registry.kernel.actors import Actor, Role
from registry.kernel.errors import InvalidValue
from registry.kernel.values import mask_id_number
from registry.mortgages.decisions import RULE
from registry.mortgages.values import FilingState, Mortgage, MortgageTerms

if TYPE_CHECKING:
    from adapters.viewstore import Tx

FILINGS, HISTORY = "view_mortgage_filing", "view_mortgage_filing_history"
JSON_COLUMNS = ("unit_numbers", "mortgage_ids", "mortgagors", "debtors", "terms", "consents", "outcomes",
                "proof_numbers")
PERSON, BANK = "person:", "bank:"

metadata = MetaData()
Table(FILINGS, metadata, Column("filing_id", Text, primary_key=True),
      *(Column(name, Text, nullable=False) for name in ("registry", "kind", "bank", "bank_name", "bank_reference",
                                                        "filed_by", "unit_numbers", "mortgage_ids", "mortgagors",
                                                        "debtors", "terms")),
      Column("rank", Integer, nullable=False),
      *(Column(name, Text, nullable=False) for name in ("assignee", "assignee_name", "location", "transfer_case_id",
                                                        "consents", "fee", "state")),
      Column("ruleset", Text), Column("outcomes", Text, nullable=False), Column("filed_at", Text, nullable=False),
      *(Column(name, Text) for name in ("queued_at", "decided_at", "decided_by", "reason")),
      Column("proof_numbers", Text, nullable=False), Column("version", Integer, nullable=False),
      Column("updated_at", Text, nullable=False),
      Index(f"{FILINGS}_queue", "registry", "state", "queued_at"), Index(f"{FILINGS}_filed", "registry", "filed_at"))
Table(HISTORY, metadata, Column("filing_id", Text, primary_key=True), Column("version", Integer, primary_key=True),
      Column("event", Text, nullable=False), Column("at", Text, nullable=False), Column("actor", Text),
      Column("detail", Text, nullable=False))


# -- how a filing reads (shared with the consents view and the register book) ----------------------
def people_view(people: Any, masked: bool = False) -> list[dict[str, str]]:
    return [{"name": p.name, "id_number": mask_id_number(p.id_number) if masked else p.id_number}
            for p in people]


def terms_view(terms: MortgageTerms | None) -> dict[str, Any] | None:
    """The contract terms without the debtors (listed next to the mortgagors); amounts stay exact strings."""
    if terms is None:
        return None
    return {"method": terms.method.value, "method_name": terms.method.name.lower(),
            "secured_amount": plain(terms.secured_amount), "maximum_amount": plain(terms.maximum_amount),
            "amount": plain(terms.amount), "currency": terms.currency,
            "claim_start": plain(terms.claim_start), "claim_end": plain(terms.claim_end),
            "performance_start": plain(terms.performance_start), "performance_end": plain(terms.performance_end),
            "guarantee_scope": terms.guarantee_scope, "transfer_restricted": terms.transfer_restricted,
            "loan_type": terms.loan_type.value, "contract_numbers": list(terms.contract_numbers)}


def binding_terms(terms: MortgageTerms) -> dict[str, Any]:
    """The terms a register-book page shows: what binds a buyer or a later-ranked bank."""
    shown = terms_view(terms)
    return {k: shown[k] for k in ("method", "method_name", "secured_amount", "maximum_amount", "amount", "currency",
                                  "claim_start", "claim_end", "performance_start", "performance_end",
                                  "transfer_restricted")}


def encumbrance_view(mortgage: Mortgage) -> dict[str, Any]:
    """A mortgage as its unit's page shows it: mortgagee, binding terms, proof number."""
    return {"mortgage_id": mortgage.mortgage_id, "filing_id": mortgage.filing_id, "bank": mortgage.bank,
            "bank_name": mortgage.bank_name, "mortgagors": people_view(mortgage.mortgagors),
            "proof_number": mortgage.proof_number, **binding_terms(mortgage.terms)}


def outcomes_view(outcomes: Any) -> list[dict[str, str]]:
    return [{"rule": o.rule, "verdict": o.verdict, "message": o.message} for o in outcomes]


def party_view(party: str, names: dict[str, str], masked: bool = False) -> dict[str, str]:
    """A consent party ("person:<id number>" or "bank:<org>") as people read it."""
    if party.startswith(PERSON):
        id_number = party[len(PERSON):]
        return {"kind": "person", "name": names.get(id_number, ""),
                "id_number": mask_id_number(id_number) if masked else id_number}
    return {"kind": "bank", "bank": party[len(BANK):]}


class MortgageDesk(Projection):
    name = "mortgage_desk"
    tables = [FILINGS, HISTORY]
    metadata = metadata
    ddl = creates(metadata)
    joins = creates(clock_metadata)  # the queue sorts by each case's deadline

    @singledispatchmethod
    def process(self, event: object, tx: Tx) -> None:
        """Only mortgage filings are on this desk."""

    @process.register(mortgage_events.Filed)
    def _filed(self, event: mortgage_events.Filed, tx: Tx) -> None:
        names = {p.id_number: p.name for p in event.mortgagors}
        consents = [{**party_view(p, names), "party": p, "state": "awaiting", "by": None, "at": None,
                     "reason": None} for p in event.consents_needed]
        insert(tx, FILINGS, {
            "filing_id": str(event.originator_id), "registry": event.registry, "kind": event.kind.value,
            "bank": event.bank, "bank_name": event.bank_name, "bank_reference": event.bank_reference,
            "filed_by": event.filed_by, "unit_numbers": dumps(event.unit_numbers),
            "mortgage_ids": dumps(event.mortgage_ids), "mortgagors": dumps(people_view(event.mortgagors)),
            "debtors": dumps(people_view(event.terms.debtors if event.terms else ())),
            "terms": dumps(terms_view(event.terms)), "rank": event.rank, "assignee": event.assignee,
            "assignee_name": event.assignee_name, "location": event.location,
            "transfer_case_id": event.transfer_case_id, "consents": dumps(consents), "fee": str(event.fee),
            "state": FilingState.AWAITING_CONSENT.value, "outcomes": dumps([]), "filed_at": timestamp(event.at),
            "proof_numbers": dumps([]), "version": event.originator_version, "updated_at": timestamp(event.at)})
        _history(tx, event, "Filed", event.filed_by, {
            "kind": event.kind.value, "bank_name": event.bank_name, "bank_reference": event.bank_reference,
            "unit_numbers": event.unit_numbers, "fee": str(event.fee)})

    @process.register(mortgage_events.Consented)
    def _consented(self, event: mortgage_events.Consented, tx: Tx) -> None:
        self._party(tx, event, state="confirmed", reason=None)
        _history(tx, event, "Consented", event.by, {"party": event.party})

    @process.register(mortgage_events.Declined)
    def _declined(self, event: mortgage_events.Declined, tx: Tx) -> None:
        self._party(tx, event, state="declined", reason=event.reason)
        _update(tx, event, FilingState.DECLINED, decided_at=timestamp(event.at), reason=event.reason)
        _history(tx, event, "Declined", event.by, {"party": event.party, "reason": event.reason})

    @process.register(mortgage_events.Queued)
    def _queued(self, event: mortgage_events.Queued, tx: Tx) -> None:
        _update(tx, event, FilingState.QUEUED, ruleset=event.ruleset,
                outcomes=dumps(outcomes_view(event.outcomes)), queued_at=timestamp(event.at))
        _history(tx, event, "Queued", None, {"ruleset": event.ruleset, "reasons": _reasons(event.outcomes)})

    @process.register(mortgage_events.ReturnedForSupplement)
    def _returned(self, event: mortgage_events.ReturnedForSupplement, tx: Tx) -> None:
        _update(tx, event, FilingState.RETURNED)
        _history(tx, event, "ReturnedForSupplement", event.registrar, {"missing": list(event.missing),
                                                                       "note": event.note})

    @process.register(mortgage_events.Resubmitted)
    def _resubmitted(self, event: mortgage_events.Resubmitted, tx: Tx) -> None:
        _update(tx, event, FilingState.QUEUED)  # back in the queue, in its deadline's place
        _history(tx, event, "Resubmitted", event.by, {"note": event.note})

    @process.register(mortgage_events.Staged)
    def _staged(self, event: mortgage_events.Staged, tx: Tx) -> None:
        _update(tx, event, FilingState.STAGED, ruleset=event.ruleset,
                outcomes=dumps(outcomes_view(event.outcomes)))
        _history(tx, event, "Staged", None, {"ruleset": event.ruleset, "reasons": _reasons(event.outcomes)})

    @process.register(mortgage_events.Registered)
    def _registered(self, event: mortgage_events.Registered, tx: Tx) -> None:
        _update(tx, event, FilingState.REGISTERED, ruleset=event.ruleset,
                outcomes=dumps(outcomes_view(event.outcomes)), decided_at=timestamp(event.at), decided_by=event.by,
                proof_numbers=dumps(event.proof_numbers), mortgage_ids=dumps(event.mortgage_ids))
        _history(tx, event, "Registered", event.by, {"ruleset": event.ruleset, "by_rule": event.by == RULE,
                                                     "proof_numbers": event.proof_numbers})

    @process.register(mortgage_events.Rejected)
    def _rejected(self, event: mortgage_events.Rejected, tx: Tx) -> None:
        _update(tx, event, FilingState.REJECTED, decided_at=timestamp(event.at), decided_by=event.registrar,
                reason=event.reason)
        _history(tx, event, "Rejected", event.registrar, {"reason": event.reason})

    @staticmethod
    def _party(tx: Tx, event: Any, *, state: str, reason: str | None) -> None:
        row = tx.one(f"SELECT consents FROM {FILINGS} WHERE filing_id = :filing_id",
                     {"filing_id": str(event.originator_id)})
        consents = [{**c, "state": state, "by": event.by, "at": timestamp(event.at), "reason": reason}
                    if c["party"] == event.party else c for c in loads(row["consents"])]
        tx.execute(f"UPDATE {FILINGS} SET consents = :consents, version = :version, updated_at = :updated_at "
                   "WHERE filing_id = :filing_id",
                   {"consents": dumps(consents), "version": event.originator_version,
                    "updated_at": timestamp(event.at), "filing_id": str(event.originator_id)})


def _reasons(outcomes: Any) -> list[dict[str, str]]:
    return [o for o in outcomes_view(outcomes) if o["verdict"] != "pass"]


def _update(tx: Tx, event: Any, state: FilingState, **columns: Any) -> None:
    assignments = "".join(f", {column} = :{column}" for column in columns)  # our column names, never input
    tx.execute(f"UPDATE {FILINGS} SET state = :state, version = :version, updated_at = :updated_at{assignments} "
               "WHERE filing_id = :filing_id",
               {"state": state.value, "version": event.originator_version, "updated_at": timestamp(event.at),
                **columns, "filing_id": str(event.originator_id)})


def _history(tx: Tx, event: Any, name: str, by: str | None, detail: dict[str, Any]) -> None:
    insert(tx, HISTORY, {"filing_id": str(event.originator_id), "version": event.originator_version,
                         "event": name, "at": timestamp(event.at), "actor": by, "detail": dumps(detail)})


# -- queries -----------------------------------------------------------------------------------
def _scope(actor: Actor) -> tuple[str, dict[str, Any]] | None:
    if actor.role is Role.ADMIN:
        return "1 = 1", {}
    if actor.role is Role.REGISTRAR and actor.org:
        return "f.registry = :scope_registry", {"scope_registry": actor.org}
    return None


def _row(row: dict[str, Any]) -> dict[str, Any]:
    result = dict(row)
    for column in JSON_COLUMNS:
        result[column] = loads(row[column])
    result["rank"] = int(row["rank"])
    result["version"] = int(row["version"])
    result["reasons"] = [o for o in result["outcomes"] if o["verdict"] != "pass"]
    result["registered_by"] = row["decided_by"] if row["state"] == FilingState.REGISTERED.value else None
    return result


def _state(value: str) -> str:
    try:
        return FilingState(value).value
    except ValueError:
        raise InvalidValue(f"unknown filing state {value!r}", field="state") from None


def queue(store: Any, actor: Actor, now: datetime, paging: PageRequest = FIRST_PAGE) -> Page:
    """Filings waiting for a registrar of the actor's registry, the nearest statutory deadline first (then
    the longest waiting), with their deadline and the age since the joint application was complete and the
    rules queued it (that is when the registry has it)."""
    scope = _scope(actor)
    if scope is None:
        return Page.empty(paging)
    where, params = scope

    def waiting(row: dict[str, Any]) -> dict[str, Any]:
        row = dict(row)
        deadline = pop_deadline(row, now)
        return {**_row(row), "age_seconds": int((now - parse_timestamp(row["queued_at"])).total_seconds()),
                "deadline": deadline}

    with store.read() as tx:
        return fetch(tx, f"SELECT f.*, {DEADLINE_COLUMNS} FROM {FILINGS} f {deadline_join('f', 'filing_id')} "
                     f"WHERE {where} AND f.state = :state", {**params, "state": FilingState.QUEUED.value},
                     f"{DEADLINE_ORDER}, f.queued_at, f.filing_id", paging, waiting)


def filings(store: Any, actor: Actor, state: str | None = None, paging: PageRequest = FIRST_PAGE) -> Page:
    """The registry's filings, newest first, optionally in one state."""
    scope = _scope(actor)
    if scope is None:
        return Page.empty(paging)
    where, params = scope
    if state is not None:
        where, params = f"{where} AND f.state = :state", {**params, "state": _state(state)}
    with store.read() as tx:
        return fetch(tx, f"SELECT * FROM {FILINGS} f WHERE {where}", params, "f.filed_at DESC, f.filing_id",
                     paging, _row)


def filing(store: Any, actor: Actor, filing_id: str) -> dict[str, Any] | None:
    """One filing with its history, or None when missing or in another registry (same answer)."""
    scope = _scope(actor)
    if scope is None:
        return None
    where, params = scope
    with store.read() as tx:
        row = tx.one(f"SELECT * FROM {FILINGS} f WHERE f.filing_id = :filing_id AND {where}",
                     {"filing_id": str(filing_id), **params})
        if row is None:
            return None
        history = tx.execute(f"SELECT version, event, at, actor, detail FROM {HISTORY} WHERE filing_id = :filing_id "
                             "ORDER BY version", {"filing_id": str(filing_id)})
    result = _row(row)
    result["history"] = [{"version": int(h["version"]), "event": h["event"], "at": h["at"], "by": h["actor"],
                          "detail": loads(h["detail"])} for h in history]
    result["supplement"] = supplement_of(result["history"])
    return result


def supplement_of(history: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The one return for supplement (补正) a filing may have had, and when it came back."""
    asked = next((h for h in history if h["event"] == "ReturnedForSupplement"), None)
    if asked is None:
        return None
    back = next((h for h in history if h["event"] == "Resubmitted"), None)
    return {"missing": asked["detail"]["missing"], "note": asked["detail"]["note"], "returned_at": asked["at"],
            "resubmitted_at": back["at"] if back else None}
