"""Real headless Chromium, on both stores: Li Na opens the family-housing check proof from her case page and
prints it to PDF; the PDF is one A4 page with the title and her family's result, without the site's navigation
or the print button."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest

from registry.register_book.commands import register_unit
from registry.transfers import commands as transfers
from tests.builders import CHEN_GANG, TAIJIANG_FLAT, sole, transfer_kwargs, unit_kwargs
from tests.e2e.browser import STORES, LiveServer, chromium, log_in, page, serving_on  # noqa: F401
from tests.e2e.housing import TAIJIANG

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]


@pytest.fixture(params=STORES)
def live_server(request, tmp_path) -> Iterator[LiveServer]:
    with serving_on(request.param, tmp_path) as served:
        yield served


def file_second_home_case(server: LiveServer) -> str:
    """Chen Gang holds the Taijiang flat; his wife Li Na files for Zhang Wei's flat naming him and their son."""
    p = server.platform
    registrar = p.accounts.user("registrar").actor
    husbands = {**unit_kwargs(TAIJIANG_FLAT, owners=sole(CHEN_GANG)), "location": TAIJIANG}
    p.wait_for(register_unit(p.registry, registrar, **husbands).position)
    receipt = transfers.submit_transfer(p.registry, p.accounts.user("lina").actor, **transfer_kwargs(with_family=True))
    p.wait_for(receipt.position)
    p.wait_until_idle()
    return str(receipt.id)


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def test_the_buyer_prints_her_familys_housing_check_to_an_a4_pdf(page: Any, live_server, tmp_path):  # noqa: F811
    from playwright.sync_api import expect

    case_id = file_second_home_case(live_server)
    log_in(page, "lina")
    page.goto(f"/applicant/cases/{case_id}")
    page.click('[data-test="housing-check-link"]')
    expect(page.locator('[data-test="proof-result"]')).to_have_text("第二套")
    expect(page.locator('[data-test="print"]')).to_be_visible()
    page.screenshot(path=str(tmp_path / "housing-check.png"), full_page=True)

    printed = tmp_path / "housing-check.pdf"
    page.pdf(path=str(printed), prefer_css_page_size=True, print_background=True)
    page.emulate_media(media="print")
    expect(page.locator('[data-test="print"]')).to_be_hidden()

    words = pdf_text(printed)
    assert "家庭住房信息查询结果证明" in words
    assert "李娜" in words and "第二套" in words and TAIJIANG_FLAT in words
    assert "我的办件" not in words and "退出" not in words, "no navigation on paper"
    info = subprocess.run(["pdfinfo", str(printed)], check=True, capture_output=True, text=True).stdout
    assert "(A4)" in info and re.search(r"^Pages:\s+1$", info, re.MULTILINE), info
