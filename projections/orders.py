"""Orders with their parts by payer, the clearing ledger and daily reconciliation (finance and tax staff),
and the parties' own order.

Scoping: the parties (buyers and sellers) see their case's order and which part is theirs; a registrar
their registry's; tax officers the orders of registries in their bureau's city; the ledger and
reconciliation are for tax officers and admins. The ledger has each part's postings (money in from the
gateway = its lines out to the treasury and the fee account), so each day still reconciles.

Parts: ``buyer`` and ``seller`` (each paid separately), and on a judicial transfer ``court``: the seller's
taxes, which the court settles from the auction proceeds (shown, never charged).
"""

from __future__ import annotations

from decimal import Decimal
from functools import singledispatchmethod
from typing import TYPE_CHECKING, Any

from events import payments as payment_events
from projections.base import Projection, dumps, insert, loads, person_key, timestamp
from projections.paging import FIRST_PAGE, Page, PageRequest, fetch
from registry.kernel.actors import Actor, Role
from registry.payments.values import FEE_ACCOUNT, GATEWAY_ACCOUNT, TREASURY_PREFIX

if TYPE_CHECKING:
    from adapters.viewstore import Tx

ORDERS, POSTINGS, FLAGS = "view_order", "view_posting", "view_payment_flag"
PARTS, PAYERS = "view_order_part", "view_order_payer"
PART_ORDER = {"buyer": 0, "seller": 1, "court": 2}


def _lines(lines: list) -> list[dict]:
    return [{"code": x.code, "payer": x.payer, "description": x.description, "amount": x.amount,
             "account": x.account} for x in lines]


