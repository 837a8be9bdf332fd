"""The Supervision application: follows the Registry and keeps each case's statutory clock from the registry's
own events (acceptance, payment, consent, the end), each at the instant the registry recorded it; a scheduled
pass records warnings and breaches. Nothing here can change a case: supervisors see and instruct."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from functools import singledispatchmethod
from typing import Any

from eventsourcing.system import ProcessApplication

from events import mortgage as mortgage_events
from events import transfer as transfer_events
from registry.kernel.actors import Actor, Role
from registry.kernel.commanding import Commands, Receipt
from registry.kernel.errors import NotAuthorised, UnknownCase
from registry.kernel.ports import Clock
from registry.kernel.values import person_key
from registry.kernel.working_time import WorkingCalendar
from registry.supervision.case_clock import CaseClock
from registry.supervision.limits import FUZHOU_LIMITS, limit_for
from registry.supervision.office_calendar import OfficeCalendar
from registry.supervision.values import CaseKind, PauseReason, TimeLimit

ENDS = {transfer_events.Approved: "registered", transfer_events.Rejected: "rejected",
        transfer_events.Withdrawn: "withdrawn", mortgage_events.Registered: "registered",
        mortgage_events.Rejected: "rejected", mortgage_events.Declined: "declined"}


class Supervision(Commands, ProcessApplication):
    name = "supervision"
    pull_section_size = 500
    log_section_size = 500
    snapshotting_intervals = {CaseClock: 20}

    def __init__(self, *, clock: Clock, calendar: WorkingCalendar, transcodings: Iterable[Any] = (),
                 limits: Iterable[tuple[CaseKind, TimeLimit]] = FUZHOU_LIMITS, env: Mapping[str, str] | None = None):
        self.clock = clock
        self.calendar = calendar
        self.limits = tuple(limits)
        self._transcodings = list(transcodings)
        super().__init__(env=env)

    def calendar_for(self, registry: str) -> WorkingCalendar:
        """The State Council's schedule with the office's own closures."""
        calendar_id = OfficeCalendar.create_id(registry)
        if not self.exists(calendar_id):
            return self.calendar
        return self.calendar.with_closures(self.repository.get(calendar_id).closures)

    @singledispatchmethod
    def policy(self, domain_event: Any, processing_event: Any) -> None:
        """Events that neither start, pause, resume nor end a case are not timed."""

    @policy.register(transfer_events.Submitted)
    def _submitted(self, event: transfer_events.Submitted, processing_event: Any) -> None:
        kind = CaseKind.JUDICIAL_TRANSFER if event.judicial else CaseKind.RESALE_TRANSFER
        parties = [person_key(p.id_number) for p in event.sellers] + [person_key(o.person.id_number)
                                                                      for o in event.buyers]
        clock = self._accept(str(event.originator_id), kind, event.registry, event.unit_number, event.at, parties)
        if clock is not None:
            # nothing is examined before payment
            clock.pause(PauseReason.PAYMENT, event.at, self.calendar_for(clock.registry))
            processing_event.collect_events(clock)

    @policy.register(transfer_events.Settled)
    def _settled(self, event: transfer_events.Settled, processing_event: Any) -> None:
        clock = self.clock_of(str(event.originator_id))
        if clock is not None and clock.paused_for == PauseReason.PAYMENT.value:
            clock.resume(event.at, self.calendar_for(clock.registry))
            processing_event.collect_events(clock)

    @policy.register(transfer_events.ReturnedForSupplement)
    @policy.register(mortgage_events.ReturnedForSupplement)
    def _returned(self, event: Any, processing_event: Any) -> None:
        clock = self.clock_of(str(event.originator_id))
        if clock is not None and clock.running:
            clock.pause(PauseReason.SUPPLEMENT, event.at, self.calendar_for(clock.registry))  # 补正期间不计入时限
            processing_event.collect_events(clock)

    @policy.register(transfer_events.Resubmitted)
    @policy.register(mortgage_events.Resubmitted)
    def _resubmitted(self, event: Any, processing_event: Any) -> None:
        clock = self.clock_of(str(event.originator_id))
        if clock is not None and clock.paused_for == PauseReason.SUPPLEMENT.value:
            clock.resume(event.at, self.calendar_for(clock.registry))
            processing_event.collect_events(clock)

    @policy.register(mortgage_events.Filed)
    def _filed(self, event: mortgage_events.Filed, processing_event: Any) -> None:
        if event.transfer_case_id:
            return  # 带押过户: registered with its transfer, whose clock it runs on
        case_id = str(event.originator_id)
        parties = [bank_party(event.bank), *(person_key(p.id_number) for p in event.mortgagors)]
        clock = self._accept(case_id, CaseKind(f"mortgage_{event.kind.value}"), event.registry,
                             ",".join(event.unit_numbers), event.at, parties)
        if clock is not None:
            if event.consents_needed:
                clock.pause(PauseReason.CONSENT, event.at, self.calendar_for(clock.registry))
            processing_event.collect_events(clock)

    @policy.register(mortgage_events.Queued)
    def _queued(self, event: mortgage_events.Queued, processing_event: Any) -> None:
        """The last party's confirmation completes the joint application and the filing is decided at once:
        registered by rule (the clock ends) or queued for a registrar (the clock runs again)."""
        clock = self.clock_of(str(event.originator_id))
        if clock is not None and clock.paused_for == PauseReason.CONSENT.value:
            clock.resume(event.at, self.calendar_for(clock.registry))
            processing_event.collect_events(clock)

    @policy.register(transfer_events.Approved)
    @policy.register(transfer_events.Rejected)
    @policy.register(transfer_events.Withdrawn)
    @policy.register(mortgage_events.Registered)
    @policy.register(mortgage_events.Rejected)
    @policy.register(mortgage_events.Declined)
    def _ended(self, event: Any, processing_event: Any) -> None:
        clock = self.clock_of(str(event.originator_id))
        if clock is not None and clock.outcome is None:
            outcome = next(o for kind, o in ENDS.items() if isinstance(event, kind))
            clock.meet(outcome, ended_by(event), event.at, self.calendar_for(clock.registry))
            processing_event.collect_events(clock)

    # -- helpers -----------------------------------------------------------------------------------------
    def _accept(self, case_id: str, kind: CaseKind, registry: str, unit_number: str, at: datetime,
                parties: list[str]) -> CaseClock | None:
        if self.exists(CaseClock.create_id(case_id)):
            return None  # a redelivered acceptance
        limit = limit_for(kind, at.date(), self.limits)
        return CaseClock.accept(case_id=case_id, kind=kind, registry=registry, unit_number=unit_number,
                                accepted_at=at, limit=limit, calendar=self.calendar_for(registry), parties=parties)

    def clock_of(self, case_id: str) -> CaseClock | None:
        clock_id = CaseClock.create_id(case_id)
        return self.repository.get(clock_id) if self.exists(clock_id) else None


def ended_by(event: Any) -> str:
    """Who ended the case: the registrar, "rule" for a filing registered by rule, else the party."""
    return getattr(event, "registrar", "") or getattr(event, "by", "") or "rule"


def check_clocks(app: Supervision, case_ids: Iterable[str], now: datetime | None = None) -> int:
    """The scheduled pass: warnings and breaches of the running clocks of these cases; how many were recorded."""
    now = now or app.clock.now()
    changed = []
    for case_id in case_ids:
        clock = app.clock_of(case_id)
        if clock is not None and clock.check_time(now, app.calendar_for(clock.registry)):
            changed.append(clock)
    if changed:
        app.commit(*changed)
    return len(changed)


def instruct(app: Supervision, actor: Actor, case_id: str, instruction: str) -> Receipt:
    """督办: the office's supervisor instructs on an open case; another office's case is unknown to them."""
    def command() -> Receipt:
        actor.check_role(Role.SUPERVISOR, Role.ADMIN)
        clock = app.clock_of(case_id)
        if clock is None or not actor.supervises(clock.registry):
            raise UnknownCase("no such timed case")
        clock.instruct(by=actor.user_id, instruction=instruction, at=app.clock.now())
        return app.commit(clock)

    return app.retrying(command)


def bank_party(org: str) -> str:
    return f"bank:{org}"


def party_of(actor: Actor) -> str:
    """How a rating names its author: an applicant by their person key, bank staff by their bank."""
    if actor.role is Role.APPLICANT and actor.id_number:
        return person_key(actor.id_number)
    if actor.role is Role.BANK_STAFF and actor.org:
        return bank_party(actor.org)
    raise NotAuthorised("only the parties to a case rate it")


def rate_case(app: Supervision, actor: Actor, case_id: str, *, stars: int, comment: str = "") -> Receipt:
    def command() -> Receipt:
        clock = app.clock_of(case_id)
        party = party_of(actor)
        if clock is None or party not in clock.parties:
            raise UnknownCase("no such case")
        clock.rate(party=party, stars=stars, comment=comment, at=app.clock.now())
        return app.commit(clock)

    return app.retrying(command)


def close_follow_up(app: Supervision, actor: Actor, case_id: str, *, party: str, note: str) -> Receipt:
    def command() -> Receipt:
        actor.check_role(Role.SUPERVISOR, Role.ADMIN)
        clock = app.clock_of(case_id)
        if clock is None or not actor.supervises(clock.registry):
            raise UnknownCase("no such timed case")
        clock.close_follow_up(party=party, by=actor.user_id, note=note, at=app.clock.now())
        return app.commit(clock)

    return app.retrying(command)


def declare_closure(app: Supervision, actor: Actor, registry: str, *, day: date, reason: str,
                    open_clocks: Iterable[str]) -> int:
    """The office's supervisor closes the office for ``day``; the running clocks of its open cases (from the
    clocks view) whose remaining time spans that day are extended, in the same save. How many were extended."""
    def command() -> int:
        actor.check_role(Role.SUPERVISOR, Role.ADMIN)
        if not actor.supervises(registry):
            raise NotAuthorised("only the office's supervisor closes it")
        calendar_id, now = OfficeCalendar.create_id(registry), app.clock.now()
        office = app.repository.get(calendar_id) if app.exists(calendar_id) else OfficeCalendar(registry=registry,
                                                                                                  at=now)
        before = app.calendar_for(registry)
        if not office.declare_closure(day=day, reason=reason, by=actor.user_id, at=now, calendar=before):
            return 0
        after = before.with_closures([day])
        extended = [clock for case_id in open_clocks if (clock := app.clock_of(case_id)) is not None
                    and clock.registry == registry and clock.extend_for_closure(day, before, after, now)]
        app.commit(office, *extended)
        return len(extended)

    return app.retrying(command)
