"""The supervisor's desk over HTTP on both stores (电子监察): Li Na's paid case turns amber and then red as the
platform's deadline pass runs on the advancing clock; the Fuzhou supervisor instructs on it; a Xiamen supervisor
sees none of it; the export is a spreadsheet of the office's cases.

Li Na's case is paid on Monday 16 March 2026 at 9:30: Fuzhou's three working days make it due Thursday 17:30,
warned with one office day left, breached after."""

import csv
import io

import pytest

from projections import case_clocks
from registry.kernel.actors import Actor, Role
from registry.supervision.app import rate_case
from tests.builders import LI_NA
from tests.e2e.api import eventually, file_settled_case
from tests.e2e.conftest import PASSWORD

THURSDAY_9 = {"days": 2, "hours": 23, "minutes": 30}  # from Monday 9:30: warned (one office day left)
FRIDAY = {"days": 1}  # past Thursday 17:30: breached


@pytest.fixture
def supervisors(platform, people, clock):
    now = platform.clock.now()
    for user_id, org, name in (("chen", "fz-registry", "陈监察员"), ("xm-chen", "xm-registry", "厦门监察员")):
        platform.accounts.add_user(user_id, Role.SUPERVISOR, org=org, display_name=name, password=PASSWORD, now=now)
    return {u: {"Authorization": f"Bearer {platform.accounts.issue_token(u, now)}"} for u in ("chen", "xm-chen")}


@pytest.fixture
def paid_case(app, client, people, platform):
    case_id = file_settled_case(client, people, app)
    platform.wait_until_idle()
    return case_id


def deadline_pass(platform, clock, **delta):
    """The platform's pass at the new time. Its own loop, woken by every wait for the workers, may record the
    warning or breach instead of this call: either way, pass again (a pass records only what is still due) until
    the view shows nothing left to record; a slow machine may need more than one view catch-up for it."""
    clock.advance(**delta)

    def nothing_left() -> bool:
        platform.deadline_checks.run_once()
        platform.wait_until_idle()
        return case_clocks.clocks_to_check(platform.views, clock.now()) == []
    assert eventually(nothing_left, timeout=30)
    platform.wait_until_idle()


def colours(client, headers):
    answer = client.get("/api/v1/supervision/dashboard", headers=headers)
    assert answer.status_code == 200, answer.json
    return answer.json["colours"]


def supervision_head(platform):
    platform.wait_until_idle()
    return platform.supervision.recorder.max_notification_id()


def test_the_supervisor_sees_a_case_go_from_green_to_amber_to_red(client, platform, clock, supervisors, paid_case):
    assert colours(client, supervisors["chen"]) == {"red": 0, "amber": 0, "green": 1, "waiting": 0}
    deadline_pass(platform, clock, **THURSDAY_9)
    assert colours(client, supervisors["chen"]) == {"red": 0, "amber": 1, "green": 0, "waiting": 0}
    deadline_pass(platform, clock, **FRIDAY)
    assert colours(client, supervisors["chen"]) == {"red": 1, "amber": 0, "green": 0, "waiting": 0}
    overdue = client.get("/api/v1/supervision/cases", headers=supervisors["chen"]).json
    assert ([c["case_id"] for c in overdue["cases"]], overdue["total"]) == ([paid_case], 1)
    assert overdue["cases"][0]["colour"] == "red"
    clock_answer = client.get(f"/api/v1/supervision/cases/{paid_case}/clock", headers=supervisors["chen"]).json
    assert [s["event"] for s in clock_answer["history"]] == ["deadline_set", "paused", "resumed", "warned",
                                                            "breached"]


def test_the_dashboard_counts_per_office_and_the_trend(client, people, platform, supervisors, paid_case):
    client.post(f"/api/v1/transfers/{paid_case}/approve", headers=people["registrar"])
    platform.wait_until_idle()
    board = client.get("/api/v1/supervision/dashboard", headers=supervisors["chen"]).json
    assert board["offices_supervised"] == ["fz-registry"]
    [fuzhou] = board["offices"]
    assert (fuzhou["key"], fuzhou["ended"], fuzhou["late"]) == ("fz-registry", 1, 0)
    assert [(r["key"], r["ended"]) for r in board["registrars"]] == [("registrar", 1)]
    assert len(board["trend"]) == 30 and board["trend"][-1] == {"day": "2026-03-16", "on_time": 1, "late": 0}


def test_a_xiamen_supervisor_sees_nothing_of_fuzhou(client, platform, clock, supervisors, paid_case):
    deadline_pass(platform, clock, days=5)
    assert colours(client, supervisors["chen"])["red"] == 1
    xiamen = supervisors["xm-chen"]
    board = client.get("/api/v1/supervision/dashboard", headers=xiamen).json
    assert board["colours"] == {"red": 0, "amber": 0, "green": 0, "waiting": 0}
    assert board["offices"] == board["registrars"] == board["ratings"] == []
    assert client.get("/api/v1/supervision/cases", headers=xiamen).json["cases"] == []
    assert client.get(f"/api/v1/supervision/cases/{paid_case}/clock", headers=xiamen).status_code == 404
    refused = client.post(f"/api/v1/supervision/cases/{paid_case}/instruction", json={"instruction": "速办"},
                          headers=xiamen)
    assert refused.status_code == 404
    exported = client.get("/api/v1/supervision/export.csv", headers=xiamen).get_data(as_text=True)
    assert paid_case not in exported


