"""The named rules of instant approval (秒批) of a transfer. Each looks at a settled case and the facts it needs
and gives a verdict: pass, warn (something only a registrar may judge) or fail (the register stands against
it). Only a case whose every rule passes is registered by rule; the rule set's version is kept in the event."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from registry.kernel.codes import CaseState, Supplement
from registry.mortgages.values import CheckOutcome, PreNotice, pre_notice_lapsed, verdict
from registry.transfers.kinds import TransferKind

if TYPE_CHECKING:
    from registry.register_book.unit import Unit
    from registry.transfers.case import TransferCase

RULESET = "transfer-rules/2026.1"
RULE = "rule"  # who registered a case that passed every rule
DEFAULT_CASE_KIND = TransferKind.RESALE_RESIDENTIAL.value  # the kinds registered by rule unless configured


@dataclass
class Facts:
    """What the rules may look at, loaded when the case is settled: the register as it stands now."""

    unit: Unit
    pre_notices: list[PreNotice]  # the unit's live pre-notices (预告登记)
    taxes_released_by_rule: bool
    instant_kinds: frozenset[str]
    today: date
    case_kind: str  # as filed (a case filed before kinds: the resale that fits the unit, or a court's ruling)
    required_documents: tuple[Supplement, ...]  # what the case's kind needs on file (registry/transfers/kinds.py)


Rule = Callable[["TransferCase", Facts], CheckOutcome]


def instant_approval_on(case: TransferCase, facts: Facts) -> CheckOutcome:
    return verdict("instant_approval_on", [] if facts.case_kind in facts.instant_kinds else
                   [f"instant approval is switched off for {facts.case_kind} cases"], warn=True)


def not_judicial(case: TransferCase, facts: Facts) -> CheckOutcome:
    return verdict("not_judicial", ["a court's ruling opened the case: a registrar registers it"]
                   if case.judicial else [], warn=True)


def sellers_are_owners(case: TransferCase, facts: Facts) -> CheckOutcome:
    owners = {(o.person.id_number, o.person.name) for o in facts.unit.owners}
    sellers = [(p.id_number, p.name) for p in case.sellers]
    return verdict("sellers_are_owners", [] if set(sellers) == owners and len(sellers) == len(owners) else
                   [f"the sellers are no longer exactly the owners of unit {case.unit_number}"])


def no_seizure_or_lock(case: TransferCase, facts: Facts) -> CheckOutcome:
    return verdict("no_seizure_or_lock", [f"unit {case.unit_number} is locked by {authority} ({reference})"
                                          for reference, authority in facts.unit.locks.items()])


def no_objection(case: TransferCase, facts: Facts) -> CheckOutcome:
    objections = facts.unit.objections
    return verdict("no_objection", [f"unit {case.unit_number} has an objection on record ({', '.join(objections)})"]
                   if objections else [], warn=True)


def no_pre_notice_for_someone_else(case: TransferCase, facts: Facts) -> CheckOutcome:
    """A live pre-notice for purchasers other than the buyers reserves the flat for them (Civil Code art. 221)."""
    buyers = {(o.person.id_number, o.person.name) for o in case.buyers}
    lapsed = pre_notice_lapsed(getattr(facts.unit, "first_registered_on", None), facts.today)
    live = [] if lapsed else facts.pre_notices
    return verdict("no_pre_notice_for_someone_else", [
        f"unit {case.unit_number} has a live pre-notice of {p.bank_name} for other purchasers" for p in live
        if {(q.id_number, q.name) for q in p.purchasers} != buyers])


def no_mortgage_on_the_unit(case: TransferCase, facts: Facts) -> CheckOutcome:
    """A mortgage follows the unit (Civil Code art. 406) unless agreed 禁止转让; either way the registrar sees it."""
    mortgages = facts.unit.mortgages
    restricted = [m.proof_number for m in mortgages if m.terms.transfer_restricted]
    if restricted:
        return verdict("no_mortgage_on_the_unit", [f"a mortgage agreed 禁止转让 (proof {', '.join(restricted)})"])
    return verdict("no_mortgage_on_the_unit", [f"unit {case.unit_number} has {len(mortgages)} live mortgage(s)"]
                   if mortgages else [], warn=True)


def taxes_released_by_rule(case: TransferCase, facts: Facts) -> CheckOutcome:
    return verdict("taxes_released_by_rule", [] if facts.taxes_released_by_rule else
                   ["the taxes were released or changed by a tax officer, not by rule"], warn=True)


def payment_cleared(case: TransferCase, facts: Facts) -> CheckOutcome:
    return verdict("payment_cleared", [] if case.state is CaseState.PENDING_REVIEW else
                   [f"the case is {case.state.value}, not settled"])


def documents_present(case: TransferCase, facts: Facts) -> CheckOutcome:
    attached = {a["kind"] for a in case.attachments}
    missing = [kind.value for kind in facts.required_documents if kind.value not in attached]
    return verdict("documents_present", [f"missing documents: {', '.join(missing)}"] if missing else [], warn=True)


def no_open_return(case: TransferCase, facts: Facts) -> CheckOutcome:
    """A case a registrar has returned for supplement stays with the registrar."""
    return verdict("no_open_return", ["the case was returned for supplement"] if case.returned else [], warn=True)


def mandates_confirmed(case: TransferCase, facts: Facts) -> CheckOutcome:
    """An agent's case is registered only once every principal has confirmed the mandate (decision 027)."""
    waiting = [m["principal_name"] for m in getattr(case, "mandates", ()) if not m.get("confirmed_at")]
    return verdict("mandates_confirmed", [f"the agent's mandate is not confirmed yet by {'、'.join(waiting)}"]
                   if waiting else [], warn=True)


def no_mortgage_parts(case: TransferCase, facts: Facts) -> CheckOutcome:
    """带押过户 registers the banks' parts with the transfer; the registrar registers the whole."""
    return verdict("no_mortgage_parts", [f"{len(case.mortgage_parts)} bank part(s) are registered with the "
                                         "transfer: a registrar registers them together"]
                   if case.mortgage_parts else [], warn=True)


RULES: tuple[Rule, ...] = (instant_approval_on, not_judicial, sellers_are_owners, no_seizure_or_lock, no_objection,
                           no_pre_notice_for_someone_else, no_mortgage_on_the_unit, taxes_released_by_rule,
                           payment_cleared, documents_present, no_open_return, mandates_confirmed,
                           no_mortgage_parts)


def evaluate(case: TransferCase, facts: Facts) -> list[CheckOutcome]:
    return [rule(case, facts) for rule in RULES]


def all_passed(outcomes: list[CheckOutcome]) -> bool:
    return all(o.passed for o in outcomes)
