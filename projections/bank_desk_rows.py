"""The bank's desk's tables (``projections.bank_desk`` writes them, ``projections.bank_queries`` reads them) and
the row helpers its handlers share: filing and mortgage updates, rank renumbering, and the bank's feed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import uuid5

from sqlalchemy import Column, Index, Integer, MetaData, PrimaryKeyConstraint, Table, Text

from projections.base import dumps, insert, loads, timestamp
from registry.kernel.ids import NAMESPACE
from registry.mortgages.values import FilingKind, MortgageMethod, MortgageTerms

if TYPE_CHECKING:
    from adapters.viewstore import Tx

FILINGS, ACCESS = "view_bank_filing", "view_bank_filing_access"
MORTGAGES, UNITS, NOTIFICATIONS = "view_bank_mortgage", "view_bank_unit", "view_bank_notification"
SUPPLEMENTS = "view_bank_filing_supplement"  # what the registrar asked the filing bank for (补正)

metadata = MetaData()
Table(FILINGS, metadata, Column("filing_id", Text, primary_key=True),
      *(Column(name, Text, nullable=False) for name in ("kind", "state", "bank", "bank_name", "bank_reference",
                                                        "filed_by", "registry", "unit_numbers", "mortgage_ids",
                                                        "mortgagors", "terms")),
      Column("rank", Integer, nullable=False),
      *(Column(name, Text, nullable=False) for name in ("assignee", "assignee_name", "location", "transfer_case_id",
                                                        "consents_needed", "consents", "fee")),
      Column("ruleset", Text), Column("outcomes", Text, nullable=False), Column("reason", Text),
      Column("proof_numbers", Text, nullable=False), Column("filed_at", Text, nullable=False),
      *(Column(name, Text) for name in ("decided_at", "decided_by", "registered_month")),
      Column("version", Integer, nullable=False), Column("updated_at", Text, nullable=False),
      Index(f"{FILINGS}_bank", "bank", "registered_month"))
Table(SUPPLEMENTS, metadata, Column("filing_id", Text, primary_key=True), Column("missing", Text, nullable=False),
      Column("note", Text, nullable=False), Column("returned_at", Text, nullable=False), Column("resubmitted_at", Text))
Table(ACCESS, metadata, Column("filing_id", Text, nullable=False), Column("bank", Text, nullable=False),
      Column("why", Text, nullable=False), PrimaryKeyConstraint("bank", "filing_id"))  # a bank's filings first
Table(MORTGAGES, metadata, Column("mortgage_id", Text, primary_key=True),
      *(Column(name, Text, nullable=False) for name in ("unit_id", "unit_number", "bank", "bank_name")),
      Column("rank", Integer, nullable=False), Column("method", Text, nullable=False),
      Column("amount", Text, nullable=False), Column("maximum", Integer, nullable=False),
      Column("currency", Text, nullable=False), Column("claim_start", Text), Column("claim_end", Text),
      Column("performance_start", Text, nullable=False), Column("performance_end", Text, nullable=False),
      Column("transfer_restricted", Integer, nullable=False),
      *(Column(name, Text, nullable=False) for name in ("proof_number", "registered_at", "filing_id")),
      Index(f"{MORTGAGES}_bank", "bank", "unit_number"), Index(f"{MORTGAGES}_unit", "unit_id", "rank"))
Table(UNITS, metadata, Column("unit_id", Text, primary_key=True), Column("unit_number", Text, nullable=False))
Table(NOTIFICATIONS, metadata, Column("id", Text, primary_key=True), Column("seq", Integer, nullable=False),
      Column("bank", Text, nullable=False), Column("kind", Text, nullable=False), Column("filing_id", Text),
      Column("unit_number", Text), Column("payload", Text, nullable=False), Column("at", Text, nullable=False),
      Index(f"{NOTIFICATIONS}_feed", "bank", "seq", unique=True))


def tell_mortgagees(tx: Tx, event: Any, *, authority: str, reason: str, until: Any) -> None:
    """Each bank holding a mortgage on the unit is told of the lock, with its own mortgages there."""
    unit_id = str(event.originator_id)
    held = tx.execute(f"SELECT bank, mortgage_id, proof_number FROM {MORTGAGES} WHERE unit_id = :unit_id "
                      "ORDER BY rank", {"unit_id": unit_id})
    unit_number = unit_number_of(tx, unit_id)
    for bank in sorted({m["bank"] for m in held}):
        notify(tx, event, bank, "seizure", None, [unit_number], {
            "unit_number": unit_number, "authority": authority, "reference": event.reference, "reason": reason,
            "until": until.isoformat() if until else None,
            "mortgages": [{"mortgage_id": m["mortgage_id"], "proof_number": m["proof_number"]}
                          for m in held if m["bank"] == bank]})


def people_rows(people: Any) -> list[dict[str, str]]:
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
            "debtors": people_rows(terms.debtors)}


def term_columns(terms: MortgageTerms) -> dict[str, Any]:
    def day(value: Any) -> str | None:
        return value.isoformat() if value is not None else None

    return {"method": terms.method.value, "amount": str(terms.amount),
            "maximum": int(terms.method is MortgageMethod.MAXIMUM), "currency": terms.currency,
            "claim_start": day(terms.claim_start), "claim_end": day(terms.claim_end),
            "performance_start": day(terms.performance_start), "performance_end": day(terms.performance_end),
            "transfer_restricted": int(terms.transfer_restricted)}


def outcome_rows(outcomes: Any) -> list[dict[str, str]]:
    return [{"rule": o.rule, "verdict": o.verdict, "message": o.message} for o in outcomes]


def banks_asked(parties: list[str], filer: str) -> list[str]:
    """The other banks whose consent the filing waits for, each once."""
    return list(dict.fromkeys(p.split(":", 1)[1] for p in parties if p.startswith("bank:") and p != f"bank:{filer}"))


def update_filing(tx: Tx, event: Any, **columns: Any) -> None:
    assignments = "".join(f", {column} = :{column}" for column in columns)  # our column names, never input
    tx.execute(f"UPDATE {FILINGS} SET version = :version, updated_at = :updated_at{assignments} "
               "WHERE filing_id = :filing_id", {"version": event.originator_version, "updated_at": timestamp(event.at),
                                                **columns, "filing_id": str(event.originator_id)})


def update_mortgage(tx: Tx, mortgage_id: str, **columns: Any) -> None:
    assignments = ", ".join(f"{column} = :{column}" for column in columns)  # our column names, never input
    tx.execute(f"UPDATE {MORTGAGES} SET {assignments} WHERE mortgage_id = :mortgage_id",
               {**columns, "mortgage_id": mortgage_id})


def renumber(tx: Tx, unit_id: str, moved: str | None, place: int | None) -> None:
    """Renumber the unit's mortgages 1..n; ``moved`` goes last (a new one) or to ``place`` (a rank change)."""
    order = [r["mortgage_id"] for r in tx.execute(
        f"SELECT mortgage_id FROM {MORTGAGES} WHERE unit_id = :unit_id AND rank > 0 ORDER BY rank",
        {"unit_id": unit_id})
        if r["mortgage_id"] != moved]
    if moved is not None:
        order.insert(len(order) if place is None else place - 1, moved)
    tx.executemany(f"UPDATE {MORTGAGES} SET rank = :rank WHERE mortgage_id = :mortgage_id AND rank <> :rank",
                   [{"rank": rank, "mortgage_id": mortgage_id} for rank, mortgage_id in enumerate(order, start=1)])


