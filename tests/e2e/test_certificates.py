"""E-certificates through the platform: issued in the worker, downloaded by the holder, verified by
anyone (QR page, API, a presented PDF), with the status now — checked by poppler's pdfsig as well."""

import io
import subprocess

import pytest
from reportlab.pdfgen import canvas

from tests.builders import GULOU_FLAT, LI_NA
from tests.e2e.api import eventually, file_settled_case
from tests.pdftools import pdfsig

FIRST_NUMBER = "闽(2026)福州市不动产权第0000001号"


def issued_for_case(client, people, case_id, who="lina"):
    def certificates():
        return client.get(f"/api/v1/transfers/{case_id}", headers=people[who]).json.get("certificates")
    return eventually(certificates, timeout=30)


@pytest.fixture
def approved(client, people):
    case_id = file_settled_case(client, people)
    assert client.post(f"/api/v1/transfers/{case_id}/approve", headers=people["registrar"]).status_code == 200
    [certificate] = issued_for_case(client, people, case_id)
    return case_id, certificate


def sellers_certificate(platform) -> bytes:
    """Zhang Wei's certificate from the first registration, superseded by the transfer."""
    with platform.views.read() as tx:
        row = tx.one("SELECT certificate_id FROM view_certificate WHERE number = :number", {"number": FIRST_NUMBER})
    return platform.documents.get(row["certificate_id"])


def download(client, people, certificate, who="lina"):
    response = client.get(f"/api/v1/certificates/{certificate['certificate_id']}.pdf", headers=people[who])
    assert response.status_code == 200, response.json
    assert response.mimetype == "application/pdf"
    return response.data


def test_approved_transfer_issues_a_certificate_the_buyer_downloads(client, people, approved, platform, tmp_path):
    _, certificate = approved
    assert certificate["number"] == "闽(2026)福州市不动产权第0000002号" and certificate["status"] == "current"
    pdf = download(client, people, certificate)
    report = pdfsig(pdf, platform.settings.instance_path / "pki" / "root.pem", tmp_path)
    assert "Signature is Valid." in report
    assert "Certificate is Trusted." in report
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True).stdout.decode()
    assert certificate["number"] in text and LI_NA.name in text


def test_presented_certificate_is_verified_as_issued_here_and_current(client, people, approved):
    _, certificate = approved
    pdf = download(client, people, certificate)
    verdict = client.post("/api/v1/certificates/verify", data=pdf, content_type="application/pdf").json
    assert verdict["signature"]["ok"] and verdict["signature"]["trusted"] and verdict["signature"]["intact"]
    assert verdict["signature"]["signer"].startswith("福州市不动产登记中心")
    assert verdict["issued_by_registry"] is True
    assert verdict["certificate"]["status"] == "current"
    assert verdict["certificate"]["holders"] == [{"name": "李*", "share": "1"}]


def test_one_flipped_byte_is_caught_by_pdfsig_and_by_our_verifier(client, people, approved, platform, tmp_path):
    _, certificate = approved
    pdf = bytearray(download(client, people, certificate))
    pdf[2000] ^= 0x01  # inside the first signed range
    report = pdfsig(bytes(pdf), platform.settings.instance_path / "pki" / "root.pem", tmp_path)
    assert "Digest Mismatch" in report
    verdict = client.post("/api/v1/certificates/verify", data=bytes(pdf), content_type="application/pdf").json
    assert verdict["signature"]["ok"] is False and verdict["issued_by_registry"] is False


def unsigned_pdf() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(100, 700, "Not a certificate")
    page.save()
    return buffer.getvalue()


@pytest.mark.parametrize("body,reason", [(b"hello, not a pdf", "not_a_pdf"), (unsigned_pdf(), "unsigned")],
                         ids=["not a pdf", "unsigned pdf"])
def test_bad_documents_get_a_clear_verdict(client, body, reason):
    response = client.post("/api/v1/certificates/verify", data=body, content_type="application/pdf")
    assert response.status_code == 200
    assert response.json["signature"] == {**response.json["signature"], "ok": False, "reason": reason}
    assert response.json["issued_by_registry"] is False


def test_a_document_over_the_size_limit_is_413(client):
    response = client.post("/api/v1/certificates/verify", data=b"%PDF-" + b"0" * (1024 * 1024),
                           content_type="application/pdf")
    assert response.status_code == 413 and response.json["code"] == "payload_too_large"


def test_old_certificate_is_superseded_yet_its_signature_still_verifies(client, people, approved, platform):
    verdict = client.post("/api/v1/certificates/verify", data=sellers_certificate(platform),
                          content_type="application/pdf").json
    assert verdict["signature"]["ok"] is True
    assert verdict["certificate"]["status"] == "superseded"
    history = verdict["certificate"]["history"]
    assert [h["status"] for h in history] == ["current", "superseded"]


