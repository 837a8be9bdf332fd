"""The seal PKI on disk and the RFC 3161 authority, checked with cryptography and with openssl itself."""

from __future__ import annotations

import asyncio
import hashlib
import re
import stat
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from adapters.clock import FixedClock
from adapters.pki import DOCUMENT_SIGNING, PkiError, init_pki, key_id, load_pki, rotate_seal
from adapters.tsa import InProcessTimeStamper, TimeStampAuthority, TimeStampResp

PASSPHRASE = b"correct horse battery staple"
REGISTRY = "福州市不动产登记中心"
# The 2nd of a month, a single-digit day: OpenSSL prints it as "Mar  2", which a formatted string would miss.
# openssl verifies at -attime STAMPED, so no test here depends on today's date.
NOW = datetime(2026, 3, 2, 8, 4, 5, tzinfo=UTC)
STAMPED = NOW + timedelta(minutes=30)


@pytest.fixture
def folder(tmp_path):
    init_pki(tmp_path / "pki", PASSPHRASE, REGISTRY, NOW)
    return tmp_path / "pki"


@pytest.fixture
def authority(folder) -> TimeStampAuthority:
    pki = load_pki(folder, PASSPHRASE)
    return TimeStampAuthority(pki.tsa_cert, pki.tsa_key, FixedClock(STAMPED),
                              chain=pki.intermediates)


def test_every_pki_file_is_owner_only_in_a_private_folder(folder):
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    names = {p.name for p in folder.iterdir()}
    assert {"root.pem", "root.key", "issuing.pem", "issuing.key", "seal-1.pem", "seal-1.key", "tsa.pem",
            "tsa.key", "active-seal"} <= names
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in folder.iterdir())


def test_private_keys_are_encrypted_and_a_wrong_passphrase_is_refused(folder):
    for key in folder.glob("*.key"):
        assert key.read_bytes().startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    with pytest.raises(PkiError, match="wrong passphrase"):
        load_pki(folder, b"not the passphrase")


def test_the_chain_runs_from_the_root_through_the_issuing_ca_to_the_seal(folder):
    pki = load_pki(folder, PASSPHRASE)
    pki.root.verify_directly_issued_by(pki.root)
    pki.issuing.verify_directly_issued_by(pki.root)
    pki.seal_cert.verify_directly_issued_by(pki.issuing)
    pki.tsa_cert.verify_directly_issued_by(pki.issuing)
    assert isinstance(pki.root.public_key().curve, ec.SECP384R1)
    assert pki.root.not_valid_after_utc - pki.root.not_valid_before_utc >= timedelta(days=20 * 365)
    assert pki.root.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert pki.issuing.extensions.get_extension_for_class(x509.BasicConstraints).value.path_length == 0


def test_the_seal_certificate_may_sign_documents_and_names_the_registry(folder):
    seal = load_pki(folder, PASSPHRASE).seal_cert
    assert isinstance(seal.public_key().curve, ec.SECP256R1)
    assert seal.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == f"{REGISTRY} 电子印章 1"
    assert seal.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == REGISTRY
    assert seal.subject.get_attributes_for_oid(NameOID.COUNTRY_NAME)[0].value == "CN"
    usage = seal.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    eku = seal.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    # documentSigning alone is rejected by poppler/NSS, so emailProtection rides along
    assert set(eku) == {ExtendedKeyUsageOID.EMAIL_PROTECTION, DOCUMENT_SIGNING}
    assert not seal.extensions.get_extension_for_class(x509.BasicConstraints).value.ca


def test_the_tsa_certificate_is_for_time_stamping_only_with_a_key_of_its_own(folder):
    pki = load_pki(folder, PASSPHRASE)
    eku = pki.tsa_cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    assert eku.critical and list(eku.value) == [ExtendedKeyUsageOID.TIME_STAMPING]
    assert key_id(pki.tsa_cert) != key_id(pki.seal_cert)


def test_init_twice_changes_nothing(folder):
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    init_pki(folder, PASSPHRASE, "另一个名字", NOW)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_concurrent_first_inits_create_one_pki(tmp_path):
    start = threading.Barrier(6)

    def init_and_load(_: int) -> bytes:
        start.wait()
        init_pki(tmp_path / "pki", PASSPHRASE, REGISTRY, NOW)
        return load_pki(tmp_path / "pki", PASSPHRASE).root.fingerprint(hashes.SHA256())

    with ThreadPoolExecutor(max_workers=6) as pool:
        assert len(set(pool.map(init_and_load, range(6)))) == 1
    assert sorted(p.name for p in (tmp_path / "pki").glob("seal-*.pem")) == ["seal-1.pem"]


def test_rotation_makes_seal_2_active_and_keeps_seal_1(folder):
    first = load_pki(folder, PASSPHRASE)
    new_id = rotate_seal(folder, PASSPHRASE, NOW + timedelta(days=1))
    after = load_pki(folder, PASSPHRASE)
    assert after.seal_key_id == new_id != first.seal_key_id
    assert after.seal_certs == (first.seal_cert, after.seal_cert)
    assert after.seal_cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value.endswith(" 2")
    assert after.root == first.root and after.tsa_cert == first.tsa_cert
    assert stat.S_IMODE((folder / "seal-2.key").stat().st_mode) == 0o600


