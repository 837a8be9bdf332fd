"""The bank's desk as its readers see it: filings, live mortgages, the notification feed and the monthly
fee statement, read from the tables ``projections.bank_desk`` writes.

Scoping: bank staff see the filings of their bank and those that wait (or waited) for their bank's
consent, their bank's live mortgages and its notifications; admins see everything; anyone else
nothing — and another bank's filing gets the same answer as one that does not exist.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from projections.bank_desk_rows import ACCESS, FILINGS, MORTGAGES, NOTIFICATIONS, SUPPLEMENTS
from projections.base import loads
from projections.paging import FIRST_PAGE, Page, PageRequest, fetch
from registry.kernel.actors import Actor, Role
from registry.kernel.errors import InvalidValue, NotAuthorised
from registry.kernel.values import mask_id_number
from registry.mortgages.values import FilingState

MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
JSON_COLUMNS = ("unit_numbers", "mortgage_ids", "mortgagors", "terms", "consents_needed", "consents",
                "outcomes", "proof_numbers")


def _bank_of(actor: Actor) -> str | None:
    """The bank whose rows the actor sees; "" for an admin (every bank); None for nobody."""
    if actor.role is Role.ADMIN:
        return ""
    if actor.role is Role.BANK_STAFF and actor.org:
        return actor.org
    return None


def _readers(actor: Actor) -> str:
    actor.check_role(Role.BANK_STAFF, Role.ADMIN)
    bank = _bank_of(actor)
    if bank is None:  # bank staff without a bank: never read as "every bank"
        raise NotAuthorised("only staff of a bank may read a bank's desk")
    return bank


def _filing_scope(bank: str) -> tuple[str, dict[str, Any]]:
    if not bank:
        return "1 = 1", {}
    return f"f.filing_id IN (SELECT a.filing_id FROM {ACCESS} a WHERE a.bank = :scope_bank)", {"scope_bank": bank}


def _party(party: str) -> str:
    """Banks by their org id; people by a masked ID number."""
    kind, _, who = party.partition(":")
    return party if kind != "person" else f"person:{mask_id_number(who)}"


def _filing(row: dict[str, Any], bank: str) -> dict[str, Any]:
    own = not bank or row["bank"] == bank
    data = {column: loads(row[column]) for column in JSON_COLUMNS}
    mortgagors = data["mortgagors"] if own else [
        {"name": p["name"], "id_number": mask_id_number(p["id_number"])} for p in data["mortgagors"]]
    return {
        "filing_id": row["filing_id"], "kind": row["kind"], "state": row["state"], "bank": row["bank"],
        "bank_name": row["bank_name"], "bank_reference": row["bank_reference"] if own else None,
        "registry": row["registry"], "unit_numbers": data["unit_numbers"], "mortgage_ids": data["mortgage_ids"],
        "mortgagors": mortgagors, "terms": data["terms"], "rank": int(row["rank"]), "fee": row["fee"],
        "assignee": row["assignee"] or None, "assignee_name": row["assignee_name"] or None,
        "location": row["location"] or None,
        "consents": [{"party": _party(p), "done": p in data["consents"]} for p in data["consents_needed"]],
        "ruleset": row["ruleset"], "outcomes": data["outcomes"], "reason": row["reason"],
        "proof_numbers": data["proof_numbers"], "filed_at": row["filed_at"], "decided_at": row["decided_at"],
        "decided_by": row["decided_by"], "transfer_case_id": row["transfer_case_id"] or None, "own": own,
        "version": int(row["version"])}


def filings(store: Any, actor: Actor, state: str | None = None, paging: PageRequest = FIRST_PAGE) -> Page:
    """The bank's filings and those waiting for its consent, newest first, optionally in one state."""
    bank = _readers(actor)
    where, params = _filing_scope(bank)
    if state is not None:
        try:
            where, params = f"{where} AND f.state = :state", {**params, "state": FilingState(state).value}
        except ValueError:
            raise InvalidValue(f"unknown filing state {state!r}", field="state") from None
    with store.read() as tx:
        return fetch(tx, f"SELECT * FROM {FILINGS} f WHERE {where}", params, "f.filed_at DESC, f.filing_id",
                     paging, lambda row: _filing(row, bank))


