"""An issued e-certificate and its status over time; the register prevails over the paper, so the
status (current, superseded, cancelled, revoked, replaced) is answered online and is itself an event."""

from __future__ import annotations

from datetime import datetime

from eventsourcing.domain import Aggregate, event

from events import certificate as certificate_events
from registry.certificates.values import DerivedFrom
from registry.kernel import ids
from registry.kernel.codes import CertificateKind, CertificateStatus
from registry.kernel.errors import CertificateNotCurrent, Conflict, ReasonRequired
from registry.kernel.values import Owner


class ProofNotReplaceable(Conflict):
    """A registration proof's number is the mortgage's number in the register book: it changes only by a
    registration (change, transfer), never by a re-issue. The bank downloads the e-proof again instead."""

    code = "proof_not_replaceable"


class Certificate(Aggregate):
    TOPIC = "registry.certificate"
    Created = certificate_events.Issued
    Superseded = certificate_events.Superseded
    Cancelled = certificate_events.Cancelled
    Revoked = certificate_events.Revoked
    ReplacementRequested = certificate_events.ReplacementRequested
    Replaced = certificate_events.Replaced

    holder_org: str = ""  # snapshots taken before proofs existed have none

    @staticmethod
    def create_id(number: str):  # noqa: ANN205
        return ids.certificate_id(number)

    @event(Created)
    def __init__(self, kind: CertificateKind, number: str, identifier: str, registry: str, unit_number: str,
                 holders: list[Owner], holder_org: str, case_id: str, derived_from: DerivedFrom, code_digest: str,
                 document_sha256: str, seal_key_id: str, replaces: str, at: datetime) -> None:
        self.kind = kind
        self.number = number
        self.identifier = identifier
        self.registry = registry
        self.unit_number = unit_number
        self.holders = list(holders)
        self.holder_org = holder_org
        self.case_id = case_id
        self.derived_from = derived_from
        self.code_digest = code_digest
        self.document_sha256 = document_sha256
        self.issued_at = at
        self.status = CertificateStatus.CURRENT
        self.replacement_requested = False

    def check_current(self) -> None:
        if self.status is not CertificateStatus.CURRENT:
            raise CertificateNotCurrent(f"certificate {self.number} is {self.status.value}")

    def supersede(self, *, by_certificate: str, by_event: DerivedFrom, at: datetime) -> None:
        if self.status is CertificateStatus.CURRENT:
            self._superseded(by_certificate=by_certificate, by_event=by_event, at=at)

    @event(Superseded)
    def _superseded(self, by_certificate: str, by_event: DerivedFrom, at: datetime) -> None:
        self.status = CertificateStatus.SUPERSEDED

    def cancel(self, *, reason: str, by_event: DerivedFrom, at: datetime) -> None:
        self.check_current()
        self._cancelled(reason=reason, by_event=by_event, at=at)

    @event(Cancelled)
    def _cancelled(self, reason: str, by_event: DerivedFrom, at: datetime) -> None:
        self.status = CertificateStatus.CANCELLED

    def revoke(self, *, by: str, reason: str, at: datetime) -> None:
        self.check_current()
        if not reason.strip():
            raise ReasonRequired("revoking a certificate needs a reason", field="reason")
        self._revoked(by=by, reason=reason.strip(), at=at)

    @event(Revoked)
    def _revoked(self, by: str, reason: str, at: datetime) -> None:
        self.status = CertificateStatus.REVOKED

    def request_replacement(self, *, by: str, reason: str, at: datetime) -> None:
        self.check_current()
        if self.kind is CertificateKind.PROOF:
            raise ProofNotReplaceable(f"proof {self.number} is not re-issued: its holder downloads it again")
        if self.replacement_requested:
            raise CertificateNotCurrent(f"a replacement of {self.number} is already being issued")
        if not reason.strip():
            raise ReasonRequired("a replacement needs a reason (lost, damaged)", field="reason")
        self._replacement_requested(by=by, reason=reason.strip(), at=at)

    @event(ReplacementRequested)
    def _replacement_requested(self, by: str, reason: str, at: datetime) -> None:
        self.replacement_requested = True

    def mark_replaced(self, *, by_certificate: str, at: datetime) -> None:
        if self.status is CertificateStatus.CURRENT:
            self._replaced(by_certificate=by_certificate, at=at)

    @event(Replaced)
    def _replaced(self, by_certificate: str, at: datetime) -> None:
        self.status = CertificateStatus.REPLACED
