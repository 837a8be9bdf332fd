"""Deciding a filing: every named rule runs; all pass → registered at once by rule (秒批), otherwise the
registrar's queue with the reasons. Registration changes the filing, the unit pages, the proof-number
sequence and any pre-notice book in one atomic save."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from registry.application import Registry
from registry.kernel import ids
from registry.kernel.actors import Actor, Role
from registry.kernel.codes import CertificateKind, Supplement
from registry.kernel.commanding import Receipt
from registry.kernel.errors import RuleFailed, UnknownFiling
from registry.mortgages.filing import MortgageFiling
from registry.mortgages.rules import RULESET, Facts, evaluate, failures
from registry.mortgages.values import CheckOutcome, FilingKind, FilingState, Mortgage, PreNotice
from registry.register_book.numbering import CertificateSequence
from registry.register_book.unit import Unit

RULE = "rule"  # who registered a filing that passed every check


def gather_facts(app: Registry, filing: MortgageFiling, units: dict[str, Unit | None] | None = None) -> Facts:
    """The register as it stands; for the buyer's bank's part of a transfer with mortgage (before the combined
    registration passes the page it will see), as the transfer and the seller's bank's discharge leave it."""
    mortgagee = filing.assignee if filing.kind is FilingKind.TRANSFER else filing.bank
    facts = Facts(
        units=units if units is not None else {n: app.unit_or_none(n) for n in filing.unit_numbers},
        books={n: app.pre_notice_book(n) for n in filing.unit_numbers},
        accredited=app.banks.accredited(mortgagee, filing.registry), today=app.clock.today())
    if filing.transfer_case_id and filing.kind is FilingKind.FIRST and units is None:
        case = app.get_case(UUID(filing.transfer_case_id))
        facts.owners_after_transfer = [o.person for o in case.buyers]
        for part_id in case.mortgage_parts:
            part = app.get_filing(UUID(part_id)) if part_id != str(filing.id) else filing
            if part.kind is FilingKind.DISCHARGE and part.state is FilingState.STAGED:
                facts.discharged_with_transfer.update(part.mortgage_ids)
    return facts


def decide(app: Registry, filing: MortgageFiling) -> list[Any]:
    """Runs once every party has confirmed; returns the other aggregates to save with the filing."""
    facts = gather_facts(app, filing)
    outcomes = evaluate(filing, facts)
    now = app.clock.now()
    if filing.transfer_case_id:
        filing.stage(ruleset=RULESET, outcomes=outcomes, at=now)
        return []
    if all(o.passed for o in outcomes):
        return register(app, filing, outcomes, by=RULE, units=facts.units)
    filing.queue(ruleset=RULESET, outcomes=outcomes, at=now)
    return []


def register(app: Registry, filing: MortgageFiling, outcomes: list[CheckOutcome], *, by: str,
             units: dict[str, Unit | None], sequence: CertificateSequence | None = None) -> list[Any]:
    """Enter the filing in the register book; the unit pages enforce their own invariants again."""
    now, filing_id = app.clock.now(), str(filing.id)
    sequence = sequence or app.sequence(filing.registry, CertificateKind.PROOF)
    scheme = app.numbering(filing.registry)
    touched: list[Any] = []
    proofs, mortgage_ids, moved = [], [], []
    for index, number in enumerate(filing.unit_numbers):
        unit = units[number]
        if filing.kind is FilingKind.PRE_NOTICE:
            book = app.pre_notice_book(number, create=True)
            proof = sequence.allocate(scheme)
            book.register(registry=filing.registry, at=now, pre_notice=PreNotice(
                filing_id=filing_id, bank=filing.bank, bank_name=filing.bank_name,
                purchasers=tuple(filing.mortgagors), terms=filing.terms, proof_number=proof,
                location=filing.location))
            touched.append(book)
            proofs.append(proof)
            mortgage_ids.append(ids.mortgage_id(filing_id, number))
            continue
        if filing.kind is FilingKind.FIRST:
            mortgage_id, proof = ids.mortgage_id(filing_id, number), sequence.allocate(scheme)
            unit.register_mortgage(filing_id=filing_id, rank=filing.rank, at=now, mortgage=Mortgage(
                mortgage_id=mortgage_id, filing_id=filing_id, bank=filing.bank, bank_name=filing.bank_name,
                mortgagors=tuple(filing.mortgagors), terms=filing.terms, proof_number=proof))
        else:
            mortgage_id = filing.mortgage_ids[index]
            proof = "" if filing.kind is FilingKind.DISCHARGE else sequence.allocate(scheme)
            before = unit.rank_order()
            if filing.kind is FilingKind.CHANGE:
                unit.change_mortgage(filing_id=filing_id, mortgage_id=mortgage_id, terms=filing.terms,
                                     rank=filing.rank, proof_number=proof, at=now)
            elif filing.kind is FilingKind.TRANSFER:
                unit.transfer_mortgage(filing_id=filing_id, mortgage_id=mortgage_id, bank=filing.assignee,
                                       bank_name=filing.assignee_name, proof_number=proof, at=now)
            else:
                unit.discharge_mortgage(filing_id=filing_id, mortgage_id=mortgage_id, at=now)
            # the other banks' proofs state ranks too: each one this registration moved is re-issued
            moved += unit.record_rank_moves(before, filing_id=filing_id, acted_on=mortgage_id,
                                            allocate=lambda: sequence.allocate(scheme), at=now)
        touched.append(unit)
        proofs.append(proof)
        mortgage_ids.append(mortgage_id)
    filing.register(ruleset=RULESET, outcomes=outcomes, by=by, proof_numbers=[p for p in proofs if p],
                    mortgage_ids=mortgage_ids, at=now)
    if any(proofs) or moved:
        touched.append(sequence)
    return touched


def _queued_for_registrar(app: Registry, actor: Actor, filing_id: UUID) -> MortgageFiling:
    actor.check_role(Role.REGISTRAR)
    filing = app.get_filing(filing_id)
    if not actor.is_registrar_of(filing.registry):
        raise UnknownFiling("no such mortgage filing")
    return filing


def approve_filing(app: Registry, actor: Actor, filing_id: UUID) -> Receipt:
    """The registrar accepts the warnings; a rule that still fails refuses the approval by name."""
    def command() -> Receipt:
        filing = _queued_for_registrar(app, actor, filing_id)
        filing.check_queued()
        facts = gather_facts(app, filing)
        outcomes = evaluate(filing, facts)
        for failed in failures(outcomes):
            raise RuleFailed(failed.rule, failed.message)
        return app.commit(filing, *register(app, filing, outcomes, by=actor.user_id, units=facts.units))

    return app.retrying(command)


def reject_filing(app: Registry, actor: Actor, filing_id: UUID, reason: str) -> Receipt:
    def command() -> Receipt:
        filing = _queued_for_registrar(app, actor, filing_id)
        filing.reject(registrar=actor.user_id, reason=reason, at=app.clock.now())
        return app.commit(filing)

    return app.retrying(command)


def return_filing(app: Registry, actor: Actor, filing_id: UUID, *, missing: list[Supplement], note: str = ""
                  ) -> Receipt:
    """补正: the registrar returns the queued filing to its bank with everything that is missing, once."""
    def command() -> Receipt:
        filing = _queued_for_registrar(app, actor, filing_id)
        filing.return_for_supplement(registrar=actor.user_id, missing=missing, note=note, at=app.clock.now())
        return app.commit(filing)

    return app.retrying(command)