def filing(store: Any, actor: Actor, filing_id: str) -> dict[str, Any] | None:
    """One filing, or None when missing or not the actor's bank's business (same answer)."""
    bank = _bank_of(actor)
    if bank is None:
        return None
    where, params = _filing_scope(bank)
    with store.read() as tx:
        row = tx.one(f"SELECT * FROM {FILINGS} f WHERE f.filing_id = :filing_id AND {where}",
                     {"filing_id": str(filing_id), **params})
        asked = tx.one(f"SELECT missing, note, returned_at, resubmitted_at FROM {SUPPLEMENTS} "
                       "WHERE filing_id = :filing_id", {"filing_id": str(filing_id)}) if row else None
    if row is None:
        return None
    found = _filing(row, bank)
    own_ask = asked is not None and found["own"]  # what the registrar asked is the filing bank's business
    found["supplement"] = {**asked, "missing": loads(asked["missing"])} if own_ask else None
    return found


def _mortgage(r: dict[str, Any]) -> dict[str, Any]:
    return {**{k: v for k, v in r.items() if k != "unit_id"}, "rank": int(r["rank"]), "maximum": bool(r["maximum"]),
            "transfer_restricted": bool(r["transfer_restricted"])}


def mortgages(store: Any, actor: Actor, paging: PageRequest = FIRST_PAGE) -> Page:
    """The bank's live mortgages by unit, each with its current rank on that unit, one page at a time."""
    bank = _readers(actor)
    with store.read() as tx:
        return fetch(tx, f"SELECT * FROM {MORTGAGES} WHERE bank = :bank OR :bank = ''", {"bank": bank},
                     "unit_number, rank, mortgage_id", paging, _mortgage)


def _notification(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "seq": int(row["seq"]), "payload": loads(row["payload"])}


def notifications_after(store: Any, bank: str, after_seq: int, limit: int = 100) -> list[dict[str, Any]]:
    """The deliverer's read: one bank's notifications after ``after_seq``, in order (no actor: it is ours)."""
    with store.read() as tx:
        rows = tx.execute(f"SELECT * FROM {NOTIFICATIONS} WHERE bank = :bank AND seq > :after ORDER BY seq "
                          "LIMIT :limit", {"bank": bank, "after": int(after_seq), "limit": max(1, min(limit, 1000))})
    return [_notification(r) for r in rows]


def notifications(store: Any, actor: Actor, after_seq: int = 0, limit: int = 100) -> list[dict[str, Any]]:
    """The pollable feed of the actor's bank (an admin reads every bank's, bank by bank)."""
    bank = _readers(actor)
    if bank:
        return notifications_after(store, bank, after_seq, limit)
    with store.read() as tx:
        rows = tx.execute(f"SELECT * FROM {NOTIFICATIONS} WHERE seq > :after ORDER BY bank, seq LIMIT :limit",
                          {"after": int(after_seq), "limit": max(1, min(limit, 1000))})
    return [_notification(r) for r in rows]


def notification_page(store: Any, actor: Actor, paging: PageRequest = FIRST_PAGE) -> Page:
    """The bank's notifications as its staff read them: newest first, one page at a time (the feed above is
    for machines, which read forward from the last seq they processed)."""
    bank = _readers(actor)
    with store.read() as tx:
        return fetch(tx, f"SELECT * FROM {NOTIFICATIONS} WHERE bank = :bank OR :bank = ''", {"bank": bank},
                     "seq DESC" if bank else "at DESC, bank, seq DESC", paging, _notification)


def statement(store: Any, actor: Actor, month: str) -> dict[str, Any]:
    """The monthly bank statement: fees of the bank's filings registered in that month (Asia/Shanghai)."""
    bank = _readers(actor)
    if not isinstance(month, str) or not MONTH.fullmatch(month):
        raise InvalidValue("the month is written YYYY-MM, e.g. 2026-03", field="month")
    with store.read() as tx:
        rows = tx.execute(f"SELECT filing_id, bank, kind, bank_reference, decided_at, fee FROM {FILINGS} "
                          "WHERE registered_month = :month AND (bank = :bank OR :bank = '') "
                          "ORDER BY decided_at, filing_id", {"month": month, "bank": bank})
    lines = [{"filing_id": r["filing_id"], "bank": r["bank"], "kind": r["kind"],
              "bank_reference": r["bank_reference"], "registered_at": r["decided_at"], "fee": r["fee"]}
             for r in rows]
    total = sum((Decimal(line["fee"]) for line in lines), Decimal("0.00"))
    return {"month": month, "bank": bank or None, "lines": lines, "total": str(total)}
