"""The registry's own signing PKI: root CA → issuing CA → seal certificates, plus a TSA certificate.

Why a chain rather than one self-signed seal: verifiers pin one long-lived root (20 years) while seal
keys rotate underneath it, and the root key is needed only once (at init), so an operator can move
``root.key`` off the machine afterwards. Rotation needs only the issuing CA key. The TSA key is
separate from the seal key so that a leaked seal key cannot back-date documents.

Every private key is PEM-encrypted with the instance passphrase; every file is created 0600 in a
0700 folder. Init and rotation take an exclusive lock so two processes cannot interleave.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DOCUMENT_SIGNING = x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36")
ACTIVE = "active-seal"  # names the active seal ("seal-2"); written last, so it also marks a finished init
YEAR = timedelta(days=365)
CLOCK_SKEW = timedelta(minutes=5)  # certificates start a little early so a slow verifier clock still accepts


class PkiError(Exception):
    """The PKI folder or a PKCS#12 file is missing, incomplete or cannot be opened with the passphrase."""


@dataclass(frozen=True)
class Pki:
    """What signing and verification need. The CA keys are deliberately not loaded."""

    root: x509.Certificate
    intermediates: tuple[x509.Certificate, ...]  # issuing CA(s), between the root and the leaves
    seal_cert: x509.Certificate
    seal_key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey  # RSA only for external seals
    seal_certs: tuple[x509.Certificate, ...]  # every seal ever issued, oldest first
    tsa_cert: x509.Certificate | None = None  # None for an external seal: the instance TSA is used then
    tsa_key: ec.EllipticCurvePrivateKey | None = None

    @property
    def issuing(self) -> x509.Certificate:
        return self.intermediates[0] if self.intermediates else self.root

    @property
    def seal_key_id(self) -> str:
        return key_id(self.seal_cert)

    def chain_pem(self) -> bytes:
        """Root and intermediates as a PEM bundle: what a verifier of this PKI's seals must trust."""
        return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in (self.root, *self.intermediates))


def key_id(cert: x509.Certificate) -> str:
    """Hex SHA-256 of the SubjectPublicKeyInfo, first 16 characters: short, stable across re-issue."""
    spki = cert.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(spki).hexdigest()[:16]


def fingerprint(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex(":").upper()


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _usage(*, sign: bool = False, ca: bool = False) -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=sign, content_commitment=sign, key_encipherment=False,
                         data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                         encipher_only=False, decipher_only=False)


def _issue(subject: x509.Name, key: ec.EllipticCurvePrivateKey, issuer: x509.Certificate | None,
           issuer_key: ec.EllipticCurvePrivateKey, now: datetime, life: timedelta,
           extensions: list[tuple[x509.ExtensionType, bool]]) -> x509.Certificate:
    builder = (x509.CertificateBuilder().subject_name(subject)
               .issuer_name(issuer.subject if issuer else subject).public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(now - CLOCK_SKEW).not_valid_after(now + life)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False))
    if issuer is not None:
        ski = issuer.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
        builder = builder.add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), False)
    for extension, critical in extensions:
        builder = builder.add_extension(extension, critical=critical)
    return builder.sign(issuer_key, hashes.SHA384() if isinstance(issuer_key.curve, ec.SECP384R1) else hashes.SHA256())


def _ca_extensions(path_length: int) -> list[tuple[x509.ExtensionType, bool]]:
    return [(x509.BasicConstraints(ca=True, path_length=path_length), True), (_usage(ca=True), True)]


def _leaf_extensions(*usages: x509.ObjectIdentifier, eku_critical: bool) -> list[tuple[x509.ExtensionType, bool]]:
    return [(x509.BasicConstraints(ca=False, path_length=None), True), (_usage(sign=True), True),
            (x509.ExtendedKeyUsage(list(usages)), eku_critical)]