def unit_number_of(tx: Tx, unit_id: str) -> str:
    row = tx.one(f"SELECT unit_number FROM {UNITS} WHERE unit_id = :unit_id", {"unit_id": unit_id})
    return row["unit_number"] if row else ""


def filing_row(tx: Tx, event: Any) -> dict[str, Any]:
    row = dict(tx.one(f"SELECT * FROM {FILINGS} WHERE filing_id = :filing_id", {"filing_id": str(event.originator_id)}))
    row["unit_numbers"] = loads(row["unit_numbers"])
    return row


def told_of_decision(filing: dict[str, Any]) -> list[str]:
    """The filing bank, and for a transfer the bank that takes the debt."""
    if filing["kind"] == FilingKind.TRANSFER.value and filing["assignee"]:
        return [filing["bank"], filing["assignee"]]
    return [filing["bank"]]


def about(filing: dict[str, Any], bank: str) -> dict[str, Any]:
    """What every filing notification says; the bank's own reference only to the bank that chose it."""
    about = {"filing_id": filing["filing_id"], "kind": filing["kind"], "unit_numbers": filing["unit_numbers"]}
    if bank == filing["bank"]:
        about["bank_reference"] = filing["bank_reference"]
    return about


def notify(tx: Tx, event: Any, bank: str, kind: str, filing_id: str | None, unit_numbers: list[str],
            payload: dict[str, Any]) -> None:
    """Append to the bank's feed: ``seq`` is the bank's next number and ``id`` a function of the event
    and the bank, so a rebuild writes the same rows and a bank can de-duplicate redeliveries."""
    top = tx.one(f"SELECT MAX(seq) AS top FROM {NOTIFICATIONS} WHERE bank = :bank", {"bank": bank})
    insert(tx, NOTIFICATIONS, {
        "id": str(uuid5(NAMESPACE, f"bank-notification:{event.originator_id}:{event.originator_version}:{bank}")),
        "seq": int(top["top"] or 0) + 1, "bank": bank, "kind": kind, "filing_id": filing_id,
        "unit_number": unit_numbers[0] if len(unit_numbers) == 1 else None, "payload": dumps(payload),
        "at": timestamp(event.at)})
