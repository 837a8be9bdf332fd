"""The certificate roll: which certificates are current for a unit or for one mortgage's proof."""

from __future__ import annotations

from eventsourcing.domain import Aggregate, event

from events import certificate_roll as roll_events
from registry.certificates.values import DerivedFrom
from registry.kernel import ids


class CertificateRoll(Aggregate):
    """Which certificates are current for a unit (ownership) or for one mortgage (its proof, keyed
    ``mortgage_roll_key``): changed in the same save that issues new ones. Separate rolls, so issuing
    an ownership certificate never supersedes a bank's proof, nor a new proof the owner's certificate."""

    TOPIC = "registry.certificate_roll"
    Created = roll_events.Started
    Changed = roll_events.Changed

    @staticmethod
    def create_id(unit_number: str):  # noqa: ANN205
        return ids.certificate_roll_id(unit_number)

    @event(Created)
    def __init__(self, unit_number: str) -> None:
        self.unit_number = unit_number  # the roll's key: a unit number, or mortgage_roll_key(...)
        self.current: list[str] = []
        self.issued_for: list[str] = []

    def change(self, current: list[str], derived_from: DerivedFrom) -> None:
        self._changed(current=list(current), derived_from=derived_from)

    @event(Changed)
    def _changed(self, current: list[str], derived_from: DerivedFrom) -> None:
        self.current = list(current)
        self.issued_for.append(f"{derived_from.aggregate_id}:{derived_from.version}")

    def has_issued_for(self, derived_from: DerivedFrom) -> bool:
        return f"{derived_from.aggregate_id}:{derived_from.version}" in self.issued_for


def mortgage_roll_key(mortgage_id: str) -> str:
    """The key of a mortgage's proof roll; cannot be a unit number (those are 28 digits and letters)."""
    return f"mortgage:{mortgage_id}"