def qr_url_of(pdf: bytes, tmp_path) -> str:
    (tmp_path / "c.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-singlefile", str(tmp_path / "c.pdf"), str(tmp_path / "c")],
                   check=True)
    return subprocess.run(["zbarimg", "--raw", "-q", str(tmp_path / "c.png")], capture_output=True,
                          text=True).stdout.strip()


def test_the_qr_code_opens_the_public_verification_page(client, people, approved, tmp_path):
    _, certificate = approved
    url = qr_url_of(download(client, people, certificate), tmp_path)
    assert url.startswith("HTTP://127.0.0.1:8000/V/" + certificate["certificate_id"].replace("-", "").upper() + "/")
    page = client.get(url.split("8000", 1)[1])
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "李*" in html and LI_NA.name not in html and GULOU_FLAT in html
    assert 'data-ok="yes"' in html and 'data-state="current"' in html


def test_wrong_code_and_unknown_id_look_the_same(client, people, approved):
    _, certificate = approved
    hexid = certificate["certificate_id"].replace("-", "").upper()
    wrong_code = client.get(f"/V/{hexid}/AAAAAAAA")
    unknown_id = client.get("/V/" + "A" * 32 + "/AAAAAAAA")
    assert wrong_code.status_code == unknown_id.status_code == 404
    assert wrong_code.get_data() == unknown_id.get_data()
    api = client.get(f"/api/v1/certificates/{certificate['certificate_id']}?c=AAAAAAAA")
    assert api.status_code == 404


def test_public_lookups_are_rate_limited(app, client):
    limiter = app.extensions["public_rate_limit"]
    statuses = [client.get("/V/" + "B" * 32 + "/AAAAAAAA").status_code for _ in range(limiter.limit + 1)]
    assert statuses[:-1] == [404] * limiter.limit and statuses[-1] == 429


def test_only_holders_and_the_registry_may_download(client, people, approved):
    _, certificate = approved
    assert download(client, people, certificate, who="registrar")
    stranger = client.get(f"/api/v1/certificates/{certificate['certificate_id']}.pdf", headers=people["chengang"])
    other_registry = client.get(f"/api/v1/certificates/{certificate['certificate_id']}.pdf",
                                headers=people["xm-registrar"])
    assert stranger.status_code == other_registry.status_code == 404


def test_registrar_revokes_and_everyone_sees_revoked(client, people, approved, head):
    _, certificate = approved
    before = head()
    no_reason = client.post(f"/api/v1/certificates/{certificate['certificate_id']}/revoke", json={},
                            headers=people["registrar"])
    assert no_reason.status_code == 422 and head() == before
    revoked = client.post(f"/api/v1/certificates/{certificate['certificate_id']}/revoke",
                          json={"reason": "以欺骗手段取得登记"}, headers=people["registrar"])
    assert revoked.status_code == 200 and revoked.json["status"] == "revoked"
    pdf = download(client, people, certificate)
    verdict = client.post("/api/v1/certificates/verify", data=pdf, content_type="application/pdf").json
    assert verdict["signature"]["ok"] is True and verdict["certificate"]["status"] == "revoked"


def test_a_lost_certificate_is_replaced_by_a_new_number(client, people, approved, platform):
    case_id, certificate = approved
    asked = client.post(f"/api/v1/certificates/{certificate['certificate_id']}/replace",
                        json={"reason": "遗失，已登报声明作废"}, headers=people["registrar"])
    assert asked.status_code == 202

    def replaced():
        found = client.get(f"/api/v1/transfers/{case_id}", headers=people["lina"]).json["certificates"]
        return found if {c["status"] for c in found} == {"replaced", "current"} else None
    found = eventually(replaced, timeout=30)
    assert found, "the worker re-issued the certificate"
    new = next(c for c in found if c["status"] == "current")
    assert new["number"] == "闽(2026)福州市不动产权第0000003号" and new["replaces"] == certificate["certificate_id"]


def test_the_timestamp_authority_answers_rfc3161_over_http(client, tmp_path):
    (tmp_path / "data").write_bytes(b"registry")
    subprocess.run(["openssl", "ts", "-query", "-data", str(tmp_path / "data"), "-sha256", "-cert",
                    "-out", str(tmp_path / "req.tsq")], check=True, capture_output=True)
    response = client.post("/tsa", data=(tmp_path / "req.tsq").read_bytes(),
                           content_type="application/timestamp-query")
    assert response.status_code == 200 and response.mimetype == "application/timestamp-reply"
    (tmp_path / "resp.tsr").write_bytes(response.data)
    shown = subprocess.run(["openssl", "ts", "-reply", "-in", str(tmp_path / "resp.tsr"), "-text"],
                           capture_output=True, text=True).stdout
    assert "Status: Granted." in shown


def test_superseded_certificate_qr_page_shows_valid_signature_and_superseded(client, approved, platform, tmp_path):
    url = qr_url_of(sellers_certificate(platform), tmp_path)
    html = client.get(url.split("8000", 1)[1]).get_data(as_text=True)
    assert 'data-ok="yes"' in html and 'data-state="superseded"' in html
    assert "张*" in html
