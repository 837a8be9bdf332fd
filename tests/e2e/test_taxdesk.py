"""The tax bureau's desk and finance through HTTP on both stores: the officer's queue of assessments,
confirm and adjust (with a reason both parties see, revising the unpaid order), the clearing ledger,
daily reconciliation (JSON, CSV) and the officer's pages; scoped to the bureau's city."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from uuid import UUID

import pytest

from registry.kernel.actors import Role
from tests.builders import TAIJIANG_FLAT
from tests.e2e.api import case_of, eventually, pay_every_part, transfer_body, unit_body
from tests.e2e.conftest import PASSWORD

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
DAY = "2026-03-16"  # MONDAY_MORNING in the registry's time zone
REASON = "合同价格明显偏低，按评估价核定"


@pytest.fixture
def officers(platform, clock, people):
    """A Fuzhou tax bureau officer (serves the Fuzhou registry) and a Xiamen one (does not)."""
    accounts, now = platform.accounts, clock.now()
    accounts.add_org("fz-tax", "tax_bureau", "国家税务总局福州市税务局", province="闽", city="福州市", now=now)
    accounts.add_org("xm-tax", "tax_bureau", "国家税务总局厦门市税务局", province="闽", city="厦门市", now=now)
    accounts.add_user("taxman", Role.TAX_OFFICER, org="fz-tax", display_name="陈税务", password=PASSWORD, now=now)
    accounts.add_user("xm-taxman", Role.TAX_OFFICER, org="xm-tax", display_name="厦门税务", password=PASSWORD,
                      now=now)
    return {u: {"Authorization": f"Bearer {accounts.issue_token(u, now)}"} for u in ("taxman", "xm-taxman")}


def file_assessed_case(client, people, unit_number: str | None = None, contract_number: str = "FZ2026-000123"):
    """The registrar registers Zhang Wei's flat, Li Na files the transfer; Taxation assesses it."""
    unit = unit_body(unit_number) if unit_number else unit_body()
    assert client.post("/api/v1/units", json=unit, headers=people["registrar"]).status_code == 201
    body = transfer_body(unit_number, contract_number=contract_number) if unit_number else \
        transfer_body(contract_number=contract_number)
    filed = client.post("/api/v1/transfers", json=body, headers=people["lina"])
    assert filed.status_code == 201, filed.json
    case_id = filed.json["case_id"]
    assessment = eventually(lambda: case_of(client, people, case_id)["assessment"])
    assert assessment, "Taxation assessed the filed case"
    assert eventually(lambda: case_of(client, people, case_id)["order"]), "Payments placed the combined order"
    return case_id, assessment


def pay_and_clear(app, client, people, case_id) -> dict:
    pay_every_part(app, client, people, case_id)
    assert eventually(lambda: case_of(client, people, case_id)["order"]["state"] == "cleared")
    return case_of(client, people, case_id)["order"]


def adjustment(code: str = "deed_tax", payer: str = "buyer", amount: str = "15000.00", reason: str = REASON) -> dict:
    return {"code": code, "payer": payer, "amount": amount, "reason": reason}


def line(assessment: dict, code: str, payer: str) -> dict:
    return next(x for x in assessment["lines"] if x["code"] == code and x["payer"] == payer)


def taxation_head(platform) -> int:
    return platform.taxation.recorder.max_notification_id() or 0


def login(client, user: str) -> None:
    token = TOKEN.search(client.get("/login").get_data(as_text=True)).group(1)
    assert client.post("/login", data={"username": user, "password": PASSWORD, "csrf_token": token}) \
        .status_code == 302


def csrf(client, path: str) -> str:
    return TOKEN.search(client.get(path).get_data(as_text=True)).group(1)


def text(response) -> str:
    return response.get_data(as_text=True)


# -- the desk: who sees what -----------------------------------------------------------------------
def test_officer_sees_the_assessment_of_a_filed_case_in_the_bureaus_queue(client, people, officers):
    case_id, assessment = file_assessed_case(client, people)
    queue = client.get("/api/v1/tax/assessments", headers=officers["taxman"])
    assert queue.status_code == 200
    assert [(a["case_id"], a["status"]) for a in queue.json["assessments"]] == [(case_id, "issued")]
    confirmed = client.get("/api/v1/tax/assessments?status=confirmed", headers=officers["taxman"]).json
    assert (confirmed["assessments"], confirmed["total"]) == ([], 0)

    found = client.get(f"/api/v1/tax/assessments/{assessment['assessment_id']}", headers=officers["taxman"])
    assert found.status_code == 200
    deed_tax = line(found.json, "deed_tax", "buyer")
    assert (deed_tax["basis"], deed_tax["rate"], deed_tax["amount"]) == ("2000000.00", "0.01", "20000.00")
    assert deed_tax["rule"] and deed_tax["reference"], "each line names its rule and legal reference"
    assert {(x["code"], x["payer"]) for x in found.json["lines"]} >= {("stamp_duty", "buyer"), ("stamp_duty", "seller")}
    assert found.json["total"] == "20080.00"
    assert found.json["facts"]["price"] == "2000000.00"


