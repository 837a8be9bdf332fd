"""The documents on the pages through the Flask test client, on both stores: Li Na uploads her contract from her
case page (a multipart form with the CSRF token), the registrar sees it on the case page and downloads the same
bytes; ICBC uploads its loan contract from its filing page and the registrar finds it on the review page; the
registrar opens the court's ruling PDF of a judicial case; a refused upload is shown and stores nothing."""

from __future__ import annotations

import base64
import io

import pytest

from tests.e2e import test_bank_pages, test_court_rulings
from tests.e2e.api import unit_body
from tests.e2e.documents import PDF, digest, filed_case
from tests.e2e.test_bank_pages import file_directly
from tests.e2e.test_court_seizures import SEIZE, order_body
from tests.e2e.test_pages import csrf, login, text

courts, send, banks = test_court_rulings.courts, test_court_rulings.send, test_bank_pages.banks


@pytest.fixture
def case_id(client, people):
    return filed_case(client, people)


def form(page_client, page: str, content: bytes = PDF, kind: str = "contract", token: bool = True) -> dict:
    body = {"file": (io.BytesIO(content), "买卖合同.pdf", "application/pdf"), "kind": kind}
    return {**body, "csrf_token": csrf(page_client, page)} if token else body


def test_li_na_uploads_her_contract_and_the_registrar_downloads_it_from_the_case_page(app, client, people,
                                                                                     case_id):
    page = f"/applicant/cases/{case_id}"
    login(client, "lina")
    assert 'data-test="upload-form"' in text(client.get(page))
    sent = client.post(f"{page}/documents", data=form(client, page), content_type="multipart/form-data")
    assert sent.status_code == 303 and sent.headers["Location"].endswith(page)
    shown = text(client.get(page))
    assert f'data-sha256="{digest(PDF)}"' in shown and "买卖合同.pdf" in shown and "材料已上传" in shown
    assert client.get(f"{page}/documents/{digest(PDF)}").data == PDF

    registrar = app.test_client()
    login(registrar, "registrar")
    case_page = text(registrar.get(f"/registrar/cases/{case_id}"))
    assert f'data-sha256="{digest(PDF)}"' in case_page and 'data-test="upload-form"' not in case_page
    got = registrar.get(f"/registrar/cases/{case_id}/documents/{digest(PDF)}")
    assert got.status_code == 200 and got.data == PDF and got.headers["Content-Disposition"].startswith("attachment")


def test_an_upload_without_the_csrf_token_is_refused_and_stores_nothing(client, people, case_id, head):
    page = f"/applicant/cases/{case_id}"
    login(client, "lina")
    before = head()
    refused = client.post(f"{page}/documents", data=form(client, page, token=False),
                          content_type="multipart/form-data")
    assert refused.status_code == 400 and head() == before
    assert 'data-test="no-documents"' in text(client.get(page))


def test_a_text_file_renamed_pdf_is_refused_on_the_page_and_stores_nothing(client, people, case_id, head):
    page = f"/applicant/cases/{case_id}"
    login(client, "lina")
    before = head()
    refused = client.post(f"{page}/documents", data=form(client, page, content=b"notes\n"),
                          content_type="multipart/form-data")
    assert refused.status_code == 422
    assert 'data-code="upload_refused"' in text(refused) and 'data-test="no-documents"' in text(refused)
    assert head() == before


def test_someone_elses_case_neither_takes_nor_gives_documents(app, client, people, case_id):
    page = f"/applicant/cases/{case_id}"
    login(client, "lina")
    client.post(f"{page}/documents", data=form(client, page), content_type="multipart/form-data")
    stranger = app.test_client()
    login(stranger, "chengang")
    token = csrf(stranger, "/applicant/cases")
    assert stranger.post(f"{page}/documents", data={**form(stranger, "/applicant/cases", token=False),
                                                    "csrf_token": token},
                         content_type="multipart/form-data").status_code == 404
    assert stranger.get(f"{page}/documents/{digest(PDF)}").status_code == 404


def test_icbc_uploads_its_loan_contract_and_the_registrar_sees_it_on_the_review_page(app, client, banks, platform):
    filing_id = file_directly(platform)
    page = f"/bank/filings/{filing_id}"
    login(client, "icbc")
    sent = client.post(f"{page}/documents", data=form(client, page, kind="loan_contract"),
                       content_type="multipart/form-data")
    assert sent.status_code == 303, text(sent)
    assert f'data-sha256="{digest(PDF)}"' in text(client.get(page))
    assert client.get(f"{page}/documents/{digest(PDF)}").data == PDF

    registrar = app.test_client()
    login(registrar, "registrar")
    review = text(registrar.get(f"/registrar/mortgages/{filing_id}"))
    assert f'data-sha256="{digest(PDF)}"' in review and "借款合同" in review
    assert registrar.get(f"/registrar/mortgages/{filing_id}/documents/{digest(PDF)}").data == PDF

    ccb = app.test_client()
    login(ccb, "ccb")
    assert ccb.get(f"{page}/documents/{digest(PDF)}").status_code == 404


def test_the_registrar_opens_the_courts_ruling_pdf_from_the_judicial_case(client, people, platform, send):
    assert client.post("/api/v1/units", json=unit_body(), headers=people["registrar"]).status_code == 201
    assert send("gulou-2026", SEIZE, order_body("GL-1")).status_code == 200
    case_id = send("gulou-2026", "/api/v1/court/rulings", test_court_rulings.ruling_body()).json["case_id"]
    platform.wait_until_idle()
    login(client, "registrar")
    page = text(client.get(f"/registrar/cases/{case_id}"))
    ruling = digest(base64.b64decode(test_court_rulings.PDF))
    assert 'data-test="ruling-pdf"' in page and f"/registrar/cases/{case_id}/documents/{ruling}" in page
    got = client.get(f"/registrar/cases/{case_id}/documents/{ruling}")
    assert got.status_code == 200 and got.mimetype == "application/pdf"
