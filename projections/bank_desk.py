"""The bank's desk: its mortgage filings and their states, its live mortgages with their current rank,
its monthly fee statement, and the notifications pushed to it (the webhook deliverer and the pollable
feed read the same table).

Ranks are kept per unit from the unit's own events, mirroring the register book: a new mortgage takes
the next place, a change of rank moves one mortgage, a discharge closes the gap.

This module writes the tables; the scoped reads are in ``projections.bank_queries``.
"""

from __future__ import annotations

from datetime import timedelta, timezone
from decimal import Decimal
from functools import singledispatchmethod
from typing import TYPE_CHECKING, Any
from uuid import uuid5

from events import certificate as certificate_events
from events import mortgage as mortgage_events
from events import unit as unit_events
from projections.base import Projection, dumps, insert, loads, timestamp
from registry.kernel.codes import CertificateKind
from registry.kernel.ids import NAMESPACE
from registry.mortgages.values import FilingKind, FilingState, MortgageMethod, MortgageTerms

if TYPE_CHECKING:
    from adapters.viewstore import Tx

FILINGS, ACCESS = "view_bank_filing", "view_bank_filing_access"
MORTGAGES, UNITS, NOTIFICATIONS = "view_bank_mortgage", "view_bank_unit", "view_bank_notification"
REGISTRY_CALENDAR = timezone(timedelta(hours=8))  # months of the statement are Asia/Shanghai months
CENTS = Decimal("0.01")


