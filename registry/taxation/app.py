"""The Taxation application: follows the Registry and assesses every submitted transfer by rule, with the
parties' declarations (满五唯一, original cost, reasonable costs, deed-tax relief) applied provisionally and
judged by rule where the register proves them; a corrected case is assessed afresh.

The facts come from the case itself (price, contract date, area, use, the family-housing check, the
seller's acquisition and holdings), so an assessment can always be explained and re-derived.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import singledispatchmethod
from typing import Any
from uuid import UUID

from eventsourcing.system import ProcessApplication

from events import payments as payment_events
from events import transfer as transfer_events
from registry.kernel.actors import Actor, Role
from registry.kernel.commanding import Commands, Receipt
from registry.kernel.errors import NotAuthorised, NotFound
from registry.kernel.ports import Clock
from registry.kernel.values import person_key
from registry.taxation.assessment import Assessment
from registry.taxation.claims import declarations_of
from registry.taxation.rules import Rates, assess_or_fail, basis_of, corrected_basis

JUDICIAL_FACTS = ("court_name", "ruling_number", "confirmation_number", "ruling_date")


class UnknownAssessment(NotFound):
    code = "unknown_assessment"


class Taxation(Commands, ProcessApplication):
    name = "taxation"
    pull_section_size = 500
    log_section_size = 500
    snapshotting_intervals = {Assessment: 20}

    def __init__(self, *, clock: Clock, transcodings: Iterable[Any] = (), env: Mapping[str, str] | None = None,
                 surcharge_rate: Decimal = Decimal("0.06"), deemed_income_rate: Decimal = Decimal("0.01")):
        self.clock = clock
        self._transcodings = list(transcodings)
        self.surcharge_rate = surcharge_rate
        self.deemed_income_rate = deemed_income_rate
        self.rates = Rates(surcharge_rate, deemed_income_rate)
        super().__init__(env=env)

    @singledispatchmethod
    def policy(self, domain_event: Any, processing_event: Any) -> None:
        """Only submissions are assessed."""

    @policy.register(payment_events.PartPaid)
    @policy.register(payment_events.Paid)
    def _paid(self, event: payment_events.Paid, processing_event: Any) -> None:
        """Once anyone has paid their part the assessment is closed: corrections go through a refund."""
        assessment_id = Assessment.create_id(event.case_id)
        if self.exists(assessment_id):
            assessment = self.repository.get(assessment_id)
            if assessment.close_on_payment(event.receipt_number, at=self.clock.now()):
                processing_event.collect_events(assessment)

    @policy.register(transfer_events.Submitted)
    def _submitted(self, event: transfer_events.Submitted, processing_event: Any) -> None:
        case_id = str(event.originator_id)
        if self.exists(Assessment.create_id(case_id)):
            return
        basis = basis_of(event)
        declarations = declarations_of(event.tax_claims, basis)
        lines, facts, failure = assess_or_fail(basis, declarations, self.rates)
        if event.judicial:  # 司法拍卖: the sale is the court's auction, the ruling stands for the contract
            facts["judicial_auction"] = {k: event.judicial.get(k, "") for k in JUDICIAL_FACTS}
        payer, now = event.buyers[0].person, self.clock.now()
        assessment = Assessment(
            case_id=case_id, registry=event.registry, unit_number=event.unit_number, payer_name=payer.name,
            payer_key=person_key(payer.id_number),
            party_keys=sorted({person_key(p.id_number) for p in event.sellers}
                              | {person_key(o.person.id_number) for o in event.buyers}),
            payers=payers_of(event), lines=lines, facts=facts, declarations=declarations, failure=failure, at=now)
        assessment.release_if_ready(by="rule", at=now)
        processing_event.collect_events(assessment)

    @policy.register(transfer_events.Corrected)
    def _corrected(self, event: transfer_events.Corrected, processing_event: Any) -> None:
        """The applicant corrected the case before payment: assessed afresh from the register's facts."""
        assessment_id = Assessment.create_id(str(event.originator_id))
        if not self.exists(assessment_id):
            return
        assessment = self.repository.get(assessment_id)
        if assessment.paid:
            return
        basis = corrected_basis(assessment.facts, contract_date=event.contract_date, price=event.price)
        declarations = declarations_of(event.tax_claims, basis)
        lines, facts, failure = assess_or_fail(basis, declarations, self.rates)
        assessment.reassess(lines=lines, facts=facts, declarations=declarations, failure=failure,
                            at=self.clock.now())
        processing_event.collect_events(assessment)


