"""Documents attached to a case: PDF, JPEG or PNG as the bytes show, at most 10 MB and 3 per case, kept by their
SHA-256 and recorded on the case; a refused upload stores nothing."""

import hashlib

import pytest

from registry.kernel.attachments import MAX_BYTES, UploadRefused, document_id
from registry.kernel.codes import Supplement
from registry.kernel.errors import CaseNotPending, UnknownCase, UnknownFiling
from registry.mortgages import commands as mortgages
from registry.register_book import commands as units
from registry.transfers import commands as transfers
from tests.builders import WANG_FANG, mortgage_kwargs, transfer_kwargs, unit_kwargs
from tests.fakes import DictDocuments
from tests.unit.conftest import applicant

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"1 0 obj\n" * 8 + b"%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@pytest.fixture
def shelf():
    return DictDocuments()


@pytest.fixture
def case_id(app, registrar, buyer):
    units.register_unit(app, registrar, **unit_kwargs())
    return transfers.submit_transfer(app, buyer, **transfer_kwargs()).id


def attach(app, shelf, who, case_id, content=PNG, **overrides):
    arguments = {"kind": Supplement.MARRIAGE_PROOF, "filename": "结婚证.png", "declared_type": "image/png"}
    return transfers.attach_document(app, shelf, who, case_id, content=content, **arguments | overrides)


def test_the_buyers_marriage_certificate_is_shelved_by_its_digest_and_recorded_on_the_case(app, shelf, buyer,
                                                                                          case_id):
    attach(app, shelf, buyer, case_id)
    [recorded] = app.get_case(case_id).attachments
    digest = hashlib.sha256(PNG).hexdigest()
    assert (recorded["kind"], recorded["filename"], recorded["content_type"], recorded["sha256"], recorded["size"],
            recorded["by"]) == ("marriage_proof", "结婚证.png", "image/png", digest, len(PNG), buyer.user_id)
    assert shelf.get(document_id(digest)) == PNG


def test_the_type_is_what_the_bytes_show_not_what_the_sender_says(app, shelf, buyer, case_id):
    attach(app, shelf, buyer, case_id, content=PDF, declared_type="application/octet-stream", filename="合同.pdf")
    assert app.get_case(case_id).attachments[0]["content_type"] == "application/pdf"


@pytest.mark.parametrize(("content", "overrides", "field"), [
    (PNG, {"declared_type": "application/pdf"}, "file"),
    (b"MZ\x90\x00 an executable", {"declared_type": "application/octet-stream"}, "file"),
    (b"", {}, "file"),
    (b"%PDF-" + b"0" * MAX_BYTES, {"declared_type": "application/pdf"}, "file"),
    (PNG, {"filename": "../../etc/passwd.png"}, "filename"),
    (PNG, {"filename": "scan\u202egnp.exe"}, "filename"),
    (PNG, {"filename": "   "}, "filename"),
])
def test_a_refused_upload_stores_nothing_anywhere(app, shelf, buyer, case_id, content, overrides, field):
    head = app.recorder.max_notification_id()
    with pytest.raises(UploadRefused) as refused:
        attach(app, shelf, buyer, case_id, content=content, **overrides)
    assert refused.value.field == field
    assert app.recorder.max_notification_id() == head and shelf.stored == {}


def test_a_case_takes_three_documents_and_the_same_file_twice_changes_nothing(app, shelf, buyer, case_id):
    for content in (PNG, PDF, JPEG):
        attach(app, shelf, buyer, case_id, content=content, declared_type="")
    attach(app, shelf, buyer, case_id, content=PNG)  # again: already there
    assert len(app.get_case(case_id).attachments) == 3
    with pytest.raises(UploadRefused):
        attach(app, shelf, buyer, case_id, content=PNG + b"another page")
    assert document_id(hashlib.sha256(PNG + b"another page").hexdigest()) not in shelf.stored


def test_only_the_parties_attach_and_only_to_an_open_case(app, shelf, buyer, registrar, case_id):
    with pytest.raises(UnknownCase):
        attach(app, shelf, applicant("wangfang", WANG_FANG), case_id)
    transfers.withdraw_transfer(app, buyer, case_id, reason="改期")
    with pytest.raises(CaseNotPending):
        attach(app, shelf, buyer, case_id)
    assert shelf.stored == {}


def test_the_filing_bank_attaches_its_loan_contract(app, shelf, registrar, icbc, ccb):
    units.register_unit(app, registrar, **unit_kwargs())
    filing_id = mortgages.file_mortgage(app, icbc, **mortgage_kwargs()).id
    mortgages.attach_document(app, shelf, icbc, filing_id, kind=Supplement.LOAN_CONTRACT, filename="借款合同.pdf",
                              declared_type="application/pdf", content=PDF)
    assert app.get_filing(filing_id).attachments[0]["kind"] == "loan_contract"
    with pytest.raises(UnknownFiling):
        mortgages.attach_document(app, shelf, ccb, filing_id, kind=Supplement.LOAN_CONTRACT, filename="x.pdf",
                                  declared_type="application/pdf", content=PDF + b"ccb")
