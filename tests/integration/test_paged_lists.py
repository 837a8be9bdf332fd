"""The lists that still stopped at N rows, now in pages with their total (sixty rows: a page two exists), newest
first where readers want the latest: an applicant's cases, a court's requests, seizures and auction cases, a
mortgagor's filings, the finance ledger and refused callbacks; a bank's live mortgages by unit, its proofs
newest first; work lists (a mortgagor's waiting consents, the registrar's flagged seizures) oldest first.
Both stores. Rows are written straight into each view, as its projection would, so sixty stay cheap."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

from projections import applicant, bank_queries, consents, order_ledger
from projections import certificates as shelf
from projections import court_desk_queries as court_desk
from projections import registrar as desk
from projections.applicant import MyCases
from projections.bank_desk import MORTGAGES, BankDesk
from projections.base import insert, person_key
from projections.certificates import CERTIFICATES, CertificateShelf
from projections.consents import MortgageConsents
from projections.court_desk import AUCTION, REQUESTS, SEIZURES, CourtDesk
from projections.orders import FLAGS, ORDERS, POSTINGS, Orders
from projections.paging import PageRequest
from projections.registrar import RegistrarDesk
from projections.registrar_flags import FLAGGED
from registry.kernel.actors import Actor, Role
from tests.builders import LI_NA, MONDAY_MORNING, WANG_FANG, ZHANG_WEI
from tests.integration.conftest import ADMIN
from tests.integration.conftest import applicant as applicant_actor

SIXTY = range(1, 61)
PAGE_TWO = PageRequest(page=2)
ICBC_DESK = Actor(user_id="icbc-zhou", role=Role.BANK_STAFF, org="icbc-fz")
CCB_DESK = Actor(user_id="ccb-wu", role=Role.BANK_STAFF, org="ccb-fz")
GULOU_COURT, TAIJIANG_COURT = "gulou-court", "taijiang-court"


def at(n: int) -> str:
    """The n-th minute after Monday morning: row n is newer than row n - 1."""
    return (MONDAY_MORNING + timedelta(minutes=n)).isoformat()


def flat(n: int) -> str:
    return f"350102001001GB00001F0001{n:04d}"


def write(views, projection: Any, table: str, rows: list[dict[str, Any]]) -> None:
    with views.transaction() as tx:
        projection.create(tx)
        for row in rows:
            insert(tx, table, row)


def numbers(page, key: str) -> list[int]:
    """Which rows a page holds: the (up to four-digit) number that ends each row's key."""
    return [int(re.search(r"(\d{1,4})\D*$", str(item[key])).group(1)) for item in page.items]


def assert_sixty_in_two_pages(first, second, key: str, newest_first: bool) -> None:
    expected = list(reversed(SIXTY)) if newest_first else list(SIXTY)
    assert (first.total, first.pages, first.next, first.previous) == (60, 2, 2, None)
    assert (second.total, second.next, second.previous) == (60, None, 1)
    assert numbers(first, key) + numbers(second, key) == expected


# -- an applicant's cases --------------------------------------------------------------------------------------
def test_li_nas_sixty_cases_come_newest_first_in_two_pages_and_wang_fang_sees_none(views):
    with views.transaction() as tx:
        MyCases().create(tx)
        for n in SIXTY:
            insert(tx, applicant.CASES, {
                "case_id": f"case-{n}", "kind": "resale_residential", "unit_number": flat(n),
                "unit_location": "福州市鼓楼区五四路1号",
                "unit_area": "120.00", "unit_use": "residential", "price": "2000000.00",
                "contract_number": f"FZ2026-{n:06d}", "contract_date": "2026-03-10", "certificates_wanted": 1,
                "sellers": "[]", "buyers": "[]", "home_counts": "[]", "mandates": "[]", "state": "pending_review",
                    "submitted_at": at(n),
                "settled_at": None, "closed_at": None, "reason": None, "certificate_number": None, "version": 1,
                "updated_at": at(n)})
            insert(tx, applicant.PARTIES, {"case_id": f"case-{n}", "person_key": person_key(LI_NA.id_number),
                                           "role": "buyer"})
    li_na = applicant_actor(LI_NA)

    first, second = applicant.my_cases(views, li_na), applicant.my_cases(views, li_na, PAGE_TWO)

    assert_sixty_in_two_pages(first, second, "case_id", newest_first=True)
    assert first.items[0]["my_roles"] == ["buyer"] and second.items[-1]["my_roles"] == ["buyer"]
    assert applicant.my_cases(views, applicant_actor(WANG_FANG)).total == 0
    assert applicant.case(views, li_na, "case-60")["my_roles"] == ["buyer"]


