"""Ports the domain needs from the outside world; adapters implement them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """Timezone-aware current time."""

    def today(self) -> date:
        """Current date at the registry (Asia/Shanghai)."""


class BankDirectory(Protocol):
    """Which banks exist and which registries accredit them for online mortgage filings."""

    def bank_name(self, org: str) -> str | None:
        """The bank's name, or None when ``org`` is not a bank."""

    def accredited(self, bank: str, registry: str) -> bool: ...


class NoBanks:
    """A registry that has accredited no bank yet."""

    def bank_name(self, org: str) -> str | None:
        return None

    def accredited(self, bank: str, registry: str) -> bool:
        return False


class HolidaySchedule(Protocol):
    """The published schedule of public holidays and the weekend days worked in lieu."""

    def is_working_day(self, day: date) -> bool | None:
        """Whether ``day`` is a working day; None when the schedule for its year is not published."""


class DocumentShelf(Protocol):
    """Where documents' bytes are kept, by id; written once per id (content-addressed ids make it idempotent)."""

    def put(self, document_id: str, content: bytes) -> None: ...

    def get(self, document_id: str) -> bytes | None: ...


class TaxReleases(Protocol):
    """How a case's taxes were released for payment, as the tax bureau's records say (秒批 needs "by rule")."""

    def released_by_rule(self, case_id: str) -> bool:
        """True when the assessment was released by rule and no tax officer has changed it."""


class NoTaxReleases:
    """A registry told nothing by the tax bureau: no case counts as released by rule."""

    def released_by_rule(self, case_id: str) -> bool:
        return False
