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

from functools import singledispatchmethod
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, Index, Integer, MetaData, Table, Text

from events import payments as payment_events
from projections.base import Projection, creates, dumps, insert, loads, person_key, timestamp
from registry.kernel.actors import Actor, Role

if TYPE_CHECKING:
    from adapters.viewstore import Tx

ORDERS, POSTINGS, FLAGS = "view_order", "view_posting", "view_payment_flag"
PARTS, PAYERS = "view_order_part", "view_order_payer"
PART_ORDER = {"buyer": 0, "seller": 1, "court": 2}

metadata = MetaData()
Table(ORDERS, metadata, Column("order_id", Text, primary_key=True),
      *(Column(name, Text, nullable=False) for name in ("case_id", "registry", "payer_key", "payer_name", "lines",
                                                        "total", "state")),
      Column("attempt", Integer, nullable=False), Column("expires_at", Text, nullable=False),
      Column("receipt_number", Text), Column("paid_at", Text), Column("placed_at", Text, nullable=False),
      Column("updated_at", Text, nullable=False), Index(f"{ORDERS}_case", "case_id", unique=True))
Table(POSTINGS, metadata, *(Column(name, type_, primary_key=True) for name, type_ in
                            (("order_id", Text), ("version", Integer), ("seq", Integer))),
      *(Column(name, Text, nullable=False) for name in ("day", "account", "side", "amount", "line_code", "kind",
                                                        "registry")),
      Index(f"{POSTINGS}_day", "day"))
Table(FLAGS, metadata, Column("event_id", Text, primary_key=True), Column("order_id", Text), Column("registry", Text),
      *(Column(name, Text, nullable=False) for name in ("reason", "amount", "currency", "gateway_order_id", "at")))
Table(PARTS, metadata, Column("order_id", Text, primary_key=True), Column("payer", Text, primary_key=True),
      *(Column(name, Text, nullable=False) for name in ("payer_name", "lines", "total", "state")),
      Column("receipt_number", Text), Column("paid_at", Text))
Table(PAYERS, metadata, Column("order_id", Text, primary_key=True), Column("person_key", Text, primary_key=True),
      Column("payer", Text, nullable=False), Column("payer_name", Text, nullable=False))


def _lines(lines: list) -> list[dict]:
    return [{"code": x.code, "payer": x.payer, "description": x.description, "amount": x.amount,
             "account": x.account} for x in lines]


