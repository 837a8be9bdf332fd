"""Events of a certificate-number sequence (per registry, year and kind)."""

from __future__ import annotations

from eventsourcing.domain import Aggregate

from registry.kernel.codes import CertificateKind


class Started(Aggregate.Created):
    TOPIC = "registry.numbering.Started"
    registry: str
    year: int
    kind: CertificateKind


class Allocated(Aggregate.Event):
    TOPIC = "registry.numbering.Allocated"
    serial: int
    number: str
