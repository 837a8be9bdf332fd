"""The sandbox provider's books: its payments (``sandbox_payment``) and the outbox of callbacks
(``sandbox_event``) in the durable store. Every state change of a payment and the callback it causes are
written in one transaction, so a crash never leaves a paid payment without its callback or the reverse.

The rules (what may be paid, refunded, expired) are the gateway's (``adapters.sandbox_gateway``); this
module only reads and writes rows.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from sqlalchemy.exc import IntegrityError

from adapters.durable import tables
from adapters.sandbox_deliveries import _iso
from adapters.sandbox_records import SandboxPayment
from adapters.viewstore import Tx, ViewStore
from registry.kernel.ports import Clock
from registry.payments.gateway_port import PaymentStatus, format_amount


class SandboxLedger:
    def __init__(self, store: ViewStore, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    def setup(self) -> None:
        """Only for a store used without migrations (tests); the platform upgrades the durable tables."""
        tables.create(self.store, tables.sandbox_payment, tables.sandbox_event)

    # -- reading ------------------------------------------------------------------------------
    def payment(self, payment_id: str) -> SandboxPayment | None:
        with self.store.read() as tx:
            row = tx.one("SELECT * FROM sandbox_payment WHERE payment_id = :id", {"id": payment_id})
        return SandboxPayment.from_row(row) if row else None

    def payment_for_order(self, merchant_id: str, order_id: str) -> SandboxPayment | None:
        with self.store.read() as tx:
            row = tx.one("SELECT * FROM sandbox_payment WHERE merchant_id = :merchant AND order_id = :order",
                         {"merchant": merchant_id, "order": order_id})
        return SandboxPayment.from_row(row) if row else None

    def open_payments(self) -> list[SandboxPayment]:
        """Every payment still waiting to be paid (some may be past their expiry)."""
        with self.store.read() as tx:
            rows = tx.execute("SELECT * FROM sandbox_payment WHERE status = :status",
                              {"status": PaymentStatus.CREATED.value})
        return [SandboxPayment.from_row(row) for row in rows]

    def events(self, payment_id: str) -> list[dict[str, Any]]:
        with self.store.read() as tx:
            return tx.execute("SELECT * FROM sandbox_event WHERE payment_id = :id ORDER BY seq", {"id": payment_id})

    # -- writing ------------------------------------------------------------------------------
    def insert(self, row: dict[str, Any]) -> bool:
        """Add a new payment; False when the merchant's order id is taken (the unique order index)."""
        try:
            with self.store.transaction() as tx:
                tx.execute(tables.sandbox_payment.insert(), row)
        except IntegrityError:  # SQLAlchemy's wrapper of either driver's integrity error
            return False
        return True

    def transition(self, payment_id: str, source: PaymentStatus, target: PaymentStatus,
                   **columns: str | None) -> tuple[SandboxPayment, str] | None:
        """Move one payment from ``source`` to ``target`` and write its callback in the same transaction;
        the payment as it is now and the callback's event id, or None when it was not in ``source`` any more.

        The conditional UPDATE ... RETURNING makes a concurrent second pay (or pay vs. expire) a no-op
        on both SQLite and PostgreSQL. Column names are ours (the gateway's keywords), never input.
        """
        assignments = ", ".join(f"{name} = :{name}" for name in columns)
        with self.store.transaction() as tx:
            rows = tx.execute(f"UPDATE sandbox_payment SET status = :target, seq = seq + 1, {assignments} "
                              "WHERE payment_id = :payment_id AND status = :source RETURNING *",
                              {**columns, "target": target.value, "payment_id": payment_id, "source": source.value})
            if not rows:
                return None
            payment = SandboxPayment.from_row(rows[0])
            return payment, self._write_event(tx, payment)

    def _write_event(self, tx: Tx, payment: SandboxPayment) -> str:
        event_id = "evt_" + secrets.token_hex(16)
        now = self.clock.now()
        body = {"event_id": event_id, "type": f"payment.{payment.status.value}",
                "merchant_id": payment.merchant_id, "order_id": payment.order_id,
                "payment_id": payment.payment_id, "status": payment.status.value,
                "amount": format_amount(payment.amount), "currency": payment.currency,
                "paid_at": _iso(payment.paid_at), "refunded_at": _iso(payment.refunded_at),
                "refund_id": payment.refund_id, "sequence": payment.seq, "occurred_at": now.isoformat()}
        tx.execute(tables.sandbox_event.insert(), {
            "event_id": event_id, "payment_id": payment.payment_id, "merchant_id": payment.merchant_id,
            "event_type": body["type"], "seq": payment.seq,
            "body": json.dumps(body, ensure_ascii=False, separators=(",", ":")), "notify_url": payment.notify_url,
            "created_at": now.isoformat(), "state": "pending", "attempts": 0})
        return event_id
