"""What a tax quote answers: lines by rule, totals by payer, and the lines referred to the tax officer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from registry.kernel.values import Immutable
from registry.taxation.engine.facts import Payer, TaxCode, TaxFacts
from registry.taxation.engine.settings import TaxSettings

CENT = Decimal("0.01")


def to_cents(value: Decimal) -> Decimal:
    """Every amount: 0.01 yuan, ROUND_HALF_UP, line by line before any total."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def decimal_text(value: Decimal) -> str:
    return format(value, "f")


@dataclass(frozen=True)
class TaxLine(Immutable):
    """One tax or fee. ``amount`` = ``basis`` × ``rate`` rounded to cents; ``rule`` is the row's stable id,
    ``facts`` the facts that decided the row (strings, e.g. {"home": "first", "area_m2": "120.00"})."""

    code: TaxCode
    payer: Payer
    basis: Decimal
    rate: Decimal
    amount: Decimal
    rule: str
    reference: str
    facts: dict[str, str]

    def to_dict(self) -> dict[str, object]:
        return {"code": str(self.code), "payer": str(self.payer), "basis": decimal_text(self.basis),
                "rate": decimal_text(self.rate), "amount": decimal_text(self.amount), "rule": self.rule,
                "reference": self.reference, "facts": dict(self.facts)}


@dataclass(frozen=True)
class Referred(Immutable):
    """A line the rules cannot compute (e.g. land VAT without a proved cost): referred to the tax officer, who
    assesses it with an amount and a reason; ``reference`` is the law that leaves it to him."""

    code: TaxCode
    payer: Payer
    reason: str
    reference: str

    def to_dict(self) -> dict[str, str]:
        return {"code": str(self.code), "payer": str(self.payer), "reason": self.reason, "reference": self.reference}


@dataclass(frozen=True)
class Totals(Immutable):
    buyer: Decimal
    seller: Decimal
    overall: Decimal

    @classmethod
    def of(cls, lines: tuple[TaxLine, ...]) -> Totals:
        buyer = sum((line.amount for line in lines if line.payer is Payer.BUYER), Decimal("0.00"))
        seller = sum((line.amount for line in lines if line.payer is Payer.SELLER), Decimal("0.00"))
        return cls(buyer, seller, buyer + seller)

    def to_dict(self) -> dict[str, str]:
        return {"buyer": decimal_text(self.buyer), "seller": decimal_text(self.seller),
                "overall": decimal_text(self.overall)}


@dataclass(frozen=True)
class RuleSet(Immutable):
    """The period in which the same rows are in force; chosen by the contract date."""

    valid_from: date
    valid_to: date | None

    @property
    def id(self) -> str:
        return f"rules-from-{self.valid_from.isoformat()}"

    def to_dict(self) -> dict[str, str | None]:
        return {"id": self.id, "valid_from": self.valid_from.isoformat(),
                "valid_to": self.valid_to.isoformat() if self.valid_to else None}


@dataclass(frozen=True)
class TaxQuote(Immutable):
    facts: TaxFacts
    settings: TaxSettings
    rule_set: RuleSet
    lines: tuple[TaxLine, ...]
    referred: tuple[Referred, ...]
    totals: Totals

    @classmethod
    def build(cls, facts: TaxFacts, settings: TaxSettings, rule_set: RuleSet, lines: list[TaxLine],
              referred: list[Referred]) -> TaxQuote:
        return cls(facts, settings, rule_set, tuple(lines), tuple(referred), Totals.of(tuple(lines)))

    @property
    def complete(self) -> bool:
        """False when some line is referred to the tax officer (see ``referred``)."""
        return not self.referred

    def line(self, code: TaxCode | str, payer: Payer | str | None = None) -> TaxLine | None:
        """The line of this code (and payer, for stamp duty, which both sides have)."""
        return next((x for x in self.lines if x.code == code and (payer is None or x.payer == payer)), None)

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready data; every amount, basis and rate is a decimal string."""
        return {
            "contract_date": self.facts.contract_date.isoformat(),
            "lines": [line.to_dict() for line in self.lines],
            "totals": self.totals.to_dict(),
            "rule_set": self.rule_set.to_dict(),
            "settings": self.settings.as_dict(),
            "complete": self.complete,
            "referred": [item.to_dict() for item in self.referred],
        }
