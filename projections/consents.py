"""The mortgagors' side of the joint application: filings that wait for (or once waited for) a person's
confirmation, with what they are asked to agree to, and how their own consent and the filing stand.

Rows are keyed to people by ``person_key`` (a hash), and every ID number is stored already masked, so this
view cannot leak a raw ID number even through a query mistake. The registration fee is the bank's
business and is not shown here.
"""

from __future__ import annotations

from dataclasses import replace
from functools import singledispatchmethod
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, Index, Integer, MetaData, Table, Text, bindparam, text

from events import mortgage as mortgage_events
from projections.base import Projection, creates, dumps, insert, loads, person_key, timestamp
from projections.mortgage_desk import PERSON, party_view, people_view, terms_view
from projections.paging import FIRST_PAGE, Page, PageRequest, fetch
from registry.kernel.actors import Actor, Role
from registry.mortgages.values import FilingState

if TYPE_CHECKING:
    from adapters.viewstore import Tx

FILINGS, PARTIES = "view_consent_filing", "view_consent_party"
AWAITING, CONFIRMED, DECLINED = "awaiting", "confirmed", "declined"

metadata = MetaData()
Table(FILINGS, metadata, Column("filing_id", Text, primary_key=True),
      *(Column(name, Text, nullable=False) for name in ("registry", "kind", "bank", "bank_name", "unit_numbers",
                                                        "location", "mortgagors", "debtors", "terms")),
      Column("rank", Integer, nullable=False), Column("assignee_name", Text, nullable=False),
      Column("state", Text, nullable=False), Column("reason", Text), Column("proof_numbers", Text, nullable=False),
      Column("filed_at", Text, nullable=False), Column("decided_at", Text), Column("version", Integer, nullable=False),
      Column("updated_at", Text, nullable=False))
Table(PARTIES, metadata, Column("filing_id", Text, primary_key=True), Column("party_key", Text, primary_key=True),
      Column("position", Integer, nullable=False), Column("party", Text, nullable=False),
      Column("state", Text, nullable=False), Column("at", Text), Column("reason", Text),
      Index(f"{PARTIES}_party", "party_key", "state", "filing_id"))
# the parties of a page of filings, by its filing ids (expanded per call)
_PARTIES_OF = text(f"SELECT filing_id, party, state, at, reason FROM {PARTIES} WHERE filing_id IN :filing_ids "
                   "ORDER BY filing_id, position").bindparams(bindparam("filing_ids", expanding=True))


def _party_key(party: str) -> str:
    """People by their hash, banks by their organisation: never a raw ID number in a key."""
    return person_key(party[len(PERSON):]) if party.startswith(PERSON) else party


class MortgageConsents(Projection):
    name = "mortgage_consents"
    tables = [FILINGS, PARTIES]
    metadata = metadata
    ddl = creates(metadata)

    @singledispatchmethod
    def process(self, event: object, tx: Tx) -> None:
        """Only mortgage filings ask for consent."""

    @process.register(mortgage_events.Filed)
    def _filed(self, event: mortgage_events.Filed, tx: Tx) -> None:
        if not any(p.startswith(PERSON) for p in event.consents_needed):
            return  # bank-to-bank consents (a transfer, a rank change) are on the banks' own desk
        filing_id, names = str(event.originator_id), {p.id_number: p.name for p in event.mortgagors}
        insert(tx, FILINGS, {
            "filing_id": filing_id, "registry": event.registry, "kind": event.kind.value, "bank": event.bank,
            "bank_name": event.bank_name, "unit_numbers": dumps(event.unit_numbers), "location": event.location,
            "mortgagors": dumps(people_view(event.mortgagors, masked=True)),
            "debtors": dumps(people_view(event.terms.debtors if event.terms else (), masked=True)),
            "terms": dumps(terms_view(event.terms)), "rank": event.rank, "assignee_name": event.assignee_name,
            "state": FilingState.AWAITING_CONSENT.value, "proof_numbers": dumps([]),
            "filed_at": timestamp(event.at), "version": event.originator_version,
            "updated_at": timestamp(event.at)})
        tx.executemany(f"INSERT INTO {PARTIES} (filing_id, party_key, position, party, state) "
                       "VALUES (:filing_id, :party_key, :position, :party, :state)",
                       [{"filing_id": filing_id, "party_key": _party_key(p), "position": position,
                         "party": dumps(party_view(p, names, masked=True)), "state": AWAITING}
                        for position, p in enumerate(event.consents_needed)])

    @process.register(mortgage_events.Consented)
    def _consented(self, event: mortgage_events.Consented, tx: Tx) -> None:
        _party(tx, event, CONFIRMED, None)
        _update(tx, event, FilingState.AWAITING_CONSENT)

    @process.register(mortgage_events.Declined)
    def _declined(self, event: mortgage_events.Declined, tx: Tx) -> None:
        _party(tx, event, DECLINED, event.reason)
        _update(tx, event, FilingState.DECLINED, decided_at=timestamp(event.at), reason=event.reason)

    @process.register(mortgage_events.Queued)
    def _queued(self, event: mortgage_events.Queued, tx: Tx) -> None:
        _update(tx, event, FilingState.QUEUED)

    @process.register(mortgage_events.Staged)
    def _staged(self, event: mortgage_events.Staged, tx: Tx) -> None:
        _update(tx, event, FilingState.STAGED)

    @process.register(mortgage_events.Registered)
    def _registered(self, event: mortgage_events.Registered, tx: Tx) -> None:
        _update(tx, event, FilingState.REGISTERED, decided_at=timestamp(event.at),
                proof_numbers=dumps(event.proof_numbers))

    @process.register(mortgage_events.Rejected)
    def _rejected(self, event: mortgage_events.Rejected, tx: Tx) -> None:
        _update(tx, event, FilingState.REJECTED, decided_at=timestamp(event.at), reason=event.reason)


