"""A row of the tax rules and its condition: dated data, chosen by the contract date and the facts of a sale.

A row applies when the contract date is within [valid_from, valid_to] and its condition matches. Rows
marked ``fallback`` apply only when no other row of the same code and payer matches.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from registry.kernel.codes import HomeOrdinal, Use
from registry.taxation.engine.facts import BuyerKind, Payer, SellerKind, TaxCode, TaxFacts


def _set(*items):  # noqa: ANN002, ANN202
    return frozenset(items)


@dataclass(frozen=True)
class When:
    """The condition of a row; ``None`` means "any". Areas: ``area_up_to`` inclusive, ``area_over`` exclusive."""

    uses: frozenset[Use] | None = None
    buyers: frozenset[BuyerKind] | None = None
    sellers: frozenset[SellerKind] | None = None
    homes: frozenset[HomeOrdinal] | None = None
    area_up_to: Decimal | None = None
    area_over: Decimal | None = None
    held_under: int | None = None
    held_at_least: int | None = None
    only_home: bool | None = None
    cost_proved: bool | None = None

    def matches(self, facts: TaxFacts) -> bool:
        held = facts.held_years
        return all((
            self.uses is None or facts.use in self.uses,
            self.buyers is None or facts.buyer_kind in self.buyers,
            self.sellers is None or facts.seller_kind in self.sellers,
            self.homes is None or facts.home in self.homes,
            self.area_up_to is None or facts.area_m2 <= self.area_up_to,
            self.area_over is None or facts.area_m2 > self.area_over,
            self.held_under is None or (held is not None and held < self.held_under),
            self.held_at_least is None or (held is not None and held >= self.held_at_least),
            self.only_home is None or facts.seller_only_home is self.only_home,
            self.cost_proved is None or (facts.seller_original_cost is not None) is self.cost_proved,
        ))


@dataclass(frozen=True)
class Rule:
    """``rate`` is a fraction (0.01 = 1%); ``setting`` names a per-registry setting that supplies it instead.
    ``method``: ``rate`` (basis × rate), ``gain`` (on the price less the proved cost: an individual's VAT on
    a non-residential unit, income tax by proved cost) or ``scale`` (land VAT's 超率累进 scale)."""

    rule_id: str
    code: TaxCode
    payer: Payer
    valid_from: date
    valid_to: date | None
    rate: Decimal | None
    reference: str
    condition: str
    when: When = When()
    fallback: bool = False
    setting: str | None = None
    method: str = "rate"

    def in_force(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


D2016, V2016, V2026, TO_2025 = date(2016, 2, 22), date(2016, 5, 1), date(2026, 1, 1), date(2025, 12, 31)
VAT_LAW = "增值税法；公告2025年第17号 (check)"
HOUSING = _set(Use.RESIDENTIAL)
NOT_HOUSING = _set(Use.NON_RESIDENTIAL, Use.GARAGE_PARKING_STOREROOM)  # shops, offices, garages: 非住房
PERSON = _set(BuyerKind.INDIVIDUAL)
PERSON_SELLS = _set(SellerKind.INDIVIDUAL)
FIRM_SELLS = _set(SellerKind.ENTERPRISE)
