"""The lists paged last, over HTTP on both stores: an applicant's cases and consents, a bank's live mortgages and
proofs, the registrar's flagged seizures, finance's ledger and refused callbacks, a court's requests, seizures
and auction cases (signed). Each answers its items with the paging fields and refuses bad paging with a 422 in
the one error shape; the tax queue lists a case whose seller and buyer both paid once, not once per part."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from registry.kernel.actors import Role
from tests.e2e.api import case_of, eventually, pay_case, transfer_body, unit_body
from tests.e2e.conftest import PASSWORD
from tests.e2e.test_court_auth import courts, signed
from tests.e2e.test_each_party_pays import file_a_sale_within_two_years
from tests.e2e.test_lists_api import BAD_PAGING
from tests.e2e.test_pages import login, text
from tests.e2e.test_taxdesk import officers

__all__ = ["courts", "officers"]  # fixtures

PAGING_FIELDS = {"page", "per_page", "total", "pages", "next", "previous"}
PAGED = (("/api/v1/transfers", "lina", "cases"), ("/api/v1/consents", "zhangwei", "filings"),
         ("/api/v1/consents?show=all", "zhangwei", "filings"), ("/api/v1/bank/mortgages", "icbc", "mortgages"),
         ("/api/v1/certificates/proofs", "icbc", "proofs"), ("/api/v1/registrar/flagged-seizures", "registrar",
                                                              "seizures"),
         ("/api/v1/finance/ledger", "taxman", "postings"), ("/api/v1/finance/flags", "taxman", "flags"))
PAGES = (("/applicant/cases", "lina"), ("/applicant/mortgages", "zhangwei"), ("/bank/mortgages", "icbc"),
         ("/registrar/flagged-seizures", "registrar"), ("/finance/ledger", "taxman"), ("/finance/flags", "taxman"))
COURT_PAGED = (("/api/v1/court/requests", "requests"), ("/api/v1/court/seizures", "seizures"),
               ("/api/v1/court/cases", "cases"))


@pytest.fixture
def readers(platform, clock, people, officers):
    """Everyone in ``people``, the tax officers and ICBC's loan officer."""
    accounts, now = platform.accounts, clock.now()
    accounts.add_org("icbc-fz", "bank", "中国工商银行福州分行", now=now)
    accounts.add_user("icbc", Role.BANK_STAFF, org="icbc-fz", display_name="工行信贷员", password=PASSWORD, now=now)
    return {**people, **officers, "icbc": {"Authorization": f"Bearer {accounts.issue_token('icbc', now)}"}}


def query(path: str, arguments: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}{arguments}"


@pytest.mark.parametrize("path, who, key", PAGED)
def test_each_list_answers_its_items_with_the_paging_fields(client, readers, path, who, key):
    answer = client.get(query(path, "per_page=7"), headers=readers[who])

    assert answer.status_code == 200, answer.json
    assert set(answer.json) >= PAGING_FIELDS | {key} and isinstance(answer.json[key], list)
    assert (answer.json["page"], answer.json["per_page"], answer.json["previous"]) == (1, 7, None)


@pytest.mark.parametrize("path, who, key", PAGED)
def test_bad_paging_on_each_list_is_a_422_in_the_one_error_shape(client, readers, path, who, key):
    for arguments in BAD_PAGING:
        answer = client.get(query(path, arguments), headers=readers[who])

        assert answer.status_code == 422, (path, arguments, answer.json)
        assert set(answer.json) == {"code", "message", "errors"} and answer.json["code"] == "invalid_input"
        assert set(answer.json["errors"]) <= {"page", "per_page"}


@pytest.mark.parametrize("path, key", COURT_PAGED)
def test_a_courts_lists_are_paged_and_refuse_bad_paging(client, courts, clock, path, key):
    def get(arguments: str, n: int):
        target = f"{path}?{arguments}"
        headers = signed(courts["private"]["gulou-2026"], "gulou-2026", clock=clock, body=b"", path=target,
                         method="GET", nonce=f"paged-lists-nonce-{n:08d}")
        return client.get(target, headers=headers)

    fine = get("per_page=3", 0)
    assert fine.status_code == 200, fine.json
    assert (fine.json[key], fine.json["total"], fine.json["per_page"]) == ([], 0, 3)
    for n, arguments in enumerate(BAD_PAGING, start=1):
        refused = get(arguments, n)
        assert refused.status_code == 422, (arguments, refused.json)
        assert refused.json["code"] == "invalid_input" and "page" in json.dumps(refused.json["errors"])


