"""The bank's e-proof (不动产登记证明) through HTTP on both stores: the bank's staff list and download their
proofs, the mortgagor may too; another bank, another applicant or another registry gets the same 404 as
for a certificate that does not exist; the QR page and the verify API answer "cancelled" after a discharge.

Filings are made with the domain commands (the filing API is tested on its own); the issuer loop runs
as in production, in its own thread."""

from __future__ import annotations

import subprocess
import uuid

import pytest

from registry.kernel.actors import Actor, Role
from registry.mortgages.commands import consent_to_filing, file_mortgage
from registry.mortgages.values import FilingKind
from tests.builders import GULOU_FLAT, ZHANG_WEI, mortgage_kwargs
from tests.e2e.api import unit_body
from tests.e2e.conftest import PASSWORD
from tests.e2e.test_certificates import qr_url_of

BANKS = {"icbc": ("icbc-fz", "中国工商银行福州分行"), "cmb": ("cmb-fz", "招商银行福州分行")}
PROOF_1 = "闽(2026)福州市不动产证明第0000001号"


@pytest.fixture
def banks(platform, people, clock):
    """ICBC and CMB, accredited in Fuzhou, each with one member of staff holding an API token."""
    accounts, now = platform.accounts, clock.now()
    for user_id, (org, name) in BANKS.items():
        accounts.add_org(org, "bank", name, now=now)
        platform.banks.accredit(org, "fz-registry", now)
        accounts.add_user(user_id, Role.BANK_STAFF, org=org, display_name=f"{name}信贷部", password=PASSWORD, now=now)
    return people | {u: {"Authorization": f"Bearer {accounts.issue_token(u, now)}"} for u in BANKS}


def file(platform, reference: str, **kwargs) -> str:
    """ICBC files on Zhang Wei's flat; Zhang Wei confirms from his account where the filing needs it."""
    staff = Actor(user_id="icbc", role=Role.BANK_STAFF, org="icbc-fz")
    filing_id = file_mortgage(platform.registry, staff, **mortgage_kwargs(reference, **kwargs)).id
    if kwargs.get("kind", FilingKind.FIRST) is FilingKind.FIRST:
        consent_to_filing(platform.registry, Actor(user_id="zhangwei", role=Role.APPLICANT,
                                                   id_number=ZHANG_WEI.id_number), filing_id)
    platform.wait_until_idle()
    return str(filing_id)


@pytest.fixture
def proof(client, platform, banks) -> dict:
    """ICBC's 1,000,000.00 housing loan on Zhang Wei's Gulou flat is registered by rule; its proof issued."""
    assert client.post("/api/v1/units", json=unit_body(), headers=banks["registrar"]).status_code == 201
    filing_id = file(platform, "ICBC-2026-0001")
    listed = client.get(f"/api/v1/certificates/proofs?filing_id={filing_id}", headers=banks["icbc"])
    assert listed.status_code == 200, listed.json
    [found] = listed.json["proofs"]
    return found


def download(client, headers, certificate_id: str):
    return client.get(f"/api/v1/certificates/{certificate_id}.pdf", headers=headers)


def test_bank_staff_list_and_download_their_proof_which_verifies_as_issued_here(client, banks, proof):
    assert (proof["number"], proof["kind"], proof["status"], proof["unit_number"]) == (
        PROOF_1, "proof", "current", GULOU_FLAT)
    assert proof["holders"] == [{"name": "张*", "share": "1"}]
    assert [p["number"] for p in client.get("/api/v1/certificates/proofs", headers=banks["icbc"]).json["proofs"]] \
        == [PROOF_1]
    response = download(client, banks["icbc"], proof["certificate_id"])
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    verdict = client.post("/api/v1/certificates/verify", data=response.data, content_type="application/pdf").json
    assert verdict["signature"]["ok"] and verdict["issued_by_registry"] is True
    assert (verdict["certificate"]["kind"], verdict["certificate"]["status"]) == ("proof", "current")


def test_another_bank_gets_the_same_404_as_for_a_missing_certificate(client, banks, proof):
    theirs = download(client, banks["cmb"], proof["certificate_id"])
    missing = download(client, banks["icbc"], str(uuid.uuid4()))
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json == missing.json and theirs.json["code"] == "not_found"
    assert client.get("/api/v1/certificates/proofs", headers=banks["cmb"]).json["proofs"] == []


def test_the_mortgagor_and_the_issuing_registry_may_download_and_no_other_person_or_registry(client, banks, proof):
    for entitled in ("zhangwei", "registrar"):
        response = download(client, banks[entitled], proof["certificate_id"])
        assert response.status_code == 200 and response.data.startswith(b"%PDF-"), entitled
    for outsider in ("lina", "xm-registrar"):
        assert download(client, banks[outsider], proof["certificate_id"]).status_code == 404, outsider


