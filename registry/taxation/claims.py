"""Declarations on an assessment: what the parties claimed (``registry.transfers.values``), judged first by rule.

A claim the register proves is confirmed by rule (满五: the holding period from the certificate date; an
original cost equal to the price the register recorded; a relief the family-housing check already gives);
a claim the register disproves on its own ground (held under five years) is refused by rule; anything
else waits for a tax officer, applied provisionally. Each judgement names why, and both parties see it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from registry.kernel.codes import HomeOrdinal
from registry.taxation.engine.facts import anniversary, whole_years_between
from registry.taxation.values import BY_RULE, PENDING, REFUSED, REFUSED_BY_RULE, Declaration
from registry.transfers.values import TaxClaims

HOMES_BEFORE = {HomeOrdinal.FIRST.value: 0, HomeOrdinal.SECOND.value: 1}
SELLER_KINDS = ("only_home_five_years", "original_cost", "reasonable_costs")


def declarations_of(claims: TaxClaims, basis: dict) -> list[Declaration]:
    """One declaration per claim, each judged by rule against the register's facts in ``basis``."""
    found = []
    if claims.only_home_five_years:
        found.append(_only_home(basis))
    if claims.original_cost is not None:
        found.append(_original_cost(claims.original_cost, basis))
    if claims.reasonable_costs is not None:
        found.append(Declaration("reasonable_costs", "seller", format(claims.reasonable_costs, "f"), PENDING,
                                 "the tax officer checks the invoices for these costs"))
    if claims.deed_tax_relief is not None:
        found.append(_relief(claims.deed_tax_relief.value, basis))
    return found


def _only_home(basis: dict) -> Declaration:
    def judged(status: str, reason: str) -> Declaration:
        return Declaration("only_home_five_years", "seller", "yes", status, reason)

    acquired, contract = basis.get("seller_acquired_on"), date.fromisoformat(basis["contract_date"])
    if not acquired:
        return judged(PENDING, "the register holds no acquisition date: the tax officer checks the holding "
                               "period and that this is the family's only home")
    acquired_on = date.fromisoformat(acquired)
    held, fifth = whole_years_between(acquired_on, contract), anniversary(acquired_on, 5)
    if contract < fifth:
        return judged(REFUSED_BY_RULE, f"the certificate date {acquired} gives {held} full years on the contract "
                                       f"date {contract.isoformat()}; 满五 needs the fifth anniversary, "
                                       f"{fifth.isoformat()}")
    if basis.get("seller_homes") == 1:
        return judged(BY_RULE, f"held {held} years since the certificate date {acquired}, and the register "
                               "shows no other home of the selling family")
    return judged(PENDING, f"held {held} years since the certificate date {acquired} (the register proves it); "
                           f"the register shows {basis.get('seller_homes', 0)} homes of the selling family, so "
                           "the tax officer checks that this is the only one")


def _original_cost(amount: Decimal, basis: dict) -> Declaration:
    claimed, registered = format(amount, "f"), basis.get("seller_original_cost")
    if registered is not None and Decimal(registered) == amount:
        return Declaration("original_cost", "seller", claimed, BY_RULE,
                           "the register recorded this price when the seller acquired the unit")
    shown = f"the register recorded {registered}" if registered else "the register holds no price"
    return Declaration("original_cost", "seller", claimed, PENDING,
                       f"{shown}: the tax officer checks the purchase contract and invoice")


def _relief(claimed: str, basis: dict) -> Declaration:
    counted = int(basis["buyer_homes_before"])
    if counted <= HOMES_BEFORE[claimed]:
        return Declaration("deed_tax_relief", "buyer", claimed, BY_RULE,
                           f"the family-housing check counts {counted} homes of the buyer's family: "
                           f"the {claimed} home's relief applies")
    return Declaration("deed_tax_relief", "buyer", claimed, PENDING,
                       f"the family-housing check counts {counted} homes of the buyer's family; the tax officer "
                       f"checks the claim to the {claimed} home's relief")


def applied_facts(basis: dict, declarations: list[Declaration]) -> dict:
    """The register's facts with each declaration applied (confirmed or pending) or, refused by the officer,
    decided against the seller (a refused 满五唯一 is no only home); refused claims otherwise leave the register's
    facts as they were."""
    facts = {"seller_only_home": bool(basis.get("seller_only_home")),
             "seller_original_cost": basis.get("seller_original_cost"), "seller_reasonable_costs": None,
             "buyer_homes_before": int(basis["buyer_homes_before"])}
    for d in declarations:
        if d.kind == "only_home_five_years":
            if d.applied:
                facts["seller_only_home"] = True
            elif d.status == REFUSED:
                facts["seller_only_home"] = False
        elif d.applied and d.kind == "original_cost":
            facts["seller_original_cost"] = d.claimed
        elif d.applied and d.kind == "deed_tax_relief":
            facts["buyer_homes_before"] = min(facts["buyer_homes_before"], HOMES_BEFORE[d.claimed])
    costs = next((d for d in declarations if d.kind == "reasonable_costs" and d.applied), None)
    if costs is not None and facts["seller_original_cost"] is not None:
        facts["seller_reasonable_costs"] = costs.claimed  # deducted only together with an original cost
    return facts


def pending(declarations: list[Declaration]) -> list[Declaration]:
    return [d for d in declarations if d.status == PENDING]