class Orders(Projection):
    name = "orders"
    schema_version = 2  # v2: parts by payer (view_order_part) and who may pay them (view_order_payer)
    tables = [ORDERS, POSTINGS, FLAGS, PARTS, PAYERS]
    ddl = [
        f"""CREATE TABLE IF NOT EXISTS {ORDERS} (
            order_id TEXT PRIMARY KEY, case_id TEXT NOT NULL, registry TEXT NOT NULL, payer_key TEXT NOT NULL,
            payer_name TEXT NOT NULL, lines TEXT NOT NULL, total TEXT NOT NULL, state TEXT NOT NULL,
            attempt INTEGER NOT NULL, expires_at TEXT NOT NULL, receipt_number TEXT, paid_at TEXT,
            placed_at TEXT NOT NULL, updated_at TEXT NOT NULL)""",
        f"CREATE UNIQUE INDEX IF NOT EXISTS {ORDERS}_case ON {ORDERS} (case_id)",
        f"""CREATE TABLE IF NOT EXISTS {POSTINGS} (
            order_id TEXT NOT NULL, version INTEGER NOT NULL, seq INTEGER NOT NULL, day TEXT NOT NULL,
            account TEXT NOT NULL, side TEXT NOT NULL, amount TEXT NOT NULL, line_code TEXT NOT NULL,
            kind TEXT NOT NULL, registry TEXT NOT NULL, PRIMARY KEY (order_id, version, seq))""",
        f"CREATE INDEX IF NOT EXISTS {POSTINGS}_day ON {POSTINGS} (day)",
        f"""CREATE TABLE IF NOT EXISTS {FLAGS} (
            event_id TEXT PRIMARY KEY, order_id TEXT, registry TEXT, reason TEXT NOT NULL, amount TEXT NOT NULL,
            currency TEXT NOT NULL, gateway_order_id TEXT NOT NULL, at TEXT NOT NULL)""",
        f"""CREATE TABLE IF NOT EXISTS {PARTS} (
            order_id TEXT NOT NULL, payer TEXT NOT NULL, payer_name TEXT NOT NULL, lines TEXT NOT NULL,
            total TEXT NOT NULL, state TEXT NOT NULL, receipt_number TEXT, paid_at TEXT,
            PRIMARY KEY (order_id, payer))""",
        f"""CREATE TABLE IF NOT EXISTS {PAYERS} (
            order_id TEXT NOT NULL, person_key TEXT NOT NULL, payer TEXT NOT NULL, payer_name TEXT NOT NULL,
            PRIMARY KEY (order_id, person_key))""",
    ]

    @singledispatchmethod
    def process(self, event: object, tx: Tx) -> None:
        """Only payment events."""

    @process.register(payment_events.Placed)
    def _placed(self, event: payment_events.Placed, tx: Tx) -> None:
        order_id = str(event.originator_id)
        buyer = next((p for p in event.payers if p.role == "buyer"), None)
        insert(tx, ORDERS, {
            "order_id": order_id, "case_id": event.case_id, "registry": event.registry,
            "payer_key": buyer.keys[0] if buyer and buyer.keys else "", "payer_name": buyer.name if buyer else "",
            "lines": dumps(_lines(event.lines)), "total": str(event.total), "state": "open", "attempt": 1,
            "expires_at": timestamp(event.expires_at), "receipt_number": None, "paid_at": None,
            "placed_at": timestamp(event.at), "updated_at": timestamp(event.at)})
        for payer in event.payers:
            for key in payer.keys:
                insert(tx, PAYERS, {"order_id": order_id, "person_key": key, "payer": payer.role,
                                    "payer_name": payer.name})
        self._parts(tx, order_id, event.lines, event.settled_by_court)

    def _parts(self, tx: Tx, order_id: str, lines: list, settled_by_court: list) -> None:
        """(Re)write the parts not yet paid from the order's lines; the court's part from its own lines."""
        kept = {r["payer"] for r in tx.execute(f"SELECT payer FROM {PARTS} WHERE order_id = ? AND state NOT IN "
                                               "('open', 'settled_by_court')", (order_id,))}
        tx.execute(f"DELETE FROM {PARTS} WHERE order_id = ? AND state IN ('open', 'settled_by_court')", (order_id,))
        names = {r["payer"]: r["payer_name"] for r in tx.execute(
            f"SELECT payer, payer_name FROM {PAYERS} WHERE order_id = ?", (order_id,))}
        groups = {"court": [x for x in settled_by_court if x.amount]}
        for line in lines:
            if line.amount and line.payer not in kept:
                groups.setdefault(line.payer, []).append(line)
        for payer, group in groups.items():
            if group:
                insert(tx, PARTS, {"order_id": order_id, "payer": payer, "payer_name": names.get(payer, ""),
                                   "lines": dumps(_lines(group)), "total": str(sum(x.amount for x in group)),
                                   "state": "settled_by_court" if payer == "court" else "open",
                                   "receipt_number": None, "paid_at": None})

    def _set(self, tx: Tx, event: Any, **columns: Any) -> None:
        columns["updated_at"] = timestamp(event.at)
        assignments = ", ".join(f"{c} = ?" for c in columns)
        tx.execute(f"UPDATE {ORDERS} SET {assignments} WHERE order_id = ?",
                   [*columns.values(), str(event.originator_id)])

    def _set_part(self, tx: Tx, event: Any, payer: str, **columns: Any) -> None:
        assignments = ", ".join(f"{c} = ?" for c in columns)
        tx.execute(f"UPDATE {PARTS} SET {assignments} WHERE order_id = ? AND payer = ?",
                   [*columns.values(), str(event.originator_id), payer])

    @process.register(payment_events.Revised)
    def _revised(self, event: payment_events.Revised, tx: Tx) -> None:
        row = tx.one(f"SELECT attempt FROM {ORDERS} WHERE order_id = ?", (str(event.originator_id),))
        self._set(tx, event, total=str(event.total), attempt=row["attempt"] + 1, lines=dumps(_lines(event.lines)))
        self._parts(tx, str(event.originator_id), event.lines, event.settled_by_court)

    def _post(self, tx: Tx, event: Any, postings: list, kind: str) -> None:
        registry = tx.one(f"SELECT registry FROM {ORDERS} WHERE order_id = ?", (str(event.originator_id),))
        for seq, posting in enumerate(postings):
            insert(tx, POSTINGS, {"order_id": str(event.originator_id), "version": event.originator_version,
                                  "seq": seq, "day": event.at.date().isoformat(), "account": posting.account,
                                  "side": posting.side.value, "amount": str(posting.amount),
                                  "line_code": posting.line_code, "kind": kind, "registry": registry["registry"]})

    @process.register(payment_events.PartPaid)
    def _part_paid(self, event: payment_events.PartPaid, tx: Tx) -> None:
        self._set_part(tx, event, event.payer, state="cleared", receipt_number=event.receipt_number,
                       paid_at=timestamp(event.at))
        self._set(tx, event)
        self._post(tx, event, event.postings, "clearing")

    @process.register(payment_events.Paid)
    def _paid(self, event: payment_events.Paid, tx: Tx) -> None:
        """Every part is paid. A v1 ``Paid`` was also the buyer's one payment, with its postings."""
        self._set(tx, event, state="cleared", receipt_number=event.receipt_number, paid_at=timestamp(event.at))
        if event.notice is not None:
            self._set_part(tx, event, "buyer", state="cleared", receipt_number=event.receipt_number,
                           paid_at=timestamp(event.at))
        self._post(tx, event, event.postings, "clearing")

    @process.register(payment_events.Refunded)
    def _refunded(self, event: payment_events.Refunded, tx: Tx) -> None:
        self._set_part(tx, event, event.payer, state="refunded")
        waiting = tx.one(f"SELECT COUNT(*) AS n FROM {PARTS} WHERE order_id = ? AND state = 'refund_requested'",
                         (str(event.originator_id),))
        self._set(tx, event, **({} if waiting["n"] else {"state": "refunded"}))
        self._post(tx, event, event.postings, "refund")

    @process.register(payment_events.RefundRequested)
    def _refund_requested(self, event: payment_events.RefundRequested, tx: Tx) -> None:
        self._set(tx, event, state="refund_requested")
        order_id = str(event.originator_id)
        for payer in event.payers:
            self._set_part(tx, event, payer, state="refund_requested")
        tx.execute(f"UPDATE {PARTS} SET state = 'cancelled' WHERE order_id = ? AND state = 'open'", (order_id,))

    @process.register(payment_events.Cancelled)
    def _cancelled(self, event: payment_events.Cancelled, tx: Tx) -> None:
        self._set(tx, event, state="cancelled")
        tx.execute(f"UPDATE {PARTS} SET state = 'cancelled' WHERE order_id = ? AND state = 'open'",
                   (str(event.originator_id),))

    @process.register(payment_events.AttemptAbandoned)
    def _abandoned(self, event: payment_events.AttemptAbandoned, tx: Tx) -> None:
        row = tx.one(f"SELECT attempt FROM {ORDERS} WHERE order_id = ?", (str(event.originator_id),))
        self._set(tx, event, attempt=row["attempt"] + 1)

    @process.register(payment_events.Expired)
    def _expired(self, event: payment_events.Expired, tx: Tx) -> None:
        self._set(tx, event, state="expired")

    @process.register(payment_events.Reissued)
    def _reissued(self, event: payment_events.Reissued, tx: Tx) -> None:
        row = tx.one(f"SELECT attempt FROM {ORDERS} WHERE order_id = ?", (str(event.originator_id),))
        self._set(tx, event, state="open", attempt=row["attempt"] + 1, expires_at=timestamp(event.expires_at))

    @process.register(payment_events.CallbackFlagged)
    def _flagged(self, event: payment_events.CallbackFlagged, tx: Tx) -> None:
        row = tx.one(f"SELECT registry FROM {ORDERS} WHERE order_id = ?", (str(event.originator_id),))
        self._flag(tx, event.notice, str(event.originator_id), row["registry"], event.reason, event.at)

    @process.register(payment_events.UnmatchedReceived)
    def _unmatched(self, event: payment_events.UnmatchedReceived, tx: Tx) -> None:
        self._flag(tx, event.notice, None, None, event.reason, event.at)

    def _flag(self, tx: Tx, notice: Any, order_id: str | None, registry: str | None, reason: str, at: Any) -> None:
        insert(tx, FLAGS, {"event_id": notice.event_id, "order_id": order_id, "registry": registry,
                           "reason": reason, "amount": str(notice.amount), "currency": notice.currency,
                           "gateway_order_id": notice.gateway_order_id, "at": timestamp(at)})


