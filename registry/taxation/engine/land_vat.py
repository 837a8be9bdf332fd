"""Land VAT (土地增值税) on a used property whose purchase price is proved: the 超率累进 scale.

土地增值税暂行条例 第七条 and 实施细则 第十条: tax = gain × rate − deductions × quick-deduction rate, with the
rate set by how far the gain exceeds the deductions. For a used property bought with an invoice the deductions
are the invoice amount plus 5% of it for every full year held (财税〔2006〕21号 第二条) and the taxes paid on the
transfer (surcharges and stamp duty, 实施细则 第七条). The income is the price excluding VAT (财税〔2016〕43号).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from registry.taxation.engine.results import decimal_text, to_cents

ADDITION_PER_YEAR = Decimal("0.05")
# (gain / deductions up to and including, rate, quick-deduction rate); the last band has no upper bound
SCALE = ((Decimal("0.5"), Decimal("0.30"), Decimal(0)), (Decimal(1), Decimal("0.40"), Decimal("0.05")),
         (Decimal(2), Decimal("0.50"), Decimal("0.15")), (None, Decimal("0.60"), Decimal("0.35")))


@dataclass(frozen=True)
class LandVat:
    gain: Decimal
    rate: Decimal
    quick: Decimal
    deductions: Decimal
    amount: Decimal
    facts: dict[str, str]


def band(gain: Decimal, deductions: Decimal) -> tuple[Decimal, Decimal]:
    """The rate and quick-deduction rate of the band the gain falls in (no deductions: the top band)."""
    for upper, rate, quick in SCALE:
        if upper is None or (deductions > 0 and gain <= deductions * upper):
            return rate, quick
    raise AssertionError("the last band is open")  # pragma: no cover


def land_vat(income: Decimal, cost: Decimal, years: int, transfer_taxes: Decimal) -> LandVat:
    """Land VAT on ``income`` (price excl. VAT) for a unit bought at ``cost`` and held ``years`` full years."""
    with_additions = to_cents(cost * (1 + ADDITION_PER_YEAR * years))
    deductions = with_additions + transfer_taxes
    gain = max(income - deductions, Decimal("0.00"))
    rate, quick = band(gain, deductions)
    amount = max(to_cents(gain * rate - deductions * quick), Decimal("0.00"))
    return LandVat(gain, rate, quick, deductions, amount, {
        "income": decimal_text(income), "original_cost": decimal_text(cost), "held_years": str(years),
        "cost_with_additions": decimal_text(with_additions), "transfer_taxes": decimal_text(transfer_taxes),
        "deductions": decimal_text(deductions), "gain": decimal_text(gain),
        "quick_deduction_rate": decimal_text(quick)})
