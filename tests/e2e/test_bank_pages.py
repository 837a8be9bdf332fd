"""The mortgage pages through the Flask test client, on both stores: ICBC's staff file the 合同信息申报表,
Zhang Wei confirms from his own account, the registrar decides what the rules queued, and every page
keeps to its own bank, person or registry."""

from __future__ import annotations

import re
from uuid import UUID

import pytest

from projections import bank_queries
from registry.kernel.actors import Actor, Role
from registry.mortgages import commands
from registry.register_book import commands as units
from registry.register_book.objections import register_objection
from tests.builders import CCB, GULOU_FLAT, ICBC, ZHANG_WEI, mortgage_kwargs, unit_kwargs
from tests.e2e.conftest import PASSWORD
from tests.e2e.test_pages import csrf, login, text

REGISTRAR = Actor(user_id="registrar", role=Role.REGISTRAR, org="fz-registry")
ICBC_STAFF = Actor(user_id="icbc", role=Role.BANK_STAFF, org=ICBC)
ZHANG_WEI_ACCOUNT = Actor(user_id="zhangwei", role=Role.APPLICANT, id_number=ZHANG_WEI.id_number)
FILING_PAGE = re.compile(r"/bank/filings/([0-9a-f-]{36})$")


@pytest.fixture
def banks(platform, people, clock):
    """ICBC and CCB, accredited at the Fuzhou office, one member of staff each; Zhang Wei's Gulou flat."""
    accounts, now = platform.accounts, clock.now()
    for org, name in ((ICBC, "中国工商银行福州分行"), (CCB, "中国建设银行福州分行")):
        accounts.add_org(org, "bank", name, now=now)
        platform.banks.accredit(org, "fz-registry", now)
    accounts.add_user("icbc", Role.BANK_STAFF, org=ICBC, display_name="周柜员", password=PASSWORD, now=now)
    accounts.add_user("ccb", Role.BANK_STAFF, org=CCB, display_name="吴柜员", password=PASSWORD, now=now)
    platform.wait_for(units.register_unit(platform.registry, REGISTRAR, **unit_kwargs()))
    return people


def filing_form(**overrides) -> dict:
    """The 合同信息申报表 as ICBC fills it for Zhang Wei's 1,000,000.00 housing loan on his flat."""
    form = {"kind": "first", "bank_reference": "ICBC-2026-0001", "units": GULOU_FLAT,
            "mortgagors-0-name": ZHANG_WEI.name, "mortgagors-0-id_number": ZHANG_WEI.id_number,
            "method": "1", "secured_amount": "1,000,000.00", "currency": "CNY", "loan_type": "commercial",
            "performance_start": "2026-03-16", "performance_end": "2056-03-15", "rank": "1",
            "guarantee_scope": "主债权及利息、违约金、损害赔偿金和实现抵押权的费用",
            "contract_numbers": "ICBC-FZ-2026-0001\nICBC-DY-2026-0001"}
    form.update(overrides)
    return form


def post_filing(client, **overrides):
    return client.post("/bank/filings/new", data={**filing_form(**overrides),
                                                  "csrf_token": csrf(client, "/bank/filings/new")})


def file_directly(platform, reference: str = "ICBC-2026-0001") -> str:
    receipt = commands.file_mortgage(platform.registry, ICBC_STAFF, **mortgage_kwargs(reference))
    platform.wait_for(receipt)
    return str(receipt.id)


def confirmed_by_zhang_wei(platform, filing_id: str) -> None:
    platform.wait_for(commands.consent_to_filing(platform.registry, ZHANG_WEI_ACCOUNT, UUID(filing_id)))


