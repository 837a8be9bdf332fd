"""Locks and objections on a register-book page (a mixin of ``Unit`` like unit_seizures.py; the event-applying
methods stay on ``Unit``): a registrar's lock refuses transfer, mortgage and change until it is lifted; an
objection (异议登记, qllx 97) is recorded and cancelled, and never blocks on its own."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from registry.courts import seizures as seizure_rules
from registry.kernel.codes import RegistrationType, RightType
from registry.kernel.errors import InvalidValue, SeizureIsNotALock, UnitLocked


class RestrictionCommands:
    """Needs the page's ``unit_number``, ``locks``, ``objections``, ``seizures`` and their events."""

    unit_number: str
    locks: dict[str, str]
    objections: tuple[str, ...]
    seizures: Any
    _locked: Any
    _unlocked: Any
    _objection_registered: Any
    _objection_cancelled: Any

    def check_not_locked(self) -> None:
        if self.locks:
            reference, authority = next(iter(self.locks.items()))
            raise UnitLocked(
                f"unit {self.unit_number} is locked by {authority} ({reference}): "
                "transfer, mortgage and change are refused",
                authority=authority, reference=reference,
            )

    def lock(self, *, authority: str, reference: str, reason: str, until: date | None, at: datetime) -> None:
        if reference in self.locks:
            return
        self._locked(authority=authority, reference=reference, reason=reason, until=until,
                     djlx=RegistrationType.SEIZURE, qllx=RightType.SEIZURE, at=at)

    def unlock(self, *, reference: str, at: datetime) -> None:
        if reference not in self.locks:
            raise InvalidValue(f"no lock {reference} on this unit", field="reference")
        if seizure_rules.find(self.seizures, reference) is not None:
            raise SeizureIsNotALock(f"{reference} is a court seizure: only its court releases it", field="reference")
        self._unlocked(reference=reference, djlx=RegistrationType.CANCELLATION,
                       qllx=RightType.SEIZURE, at=at)

    def register_objection(self, *, reference: str, applicant: str, reason: str, at: datetime) -> None:
        if not reason.strip():
            raise InvalidValue("an objection states its reason", field="reason")
        if reference not in self.objections:
            self._objection_registered(reference=reference, applicant=applicant, reason=reason.strip(),
                                       djlx=RegistrationType.OBJECTION, qllx=RightType.OBJECTION, at=at)

    def cancel_objection(self, *, reference: str, at: datetime) -> None:
        if reference not in self.objections:
            raise InvalidValue(f"no objection {reference} on this unit", field="reference")
        self._objection_cancelled(reference=reference, djlx=RegistrationType.CANCELLATION,
                                  qllx=RightType.OBJECTION, at=at)
