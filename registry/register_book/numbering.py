"""Certificate numbers: one gap-free sequence per registry, year and kind.

The sequence is saved in the same transaction as the registration that uses the number, so an
approval that fails or loses a race consumes no number, and two winners can never share one.
"""

from __future__ import annotations

from dataclasses import dataclass

from eventsourcing.domain import Aggregate, event

from events import numbering as numbering_events
from registry.kernel import ids
from registry.kernel.codes import CertificateKind

KIND_WORDS = {CertificateKind.OWNERSHIP: "不动产权", CertificateKind.PROOF: "不动产证明"}


@dataclass(frozen=True)
class NumberingScheme:
    """How a registry prints its numbers: 闽(2026)福州市不动产权第0000001号."""

    province: str
    city: str
    authority: str = ""  # the office's name, printed as the issuing authority
    issuer_code: str = ""  # unified social credit code, part of the e-certificate identifier

    def format(self, kind: CertificateKind, year: int, serial: int) -> str:
        return f"{self.province}({year}){self.city}{KIND_WORDS[kind]}第{serial:07d}号"


class CertificateSequence(Aggregate):
    TOPIC = "registry.numbering"
    Created = numbering_events.Started
    Allocated = numbering_events.Allocated

    @staticmethod
    def create_id(registry: str, year: int, kind: CertificateKind):  # noqa: ANN205
        return ids.sequence_id(registry, year, kind.value)

    @event(Created)
    def __init__(self, registry: str, year: int, kind: CertificateKind) -> None:
        self.registry = registry
        self.year = year
        self.kind = kind
        self.last_serial = 0

    def allocate(self, scheme: NumberingScheme) -> str:
        serial = self.last_serial + 1
        number = scheme.format(self.kind, self.year, serial)
        self._allocated(serial=serial, number=number)
        return number

    @event(Allocated)
    def _allocated(self, serial: int, number: str) -> None:
        self.last_serial = serial
