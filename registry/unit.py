"""The register-book page of one 不动产单元: its ownership right, locks and certificate number."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from eventsourcing.domain import Aggregate, event

from events import unit as unit_events
from registry import ids
from registry.codes import RegistrationType, RightType, Use
from registry.errors import InvalidValue, SellersMustBeOwners, UnitLocked
from registry.values import Owner, Person, Term, check_shares_sum_to_one, check_unit_number, exact_decimal

CANCELLED_SUFFIX = "(销)"


class Unit(Aggregate):
    TOPIC = "registry.unit"
    Created = unit_events.Registered
    Transferred = unit_events.Transferred
    Locked = unit_events.Locked
    Unlocked = unit_events.Unlocked

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

    def owner_id_numbers(self) -> list[str]:
        return [o.person.id_number for o in self.owners]

    # -- registrations ------------------------------------------------------------------------
    def transfer(self, *, case_id: str, sellers: list[Person], buyers: list[Owner], price: Decimal,
                 certificate_number: str, at: datetime) -> None:
        self.check_not_locked()
        self.check_sellers_are_owners(sellers)
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
        self._unlocked(reference=reference, djlx=RegistrationType.CANCELLATION,
                       qllx=RightType.SEIZURE, at=at)

    @event(Unlocked)
    def _unlocked(self, reference: str, djlx: RegistrationType, qllx: RightType, at: datetime) -> None:
        del self.locks[reference]