def test_officer_of_another_citys_bureau_sees_nothing_and_can_change_nothing(client, people, officers, platform):
    _, assessment = file_assessed_case(client, people)
    url = f"/api/v1/tax/assessments/{assessment['assessment_id']}"
    xiamen = officers["xm-taxman"]
    assert client.get("/api/v1/tax/assessments", headers=xiamen).json["assessments"] == []
    assert client.get(url, headers=xiamen).status_code == 404
    before = taxation_head(platform)
    assert client.post(f"{url}/confirm", headers=xiamen).status_code == 404
    refused = client.post(f"{url}/adjust", json=adjustment(), headers=xiamen)
    assert refused.status_code == 404 and refused.json["code"] == "unknown_assessment"
    assert taxation_head(platform) == before


def test_applicant_and_registrar_get_403_on_the_desk_and_finance_api(client, people, officers):
    _, assessment = file_assessed_case(client, people)
    for who in ("lina", "registrar"):
        for path in ("/api/v1/tax/assessments", f"/api/v1/tax/assessments/{assessment['assessment_id']}",
                     f"/api/v1/finance/ledger?day={DAY}", "/api/v1/finance/reconciliation", "/api/v1/finance/flags"):
            assert client.get(path, headers=people[who]).status_code == 403, (who, path)
        assert client.post(f"/api/v1/tax/assessments/{assessment['assessment_id']}/adjust", json=adjustment(),
                           headers=people[who]).status_code == 403
    assert client.get("/api/v1/tax/assessments").status_code == 401


def test_admin_reads_the_desk_and_finance_but_only_an_officer_adjusts(client, people, officers):
    _, assessment = file_assessed_case(client, people)
    admin = people["admin"]
    assert len(client.get("/api/v1/tax/assessments", headers=admin).json["assessments"]) == 1
    assert client.get("/api/v1/finance/reconciliation", headers=admin).status_code == 200
    assert client.post(f"/api/v1/tax/assessments/{assessment['assessment_id']}/adjust", json=adjustment(),
                       headers=admin).status_code == 403


# -- confirm and adjust ----------------------------------------------------------------------------
def test_officer_confirms_an_assessment_once(client, people, officers, platform):
    _, assessment = file_assessed_case(client, people)
    url = f"/api/v1/tax/assessments/{assessment['assessment_id']}/confirm"
    confirmed = client.post(url, headers=officers["taxman"])
    assert confirmed.status_code == 200 and confirmed.json["status"] == "confirmed"
    before = taxation_head(platform)
    again = client.post(url, headers=officers["taxman"])
    assert again.status_code == 200 and again.json["status"] == "confirmed"
    assert taxation_head(platform) == before, "confirming again records nothing"


def test_adjusting_without_a_reason_is_refused_with_422_and_the_stores_are_unchanged(client, people, officers,
                                                                                    platform, head):
    case_id, assessment = file_assessed_case(client, people)
    url = f"/api/v1/tax/assessments/{assessment['assessment_id']}/adjust"
    before, tax_before = head(), taxation_head(platform)
    body = adjustment()
    del body["reason"]
    missing = client.post(url, json=body, headers=officers["taxman"])
    assert missing.status_code == 422
    assert missing.json["code"] == "invalid_input" and "reason" in missing.json["errors"]
    blank = client.post(url, json=adjustment(reason="   "), headers=officers["taxman"])
    assert blank.status_code == 422 and "reason" in blank.json["errors"]
    assert head() == before and taxation_head(platform) == tax_before
    assert case_of(client, people, case_id)["assessment"]["adjustments"] == []
    assert case_of(client, people, case_id)["order"]["total"] == "20080.00"


@pytest.mark.parametrize("body, field", [
    (adjustment(amount="15000.001"), "amount"),
    (adjustment(amount="-1.00"), "amount"),
    (adjustment(code="window_tax"), "code"),
    ({k: v for k, v in adjustment().items() if k != "payer"}, "payer"),
    ({**adjustment(), "approved": True}, "approved"),  # unknown fields are refused
])
def test_the_adjustment_schema_is_the_gate(client, people, officers, platform, body, field):
    _, assessment = file_assessed_case(client, people)
    before = taxation_head(platform)
    refused = client.post(f"/api/v1/tax/assessments/{assessment['assessment_id']}/adjust", json=body,
                          headers=officers["taxman"])
    assert refused.status_code == 422 and field in refused.json["errors"], refused.json
    assert taxation_head(platform) == before


