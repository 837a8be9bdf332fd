"""The register-book page of one 不动产单元: its ownership right, its encumbrances (mortgages in rank
order, locks, objections) and its certificate number."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from eventsourcing.domain import Aggregate, event

from events import unit as unit_events
from registry import ids
from registry import seizures as seizure_rules
from registry.codes import RegistrationType, RightType, Use
from registry.errors import (
    InvalidValue,
    RuleFailed,
    SeizureIsNotALock,
    SeizureNotActive,
    SellersMustBeOwners,
    TransferRestricted,
    UnitLocked,
)
from registry.mortgages.values import Mortgage, MortgageTerms, TupleState
from registry.seizures import Seizure, SeizureState
from registry.values import Owner, Person, Term, check_shares_sum_to_one, check_unit_number, exact_decimal

CANCELLED_SUFFIX = "(销)"


class Unit(Aggregate):
    TOPIC = "registry.unit"
    Created = unit_events.Registered
    Transferred = unit_events.Transferred
    Locked = unit_events.Locked
    Unlocked = unit_events.Unlocked
    MortgageRegistered = unit_events.MortgageRegistered
    MortgageChanged = unit_events.MortgageChanged
    MortgageTransferred = unit_events.MortgageTransferred
    MortgageDischarged = unit_events.MortgageDischarged
    ObjectionRegistered = unit_events.ObjectionRegistered
    ObjectionCancelled = unit_events.ObjectionCancelled
    Seized = unit_events.Seized
    SeizureActivated = unit_events.SeizureActivated
    SeizureRenewed = unit_events.SeizureRenewed
    SeizureReleased = unit_events.SeizureReleased
    SeizureLapsed = unit_events.SeizureLapsed

    # Tuples in rank / filing order, also after a snapshot (JSON lists) or on pages saved before they existed.
    mortgages = TupleState()
    objections = TupleState()
    seizures = TupleState()  # court seizures in arrival order, released and lapsed ones kept as history
    first_registered_on: date | None = None  # pages snapshotted before it was kept: unknown

    @staticmethod
    def create_id(unit_number: str):  # noqa: ANN205 - signature fixed by eventsourcing
        return ids.unit_id(unit_number)

    @classmethod
    def register(
        cls, *, unit_number: str, registry: str, location: str, area: Decimal, use: Use,
        right_nature: str, term: Term, owners: list[Owner], certificate_number: str, at: datetime,
        registered_on: date | None = None,
    ) -> Unit:
        """First registration (djlx 100)."""
        check_unit_number(unit_number)
        exact_decimal(area, places=2, field="area")
        if not location.strip():
            raise InvalidValue("location is required", field="location")
        check_shares_sum_to_one(owners)
        if registered_on is not None and registered_on > at.date():
            raise InvalidValue("the registration date cannot be in the future", field="registered_on")
        return cls(
            unit_number=unit_number, registry=registry, location=location, area=area, use=use,
            right_nature=right_nature, term=term, owners=list(owners),
            certificate_number=certificate_number, djlx=RegistrationType.FIRST,
            qllx=RightType.OWNERSHIP, registered_on=registered_on or at.date(), at=at,
        )

    @event(Created)
    def __init__(
        self, unit_number: str, registry: str, location: str, area: Decimal, use: Use,
        right_nature: str, term: Term, owners: list[Owner], certificate_number: str,
        djlx: RegistrationType, qllx: RightType, registered_on: date, at: datetime,
    ) -> None:
        self.unit_number = unit_number
        self.registry = registry
        self.location = location
        self.area = area
        self.use = use
        self.right_nature = right_nature
        self.term = term
        self.owners = list(owners)
        self.certificate_number = certificate_number
        self.cancelled_certificates: list[str] = []
        self.locks: dict[str, str] = {}
        self.registered_at = at
        self.acquired_price: Decimal | None = None  # unknown for a first registration
        self.acquired_on = registered_on
        self.first_registered_on = registered_on  # from here a pre-notice's 90 days run (Civil Code art. 221)

    # -- rules -------------------------------------------------------------------------------
    def check_not_locked(self) -> None:
        if self.locks:
            reference, authority = next(iter(self.locks.items()))
            raise UnitLocked(
                f"unit {self.unit_number} is locked by {authority} ({reference}): "
                "transfer, mortgage and change are refused",
                authority=authority, reference=reference,
            )

    def check_sellers_are_owners(self, sellers: list[Person]) -> None:
        owners = {(o.person.id_number, o.person.name) for o in self.owners}
        given = {(s.id_number, s.name) for s in sellers}
        if owners != given or len(given) != len(sellers):
            raise SellersMustBeOwners(
                "the sellers must be exactly the unit's current owners", field="sellers"
            )

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

    def mortgage(self, mortgage_id: str) -> Mortgage | None:
        return next((m for m in self.mortgages if m.mortgage_id == mortgage_id), None)

    def rank_of(self, mortgage_id: str) -> int:
        return next(i for i, m in enumerate(self.mortgages, start=1) if m.mortgage_id == mortgage_id)

    def owner_id_numbers(self) -> list[str]:
        return [o.person.id_number for o in self.owners]

    # -- registrations ------------------------------------------------------------------------
    def transfer(self, *, case_id: str, sellers: list[Person], buyers: list[Owner], price: Decimal,
                 certificate_number: str, at: datetime) -> None:
        self.check_not_locked()
        self.check_sellers_are_owners(sellers)
        self.check_no_transfer_restriction()
        check_shares_sum_to_one(buyers)
        self._transferred(
            case_id=case_id, owners=list(buyers), price=price, certificate_number=certificate_number,
            cancelled_certificate=self.certificate_number + CANCELLED_SUFFIX,
            djlx=RegistrationType.TRANSFER, qllx=RightType.OWNERSHIP, at=at,
        )

    @event(Transferred)
    def _transferred(self, case_id: str, owners: list[Owner], price: Decimal, certificate_number: str,
                     cancelled_certificate: str, djlx: RegistrationType, qllx: RightType,
                     at: datetime) -> None:
        self.owners = list(owners)
        self.cancelled_certificates.append(cancelled_certificate)
        self.certificate_number = certificate_number
        self.registered_at = at
        self.acquired_price = price
        self.acquired_on = at.date()

    def lock(self, *, authority: str, reference: str, reason: str, until: date | None, at: datetime) -> None:
        if reference in self.locks:
            return
        self._locked(authority=authority, reference=reference, reason=reason, until=until,
                     djlx=RegistrationType.SEIZURE, qllx=RightType.SEIZURE, at=at)

    @event(Locked)
    def _locked(self, authority: str, reference: str, reason: str, until: date | None,
                djlx: RegistrationType, qllx: RightType, at: datetime) -> None:
        self.locks[reference] = authority

    def unlock(self, *, reference: str, at: datetime) -> None:
        if reference not in self.locks:
            raise InvalidValue(f"no lock {reference} on this unit", field="reference")
        if seizure_rules.find(self.seizures, reference) is not None:
            raise SeizureIsNotALock(f"{reference} is a court seizure: only its court releases it", field="reference")
        self._unlocked(reference=reference, djlx=RegistrationType.CANCELLATION,
                       qllx=RightType.SEIZURE, at=at)

    @event(Unlocked)
    def _unlocked(self, reference: str, djlx: RegistrationType, qllx: RightType, at: datetime) -> None:
        del self.locks[reference]

    # -- mortgages (qllx 37) ---------------------------------------------------------------------
    def register_mortgage(self, *, filing_id: str, mortgage: Mortgage, rank: int, at: datetime,
                          converted_pre_notice: str = "") -> None:
        self.check_not_locked()
        self.check_mortgagors_are_owners(mortgage.mortgagors)
        self.check_rank_free(rank)
        self._mortgage_registered(filing_id=filing_id, mortgage=mortgage, rank=rank,
                                  converted_pre_notice=converted_pre_notice, djlx=RegistrationType.FIRST,
                                  qllx=RightType.MORTGAGE, at=at)

    @event(MortgageRegistered)
    def _mortgage_registered(self, filing_id: str, mortgage: Mortgage, rank: int, converted_pre_notice: str,
                             djlx: RegistrationType, qllx: RightType, at: datetime) -> None:
        self.mortgages = (*self.mortgages, mortgage)

    def change_mortgage(self, *, filing_id: str, mortgage_id: str, terms: MortgageTerms | None, rank: int,
                        proof_number: str, at: datetime) -> None:
        """New terms, a new rank (0 keeps its place) or both; a rank-only change keeps the terms."""
        self.check_not_locked()
        current = self._existing(mortgage_id)
        rank = rank or self.rank_of(mortgage_id)
        if not 1 <= rank <= len(self.mortgages):
            raise RuleFailed("rank_free", f"rank must be between 1 and {len(self.mortgages)}", field="rank")
        self._mortgage_changed(filing_id=filing_id, mortgage_id=mortgage_id, terms=terms or current.terms, rank=rank,
                               proof_number=proof_number, previous_proof_number=current.proof_number,
                               djlx=RegistrationType.CHANGE, qllx=RightType.MORTGAGE, at=at)

    @event(MortgageChanged)
    def _mortgage_changed(self, filing_id: str, mortgage_id: str, terms: MortgageTerms, rank: int,
                          proof_number: str, previous_proof_number: str, djlx: RegistrationType, qllx: RightType,
                          at: datetime) -> None:
        changed = self.mortgage(mortgage_id).with_changes(terms=terms, proof_number=proof_number)
        others = [m for m in self.mortgages if m.mortgage_id != mortgage_id]
        others.insert(rank - 1, changed)
        self.mortgages = tuple(others)

    def transfer_mortgage(self, *, filing_id: str, mortgage_id: str, bank: str, bank_name: str,
                          proof_number: str, at: datetime) -> None:
        current = self._existing(mortgage_id)
        self._mortgage_transferred(filing_id=filing_id, mortgage_id=mortgage_id, bank=bank, bank_name=bank_name,
                                   previous_bank=current.bank, proof_number=proof_number,
                                   previous_proof_number=current.proof_number, djlx=RegistrationType.TRANSFER,
                                   qllx=RightType.MORTGAGE, at=at)

    @event(MortgageTransferred)
    def _mortgage_transferred(self, filing_id: str, mortgage_id: str, bank: str, bank_name: str,
                              previous_bank: str, proof_number: str, previous_proof_number: str,
                              djlx: RegistrationType, qllx: RightType, at: datetime) -> None:
        self.mortgages = tuple(m.with_changes(bank=bank, bank_name=bank_name, proof_number=proof_number)
                               if m.mortgage_id == mortgage_id else m for m in self.mortgages)

    def discharge_mortgage(self, *, filing_id: str, mortgage_id: str, at: datetime) -> None:
        current = self._existing(mortgage_id)
        self._mortgage_discharged(filing_id=filing_id, mortgage_id=mortgage_id, bank=current.bank,
                                  proof_number=current.proof_number, djlx=RegistrationType.CANCELLATION,
                                  qllx=RightType.MORTGAGE, at=at)

    @event(MortgageDischarged)
    def _mortgage_discharged(self, filing_id: str, mortgage_id: str, bank: str, proof_number: str,
                             djlx: RegistrationType, qllx: RightType, at: datetime) -> None:
        self.mortgages = tuple(m for m in self.mortgages if m.mortgage_id != mortgage_id)

    def _existing(self, mortgage_id: str) -> Mortgage:
        found = self.mortgage(mortgage_id)
        if found is None:
            raise RuleFailed("mortgage_exists", "no such mortgage on this unit", field="mortgage")
        return found

    # -- objections (qllx 97) --------------------------------------------------------------------
    def register_objection(self, *, reference: str, applicant: str, reason: str, at: datetime) -> None:
        if not reason.strip():
            raise InvalidValue("an objection states its reason", field="reason")
        if reference not in self.objections:
            self._objection_registered(reference=reference, applicant=applicant, reason=reason.strip(),
                                       djlx=RegistrationType.OBJECTION, qllx=RightType.OBJECTION, at=at)

    @event(ObjectionRegistered)
    def _objection_registered(self, reference: str, applicant: str, reason: str, djlx: RegistrationType,
                              qllx: RightType, at: datetime) -> None:
        self.objections = (*self.objections, reference)

    def cancel_objection(self, *, reference: str, at: datetime) -> None:
        if reference not in self.objections:
            raise InvalidValue(f"no objection {reference} on this unit", field="reference")
        self._objection_cancelled(reference=reference, djlx=RegistrationType.CANCELLATION,
                                  qllx=RightType.OBJECTION, at=at)

    @event(ObjectionCancelled)
    def _objection_cancelled(self, reference: str, djlx: RegistrationType, qllx: RightType, at: datetime) -> None:
        self.objections = tuple(r for r in self.objections if r != reference)

    # -- court seizures (查封, djlx 800, qllx 98): rules in registry/seizures.py ------------------------
    # The active seizure is also kept first in ``locks`` (reference -> court name), so every check that
    # refuses a locked unit (check_not_locked, the mortgage rule no_seizure_or_lock) names the seizing court.
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

    def seize(self, *, court: str, court_name: str, reference: str, served_at: datetime, start: date, end: date,
              request_sha256: str, at: datetime) -> None:
        """KZCS 11. Active if no other seizure is active, else queued; the same reference again changes nothing."""
        seizure_rules.check_request(court=court, court_name=court_name, reference=reference,
                                    request_sha256=request_sha256)
        earlier = self.seizure(reference)
        if earlier is not None:
            seizure_rules.check_same_reference(earlier, court)
            return
        seizure_rules.check_term(start, end)
        self._seized(court=court, court_name=court_name, reference=reference, served_at=served_at, start=start,
                     end=end, queued=self.active_seizure() is not None, request_sha256=request_sha256,
                     djlx=RegistrationType.SEIZURE, qllx=RightType.SEIZURE, at=at)

    @event(Seized)
    def _seized(self, court: str, court_name: str, reference: str, served_at: datetime, start: date, end: date,
                queued: bool, request_sha256: str, djlx: RegistrationType, qllx: RightType, at: datetime) -> None:
        seizure = Seizure(reference=reference, court=court, court_name=court_name, served_at=served_at,
                          start=start, end=end, state=SeizureState.QUEUED if queued else SeizureState.ACTIVE,
                          request_sha256=request_sha256)
        self.seizures = (*self.seizures, seizure)
        if not queued:
            self.locks = {reference: court_name, **self.locks}

    def renew(self, *, court: str, reference: str, new_end: date, at: datetime, request_sha256: str = "") -> None:
        """续封 (KZCS 12): the seizing court extends its active seizure, at most 3 years from today."""
        seizure = seizure_rules.existing(self.seizures, reference)
        seizure_rules.check_seizing_court(seizure, court, "renew")
        seizure_rules.check_renewable(seizure, new_end, at.date())
        self._seizure_renewed(court=court, court_name=seizure.court_name, reference=reference, start=seizure.start,
                              previous_end=seizure.end, end=new_end, request_sha256=request_sha256,
                              djlx=RegistrationType.SEIZURE, qllx=RightType.SEIZURE, at=at)

    @event(SeizureRenewed)
    def _seizure_renewed(self, court: str, court_name: str, reference: str, start: date, previous_end: date,
                         end: date, request_sha256: str, djlx: RegistrationType, qllx: RightType,
                         at: datetime) -> None:
        self._replace_seizure(self.seizure(reference).with_changes(end=end))

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

    @event(SeizureReleased)
    def _seizure_released(self, court: str, court_name: str, reference: str, start: date, end: date,
                          was_active: bool, request_sha256: str, djlx: RegistrationType, qllx: RightType,
                          at: datetime) -> None:
        self._replace_seizure(self.seizure(reference).with_changes(state=SeizureState.RELEASED))

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

    @event(SeizureLapsed)
    def _seizure_lapsed(self, court: str, court_name: str, reference: str, start: date, end: date,
                        djlx: RegistrationType, qllx: RightType, at: datetime) -> None:
        self._replace_seizure(self.seizure(reference).with_changes(state=SeizureState.LAPSED))

    def _activate_next(self, *, after: str, on: date, at: datetime) -> None:
        waiting = self.queued_seizures()
        if not waiting:
            return
        nxt = waiting[0].activated(on)
        self._seizure_activated(court=nxt.court, court_name=nxt.court_name, reference=nxt.reference,
                                start=nxt.start, end=nxt.end, after=after, request_sha256=nxt.request_sha256,
                                djlx=RegistrationType.SEIZURE, qllx=RightType.SEIZURE, at=at)

    @event(SeizureActivated)
    def _seizure_activated(self, court: str, court_name: str, reference: str, start: date, end: date, after: str,
                           request_sha256: str, djlx: RegistrationType, qllx: RightType, at: datetime) -> None:
        self._replace_seizure(self.seizure(reference).with_changes(start=start, end=end, state=SeizureState.ACTIVE))

    def _replace_seizure(self, seizure: Seizure) -> None:
        """Applies a seizure's new state and keeps ``locks`` in step: only the active seizure locks."""
        self.seizures = seizure_rules.replaced(self.seizures, seizure)
        locks = {r: a for r, a in self.locks.items() if r != seizure.reference}
        self.locks = {seizure.reference: seizure.court_name, **locks} if seizure.locks else locks
