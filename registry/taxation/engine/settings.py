"""Per-registry tax settings: the local surcharge rate and the deemed income-tax rate."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from registry.kernel.errors import InvalidValue
from registry.kernel.values import Immutable, exact_decimal

SURCHARGE_RATES = (Decimal("0.06"), Decimal("0.12"))  # halved, and in full (7% + 3% + 2%)


@dataclass(frozen=True)
class TaxSettings(Immutable):
    """Per-registry settings. Defaults are Fuzhou's: surcharges halved to 6%, deemed income tax 1%."""

    surcharge_rate: Decimal = Decimal("0.06")
    deemed_income_tax_rate: Decimal = Decimal("0.01")

    def __post_init__(self) -> None:
        exact_decimal(self.surcharge_rate, places=4, field="surcharge_rate", positive=False)
        if not Decimal(0) <= self.surcharge_rate <= Decimal("0.12"):
            raise InvalidValue("surcharges are at most 12% of VAT (7% + 3% + 2%)", field="surcharge_rate")
        exact_decimal(self.deemed_income_tax_rate, places=4, field="deemed_income_tax_rate")
        if not Decimal("0.01") <= self.deemed_income_tax_rate <= Decimal("0.03"):
            raise InvalidValue("the deemed income-tax rate is between 1% and 3% of the price",
                               field="deemed_income_tax_rate")

    def as_dict(self) -> dict[str, str]:
        return {"surcharge_rate": str(self.surcharge_rate),
                "deemed_income_tax_rate": str(self.deemed_income_tax_rate)}


FUZHOU = TaxSettings()