# -- a court's desk --------------------------------------------------------------------------------------------
def court_request(n: int, court: str, kzcs: str) -> dict[str, Any]:
    return {"order_id": f"{court}-order-{n}", "court": court, "court_name": "福州市鼓楼区人民法院",
            "request_id": f"GL-{n}", "kzcs": kzcs, "unit_number": flat(n), "case_number": "(2026)闽0102执88号",
            "ruling_number": f"(2026)闽0102执恢{n}号", "seizure_reference": "", "requested_start": None,
            "requested_end": None, "received_at": at(n), "result": None, "code": None, "reason": None,
            "start_on": None, "end_on": None, "reference": None, "answered_at": None, "case_id": f"case-{n}",
            "stage": "ruling_received", "stage_at": at(n), "ruling_date": "2026-03-01", "confirmation_number": None,
            "assistance_notice_number": None, "price": "1500000.00", "buyers": "[]", "certificate_number": None,
            "loans": "[]"}


def test_a_courts_sixty_requests_and_auction_cases_come_latest_first_and_never_another_courts(views):
    write(views, CourtDesk(), REQUESTS, [court_request(n, GULOU_COURT, AUCTION) for n in SIXTY]
          + [court_request(n, TAIJIANG_COURT, "11") for n in range(1, 4)])

    first, second = court_desk.requests(views, GULOU_COURT), court_desk.requests(views, GULOU_COURT, None, PAGE_TWO)
    assert_sixty_in_two_pages(first, second, "order_id", newest_first=True)
    cases = court_desk.cases(views, GULOU_COURT), court_desk.cases(views, GULOU_COURT, PAGE_TWO)
    assert_sixty_in_two_pages(*cases, "order_id", newest_first=True)
    assert court_desk.requests(views, TAIJIANG_COURT).total == 3
    assert court_desk.cases(views, TAIJIANG_COURT).total == 0  # its requests are seizures, not auctions


def test_a_courts_sixty_seizures_come_latest_served_first_by_state(views):
    write(views, CourtDesk(), SEIZURES, [
        {"unit_id": f"unit-{n}", "reference": f"(2026)闽0102执{n}号", "court": GULOU_COURT,
         "court_name": "福州市鼓楼区人民法院", "unit_number": flat(n), "state": "active" if n % 2 else "queued",
         "start_on": "2026-03-16", "end_on": "2029-03-15", "served_at": at(n), "flagged_by": None,
         "updated_at": at(n)} for n in SIXTY])

    first = court_desk.seizures(views, GULOU_COURT)
    second = court_desk.seizures(views, GULOU_COURT, paging=PAGE_TWO)

    assert_sixty_in_two_pages(first, second, "unit_number", newest_first=True)
    active = court_desk.seizures(views, GULOU_COURT, "active", PageRequest(per_page=10))
    assert (active.total, active.pages) == (30, 3) and active.items[0]["unit_number"] == flat(59)
    assert court_desk.seizures(views, TAIJIANG_COURT).total == 0


