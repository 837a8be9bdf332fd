"""Sealing certificate PDFs (PAdES with our own TSA) and verifying them offline.

Why these choices: the claims JSON is embedded in the *same* incremental revision that is signed, so the
signature covers it; an approval signature (not DocMDP "no changes"), so the validation info and archive
timestamp appended afterwards are not changes; the chains are embedded (B-LT, B-LTA by default) so a
verifier needs only our root, never the network. Verification turns any input into a Verdict and never
raises, because it is fed files from the public."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any

from asn1crypto import keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils import embed
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.generic_cms import extract_tst_data_iter
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from adapters.clock import SystemClock
from adapters.pki import Pki, PkiError, init_pki, key_id, load_external_seal, load_pki
from adapters.tsa import InProcessTimeStamper, TimeStampAuthority, as_asn1

FIELD_NAME = "RegistrySeal"
MAX_BYTES = 10 * 1024 * 1024
PROFILES = ("B-T", "B-LT", "B-LTA")
REASON_CODES = ("valid", "not_a_pdf", "unsigned", "untrusted_signer", "modified_after_signing", "digest_mismatch",
                "untrusted_timestamp", "too_large", "malformed")
ACCEPTED_CHANGES = (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES)  # DSS and archive timestamps only
SEAL_USAGE = KeyUsageConstraints(key_usage={"non_repudiation", "digital_signature"})  # one of them suffices
# RFC 5280: with an EKU a key serves only the listed purposes, so our TSA certificate cannot pass for a seal.
# Checked by hand: pyHanko 0.38 drops explicit_extd_key_usage_required, rejecting external seals without EKU.
DOCUMENT_PURPOSES = {"email_protection", "1.3.6.1.5.5.7.3.36", "any_extended_key_usage", "1.2.840.113583.1.1.5"}
# pyHanko warns on every signature that fetching is off; embedding offline is the design, so drop just that.
logging.getLogger("pyhanko.sign.signers.pdf_signer").addFilter(
    lambda record: "fetching is not allowed" not in record.getMessage())


def _load(ders: tuple[bytes, ...]) -> list[asn1_x509.Certificate]:
    return [asn1_x509.Certificate.load(der) for der in ders]


@dataclass(frozen=True)
class Trust:
    """Parsed trust material, shared and immutable: DER bytes sorted into roots and intermediates.
    asn1crypto objects parse lazily and race when shared between threads (measured: garbled CMS
    under 8 threads), so each ValidationContext gets freshly loaded objects; loading is microseconds."""

    roots: tuple[bytes, ...]
    intermediates: tuple[bytes, ...] = ()

    def context(self, moment: datetime | None = None) -> ValidationContext:
        return ValidationContext(trust_roots=_load(self.roots), other_certs=_load(self.intermediates),
                                 allow_fetching=False, moment=moment)


@lru_cache(maxsize=32)
def trust_from_pem(pem: bytes) -> Trust:
    """Self-signed certificates in the bundle become roots, the others intermediates. Cached by content,
    so repeated verification never re-reads or re-sorts the PKI."""
    certs = [as_asn1(c) for c in x509.load_pem_x509_certificates(pem)]
    return Trust(roots=tuple(c.dump() for c in certs if c.self_signed),
                 intermediates=tuple(c.dump() for c in certs if not c.self_signed))


def trust_for(*pkis: Pki) -> Trust:
    return trust_from_pem(b"".join(pki.chain_pem() for pki in pkis))


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason_code: str  # one of REASON_CODES
    intact: bool = False  # the signed bytes hash to the signed digest
    valid: bool = False  # the signature value checks out against the signer's key
    trusted: bool = False  # the signer chains to a trust root and may sign documents
    timestamp_valid: bool = False
    signed_at: datetime | None = None  # the TSA's genTime, not the signer's own claim
    signer: str | None = None  # subject CN of the seal certificate
    seal_key_id: str | None = None
    coverage: str | None = None  # pyHanko SignatureCoverageLevel name
    modification_level: str | None = None  # pyHanko ModificationLevel name
    detail: str = ""
    attachments: dict[str, bytes] = field(default_factory=dict, repr=False)  # filled only when ok

    def attachment(self, name: str) -> bytes | None:
        """An embedded file as it was in the signed revision; None unless the verdict is ok."""
        return self.attachments.get(name)


class Sealer:
    """Seals PDFs with one PKI's active seal and a TSA. Thread-safe: each call builds its own pyHanko
    writer, signer, timestamper, validation context and asn1crypto objects; shared state is bytes."""

    def __init__(self, pki: Pki, tsa: TimeStampAuthority, *, profile: str = "B-LTA",
                 extra_trust: tuple[Pki, ...] = ()) -> None:
        if profile not in PROFILES:
            raise ValueError(f"profile must be one of {PROFILES}, not {profile!r}")
        self.pki, self.tsa, self.profile = pki, tsa, profile
        self.trust = trust_for(pki, *extra_trust)
        der = serialization.Encoding.DER
        self._key_der = pki.seal_key.private_bytes(der, serialization.PrivateFormat.PKCS8,
                                                   serialization.NoEncryption())
        self._cert_ders = tuple(c.public_bytes(der) for c in (pki.seal_cert, *pki.intermediates, pki.root))
        tsa_size = sum(len(c.public_bytes(der)) for c in (tsa.cert, *tsa.chain))
        # pyHanko counts hex digits (twice the DER size); certificates dominate, 2 KiB covers the rest.
        self._bytes_reserved = 2 * (sum(map(len, self._cert_ders)) + tsa_size + 2048)

    def signer(self) -> signers.SimpleSigner:
        """A fresh pyHanko signer for the active seal (fresh asn1crypto objects per call: see Trust)."""
        cert, *chain = _load(self._cert_ders)
        return signers.SimpleSigner(signing_cert=cert, signing_key=keys.PrivateKeyInfo.load(self._key_der),
                                    cert_registry=SimpleCertificateStore.from_certs(chain))

    def seal(self, pdf: bytes, attachments: dict[str, bytes], *, reason: str, location: str) -> bytes:
        writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
        for name, data in attachments.items():
            stream = embed.EmbeddedFileObject.from_file_data(
                writer, data, mime_type="application/json" if name.endswith(".json") else None,
                params=embed.EmbeddedFileParams(embed_size=True, embed_checksum=True))
            embed.embed_file(writer, embed.FileSpec(file_spec_string=name, file_name=name, embedded_data=stream))
        meta = signers.PdfSignatureMetadata(
            field_name=FIELD_NAME, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
            reason=reason, location=location, certify=False, signer_key_usage={"non_repudiation"},
            embed_validation_info=self.profile != "B-T", use_pades_lta=self.profile == "B-LTA",
            validation_context=self.trust.context(), timestamp_field_name=f"{FIELD_NAME}Archive")
        pdf_signer = signers.PdfSigner(meta, signer=self.signer(), timestamper=InProcessTimeStamper(self.tsa),
                                       new_field_spec=fields.SigFieldSpec(sig_field_name=FIELD_NAME))
        return pdf_signer.sign_pdf(writer, bytes_reserved=self._bytes_reserved).getvalue()

    def verify(self, pdf: bytes, *, max_bytes: int = MAX_BYTES) -> Verdict:
        return verify(pdf, trust=self.trust, max_bytes=max_bytes)


def verify(pdf: bytes, *, trust: Trust, max_bytes: int = MAX_BYTES) -> Verdict:
    """Judge the first approval signature of a PDF offline against ``trust``. The broad ``except`` is
    deliberate and only here: the input is untrusted and pyHanko/asn1crypto raise many exception types
    on hostile files; each becomes the verdict ``malformed`` with the error as detail."""
    if len(pdf) > max_bytes:
        return Verdict(False, "too_large", detail=f"{len(pdf)} bytes exceed the limit of {max_bytes}")
    if b"%PDF-" not in pdf[:1024]:
        return Verdict(False, "not_a_pdf")
    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        signatures = reader.embedded_regular_signatures
        if not signatures:
            return Verdict(False, "unsigned")
        return _judge(reader, signatures[0], trust)
    except Exception as error:  # untrusted input → verdict (see docstring)
        return Verdict(False, "malformed", detail=f"{type(error).__name__}: {error}")


def _judge(reader: PdfFileReader, sig: Any, trust: Trust) -> Verdict:
    # The signer is judged at the TSA's time, so an expired or rotated-out seal still verifies the
    # documents it signed while valid; the timestamp itself is judged now.
    tst = next(extract_tst_data_iter(sig.signer_info, signed=False), None)
    moment = tst["encap_content_info"]["content"].parsed["gen_time"].native if tst is not None else None
    status = validate_pdf_signature(sig, signer_validation_context=trust.context(moment),
                                    ts_validation_context=trust.context(), key_usage_settings=SEAL_USAGE)
    cert, ts, level = status.signing_cert, status.timestamp_validity, status.modification_level
    eku = cert.extended_key_usage_value if cert is not None else None
    may_seal = eku is None or bool(set(eku.native) & DOCUMENT_PURPOSES)
    facts = dict(intact=status.intact, valid=status.valid, trusted=status.trusted and may_seal,
                 timestamp_valid=ts is not None and ts.intact and ts.valid and ts.trusted,
                 signed_at=ts.timestamp if ts is not None else None,
                 signer=cert.subject.native.get("common_name") if cert is not None else None,
                 seal_key_id=key_id(x509.load_der_x509_certificate(cert.dump())) if cert is not None else None,
                 coverage=status.coverage.name if status.coverage is not None else None,
                 modification_level=level.name if level is not None else None)
    if not (status.intact and status.valid):
        return Verdict(False, "digest_mismatch", **facts)
    if not facts["trusted"]:
        problem = status.trust_problem_indic or ("" if may_seal else "the certificate may not sign documents")
        return Verdict(False, "untrusted_signer", detail=str(problem), **facts)
    if level not in ACCEPTED_CHANGES or not status.docmdp_ok:
        return Verdict(False, "modified_after_signing", **facts)
    if not facts["timestamp_valid"] or not status.bottom_line:
        return Verdict(False, "untrusted_timestamp", **facts)
    for archive in reader.embedded_timestamp_signatures:  # B-LTA: the bytes after the seal must match too
        archived = validate_pdf_timestamp(archive, validation_context=trust.context(), skip_diff=True)
        if not (archived.intact and archived.valid):
            return Verdict(False, "digest_mismatch", detail=f"archive timestamp {archive.field_name} is broken",
                           **facts)
    return Verdict(True, "valid", attachments=_attachments(reader, sig.signed_revision), **facts)


def _attachments(reader: PdfFileReader, revision: int) -> dict[str, bytes]:
    """Embedded files as they were in the signed revision, so a later update cannot swap them."""
    root = reader.get_historical_root(revision)
    if "/Names" not in root or "/EmbeddedFiles" not in root["/Names"]:
        return {}
    tree = root["/Names"]["/EmbeddedFiles"]
    pairs = list(tree["/Names"]) if "/Names" in tree else []  # a flat name tree: what seal() writes
    return {str(name): spec.get_object()["/EF"]["/F"].get_object().data
            for name, spec in zip(pairs[::2], pairs[1::2], strict=True)}


def instance_pki(settings: Any) -> Pki:
    """The instance's own PKI (``<instance>/pki``), created on first use (init_pki's flock serialises
    threads and processes alike: each call opens its own descriptor)."""
    folder, passphrase = settings.instance_path / "pki", settings.key_passphrase.encode()
    init_pki(folder, passphrase, settings.seal_org_name, SystemClock().now())
    return load_pki(folder, passphrase)


def external_pki(settings: Any) -> Pki | None:
    if not settings.seal_pkcs12:
        return None
    return load_external_seal(Path(settings.seal_pkcs12), settings.seal_pkcs12_passphrase.encode() or None,
                              Path(settings.trust_root) if settings.trust_root else None)


def instance_trust(settings: Any) -> Trust:
    """What this instance trusts, from public files only (no passphrase): its own root and issuing CA,
    plus the external seal's root when one is configured."""
    folder = settings.instance_path / "pki"
    pem = b"".join((folder / name).read_bytes() for name in ("root.pem", "issuing.pem") if (folder / name).exists())
    if settings.trust_root:
        pem += Path(settings.trust_root).read_bytes()
    elif settings.seal_pkcs12:
        pem += external_pki(settings).chain_pem()
    if not pem:
        raise PkiError(f"no trust root: {folder} is not initialised (run: registry keys init)")
    return trust_from_pem(pem)


def sealer_from_settings(settings: Any) -> Sealer:
    """The instance's Sealer (``settings``: adapters.instance.Settings). The instance PKI always provides
    the TSA; the seal is the external PKCS#12 when configured, else the instance's active seal."""
    own = instance_pki(settings)
    tsa = TimeStampAuthority(own.tsa_cert, own.tsa_key, SystemClock(), chain=own.intermediates)
    external = external_pki(settings)
    if external is None:
        return Sealer(own, tsa, profile=settings.seal_profile)
    return Sealer(external, tsa, profile=settings.seal_profile, extra_trust=(own,))