def test_adjusting_the_deed_tax_with_a_reason_revises_the_order_and_the_buyer_sees_why(client, people, officers):
    case_id, assessment = file_assessed_case(client, people)
    adjusted = client.post(f"/api/v1/tax/assessments/{assessment['assessment_id']}/adjust",
                           json=adjustment(amount="15000.00"), headers=officers["taxman"])
    assert adjusted.status_code == 200, adjusted.json
    assert adjusted.json["status"] == "adjusted" and adjusted.json["total"] == "15080.00"
    [record] = adjusted.json["adjustments"]
    assert (record["code"], record["payer"], record["old"], record["new"], record["reason"], record["by"]) == \
        ("deed_tax", "buyer", "20000.00", "15000.00", REASON, "taxman")

    assert eventually(lambda: case_of(client, people, case_id)["order"]["total"] == "15080.00"), \
        "the unpaid combined order is revised to the adjusted assessment"
    buyers_case = case_of(client, people, case_id)
    assert [(a["code"], a["reason"]) for a in buyers_case["assessment"]["adjustments"]] == [("deed_tax", REASON)]
    deed_tax = next(x for x in buyers_case["order"]["lines"] if x["code"] == "deed_tax")
    assert deed_tax["amount"] == "15000.00"
    sellers_case = eventually(lambda: case_of(client, people, case_id, who="zhangwei"))
    # the buyer's deed tax is the buyer's business: the seller's assessment shows neither its line nor its change
    assert sellers_case["assessment"]["adjustments"] == []
    assert "deed_tax" not in {x["code"] for x in sellers_case["assessment"]["lines"]}
    # the seller owes nothing on this sale: no part is his
    assert sellers_case["order"]["my_part"] is None
    assert [p["payer"] for p in sellers_case["order"]["parts"]] == ["buyer"]


def test_adjusting_stamp_duty_changes_only_the_named_payers_line(client, people, officers):
    case_id, assessment = file_assessed_case(client, people)
    adjusted = client.post(f"/api/v1/tax/assessments/{assessment['assessment_id']}/adjust",
                           json=adjustment(code="stamp_duty", payer="seller", amount="1000.00"),
                           headers=officers["taxman"])
    assert adjusted.status_code == 200, adjusted.json
    assert line(adjusted.json, "stamp_duty", "seller")["amount"] == "1000.00"
    assert line(adjusted.json, "stamp_duty", "buyer")["amount"] == "0.00"
    assert adjusted.json["adjustments"][0]["payer"] == "seller"
    order = eventually(lambda: (o := case_of(client, people, case_id)["order"])["total"] == "21080.00" and o)
    assert order, "the order is revised"
    assert [(x["code"], x["payer"], x["amount"]) for x in order["lines"] if x["code"] == "stamp_duty"] == \
        [("stamp_duty", "seller", "1000.00")]


def test_after_paying_the_assessment_itself_refuses_adjustment(app, client, people, officers, platform):
    from registry.taxation.app import adjust_assessment
    from registry.taxation.assessment import AssessmentClosed
    case_id, assessment = file_assessed_case(client, people)
    pay_and_clear(app, client, people, case_id)
    taxman = platform.accounts.user("taxman").actor
    closed = eventually(lambda: platform.taxation.repository.get(UUID(assessment["assessment_id"])).paid)
    assert closed, "the Taxation application learnt of the payment"
    with pytest.raises(AssessmentClosed):
        adjust_assessment(platform.taxation, taxman, UUID(assessment["assessment_id"]), lambda _: True,
                          code="deed_tax", payer="buyer", amount=Decimal("1.00"), reason="迟到的调整")


def test_after_paying_an_adjustment_is_refused_with_409(app, client, people, officers, platform):
    case_id, assessment = file_assessed_case(client, people)
    pay_and_clear(app, client, people, case_id)
    before = taxation_head(platform)
    refused = client.post(f"/api/v1/tax/assessments/{assessment['assessment_id']}/adjust", json=adjustment(),
                          headers=officers["taxman"])
    assert refused.status_code == 409
    assert refused.json["code"] == "assessment_closed"
    assert "cleared" in refused.json["message"] and "refund" in refused.json["message"]
    assert taxation_head(platform) == before
    assert case_of(client, people, case_id)["order"]["total"] == "20080.00"


