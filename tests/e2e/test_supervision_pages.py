"""The supervisor's pages through the Flask client on both stores: the dashboard's colour tiles and its two SVG
charts, the overdue list with its 督办 form, the case's clock page and its history, the CSV link; scoped like
the API (another office's case is 404, other roles 403)."""

import re

import pytest

from registry.kernel.actors import Role
from tests.e2e.api import file_settled_case
from tests.e2e.conftest import PASSWORD
from tests.e2e.test_pages import csrf, login, text
from tests.e2e.test_supervision_api import deadline_pass


@pytest.fixture
def supervisors(platform, people):
    now = platform.clock.now()
    for user_id, org, name in (("chen", "fz-registry", "陈监察员"), ("xm-chen", "xm-registry", "厦门监察员")):
        platform.accounts.add_user(user_id, Role.SUPERVISOR, org=org, display_name=name, password=PASSWORD, now=now)


@pytest.fixture
def overdue_case(app, client, people, platform, clock):
    """Li Na's case, paid Monday 9:30, due Thursday 17:30; it is Friday and the deadline pass has run."""
    case_id = file_settled_case(client, people, app)
    deadline_pass(platform, clock, days=4)
    return case_id


def tile_counts(page: str) -> dict[str, int]:
    return {colour: int(count) for colour, count in re.findall(
        r'data-colour="(\w+)">\s*<span class="tile-label">[^<]+</span>\s*<span class="tile-count" '
        r'data-test="tile-count">(\d+)</span>', page)}


def test_the_dashboard_shows_the_tiles_the_charts_and_the_overdue_case(client, supervisors, overdue_case):
    assert login(client, "chen").headers["Location"] == "/"
    assert client.get("/").headers["Location"] == "/supervision"
    page = text(client.get("/supervision"))
    assert tile_counts(page) == {"red": 1, "amber": 0, "green": 0, "waiting": 0}
    assert page.count("<svg") == 2 and 'data-test="trend-chart"' in page and 'data-test="colour-chart"' in page
    assert "<title>在办件分布</title>" in page
    row = re.search(rf'data-test="overdue-row" data-case="{overdue_case}">.*?</tr>', page, re.S).group(0)
    assert 'data-colour="red">超期</span>' in row, "the colour is said in words"
    assert 'data-test="instruction-form"' in row
    assert 'href="/supervision/export.csv"' in page and 'data-test="nav-supervision"' in page


def test_the_dashboard_speaks_english_after_the_switch(client, supervisors, overdue_case):
    login(client, "chen")
    page = text(client.get("/supervision?lang=en"))
    assert "Overdue cases" in page and "<title>Open cases by colour</title>" in page


def test_an_instruction_from_the_dashboard_shows_in_the_cases_history(client, supervisors, overdue_case):
    login(client, "chen")
    token = csrf(client, "/supervision")
    sent = client.post(f"/supervision/cases/{overdue_case}/instruction",
                       data={"instruction": "请今日办结并说明超期原因", "csrf_token": token})
    assert sent.status_code == 303
    page = text(client.get(f"/supervision/cases/{overdue_case}"))
    assert "督办意见已记录" in page
    assert [e for e in re.findall(r'data-test="clock-step" data-event="(\w+)"', page)][-2:] == ["breached",
                                                                                            "instructed"]
    assert "请今日办结并说明超期原因" in page and "陈监察员" in page


def test_a_blank_instruction_is_refused_on_the_page(client, supervisors, overdue_case, platform):
    login(client, "chen")
    platform.wait_until_idle()
    before = platform.supervision.recorder.max_notification_id()
    refused = client.post(f"/supervision/cases/{overdue_case}/instruction",
                          data={"instruction": "   ", "csrf_token": csrf(client, "/supervision")})
    assert refused.status_code == 422
    assert 'data-test="error-instruction"' in text(refused)
    platform.wait_until_idle()
    assert platform.supervision.recorder.max_notification_id() == before


def test_the_case_clock_page_is_scoped_to_the_office(client, people, supervisors, overdue_case):
    login(client, "xm-chen")
    assert client.get(f"/supervision/cases/{overdue_case}").status_code == 404
    page = text(client.get("/supervision"))
    assert tile_counts(page) == {"red": 0, "amber": 0, "green": 0, "waiting": 0}
    assert overdue_case not in page
    assert overdue_case not in client.get("/supervision/export.csv").get_data(as_text=True)


def test_the_export_link_downloads_the_offices_csv(client, supervisors, overdue_case):
    login(client, "chen")
    exported = client.get("/supervision/export.csv")
    assert exported.status_code == 200 and exported.mimetype == "text/csv"
    assert exported.get_data().startswith("\ufeffcase_id,kind,office".encode())
    assert f"{overdue_case},resale_transfer,fz-registry,福州市不动产登记中心" in exported.get_data(as_text=True)


def test_other_roles_may_not_open_the_dashboard(client, people):
    login(client, "lina")
    assert client.get("/supervision").status_code == 403