# -- files ------------------------------------------------------------------------------------------
def _write(path: Path, data: bytes) -> None:
    """Owner-only from the first byte (os.open with 0600), then an atomic rename into place."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.unlink(missing_ok=True)
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(temporary, path)


def _save(folder: Path, stem: str, cert: x509.Certificate, key: ec.EllipticCurvePrivateKey | None,
          passphrase: bytes) -> None:
    if key is not None:
        encryption = serialization.BestAvailableEncryption(passphrase)
        _write(folder / f"{stem}.key", key.private_bytes(serialization.Encoding.PEM,
                                                         serialization.PrivateFormat.PKCS8, encryption))
    _write(folder / f"{stem}.pem", cert.public_bytes(serialization.Encoding.PEM))


def _cert(folder: Path, stem: str) -> x509.Certificate:
    try:
        return x509.load_pem_x509_certificate((folder / f"{stem}.pem").read_bytes())
    except (OSError, ValueError) as error:
        raise PkiError(f"cannot read {folder / stem}.pem: {error}") from None


def _key(folder: Path, stem: str, passphrase: bytes) -> ec.EllipticCurvePrivateKey:
    try:
        key = serialization.load_pem_private_key((folder / f"{stem}.key").read_bytes(), password=passphrase)
    except (OSError, ValueError, TypeError) as error:
        raise PkiError(f"cannot open {folder / stem}.key (wrong passphrase?): {error}") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise PkiError(f"{folder / stem}.key is not an ECDSA key")
    return key


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder.chmod(0o700)
    fd = os.open(folder / ".lock", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _seal_numbers(folder: Path) -> list[int]:
    return sorted(int(p.stem.split("-")[1]) for p in folder.glob("seal-*.pem") if p.stem.split("-")[1].isdigit())


def _new_seal(folder: Path, passphrase: bytes, now: datetime, number: int) -> x509.Certificate:
    issuing, issuing_key = _cert(folder, "issuing"), _key(folder, "issuing", passphrase)
    organisation = issuing.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value
    key = ec.generate_private_key(ec.SECP256R1())
    cert = _issue(_name(f"{organisation} 电子印章 {number}", str(organisation)), key, issuing, issuing_key,
                  now, 3 * YEAR, _leaf_extensions(ExtendedKeyUsageOID.EMAIL_PROTECTION, DOCUMENT_SIGNING,
                                                   eku_critical=False))
    _save(folder, f"seal-{number}", cert, key, passphrase)
    _write(folder / ACTIVE, f"seal-{number}\n".encode())
    return cert


def is_initialised(folder: Path) -> bool:
    return (folder / ACTIVE).exists()


def init_pki(folder: Path, passphrase: bytes, registry_name: str, now: datetime) -> None:
    """Create root, issuing CA, seal-1 and TSA; does nothing when the folder is already initialised."""
    with _locked(folder):
        if is_initialised(folder):
            return
        root_key, issuing_key = ec.generate_private_key(ec.SECP384R1()), ec.generate_private_key(ec.SECP384R1())
        root = _issue(_name(f"{registry_name} 根证书", registry_name), root_key, None, root_key, now, 20 * YEAR,
                      _ca_extensions(1))
        issuing = _issue(_name(f"{registry_name} 签发CA", registry_name), issuing_key, root, root_key, now,
                         10 * YEAR, _ca_extensions(0))
        tsa_key = ec.generate_private_key(ec.SECP256R1())
        tsa = _issue(_name(f"{registry_name} 时间戳服务", registry_name), tsa_key, issuing, issuing_key, now,
                     10 * YEAR, _leaf_extensions(ExtendedKeyUsageOID.TIME_STAMPING, eku_critical=True))
        _save(folder, "root", root, root_key, passphrase)
        _save(folder, "issuing", issuing, issuing_key, passphrase)
        _save(folder, "tsa", tsa, tsa_key, passphrase)
        _new_seal(folder, passphrase, now, 1)


def rotate_seal(folder: Path, passphrase: bytes, now: datetime) -> str:
    """Issue seal-N+1 and make it active; older seal certificates stay so their documents verify.
    Returns the new seal's key id."""
    with _locked(folder):
        if not is_initialised(folder):
            raise PkiError(f"{folder} is not initialised")
        return key_id(_new_seal(folder, passphrase, now, _seal_numbers(folder)[-1] + 1))


def load_pki(folder: Path, passphrase: bytes) -> Pki:
    if not is_initialised(folder):
        raise PkiError(f"{folder} is not initialised (run: registry keys init)")
    active = (folder / ACTIVE).read_text().strip()
    return Pki(root=_cert(folder, "root"), intermediates=(_cert(folder, "issuing"),),
               seal_cert=_cert(folder, active), seal_key=_key(folder, active, passphrase),
               seal_certs=tuple(_cert(folder, f"seal-{n}") for n in _seal_numbers(folder)),
               tsa_cert=_cert(folder, "tsa"), tsa_key=_key(folder, "tsa", passphrase))


def _self_signed(cert: x509.Certificate) -> bool:
    return cert.issuer == cert.subject


def load_external_seal(p12_path: Path, p12_passphrase: bytes | None, trust_root_pem_path: Path | None) -> Pki:
    """A seal issued by an outside CA, as PKCS#12 with its chain. The trust root is the given PEM, or
    else the self-signed certificate in the PKCS#12 (verifiers must still pin that root themselves)."""
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(Path(p12_path).read_bytes(), p12_passphrase)
        roots = [x509.load_pem_x509_certificate(Path(trust_root_pem_path).read_bytes())] if trust_root_pem_path \
            else [c for c in extra if _self_signed(c)]
    except (OSError, ValueError, TypeError) as error:
        raise PkiError(f"cannot open the seal PKCS#12 {p12_path}: {error}") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey) or cert is None:
        raise PkiError(f"{p12_path} must hold an ECDSA or RSA key and its certificate")
    if not roots:
        raise PkiError(f"{p12_path} holds no root certificate: configure SEAL_TRUST_ROOT")
    intermediates = tuple(c for c in extra if not _self_signed(c) and c != cert)
    return Pki(root=roots[0], intermediates=intermediates, seal_cert=cert, seal_key=key, seal_certs=(cert,))
