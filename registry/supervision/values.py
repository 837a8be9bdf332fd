"""What supervision records: the kinds of case it times and the limit each runs against."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum


class CaseKind(Enum):
    RESALE_TRANSFER = "resale_transfer"  # 二手房转移登记
    JUDICIAL_TRANSFER = "judicial_transfer"  # 司法裁定转移登记
    MORTGAGE_FIRST = "mortgage_first"  # 抵押权首次登记
    MORTGAGE_CHANGE = "mortgage_change"
    MORTGAGE_TRANSFER = "mortgage_transfer"
    MORTGAGE_DISCHARGE = "mortgage_discharge"  # 抵押权注销登记
    MORTGAGE_PRE_NOTICE = "mortgage_pre_notice"  # 预购商品房抵押预告登记
    PRE_NOTICE = "pre_notice"  # 预告登记
    OBJECTION = "objection"  # 异议登记
    FIRST_REGISTRATION = "first_registration"  # 首次登记


class PauseReason(Enum):
    PAYMENT = "payment"  # the parties have not paid the taxes and fees yet
    CONSENT = "consent"  # a mortgage filing waits for its parties' confirmation (the joint application)
    SUPPLEMENT = "supplement"  # returned to the applicant for missing material (补正)


@dataclass(frozen=True)
class TimeLimit:
    """A limit in working days (close of business of the N-th working day after acceptance) or in office
    minutes, with the rule it comes from and the day it took effect."""

    working_days: int
    office_minutes: int
    source: str
    effective: date

    def describe(self) -> str:
        if self.office_minutes:
            return f"{self.office_minutes} office minutes"
        return f"{self.working_days} working days"
