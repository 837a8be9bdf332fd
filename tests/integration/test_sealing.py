"""Sealed PDFs: our verdicts on good and bad inputs, poppler's pdfsig as an outside witness, rotation,
an externally issued PKCS#12 seal, threads, and the operators' CLI."""

from __future__ import annotations

import shutil
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from io import BytesIO

import pytest
from click.testing import CliRunner
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from reportlab.pdfgen import canvas

from adapters.clock import FixedClock
from adapters.instance import load_settings
from adapters.pki import init_pki, load_external_seal, load_pki, rotate_seal
from adapters.sealing import Sealer, sealer_from_settings
from adapters.tsa import TimeStampAuthority, as_asn1
from cli.main import main

PASSPHRASE = b"seal passphrase"
REGISTRY = "福州市不动产登记中心"
# Relative to the real clock on purpose: pdfsig (the outside witness) checks validity at its own "now" and has no
# option to verify at another time. Nothing below compares calendar dates, so the day of the month cannot matter.
NOW = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
TSA_TIME = NOW + timedelta(minutes=30, microseconds=250_000)
CLAIMS = '{"number":"闽(2026)福州市不动产权第0000002号","area_m2":"120.00"}'.encode()
TEXT = b"Certificate of real estate title 0000002"


def one_page_pdf(text: bytes = TEXT) -> bytes:
    out = BytesIO()
    page = canvas.Canvas(out, pageCompression=0, invariant=1)
    page.drawString(72, 720, text.decode())
    page.showPage()
    page.save()
    return out.getvalue()


def make_sealer(folder, profile: str = "B-LTA") -> Sealer:
    init_pki(folder, PASSPHRASE, REGISTRY, NOW)
    pki = load_pki(folder, PASSPHRASE)
    tsa = TimeStampAuthority(pki.tsa_cert, pki.tsa_key, FixedClock(TSA_TIME), chain=pki.intermediates)
    return Sealer(pki, tsa, profile=profile)


@pytest.fixture
def sealer(tmp_path) -> Sealer:
    return make_sealer(tmp_path / "pki")


def seal(sealer: Sealer, pdf: bytes | None = None) -> bytes:
    return sealer.seal(pdf or one_page_pdf(), {"certificate.json": CLAIMS}, reason="不动产权证书", location="福州市")


@pytest.mark.parametrize("profile", ["B-T", "B-LT", "B-LTA"])
def test_a_sealed_pdf_verifies_offline_with_the_tsa_time_the_seal_and_the_claims(tmp_path, profile):
    sealer = make_sealer(tmp_path / "pki", profile)
    verdict = sealer.verify(seal(sealer))
    assert (verdict.ok, verdict.reason_code) == (True, "valid"), verdict
    assert verdict.intact and verdict.valid and verdict.trusted and verdict.timestamp_valid
    assert verdict.signed_at == TSA_TIME
    assert verdict.signer == f"{REGISTRY} 电子印章 1"
    assert verdict.seal_key_id == sealer.pki.seal_key_id
    assert verdict.modification_level in {"NONE", "LTA_UPDATES"}
    assert verdict.attachment("certificate.json") == CLAIMS
    assert verdict.attachment("other.json") is None


def test_the_seal_is_an_invisible_approval_signature_that_covers_the_claims(sealer):
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(BytesIO(seal(sealer)))
    signature = reader.embedded_regular_signatures[0]
    assert signature.field_name == "RegistrySeal"
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert "/Perms" not in reader.root  # no DocMDP certification
    assert [float(x) for x in signature.sig_field["/Rect"]] == [0, 0, 0, 0]
    revision = reader.get_historical_root(signature.signed_revision)  # the claims are in the signed revision
    assert "/EmbeddedFiles" in revision["/Names"]


