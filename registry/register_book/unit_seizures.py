"""The court-seizure rules of a register-book page (查封, djlx 800, qllx 98); the rules themselves are in
registry/courts/seizures.py.

A mixin of ``Unit``: the event-applying methods (``_seized`` …) stay on ``Unit`` because eventsourcing binds
an event class to the aggregate class that declares it; this keeps the commands and queries apart.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from registry.courts import seizures as seizure_rules
from registry.courts.seizures import Seizure, SeizureState
from registry.kernel.codes import RegistrationType, RightType
from registry.kernel.errors import RuleFailed, SeizureNotActive
from registry.kernel.values import Owner, mask_id_number


class SeizureCommands:
    """Needs the page's ``seizures`` (tuple) and ``locks`` (reference -> authority) and its ``_seizure_*`` events."""

    seizures: tuple[Seizure, ...]
    locks: dict[str, str]
    owners: list[Owner]
    unit_number: str
    _seized: Any
    _seizure_renewed: Any
    _seizure_released: Any
    _seizure_lapsed: Any
    _seizure_activated: Any

    def seizure(self, reference: str) -> Seizure | None:
        return seizure_rules.find(self.seizures, reference)

    def active_seizure(self) -> Seizure | None:
        return seizure_rules.active(self.seizures)

    def queued_seizures(self) -> tuple[Seizure, ...]:
        """轮候查封 in the order they will become active."""
        return seizure_rules.queued(self.seizures)

    def seizures_due_to_lapse(self, today: date) -> tuple[Seizure, ...]:
        """Active seizures whose last day is before ``today``: the scheduler calls ``lapse`` for each."""
        return tuple(s for s in self.seizures if s.due_to_lapse(today))

    def register_mismatch(self, subjects: list[dict]) -> str:
        """Why the persons the court enforces against (被执行人) do not match this page, "" when one of them holds
        the unit under the name and ID number the register has. An owner's ID number under another name is a
        mismatch even when another subject matches: the court has the wrong person's details."""
        names = {o.person.id_number.upper(): o.person.name for o in self.owners}
        for subject in subjects:
            registered = names.get(str(subject.get("id_number", "")).strip().upper())
            if registered is not None and registered != str(subject.get("name", "")).strip():
                return (f"the name given for ID number {mask_id_number(subject['id_number'])} does not match the "
                        f"register of unit {self.unit_number}")
        if not any(str(s.get("id_number", "")).strip().upper() in names for s in subjects):
            return f"none of the persons named in the order (被执行人) holds unit {self.unit_number} on the register"
        return ""

    def check_subjects_match_register(self, subjects: list[dict]) -> None:
        """A court seizes what its debtor holds: the subject must be on this page, by ID number and name."""
        mismatch = self.register_mismatch(subjects)
        if mismatch:
            raise RuleFailed("subjects_match_register", f"{mismatch}: check the order, or send it with "
                             "seize_regardless_of_register if the court seizes it all the same", field="subjects")

    def seize(self, *, court: str, court_name: str, reference: str, served_at: datetime, start: date, end: date,
              request_sha256: str, at: datetime, subjects: list[dict], regardless_of_register: bool = False) -> None:
        """KZCS 11. Active if no other seizure is active, else queued; the same reference again changes nothing.
        Subjects who do not match the register refuse it, unless the court seizes regardless of the register (e.g.
        a flat it found to be the debtor's though registered to another): that choice and the mismatch are
        recorded on the seizure's event."""
        seizure_rules.check_request(court=court, court_name=court_name, reference=reference,
                                    request_sha256=request_sha256)
        earlier = self.seizure(reference)
        if earlier is not None:
            seizure_rules.check_same_reference(earlier, court)
            return
        if not regardless_of_register:
            self.check_subjects_match_register(subjects)
        seizure_rules.check_term(start, end)
        self._seized(court=court, court_name=court_name, reference=reference, served_at=served_at, start=start,
                     end=end, queued=self.active_seizure() is not None, request_sha256=request_sha256,
                     regardless_of_register=regardless_of_register,
                     register_mismatch=self.register_mismatch(subjects), djlx=RegistrationType.SEIZURE,
                     qllx=RightType.SEIZURE, at=at)

    def renew(self, *, court: str, reference: str, new_end: date, at: datetime, request_sha256: str = "") -> None:
        """续封 (KZCS 12): the seizing court extends its active seizure, at most 3 years from today."""
        seizure = seizure_rules.existing(self.seizures, reference)
        seizure_rules.check_seizing_court(seizure, court, "renew")
        seizure_rules.check_renewable(seizure, new_end, at.date())
        self._seizure_renewed(court=court, court_name=seizure.court_name, reference=reference, start=seizure.start,
                              previous_end=seizure.end, end=new_end, request_sha256=request_sha256,
                              djlx=RegistrationType.SEIZURE, qllx=RightType.SEIZURE, at=at)

    def release(self, *, court: str, reference: str, at: datetime, request_sha256: str = "") -> None:
        """解除查封 (KZCS 14) by the seizing court; the next queued seizure becomes active from today.
        Releasing an already released seizure again changes nothing."""
        seizure = seizure_rules.existing(self.seizures, reference)
        seizure_rules.check_seizing_court(seizure, court, "release")
        if seizure.state is SeizureState.RELEASED:
            return
        if seizure.state is SeizureState.LAPSED:
            raise SeizureNotActive(f"seizure {reference} has lapsed: there is nothing to release",
                                                 reference=reference, state=seizure.state.value)
        was_active = seizure.state is SeizureState.ACTIVE
        self._seizure_released(court=court, court_name=seizure.court_name, reference=reference, start=seizure.start,
                               end=seizure.end, was_active=was_active, request_sha256=request_sha256,
                               djlx=RegistrationType.SEIZURE, qllx=RightType.SEIZURE, at=at)
        if was_active:
            self._activate_next(after=reference, on=at.date(), at=at)

    def lapse(self, *, reference: str, at: datetime) -> None:
        """Scheduled: the active seizure's last day has passed; the next queued one becomes active from the day
        after that last day. A seizure not yet due is refused; one already lapsed changes nothing."""
        seizure = seizure_rules.existing(self.seizures, reference)
        if seizure.state is SeizureState.LAPSED:
            return
        seizure_rules.check_due_to_lapse(seizure, at.date())
        self._seizure_lapsed(court=seizure.court, court_name=seizure.court_name, reference=reference,
                             start=seizure.start, end=seizure.end, djlx=RegistrationType.SEIZURE,
                             qllx=RightType.SEIZURE, at=at)
        self._activate_next(after=reference, on=seizure.end + timedelta(days=1), at=at)

    def _activate_next(self, *, after: str, on: date, at: datetime) -> None:
        waiting = self.queued_seizures()
        if not waiting:
            return
        nxt = waiting[0].activated(on)
        self._seizure_activated(court=nxt.court, court_name=nxt.court_name, reference=nxt.reference,
                                start=nxt.start, end=nxt.end, after=after, request_sha256=nxt.request_sha256,
                                djlx=RegistrationType.SEIZURE, qllx=RightType.SEIZURE, at=at)

    def _replace_seizure(self, seizure: Seizure) -> None:
        """Applies a seizure's new state and keeps ``locks`` in step: only the active seizure locks."""
        self.seizures = seizure_rules.replaced(self.seizures, seizure)
        locks = {r: a for r, a in self.locks.items() if r != seizure.reference}
        self.locks = {seizure.reference: seizure.court_name, **locks} if seizure.locks else locks
