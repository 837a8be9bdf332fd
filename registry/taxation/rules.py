"""From a submitted transfer case to the facts the tax rules need, and from a quote to assessed lines."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from registry.codes import HomeOrdinal
from registry.taxation.values import AssessedLine
from registry.taxes.engine import quote
from registry.taxes.facts import BuyerKind, SellerKind, TaxFacts
from registry.taxes.settings import TaxSettings

HOMES_BEFORE = {HomeOrdinal.FIRST: 0, HomeOrdinal.SECOND: 1, HomeOrdinal.THIRD_OR_LATER: 2}


def facts_of(event: Any) -> tuple[TaxFacts, dict]:
    """Individual buyers and sellers (the applicants of this window); the first buyer's family check decides."""
    home = event.home_counts[0]
    homes_before = max(len(home.units_counted), HOMES_BEFORE[home.ordinal])
    acquired = event.seller_acquired_on
    facts = TaxFacts(
        contract_date=event.contract_date, price=event.price, area_m2=event.unit_area, use=event.unit_use,
        buyer_kind=BuyerKind.INDIVIDUAL, buyer_homes_before=homes_before, seller_kind=SellerKind.INDIVIDUAL,
        seller_acquired_on=acquired, seller_only_home=event.seller_homes == 1,
        seller_original_cost=event.seller_original_cost, certificates=event.certificates_wanted)
    recorded = {"contract_date": event.contract_date.isoformat(), "price": str(event.price),
                "area_m2": str(event.unit_area), "use": event.unit_use.value, "buyer_homes_before": homes_before,
                "units_counted": list(home.units_counted),
                "seller_acquired_on": acquired.isoformat() if acquired else None,
                "seller_only_home": event.seller_homes == 1,
                "seller_original_cost": str(event.seller_original_cost) if event.seller_original_cost else None,
                "certificates": event.certificates_wanted}
    return facts, recorded


def assess_submission(event: Any, *, surcharge_rate: Decimal, deemed_income_rate: Decimal
                      ) -> tuple[list[AssessedLine], dict]:
    facts, recorded = facts_of(event)
    result = quote(facts, TaxSettings(surcharge_rate=surcharge_rate, deemed_income_tax_rate=deemed_income_rate))
    lines = [AssessedLine(code=str(line.code), payer=str(line.payer), basis=line.basis, rate=line.rate,
                          amount=line.amount, rule=line.rule, reference=line.reference,
                          facts={k: str(v) for k, v in dict(line.facts).items()}) for line in result.lines]
    recorded["rule_set"] = result.rule_set.id
    recorded["not_assessed"] = [{"code": str(n.code), "payer": str(n.payer), "reason": n.reason}
                                for n in result.not_assessed]
    return lines, recorded
