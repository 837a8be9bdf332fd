"""A line of an assessment: which tax, who pays, on what basis, at what rate, by which rule."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from registry.values import Immutable

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