def pdfsig(root_pem: bytes, pdf: bytes, tmp_path) -> str:
    """poppler's verdict, trusting only ``root_pem`` through a fresh NSS database."""
    if shutil.which("certutil") is None or shutil.which("pdfsig") is None:
        pytest.fail("certutil (libnss3-tools) and pdfsig (poppler-utils) are needed: run scripts/system-packages.sh")
    nss, quiet = tmp_path / "nss", {"stdin": subprocess.DEVNULL, "capture_output": True, "timeout": 60}
    if not nss.exists():
        nss.mkdir()
        subprocess.run(["certutil", "-N", "-d", f"sql:{nss}", "--empty-password"], check=True, **quiet)
        (tmp_path / "trusted-root.pem").write_bytes(root_pem)
        subprocess.run(["certutil", "-A", "-d", f"sql:{nss}", "-n", "root", "-t", "CT,C,C",
                        "-i", str(tmp_path / "trusted-root.pem")], check=True, **quiet)
    (tmp_path / "sealed.pdf").write_bytes(pdf)
    run = subprocess.run(["pdfsig", "-nssdir", f"sql:{nss}", str(tmp_path / "sealed.pdf")], text=True, **quiet)
    return run.stdout + run.stderr


def test_poppler_finds_the_seal_valid_and_trusted(sealer, tmp_path):
    report = pdfsig((tmp_path / "pki" / "root.pem").read_bytes(), seal(sealer), tmp_path)
    assert "Signature Field Name: RegistrySeal" in report
    assert "Signature Validation: Signature is Valid." in report
    assert "Certificate Validation: Certificate is Trusted." in report


def test_one_flipped_byte_in_the_signed_range_is_a_digest_mismatch_for_poppler_and_for_us(sealer, tmp_path):
    sealed = seal(sealer)
    at = sealed.index(TEXT) + 13  # inside the page's content stream, in the first signed range
    tampered = sealed[:at] + bytes([sealed[at] ^ 0x01]) + sealed[at + 1:]
    verdict = sealer.verify(tampered)
    assert (verdict.ok, verdict.reason_code, verdict.intact) == (False, "digest_mismatch", False)
    assert verdict.attachment("certificate.json") is None
    assert "Digest Mismatch" in pdfsig((tmp_path / "pki" / "root.pem").read_bytes(), tampered, tmp_path)


def test_bad_inputs_each_get_their_reason_code(sealer):
    assert sealer.verify(b"hello").reason_code == "not_a_pdf"
    assert sealer.verify(one_page_pdf()).reason_code == "unsigned"
    assert sealer.verify(seal(sealer), max_bytes=1000).reason_code == "too_large"
    assert sealer.verify(b"%PDF-1.7\n" + bytes(200)).reason_code == "malformed"
    assert sealer.verify(seal(sealer)[:-3000]).ok is False


def test_a_look_alike_seal_from_another_pki_is_untrusted(sealer, tmp_path):
    impostor = make_sealer(tmp_path / "other-pki")  # same registry name, same CN, different root
    verdict = sealer.verify(seal(impostor))
    assert (verdict.ok, verdict.reason_code, verdict.intact) == (False, "untrusted_signer", True)
    assert verdict.signer == f"{REGISTRY} 电子印章 1"
    assert verdict.attachment("certificate.json") is None


def sign_plainly(pdf: bytes, cert: x509.Certificate, key: ec.EllipticCurvePrivateKey, chain) -> bytes:
    """A bare PAdES signature without timestamp, made with pyHanko directly."""
    from asn1crypto import keys
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    signer = signers.SimpleSigner(as_asn1(cert), keys.PrivateKeyInfo.load(der),
                                  SimpleCertificateStore.from_certs([as_asn1(c) for c in chain]))
    meta = signers.PdfSignatureMetadata(field_name="Other", subfilter=fields.SigSeedSubFilter.PADES)
    return signers.PdfSigner(meta, signer).sign_pdf(IncrementalPdfFileWriter(BytesIO(pdf))).getvalue()


def test_our_own_tsa_key_cannot_pass_for_the_seal(sealer):
    pki = sealer.pki
    verdict = sealer.verify(sign_plainly(one_page_pdf(), pki.tsa_cert, pki.tsa_key, pki.intermediates))
    assert (verdict.ok, verdict.reason_code) == (False, "untrusted_signer")


def test_a_seal_without_a_timestamp_is_not_valid(sealer):
    pki = sealer.pki
    verdict = sealer.verify(sign_plainly(one_page_pdf(), pki.seal_cert, pki.seal_key, pki.intermediates))
    assert (verdict.ok, verdict.reason_code, verdict.trusted) == (False, "untrusted_timestamp", True)


