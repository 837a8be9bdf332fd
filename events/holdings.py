"""Events of a person's holdings index: which units a person owns, kept with each registration."""

from __future__ import annotations

from eventsourcing.domain import Aggregate

from registry.kernel.codes import Use


class Opened(Aggregate.Created):
    TOPIC = "registry.holdings.Opened"
    id_number: str


class Acquired(Aggregate.Event):
    TOPIC = "registry.holdings.Acquired"
    unit_number: str
    use: Use


class Disposed(Aggregate.Event):
    TOPIC = "registry.holdings.Disposed"
    unit_number: str
