"""The register-book page of one 不动产单元: its ownership right, its encumbrances (mortgages in rank
order, locks, objections) and its certificate number."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from eventsourcing.domain import Aggregate, event

from events import unit as unit_events
from registry.courts.seizures import Seizure, SeizureState
from registry.kernel import ids
from registry.kernel.codes import RegistrationType, RightType, Use
from registry.kernel.errors import (
    InvalidValue,
    RuleFailed,
    SellersMustBeOwners,
)
from registry.kernel.state import TupleState
from registry.kernel.values import Owner, Person, Term, check_shares_sum_to_one, check_unit_number, exact_decimal
from registry.mortgages.values import Mortgage, MortgageTerms
from registry.register_book.unit_judicial import CANCELLED_SUFFIX, JudicialCommands
from registry.register_book.unit_mortgages import MortgageCommands
from registry.register_book.unit_restrictions import RestrictionCommands
from registry.register_book.unit_seizures import SeizureCommands


class Unit(SeizureCommands, JudicialCommands, MortgageCommands, RestrictionCommands, Aggregate):
    TOPIC = "registry.unit"
    Created = unit_events.Registered
    Transferred = unit_events.Transferred
    Locked = unit_events.Locked
    Unlocked = unit_events.Unlocked
    MortgageRegistered = unit_events.MortgageRegistered
    MortgageChanged = unit_events.MortgageChanged
    MortgageTransferred = unit_events.MortgageTransferred
    MortgageReranked = unit_events.MortgageReranked
    MortgageDischarged = unit_events.MortgageDischarged
    ObjectionRegistered = unit_events.ObjectionRegistered
    ObjectionCancelled = unit_events.ObjectionCancelled
    Seized = unit_events.Seized
    SeizureActivated = unit_events.SeizureActivated
    SeizureRenewed = unit_events.SeizureRenewed
    SeizureReleased = unit_events.SeizureReleased
    SeizureLapsed = unit_events.SeizureLapsed
    TransferredByRuling = unit_events.TransferredByRuling
    MortgageExtinguished = unit_events.MortgageExtinguished

    # Tuples in rank / filing order, also after a snapshot (JSON lists) or on pages saved before they existed.
    mortgages = TupleState()
    objections = TupleState()
    seizures = TupleState()  # court seizures in arrival order, released and lapsed ones kept as history
    judicial_case: str | None = None  # the case when the owners took title by a court's ruling (e拍即得)
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
    def check_sellers_are_owners(self, sellers: list[Person]) -> None:
        owners = {(o.person.id_number, o.person.name) for o in self.owners}
        given = {(s.id_number, s.name) for s in sellers}
        if owners != given or len(given) != len(sellers):
            raise SellersMustBeOwners(
                "the sellers must be exactly the unit's current owners", field="sellers"
            )

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
        self._take_title(owners, price, certificate_number, cancelled_certificate, at)

    def _take_title(self, owners: list[Owner], price: Decimal, certificate_number: str, cancelled_certificate: str,
                    at: datetime) -> None:
        self.owners = list(owners)
        self.cancelled_certificates.append(cancelled_certificate)
        self.certificate_number = certificate_number
        self.registered_at = at
        self.acquired_price = price
        self.acquired_on = at.date()
        self.judicial_case = None

    @event(TransferredByRuling)
    def _transferred_by_ruling(self, case_id: str, owners: list[Owner], price: Decimal, certificate_number: str,
                               cancelled_certificate: str, djlx: RegistrationType, qllx: RightType, at: datetime,
                               court: str, court_name: str, ruling_number: str, flagged: list[dict]) -> None:
        self._take_title(owners, price, certificate_number, cancelled_certificate, at)
        self.judicial_case = case_id

    # -- locks: commands in registry/register_book/unit_restrictions.py -------------------------
    @event(Locked)
    def _locked(self, authority: str, reference: str, reason: str, until: date | None,
                djlx: RegistrationType, qllx: RightType, at: datetime) -> None:
        self.locks[reference] = authority

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

    @event(MortgageReranked)
    def _mortgage_reranked(self, filing_id: str, mortgage_id: str, bank: str, rank: int, previous_rank: int,
                           proof_number: str, previous_proof_number: str, djlx: RegistrationType, qllx: RightType,
                           at: datetime) -> None:
        self.mortgages = tuple(m.with_changes(proof_number=proof_number) if m.mortgage_id == mortgage_id else m
                               for m in self.mortgages)

    def discharge_mortgage(self, *, filing_id: str, mortgage_id: str, at: datetime) -> None:
        current = self._existing(mortgage_id)
        self._mortgage_discharged(filing_id=filing_id, mortgage_id=mortgage_id, bank=current.bank,
                                  proof_number=current.proof_number, djlx=RegistrationType.CANCELLATION,
                                  qllx=RightType.MORTGAGE, at=at)

    @event(MortgageDischarged)
    def _mortgage_discharged(self, filing_id: str, mortgage_id: str, bank: str, proof_number: str,
                             djlx: RegistrationType, qllx: RightType, at: datetime) -> None:
        self.mortgages = tuple(m for m in self.mortgages if m.mortgage_id != mortgage_id)

    @event(MortgageExtinguished)
    def _mortgage_extinguished(self, filing_id: str, mortgage_id: str, bank: str, proof_number: str,
                               djlx: RegistrationType, qllx: RightType, at: datetime, court: str, court_name: str,
                               ruling_number: str, case_id: str) -> None:
        self.mortgages = tuple(m for m in self.mortgages if m.mortgage_id != mortgage_id)

    def _existing(self, mortgage_id: str) -> Mortgage:
        found = self.mortgage(mortgage_id)
        if found is None:
            raise RuleFailed("mortgage_exists", "no such mortgage on this unit", field="mortgage")
        return found

    # -- objections (qllx 97): commands in registry/register_book/unit_restrictions.py --------
    @event(ObjectionRegistered)
    def _objection_registered(self, reference: str, applicant: str, reason: str, djlx: RegistrationType,
                              qllx: RightType, at: datetime) -> None:
        self.objections = (*self.objections, reference)

    @event(ObjectionCancelled)
    def _objection_cancelled(self, reference: str, djlx: RegistrationType, qllx: RightType, at: datetime) -> None:
        self.objections = tuple(r for r in self.objections if r != reference)

    # -- court seizures (查封): commands and queries in registry/register_book/unit_seizures.py -----------------------
    @event(Seized)
    def _seized(self, court: str, court_name: str, reference: str, served_at: datetime, start: date, end: date,
                queued: bool, request_sha256: str, regardless_of_register: bool, register_mismatch: str,
                djlx: RegistrationType, qllx: RightType, at: datetime) -> None:
        seizure = Seizure(reference=reference, court=court, court_name=court_name, served_at=served_at,
                          start=start, end=end, state=SeizureState.QUEUED if queued else SeizureState.ACTIVE,
                          request_sha256=request_sha256)
        self.seizures = (*self.seizures, seizure)
        if not queued:
            self.locks = {reference: court_name, **self.locks}

    @event(SeizureRenewed)
    def _seizure_renewed(self, court: str, court_name: str, reference: str, start: date, previous_end: date,
                         end: date, request_sha256: str, djlx: RegistrationType, qllx: RightType,
                         at: datetime) -> None:
        self._replace_seizure(self.seizure(reference).with_changes(end=end))

    @event(SeizureReleased)
    def _seizure_released(self, court: str, court_name: str, reference: str, start: date, end: date,
                          was_active: bool, request_sha256: str, djlx: RegistrationType, qllx: RightType,
                          at: datetime) -> None:
        self._replace_seizure(self.seizure(reference).with_changes(state=SeizureState.RELEASED))

    @event(SeizureLapsed)
    def _seizure_lapsed(self, court: str, court_name: str, reference: str, start: date, end: date,
                        djlx: RegistrationType, qllx: RightType, at: datetime) -> None:
        self._replace_seizure(self.seizure(reference).with_changes(state=SeizureState.LAPSED))

    @event(SeizureActivated)
    def _seizure_activated(self, court: str, court_name: str, reference: str, start: date, end: date, after: str,
                           request_sha256: str, djlx: RegistrationType, qllx: RightType, at: datetime) -> None:
        self._replace_seizure(self.seizure(reference).with_changes(start=start, end=end, state=SeizureState.ACTIVE))