FINANCE = (Role.TAX_OFFICER, Role.ADMIN)
CITY_OF_BUREAU = ("{col} IN (SELECT r.id FROM account_org r JOIN account_org t ON t.city = r.city "
                  "WHERE r.kind = 'registry' AND t.id = ?)")


def _visible(actor: Actor, column: str = "o.registry") -> tuple[str, list[Any]]:
    if actor.role is Role.ADMIN:
        return "1 = 1", []
    if actor.role is Role.TAX_OFFICER:
        return CITY_OF_BUREAU.format(col=column), [actor.org]
    if actor.role is Role.REGISTRAR:
        return f"{column} = ?", [actor.org]
    if actor.role is Role.APPLICANT and actor.id_number:
        return (f"EXISTS (SELECT 1 FROM {PAYERS} y WHERE y.order_id = o.order_id AND y.person_key = ?)",
                [person_key(actor.id_number)])
    return "1 = 0", []


def for_case(store: Any, actor: Actor, case_id: str) -> dict | None:
    """The order with its ``parts`` (buyer, seller, court), and for a party ``my_part``: the one they pay.
    A seller sees the buyer's part only as paid or not: the deed tax's rate tells the buyer family's homes."""
    where, params = _visible(actor)
    with store.read() as tx:
        row = tx.one(f"SELECT * FROM {ORDERS} o WHERE o.case_id = ? AND {where}", [case_id, *params])
        if row is None:
            return None
        parts = tx.execute(f"SELECT payer, payer_name, lines, total, state, receipt_number, paid_at FROM {PARTS} "
                           "WHERE order_id = ?", (row["order_id"],))
        sides = {r["payer"] for r in tx.execute(f"SELECT payer FROM {PAYERS} WHERE order_id = ? AND person_key = ?",
                                                (row["order_id"], person_key(actor.id_number)))} \
            if actor.role is Role.APPLICANT and actor.id_number else set()
    parts = sorted(({**p, "lines": loads(p["lines"])} for p in parts), key=lambda p: PART_ORDER[p["payer"]])
    order = {**row, "lines": loads(row["lines"]), "parts": parts,
             "my_part": next((p["payer"] for p in parts if p["payer"] in sides), None)}
    return _seen_by_seller(order) if sides == {"seller"} else order