# -- finance ---------------------------------------------------------------------------------------
def test_the_ledger_of_the_day_balances_after_a_payment(app, client, people, officers):
    case_id, _ = file_assessed_case(client, people)
    assert client.get(f"/api/v1/finance/ledger?day={DAY}", headers=officers["taxman"]).json["postings"] == []
    order = pay_and_clear(app, client, people, case_id)
    ledger = client.get(f"/api/v1/finance/ledger?day={DAY}", headers=officers["taxman"])
    assert ledger.status_code == 200
    postings = ledger.json["postings"]
    debits = sum(Decimal(p["amount"]) for p in postings if p["side"] == "debit")
    credits = sum(Decimal(p["amount"]) for p in postings if p["side"] == "credit")
    assert debits == credits == Decimal(order["total"])
    assert (ledger.json["debits"], ledger.json["credits"], ledger.json["balanced"]) == ("20080.00", "20080.00", True)
    assert {p["account"] for p in postings} == {"gateway_settlement", "treasury:deed_tax", "registry_fees"}
    assert client.get("/api/v1/finance/ledger", headers=officers["taxman"]).json["day"] == DAY, "today by default"
    assert client.get(f"/api/v1/finance/ledger?day={DAY}", headers=officers["xm-taxman"]).json["postings"] == []
    assert client.get("/api/v1/finance/ledger?day=16.03.2026", headers=officers["taxman"]).status_code == 422


def test_reconciliation_shows_the_day_balanced_with_settlements_equal_to_treasury_plus_fees_and_the_order_total(
        app, client, people, officers):
    case_id, _ = file_assessed_case(client, people)
    order = pay_and_clear(app, client, people, case_id)
    report = client.get(f"/api/v1/finance/reconciliation?from={DAY}&to={DAY}", headers=officers["taxman"])
    assert report.status_code == 200
    [day] = report.json["days"]
    assert day["day"] == DAY and day["balanced"] is True and day["mismatch"] == "0.00"
    assert Decimal(day["settlements"]) == Decimal(day["treasury"]) + Decimal(day["fees"]) == Decimal(order["total"])
    assert day["by_tax"] == {"deed_tax": "20000.00"} and day["fees"] == "80.00"
    assert report.json["balanced"] is True


def test_reconciliation_csv_has_the_header_and_one_row_per_day(app, client, people, officers, clock):
    first, _ = file_assessed_case(client, people)
    pay_and_clear(app, client, people, first)
    clock.advance(days=1)
    second, _ = file_assessed_case(client, people, TAIJIANG_FLAT, contract_number="FZ2026-000124")
    pay_and_clear(app, client, people, second)

    download = client.get("/api/v1/finance/reconciliation?from=2026-03-15&to=2026-03-17&format=csv",
                          headers=officers["taxman"])
    assert download.status_code == 200
    assert download.mimetype == "text/csv"
    assert "attachment" in download.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(text(download))))
    assert rows[0][:6] == ["day", "settlements", "treasury", "fees", "mismatch", "balanced"]
    assert {"deed_tax", "vat", "stamp_duty"} <= set(rows[0][6:]), "one column per tax code"
    assert [row[0] for row in rows[1:]] == ["2026-03-16", "2026-03-17"]
    assert all(row[5] == "true" and len(row) == len(rows[0]) for row in rows[1:])


def test_reconciliation_refuses_a_range_that_runs_backwards(client, people, officers):
    refused = client.get("/api/v1/finance/reconciliation?from=2026-03-16&to=2026-03-01", headers=officers["taxman"])
    assert refused.status_code == 422 and "to" in refused.json["errors"]
    assert client.get("/api/v1/finance/reconciliation?format=xls", headers=officers["taxman"]).status_code == 422


def test_flags_are_for_finance_staff(client, people, officers):
    assert client.get("/api/v1/finance/flags", headers=officers["taxman"]).json["flags"] == []
    assert client.get("/api/v1/finance/flags", headers=people["zhangwei"]).status_code == 403


