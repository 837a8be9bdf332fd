"""Each case's statutory clock runs in the platform: the Supervision application follows the registry."""

from projections import case_clocks
from tests.e2e.api import file_settled_case


def test_a_paid_case_approved_the_same_day_is_met_within_fuzhous_three_working_days(app, client, people, platform):
    case_id = file_settled_case(client, people, app)
    assert client.post(f"/api/v1/transfers/{case_id}/approve", headers=people["registrar"]).status_code == 200
    platform.wait_until_idle()
    row = case_clocks.clock_of(platform.views, case_id)
    assert (row["kind"], row["working_days"], row["state"], row["outcome"], row["late"]) == (
        "resale_transfer", 3, "ended", "registered", 0)
    assert [step["event"] for step in case_clocks.history_of(platform.views, case_id)] == [
        "deadline_set", "paused", "resumed", "met"]
    health = client.get("/api/v1/health").json
    assert health["heads"]["supervision"] >= 4