def test_bank_staff_files_the_form_and_lands_on_the_filing_awaiting_consent(client, banks, platform):
    assert login(client, "icbc").status_code == 302
    home = client.get("/")
    assert home.status_code == 302 and home.headers["Location"].endswith("/bank/filings")  # their desk
    desk = text(client.get("/bank/filings"))
    assert "/bank/filings/new" in desk and "新建抵押登记" in desk

    filed = post_filing(client)
    assert filed.status_code == 303, text(filed)
    filing_id = FILING_PAGE.search(filed.headers["Location"]).group(1)
    page = text(client.get(filed.headers["Location"]))
    assert "抵押登记申请已提交：待抵押人确认" in page
    assert 'data-state="awaiting_consent"' in page and "ICBC-2026-0001" in page
    assert "¥80.00" in page and "¥1,000,000.00" in page and "ICBC-FZ-2026-0001、ICBC-DY-2026-0001" in page
    assert "张伟" in page and 'data-consent="awaiting"' in page

    listed = text(client.get("/bank/filings"))
    assert f"/bank/filings/{filing_id}" in listed and "待抵押人确认" in listed
    stored = bank_queries.filing(platform.views, ICBC_STAFF, filing_id)
    assert stored["terms"]["secured_amount"] == "1000000.00" and stored["rank"] == 1


def test_a_bad_amount_marks_the_field_and_stores_nothing(client, banks, head):
    assert login(client, "icbc").status_code == 302
    before = head()
    for amount, message in (("-5", "必须大于 0"), ("12.345", "最多两位小数"), ("一百万", "请以元为单位填写数字")):
        refused = post_filing(client, secured_amount=amount)
        assert refused.status_code == 422
        page = text(refused)
        assert 'data-test="error-secured_amount"' in page and message in page
        assert f'value="{amount}"' in page and "ICBC-2026-0001" in page, "what the bank typed is kept"
    assert head() == before


def test_the_form_marks_every_field_the_kind_needs_or_does_not_take(client, banks, head):
    assert login(client, "icbc").status_code == 302
    before = head()
    maximum = post_filing(client, method="2")
    page = text(maximum)
    assert maximum.status_code == 422
    for field in ("maximum_amount", "claim_start", "claim_end"):
        assert f'data-test="error-{field}">必填<' in page, field
    assert 'data-test="error-secured_amount">最高额抵押不填写此项<' in page

    discharge = text(post_filing(client, kind="discharge"))
    assert 'data-test="error-proof_numbers">必填<' in discharge
    assert 'data-test="error-mortgagors">此类登记由登记簿上的权利人确认，无需填写抵押人<' in discharge
    assert 'data-test="error-rank"' not in discharge, "the rank the page fills in is not held against a discharge"

    second_line = text(post_filing(client, units=f"{GULOU_FLAT}\nNOT-A-UNIT"))
    assert "第 2 行：不动产单元号应为 28 位" in second_line
    assert head() == before


def test_a_reference_used_twice_is_refused_by_the_domain_next_to_its_field(client, banks, platform, head):
    file_directly(platform)
    assert login(client, "icbc").status_code == 302
    before = head()
    refused = post_filing(client)
    assert refused.status_code == 409
    page = text(refused)
    assert 'data-test="error-bank_reference"' in page and "filing_already_exists" in page
    assert head() == before


def test_the_owner_confirms_from_his_page_and_the_filing_is_registered_by_rule(client, banks, platform):
    filing_id = file_directly(platform)
    assert login(client, "zhangwei").status_code == 302
    waiting = text(client.get("/applicant/mortgages"))
    assert f"/applicant/mortgages/{filing_id}" in waiting and "中国工商银行福州分行" in waiting
    assert 'data-test="consents-waiting">1<' in waiting
    page = text(client.get(f"/applicant/mortgages/{filing_id}"))
    assert 'data-test="confirm"' in page and "¥1,000,000.00" in page

    confirmed = client.post(f"/applicant/mortgages/{filing_id}/consent",
                            data={"csrf_token": csrf(client, f"/applicant/mortgages/{filing_id}")})
    assert confirmed.status_code == 303
    after = text(client.get(confirmed.headers["Location"]))
    assert "您已确认。当前状态：已登记" in after and 'data-state="registered"' in after
    assert 'data-test="confirm"' not in after and "闽(2026)福州市不动产证明第" in after

    client.post("/logout", data={"csrf_token": csrf(client, "/applicant/mortgages")})
    assert login(client, "icbc").status_code == 302
    bank_page = text(client.get(f"/bank/filings/{filing_id}"))
    assert 'data-state="registered"' in bank_page and "规则自动核准（秒批）" in bank_page
    assert bank_page.count('data-verdict="pass"') == 8
    mortgages = text(client.get("/bank/mortgages"))
    assert GULOU_FLAT in mortgages and "¥1,000,000.00" in mortgages


