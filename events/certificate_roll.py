"""Events of a unit's roll of current certificates."""

from __future__ import annotations

from eventsourcing.domain import Aggregate

from registry.certificates.values import DerivedFrom


class Started(Aggregate.Created):
    TOPIC = "registry.certificate_roll.Started"
    unit_number: str


class Changed(Aggregate.Event):
    """The unit's current certificates are now these (issued for one registration)."""

    TOPIC = "registry.certificate_roll.Changed"
    current: list[str]
    derived_from: DerivedFrom
