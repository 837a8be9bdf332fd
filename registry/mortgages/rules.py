"""The named rules of instant approval (秒批). Each looks at a filing and the facts it needs and gives
a verdict: pass, warn (the registrar decides) or fail. The rule set's version is kept in every event."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from registry.kernel.values import Person
from registry.mortgages.values import CheckOutcome, FilingKind, pre_notice_lapsed, verdict

if TYPE_CHECKING:
    from registry.mortgages.filing import MortgageFiling
    from registry.mortgages.prenotice import PreNoticeBook
    from registry.register_book.unit import Unit

RULESET = "mortgage-rules/2026.1"


@dataclass
class Facts:
    """What the rules may look at, loaded by the command: the register as it stands now."""

    units: dict[str, Unit | None]
    books: dict[str, PreNoticeBook | None]
    accredited: bool
    today: date
    owners_after_transfer: list[Person] | None = None  # 带押过户: the buyers, once the transfer registers
    discharged_with_transfer: set[str] = field(default_factory=set)

    def owners_of(self, unit: Unit) -> set[tuple[str, str]]:
        if self.owners_after_transfer is not None:
            return {(p.id_number, p.name) for p in self.owners_after_transfer}
        return {(o.person.id_number, o.person.name) for o in unit.owners}

    def mortgages_of(self, unit: Unit) -> list:
        return [m for m in unit.mortgages if m.mortgage_id not in self.discharged_with_transfer]


Rule = Callable[["MortgageFiling", Facts], CheckOutcome]


def unit_exists_and_current(filing: MortgageFiling, facts: Facts) -> CheckOutcome:
    return verdict("unit_exists_and_current", [f"unit {n} is not in the register" for n, u in facts.units.items()
                                               if u is None])


def unit_awaits_first_registration(filing: MortgageFiling, facts: Facts) -> CheckOutcome:
    return verdict("unit_awaits_first_registration",
                   [f"unit {n} is already registered: file a mortgage instead" for n, u in facts.units.items()
                    if u is not None])


def mortgagors_are_owners(filing: MortgageFiling, facts: Facts) -> CheckOutcome:
    """Per unit, exactly: each page names its owners as the mortgagors, so units of different owners are
    filed separately (a stranger added to one unit's mortgage would appear on a page they do not own)."""
    given = {(p.id_number, p.name) for p in filing.mortgagors}
    problems = []
    for number, unit in facts.units.items():
        if unit is None:
            continue
        owners = facts.owners_of(unit)
        if owners - given:
            problems.append(f"every owner of unit {number} must be a mortgagor")
        if given - owners:
            problems.append(f"a mortgagor does not own unit {number}")
    return verdict("mortgagors_are_owners", problems)


def no_seizure_or_lock(filing: MortgageFiling, facts: Facts) -> CheckOutcome:
    return verdict("no_seizure_or_lock", [
        f"unit {n} is locked by {authority} ({reference})" for n, u in facts.units.items() if u is not None
        for reference, authority in u.locks.items()])


def _first_registered_on(unit: Unit | None) -> date | None:
    return unit.first_registered_on if unit is not None else None


def no_pre_notice_for_someone_else(filing: MortgageFiling, facts: Facts) -> CheckOutcome:
    return verdict("no_pre_notice_for_someone_else", [
        f"unit {n} has a live pre-notice for {p.bank_name}" for n, book in facts.books.items()
        if book is not None and not pre_notice_lapsed(_first_registered_on(facts.units.get(n)), facts.today)
        for p in book.for_someone_else(filing.bank)])


def bank_accredited(filing: MortgageFiling, facts: Facts) -> CheckOutcome:
    bank = filing.assignee_name if filing.kind is FilingKind.TRANSFER else filing.bank_name
    return verdict("bank_accredited", [] if facts.accredited else
                   [f"{bank} is not accredited for online mortgage filings at this registry"])


def amounts_and_dates_valid(filing: MortgageFiling, facts: Facts) -> CheckOutcome:
    return verdict("amounts_and_dates_valid", filing.terms.problems(facts.today) if filing.terms else [])


def rank_free(filing: MortgageFiling, facts: Facts) -> CheckOutcome:
    problems = []
    for number, unit in facts.units.items():
        if unit is None:
            continue
        ranked = len(facts.mortgages_of(unit))
        if filing.kind is FilingKind.FIRST and filing.rank != ranked + 1:
            problems.append(f"rank {filing.rank} is not free on unit {number}: the next rank is {ranked + 1}")
        if filing.kind is FilingKind.CHANGE and filing.rank and not 1 <= filing.rank <= ranked:  # 0: keeps it
            problems.append(f"rank must be between 1 and {ranked} on unit {number}")
    return verdict("rank_free", problems)


def mortgage_is_the_banks(filing: MortgageFiling, facts: Facts) -> CheckOutcome:
    problems = []
    for number, mortgage_id in zip(filing.unit_numbers, filing.mortgage_ids, strict=True):
        unit = facts.units.get(number)
        mortgage = unit.mortgage(mortgage_id) if unit is not None else None
        if mortgage is None or mortgage.bank != filing.bank:
            problems.append(f"no live mortgage of {filing.bank_name} with that proof on unit {number}")
    return verdict("mortgage_is_the_banks", problems)


def no_objection(filing: MortgageFiling, facts: Facts) -> CheckOutcome:
    """An objection does not block a mortgage, but the registrar is warned."""
    return verdict("no_objection", [f"unit {n} has an objection on record ({', '.join(u.objections)})"
                                    for n, u in facts.units.items() if u is not None and u.objections], warn=True)


RULES: dict[FilingKind, tuple[Rule, ...]] = {
    FilingKind.FIRST: (unit_exists_and_current, mortgagors_are_owners, no_seizure_or_lock,
                       no_pre_notice_for_someone_else, bank_accredited, amounts_and_dates_valid, rank_free,
                       no_objection),
    FilingKind.PRE_NOTICE: (unit_awaits_first_registration, no_pre_notice_for_someone_else, bank_accredited,
                            amounts_and_dates_valid),
    FilingKind.CHANGE: (unit_exists_and_current, mortgage_is_the_banks, mortgagors_are_owners,
                        no_seizure_or_lock, amounts_and_dates_valid, rank_free, no_objection),
    FilingKind.TRANSFER: (unit_exists_and_current, mortgage_is_the_banks, bank_accredited),
    FilingKind.DISCHARGE: (unit_exists_and_current, mortgage_is_the_banks),
}


EXISTENCE_RULES = (unit_exists_and_current, unit_awaits_first_registration)


def evaluate(filing: MortgageFiling, facts: Facts) -> list[CheckOutcome]:
    """Every rule of the filing's kind, in order; a rule that needs a missing unit still reports, as failed."""
    missing = filing.kind is not FilingKind.PRE_NOTICE and any(u is None for u in facts.units.values())
    return [CheckOutcome(rule.__name__, "fail", "the unit is not in the register")
            if missing and rule not in EXISTENCE_RULES else rule(filing, facts) for rule in RULES[filing.kind]]


def failures(outcomes: list[CheckOutcome]) -> list[CheckOutcome]:
    return [o for o in outcomes if o.verdict == "fail"]