# -- the officer's pages ---------------------------------------------------------------------------
def test_officer_pages_render_the_queue_the_assessment_the_ledger_and_the_reconciliation_chart(
        app, client, people, officers):
    case_id, assessment = file_assessed_case(client, people)
    pay_and_clear(app, client, people, case_id)
    login(client, "taxman")
    home = client.get("/")
    assert home.status_code == 302 and home.headers["Location"].endswith("/tax/assessments")

    queue = text(client.get("/tax/assessments"))
    assert 'data-test="tax-queue-row"' in queue and assessment["unit_number"] in queue and "李娜" in queue
    assert "¥20,080.00" in queue and 'data-test="nav-reconciliation"' in queue

    page = client.get(f"/tax/assessments/{assessment['assessment_id']}")
    assert page.status_code == 200
    html = text(page)
    for needle in ("契税", "印花税", "¥2,000,000.00", "1%", "deed_tax.first_home", "财政部 税务总局",
                   'data-test="tax-facts"', 'data-test="confirm"'):
        assert needle in html, needle
    assert 'data-test="adjust-form"' not in html and 'data-test="not-adjustable"' in html, "the order is paid"

    ledger = text(client.get(f"/finance/ledger?day={DAY}"))
    assert ledger.count('data-test="posting"') == 3 and 'data-test="ledger-balanced"' in ledger
    assert re.search(r'data-test="total-debits">¥20,080.00<', ledger)
    assert re.search(r'data-test="total-credits">¥20,080.00<', ledger)

    reconciliation = client.get(f"/finance/reconciliation?from={DAY}&to={DAY}")
    html = text(reconciliation)
    assert reconciliation.status_code == 200
    assert "<svg" in html and "契税" in html and "¥20,000.00" in html and 'data-balanced="true"' in html
    assert 'data-test="csv-link"' in html
    csv_link = re.search(r'href="([^"]+)" data-test="csv-link"', html).group(1).replace("&amp;", "&")
    download = client.get(csv_link)
    assert download.mimetype == "text/csv" and text(download).splitlines()[1].startswith(f"{DAY},20080.00,")

    assert client.get("/finance/flags").status_code == 200
    english = text(client.get("/finance/reconciliation?lang=en"))
    assert "Daily reconciliation" in english and "Deed tax" in english
    for path in ("/tax/assessments", f"/tax/assessments/{assessment['assessment_id']}", "/finance/ledger",
                 "/finance/reconciliation", "/finance/flags"):
        served = client.get(path)
        assert "style=" not in text(served) and "<script" not in text(served), path
        assert "script-src 'self'" in served.headers["Content-Security-Policy"]


def test_officer_confirms_and_adjusts_from_the_assessment_page(app, client, people, officers):
    case_id, assessment = file_assessed_case(client, people)
    login(client, "taxman")
    path = f"/tax/assessments/{assessment['assessment_id']}"

    confirmed = client.post(f"{path}/confirm", data={"csrf_token": csrf(client, path)})
    assert confirmed.status_code == 303
    assert 'data-state="confirmed"' in text(client.get(path))

    no_reason = client.post(f"{path}/adjust", data={"csrf_token": csrf(client, path), "line": "deed_tax:buyer",
                                                    "amount": "15000.00", "reason": ""})
    assert no_reason.status_code == 422
    assert 'data-test="error-reason"' in text(no_reason) and 'value="15000.00"' in text(no_reason)
    bad = client.post(f"{path}/adjust", data={"csrf_token": csrf(client, path), "line": "",
                                              "amount": "十五", "reason": REASON})
    assert bad.status_code == 422
    assert 'data-test="error-line"' in text(bad) and 'data-test="error-amount"' in text(bad)

    adjusted = client.post(f"{path}/adjust", data={"csrf_token": csrf(client, path), "line": "deed_tax:buyer",
                                                   "amount": "15,000.00", "reason": REASON})
    assert adjusted.status_code == 303
    page = text(client.get(path))
    assert REASON in page and 'data-state="adjusted"' in page and "¥15,080.00" in page
    assert eventually(lambda: case_of(client, people, case_id)["order"]["total"] == "15080.00")
    buyer_page = app.test_client()
    login(buyer_page, "lina")
    assert REASON in text(buyer_page.get(f"/applicant/cases/{case_id}")), "the buyer's case page shows why"

    token = csrf(client, path)
    pay_and_clear(app, client, people, case_id)
    late = client.post(f"{path}/adjust", data={"csrf_token": token, "line": "deed_tax:buyer",
                                               "amount": "10000.00", "reason": REASON})
    assert late.status_code == 409
    assert 'data-code="assessment_closed"' in text(late) and "退款" in text(late)


def test_applicant_gets_403_on_the_officer_pages(client, people, officers):
    _, assessment = file_assessed_case(client, people)
    login(client, "lina")
    for path in ("/tax/assessments", f"/tax/assessments/{assessment['assessment_id']}", f"/finance/ledger?day={DAY}",
                 "/finance/reconciliation", "/finance/reconciliation.csv", "/finance/flags"):
        assert client.get(path).status_code == 403, path