# -- a bank's live mortgages and proofs ------------------------------------------------------------------------
def test_a_banks_sixty_live_mortgages_come_by_unit_in_two_pages(views):
    write(views, BankDesk(), MORTGAGES, [
        {"mortgage_id": f"mortgage-{n}", "unit_id": f"unit-{n}", "unit_number": flat(n), "bank": "icbc-fz",
         "bank_name": "中国工商银行福州分行", "rank": 1, "method": "1", "amount": "1000000.00", "maximum": 0,
         "currency": "CNY", "claim_start": None, "claim_end": None, "performance_start": "2026-03-16",
         "performance_end": "2046-03-15", "transfer_restricted": 0,
         "proof_number": f"闽(2026)福州市不动产证明第{n:07d}号", "registered_at": at(61 - n),
         "filing_id": f"filing-{n}"} for n in SIXTY])

    first, second = bank_queries.mortgages(views, ICBC_DESK), bank_queries.mortgages(views, ICBC_DESK, PAGE_TWO)

    assert_sixty_in_two_pages(first, second, "mortgage_id", newest_first=False)
    assert bank_queries.mortgages(views, CCB_DESK).total == 0
    assert bank_queries.mortgages(views, ADMIN).total == 60


def test_a_banks_sixty_proofs_come_newest_first_and_by_filing(views):
    write(views, CertificateShelf(), CERTIFICATES, [
        {"certificate_id": f"proof-{n}", "kind": "proof", "number": f"闽(2026)福州市不动产证明第{n:07d}号",
         "identifier": f"id-{n}", "registry": "fz-registry", "unit_number": flat(n), "holders": "[]",
         "holder_org": "icbc-fz", "case_id": f"filing-{n % 2}", "status": "current", "issued_at": at(n),
         "code_digest": "", "document_sha256": "", "seal_key_id": "", "derived_from": "null", "replaces": "",
         "history": "[]", "version": 1, "updated_at": at(n)} for n in SIXTY])

    first, second = shelf.proofs_of_bank(views, ICBC_DESK), shelf.proofs_of_bank(views, ICBC_DESK, paging=PAGE_TWO)

    assert_sixty_in_two_pages(first, second, "certificate_id", newest_first=True)
    odd = shelf.proofs_of_bank(views, ICBC_DESK, "current", filing_id="filing-1")
    assert odd.total == 30 and numbers(odd, "certificate_id")[:2] == [59, 57]
    assert shelf.proofs_of_bank(views, ICBC_DESK, "superseded").total == 0
    assert shelf.proofs_of_bank(views, CCB_DESK).total == 0


# -- a mortgagor's consents ------------------------------------------------------------------------------------
def test_zhang_weis_sixty_filings_waiting_come_oldest_first_and_the_settled_ones_newest_first(views):
    with views.transaction() as tx:
        MortgageConsents().create(tx)
        for n in range(1, 121):
            waiting = n <= 60
            insert(tx, consents.FILINGS, {
                "filing_id": f"filing-{n if waiting else n - 60 + 1000}", "registry": "fz-registry", "kind": "first",
                "bank": "icbc-fz", "bank_name": "中国工商银行福州分行", "unit_numbers": f'["{flat(n)}"]',
                "location": "福州市鼓楼区五四路1号", "mortgagors": "[]", "debtors": "[]", "terms": "{}", "rank": 1,
                "assignee_name": "", "state": "awaiting_consent" if waiting else "registered", "reason": None,
                "proof_numbers": "[]", "filed_at": at(n), "decided_at": None, "version": 1, "updated_at": at(n)})
            insert(tx, consents.PARTIES, {
                "filing_id": f"filing-{n if waiting else n - 60 + 1000}", "party_key": person_key(ZHANG_WEI.id_number),
                "position": 0, "party": '{"name": "张伟"}', "state": "awaiting" if waiting else "confirmed",
                "at": None, "reason": None})
    zhang = applicant_actor(ZHANG_WEI)

    waiting = consents.awaiting_me(views, zhang), consents.awaiting_me(views, zhang, PAGE_TWO)
    assert_sixty_in_two_pages(*waiting, "filing_id", newest_first=False)
    settled = consents.mine(views, zhang, settled_only=True), consents.mine(views, zhang, PAGE_TWO, settled_only=True)
    assert [n - 1000 for n in numbers(settled[0], "filing_id") + numbers(settled[1], "filing_id")] == list(
        reversed(SIXTY))
    assert consents.mine(views, zhang).total == 120
    assert consents.awaiting_me(views, applicant_actor(WANG_FANG)).total == 0