def test_the_owner_declines_and_the_bank_sees_it(client, banks, platform, head):
    filing_id = file_directly(platform)
    assert login(client, "zhangwei").status_code == 302
    declined = client.post(f"/applicant/mortgages/{filing_id}/decline",
                           data={"reason": "贷款尚未谈妥",
                                 "csrf_token": csrf(client, f"/applicant/mortgages/{filing_id}")})
    assert declined.status_code == 303
    assert 'data-state="declined"' in text(client.get(declined.headers["Location"]))
    before = head()
    again = client.post(f"/applicant/mortgages/{filing_id}/consent",
                        data={"csrf_token": csrf(client, f"/applicant/mortgages/{filing_id}")})
    assert again.status_code == 409 and "filing_not_pending" in text(again)
    assert head() == before


def test_someone_else_cannot_open_or_confirm_the_owners_filing(client, banks, platform, head):
    filing_id = file_directly(platform)
    assert login(client, "lina").status_code == 302
    assert client.get(f"/applicant/mortgages/{filing_id}").status_code == 404
    before = head()
    refused = client.post(f"/applicant/mortgages/{filing_id}/consent",
                          data={"csrf_token": csrf(client, "/applicant/mortgages")})
    assert refused.status_code == 404
    assert head() == before


def test_another_banks_staff_cannot_open_the_filing(client, banks, platform):
    filing_id = file_directly(platform)
    assert login(client, "ccb").status_code == 302
    assert client.get(f"/bank/filings/{filing_id}").status_code == 404
    assert filing_id not in text(client.get("/bank/filings"))
    assert client.get("/bank/filings/new").status_code == 200


def test_a_debt_assigned_to_another_bank_is_confirmed_by_that_bank_from_its_page(client, banks, platform):
    first = file_directly(platform)
    confirmed_by_zhang_wei(platform, first)
    proof = bank_queries.filing(platform.views, ICBC_STAFF, first)["proof_numbers"][0]
    assert login(client, "icbc").status_code == 302
    transfer = {"kind": "transfer", "bank_reference": "ICBC-2026-0002", "units": GULOU_FLAT, "proof_numbers": proof,
                "assignee": CCB, "method": "1", "loan_type": "commercial", "currency": "CNY", "rank": "1",
                "guarantee_scope": "主债权及利息", "csrf_token": csrf(client, "/bank/filings/new")}
    filed = client.post("/bank/filings/new", data=transfer)
    assert filed.status_code == 303, text(filed)
    filing_id = FILING_PAGE.search(filed.headers["Location"]).group(1)
    assert 'data-test="confirm"' not in text(client.get(filed.headers["Location"])), "the filer does not confirm"
    client.post("/logout", data={"csrf_token": csrf(client, "/bank/filings")})

    assert login(client, "ccb").status_code == 302
    page = text(client.get(f"/bank/filings/{filing_id}"))
    assert re.search(r'data-consent="awaiting">\s*<b>中国建设银行福州分行</b>', page) and 'data-test="confirm"' in page
    assert "ICBC-2026-0002" not in page and "None" not in page, "the other bank's own reference stays with it"
    confirmed = client.post(f"/bank/filings/{filing_id}/consent",
                            data={"csrf_token": csrf(client, f"/bank/filings/{filing_id}")})
    assert confirmed.status_code == 303
    assert "本行已确认。当前状态：已登记" in text(client.get(confirmed.headers["Location"]))
    mortgages = text(client.get("/bank/mortgages"))
    assert GULOU_FLAT in mortgages and 'data-test="rank">1<' in mortgages