@pytest.mark.parametrize("path", ["/dashboard", "/cases", "/follow-ups", "/export.csv"])
def test_applicants_and_registrars_are_refused(client, people, supervisors, path):
    for who in ("lina", "registrar"):
        assert client.get(f"/api/v1/supervision{path}", headers=people[who]).status_code == 403


def test_an_instruction_is_recorded_in_the_cases_history(client, platform, supervisors, paid_case):
    given = client.post(f"/api/v1/supervision/cases/{paid_case}/instruction",
                        json={"instruction": "请于今日下班前办结"}, headers=supervisors["chen"])
    assert given.status_code == 200, given.json
    last = given.json["history"][-1]
    assert (last["event"], last["by"], last["instruction"]) == ("instructed", "chen", "请于今日下班前办结")
    again = client.get(f"/api/v1/supervision/cases/{paid_case}/clock", headers=supervisors["chen"]).json
    assert again["history"] == given.json["history"]


@pytest.mark.parametrize(("body", "status"), [
    ({}, 422), ({"instruction": ""}, 422), ({"instruction": "   "}, 422), ({"instruction": "办" * 501}, 422),
    ({"instruction": "速办", "urgent": True}, 422), (["速办"], 400)])
def test_a_bad_instruction_is_refused_and_changes_nothing(client, platform, supervisors, paid_case, body, status):
    before = supervision_head(platform)
    refused = client.post(f"/api/v1/supervision/cases/{paid_case}/instruction", json=body,
                          headers=supervisors["chen"])
    assert refused.status_code == status, refused.json
    assert set(refused.json) == {"code", "message", "errors"}
    assert supervision_head(platform) == before
    history = client.get(f"/api/v1/supervision/cases/{paid_case}/clock", headers=supervisors["chen"]).json["history"]
    assert "instructed" not in [s["event"] for s in history]


def test_an_ended_case_takes_no_instruction(client, people, platform, supervisors, paid_case):
    client.post(f"/api/v1/transfers/{paid_case}/approve", headers=people["registrar"])
    platform.wait_until_idle()
    refused = client.post(f"/api/v1/supervision/cases/{paid_case}/instruction", json={"instruction": "速办"},
                          headers=supervisors["chen"])
    assert refused.status_code == 409


def test_a_bad_rating_is_followed_up_and_closed(client, people, platform, supervisors, paid_case):
    client.post(f"/api/v1/transfers/{paid_case}/approve", headers=people["registrar"])
    platform.wait_until_idle()
    lina = Actor(user_id="lina", role=Role.APPLICANT, id_number=LI_NA.id_number)
    platform.run_and_wait(rate_case, platform.supervision, lina, paid_case, stars=1, comment="窗口排队太久")
    listed = client.get("/api/v1/supervision/follow-ups", headers=supervisors["chen"]).json
    [follow_up] = listed["follow_ups"]
    assert (follow_up["case_id"], follow_up["stars"], listed["total"]) == (paid_case, 1, 1)
    assert client.get("/api/v1/supervision/dashboard", headers=supervisors["chen"]).json["open_follow_ups"] == 1
    assert client.get("/api/v1/supervision/follow-ups", headers=supervisors["xm-chen"]).json["follow_ups"] == []
    blank = client.post(f"/api/v1/supervision/follow-ups/{paid_case}/close",
                        json={"party": follow_up["party"], "note": " "}, headers=supervisors["chen"])
    assert blank.status_code == 422
    closed = client.post(f"/api/v1/supervision/follow-ups/{paid_case}/close",
                         json={"party": follow_up["party"], "note": "已电话回访，致歉"}, headers=supervisors["chen"])
    assert closed.status_code == 200, closed.json
    assert closed.json["history"][-1]["event"] == "follow_up_closed"
    assert client.get("/api/v1/supervision/follow-ups", headers=supervisors["chen"]).json["follow_ups"] == []
    again = client.post(f"/api/v1/supervision/follow-ups/{paid_case}/close",
                        json={"party": follow_up["party"], "note": "再次回访"}, headers=supervisors["chen"])
    assert again.status_code == 409


def test_the_export_is_a_spreadsheet_of_the_offices_cases(client, platform, clock, supervisors, paid_case):
    deadline_pass(platform, clock, **THURSDAY_9)
    answer = client.get("/api/v1/supervision/export.csv", headers=supervisors["chen"])
    assert answer.status_code == 200
    assert answer.mimetype == "text/csv"
    body = answer.get_data()
    assert body.startswith("\ufeff".encode())
    header, *rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert header == ["case_id", "kind", "office", "office_name", "unit_number", "accepted_at", "due_at", "state",
                      "colour", "used_minutes"]
    assert [(r[0], r[1], r[2], r[3], r[7], r[8]) for r in rows] == [
        (paid_case, "resale_transfer", "fz-registry", "福州市不动产登记中心", "running", "amber")]


def test_the_openapi_document_says_the_export_is_csv(client):
    operation = client.get("/api/openapi.json").json["paths"]["/api/v1/supervision/export.csv"]["get"]
    assert "text/csv" in operation["responses"]["200"]["content"]


def test_the_platforms_admin_supervises_every_office(client, people, supervisors, paid_case):
    board = client.get("/api/v1/supervision/dashboard", headers=people["admin"]).json
    assert board["offices_supervised"] == ["fz-registry", "xm-registry"]
    assert board["colours"]["green"] == 1
    assert client.get(f"/api/v1/supervision/cases/{paid_case}/clock", headers=people["admin"]).status_code == 200
