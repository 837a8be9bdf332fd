"""Registrar commands on issued certificates, and the worker's re-issue after a reported loss."""

from __future__ import annotations

import hashlib
from uuid import UUID

from registry.application import Registry
from registry.certificates.certificate import Certificate
from registry.certificates.issuance import DocumentStore, Press, code_digest, new_code, ownership_content, roll_of
from registry.certificates.values import DerivedFrom
from registry.kernel.actors import Actor, Role
from registry.kernel.codes import CertificateKind, CertificateStatus
from registry.kernel.commanding import Receipt
from registry.kernel.errors import UnknownCertificate


def get_certificate(app: Registry, certificate_id: UUID) -> Certificate:
    return app.get_or_raise(certificate_id, UnknownCertificate("no such certificate"))


def _for_registrar(app: Registry, actor: Actor, certificate_id: UUID) -> Certificate:
    actor.check_role(Role.REGISTRAR)
    certificate = get_certificate(app, certificate_id)
    if not actor.is_registrar_of(certificate.registry):
        raise UnknownCertificate("no such certificate")
    return certificate


def revoke_certificate(app: Registry, actor: Actor, certificate_id: UUID, reason: str) -> Receipt:
    def command() -> Receipt:
        certificate = _for_registrar(app, actor, certificate_id)
        certificate.revoke(by=actor.user_id, reason=reason, at=app.clock.now())
        return app.commit(certificate)

    return app.retrying(command)


def request_replacement(app: Registry, actor: Actor, certificate_id: UUID, reason: str) -> Receipt:
    """Lost or damaged: the worker issues a new number; the old one becomes void when it does."""
    def command() -> Receipt:
        certificate = _for_registrar(app, actor, certificate_id)
        certificate.request_replacement(by=actor.user_id, reason=reason, at=app.clock.now())
        return app.commit(certificate)

    return app.retrying(command)


def reissue(app: Registry, press: Press, documents: DocumentStore, *, certificate_id: UUID,
            derived_from: DerivedFrom, public_url: str) -> Receipt | None:
    """Issue the replacement with a new number, void the old one and update the roll, atomically."""
    old = get_certificate(app, certificate_id)
    if old.status is not CertificateStatus.CURRENT or old.kind is not CertificateKind.OWNERSHIP:
        return None  # a proof is never re-issued (Certificate.request_replacement refuses it)
    unit = app.get_unit(old.unit_number)
    roll = roll_of(app, old.unit_number)
    sequence = app.sequence(old.registry, CertificateKind.OWNERSHIP)
    number = sequence.allocate(app.numbering(old.registry))
    code = new_code()
    content = ownership_content(app, unit, number, derived_from, public_url, code)
    pdf, seal_key_id = press.press(content)
    new = Certificate(
        kind=old.kind, number=number, identifier=content.identifier, registry=old.registry,
        unit_number=old.unit_number, holders=list(unit.owners), holder_org="", case_id=old.case_id,
        derived_from=derived_from, code_digest=code_digest(code), document_sha256=hashlib.sha256(pdf).hexdigest(),
        seal_key_id=seal_key_id, replaces=str(old.id), at=app.clock.now())
    documents.put(str(new.id), pdf)
    old.mark_replaced(by_certificate=str(new.id), at=app.clock.now())
    roll.change([str(new.id) if c == str(old.id) else c for c in roll.current], derived_from)
    return app.commit(new, old, roll, sequence)
