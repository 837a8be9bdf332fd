"""The tax bureau's finance reads of the payments view (``projections.orders`` writes it): the day's clearing
ledger and its totals, the refused gateway callbacks, and the daily reconciliation of money in against
treasury and fee postings. Scoped like the orders: a tax officer sees the registries of the bureau's city.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from projections.orders import FINANCE, FLAGS, ORDERS, POSTINGS, visible
from projections.paging import FIRST_PAGE, Page, PageRequest, fetch
from registry.kernel.actors import Actor, Role
from registry.payments.values import FEE_ACCOUNT, GATEWAY_ACCOUNT, TREASURY_PREFIX

# a posting has no time, only its day and order version: the latest order first, then its latest event first
NEWEST_POSTINGS_FIRST = "o.placed_at DESC, p.order_id, p.version DESC, p.seq"


def ledger(store: Any, actor: Actor, day: str, paging: PageRequest = FIRST_PAGE) -> Page:
    """One day's clearing postings, newest first, one page at a time (the day's totals: ``ledger_totals``)."""
    actor.check_role(*FINANCE)
    where, params = visible(actor, "p.registry")
    with store.read() as tx:
        return fetch(tx, f"SELECT p.* FROM {POSTINGS} p JOIN {ORDERS} o ON o.order_id = p.order_id "
                     f"WHERE p.day = :day AND {where}", {"day": day, **params}, NEWEST_POSTINGS_FIRST, paging)


def ledger_totals(store: Any, actor: Actor, day: str) -> tuple[Decimal, Decimal]:
    """The day's debits and credits over every posting (not just one page), in Decimal."""
    actor.check_role(*FINANCE)
    where, params = visible(actor, "p.registry")
    with store.read() as tx:
        rows = tx.execute(f"SELECT p.side, p.amount FROM {POSTINGS} p WHERE p.day = :day AND {where}",
                          {"day": day, **params})
    return (sum((Decimal(r["amount"]) for r in rows if r["side"] == "debit"), Decimal("0.00")),
            sum((Decimal(r["amount"]) for r in rows if r["side"] == "credit"), Decimal("0.00")))


def flags(store: Any, actor: Actor, paging: PageRequest = FIRST_PAGE) -> Page:
    """Refused gateway callbacks, newest first, one page at a time."""
    actor.check_role(*FINANCE)
    where, params = visible(actor, "f.registry")
    # Callbacks naming no known order belong to no registry: only admins see those.
    unmatched = " OR f.registry IS NULL" if actor.role is Role.ADMIN else ""
    with store.read() as tx:
        return fetch(tx, f"SELECT * FROM {FLAGS} f WHERE ({where}{unmatched})", params, "f.at DESC, f.event_id", paging)


def reconciliation(store: Any, actor: Actor, first_day: str, last_day: str) -> list[dict]:
    """Per day: money in from the gateway = treasury postings + fee postings; any gap is a mismatch."""
    actor.check_role(*FINANCE)
    where, params = visible(actor, "p.registry")
    with store.read() as tx:
        rows = tx.execute(f"SELECT day, account, side, amount, line_code FROM {POSTINGS} p "
                          f"WHERE p.day BETWEEN :first_day AND :last_day AND {where}",
                          {"first_day": first_day, "last_day": last_day, **params})
    days: dict[str, dict] = {}
    for row in rows:
        day = days.setdefault(row["day"], {"day": row["day"], "settlements": Decimal(0), "treasury": Decimal(0),
                                           "fees": Decimal(0), "by_tax": {}})
        amount = Decimal(row["amount"]) * (1 if row["side"] == ("debit" if row["account"] == GATEWAY_ACCOUNT
                                                                 else "credit") else -1)
        if row["account"] == GATEWAY_ACCOUNT:
            day["settlements"] += amount
        elif row["account"] == FEE_ACCOUNT:
            day["fees"] += amount
        elif row["account"].startswith(TREASURY_PREFIX):
            day["treasury"] += amount
            code = row["account"][len(TREASURY_PREFIX):]
            day["by_tax"][code] = day["by_tax"].get(code, Decimal(0)) + amount
    result = []
    for day in sorted(days.values(), key=lambda d: d["day"]):
        gap = day["settlements"] - day["treasury"] - day["fees"]
        result.append({**day, "mismatch": gap, "balanced": gap == 0})
    return result