def _party(tx: Tx, event: Any, state: str, reason: str | None) -> None:
    tx.execute(f"UPDATE {PARTIES} SET state = :state, at = :at, reason = :reason "
               "WHERE filing_id = :filing_id AND party_key = :party_key",
               {"state": state, "at": timestamp(event.at), "reason": reason, "filing_id": str(event.originator_id),
                "party_key": _party_key(event.party)})


def _update(tx: Tx, event: Any, state: FilingState, **columns: str) -> None:
    """Filings without a person to ask are not in this view: the UPDATE then touches nothing."""
    assignments = "".join(f", {column} = :{column}" for column in columns)  # our column names, never input
    tx.execute(f"UPDATE {FILINGS} SET state = :state, version = :version, updated_at = :updated_at{assignments} "
               "WHERE filing_id = :filing_id",
               {"state": state.value, "version": event.originator_version, "updated_at": timestamp(event.at),
                **columns, "filing_id": str(event.originator_id)})


# -- queries -----------------------------------------------------------------------------------
WAITING_FOR_ME = "m.state = :my_consent AND f.state = :filing_state"


def _select(actor: Actor, *, filing_id: str | None = None,
            awaiting: bool | None = None) -> tuple[str, dict[str, Any]]:
    """The filings naming the actor (``awaiting``: only those waiting for them; False: all the others)."""
    conditions, params = ["m.party_key = :party_key"], {"party_key": person_key(actor.id_number)}
    if filing_id is not None:
        conditions.append("f.filing_id = :filing_id")
        params["filing_id"] = str(filing_id)
    if awaiting is not None:
        conditions.append(WAITING_FOR_ME if awaiting else f"NOT ({WAITING_FOR_ME})")
        params.update(my_consent=AWAITING, filing_state=FilingState.AWAITING_CONSENT.value)
    return (f"SELECT f.*, m.state AS my_consent FROM {FILINGS} f JOIN {PARTIES} m ON m.filing_id = f.filing_id "
            f"WHERE {' AND '.join(conditions)}", params)


def _page(store: Any, actor: Actor, awaiting: bool | None, order: str, paging: PageRequest) -> Page:
    if actor.role is not Role.APPLICANT or not actor.id_number:
        return Page.empty(paging)
    sql, params = _select(actor, awaiting=awaiting)
    with store.read() as tx:
        found = fetch(tx, sql, params, order, paging)
        return replace(found, items=_with_parties(tx, found.items))


def _with_parties(tx: Tx, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not rows:
        return []
    parties: dict[str, list[dict[str, Any]]] = {}
    for p in tx.execute(_PARTIES_OF, {"filing_ids": [r["filing_id"] for r in rows]}):
        parties.setdefault(p["filing_id"], []).append({**loads(p["party"]), "state": p["state"], "at": p["at"],
                                                       "reason": p["reason"]})
    return [{**r, "unit_numbers": loads(r["unit_numbers"]), "mortgagors": loads(r["mortgagors"]),
             "debtors": loads(r["debtors"]), "terms": loads(r["terms"]), "rank": int(r["rank"]),
             "proof_numbers": loads(r["proof_numbers"]), "version": int(r["version"]),
             "parties": parties.get(r["filing_id"], [])} for r in rows]


def awaiting_me(store: Any, actor: Actor, paging: PageRequest = FIRST_PAGE) -> Page:
    """Filings still waiting for this person's confirmation, oldest first (a to-do list), one page at a time."""
    return _page(store, actor, True, "f.filed_at, f.filing_id", paging)


def mine(store: Any, actor: Actor, paging: PageRequest = FIRST_PAGE, *, settled_only: bool = False) -> Page:
    """Every filing that asks (or asked) for this person's consent, newest first (``settled_only``: not those
    still waiting for them), one page at a time."""
    return _page(store, actor, False if settled_only else None, "f.filed_at DESC, f.filing_id", paging)


def for_me(store: Any, actor: Actor, filing_id: str) -> dict[str, Any] | None:
    """One filing naming this person, or None when missing or not theirs (same answer)."""
    if actor.role is not Role.APPLICANT or not actor.id_number:
        return None
    sql, params = _select(actor, filing_id=str(filing_id))
    with store.read() as tx:
        rows = _with_parties(tx, tx.execute(sql, params))
    return rows[0] if rows else None