def append_update(sealed: bytes, change) -> bytes:  # noqa: ANN001
    writer = IncrementalPdfFileWriter(BytesIO(sealed))
    change(writer)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def add_page_content(writer: IncrementalPdfFileWriter) -> None:
    stream = generic.StreamObject(stream_data=b"BT /F1 24 Tf 72 600 Td (OWNER: SOMEONE ELSE) Tj ET")
    writer.add_stream_to_page(0, writer.add_object(stream))


def add_text_annotation(writer: IncrementalPdfFileWriter) -> None:
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    note = generic.DictionaryObject({
        generic.pdf_name("/Type"): generic.pdf_name("/Annot"), generic.pdf_name("/Subtype"): generic.pdf_name("/Text"),
        generic.pdf_name("/Rect"): generic.ArrayObject([generic.NumberObject(n) for n in (100, 100, 120, 120)]),
        generic.pdf_name("/Contents"): generic.pdf_string("已注销")})
    page["/Annots"] = generic.ArrayObject([*page["/Annots"], writer.add_object(note)])
    writer.update_container(page)


@pytest.mark.parametrize("change", [add_page_content, add_text_annotation])
@pytest.mark.parametrize("profile", ["B-T", "B-LTA"])
def test_an_update_appended_after_sealing_that_changes_content_is_caught(tmp_path, change, profile):
    sealer = make_sealer(tmp_path / "pki", profile)
    verdict = sealer.verify(append_update(seal(sealer), change))
    assert (verdict.ok, verdict.reason_code) == (False, "modified_after_signing"), verdict
    assert verdict.intact and verdict.trusted and verdict.coverage == "ENTIRE_REVISION"
    assert verdict.attachment("certificate.json") is None


def test_documents_sealed_before_a_rotation_still_verify_and_new_ones_use_the_new_seal(tmp_path):
    before = make_sealer(tmp_path / "pki")
    old_pdf = seal(before)
    rotate_seal(tmp_path / "pki", PASSPHRASE, NOW + timedelta(minutes=1))
    after = make_sealer(tmp_path / "pki")
    new_pdf = seal(after)
    old_verdict, new_verdict = after.verify(old_pdf), after.verify(new_pdf)
    assert old_verdict.ok and new_verdict.ok
    assert old_verdict.seal_key_id == before.pki.seal_key_id != new_verdict.seal_key_id == after.pki.seal_key_id
    assert new_verdict.signer == f"{REGISTRY} 电子印章 2"


def external_chain(tmp_path, algorithm: str = "ecdsa") -> tuple:
    """A CA outside the registry: root → intermediate → seal, as a PKCS#12 with the chain."""
    def name(cn: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME, "某电子认证服务有限公司"),
                          x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    def issue(subject, key, issuer, issuer_key, ca: bool) -> x509.Certificate:
        usage = x509.KeyUsage(not ca, not ca, False, False, False, ca, ca, False, False)
        return (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer or subject)
                .public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(NOW - timedelta(days=1)).not_valid_after(NOW + timedelta(days=365))
                .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
                .add_extension(usage, critical=True).sign(issuer_key, hashes.SHA256()))

    keys = [ec.generate_private_key(ec.SECP256R1()) if algorithm == "ecdsa"
            else rsa.generate_private_key(public_exponent=65537, key_size=3072) for _ in range(3)]
    root = issue(name("External Root CA"), keys[0], None, keys[0], True)
    intermediate = issue(name("External Issuing CA"), keys[1], root.subject, keys[0], True)
    seal_cert = issue(name(f"{REGISTRY} 外部电子印章"), keys[2], intermediate.subject, keys[1], False)
    p12 = pkcs12.serialize_key_and_certificates(b"seal", keys[2], seal_cert, [intermediate, root],
                                                serialization.BestAvailableEncryption(b"p12 pass"))
    (tmp_path / "seal.p12").write_bytes(p12)
    (tmp_path / "external-root.pem").write_bytes(root.public_bytes(serialization.Encoding.PEM))
    return tmp_path / "seal.p12", tmp_path / "external-root.pem"