def test_bank_pages_are_for_bank_staff_only(client, banks):
    assert login(client, "zhangwei").status_code == 302
    for path in ("/bank/filings", "/bank/filings/new", "/bank/mortgages", "/bank/statement", "/registrar/mortgages"):
        assert client.get(path).status_code == 403, path


def test_the_registrar_sees_the_queued_filing_with_its_reason_and_approves_it(client, banks, platform, head):
    platform.wait_for(register_objection(platform.registry, REGISTRAR, unit_number=GULOU_FLAT,
                                         reference="(2026)榕异字第12号", applicant="王芳", reason="主张系夫妻共同财产"))
    filing_id = file_directly(platform)
    confirmed_by_zhang_wei(platform, filing_id)
    assert login(client, "registrar").status_code == 302
    queue = text(client.get("/registrar/mortgages"))
    assert f"/registrar/mortgages/{filing_id}" in queue and "中国工商银行福州分行" in queue
    assert "无异议登记" in queue and "(2026)榕异字第12号" in queue

    page = text(client.get(f"/registrar/mortgages/{filing_id}"))
    assert 'data-verdict="warn"' in page and 'data-test="approve"' in page
    token = csrf(client, f"/registrar/mortgages/{filing_id}")
    before = head()
    no_reason = client.post(f"/registrar/mortgages/{filing_id}/reject", data={"reason": "", "csrf_token": token})
    assert no_reason.status_code == 422 and 'data-test="error-reason"' in text(no_reason)
    assert head() == before

    approved = client.post(f"/registrar/mortgages/{filing_id}/approve", data={"csrf_token": token})
    assert approved.status_code == 303
    after = text(client.get(approved.headers["Location"]))
    assert "已核准登记，不动产登记证明号：闽(2026)福州市不动产证明第" in after and 'data-state="registered"' in after
    assert "当前没有待审的抵押登记" in text(client.get("/registrar/mortgages"))

    before = head()
    again = client.post(f"/registrar/mortgages/{filing_id}/approve", data={"csrf_token": token})
    assert again.status_code == 409 and "filing_not_pending" in text(again)
    assert head() == before


def test_another_registry_does_not_see_the_queued_filing(client, banks, platform):
    filing_id = file_directly(platform)
    assert login(client, "xm-registrar").status_code == 302
    assert client.get(f"/registrar/mortgages/{filing_id}").status_code == 404


def test_the_monthly_statement_charges_the_registered_filing(client, banks, platform):
    filing_id = file_directly(platform)
    confirmed_by_zhang_wei(platform, filing_id)
    assert login(client, "icbc").status_code == 302
    statement = text(client.get("/bank/statement?month=2026-03"))
    assert f"/bank/filings/{filing_id}" in statement
    assert 'data-test="statement-total">¥80.00<' in statement
    assert 'data-test="no-statement"' in text(client.get("/bank/statement?month=2026-04"))
    assert client.get("/bank/statement?month=March").status_code == 422
    notices = text(client.get("/bank/notifications"))
    assert 'data-kind="filing_registered"' in notices


def test_the_bank_desk_reads_in_english(client, banks, platform):
    filing_id = file_directly(platform)
    assert login(client, "icbc").status_code == 302
    listed = text(client.get("/bank/filings?lang=en"))
    assert "My mortgage filings" in listed and "Awaiting the mortgagors&#39; confirmation" in listed
    page = text(client.get(f"/bank/filings/{filing_id}"))
    assert "Mortgage: first registration" in page and "The rules run once every party has confirmed." in page
    form = text(client.get("/bank/filings/new"))
    assert "Contract declaration (new mortgage filing)" in form and "General mortgage" in form
