# ruff: noqa: F811 (the fixtures imported from the supervision API tests are parameters here)
"""The office's own closures over HTTP on both stores: Fuzhou closes on Wednesday 18 March 2026 for a typhoon;
Li Na's case, due Thursday 17:30, gets that day more and is due Friday; a day in the past, a weekend, a blank
reason or another office are refused and change nothing."""

import pytest

from projections import case_clocks
from tests.e2e.test_supervision_api import paid_case, supervisors  # noqa: F401 (fixtures used by name)

TYPHOON = {"day": "2026-03-18", "reason": "台风停止办公"}


def close(client, headers, body):
    return client.post("/api/v1/supervision/closures", json=body, headers=headers)


def supervision_head(platform) -> int:
    platform.wait_until_idle()
    return platform.supervision.recorder.max_notification_id() or 0


def test_a_typhoon_day_gives_the_open_cases_of_the_office_a_day_more(client, platform, supervisors, paid_case):
    due_before = case_clocks.clock_of(platform.views, paid_case)["due_at"]
    closed = close(client, supervisors["chen"], TYPHOON)
    assert closed.status_code == 200, closed.json
    assert (closed.json["registry"], closed.json["extended_cases"]) == ("fz-registry", 1)
    clock = case_clocks.clock_of(platform.views, paid_case)
    assert due_before.startswith("2026-03-19") and clock["due_at"].startswith("2026-03-20")
    assert case_clocks.history_of(platform.views, paid_case)[-1]["event"] == "extended"
    again = close(client, supervisors["chen"], TYPHOON)
    assert (again.status_code, again.json["extended_cases"]) == (200, 0)  # closed already: nothing moves twice


@pytest.mark.parametrize(("body", "status"), [
    ({"day": "2026-03-13", "reason": "台风"}, 422),  # the Friday before: in the past
    ({"day": "2026-03-21", "reason": "台风"}, 422),  # a Saturday: no working day to close
    ({"day": "2026-03-18", "reason": " "}, 422), ({"day": "18/03/2026", "reason": "台风"}, 422),
    ({"reason": "台风"}, 422), ({"day": "2026-03-18", "reason": "台风", "registry": "xm-registry"}, 422),
    (["2026-03-18"], 400)])
def test_a_bad_closure_is_refused_and_changes_nothing(client, platform, supervisors, paid_case, body, status):
    before = supervision_head(platform)
    refused = close(client, supervisors["chen"], body)
    assert refused.status_code == status, refused.json
    assert set(refused.json) == {"code", "message", "errors"}
    assert supervision_head(platform) == before


def test_only_supervisors_close_an_office(client, people, platform, supervisors, paid_case):
    before = supervision_head(platform)
    for who in ("registrar", "lina"):
        assert close(client, people[who], TYPHOON).status_code == 403
    xiamen = close(client, supervisors["xm-chen"], TYPHOON)  # their own office: Fuzhou's cases are untouched
    assert (xiamen.status_code, xiamen.json["registry"], xiamen.json["extended_cases"]) == (200, "xm-registry", 0)
    assert case_clocks.clock_of(platform.views, paid_case)["due_at"].startswith("2026-03-19")
    assert supervision_head(platform) > before
