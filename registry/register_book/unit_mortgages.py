"""Mortgage rules of a register-book page kept out of ``Unit`` (a mixin like
register_book/unit_seizures.py; the event-applying methods stay on ``Unit``): who may be named as mortgagor,
and 顺位 (rank) moves.

Mortgages rank in order of registration, and a proof states its mortgage's rank. A registration of one
mortgage can move others: a discharge moves every later one up, a change of rank pushes some back (or, when
it moves back itself, moves others up). Each mortgage so moved gets a ``MortgageReranked`` event with a new
proof number in the same save, so the issuer supersedes its bank's proof with one stating the new rank and
the bank is told; no proof keeps stating a rank the register no longer gives it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from registry.kernel.codes import RegistrationType, RightType
from registry.kernel.errors import RuleFailed, TransferRestricted
from registry.kernel.values import Owner, Person, mask_id_number
from registry.mortgages.values import Mortgage


class MortgageCommands:
    """Needs the page's ``owners``, ``mortgages`` (tuple, in rank order) and its ``_mortgage_reranked`` event."""

    unit_number: str
    owners: list[Owner]
    mortgages: tuple[Mortgage, ...]
    _mortgage_reranked: Any

    def check_mortgagors_are_owners(self, mortgagors: tuple[Person, ...] | list[Person]) -> None:
        owners = {(o.person.id_number, o.person.name) for o in self.owners}
        given = {(p.id_number, p.name) for p in mortgagors}
        if owners != given or len(given) != len(mortgagors):
            raise RuleFailed("mortgagors_are_owners", "the mortgagors must be exactly the unit's current owners",
                             field="mortgagors")

    def check_rank_free(self, rank: int) -> None:
        """Mortgages rank in order of registration: a new one takes the next rank."""
        if rank != len(self.mortgages) + 1:
            raise RuleFailed("rank_free", f"rank {rank} is not free: the next rank on this unit is "
                             f"{len(self.mortgages) + 1}", field="rank")

    def check_no_transfer_restriction(self, discharged: set[str] = frozenset()) -> None:
        for mortgage in self.mortgages:
            if mortgage.terms.transfer_restricted and mortgage.mortgage_id not in discharged:
                raise TransferRestricted(
                    f"a mortgage agreed 禁止转让 (proof {mortgage.proof_number}): discharge it with the transfer")

    def check_mortgagors_on_register(self, mortgagors: list[Person]) -> None:
        """Each mortgagor a bank names holds this unit under that ID number and that name, so no stranger is
        asked to confirm a mortgage of someone else's flat (a missing co-owner is the approval rule's to judge)."""
        names = {o.person.id_number.upper(): o.person.name for o in self.owners}
        for person in mortgagors:
            registered = names.get(person.id_number.upper())
            if registered is None:
                raise RuleFailed("mortgagors_are_owners", f"the mortgagor with ID number "
                                 f"{mask_id_number(person.id_number)} does not own unit {self.unit_number}",
                                 field="mortgagors")
            if registered != person.name:
                raise RuleFailed("mortgagors_are_owners", f"the name given for ID number "
                                 f"{mask_id_number(person.id_number)} does not match the register of unit "
                                 f"{self.unit_number}", field="mortgagors")

    def rank_order(self) -> list[str]:
        """The mortgage ids in rank order: what ``record_rank_moves`` compares against."""
        return [m.mortgage_id for m in self.mortgages]

    def record_rank_moves(self, before: list[str], *, filing_id: str, acted_on: str,
                          allocate: Callable[[], str], at: datetime) -> list[str]:
        """Every mortgage other than ``acted_on`` (which gets its own proof from its own registration) whose
        rank differs from ``before`` is recorded at its new rank under a new proof number from ``allocate``.
        Returns the new proof numbers, in rank order."""
        previous = {mortgage_id: rank for rank, mortgage_id in enumerate(before, start=1)}
        issued = []
        for rank, mortgage in enumerate(tuple(self.mortgages), start=1):
            was = previous.get(mortgage.mortgage_id)
            if mortgage.mortgage_id == acted_on or was is None or was == rank:
                continue
            number = allocate()
            self._mortgage_reranked(filing_id=filing_id, mortgage_id=mortgage.mortgage_id, bank=mortgage.bank,
                                    rank=rank, previous_rank=was, proof_number=number,
                                    previous_proof_number=mortgage.proof_number, djlx=RegistrationType.CHANGE,
                                    qllx=RightType.MORTGAGE, at=at)
            issued.append(number)
        return issued
