"""What the parties of a transfer claim for their taxes (申报): facts the register may not prove.

The seller may claim 满五唯一 (the family's only home, held at least five years), a proven original cost
and reasonable costs (both yuan, deducted from the income-tax base); the buyer may claim the deed-tax
relief of the family's first or second home. Each claim becomes a declaration on the assessment, applied
provisionally until it is confirmed (by rule, when the register proves it, or by a tax officer) or refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from registry.kernel.codes import HomeOrdinal
from registry.kernel.errors import InvalidValue
from registry.kernel.values import Immutable, exact_decimal

RELIEFS = (HomeOrdinal.FIRST, HomeOrdinal.SECOND)  # a third home pays the statutory rate: no relief to claim


@dataclass(frozen=True)
class TaxClaims(Immutable):
    only_home_five_years: bool = False  # seller: 满五唯一
    original_cost: Decimal | None = None  # seller: the purchase price proved by the old contract and invoice
    reasonable_costs: Decimal | None = None  # seller: renovation, loan interest, fees, with invoices
    deed_tax_relief: HomeOrdinal | None = None  # buyer: the relief of the family's first or second home

    def __post_init__(self) -> None:
        if not isinstance(self.only_home_five_years, bool):
            raise InvalidValue("must be true or false", field="only_home_five_years")
        for name in ("original_cost", "reasonable_costs"):
            value = getattr(self, name)
            if value is not None:
                exact_decimal(value, places=2, field=name, positive=False)
                if value < 0:
                    raise InvalidValue("must not be negative", field=name)
        if self.deed_tax_relief is not None and self.deed_tax_relief not in RELIEFS:
            raise InvalidValue("the relief is claimed for the family's first or second home",
                               field="deed_tax_relief")

    @property
    def any(self) -> bool:
        return self != TaxClaims()

    def check_against(self, registered_cost: Decimal | None) -> None:
        """Reasonable costs are deducted only together with an original cost (claimed or in the register)."""
        if self.reasonable_costs is not None and self.original_cost is None and registered_cost is None:
            raise InvalidValue("reasonable costs are deducted only together with a proven original cost",
                               field="reasonable_costs")


NO_CLAIMS = TaxClaims()
