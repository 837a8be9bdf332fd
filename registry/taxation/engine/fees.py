"""Registration fees (不动产登记费) for a transfer: per case, never by area or value, paid by the buyer.

One line per case: the case fee by property class plus 10 yuan for each certificate after the first.
The line's ``basis`` is that scheduled amount and its ``rate`` is 1, or 0 when the buyer is exempt
(a small or micro enterprise, incl. 个体工商户: the certificate fee is waived too).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from registry.kernel.codes import Use
from registry.taxation.engine.facts import BuyerKind, TaxFacts

FEE_NOTICE = "发改价格规〔2016〕2559号"
SMALL_MICRO_NOTICE = "财税〔2016〕79号（小微企业免收不动产登记费，含工本费）"
FEES_FROM = date(2016, 2, 22)  # charged under the current notice from the start of the rule table


@dataclass(frozen=True)
class FeeRule:
    rule_id: str
    valid_from: date
    valid_to: date | None
    uses: frozenset[Use]
    case_fee: Decimal
    extra_certificate_fee: Decimal
    reference: str
    condition: str

    def in_force(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def _fee(name: str, use: Use, case_fee: int, condition: str) -> FeeRule:
    return FeeRule(f"fee.{name}.2016", FEES_FROM, None, frozenset({use}), Decimal(case_fee), Decimal(10),
                   f"{FEE_NOTICE}（每件{case_fee}元；第一本证书免费，每增加一本加收10元）", condition)


FEE_RULES: tuple[FeeRule, ...] = (
    _fee("residential", Use.RESIDENTIAL, 80, "residential: 80 per case, 10 per extra certificate"),
    _fee("non_residential", Use.NON_RESIDENTIAL, 550, "non-residential: 550 per case, 10 per extra certificate"),
    _fee("garage_parking_storeroom", Use.GARAGE_PARKING_STOREROOM, 80,
         "garage, parking space, storeroom: 80 per case, 10 per extra certificate"),
)


@dataclass(frozen=True)
class FeeExemption:
    rule_id: str
    valid_from: date
    valid_to: date | None
    buyers: frozenset[BuyerKind]
    reference: str
    condition: str

    def in_force(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


FEE_EXEMPTIONS: tuple[FeeExemption, ...] = (
    FeeExemption("fee.exempt.small_micro.2016", FEES_FROM, None, frozenset({BuyerKind.SMALL_MICRO_ENTERPRISE}),
                 SMALL_MICRO_NOTICE, "small or micro enterprise buyer (incl. 个体工商户): no fee, no certificate fee"),
)


@dataclass(frozen=True)
class FeeDue:
    """The scheduled fee, whether it is waived, and the rule that says so."""

    rule: FeeRule
    scheduled: Decimal
    exemption: FeeExemption | None
    facts: dict[str, str]

    @property
    def rule_id(self) -> str:
        return self.exemption.rule_id if self.exemption else self.rule.rule_id

    @property
    def reference(self) -> str:
        return f"{self.exemption.reference}；{self.rule.reference}" if self.exemption else self.rule.reference

    @property
    def rate(self) -> Decimal:
        return Decimal(0) if self.exemption else Decimal(1)

    @property
    def amount(self) -> Decimal:
        return (self.scheduled * self.rate).quantize(Decimal("0.01"))


def registration_fee(facts: TaxFacts) -> FeeDue:
    rule = next(r for r in FEE_RULES if facts.use in r.uses and r.in_force(facts.contract_date))
    extra = facts.certificates - 1
    scheduled = (rule.case_fee + extra * rule.extra_certificate_fee).quantize(Decimal("0.01"))
    day = facts.contract_date
    exemption = next((e for e in FEE_EXEMPTIONS if facts.buyer_kind in e.buyers and e.in_force(day)), None)
    return FeeDue(rule, scheduled, exemption, {
        "use": facts.use.value, "buyer": facts.buyer_kind.value, "certificates": str(facts.certificates),
        "case_fee": f"{rule.case_fee:.2f}", "extra_certificate_fee": f"{rule.extra_certificate_fee:.2f}",
    })
