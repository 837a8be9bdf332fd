"""Issuing ownership certificates when a registration completes (proofs: registry.certificates.proofs), and the
pieces both kinds share: verification codes, identifiers, rolls.

Slow work (drawing and sealing the PDF) happens before the save; the save then records, in one
transaction, the new certificates, the numbers they used, the unit's roll of current certificates
and the supersession of the previous ones. A re-delivered registration issues nothing twice (the
roll remembers which registration it issued for), and a crash before the save leaves no trace but
an overwritten document.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from typing import Protocol
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from registry.application import Registry
from registry.certificates.certificate import Certificate
from registry.certificates.content import CertificateContent, Holder, certificate_identifier
from registry.certificates.roll import CertificateRoll
from registry.certificates.values import DerivedFrom
from registry.kernel.codes import CertificateKind, RightType, Use
from registry.kernel.commanding import Receipt
from registry.kernel.errors import DomainError
from registry.kernel.values import Owner
from registry.register_book.unit import Unit

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone
USE_LABELS = {Use.RESIDENTIAL: "住宅", Use.NON_RESIDENTIAL: "非住宅", Use.GARAGE_PARKING_STOREROOM: "车库/车位/储藏室"}
RIGHT_LABELS = {RightType.OWNERSHIP: "国有建设用地使用权/房屋所有权"}


class CannotPrint(DomainError):
    """The certificate cannot be drawn (a character no face has, a table too long for one page): the
    registration stands, and the registry must issue this one by hand."""

    code = "certificate_cannot_be_printed"


class Press(Protocol):
    """Draws and seals a certificate; returns the signed PDF and the seal's key id."""

    def press(self, content: CertificateContent) -> tuple[bytes, str]: ...


class DocumentStore(Protocol):
    def put(self, certificate_id: str, pdf: bytes) -> None: ...

    def get(self, certificate_id: str) -> bytes | None: ...


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def code_digest(code: str) -> str:
    return hashlib.sha256(f"certificate-code:{code.upper()}".encode()).hexdigest()


def serial_of(number: str) -> int:
    return int(re.search(r"第(\d+)号", number).group(1))


def co_ownership(owners: list[Owner]) -> str:
    return "单独所有" if len(owners) == 1 else "按份共有"


def verify_url(public_url: str, certificate_id: str, code: str) -> str:
    """Upper case throughout, so the QR code uses the compact alphanumeric mode."""
    return f"{public_url.upper()}/V/{certificate_id.replace('-', '').upper()}/{code}"


def ownership_content(app: Registry, unit: Unit, number: str, derived_from: DerivedFrom, public_url: str,
                      code: str) -> CertificateContent:
    scheme = app.numbering(unit.registry)
    certificate_id = str(Certificate.create_id(number))
    return CertificateContent(
        kind=CertificateKind.OWNERSHIP, number=number,
        identifier=certificate_identifier(CertificateKind.OWNERSHIP, scheme.issuer_code or "0" * 18,
                                          serial_of(number)),
        unit_number=unit.unit_number, location=unit.location,
        holders=tuple(Holder(o.person.name, o.person.id_number, o.share) for o in unit.owners),
        co_ownership=co_ownership(unit.owners), right_type=RIGHT_LABELS[RightType.OWNERSHIP],
        right_nature=unit.right_nature, use=USE_LABELS[unit.use], area=unit.area, term_start=unit.term.start,
        term_end=unit.term.end, encumbrances=tuple(f"限制：{authority}（{reference}）"
                                                   for reference, authority in unit.locks.items()),
        authority=scheme.authority or unit.registry, registered_on=unit.registered_at.date(),
        issued_on=app.clock.today(), verify_url=verify_url(public_url, certificate_id, code),
        derived_from=derived_from,
    )


def issue_ownership(app: Registry, press: Press, documents: DocumentStore, *, unit_number: str,
                    derived_from: DerivedFrom, case_id: str, one_per_owner: bool, public_url: str) -> Receipt | None:
    """Issue the ownership certificate(s) for the registration ``derived_from`` of a unit."""
    roll = roll_of(app, unit_number)
    if roll.has_issued_for(derived_from):
        return None
    unit = app.repository.get(Unit.create_id(unit_number), version=derived_from.version)
    sequence = app.sequence(unit.registry, CertificateKind.OWNERSHIP)
    extra = len(unit.owners) - 1 if one_per_owner else 0
    numbers = [unit.certificate_number] + [sequence.allocate(app.numbering(unit.registry)) for _ in range(extra)]
    issued = []
    for number in numbers:
        code = new_code()
        content = ownership_content(app, unit, number, derived_from, public_url, code)
        pdf, seal_key_id = press.press(content)
        certificate_id = Certificate.create_id(number)
        documents.put(str(certificate_id), pdf)
        issued.append(Certificate(
            kind=CertificateKind.OWNERSHIP, number=number, identifier=content.identifier, registry=unit.registry,
            unit_number=unit_number, holders=list(unit.owners), holder_org="", case_id=case_id,
            derived_from=derived_from,
            code_digest=code_digest(code), document_sha256=hashlib.sha256(pdf).hexdigest(),
            seal_key_id=seal_key_id, replaces="", at=app.clock.now()))
    previous = certificates_of(app, roll.current)
    for old in previous:
        old.supersede(by_certificate=str(issued[0].id), by_event=derived_from, at=app.clock.now())
    roll.change([str(c.id) for c in issued], derived_from)
    touched = [sequence] if extra else []
    return app.commit(*issued, roll, *previous, *touched)


def roll_of(app: Registry, key: str) -> CertificateRoll:
    """The roll of a unit's ownership certificates (key: the unit number) or of a mortgage's proofs."""
    try:
        return app.repository.get(CertificateRoll.create_id(key))
    except AggregateNotFoundError:
        return CertificateRoll(key)


def certificates_of(app: Registry, ids: list[str]) -> list[Certificate]:
    return [app.repository.get(UUID(i)) for i in ids]