class Orders(Projection):
    name = "orders"
    schema_version = 2  # v2: parts by payer (view_order_part) and who may pay them (view_order_payer)
    tables = [ORDERS, POSTINGS, FLAGS, PARTS, PAYERS]
    metadata = metadata
    ddl = creates(metadata)

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
        this = {"order_id": order_id}
        kept = {r["payer"] for r in tx.execute(f"SELECT payer FROM {PARTS} WHERE order_id = :order_id AND state NOT IN "
                                               "('open', 'settled_by_court')", this)}
        tx.execute(f"DELETE FROM {PARTS} WHERE order_id = :order_id AND state IN ('open', 'settled_by_court')", this)
        names = {r["payer"]: r["payer_name"] for r in tx.execute(
            f"SELECT payer, payer_name FROM {PAYERS} WHERE order_id = :order_id", this)}
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
        assignments = ", ".join(f"{c} = :{c}" for c in columns)  # our column names, never input
        tx.execute(f"UPDATE {ORDERS} SET {assignments} WHERE order_id = :set_order_id",
                   {**columns, "set_order_id": str(event.originator_id)})

    def _set_part(self, tx: Tx, event: Any, payer: str, **columns: Any) -> None:
        assignments = ", ".join(f"{c} = :{c}" for c in columns)  # our column names, never input
        tx.execute(f"UPDATE {PARTS} SET {assignments} WHERE order_id = :set_order_id AND payer = :set_payer",
                   {**columns, "set_order_id": str(event.originator_id), "set_payer": payer})

    @process.register(payment_events.Revised)
    def _revised(self, event: payment_events.Revised, tx: Tx) -> None:
        self._set(tx, event, total=str(event.total), attempt=self._order(tx, event, "attempt") + 1,
                  lines=dumps(_lines(event.lines)))
        self._parts(tx, str(event.originator_id), event.lines, event.settled_by_court)

    @staticmethod
    def _order(tx: Tx, event: Any, column: str) -> Any:
        """One column (ours, never input) of the event's order."""
        return tx.one(f"SELECT {column} FROM {ORDERS} WHERE order_id = :order_id",
                      {"order_id": str(event.originator_id)})[column]

    def _post(self, tx: Tx, event: Any, postings: list, kind: str) -> None:
        registry = self._order(tx, event, "registry")
        for seq, posting in enumerate(postings):
            insert(tx, POSTINGS, {"order_id": str(event.originator_id), "version": event.originator_version,
                                  "seq": seq, "day": event.at.date().isoformat(), "account": posting.account,
                                  "side": posting.side.value, "amount": str(posting.amount),
                                  "line_code": posting.line_code, "kind": kind, "registry": registry})

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
        waiting = tx.one(f"SELECT COUNT(*) AS n FROM {PARTS} WHERE order_id = :order_id "
                         "AND state = 'refund_requested'", {"order_id": str(event.originator_id)})
        self._set(tx, event, **({} if waiting["n"] else {"state": "refunded"}))
        self._post(tx, event, event.postings, "refund")

    @process.register(payment_events.RefundRequested)
    def _refund_requested(self, event: payment_events.RefundRequested, tx: Tx) -> None:
        self._set(tx, event, state="refund_requested")
        order_id = str(event.originator_id)
        for payer in event.payers:
            self._set_part(tx, event, payer, state="refund_requested")
        tx.execute(f"UPDATE {PARTS} SET state = 'cancelled' WHERE order_id = :order_id AND state = 'open'",
                   {"order_id": order_id})

    @process.register(payment_events.Cancelled)
    def _cancelled(self, event: payment_events.Cancelled, tx: Tx) -> None:
        self._set(tx, event, state="cancelled")
        tx.execute(f"UPDATE {PARTS} SET state = 'cancelled' WHERE order_id = :order_id AND state = 'open'",
                   {"order_id": str(event.originator_id)})

    @process.register(payment_events.AttemptAbandoned)
    def _abandoned(self, event: payment_events.AttemptAbandoned, tx: Tx) -> None:
        self._set(tx, event, attempt=self._order(tx, event, "attempt") + 1)

    @process.register(payment_events.Expired)
    def _expired(self, event: payment_events.Expired, tx: Tx) -> None:
        self._set(tx, event, state="expired")

    @process.register(payment_events.Reissued)
    def _reissued(self, event: payment_events.Reissued, tx: Tx) -> None:
        self._set(tx, event, state="open", attempt=self._order(tx, event, "attempt") + 1,
                  expires_at=timestamp(event.expires_at))

    @process.register(payment_events.CallbackFlagged)
    def _flagged(self, event: payment_events.CallbackFlagged, tx: Tx) -> None:
        self._flag(tx, event.notice, str(event.originator_id), self._order(tx, event, "registry"), event.reason,
                   event.at)

    @process.register(payment_events.UnmatchedReceived)
    def _unmatched(self, event: payment_events.UnmatchedReceived, tx: Tx) -> None:
        self._flag(tx, event.notice, None, None, event.reason, event.at)

    def _flag(self, tx: Tx, notice: Any, order_id: str | None, registry: str | None, reason: str, at: Any) -> None:
        insert(tx, FLAGS, {"event_id": notice.event_id, "order_id": order_id, "registry": registry,
                           "reason": reason, "amount": str(notice.amount), "currency": notice.currency,
                           "gateway_order_id": notice.gateway_order_id, "at": timestamp(at)})


FINANCE = (Role.TAX_OFFICER, Role.ADMIN)
CITY_OF_BUREAU = ("{col} IN (SELECT r.id FROM account_org r JOIN account_org t ON t.city = r.city "
                  "WHERE r.kind = 'registry' AND t.id = :scope_org)")


def visible(actor: Actor, column: str = "o.registry") -> tuple[str, dict[str, Any]]:
    """What of the orders, postings and flags the actor may see, as a WHERE on ``column``'s registry."""
    if actor.role is Role.ADMIN:
        return "1 = 1", {}
    if actor.role is Role.TAX_OFFICER:
        return CITY_OF_BUREAU.format(col=column), {"scope_org": actor.org}
    if actor.role is Role.REGISTRAR:
        return f"{column} = :scope_org", {"scope_org": actor.org}
    if actor.role is Role.APPLICANT and actor.id_number:
        return (f"EXISTS (SELECT 1 FROM {PAYERS} y WHERE y.order_id = o.order_id AND y.person_key = :scope_person_key)",
                {"scope_person_key": person_key(actor.id_number)})
    return "1 = 0", {}


def for_case(store: Any, actor: Actor, case_id: str) -> dict | None:
    """The order with its ``parts`` (buyer, seller, court), and for a party ``my_part``: the one they pay.
    A seller sees the buyer's part only as paid or not: the deed tax's rate tells the buyer family's homes."""
    where, params = visible(actor)
    with store.read() as tx:
        row = tx.one(f"SELECT * FROM {ORDERS} o WHERE o.case_id = :case_id AND {where}", {"case_id": case_id, **params})
        if row is None:
            return None
        parts = tx.execute(f"SELECT payer, payer_name, lines, total, state, receipt_number, paid_at FROM {PARTS} "
                           "WHERE order_id = :order_id", {"order_id": row["order_id"]})
        sides = {r["payer"] for r in tx.execute(f"SELECT payer FROM {PAYERS} WHERE order_id = :order_id "
                                                "AND person_key = :person_key",
                                                {"order_id": row["order_id"],
                                                 "person_key": person_key(actor.id_number)})} \
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
