"""The parties follow their case: each step with its time and who took it, and when it is expected to be done
(the deadline while the clock runs, what is left while it waits on them), through the API and on the page."""

from tests.e2e.api import case_of, file_settled_case
from tests.e2e.test_pages import login, text

RETURNED = {"missing": ["marriage_proof"], "note": "请补充婚姻状况证明"}


def progress_of(client, people, platform, case_id, who="lina") -> dict:
    platform.wait_until_idle()
    return case_of(client, people, case_id, who)["progress"]


def test_a_paid_case_is_expected_within_fuzhous_three_working_days(app, client, people, platform):
    case_id = file_settled_case(client, people, app)  # Monday 16 March 2026, 9:30 in Fuzhou
    seen = progress_of(client, people, platform, case_id)
    assert [(s["step"], s["by"]) for s in seen["timeline"]] == [("filed", "you"), ("paid", "payment")]
    expected = seen["expected"]
    assert (expected["state"], expected["working_days"], expected["paused_for"]) == ("running", 3, None)
    assert expected["due_at"].startswith("2026-03-19")  # Thursday, three working days on
    assert progress_of(client, people, platform, case_id, "zhangwei")["timeline"][0]["by"] == "other_party"


def test_while_returned_the_parties_see_the_clock_wait_and_then_the_whole_story(app, client, people, platform,
                                                                                clock):
    case_id = file_settled_case(client, people, app)
    client.post(f"/api/v1/transfers/{case_id}/return", json=RETURNED, headers=people["registrar"])
    waiting = progress_of(client, people, platform, case_id)["expected"]
    assert (waiting["state"], waiting["paused_for"], waiting["due_at"]) == ("paused", "supplement", None)
    assert waiting["remaining_minutes"] > 0

    clock.advance(days=1)
    back = client.post(f"/api/v1/transfers/{case_id}/resubmit", json={"note": "已补交"}, headers=people["zhangwei"])
    assert back.json["progress"]["expected"]["state"] == "running"  # the answer reads its own write, clock and all
    client.post(f"/api/v1/transfers/{case_id}/approve", headers=people["registrar"])
    done = progress_of(client, people, platform, case_id, "zhangwei")
    assert [(s["step"], s["by"]) for s in done["timeline"]] == [
        ("filed", "other_party"), ("paid", "payment"), ("returned", "registrar"), ("resubmitted", "you"),
        ("registered", "registrar")]
    assert (done["expected"]["state"], done["expected"]["late"]) == ("ended", False)


def test_the_case_page_shows_the_expected_date_and_the_timeline(app, client, people, platform):
    case_id = file_settled_case(client, people, app)
    platform.wait_until_idle()
    login(client, "lina")
    page = text(client.get(f"/applicant/cases/{case_id}?lang=en"))
    assert "Expected to be done by 2026-03-19" in page
    assert page.count('data-test="timeline-step"') == 2 and "the payment provider" in page