def payers_of(event: Any) -> dict[str, dict]:
    """Each party pays its own taxes: the sellers theirs, the buyers theirs and the fee (decision 012)."""
    buyers, sellers = [o.person for o in event.buyers], list(event.sellers)
    return {role: {"name": "、".join(p.name for p in people), "keys": [person_key(p.id_number) for p in people]}
            for role, people in (("buyer", buyers), ("seller", sellers)) if people}


def _for_officer(app: Taxation, actor: Actor, assessment_id: UUID) -> Assessment:
    actor.check_role(Role.TAX_OFFICER)
    assessment = app.get_or_raise(assessment_id, UnknownAssessment("no such assessment"))
    if not actor.org:
        raise NotAuthorised("a tax officer belongs to a tax bureau")
    return assessment


def _as_officer(app: Taxation, actor: Actor, assessment_id: UUID, scope: Any, act: Any) -> Receipt:
    """``act(assessment, by, at)`` by an officer whose bureau serves the case's registry (``scope(registry)``);
    anyone else finds no such assessment."""
    def command() -> Receipt:
        assessment = _for_officer(app, actor, assessment_id)
        if not scope(assessment.registry):
            raise UnknownAssessment("no such assessment")
        act(assessment, actor.user_id, app.clock.now())
        return app.commit(assessment)

    return app.retrying(command)


def confirm_assessment(app: Taxation, actor: Actor, assessment_id: UUID, scope: Any) -> Receipt:
    """``scope(registry) -> bool`` says whether the officer's bureau serves that registry."""
    return _as_officer(app, actor, assessment_id, scope, lambda a, by, at: a.confirm(by=by, at=at))


def adjust_assessment(app: Taxation, actor: Actor, assessment_id: UUID, scope: Any, *, code: str,
                      payer: str | None, amount: Decimal, reason: str) -> Receipt:
    """One line (named by tax code and payer: stamp duty has a buyer's and a seller's line) gets a new
    amount with a reason both parties see; refused once the combined order is paid."""
    return _as_officer(app, actor, assessment_id, scope, lambda a, by, at: a.adjust(
        code=code, payer=payer, amount=amount, reason=reason, by=by, at=at))


def decide_declaration(app: Taxation, actor: Actor, assessment_id: UUID, scope: Any, *, kind: str, accepted: bool,
                       reason: str) -> Receipt:
    """The officer confirms or refuses one declaration with a reason; a refusal recomputes the lines."""
    return _as_officer(app, actor, assessment_id, scope, lambda a, by, at: a.decide(
        kind=kind, accepted=accepted, reason=reason, by=by, at=at, rates=app.rates))


def assess_referred_line(app: Taxation, actor: Actor, assessment_id: UUID, scope: Any, *, code: str, payer: str,
                         amount: Decimal, reason: str) -> Receipt:
    """The officer of the case's registry assesses a line the rules referred to him (amount and reason)."""
    return _as_officer(app, actor, assessment_id, scope, lambda a, by, at: a.assess_referred(
        code=code, payer=payer, amount=amount, reason=reason, by=by, at=at))


def is_released(app: Taxation, case_id: str) -> bool:
    """Whether the case's taxes are confirmed for payment (the order is placed then)."""
    assessment_id = Assessment.create_id(case_id)
    return app.exists(assessment_id) and app.repository.get(assessment_id).released


class ReleasedByRule:
    """The registry's view of the tax bureau's releases (the ``TaxReleases`` port), read from Taxation's store
    when a case is settled: released by rule, and no officer's adjustment since the lines were last computed."""

    def __init__(self, app: Taxation) -> None:
        self.app = app

    def released_by_rule(self, case_id: str) -> bool:
        assessment_id = Assessment.create_id(case_id)
        if not self.app.exists(assessment_id):
            return False
        history = list(self.app.events.get(assessment_id))
        computed = max((i for i, e in enumerate(history) if isinstance(e, Assessment.Reassessed)), default=0)
        since = history[computed:]
        releases = [e for e in since if isinstance(e, Assessment.Released)]
        return bool(releases) and releases[-1].by == "rule" and not any(
            isinstance(e, Assessment.Adjusted) for e in since)
