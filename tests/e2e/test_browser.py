"""Real headless Chromium against the app served by waitress: the applicant files through the form,
the registrar approves and reads the register book, and the language switch. One screenshot each."""

from __future__ import annotations

import os
import re
from uuid import UUID

import pytest

from registry.transfers import commands as transfers
from tests.builders import GULOU_FLAT, LI_NA, ZHANG_WEI, transfer_kwargs
from tests.e2e.browser import chromium, live_server, log_in, page, reload_until_visible  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.timeout(60)]

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - the package is a test dependency
    if os.environ.get("CI") == "true":
        raise
    pytest.skip("the playwright package is not installed", allow_module_level=True)


def test_applicant_files_pays_once_and_follows_the_case_to_approval(page, live_server, tmp_path):  # noqa: F811 (fixtures from tests.e2e.browser)
    log_in(page, "lina")
    expect(page).to_have_url("/applicant/cases")
    expect(page.locator('[data-test="no-cases"]')).to_be_visible()
    page.click('[data-test="nav-new-transfer"]')
    # the kind first: a home sold between people; the form then shows its sections only
    expect(page.locator('[data-test="kind-gift"] [data-test="counter-only"]')).to_be_visible()
    page.click('[data-test="choose-resale_residential"]')
    expect(page.locator('[data-test="form-kind"]')).to_have_text("二手房买卖（住宅）")
    expect(page.locator('[data-test="family-section"]')).to_be_visible()

    page.fill('input[name="unit_number"]', GULOU_FLAT)
    page.fill('input[name="price"]', "2000000.00")
    page.fill('input[name="contract_number"]', "FZ2026-000123")
    page.fill('input[name="contract_date"]', "2026-03-10")
    page.fill('input[name="sellers-0-name"]', ZHANG_WEI.name)
    page.fill('input[name="sellers-0-id_number"]', ZHANG_WEI.id_number)
    page.fill('input[name="buyers-0-name"]', LI_NA.name)
    page.fill('input[name="buyers-0-id_number"]', LI_NA.id_number)
    page.fill('input[name="buyers-0-share"]', "1")
    page.click('[data-test="submit-transfer"]')

    expect(page.locator(".flash")).to_contain_text("申请已提交")
    expect(page.locator('[data-test="certificate-number"]')).to_have_count(0)
    # the tax assessment and the one combined order arrive from the Taxation and Payments applications
    reload_until_visible(page, page.locator('[data-test="pay"]'))
    expect(page.locator('[data-test="order-total"]')).to_have_text("¥20,080.00")
    page.screenshot(path=str(tmp_path / "1-applicant-what-to-pay.png"), full_page=True)
    page.click('[data-test="pay"]')
    expect(page).to_have_url(re.compile(r"/sandbox-gateway/pay/"))  # the provider's hosted page
    expect(page.locator("body")).to_contain_text("20080.00")
    page.click('[data-test="sandbox-pay"]')
    expect(page).to_have_url(re.compile(r"/applicant/cases/[0-9a-f-]+"))  # back on the platform
    reload_until_visible(page, page.locator('[data-test="receipt"]'))
    expect(page.locator('[data-test="order-state"]')).to_have_attribute("data-state", "cleared")
    page.click('[data-test="nav-my-cases"]')
    row = page.locator('[data-test="case-row"]')
    expect(row).to_have_count(1)
    expect(row).to_contain_text("福州市鼓楼区五四路88号")
    reload_until_visible(page, row.locator('[data-state="pending_review"]'))
    expect(row.locator('[data-test="next-step"]')).to_have_text("等待登记员审核")
    page.screenshot(path=str(tmp_path / "1-applicant-my-cases.png"), full_page=True)

    p = live_server.platform  # the registrar approves (the registrar's own journey is the next test)
    case_id = UUID(page.locator('[data-test="case-row"] a').first.get_attribute("href").rsplit("/", 1)[1])
    registrar = p.accounts.user("registrar").actor
    p.wait_for(transfers.approve_transfer(p.registry, registrar, case_id))
    reload_until_visible(page, row.locator('[data-state="approved"]'))


def test_registrar_approves_and_reads_the_cancelled_number_in_the_register_book(page, live_server,  # noqa: F811
                                                                                tmp_path):
    p = live_server.platform
    lina = p.accounts.user("lina").actor
    receipt = transfers.submit_transfer(p.registry, lina, **transfer_kwargs(with_family=True))
    # paid and cleared (the buyer's own journey pays through the provider's page in the test above)
    p.wait_for(transfers.record_settlement(p.registry, receipt.id, reference="paid:RC20260316TEST").position)
    live_server.clock.advance(days=3, hours=2)

    log_in(page, "registrar")
    expect(page).to_have_url("/registrar/queue")
    row = page.locator('[data-test="queue-row"]')
    reload_until_visible(page, row)
    expect(row).to_contain_text("张伟 → 李娜")
    expect(row).to_contain_text("3 天 2 小时")
    expect(row).to_contain_text("¥2,000,000.00")
    row.locator('[data-test="open-case"]').click()

    expect(page.locator("h1")).to_contain_text("FZ2026-000123")
    expect(page.locator('[data-test="home-ordinal"]')).to_have_text("首套")
    page.click('[data-test="approve"]')
    expect(page.locator(".flash")).to_contain_text("已核准登簿")
    expect(page.locator('[data-test="certificate-number"]')).to_have_text("闽(2026)福州市不动产权第0000002号")
    expect(page.locator('[data-test="state"]')).to_have_attribute("data-state", "approved")

    page.click('[data-test="unit-link"]')
    expect(page.locator('[data-test="owners"]')).to_contain_text(LI_NA.name)
    expect(page.locator('[data-test="history-row"]')).to_have_count(2)
    expect(page.locator('[data-test="cancelled"]')).to_have_text("闽(2026)福州市不动产权第0000001号(销)")
    page.screenshot(path=str(tmp_path / "2-registrar-register-book.png"), full_page=True)


def test_language_switch_shows_english_labels(page, tmp_path):  # noqa: F811 (fixtures from tests.e2e.browser)
    page.goto("/login")
    expect(page.locator("h1")).to_have_text("登录")
    page.click('[data-test="lang-switch"]')
    expect(page.locator("h1")).to_have_text("Log in")
    expect(page.locator("label").first).to_contain_text("User name")

    log_in(page, "registrar")
    expect(page).to_have_url("/registrar/queue")
    expect(page.locator("h1")).to_contain_text("Review queue")
    expect(page.locator('[data-test="nav-units"]')).to_have_text("Register book")
    expect(page.locator('[data-test="queue-empty"]')).to_have_text("No case is waiting for review.")
    page.click('[data-test="nav-units"]')
    page.fill('input[name="q"]', "五四路")
    page.press('input[name="q"]', "Enter")
    expect(page.locator('[data-test="unit-results"]')).to_contain_text(GULOU_FLAT)
    page.screenshot(path=str(tmp_path / "3-english-unit-search.png"), full_page=True)
