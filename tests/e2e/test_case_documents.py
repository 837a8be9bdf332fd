"""Documents attached to a transfer case over HTTP on both stores: a party uploads PDF, PNG or JPEG (multipart),
both parties and the registrar of the case's office list and download the very bytes; anyone else gets 404;
every bad upload is a 4xx in the one error shape that stores nothing; the same file twice changes nothing."""

from __future__ import annotations

import pytest

from registry.kernel.attachments import MAX_BYTES
from tests.e2e.documents import JPEG, PDF, PNG, digest, filed_case, upload


@pytest.fixture
def case_id(client, people):
    return filed_case(client, people)


def send(client, people, case_id, who="lina", **form):
    return client.post(f"/api/v1/transfers/{case_id}/documents", data=upload(**form), headers=people[who],
                       content_type="multipart/form-data")


def listed(client, people, case_id, who="lina"):
    answer = client.get(f"/api/v1/transfers/{case_id}/documents", headers=people[who])
    assert answer.status_code == 200, answer.json
    return answer.json["documents"]


@pytest.mark.parametrize(("content", "filename", "kind"), [
    (PDF, "买卖合同.pdf", "contract"), (PNG, "结婚证.png", "marriage_proof"), (JPEG, "身份证.jpg", "id_document")])
def test_a_partys_document_is_listed_for_both_parties_and_the_registrar_and_downloads_byte_for_byte(
        client, people, case_id, content, filename, kind):
    sent = send(client, people, case_id, content=content, filename=filename, kind=kind)
    assert sent.status_code == 201, sent.json
    [document] = sent.json["documents"]
    assert (document["kind"], document["filename"], document["size"], document["sha256"], document["by"],
            document["source"]) == (kind, filename, len(content), digest(content), "lina", "party")
    for who in ("lina", "zhangwei", "registrar"):
        assert listed(client, people, case_id, who) == [document]
        assert client.get(f"/api/v1/transfers/{case_id}", headers=people[who]).json["documents"] == [document]
        got = client.get(f"/api/v1/transfers/{case_id}/documents/{document['id']}", headers=people[who])
        assert got.status_code == 200
        assert got.data == content and digest(got.data) == document["sha256"]
        assert got.mimetype == document["content_type"]
        assert got.headers["Content-Disposition"].startswith("attachment;")
        assert got.headers["X-Content-Type-Options"] == "nosniff"


def test_the_same_file_sent_twice_is_one_document_and_stores_nothing_more(client, people, case_id, head):
    first = send(client, people, case_id)
    before = head()
    again = send(client, people, case_id, filename="合同副本.pdf")
    assert again.status_code == 201, again.json
    assert again.json["documents"] == first.json["documents"]
    assert head() == before


NOT_A_PDF = b"just some notes, renamed\n"


@pytest.mark.parametrize(("label", "form", "status"), [
    ("a text file renamed .pdf", {"content": NOT_A_PDF, "filename": "合同.pdf", "declared": "application/pdf"}, 422),
    ("a PNG declared as a PDF", {"content": PNG, "filename": "合同.pdf", "declared": "application/pdf"}, 422),
    ("an empty file", {"content": b"", "filename": "合同.pdf"}, 422),
    ("a file one byte over 10 MB", {"content": b"%PDF-" + b"0" * (MAX_BYTES - 4)}, 422),
    ("no kind", {"kind": None}, 422),
    ("a kind not in the catalogue", {"kind": "holiday_photos"}, 422),
    ("a path for a name", {"filename": "../../etc/合同.pdf"}, 422),
])
def test_a_bad_upload_is_refused_in_the_one_shape_and_stores_nothing(client, people, case_id, head, label, form,
                                                                      status):
    before = head()
    refused = send(client, people, case_id, **form)
    assert refused.status_code == status, (label, refused.json)
    assert set(refused.json) == {"code", "message", "errors"}
    assert listed(client, people, case_id) == [] and head() == before


@pytest.mark.parametrize(("label", "arguments"), [
    ("no file part", {"data": {"kind": "contract"}, "content_type": "multipart/form-data"}),
    ("the file as a text field", {"data": {"file": "%PDF-1.7", "kind": "contract"},
                                  "content_type": "multipart/form-data"}),
    ("JSON instead of a form", {"json": {"file": "%PDF-1.7", "kind": "contract"}}),
    ("no body at all", {}),
])
def test_a_body_without_a_file_is_a_422_and_stores_nothing(client, people, case_id, head, label, arguments):
    before = head()
    refused = client.post(f"/api/v1/transfers/{case_id}/documents", headers=people["lina"], **arguments)
    assert refused.status_code == 422, (label, refused.json)
    assert set(refused.json) == {"code", "message", "errors"} and "file" in refused.json["errors"]
    assert listed(client, people, case_id) == [] and head() == before


def test_a_body_larger_than_any_file_is_a_413_that_stores_nothing(client, people, case_id, head):
    before = head()
    refused = send(client, people, case_id, content=b"%PDF-" + b"0" * (MAX_BYTES + 512 * 1024))
    assert refused.status_code == 413
    assert set(refused.json) == {"code", "message", "errors"}
    assert listed(client, people, case_id) == [] and head() == before


def test_a_fourth_document_is_refused_and_stores_nothing(client, people, case_id, head, platform):
    for content in (PDF, PNG, JPEG):
        assert send(client, people, case_id, content=content, filename="件.bin").status_code == 201
    before, documents = head(), listed(client, people, case_id)
    fourth = PDF + b"% another page\n"
    refused = send(client, people, case_id, content=fourth)
    assert (refused.status_code, refused.json["code"]) == (422, "upload_refused")
    assert listed(client, people, case_id) == documents and head() == before
    assert platform.shelf.get(f"attachment-{digest(fourth)}") is None


def test_only_a_party_uploads_and_only_the_parties_and_the_office_see(client, people, case_id, head):
    send(client, people, case_id)
    sha256 = digest(PDF)
    before = head()
    assert send(client, people, case_id, who="chengang", content=PNG).status_code == 404
    assert send(client, people, case_id, who="registrar", content=PNG).status_code == 403
    for who in ("chengang", "xm-registrar"):
        assert client.get(f"/api/v1/transfers/{case_id}/documents", headers=people[who]).status_code == 404
        assert client.get(f"/api/v1/transfers/{case_id}/documents/{sha256}", headers=people[who]).status_code == 404
    unknown = digest(b"never sent")
    assert client.get(f"/api/v1/transfers/{case_id}/documents/{unknown}", headers=people["lina"]).status_code == 404
    assert head() == before


def test_a_withdrawn_case_takes_no_more_documents(client, people, case_id, head):
    client.post(f"/api/v1/transfers/{case_id}/withdraw", json={"reason": "改期"}, headers=people["lina"])
    before = head()
    refused = send(client, people, case_id)
    assert refused.status_code == 409, refused.json
    assert listed(client, people, case_id) == [] and head() == before
