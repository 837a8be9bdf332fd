"""From a submitted transfer case to the facts the tax rules need, and from a quote to assessed lines.

The register's facts of a case are kept as its *basis* (plain text, as recorded on the assessment), so an
assessment can be computed again when a declaration is refused or the case is corrected.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from registry.kernel.codes import HomeOrdinal, Use
from registry.kernel.errors import DomainError, InvalidValue
from registry.taxation.claims import applied_facts
from registry.taxation.engine.facts import BuyerKind, SellerKind, TaxFacts
from registry.taxation.engine.quote import quote
from registry.taxation.engine.settings import TaxSettings
from registry.taxation.values import AssessedLine, Declaration

HOMES_BEFORE = {HomeOrdinal.FIRST: 0, HomeOrdinal.SECOND: 1, HomeOrdinal.THIRD_OR_LATER: 2}
BASIS_KEYS = ("contract_date", "price", "area_m2", "use", "buyer_homes_before", "units_counted",
              "seller_acquired_on", "seller_only_home", "seller_homes", "seller_original_cost", "certificates",
              "buyer_kind", "seller_kind")
INDIVIDUAL = BuyerKind.INDIVIDUAL.value


@dataclass(frozen=True)
class Rates:
    """The Taxation application's local rates."""

    surcharge_rate: Decimal
    deemed_income_rate: Decimal

    def settings(self) -> TaxSettings:
        return TaxSettings(surcharge_rate=self.surcharge_rate, deemed_income_tax_rate=self.deemed_income_rate)


def basis_of(event: Any) -> dict:
    """The register's facts of a submitted sale; the first buyer's family check decides. Events from before the
    parties' kinds were recorded are between individuals (``buyer_kind`` / ``seller_kind`` absent)."""
    counts = list(getattr(event, "home_counts", None) or [])
    counted = list(counts[0].units_counted) if counts else []
    homes_before = max(len(counted), HOMES_BEFORE[counts[0].ordinal]) if counts else 0
    acquired = event.seller_acquired_on
    return {"contract_date": event.contract_date.isoformat(), "price": str(event.price),
            "area_m2": str(event.unit_area), "use": event.unit_use.value,
            "buyer_kind": getattr(event, "buyer_kind", INDIVIDUAL) or INDIVIDUAL,
            "seller_kind": getattr(event, "seller_kind", INDIVIDUAL) or INDIVIDUAL,
            "buyer_homes_before": homes_before, "units_counted": counted,
            "seller_acquired_on": acquired.isoformat() if acquired else None,
            "seller_only_home": event.seller_homes == 1, "seller_homes": event.seller_homes,
            "seller_original_cost": str(event.seller_original_cost) if event.seller_original_cost else None,
            "certificates": event.certificates_wanted}


def facts_from(basis: dict, declarations: list[Declaration] = ()) -> TaxFacts:
    """The sale as the rules see it: the register's facts with the declarations applied; raises a
    ``DomainError`` naming the field when the rules cannot take them (e.g. acquired after the contract)."""
    claimed = applied_facts(basis, list(declarations))
    acquired, cost, costs = (basis.get("seller_acquired_on"), claimed["seller_original_cost"],
                             claimed["seller_reasonable_costs"])
    return TaxFacts(
        contract_date=date.fromisoformat(basis["contract_date"]), price=Decimal(basis["price"]),
        area_m2=Decimal(basis["area_m2"]), use=Use(basis["use"]), buyer_kind=_buyer(basis),
        buyer_homes_before=claimed["buyer_homes_before"], seller_kind=_seller(basis),
        seller_acquired_on=date.fromisoformat(acquired) if acquired else None,
        seller_only_home=claimed["seller_only_home"],
        seller_original_cost=Decimal(cost) if cost is not None else None,
        seller_reasonable_costs=Decimal(costs) if costs is not None else None,
        certificates=int(basis["certificates"]))


def _buyer(basis: dict) -> BuyerKind:
    kind = basis.get("buyer_kind") or INDIVIDUAL  # assessed before the kinds were recorded: individuals
    try:
        return BuyerKind(kind)
    except ValueError:
        raise InvalidValue(f"unknown kind of buyer: {kind}", field="buyer_kind") from None


def _seller(basis: dict) -> SellerKind:
    """A small or micro enterprise sells as an enterprise: the rows tell sellers apart only by that."""
    kind = basis.get("seller_kind") or INDIVIDUAL
    try:
        return SellerKind.ENTERPRISE if kind == BuyerKind.SMALL_MICRO_ENTERPRISE.value else SellerKind(kind)
    except ValueError:
        raise InvalidValue(f"unknown kind of seller: {kind}", field="seller_kind") from None


def facts_of(event: Any) -> tuple[TaxFacts, dict]:
    basis = basis_of(event)
    return facts_from(basis), basis


def assess(basis: dict, declarations: list[Declaration], rates: Rates) -> tuple[list[AssessedLine], dict]:
    """The lines of the basis with the declarations applied, and what was recorded about the quote."""
    result = quote(facts_from(basis, declarations), rates.settings())
    lines = [AssessedLine(code=str(line.code), payer=str(line.payer), basis=line.basis, rate=line.rate,
                          amount=line.amount, rule=line.rule, reference=line.reference,
                          facts={k: str(v) for k, v in dict(line.facts).items()}) for line in result.lines]
    return lines, {"rule_set": result.rule_set.id, "referred": [item.to_dict() for item in result.referred]}


def assess_or_fail(basis: dict, declarations: list[Declaration], rates: Rates
                   ) -> tuple[list[AssessedLine], dict, dict | None]:
    """Lines and recorded facts, or no lines and the named failure when the rules refuse the facts (nothing
    is guessed and nothing billed; the applicant sees why and corrects the case)."""
    try:
        lines, recorded = assess(basis, declarations, rates)
    except DomainError as refused:
        return [], dict(basis), {"code": refused.code, "message": refused.message, "field": refused.field}
    return lines, basis | recorded, None


def corrected_basis(facts: dict, *, contract_date: date, price: Decimal) -> dict:
    """The register's facts of an assessment with the applicant's corrected contract date and price."""
    basis = {key: facts.get(key) for key in BASIS_KEYS}  # an old basis: kinds None, read as individuals
    return basis | {"contract_date": contract_date.isoformat(), "price": str(price)}


def assess_submission(event: Any, *, surcharge_rate: Decimal, deemed_income_rate: Decimal
                      ) -> tuple[list[AssessedLine], dict]:
    """The lines of a sale by the register's facts alone (no declarations), with its recorded facts; raises a
    ``DomainError`` when the rules cannot take the facts (the court's tax inquiry answers it as refused)."""
    basis = basis_of(event)
    lines, recorded = assess(basis, [], Rates(surcharge_rate, deemed_income_rate))
    return lines, basis | recorded
