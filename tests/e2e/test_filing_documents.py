"""Documents of a mortgage filing over HTTP on both stores: the filing bank uploads its loan contract, it and the
registrars of the filing's office list and download it; another bank, a mortgagor and another office get 404;
a bad upload stores nothing. And the court's ruling PDF of a judicial case, for the registrar to read."""

from __future__ import annotations

import base64

import pytest

from tests.e2e import test_bank_api, test_court_rulings
from tests.e2e.documents import PDF, PNG, digest, upload
from tests.e2e.test_court_seizures import SEIZE, order_body

banks, gulou, filing_body = test_bank_api.banks, test_bank_api.gulou, test_bank_api.filing_body
courts, registered, send = test_court_rulings.courts, test_court_rulings.registered, test_court_rulings.send


@pytest.fixture
def filing_id(client, banks, gulou):
    filed = client.post("/api/v1/mortgages", json=filing_body(), headers=banks["icbc"])
    assert filed.status_code == 201, filed.json
    return filed.json["filing_id"]


def attach(client, banks, filing_id, who="icbc", **form):
    form = {"filename": "借款合同.pdf", "kind": "loan_contract", **form}
    return client.post(f"/api/v1/mortgages/{filing_id}/documents", data=upload(**form), headers=banks[who],
                       content_type="multipart/form-data")


def test_the_filing_banks_loan_contract_is_listed_for_it_and_the_registrar_byte_for_byte(client, banks,
                                                                                        filing_id):
    sent = attach(client, banks, filing_id)
    assert sent.status_code == 201, sent.json
    [document] = sent.json["documents"]
    assert (document["kind"], document["source"], document["by"], document["sha256"]) == (
        "loan_contract", "bank", "icbc", digest(PDF))
    assert client.get(f"/api/v1/mortgages/{filing_id}", headers=banks["icbc"]).json["documents"] == [document]
    assert client.get(f"/api/v1/registrar/mortgages/{filing_id}",
                      headers=banks["registrar"]).json["documents"] == [document]
    for who in ("icbc", "registrar"):
        listed = client.get(f"/api/v1/mortgages/{filing_id}/documents", headers=banks[who])
        assert listed.json["documents"] == [document]
        got = client.get(f"/api/v1/mortgages/{filing_id}/documents/{document['id']}", headers=banks[who])
        assert got.status_code == 200 and got.data == PDF and got.mimetype == "application/pdf"
        assert got.headers["Content-Disposition"].startswith("attachment;")


def test_the_same_contract_twice_is_one_document(client, banks, filing_id, head):
    first = attach(client, banks, filing_id)
    before = head()
    again = attach(client, banks, filing_id)
    assert (again.status_code, again.json) == (201, first.json) and head() == before


def test_another_bank_or_a_mortgagor_neither_uploads_nor_sees(client, banks, filing_id, head):
    attach(client, banks, filing_id)
    before = head()
    assert attach(client, banks, filing_id, who="ccb", content=PNG).status_code == 404
    assert attach(client, banks, filing_id, who="registrar", content=PNG).status_code == 403
    assert client.get(f"/api/v1/mortgages/{filing_id}/documents", headers=banks["ccb"]).status_code == 404
    assert client.get(f"/api/v1/mortgages/{filing_id}/documents/{digest(PDF)}",
                      headers=banks["ccb"]).status_code == 404
    assert client.get(f"/api/v1/mortgages/{filing_id}/documents", headers=banks["zhangwei"]).status_code == 403
    assert head() == before


@pytest.mark.parametrize(("label", "form"), [
    ("a text file renamed .pdf", {"content": b"plain notes\n", "declared": "application/pdf"}),
    ("an empty file", {"content": b""}), ("no kind", {"kind": None})])
def test_a_bad_upload_to_a_filing_stores_nothing(client, banks, filing_id, head, label, form):
    before = head()
    refused = attach(client, banks, filing_id, **form)
    assert refused.status_code == 422, (label, refused.json)
    assert set(refused.json) == {"code", "message", "errors"}
    assert client.get(f"/api/v1/mortgages/{filing_id}/documents", headers=banks["icbc"]).json["documents"] == []
    assert head() == before


RULING_PDF = b"%PDF-1.7\n%%EOF\n"


def test_the_registrar_reads_the_courts_ruling_pdf_of_a_judicial_case(client, people, platform, registered, send):
    assert send("gulou-2026", SEIZE, order_body("GL-1")).status_code == 200
    accepted = send("gulou-2026", "/api/v1/court/rulings", test_court_rulings.ruling_body())
    assert accepted.status_code == 202, accepted.json
    case_id = accepted.json["case_id"]
    assert base64.b64decode(test_court_rulings.PDF) == RULING_PDF
    platform.wait_until_idle()  # the court's answer does not wait for the views
    listed = client.get(f"/api/v1/transfers/{case_id}/documents", headers=people["registrar"])
    assert listed.status_code == 200, listed.json
    [ruling] = listed.json["documents"]
    assert (ruling["source"], ruling["kind"], ruling["filename"], ruling["by"], ruling["sha256"]) == (
        "court", "ruling", "裁定书.pdf", None, digest(RULING_PDF))
    got = client.get(f"/api/v1/transfers/{case_id}/documents/{ruling['id']}", headers=people["registrar"])
    assert got.status_code == 200 and got.data == RULING_PDF and got.mimetype == "application/pdf"
    assert client.get(f"/api/v1/transfers/{case_id}/documents", headers=people["xm-registrar"]).status_code == 404
