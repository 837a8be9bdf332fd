"""好差评 over HTTP on both stores: once Li Na's purchase is registered, each party rates it once; a bad rating
needs a comment and opens a follow-up for the Fuzhou office's supervisor; nobody else rates it."""

import pytest

from projections import supervision_queries
from tests.e2e.api import file_settled_case
from tests.e2e.test_pages import csrf, login, text


@pytest.fixture
def registered(app, client, people, platform):
    case_id = file_settled_case(client, people, app)
    assert client.post(f"/api/v1/transfers/{case_id}/approve", headers=people["registrar"]).status_code == 200
    platform.wait_until_idle()  # the case's clock has ended
    return case_id


def rate(client, people, case_id, body, who="lina"):
    return client.post(f"/api/v1/cases/{case_id}/rating", json=body, headers=people[who])


def supervision_head(platform) -> int:
    platform.wait_until_idle()
    return platform.supervision.recorder.max_notification_id() or 0


def test_the_buyer_rates_her_registered_case_once(client, people, registered, platform):
    rated = rate(client, people, registered, {"stars": 5, "comment": "一次办好，很快"})
    assert rated.status_code == 201, rated.json
    assert (rated.json["stars"], rated.json["followed_up"]) == (5, False)
    assert client.get(f"/api/v1/cases/{registered}/rating", headers=people["lina"]).json["comment"] == "一次办好，很快"
    before = supervision_head(platform)
    again = rate(client, people, registered, {"stars": 1, "comment": "改主意了"})
    assert (again.status_code, again.json["code"]) == (409, "already_rated")
    assert supervision_head(platform) == before
    assert client.get(f"/api/v1/cases/{registered}/rating", headers=people["zhangwei"]).status_code == 404


def test_a_bad_rating_needs_a_comment_and_opens_a_follow_up_for_the_supervisor(client, people, registered, platform):
    silent = rate(client, people, registered, {"stars": 2}, who="zhangwei")
    assert silent.status_code == 422 and silent.json["errors"].get("comment")
    rated = rate(client, people, registered, {"stars": 2, "comment": "窗口让我跑了两次"}, who="zhangwei")
    assert rated.status_code == 201, rated.json
    assert rated.json["followed_up"] is True
    platform.wait_until_idle()
    [follow_up] = supervision_queries.open_follow_ups(platform.views, ["fz-registry"])
    assert (follow_up["case_id"], follow_up["stars"], follow_up["comment"]) == (registered, 2, "窗口让我跑了两次")


def test_a_case_still_in_review_cannot_be_rated_yet(app, client, people, platform):
    case_id = file_settled_case(client, people, app)
    platform.wait_until_idle()
    early = rate(client, people, case_id, {"stars": 4})
    assert (early.status_code, early.json["code"]) == (409, "rating_not_yet")


def test_only_the_parties_rate_a_case(client, people, registered, platform):
    before = supervision_head(platform)
    assert rate(client, people, registered, {"stars": 5}, who="chengang").status_code == 404
    assert rate(client, people, registered, {"stars": 5}, who="registrar").status_code == 403
    assert supervision_head(platform) == before


@pytest.mark.parametrize(("body", "status"), [
    ({"stars": "5"}, 422), ({"stars": 0}, 422), ({"stars": 6}, 422), ({"stars": 4.5}, 422), ({}, 422),
    ({"stars": True}, 422), ({"stars": 3, "comment": "好" * 501}, 422), ([5], 400)])
def test_a_bad_rating_body_is_refused_and_changes_nothing(client, people, registered, platform, body, status):
    before = supervision_head(platform)
    refused = rate(client, people, registered, body)
    assert refused.status_code == status, refused.json
    assert set(refused.json) == {"code", "message", "errors"}
    assert supervision_head(platform) == before


def test_the_buyer_rates_from_her_case_page_and_sees_her_rating_there(client, people, registered):
    login(client, "lina")
    page = f"/applicant/cases/{registered}"
    assert 'data-test="rating-form"' in text(client.get(page))
    refused = client.post(f"{page}/rate", data={"stars": "1", "comment": "", "csrf_token": csrf(client, page)})
    assert refused.status_code == 422 and 'data-test="rating-form"' in text(refused)
    sent = client.post(f"{page}/rate", data={"stars": "4", "comment": "很方便", "csrf_token": csrf(client, page)})
    assert sent.status_code == 303
    shown = text(client.get(page))
    assert 'data-stars="4"' in shown and 'data-test="rating-form"' not in shown