# -- the registrar's flagged seizures --------------------------------------------------------------------------
def test_sixty_flagged_seizures_come_oldest_first_within_the_registry(views, registrar, other_registrar):
    write(views, RegistrarDesk(), FLAGGED, [
        {"case_id": f"case-{n}", "unit_id": f"unit-{n}", "registry": "fz-registry", "unit_number": flat(n),
         "court": TAIJIANG_COURT, "court_name": "福州市台江区人民法院", "reference": f"(2026)闽0103执{n}号",
         "state": "queued", "auction_court": GULOU_COURT, "auction_court_name": "福州市鼓楼区人民法院",
         "ruling_number": f"(2026)闽0102执恢{n}号", "flagged_at": at(n), "cleared_at": None, "cleared_by": None}
        for n in SIXTY])

    first = desk.flagged_seizures(views, registrar)
    second = desk.flagged_seizures(views, registrar, paging=PAGE_TWO)

    assert_sixty_in_two_pages(first, second, "case_id", newest_first=False)
    assert "unit_id" not in first.items[0]
    assert desk.flagged_seizures(views, other_registrar).total == 0


# -- finance: the ledger and refused callbacks -----------------------------------------------------------------
def test_sixty_postings_of_a_day_come_newest_order_first_with_the_whole_days_totals(views):
    with views.transaction() as tx:
        Orders().create(tx)
        for n in range(1, 31):  # thirty orders, each paid with two balanced postings
            insert(tx, ORDERS, {
                "order_id": f"order-{n:02d}", "case_id": f"case-{n}", "registry": "fz-registry", "payer_key": "",
                "payer_name": "李娜", "lines": "[]", "total": "100.05", "state": "cleared", "attempt": 1,
                "expires_at": at(n + 60), "receipt_number": f"RC{n}", "paid_at": at(n), "placed_at": at(n),
                "updated_at": at(n)})
            for seq, (account, side) in enumerate((("gateway_settlement", "debit"), ("treasury:deed_tax", "credit"))):
                insert(tx, POSTINGS, {
                    "order_id": f"order-{n:02d}", "version": 3, "seq": seq, "day": "2026-03-16", "account": account,
                    "side": side, "amount": "100.05", "line_code": "deed_tax", "kind": "clearing",
                    "registry": "fz-registry"})

    first = order_ledger.ledger(views, ADMIN, "2026-03-16")
    second = order_ledger.ledger(views, ADMIN, "2026-03-16", PAGE_TWO)

    assert (first.total, len(first.items), len(second.items), second.next) == (60, 50, 10, None)
    listed = [(p["order_id"], p["seq"]) for p in first.items + second.items]
    assert listed == [(f"order-{n:02d}", seq) for n in range(30, 0, -1) for seq in (0, 1)]
    assert order_ledger.ledger_totals(views, ADMIN, "2026-03-16") == (Decimal("3001.50"), Decimal("3001.50"))
    assert order_ledger.ledger(views, ADMIN, "2026-03-17").total == 0


def test_sixty_refused_callbacks_come_newest_first(views):
    write(views, Orders(), FLAGS, [
        {"event_id": f"callback-{n}", "order_id": None, "registry": None, "reason": "unknown_order",
         "amount": "100.00", "currency": "CNY", "gateway_order_id": f"GW-{n}", "at": at(n)} for n in SIXTY])

    first, second = order_ledger.flags(views, ADMIN), order_ledger.flags(views, ADMIN, PAGE_TWO)

    assert_sixty_in_two_pages(first, second, "event_id", newest_first=True)
