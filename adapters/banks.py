"""Which banks a registry office accredits for online mortgage filings (the Registry's BankDirectory).

Accreditation is an administrative list, not a registration: it lives next to the accounts, and every
filing's ``bank_accredited`` outcome records what it said at the time.
"""

from __future__ import annotations

from datetime import datetime

from adapters.durable import tables
from adapters.viewstore import ViewStore

ACCREDITED = "SELECT 1 AS yes FROM bank_accreditation WHERE bank = :bank AND registry = :registry"


class AccreditationError(Exception):
    pass


class BankDirectory:
    def __init__(self, store: ViewStore) -> None:
        self.store = store

    def setup(self) -> None:
        """Only for a store used without migrations (tests); the platform upgrades the durable tables."""
        tables.create(self.store, tables.bank_accreditation)

    def bank_name(self, org: str) -> str | None:
        with self.store.read() as tx:
            row = tx.one("SELECT name FROM account_org WHERE id = :id AND kind = 'bank'", {"id": org})
        return row["name"] if row else None

    def accredited(self, bank: str, registry: str) -> bool:
        with self.store.read() as tx:
            return tx.one(ACCREDITED, {"bank": bank, "registry": registry}) is not None

    def accredit(self, bank: str, registry: str, now: datetime) -> None:
        with self.store.transaction() as tx:
            kinds = {r["id"]: r["kind"] for r in tx.execute(
                "SELECT id, kind FROM account_org WHERE id IN (:bank, :registry)",
                {"bank": bank, "registry": registry})}
            if kinds.get(bank) != "bank" or kinds.get(registry) != "registry":
                raise AccreditationError("accreditation names a bank and a registry office")
            if tx.one(ACCREDITED, {"bank": bank, "registry": registry}):
                return
            tx.execute(tables.bank_accreditation.insert(), {"bank": bank, "registry": registry,
                                                            "since": now.isoformat()})

    def withdraw(self, bank: str, registry: str) -> None:
        with self.store.transaction() as tx:
            tx.execute("DELETE FROM bank_accreditation WHERE bank = :bank AND registry = :registry",
                       {"bank": bank, "registry": registry})

    def accreditations(self, bank: str | None = None) -> list[dict]:
        with self.store.read() as tx:
            if bank:
                return tx.execute("SELECT * FROM bank_accreditation WHERE bank = :bank ORDER BY registry",
                                  {"bank": bank})
            return tx.execute("SELECT * FROM bank_accreditation ORDER BY bank, registry")