class BankDesk(Projection):
    name = "bank_desk"
    tables = [FILINGS, ACCESS, MORTGAGES, UNITS, NOTIFICATIONS]
    ddl = [
        f"""CREATE TABLE IF NOT EXISTS {FILINGS} (
            filing_id TEXT PRIMARY KEY, kind TEXT NOT NULL, state TEXT NOT NULL, bank TEXT NOT NULL,
            bank_name TEXT NOT NULL, bank_reference TEXT NOT NULL, filed_by TEXT NOT NULL, registry TEXT NOT NULL,
            unit_numbers TEXT NOT NULL, mortgage_ids TEXT NOT NULL, mortgagors TEXT NOT NULL, terms TEXT NOT NULL,
            rank INTEGER NOT NULL, assignee TEXT NOT NULL, assignee_name TEXT NOT NULL, location TEXT NOT NULL,
            transfer_case_id TEXT NOT NULL, consents_needed TEXT NOT NULL, consents TEXT NOT NULL,
            fee TEXT NOT NULL, ruleset TEXT, outcomes TEXT NOT NULL, reason TEXT, proof_numbers TEXT NOT NULL,
            filed_at TEXT NOT NULL, decided_at TEXT, decided_by TEXT, registered_month TEXT,
            version INTEGER NOT NULL, updated_at TEXT NOT NULL)""",
        f"CREATE INDEX IF NOT EXISTS {FILINGS}_bank ON {FILINGS} (bank, registered_month)",
        f"""CREATE TABLE IF NOT EXISTS {ACCESS} (
            filing_id TEXT NOT NULL, bank TEXT NOT NULL, why TEXT NOT NULL, PRIMARY KEY (bank, filing_id))""",
        f"""CREATE TABLE IF NOT EXISTS {MORTGAGES} (
            mortgage_id TEXT PRIMARY KEY, unit_id TEXT NOT NULL, unit_number TEXT NOT NULL, bank TEXT NOT NULL,
            bank_name TEXT NOT NULL, rank INTEGER NOT NULL, method TEXT NOT NULL, amount TEXT NOT NULL,
            maximum INTEGER NOT NULL, currency TEXT NOT NULL, claim_start TEXT, claim_end TEXT,
            performance_start TEXT NOT NULL, performance_end TEXT NOT NULL, transfer_restricted INTEGER NOT NULL,
            proof_number TEXT NOT NULL, registered_at TEXT NOT NULL, filing_id TEXT NOT NULL)""",
        f"CREATE INDEX IF NOT EXISTS {MORTGAGES}_bank ON {MORTGAGES} (bank, unit_number)",
        f"CREATE INDEX IF NOT EXISTS {MORTGAGES}_unit ON {MORTGAGES} (unit_id, rank)",
        f"CREATE TABLE IF NOT EXISTS {UNITS} (unit_id TEXT PRIMARY KEY, unit_number TEXT NOT NULL)",
        f"""CREATE TABLE IF NOT EXISTS {NOTIFICATIONS} (
            id TEXT PRIMARY KEY, seq INTEGER NOT NULL, bank TEXT NOT NULL, kind TEXT NOT NULL, filing_id TEXT,
            unit_number TEXT, payload TEXT NOT NULL, at TEXT NOT NULL)""",
        f"CREATE UNIQUE INDEX IF NOT EXISTS {NOTIFICATIONS}_feed ON {NOTIFICATIONS} (bank, seq)",
    ]

    @singledispatchmethod
    def process(self, event: object, tx: Tx) -> None:
        """Events this view does not show are ignored."""

    # -- filings -----------------------------------------------------------------------------------
    @process.register(mortgage_events.Filed)
    def _filed(self, event: mortgage_events.Filed, tx: Tx) -> None:
        filing_id = str(event.originator_id)
        insert(tx, FILINGS, {
            "filing_id": filing_id, "kind": event.kind.value, "state": FilingState.AWAITING_CONSENT.value,
            "bank": event.bank, "bank_name": event.bank_name, "bank_reference": event.bank_reference,
            "filed_by": event.filed_by, "registry": event.registry, "unit_numbers": dumps(event.unit_numbers),
            "mortgage_ids": dumps(event.mortgage_ids), "mortgagors": dumps(_people(event.mortgagors)),
            "terms": dumps(terms_of(event.terms)), "rank": event.rank, "assignee": event.assignee,
            "assignee_name": event.assignee_name, "location": event.location,
            "transfer_case_id": event.transfer_case_id, "consents_needed": dumps(event.consents_needed),
            "consents": dumps([]), "fee": str(event.fee.quantize(CENTS)), "outcomes": dumps([]),
            "proof_numbers": dumps([]),
            "filed_at": timestamp(event.at), "version": event.originator_version, "updated_at": timestamp(event.at)})
        insert(tx, ACCESS, {"filing_id": filing_id, "bank": event.bank, "why": "filer"})
        for bank in _banks_asked(event.consents_needed, event.bank):
            insert(tx, ACCESS, {"filing_id": filing_id, "bank": bank,
                                "why": "assignee" if bank == event.assignee else "consent"})
            _notify(tx, event, bank, "consent_requested", filing_id, event.unit_numbers, {
                "filing_id": filing_id, "kind": event.kind.value, "bank": event.bank, "bank_name": event.bank_name,
                "unit_numbers": event.unit_numbers, "rank": event.rank})

    @process.register(mortgage_events.Consented)
    def _consented(self, event: mortgage_events.Consented, tx: Tx) -> None:
        row = tx.one(f"SELECT consents FROM {FILINGS} WHERE filing_id = ?", (str(event.originator_id),))
        _update(tx, event, consents=dumps([*loads(row["consents"]), event.party]))

    @process.register(mortgage_events.Declined)
    def _declined(self, event: mortgage_events.Declined, tx: Tx) -> None:
        _update(tx, event, state=FilingState.DECLINED.value, reason=event.reason or "a party declined",
                decided_at=timestamp(event.at))

    @process.register(mortgage_events.Registered)
    def _registered(self, event: mortgage_events.Registered, tx: Tx) -> None:
        at = event.at.astimezone(REGISTRY_CALENDAR)
        _update(tx, event, state=FilingState.REGISTERED.value, ruleset=event.ruleset,
                outcomes=dumps(_outcomes(event.outcomes)), proof_numbers=dumps(event.proof_numbers),
                mortgage_ids=dumps(event.mortgage_ids), decided_at=timestamp(event.at), decided_by=event.by,
                registered_month=at.strftime("%Y-%m"), reason=None)
        filing = _filing_row(tx, event)
        for bank in _told_of_decision(filing):
            _notify(tx, event, bank, "filing_registered", filing["filing_id"], filing["unit_numbers"], {
                **_about(filing, bank), "proof_numbers": event.proof_numbers, "fee": filing["fee"],
                "by_rule": event.by == "rule"})

    @process.register(mortgage_events.Queued)
    def _queued(self, event: mortgage_events.Queued, tx: Tx) -> None:
        reasons = [o for o in _outcomes(event.outcomes) if o["verdict"] != "pass"]
        _update(tx, event, state=FilingState.QUEUED.value, ruleset=event.ruleset,
                outcomes=dumps(_outcomes(event.outcomes)), reason="; ".join(o["message"] for o in reasons))
        filing = _filing_row(tx, event)
        _notify(tx, event, filing["bank"], "filing_queued", filing["filing_id"], filing["unit_numbers"],
                {**_about(filing, filing["bank"]), "reasons": reasons})

    @process.register(mortgage_events.Staged)
    def _staged(self, event: mortgage_events.Staged, tx: Tx) -> None:
        _update(tx, event, state=FilingState.STAGED.value, ruleset=event.ruleset,
                outcomes=dumps(_outcomes(event.outcomes)))

    @process.register(mortgage_events.Rejected)
    def _rejected(self, event: mortgage_events.Rejected, tx: Tx) -> None:
        _update(tx, event, state=FilingState.REJECTED.value, reason=event.reason, decided_at=timestamp(event.at),
                decided_by=event.registrar)
        filing = _filing_row(tx, event)
        for bank in _told_of_decision(filing):
            _notify(tx, event, bank, "filing_rejected", filing["filing_id"], filing["unit_numbers"],
                    {**_about(filing, bank), "reason": event.reason})

    # -- the mortgages on each unit's page ---------------------------------------------------------
    @process.register(unit_events.Registered)
    def _unit_registered(self, event: unit_events.Registered, tx: Tx) -> None:
        insert(tx, UNITS, {"unit_id": str(event.originator_id), "unit_number": event.unit_number})

    @process.register(unit_events.MortgageRegistered)
    def _mortgage_registered(self, event: unit_events.MortgageRegistered, tx: Tx) -> None:
        mortgage, unit_id = event.mortgage, str(event.originator_id)
        insert(tx, MORTGAGES, {
            "mortgage_id": mortgage.mortgage_id, "unit_id": unit_id, "unit_number": _unit_number(tx, unit_id),
            "bank": mortgage.bank, "bank_name": mortgage.bank_name, "rank": 0, **_term_columns(mortgage.terms),
            "proof_number": mortgage.proof_number, "registered_at": timestamp(event.at),
            "filing_id": mortgage.filing_id})
        _rank(tx, unit_id, mortgage.mortgage_id, place=None)

    @process.register(unit_events.MortgageChanged)
    def _mortgage_changed(self, event: unit_events.MortgageChanged, tx: Tx) -> None:
        # the filing under which the current proof was issued: proof number and filing go together
        _update_mortgage(tx, event.mortgage_id, **_term_columns(event.terms), proof_number=event.proof_number,
                         filing_id=event.filing_id)
        _rank(tx, str(event.originator_id), event.mortgage_id, place=event.rank)

    @process.register(unit_events.MortgageTransferred)
    def _mortgage_transferred(self, event: unit_events.MortgageTransferred, tx: Tx) -> None:
        _update_mortgage(tx, event.mortgage_id, bank=event.bank, bank_name=event.bank_name,
                         proof_number=event.proof_number, filing_id=event.filing_id)

    @process.register(unit_events.MortgageReranked)
    def _mortgage_reranked(self, event: unit_events.MortgageReranked, tx: Tx) -> None:
        """Another registration moved the bank's mortgage: its rank (kept by ``_rank``) and proof number change,
        and the bank is told now; ``proof_issued`` follows once the new proof is sealed."""
        _update_mortgage(tx, event.mortgage_id, proof_number=event.proof_number)
        unit_number = _unit_number(tx, str(event.originator_id))
        _notify(tx, event, event.bank, "mortgage_reranked", None, [unit_number], {
            "mortgage_id": event.mortgage_id, "unit_number": unit_number, "rank": event.rank,
            "previous_rank": event.previous_rank, "proof_number": event.proof_number,
            "previous_proof_number": event.previous_proof_number})

    @process.register(unit_events.MortgageDischarged)
    def _mortgage_discharged(self, event: unit_events.MortgageDischarged, tx: Tx) -> None:
        unit_id = str(event.originator_id)
        unit_number = _unit_number(tx, unit_id)
        tx.execute(f"DELETE FROM {MORTGAGES} WHERE mortgage_id = ?", (event.mortgage_id,))
        _rank(tx, unit_id, None, place=None)
        about = {"mortgage_id": event.mortgage_id, "unit_number": unit_number, "proof_number": event.proof_number}
        if isinstance(event, unit_events.MortgageExtinguished):
            # 涂销 after a judicial auction: the bank is paid from the price, the court named so it can claim
            _notify(tx, event, event.bank, "mortgage_extinguished", None, [unit_number], {
                **about, "court": event.court, "court_name": event.court_name, "ruling_number": event.ruling_number,
                "case_id": event.case_id})
        else:
            _notify(tx, event, event.bank, "mortgage_discharged", event.filing_id, [unit_number],
                    {**about, "filing_id": event.filing_id})

    @process.register(mortgage_events.LoanDisbursed)
    def _loan_disbursed(self, event: mortgage_events.LoanDisbursed, tx: Tx) -> None:
        """The bank's own record of the loan it paid to the auction court (the court's feed says the same)."""
        _update(tx, event)
        filing = _filing_row(tx, event)
        _notify(tx, event, filing["bank"], "loan_disbursed", filing["filing_id"], filing["unit_numbers"], {
            **_about(filing, filing["bank"]), "court_name": event.court_name, "amount": str(event.amount),
            "account": event.account, "reference": event.reference, "paid_on": event.paid_on.isoformat()})

    @process.register(unit_events.Seized)
    def _seized(self, event: unit_events.Seized, tx: Tx) -> None:
        """A court seized (or queued a seizure on) a unit the bank holds a mortgage on."""
        _tell_mortgagees(tx, event, authority=event.court_name, reason="查封（轮候）" if event.queued else "查封",
                         until=event.end)

    @process.register(unit_events.Locked)
    def _locked(self, event: unit_events.Locked, tx: Tx) -> None:
        _tell_mortgagees(tx, event, authority=event.authority, reason=event.reason, until=event.until)

    # -- proofs pushed to the bank -----------------------------------------------------------------
    @process.register(certificate_events.Issued)
    def _issued(self, event: certificate_events.Issued, tx: Tx) -> None:
        bank = event.holder_org  # a proof names the bank holding the right (certificate v2)
        if event.kind is not CertificateKind.PROOF or not bank:
            return
        certificate_id = str(event.originator_id)
        _notify(tx, event, bank, "proof_issued", event.case_id or None, [event.unit_number], {
            "certificate_id": certificate_id, "number": event.number, "unit_number": event.unit_number,
            "filing_id": event.case_id, "download": f"/api/v1/certificates/{certificate_id}.pdf"})


