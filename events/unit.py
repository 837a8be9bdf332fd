"""Events on a register-book page (不动产单元). Every registration carries its djlx/qllx codes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from eventsourcing.domain import Aggregate

from registry.codes import RegistrationType, RightType, Use
from registry.values import Owner, Term


class Registered(Aggregate.Created):
    """First registration (djlx 100): the page opens with its ownership right."""

    TOPIC = "registry.unit.Registered"
    class_version = 2
    unit_number: str
    registry: str
    location: str
    area: Decimal
    use: Use
    right_nature: str
    term: Term
    owners: list[Owner]
    certificate_number: str
    djlx: RegistrationType
    qllx: RightType
    registered_on: date  # v2: the date the right was entered in the register (may predate the platform)
    at: datetime

    @staticmethod
    def upcast_v1_v2(state: dict) -> None:
        state["registered_on"] = state["at"].date()


class Transferred(Aggregate.Event):
    """Transfer registration (djlx 200): owners replaced, new certificate, old number gets (销)."""

    TOPIC = "registry.unit.Transferred"
    case_id: str
    owners: list[Owner]
    price: Decimal
    certificate_number: str
    cancelled_certificate: str
    djlx: RegistrationType
    qllx: RightType
    at: datetime


class Locked(Aggregate.Event):
    """A restriction (later: a court seizure) blocks transfer, mortgage and change."""

    TOPIC = "registry.unit.Locked"
    authority: str
    reference: str
    reason: str
    until: date | None
    djlx: RegistrationType
    qllx: RightType
    at: datetime


class Unlocked(Aggregate.Event):
    TOPIC = "registry.unit.Unlocked"
    reference: str
    djlx: RegistrationType
    qllx: RightType
    at: datetime
