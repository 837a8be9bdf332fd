"""Real headless Chromium against the app served by waitress: ICBC's staff fill the 合同信息申报表 for a
housing loan on Zhang Wei's flat, Zhang Wei confirms from his own account, and the bank sees the filing
registered by rule with its proof number and the signed e-proof to download."""

from __future__ import annotations

import os
import re

import pytest

from registry.kernel.actors import Role
from tests.builders import GULOU_FLAT, ICBC, ZHANG_WEI
from tests.e2e.browser import chromium, live_server, log_in, page, reload_until_visible  # noqa: F401
from tests.e2e.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.timeout(90)]

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - the package is a test dependency
    if os.environ.get("CI") == "true":
        raise
    pytest.skip("the playwright package is not installed", allow_module_level=True)

PROOF_NUMBER = "闽(2026)福州市不动产证明第0000001号"


@pytest.fixture
def icbc(live_server):  # noqa: F811 (fixtures from tests.e2e.browser)
    """ICBC's Fuzhou branch, accredited at the Fuzhou office, with one member of loan staff."""
    accounts, now = live_server.platform.accounts, live_server.clock.now()
    accounts.add_org(ICBC, "bank", "中国工商银行福州分行", now=now)
    live_server.platform.banks.accredit(ICBC, "fz-registry", now)
    accounts.add_user("icbc", Role.BANK_STAFF, org=ICBC, display_name="周柜员", password=PASSWORD, now=now)
    return "icbc"


def log_out(tab) -> None:
    tab.click("header form.inline button")
    expect(tab).to_have_url(re.compile(r"/login$"))


def test_bank_staff_files_the_owner_confirms_and_the_bank_gets_the_proof(page, live_server, icbc,  # noqa: F811
                                                                         tmp_path):
    log_in(page, icbc)
    expect(page).to_have_url(re.compile(r"/bank/filings$"))  # bank staff land on their filings
    page.click('[data-test="nav-new-mortgage"]')
    expect(page.locator("h1")).to_contain_text("合同信息申报表")

    form = page.locator('[data-test="mortgage-form"]')
    form.locator('select[name="kind"]').select_option("first")
    page.fill('input[name="bank_reference"]', "ICBC-2026-0001")
    page.fill('textarea[name="units"]', GULOU_FLAT)
    page.fill('input[name="mortgagors-0-name"]', ZHANG_WEI.name)
    page.fill('input[name="mortgagors-0-id_number"]', ZHANG_WEI.id_number)
    form.locator('select[name="method"]').select_option("1")
    page.fill('input[name="secured_amount"]', "1000000.00")
    page.fill('input[name="performance_start"]', "2026-03-16")
    page.fill('input[name="performance_end"]', "2056-03-15")
    expect(page.locator('input[name="rank"]')).to_have_value("1")
    page.fill('textarea[name="contract_numbers"]', "ICBC-FZ-2026-0001")
    page.check('[data-test="transfer-restricted"]')
    page.screenshot(path=str(tmp_path / "1-bank-contract-declaration.png"), full_page=True)
    page.click('[data-test="submit-filing"]')

    expect(page).to_have_url(re.compile(r"/bank/filings/[0-9a-f-]{36}$"))
    filing_url = page.url
    expect(page.locator(".flash")).to_contain_text("待抵押人确认")
    expect(page.locator('h1 [data-test="filing-state"]')).to_have_text("待抵押人确认")
    expect(page.locator('[data-test="filing-fee"]')).to_have_text("¥80.00")
    expect(page.locator('[data-test="consent"]')).to_have_attribute("data-consent", "awaiting")
    expect(page.locator('[data-test="transfer-restricted"]')).to_be_visible()
    log_out(page)

    log_in(page, "zhangwei")
    expect(page.locator('[data-test="consents-waiting"]')).to_have_text("1")
    page.click('[data-test="nav-my-mortgages"]')
    row = page.locator('[data-test="waiting-row"]')
    expect(row).to_contain_text("中国工商银行福州分行")
    expect(row).to_contain_text("¥1,000,000.00")
    row.locator('[data-test="open-filing"]').click()
    page.screenshot(path=str(tmp_path / "2-owner-confirms.png"), full_page=True)
    page.click('[data-test="confirm"]')
    expect(page.locator(".flash")).to_contain_text("已登记")
    expect(page.locator('[data-test="consent-done"]')).to_be_visible()
    log_out(page)

    log_in(page, icbc)
    page.goto(filing_url)
    expect(page.locator('h1 [data-test="filing-state"]')).to_have_text("已登记")
    expect(page.locator('[data-test="proof-number"]')).to_have_text(PROOF_NUMBER)
    expect(page.locator('[data-test="registered-by"]')).to_have_text("规则自动核准（秒批）")
    expect(page.locator('[data-test="check"][data-verdict="pass"]')).to_have_count(8)
    # the signed e-proof comes from the issuer loop a moment after the registration
    download = page.locator('[data-test="download-proof"]')
    reload_until_visible(page, download)
    expect(download).to_contain_text(PROOF_NUMBER)
    pdf = page.request.get(download.get_attribute("href"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    page.screenshot(path=str(tmp_path / "3-bank-registered-with-proof.png"), full_page=True)

    page.click('[data-test="nav-bank-mortgages"]')
    mortgage = page.locator('[data-test="mortgage-row"]')
    expect(mortgage).to_have_count(1)
    expect(mortgage.locator('[data-test="proof-number"]')).to_have_text(PROOF_NUMBER)
    expect(mortgage.locator('[data-test="rank"]')).to_have_text("1")