def test_li_nas_cases_come_newest_first_one_page_at_a_time(client, people, clock):
    for n, unit in enumerate(("350102001001GB00001F00010001", "350102001001GB00001F00010002"), start=1):
        assert client.post("/api/v1/units", json=unit_body(unit), headers=people["registrar"]).status_code == 201
        filed = client.post("/api/v1/transfers", json=transfer_body(unit, contract_number=f"FZ2026-00012{n}"),
                            headers=people["lina"])
        assert filed.status_code == 201, filed.json
        clock.advance(hours=1)

    first = client.get("/api/v1/transfers?per_page=1", headers=people["lina"]).json
    second = client.get("/api/v1/transfers?per_page=1&page=2", headers=people["lina"]).json

    assert (first["total"], first["next"], second["previous"], second["next"]) == (2, 2, 1, None)
    assert [c["unit_number"] for c in first["cases"] + second["cases"]] == [
        "350102001001GB00001F00010002", "350102001001GB00001F00010001"]
    login(client, "lina")
    page_one = text(client.get("/applicant/cases?per_page=1"))
    page_two = text(client.get("/applicant/cases?per_page=1&page=2"))
    assert "F00010002" in page_one and "F00010001" not in page_one and 'data-test="pager-next"' in page_one
    assert "F00010001" in page_two and 'data-test="pager-previous"' in page_two and 'data-total="2"' in page_two


@pytest.mark.parametrize("path, who", PAGES)
def test_each_page_showing_a_list_refuses_a_bad_page_with_a_422_page(client, readers, path, who):
    assert login(client, who).status_code in (302, 303)
    assert client.get(f"{path}?per_page=7").status_code == 200
    for arguments in ("page=0", "per_page=1000", "page=abc"):
        refused = client.get(f"{path}?{arguments}")
        assert refused.status_code == 422 and 'data-test="error-message"' in text(refused), (path, arguments)


def test_a_mortgagors_waiting_consents_page_on_their_own(client, readers):
    login(client, "zhangwei")
    assert client.get("/applicant/mortgages?waiting_page=2").status_code == 200
    refused = client.get("/applicant/mortgages?waiting_page=0")
    assert refused.status_code == 422 and "waiting_page" in text(refused)


def test_the_tax_queue_lists_a_case_once_when_the_seller_and_the_buyer_both_paid(app, client, readers, platform):
    case_id = file_a_sale_within_two_years(client, readers)
    pay_case(app, client, readers, case_id, who="zhangwei")
    pay_case(app, client, readers, case_id, who="lina")
    assert eventually(lambda: case_of(client, readers, case_id, who="registrar")["order"]["state"] == "cleared")
    platform.wait_until_idle()

    queue = client.get("/api/v1/tax/assessments", headers=readers["taxman"]).json

    assert [a["case_id"] for a in queue["assessments"]] == [case_id] and queue["total"] == 1
    assert queue["assessments"][0]["receipt_number"]


def test_the_ledger_pages_its_postings_but_totals_the_whole_day(app, client, readers, platform):
    case_id = file_a_sale_within_two_years(client, readers)
    pay_case(app, client, readers, case_id, who="zhangwei")
    pay_case(app, client, readers, case_id, who="lina")
    assert eventually(lambda: case_of(client, readers, case_id, who="registrar")["order"]["state"] == "cleared")
    platform.wait_until_idle()

    page = client.get("/api/v1/finance/ledger?per_page=2", headers=readers["taxman"]).json
    whole = client.get("/api/v1/finance/ledger?per_page=200", headers=readers["taxman"]).json

    assert len(page["postings"]) == 2 and page["total"] == len(whole["postings"]) > 2 and page["next"] == 2
    debits = sum((Decimal(p["amount"]) for p in whole["postings"] if p["side"] == "debit"), Decimal("0.00"))
    assert (page["debits"], page["credits"], page["balanced"]) == (whole["debits"], whole["credits"], True)
    assert Decimal(page["debits"]) == debits
    assert page["postings"] == whole["postings"][:2]