# -- handler helpers -------------------------------------------------------------------------------
def _tell_mortgagees(tx: Tx, event: Any, *, authority: str, reason: str, until: Any) -> None:
    """Each bank holding a mortgage on the unit is told of the lock, with its own mortgages there."""
    unit_id = str(event.originator_id)
    held = tx.execute(f"SELECT bank, mortgage_id, proof_number FROM {MORTGAGES} WHERE unit_id = ? ORDER BY rank",
                      (unit_id,))
    unit_number = _unit_number(tx, unit_id)
    for bank in sorted({m["bank"] for m in held}):
        _notify(tx, event, bank, "seizure", None, [unit_number], {
            "unit_number": unit_number, "authority": authority, "reference": event.reference, "reason": reason,
            "until": until.isoformat() if until else None,
            "mortgages": [{"mortgage_id": m["mortgage_id"], "proof_number": m["proof_number"]}
                          for m in held if m["bank"] == bank]})


def _people(people: Any) -> list[dict[str, str]]:
    return [{"name": p.name, "id_number": p.id_number} for p in people]


def terms_of(terms: MortgageTerms | None) -> dict[str, Any] | None:
    if terms is None:
        return None
    return {"method": terms.method.value, "maximum": terms.method is MortgageMethod.MAXIMUM,
            "secured_amount": terms.secured_amount, "maximum_amount": terms.maximum_amount,
            "claim_start": terms.claim_start, "claim_end": terms.claim_end, "currency": terms.currency,
            "performance_start": terms.performance_start, "performance_end": terms.performance_end,
            "guarantee_scope": terms.guarantee_scope, "transfer_restricted": terms.transfer_restricted,
            "loan_type": terms.loan_type.value, "contract_numbers": list(terms.contract_numbers),
            "debtors": _people(terms.debtors)}


