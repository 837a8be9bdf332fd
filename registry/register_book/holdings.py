"""Which units a person owns: updated in the same save as every registration that changes owners,
so the family-housing check reads the register itself, not a lagging view."""

from __future__ import annotations

from eventsourcing.domain import Aggregate, event

from events import holdings as holdings_events
from registry.kernel import ids
from registry.kernel.codes import Use


class Holdings(Aggregate):
    TOPIC = "registry.holdings"
    Created = holdings_events.Opened
    Acquired = holdings_events.Acquired
    Disposed = holdings_events.Disposed

    @staticmethod
    def create_id(id_number: str):  # noqa: ANN205
        return ids.holdings_id(id_number)

    @event(Created)
    def __init__(self, id_number: str) -> None:
        self.id_number = id_number
        self.units: dict[str, Use] = {}

    def acquire(self, unit_number: str, use: Use) -> None:
        if unit_number not in self.units:
            self._acquired(unit_number=unit_number, use=use)

    @event(Acquired)
    def _acquired(self, unit_number: str, use: Use) -> None:
        self.units[unit_number] = use

    def dispose(self, unit_number: str) -> None:
        if unit_number in self.units:
            self._disposed(unit_number=unit_number)

    @event(Disposed)
    def _disposed(self, unit_number: str) -> None:
        del self.units[unit_number]

    def homes(self) -> set[str]:
        return {number for number, use in self.units.items() if use is Use.RESIDENTIAL}
