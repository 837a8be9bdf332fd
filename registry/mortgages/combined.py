"""带押过户 (transfer with mortgage): the seller's bank's discharge, the transfer and the buyer's bank's
new mortgage are one combined registration. Each part is checked again against the page as the earlier
parts leave it; any refusal refuses the whole, before anything is saved."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID

from registry.application import Registry
from registry.kernel.actors import Actor
from registry.kernel.codes import CertificateKind
from registry.kernel.errors import CombinedRegistrationRefused, DomainError
from registry.mortgages.decisions import gather_facts, register
from registry.mortgages.filing import MortgageFiling
from registry.mortgages.rules import evaluate, failures
from registry.mortgages.values import FilingKind
from registry.register_book.unit import Unit
from registry.transfers.case import TransferCase

PART_NAMES = {FilingKind.DISCHARGE: "discharge of the seller's mortgage", FilingKind.FIRST: "new mortgage"}


def combined_registration(app: Registry, actor: Actor, case: TransferCase, unit: Unit,
                          transfer: Callable[[], None]) -> list[Any]:
    """Discharges, then the transfer, then the new mortgages; returns the filings and sequence to save."""
    parts = [app.get_filing(UUID(i)) for i in case.mortgage_parts]
    if not parts:
        transfer()
        return []
    sequence = app.sequence(unit.registry, CertificateKind.PROOF)
    touched: list[Any] = []
    for part in [p for p in parts if p.kind is FilingKind.DISCHARGE]:
        touched += _register_part(app, actor, part, unit, sequence)
    transfer()
    for part in [p for p in parts if p.kind is FilingKind.FIRST]:
        touched += _register_part(app, actor, part, unit, sequence)
    return [*parts, *{id(a): a for a in touched if a is not unit}.values()]


def _register_part(app: Registry, actor: Actor, part: MortgageFiling, unit: Unit, sequence: Any) -> list[Any]:
    name = f"{part.bank_name}'s {PART_NAMES[part.kind]}"
    try:
        part.check_staged()
        facts = gather_facts(app, part, units={unit.unit_number: unit})
        outcomes = evaluate(part, facts)
        for failed in failures(outcomes):
            raise CombinedRegistrationRefused(f"{failed.rule}: {failed.message}")
        return register(app, part, outcomes, by=actor.user_id, units={unit.unit_number: unit}, sequence=sequence)
    except DomainError as refused:
        raise CombinedRegistrationRefused(
            f"the {name} was refused, so nothing was registered: {refused.message}", field="mortgage_parts",
            part=str(part.id), rule=getattr(refused, "code", "")) from None


def parts_rejected_with(app: Registry, case: TransferCase, *, registrar: str, reason: str,
                        at: datetime) -> list[MortgageFiling]:
    """A rejected transfer takes its banks' open parts with it, so no bank's part waits staged forever."""
    parts = [app.get_filing(UUID(i)) for i in case.mortgage_parts]
    return [p for p in parts if p.reject_with_transfer(registrar=registrar, reason=reason, at=at)]