def _term_columns(terms: MortgageTerms) -> dict[str, Any]:
    def day(value: Any) -> str | None:
        return value.isoformat() if value is not None else None

    return {"method": terms.method.value, "amount": str(terms.amount),
            "maximum": int(terms.method is MortgageMethod.MAXIMUM), "currency": terms.currency,
            "claim_start": day(terms.claim_start), "claim_end": day(terms.claim_end),
            "performance_start": day(terms.performance_start), "performance_end": day(terms.performance_end),
            "transfer_restricted": int(terms.transfer_restricted)}


def _outcomes(outcomes: Any) -> list[dict[str, str]]:
    return [{"rule": o.rule, "verdict": o.verdict, "message": o.message} for o in outcomes]


def _banks_asked(parties: list[str], filer: str) -> list[str]:
    """The other banks whose consent the filing waits for, each once."""
    return list(dict.fromkeys(p.split(":", 1)[1] for p in parties if p.startswith("bank:") and p != f"bank:{filer}"))


def _update(tx: Tx, event: Any, **columns: Any) -> None:
    assignments = "".join(f", {column} = ?" for column in columns)
    tx.execute(f"UPDATE {FILINGS} SET version = ?, updated_at = ?{assignments} WHERE filing_id = ?",
               (event.originator_version, timestamp(event.at), *columns.values(), str(event.originator_id)))