def _seen_by_seller(order: dict) -> dict:
    """The seller's own lines and total; of the buyer's part only its state."""
    parts = [p if p["payer"] == "seller" else {**p, "lines": [], "total": None, "receipt_number": None}
             for p in order["parts"]]
    own = next((p for p in parts if p["payer"] == "seller"), None)
    return {**order, "parts": parts, "lines": own["lines"] if own else [], "total": own["total"] if own else None,
            "payer_name": "", "payer_key": ""}


# a posting has no time, only its day and order version: the latest order first, then its latest event first
NEWEST_POSTINGS_FIRST = "o.placed_at DESC, p.order_id, p.version DESC, p.seq"


def ledger(store: Any, actor: Actor, day: str, paging: PageRequest = FIRST_PAGE) -> Page:
    """One day's clearing postings, newest first, one page at a time (the day's totals: ``ledger_totals``)."""
    actor.check_role(*FINANCE)
    where, params = _visible(actor, "p.registry")
    with store.read() as tx:
        return fetch(tx, f"SELECT p.* FROM {POSTINGS} p JOIN {ORDERS} o ON o.order_id = p.order_id "
                     f"WHERE p.day = ? AND {where}", [day, *params], NEWEST_POSTINGS_FIRST, paging)


def ledger_totals(store: Any, actor: Actor, day: str) -> tuple[Decimal, Decimal]:
    """The day's debits and credits over every posting (not just one page), in Decimal."""
    actor.check_role(*FINANCE)
    where, params = _visible(actor, "p.registry")
    with store.read() as tx:
        rows = tx.execute(f"SELECT p.side, p.amount FROM {POSTINGS} p WHERE p.day = ? AND {where}", [day, *params])
    return (sum((Decimal(r["amount"]) for r in rows if r["side"] == "debit"), Decimal("0.00")),
            sum((Decimal(r["amount"]) for r in rows if r["side"] == "credit"), Decimal("0.00")))


def flags(store: Any, actor: Actor, paging: PageRequest = FIRST_PAGE) -> Page:
    """Refused gateway callbacks, newest first, one page at a time."""
    actor.check_role(*FINANCE)
    where, params = _visible(actor, "f.registry")
    # Callbacks naming no known order belong to no registry: only admins see those.
    unmatched = " OR f.registry IS NULL" if actor.role is Role.ADMIN else ""
    with store.read() as tx:
        return fetch(tx, f"SELECT * FROM {FLAGS} f WHERE ({where}{unmatched})", params, "f.at DESC, f.event_id", paging)


def reconciliation(store: Any, actor: Actor, first_day: str, last_day: str) -> list[dict]:
    """Per day: money in from the gateway = treasury postings + fee postings; any gap is a mismatch."""
    actor.check_role(*FINANCE)
    where, params = _visible(actor, "p.registry")
    with store.read() as tx:
        rows = tx.execute(f"SELECT day, account, side, amount, line_code FROM {POSTINGS} p "
                          f"WHERE p.day BETWEEN ? AND ? AND {where}", [first_day, last_day, *params])
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
