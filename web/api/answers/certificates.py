"""Answers about e-certificates: public status, a bank's proofs, a presented PDF's verdict, the record."""

from __future__ import annotations

from marshmallow import fields

from web.api.answers import Answer, Paged
from web.api.answers.register import Holder


class EventReference(Answer):
    aggregate_id = fields.String(required=True)
    application = fields.String(required=True)
    notification_id = fields.Integer(required=True)
    version = fields.Integer(required=True)


class CertificateEvent(Answer):
    at = fields.String(required=True)
    event = fields.String(required=True)
    status = fields.String(required=True)
    reason = fields.String()


class CertificateHistoryEntry(Answer):
    """One step of a certificate's life as the registry, a holder or its bank sees it: who acted, why, and
    which certificate (and event) took its place when it was superseded or replaced."""

    at = fields.String(required=True)
    event = fields.String(required=True)
    status = fields.String(required=True)
    by = fields.String()
    reason = fields.String()
    by_certificate = fields.String()
    by_event = fields.Nested(EventReference)


class MaskedHolder(Answer):
    name = fields.String(required=True)
    share = fields.String(required=True)


class CertificateHolder(MaskedHolder):
    """A holder on a case's certificate: the ID number only for those who may see it (the registry, the holder)."""

    id_number = fields.String()


class Proof(Answer):
    case_id = fields.String(required=True)
    certificate_id = fields.String(required=True)
    derived_from = fields.Nested(EventReference, required=True)
    document_sha256 = fields.String(required=True)
    history = fields.List(fields.Nested(CertificateHistoryEntry), required=True)
    holder_org = fields.String(required=True)
    holders = fields.List(fields.Nested(MaskedHolder), required=True)
    identifier = fields.String(required=True)
    issued_at = fields.String(required=True)
    kind = fields.String(required=True)
    number = fields.String(required=True)
    registry = fields.String(required=True)
    replaces = fields.String(required=True)
    seal_key_id = fields.String(required=True)
    status = fields.String(required=True)
    unit_number = fields.String(required=True)
    updated_at = fields.String(required=True)
    version = fields.Integer(required=True)


class BankProofs(Paged):
    proofs = fields.List(fields.Nested(Proof), required=True)


class CertificateRecord(Answer):
    case_id = fields.String(required=True)
    certificate_id = fields.String(required=True)
    derived_from = fields.Nested(EventReference, required=True)
    document_sha256 = fields.String(required=True)
    history = fields.List(fields.Nested(CertificateHistoryEntry), required=True)
    holder_org = fields.String(required=True)
    holders = fields.List(fields.Nested(Holder), required=True)
    identifier = fields.String(required=True)
    issued_at = fields.String(required=True)
    kind = fields.String(required=True)
    number = fields.String(required=True)
    registry = fields.String(required=True)
    replaces = fields.String(required=True)
    seal_key_id = fields.String(required=True)
    status = fields.String(required=True)
    unit_number = fields.String(required=True)
    updated_at = fields.String(required=True)
    version = fields.Integer(required=True)


class PresentedCertificate(Answer):
    certificate_id = fields.String(required=True)
    history = fields.List(fields.Nested(CertificateHistoryEntry), required=True)
    holders = fields.List(fields.Nested(MaskedHolder), required=True)
    issued_at = fields.String(required=True)
    kind = fields.String(required=True)
    number = fields.String(required=True)
    status = fields.String(required=True)
    unit_number = fields.String(required=True)


class SignatureVerdict(Answer):
    intact = fields.Boolean(required=True)
    ok = fields.Boolean(required=True)
    reason = fields.String(required=True)
    signed_at = fields.String(required=True, allow_none=True)
    signer = fields.String(required=True, allow_none=True)
    trusted = fields.Boolean(required=True)


class PresentedPdfVerdict(Answer):
    certificate = fields.Nested(PresentedCertificate, required=True, allow_none=True)
    issued_by_registry = fields.Boolean(required=True)
    signature = fields.Nested(SignatureVerdict, required=True)


class PublicCertificateStatus(Answer):
    """What anyone with the printed code sees (``projections.certificates.public_lookup``), holders masked,
    with the stored PDF's signature verdict."""

    certificate_id = fields.String(required=True)
    kind = fields.String(required=True)
    number = fields.String(required=True)
    unit_number = fields.String(required=True)
    holders = fields.List(fields.Nested(MaskedHolder), required=True)
    status = fields.String(required=True)
    issued_at = fields.String(required=True)
    history = fields.List(fields.Nested(CertificateEvent), required=True)
    document_sha256 = fields.String(required=True, allow_none=True)
    signature = fields.Nested(SignatureVerdict, required=True, allow_none=True)
