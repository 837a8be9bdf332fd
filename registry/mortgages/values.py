"""What a bank files and what the register book keeps about a mortgage (抵押权, qllx 37).

The 合同信息申报表 is one form: ``MortgageTerms`` holds everything about the secured debt, ``Mortgage``
is the right as entered on a unit's page. Amounts are exact ``Decimal`` yuan; no float anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import Enum

from registry.kernel.codes import RegistrationType
from registry.kernel.values import Immutable, Person, exact_decimal

CURRENCIES = ("CNY",)


class FilingKind(Enum):
    """What the bank asks the registry to do; each maps to its national djlx code."""

    FIRST = "first"  # 抵押权首次登记
    CHANGE = "change"  # 抵押权变更登记 (amount, term, rank)
    TRANSFER = "transfer"  # 抵押权转移登记 (the secured debt assigned to another bank)
    DISCHARGE = "discharge"  # 抵押权注销登记
    PRE_NOTICE = "pre_notice"  # 预购商品房抵押预告登记

    @property
    def djlx(self) -> RegistrationType:
        return {FilingKind.FIRST: RegistrationType.FIRST, FilingKind.CHANGE: RegistrationType.CHANGE,
                FilingKind.TRANSFER: RegistrationType.TRANSFER, FilingKind.DISCHARGE: RegistrationType.CANCELLATION,
                FilingKind.PRE_NOTICE: RegistrationType.PRE_NOTICE}[self]


class MortgageMethod(Enum):
    """抵押方式 dyfs."""

    GENERAL = "1"  # 一般抵押: a fixed secured amount
    MAXIMUM = "2"  # 最高额抵押: a maximum amount over a claim period


class LoanType(Enum):
    COMMERCIAL = "commercial"  # 商业贷款
    HOUSING_FUND = "housing_fund"  # 公积金贷款
    COMBINED = "combined"  # 组合贷款


class FilingState(Enum):
    AWAITING_CONSENT = "awaiting_consent"  # the joint application waits for the other parties
    QUEUED = "queued"  # a rule failed or warned: the registrar decides
    RETURNED = "returned"  # returned to the bank for missing material (补正); back in the queue on resubmission
    STAGED = "staged"  # part of a transfer with mortgage: waits for the combined registration
    REGISTERED = "registered"
    REJECTED = "rejected"
    DECLINED = "declined"  # a party refused consent


@dataclass(frozen=True)
class MortgageTerms(Immutable):
    """The secured debt as the contract states it; ``problems()`` is the amounts-and-dates rule."""

    method: MortgageMethod
    secured_amount: Decimal | None  # general mortgage
    maximum_amount: Decimal | None  # maximum-amount mortgage
    claim_start: date | None  # maximum-amount mortgage: the period in which claims arise
    claim_end: date | None
    currency: str
    performance_start: date  # 债务履行期限
    performance_end: date
    guarantee_scope: str  # 担保范围
    transfer_restricted: bool  # 禁止转让 (Civil Code art. 406)
    loan_type: LoanType
    contract_numbers: tuple[str, ...]  # loan and mortgage contract numbers
    debtors: tuple[Person, ...]  # 债务人: may differ from the mortgagors

    @property
    def amount(self) -> Decimal:
        """The secured amount or the maximum, whichever this method uses."""
        return self.secured_amount if self.method is MortgageMethod.GENERAL else self.maximum_amount

    def problems(self, today: date) -> list[str]:
        """Why these terms cannot be registered today (empty when they can)."""
        found = []
        if self.method is MortgageMethod.GENERAL:
            if self.secured_amount is None or self.maximum_amount is not None:
                found.append("a general mortgage states a secured amount and no maximum")
            if self.claim_start is not None or self.claim_end is not None:
                found.append("a general mortgage has no claim period")
        else:
            if self.maximum_amount is None or self.secured_amount is not None:
                found.append("a maximum-amount mortgage states a maximum amount and no secured amount")
            if self.claim_start is None or self.claim_end is None:
                found.append("a maximum-amount mortgage needs its claim period")
            elif self.claim_start > self.claim_end:
                found.append("the claim period ends before it starts")
        if self.amount is not None and self.amount <= 0:
            found.append("the amount must be greater than zero")
        if self.performance_start > self.performance_end:
            found.append("performance must start on or before it ends")
        if self.performance_end < today:
            found.append("the performance period has already ended")
        if self.currency not in CURRENCIES:
            found.append(f"currency must be one of {', '.join(CURRENCIES)}")
        if not self.contract_numbers or not all(n.strip() for n in self.contract_numbers):
            found.append("the loan contract number is required")
        if not self.debtors:
            found.append("at least one debtor is required")
        return found

    def __post_init__(self) -> None:
        for field, value in (("secured_amount", self.secured_amount), ("maximum_amount", self.maximum_amount)):
            if value is not None:
                exact_decimal(value, places=2, field=field, positive=False)


@dataclass(frozen=True)
class Mortgage(Immutable):
    """A mortgage right on one unit's page; its rank is its place in the unit's list."""

    mortgage_id: str
    filing_id: str
    bank: str  # the mortgagee's organisation id
    bank_name: str
    mortgagors: tuple[Person, ...]
    terms: MortgageTerms
    proof_number: str  # 不动产登记证明 number

    def with_changes(self, **changes: object) -> Mortgage:
        values = {name: getattr(self, name) for name in self.__dataclass_fields__}
        values.update(changes)
        return Mortgage(**values)


@dataclass(frozen=True)
class PreNotice(Immutable):
    """预购商品房抵押预告登记: a bank's claim on a flat bought off-plan, before its first registration."""

    filing_id: str
    bank: str
    bank_name: str
    purchasers: tuple[Person, ...]
    terms: MortgageTerms
    proof_number: str
    location: str


@dataclass(frozen=True)
class CheckOutcome(Immutable):
    """One named rule's verdict on a filing, kept in the event that registers or queues it."""

    rule: str
    verdict: str  # pass / warn / fail
    message: str = ""

    @property
    def passed(self) -> bool:
        return self.verdict == "pass"


def verdict(name: str, problems: list[str], warn: bool = False) -> CheckOutcome:
    """A named rule's outcome from the problems it found: none → pass, else warn or fail naming them all."""
    if not problems:
        return CheckOutcome(name, "pass")
    return CheckOutcome(name, "warn" if warn else "fail", "; ".join(problems))


PRE_NOTICE_LIFETIME = timedelta(days=90)


def pre_notice_lapsed(first_registered_on: date | None, today: date) -> bool:
    """Civil Code art. 221: a pre-notice lapses when no registration is applied for within 90 days of the day
    it became possible, i.e. of the flat's first registration."""
    return first_registered_on is not None and today > first_registered_on + PRE_NOTICE_LIFETIME