def _update_mortgage(tx: Tx, mortgage_id: str, **columns: Any) -> None:
    assignments = ", ".join(f"{column} = ?" for column in columns)
    tx.execute(f"UPDATE {MORTGAGES} SET {assignments} WHERE mortgage_id = ?", (*columns.values(), mortgage_id))


def _rank(tx: Tx, unit_id: str, moved: str | None, place: int | None) -> None:
    """Renumber the unit's mortgages 1..n; ``moved`` goes last (a new one) or to ``place`` (a rank change)."""
    order = [r["mortgage_id"] for r in tx.execute(
        f"SELECT mortgage_id FROM {MORTGAGES} WHERE unit_id = ? AND rank > 0 ORDER BY rank", (unit_id,))
        if r["mortgage_id"] != moved]
    if moved is not None:
        order.insert(len(order) if place is None else place - 1, moved)
    for rank, mortgage_id in enumerate(order, start=1):
        tx.execute(f"UPDATE {MORTGAGES} SET rank = ? WHERE mortgage_id = ? AND rank <> ?", (rank, mortgage_id, rank))


def _unit_number(tx: Tx, unit_id: str) -> str:
    row = tx.one(f"SELECT unit_number FROM {UNITS} WHERE unit_id = ?", (unit_id,))
    return row["unit_number"] if row else ""


def _filing_row(tx: Tx, event: Any) -> dict[str, Any]:
    row = dict(tx.one(f"SELECT * FROM {FILINGS} WHERE filing_id = ?", (str(event.originator_id),)))
    row["unit_numbers"] = loads(row["unit_numbers"])
    return row


def _told_of_decision(filing: dict[str, Any]) -> list[str]:
    """The filing bank, and for a transfer the bank that takes the debt."""
    if filing["kind"] == FilingKind.TRANSFER.value and filing["assignee"]:
        return [filing["bank"], filing["assignee"]]
    return [filing["bank"]]


def _about(filing: dict[str, Any], bank: str) -> dict[str, Any]:
    """What every filing notification says; the bank's own reference only to the bank that chose it."""
    about = {"filing_id": filing["filing_id"], "kind": filing["kind"], "unit_numbers": filing["unit_numbers"]}
    if bank == filing["bank"]:
        about["bank_reference"] = filing["bank_reference"]
    return about


def _notify(tx: Tx, event: Any, bank: str, kind: str, filing_id: str | None, unit_numbers: list[str],
            payload: dict[str, Any]) -> None:
    """Append to the bank's feed: ``seq`` is the bank's next number and ``id`` a function of the event
    and the bank, so a rebuild writes the same rows and a bank can de-duplicate redeliveries."""
    top = tx.one(f"SELECT MAX(seq) AS top FROM {NOTIFICATIONS} WHERE bank = ?", (bank,))
    insert(tx, NOTIFICATIONS, {
        "id": str(uuid5(NAMESPACE, f"bank-notification:{event.originator_id}:{event.originator_version}:{bank}")),
        "seq": int(top["top"] or 0) + 1, "bank": bank, "kind": kind, "filing_id": filing_id,
        "unit_number": unit_numbers[0] if len(unit_numbers) == 1 else None, "payload": dumps(payload),
        "at": timestamp(event.at)})
