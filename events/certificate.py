"""Events of an issued e-certificate."""

from __future__ import annotations

from datetime import datetime

from eventsourcing.domain import Aggregate

from registry.certificates.values import DerivedFrom
from registry.kernel.codes import CertificateKind
from registry.kernel.values import Owner


class Issued(Aggregate.Created):
    """A signed document now evidences a registration; only the digests of its code and bytes are kept.

    ``holders`` are the people it is issued to or about (owners; a proof's mortgagors); ``holder_org``
    is the organisation holding it (the mortgagee bank of a proof, "" for an ownership certificate).
    """

    TOPIC = "registry.certificate.Issued"
    class_version = 2
    kind: CertificateKind
    number: str
    identifier: str
    registry: str
    unit_number: str
    holders: list[Owner]
    holder_org: str  # v2
    case_id: str
    derived_from: DerivedFrom
    code_digest: str
    document_sha256: str
    seal_key_id: str
    replaces: str
    at: datetime

    @staticmethod
    def upcast_v1_v2(state: dict) -> None:
        state["holder_org"] = ""  # before proofs, every certificate was an ownership certificate


class Superseded(Aggregate.Event):
    """A later registration issued a new certificate for the unit (or a new proof for the mortgage)."""

    TOPIC = "registry.certificate.Superseded"
    by_certificate: str
    by_event: DerivedFrom
    at: datetime


class Cancelled(Aggregate.Event):
    TOPIC = "registry.certificate.Cancelled"
    reason: str
    by_event: DerivedFrom
    at: datetime


class Revoked(Aggregate.Event):
    TOPIC = "registry.certificate.Revoked"
    by: str
    reason: str
    at: datetime


class ReplacementRequested(Aggregate.Event):
    """Reported lost or damaged: the worker issues a new number and voids this one."""

    TOPIC = "registry.certificate.ReplacementRequested"
    by: str
    reason: str
    at: datetime


class Replaced(Aggregate.Event):
    TOPIC = "registry.certificate.Replaced"
    by_certificate: str
    at: datetime
