"""The shelf of attached documents on both stores: bytes come back exactly (NULs and all), an id is written once
(the same file shelved again, even by two uploads racing, is one row and no error), and a document attached
through the domain is listed in the case's documents view with the bytes on the shelf under its digest."""

from __future__ import annotations

import hashlib
import threading

import pytest

from adapters.attachments import SqlDocumentShelf
from projections import case_documents
from registry.kernel.attachments import document_id
from registry.kernel.codes import Supplement
from registry.register_book import commands as units
from registry.transfers import commands as transfers
from tests.builders import unit_kwargs
from tests.integration.conftest import submit

SCAN = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4  # every byte value, NUL included


@pytest.fixture
def shelf(views) -> SqlDocumentShelf:
    shelf = SqlDocumentShelf(views)
    shelf.setup()
    return shelf


def test_a_shelved_scan_comes_back_byte_for_byte_and_an_unknown_id_is_none(shelf):
    shelf.put("attachment-scan", SCAN)
    assert shelf.get("attachment-scan") == SCAN
    assert shelf.get("attachment-never") is None


def test_the_same_document_shelved_twice_or_by_two_racing_uploads_is_one_row(shelf, views):
    key = document_id(hashlib.sha256(SCAN).hexdigest())
    failures: list[BaseException] = []

    def put() -> None:
        try:
            shelf.put(key, SCAN)
        except BaseException as error:  # noqa: BLE001 (reported below)
            failures.append(error)

    threads = [threading.Thread(target=put) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    shelf.put(key, SCAN)
    assert failures == []
    with views.read() as tx:
        assert tx.one("SELECT COUNT(*) AS n FROM attached_document")["n"] == 1
    assert shelf.get(key) == SCAN


def test_a_document_attached_to_a_case_is_in_its_view_and_its_bytes_on_the_shelf(app, shelf, views, worker,
                                                                                registrar, buyer):
    units.register_unit(app, registrar, **unit_kwargs())
    case_id = submit(app, buyer, worker)
    transfers.attach_document(app, shelf, buyer, case_id, kind=Supplement.MARRIAGE_PROOF, filename="结婚证.png",
                              declared_type="image/png", content=SCAN)
    worker.run_once()
    [listed] = case_documents.of_case(views, str(case_id))
    digest = hashlib.sha256(SCAN).hexdigest()
    assert (listed["sha256"], listed["kind"], listed["size"], listed["by"], listed["source"]) == (
        digest, "marriage_proof", len(SCAN), buyer.user_id, "party")
    found = case_documents.one(views, str(case_id), digest)
    assert shelf.get(found["stored_as"]) == SCAN
