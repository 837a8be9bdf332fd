"""Which banks a registry office accredits for online mortgage filings (the Registry's BankDirectory).

Accreditation is an administrative list, not a registration: it lives next to the accounts, and every
filing's ``bank_accredited`` outcome records what it said at the time.
"""

from __future__ import annotations

from datetime import datetime

from adapters.viewstore import ViewStore

DDL = ["""CREATE TABLE IF NOT EXISTS bank_accreditation (bank TEXT NOT NULL, registry TEXT NOT NULL,
          since TEXT NOT NULL, PRIMARY KEY (bank, registry))"""]


class AccreditationError(Exception):
    pass


class BankDirectory:
    def __init__(self, store: ViewStore) -> None:
        self.store = store

    def setup(self) -> None:
        with self.store.transaction() as tx:
            for statement in DDL:
                tx.execute(statement)

    def bank_name(self, org: str) -> str | None:
        with self.store.read() as tx:
            row = tx.one("SELECT name FROM account_org WHERE id = ? AND kind = 'bank'", (org,))
        return row["name"] if row else None

    def accredited(self, bank: str, registry: str) -> bool:
        with self.store.read() as tx:
            return tx.one("SELECT 1 AS yes FROM bank_accreditation WHERE bank = ? AND registry = ?",
                          (bank, registry)) is not None

    def accredit(self, bank: str, registry: str, now: datetime) -> None:
        with self.store.transaction() as tx:
            kinds = {r["id"]: r["kind"] for r in tx.execute(
                "SELECT id, kind FROM account_org WHERE id IN (?, ?)", (bank, registry))}
            if kinds.get(bank) != "bank" or kinds.get(registry) != "registry":
                raise AccreditationError("accreditation names a bank and a registry office")
            if tx.one("SELECT 1 AS yes FROM bank_accreditation WHERE bank = ? AND registry = ?", (bank, registry)):
                return
            tx.execute("INSERT INTO bank_accreditation VALUES (?, ?, ?)", (bank, registry, now.isoformat()))

    def withdraw(self, bank: str, registry: str) -> None:
        with self.store.transaction() as tx:
            tx.execute("DELETE FROM bank_accreditation WHERE bank = ? AND registry = ?", (bank, registry))

    def accreditations(self, bank: str | None = None) -> list[dict]:
        with self.store.read() as tx:
            if bank:
                return tx.execute("SELECT * FROM bank_accreditation WHERE bank = ? ORDER BY registry", (bank,))
            return tx.execute("SELECT * FROM bank_accreditation ORDER BY bank, registry")
