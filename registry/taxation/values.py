"""A line of an assessment (which tax, who pays, on what basis, at what rate, by which rule) and a party's
declaration on it, as its events carry them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from registry.kernel.values import Immutable

PENDING, BY_RULE, REFUSED_BY_RULE, CONFIRMED, REFUSED = (
    "pending", "confirmed_by_rule", "refused_by_rule", "confirmed", "refused")
APPLIED = (PENDING, BY_RULE, CONFIRMED)  # a pending claim is applied provisionally

DESCRIPTIONS = {"deed_tax": "契税", "vat": "增值税", "surcharges": "附加税费", "income_tax": "个人所得税",
                "stamp_duty": "印花税", "land_vat": "土地增值税", "registration_fee": "不动产登记费"}


@dataclass(frozen=True)
class AssessedLine(Immutable):
    code: str
    payer: str
    basis: Decimal
    rate: Decimal
    amount: Decimal
    rule: str
    reference: str
    facts: dict = field(default_factory=dict)

    @property
    def description(self) -> str:
        return DESCRIPTIONS.get(self.code, self.code)


@dataclass(frozen=True)
class Declaration(Immutable):
    """``kind``: only_home_five_years / original_cost / reasonable_costs / deed_tax_relief; ``claimed`` as text
    ("yes", "2900000.00", "first"); ``status`` one of the five above; ``by`` "rule" or the officer."""

    kind: str
    party: str
    claimed: str
    status: str
    reason: str
    by: str = "rule"

    @property
    def applied(self) -> bool:
        return self.status in APPLIED

    def decided(self, *, accepted: bool, reason: str, by: str) -> Declaration:
        return replace(self, status=CONFIRMED if accepted else REFUSED, reason=reason, by=by)


REFERRED, ASSESSED = "referred", "assessed"


def referred_lines(facts: dict) -> list[dict]:
    """The lines the rules referred to the tax officer (``{"code", "payer", "reason", "reference"}``); an
    assessment recorded before referrals existed has none (its ``not_assessed`` items stay as they were)."""
    return list(facts.get("referred") or [])


def officer_line(referred: dict, amount: Decimal, reason: str) -> AssessedLine:
    """The line the officer assessed for a referred one: the amount itself (basis = amount, rate 1)."""
    return AssessedLine(code=referred["code"], payer=referred["payer"], basis=amount, rate=Decimal(1),
                        amount=amount, rule=f"assessed_by_officer:{referred['code']}", reference=referred["reference"],
                        facts={"referred_because": referred["reason"], "officer_reason": reason})
