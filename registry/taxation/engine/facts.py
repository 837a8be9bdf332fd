"""What a tax quote is computed from: the facts of one sale and the registry's local settings.

Both are frozen and validated when built; every amount is a ``Decimal`` (never a float). Invalid facts
raise ``InvalidValue`` naming the field, so the API reports them in its one error shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum, StrEnum

from registry.kernel.codes import HomeOrdinal, Use
from registry.kernel.errors import InvalidValue
from registry.kernel.values import Immutable, exact_decimal

RULES_FROM = date(2016, 2, 22)  # 财税〔2016〕23号: the earliest contract date any rule set is held for


class NoRuleInForce(InvalidValue):
    """The rule table has no answer for this date: refused, never guessed."""

    code = "no_rule_in_force"


class BuyerKind(Enum):
    INDIVIDUAL = "individual"
    ENTERPRISE = "enterprise"
    SMALL_MICRO_ENTERPRISE = "small_micro_enterprise"  # incl. 个体工商户: registration fee exempt


class SellerKind(Enum):
    INDIVIDUAL = "individual"
    ENTERPRISE = "enterprise"  # a developer selling a new build, or any enterprise: files its own taxes


class TaxCode(StrEnum):
    """The code of a quote line; a plain ``str`` too, so it can be stored as is."""

    DEED_TAX = "deed_tax"
    VAT = "vat"
    SURCHARGES = "surcharges"
    INCOME_TAX = "income_tax"
    STAMP_DUTY = "stamp_duty"
    LAND_VAT = "land_vat"
    REGISTRATION_FEE = "registration_fee"


class Payer(StrEnum):
    BUYER = "buyer"
    SELLER = "seller"


def anniversary(day: date, years: int) -> date:
    """The same day ``years`` later; 29 February falls on 28 February in a common year
    (民法典 第二百零三条: without a corresponding day the period ends on the last day of the month)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 2, 28)


def whole_years_between(start: date, end: date) -> int:
    """Completed years from ``start`` to ``end``: ``n`` years once ``end`` is on or after the n-th anniversary."""
    years = end.year - start.year
    if years > 0 and anniversary(start, years) > end:
        years -= 1
    return max(years, 0)


def _plain_date(value: object, field: str) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidValue("must be a calendar date", field=field)
    return value


def _count(value: object, field: str, minimum: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidValue("must be a whole number", field=field)
    if value < minimum:
        raise InvalidValue(f"must be at least {minimum}", field=field)
    return value


def _optional_amount(value: Decimal | None, field: str) -> None:
    if value is not None:
        exact_decimal(value, places=2, field=field, positive=False)
        if value < 0:
            raise InvalidValue("must not be negative", field=field)


@dataclass(frozen=True)
class TaxFacts(Immutable):
    """One sale as the tax rules see it.

    ``price`` includes VAT. ``buyer_homes_before`` counts the homes the buyer's family owns before this
    purchase (0 → first home). ``seller_acquired_on`` is the seller's certificate date; required for an
    individual seller. ``price_excl_vat`` is only for an enterprise seller: the amount excluding VAT on its
    invoice, then the base of its VAT and of every later line; without it the price is divided by 1 + rate.
    """

    contract_date: date
    price: Decimal
    area_m2: Decimal
    use: Use
    buyer_kind: BuyerKind
    buyer_homes_before: int
    seller_kind: SellerKind
    seller_acquired_on: date | None = None
    seller_only_home: bool = False
    seller_original_cost: Decimal | None = None
    seller_reasonable_costs: Decimal | None = None
    certificates: int = 1
    price_excl_vat: Decimal | None = None

    def __post_init__(self) -> None:
        if _plain_date(self.contract_date, "contract_date") < RULES_FROM:
            raise NoRuleInForce(f"no tax rules are held for contracts before {RULES_FROM.isoformat()}; "
                                "the tax office assesses such a sale by hand", field="contract_date")
        exact_decimal(self.price, places=2, field="price")
        exact_decimal(self.area_m2, places=2, field="area_m2")
        if not isinstance(self.use, Use):
            raise InvalidValue("unknown use", field="use")
        if not isinstance(self.buyer_kind, BuyerKind):
            raise InvalidValue("unknown kind of buyer", field="buyer_kind")
        if not isinstance(self.seller_kind, SellerKind):
            raise InvalidValue("unknown kind of seller", field="seller_kind")
        _count(self.buyer_homes_before, "buyer_homes_before", 0)
        _count(self.certificates, "certificates", 1)
        if not isinstance(self.seller_only_home, bool):
            raise InvalidValue("must be true or false", field="seller_only_home")
        self._check_seller()
        self._check_price_excl_vat()

    def _check_seller(self) -> None:
        if self.seller_acquired_on is None:
            if self.seller_kind is SellerKind.INDIVIDUAL:
                raise InvalidValue("an individual seller's acquisition date decides VAT and income tax",
                                   field="seller_acquired_on")
        elif _plain_date(self.seller_acquired_on, "seller_acquired_on") > self.contract_date:
            raise InvalidValue("the seller cannot have acquired the unit after the contract date",
                               field="seller_acquired_on")
        _optional_amount(self.seller_original_cost, "seller_original_cost")
        _optional_amount(self.seller_reasonable_costs, "seller_reasonable_costs")
        if self.seller_reasonable_costs is not None and self.seller_original_cost is None:
            raise InvalidValue("reasonable costs are deducted only together with a proved original cost",
                               field="seller_reasonable_costs")

    def _check_price_excl_vat(self) -> None:
        if self.price_excl_vat is None:
            return
        if self.seller_kind is SellerKind.INDIVIDUAL:
            raise InvalidValue("for an individual seller the price excluding VAT follows from the VAT rule; "
                               "send the price including VAT only", field="price_excl_vat")
        exact_decimal(self.price_excl_vat, places=2, field="price_excl_vat")
        if self.price_excl_vat > self.price:
            raise InvalidValue("cannot exceed the price including VAT", field="price_excl_vat")

    @property
    def individual_sells_housing(self) -> bool:
        """The sale the first rule table was written for; its lines keep their shape (decision 024)."""
        return self.seller_kind is SellerKind.INDIVIDUAL and self.use is Use.RESIDENTIAL

    @property
    def home(self) -> HomeOrdinal | None:
        """Which home this is for an individual buyer's family; ``None`` for a non-individual buyer."""
        if self.buyer_kind is not BuyerKind.INDIVIDUAL:
            return None
        return HomeOrdinal.after_owning(self.buyer_homes_before)

    @property
    def held_years(self) -> int | None:
        """Whole years the seller has held the unit on the contract date (``None`` when not known)."""
        if self.seller_acquired_on is None:
            return None
        return whole_years_between(self.seller_acquired_on, self.contract_date)