def test_an_unauthenticated_download_is_401(client, proof):
    response = client.get(f"/api/v1/certificates/{proof['certificate_id']}.pdf")
    assert response.status_code == 401 and response.json["code"] == "unauthorised"
    assert client.get("/api/v1/certificates/proofs").status_code == 401


def test_only_bank_staff_list_proofs_and_a_bad_filter_is_a_clear_error(client, banks, proof):
    assert client.get("/api/v1/certificates/proofs", headers=banks["zhangwei"]).status_code == 403
    bad = client.get("/api/v1/certificates/proofs?status=lost", headers=banks["icbc"])
    assert bad.status_code == 422 and "status" in bad.json["errors"].get("query", bad.json["errors"])


def test_after_a_discharge_the_qr_page_and_the_verify_api_say_cancelled(client, platform, banks, proof, tmp_path):
    pdf = download(client, banks["icbc"], proof["certificate_id"]).data
    file(platform, "ICBC-2026-0001-D", kind=FilingKind.DISCHARGE, proof_numbers=[PROOF_1])
    verdict = client.post("/api/v1/certificates/verify", data=pdf, content_type="application/pdf").json
    assert verdict["issued_by_registry"] is True and verdict["certificate"]["status"] == "cancelled"
    url = qr_url_of(pdf, tmp_path)
    html = client.get(url.split("8000", 1)[1]).get_data(as_text=True)
    assert 'data-ok="yes"' in html and 'data-state="cancelled"' in html
    listed = client.get("/api/v1/certificates/proofs?status=cancelled", headers=banks["icbc"]).json["proofs"]
    assert [p["number"] for p in listed] == [PROOF_1]
    assert listed[0]["history"][-1]["reason"] == "注销"


def test_a_registrar_cannot_reissue_a_proof_as_lost_and_nothing_is_recorded(client, banks, proof, head):
    before = head()
    refused = client.post(f"/api/v1/certificates/{proof['certificate_id']}/replace", json={"reason": "遗失"},
                          headers=banks["registrar"])
    assert refused.status_code == 409 and refused.json["code"] == "proof_not_replaceable"
    assert head() == before


def test_a_bank_pushed_back_by_a_rank_swap_is_told_and_downloads_a_new_proof_stating_rank_two(
        client, platform, banks, proof):
    """CMB's second-rank loan moves to rank 1 with Zhang Wei's and ICBC's consent: ICBC's proof 1 is superseded
    by proof 4 (rank 2), pushed to ICBC's feed, and the old PDF verifies as superseded."""
    old_pdf = download(client, banks["icbc"], proof["certificate_id"]).data
    cmb = Actor(user_id="cmb", role=Role.BANK_STAFF, org="cmb-fz")
    zhang = Actor(user_id="zhangwei", role=Role.APPLICANT, id_number=ZHANG_WEI.id_number)
    second = file_mortgage(platform.registry, cmb, **mortgage_kwargs("CMB-2026-0001", rank=2)).id
    consent_to_filing(platform.registry, zhang, second)
    swap = file_mortgage(platform.registry, cmb, **mortgage_kwargs(
        "CMB-2026-0001-BG", kind=FilingKind.CHANGE, rank=1, proof_numbers=["闽(2026)福州市不动产证明第0000002号"])).id
    consent_to_filing(platform.registry, zhang, swap)
    consent_to_filing(platform.registry, Actor(user_id="icbc", role=Role.BANK_STAFF, org="icbc-fz"), swap)
    platform.wait_until_idle()

    items = client.get("/api/v1/bank/notifications?after=0", headers=banks["icbc"]).json["items"]
    moved = next(n["payload"] for n in items if n["kind"] == "mortgage_reranked")
    assert (moved["previous_rank"], moved["rank"], moved["previous_proof_number"]) == (1, 2, PROOF_1)
    issued = [n["payload"] for n in items if n["kind"] == "proof_issued"]
    assert [p["number"] for p in issued] == [PROOF_1, moved["proof_number"]]
    current = client.get("/api/v1/certificates/proofs?status=current", headers=banks["icbc"]).json["proofs"]
    assert [p["number"] for p in current] == [moved["proof_number"]]
    new_pdf = download(client, banks["icbc"], issued[-1]["certificate_id"])
    assert new_pdf.status_code == 200
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=new_pdf.data, capture_output=True,
                          check=True).stdout.decode()
    assert "抵押顺位：2" in text and f"原不动产登记证明{PROOF_1}作废" in text
    verdict = client.post("/api/v1/certificates/verify", data=old_pdf, content_type="application/pdf").json
    assert verdict["certificate"]["status"] == "superseded"