@pytest.mark.parametrize("algorithm", ["ecdsa", "rsa"])
def test_an_externally_issued_pkcs12_seal_signs_and_verifies_with_its_root(sealer, tmp_path, algorithm):
    p12, root_pem = external_chain(tmp_path, algorithm)
    external = load_external_seal(p12, b"p12 pass", root_pem)
    assert external.root.subject == load_external_seal(p12, b"p12 pass", None).root.subject
    external_sealer = Sealer(external, sealer.tsa, extra_trust=(sealer.pki,))
    verdict = external_sealer.verify(seal(external_sealer))
    assert verdict.ok, verdict
    assert verdict.signer == f"{REGISTRY} 外部电子印章" and verdict.seal_key_id == external.seal_key_id
    assert sealer.verify(seal(external_sealer)).reason_code == "untrusted_signer"  # our root alone: no


def test_sealing_from_many_threads_gives_documents_that_all_verify(tmp_path):
    """Fresh sealers hit by 8 threads at once: the first use is where lazily parsed state would race."""
    for _ in range(3):
        sealer, start = make_sealer(tmp_path / "pki"), threading.Barrier(8)

        def seal_and_verify(n: int, sealer=sealer, start=start) -> tuple[bytes, str]:
            start.wait()
            pdf = seal(sealer, one_page_pdf(b"Certificate %d" % n))
            return pdf, sealer.verify(pdf).reason_code

        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(seal_and_verify, range(8)))
        assert [code for _, code in results] == ["valid"] * 8
        assert len({pdf for pdf, _ in results}) == 8


def test_a_fresh_instance_seals_with_its_own_pki_or_with_a_configured_pkcs12(tmp_path):
    settings = load_settings({"INSTANCE_PATH": str(tmp_path / "instance")})
    own = sealer_from_settings(settings)
    assert own.verify(seal(own)).ok and own.profile == "B-LTA"
    assert oct((tmp_path / "instance" / "pki.passphrase").stat().st_mode & 0o777) == "0o600"
    p12, root_pem = external_chain(tmp_path)
    configured = load_settings({"INSTANCE_PATH": str(tmp_path / "instance"), "SEAL_PKCS12": str(p12),
                                "SEAL_PKCS12_PASSPHRASE": "p12 pass", "TRUST_ROOT": str(root_pem)})
    external = sealer_from_settings(configured)
    verdict = external.verify(seal(external))
    assert verdict.ok and verdict.signer == f"{REGISTRY} 外部电子印章"


def test_operators_init_show_rotate_and_verify_from_the_command_line(tmp_path):
    env = {"REGISTRY_INSTANCE_PATH": str(tmp_path / "instance"), "REGISTRY_KEY_PASSPHRASE": "cli passphrase"}
    runner = CliRunner()
    created = runner.invoke(main, ["keys", "init"], env=env)
    assert created.exit_code == 0, created.output
    assert "created the seal PKI" in created.output and "seal-1" in created.output and "(active)" in created.output
    assert "nothing changed" in runner.invoke(main, ["keys", "init"], env=env).output
    settings = load_settings({"INSTANCE_PATH": env["REGISTRY_INSTANCE_PATH"], "KEY_PASSPHRASE": "cli passphrase"})
    sealed = seal(sealer_from_settings(settings))
    (tmp_path / "good.pdf").write_bytes(sealed)
    (tmp_path / "bad.pdf").write_bytes(append_update(sealed, add_page_content))
    rotated = runner.invoke(main, ["keys", "rotate"], env=env)
    assert rotated.exit_code == 0 and "seal-2" in rotated.output, rotated.output
    assert "seal-1" in runner.invoke(main, ["keys", "show"], env=env).output
    good = runner.invoke(main, ["verify", str(tmp_path / "good.pdf")], env=env)
    assert good.exit_code == 0 and "reason_code        valid" in good.output, good.output
    bad = runner.invoke(main, ["verify", str(tmp_path / "bad.pdf")], env=env)
    assert bad.exit_code == 1 and "modified_after_signing" in bad.output
    pinned = runner.invoke(main, ["verify", str(tmp_path / "good.pdf"), "--trust-root",
                                  str(tmp_path / "instance" / "pki" / "root.pem")], env=env)
    assert pinned.exit_code == 0, pinned.output
    assert runner.invoke(main, ["keys", "show"], env={**env, "REGISTRY_KEY_PASSPHRASE": "wrong"}).exit_code == 1