def openssl(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(["openssl", *args], cwd=cwd, capture_output=True, text=True, check=False)


def verify_at_stamp_time(*args: str, cwd) -> subprocess.CompletedProcess:
    return openssl("ts", "-verify", "-attime", str(int(STAMPED.timestamp())), *args, cwd=cwd)


def shown_stamp_time(reply_text: str) -> datetime:
    """OpenSSL's "Time stamp: Mar  2 08:34:05 2026 GMT" line, parsed."""
    shown = re.search(r"^Time stamp: (.+?) GMT$", reply_text, re.MULTILINE).group(1)
    return datetime.strptime(" ".join(shown.split()), "%b %d %H:%M:%S %Y").replace(tzinfo=UTC)


def test_openssl_asks_for_a_timestamp_and_verifies_the_reply(folder, authority, tmp_path):
    (tmp_path / "certificate.pdf").write_bytes(b"%PDF-1.4 the document to stamp")
    query = openssl("ts", "-query", "-data", "certificate.pdf", "-sha256", "-cert", "-out", "req.tsq", cwd=tmp_path)
    assert query.returncode == 0, query.stderr
    (tmp_path / "resp.tsr").write_bytes(authority.respond((tmp_path / "req.tsq").read_bytes()))
    (tmp_path / "chain.pem").write_bytes((folder / "root.pem").read_bytes() + (folder / "issuing.pem").read_bytes())
    checked = verify_at_stamp_time("-in", "resp.tsr", "-data", "certificate.pdf", "-CAfile", "chain.pem",
                                   "-untrusted", str(folder / "tsa.pem"), cwd=tmp_path)
    assert "Verification: OK" in checked.stdout, checked.stdout + checked.stderr
    shown = openssl("ts", "-reply", "-in", "resp.tsr", "-text", cwd=tmp_path).stdout
    assert "Status: Granted." in shown and f"Policy OID: {authority.policy}" in shown
    assert shown_stamp_time(shown) == STAMPED


def test_the_reply_is_bound_to_the_data(folder, authority, tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"one document")
    (tmp_path / "b.pdf").write_bytes(b"another document")
    openssl("ts", "-query", "-data", "a.pdf", "-sha256", "-cert", "-out", "req.tsq", cwd=tmp_path)
    (tmp_path / "resp.tsr").write_bytes(authority.respond((tmp_path / "req.tsq").read_bytes()))
    (tmp_path / "chain.pem").write_bytes((folder / "root.pem").read_bytes() + (folder / "issuing.pem").read_bytes())
    checked = verify_at_stamp_time("-in", "resp.tsr", "-data", "b.pdf", "-CAfile", "chain.pem",
                                    "-untrusted", str(folder / "tsa.pem"), cwd=tmp_path)
    assert "Verification: OK" not in checked.stdout
    assert "message imprint mismatch" in checked.stderr


def rejection(answer: bytes) -> tuple[str, set[str]]:
    status = TimeStampResp.load(answer)["status"].native
    return status["status"], status["fail_info"]


def test_bad_requests_get_rejections_never_exceptions(authority, tmp_path):
    assert rejection(authority.respond(b"hello")) == ("rejection", {"bad_request"})
    assert rejection(authority.respond(b"")) == ("rejection", {"bad_request"})
    assert rejection(authority.respond(b"\x30\x82\xff\xff" + bytes(100))) == ("rejection", {"bad_request"})
    assert rejection(authority.respond(bytes(10_000))) == ("rejection", {"bad_request"})
    (tmp_path / "data").write_bytes(b"data")
    openssl("ts", "-query", "-data", "data", "-md5", "-out", "md5.tsq", cwd=tmp_path)
    answer = authority.respond((tmp_path / "md5.tsq").read_bytes())
    assert rejection(answer) == ("rejection", {"bad_alg"})
    (tmp_path / "rejected.tsr").write_bytes(answer)  # openssl reads our rejection too
    assert "Status: Rejected" in openssl("ts", "-reply", "-in", "rejected.tsr", "-text", cwd=tmp_path).stdout


def test_the_in_process_timestamper_gets_tokens_with_the_clock_time_and_unique_serials(authority):
    stamper = InProcessTimeStamper(authority)
    digest = hashlib.sha256(b"document").digest()
    tokens = [asyncio.run(stamper.async_timestamp(digest, "sha256")) for _ in range(2)]
    infos = [t["content"]["encap_content_info"]["content"].parsed for t in tokens]
    assert {i["gen_time"].native for i in infos} == {STAMPED}
    assert infos[0]["message_imprint"]["hashed_message"].native == digest
    assert infos[0]["serial_number"].native != infos[1]["serial_number"].native
    signer = tokens[0]["content"]["signer_infos"][0]
    assert signer["signature_algorithm"]["algorithm"].native == "sha256_ecdsa"
    assert {a["type"].native for a in signer["signed_attrs"]} == {
        "content_type", "message_digest", "signing_time", "signing_certificate_v2"}
