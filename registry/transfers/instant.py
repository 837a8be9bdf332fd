"""Deciding a settled transfer (秒批): every named rule runs when the case is settled; all pass → registered by
rule exactly as a registrar's approval registers it (unit page, certificate number, holdings) in the same save
as the settlement; otherwise the case is referred to the registrar with the outcomes as the reasons."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from registry.kernel.codes import CertificateKind
from registry.transfers.kinds import filed_kind, spec_of
from registry.transfers.rules import RULE, RULESET, Facts, all_passed, evaluate

if TYPE_CHECKING:
    from registry.application import Registry
    from registry.register_book.unit import Unit
    from registry.transfers.case import TransferCase


def gather_facts(app: Registry, case: TransferCase, unit: Unit) -> Facts:
    book = app.pre_notice_book(case.unit_number)
    kind = filed_kind(getattr(case, "case_kind", None), judicial=bool(case.judicial), use=unit.use)
    return Facts(unit=unit, pre_notices=list(book.live) if book is not None else [],
                 taxes_released_by_rule=app.taxes.released_by_rule(str(case.id)),
                 instant_kinds=app.instant_kinds, today=app.clock.today(), case_kind=kind.value,
                 required_documents=spec_of(kind).documents)


def decide_settled(app: Registry, case: TransferCase) -> list[Any]:
    """Runs once the case is settled; returns the other aggregates to save with it."""
    unit = app.get_unit(case.unit_number)
    outcomes = evaluate(case, gather_facts(app, case, unit))
    if not all_passed(outcomes):
        case.refer(ruleset=RULESET, outcomes=outcomes, at=app.clock.now())
        return []
    sequence = app.sequence(case.registry, CertificateKind.OWNERSHIP)
    number = sequence.allocate(app.numbering(case.registry))
    now = app.clock.now()
    # the unit page checks its own invariants again (owners, locks, 禁止转让) before anything is saved
    unit.transfer(case_id=str(case.id), sellers=case.sellers, buyers=case.buyers, price=case.price,
                  certificate_number=number, at=now)
    case.approve(registrar=RULE, certificate_number=number, ruleset=RULESET, outcomes=outcomes, at=now)
    return [unit, sequence, *moved_holdings(app, case, unit)]


def moved_holdings(app: Registry, case: TransferCase, unit: Unit) -> list[Any]:
    """The sellers no longer hold the unit, the buyers do (the family-housing check counts from these)."""
    holdings = {i: app.holdings_of(i) for i in case.party_id_numbers()}
    for seller in case.sellers:
        holdings[seller.id_number].dispose(case.unit_number)
    for buyer in case.buyers:
        holdings[buyer.person.id_number].acquire(case.unit_number, unit.use)
    return list(holdings.values())
