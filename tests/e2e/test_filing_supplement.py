# ruff: noqa: F811 (the fixtures imported from the mortgage review tests are parameters here)
"""补正 of a mortgage filing over HTTP on both stores: the registrar returns ICBC's queued filing once with
everything missing; ICBC is told on its feed, supplies it and resubmits; the filing is back in the queue and
its clock waited meanwhile."""

import pytest

from projections import case_clocks
from tests.e2e.test_mortgage_review import banks, desk, gulou, queued  # noqa: F401 (fixtures used by name)

LOAN_PAPERS = {"missing": ["loan_contract", "mortgage_contract"], "note": "借款合同缺少借款人签字页"}


def returned(client, people, filing_id, body=LOAN_PAPERS):
    return client.post(f"/api/v1/registrar/mortgages/{filing_id}/return", json=body, headers=people["registrar"])


def queue_ids(client, people) -> list[str]:
    return [f["filing_id"] for f in
            client.get("/api/v1/registrar/mortgages/queue", headers=people["registrar"]).json["filings"]]


def test_a_returned_filing_leaves_the_queue_and_its_bank_is_told_what_is_missing(client, banks, queued, platform):
    answer = returned(client, banks, queued)
    assert answer.status_code == 200, answer.json
    assert answer.json["state"] == "returned"
    assert answer.json["supplement"]["missing"] == LOAN_PAPERS["missing"]
    assert queued not in queue_ids(client, banks)

    seen = client.get(f"/api/v1/mortgages/{queued}", headers=banks["icbc"]).json
    assert (seen["state"], seen["supplement"]["note"]) == ("returned", LOAN_PAPERS["note"])
    platform.wait_until_idle()
    feed = client.get("/api/v1/bank/notifications", headers=banks["icbc"]).json["items"]
    told = [n for n in feed if n["kind"] == "filing_returned"]
    assert [n["payload"]["missing"] for n in told] == [LOAN_PAPERS["missing"]]
    assert client.get(f"/api/v1/mortgages/{queued}", headers=banks["ccb"]).status_code == 404  # not CCB's business


def test_the_bank_resubmits_and_the_registrar_registers_with_the_clock_paused_between(
        client, banks, queued, platform, clock):
    returned(client, banks, queued)
    clock.advance(hours=3)
    again = client.post(f"/api/v1/mortgages/{queued}/resubmit", json={"note": "已补签字页"}, headers=banks["icbc"])
    assert again.status_code == 200, again.json
    assert (again.json["state"], again.json["supplement"]["resubmitted_at"] is not None) == ("queued", True)
    assert queued in queue_ids(client, banks)
    approved = client.post(f"/api/v1/registrar/mortgages/{queued}/approve", headers=banks["registrar"])
    assert approved.status_code == 200, approved.json
    assert approved.json["state"] == "registered"
    assert [h["event"] for h in approved.json["history"]][-3:] == ["ReturnedForSupplement", "Resubmitted",
                                                                    "Registered"]
    platform.wait_until_idle()
    timeline = [step["event"] for step in case_clocks.history_of(platform.views, queued)]
    assert timeline[-3:] == ["paused", "resumed", "met"]
    assert case_clocks.clock_of(platform.views, queued)["late"] == 0  # the three hours away did not count


def test_only_the_filing_bank_resubmits_and_only_once_returned(client, banks, queued, head):
    early = client.post(f"/api/v1/mortgages/{queued}/resubmit", json={}, headers=banks["icbc"])
    assert early.status_code == 409, early.json
    returned(client, banks, queued)
    before = head()
    for who, status in (("ccb", 404), ("zhangwei", 403)):
        refused = client.post(f"/api/v1/mortgages/{queued}/resubmit", json={}, headers=banks[who])
        assert refused.status_code == status, (who, refused.json)
        assert set(refused.json) == {"code", "message", "errors"}
    assert head() == before


@pytest.mark.parametrize(("body", "status"), [
    ({"missing": []}, 422), ({"missing": ["a_photo_of_the_cat"]}, 422), ({"missing": ["other"]}, 422),
    ({"note": "没有清单"}, 422), (["loan_contract"], 400)])
def test_a_bad_list_is_refused_and_changes_nothing(client, banks, queued, head, body, status):
    before = head()
    refused = returned(client, banks, queued, body)
    assert refused.status_code == status, refused.json
    assert set(refused.json) == {"code", "message", "errors"}
    assert head() == before
    assert desk(client, banks, queued).json["state"] == "queued"


def test_a_filing_is_returned_once_only(client, banks, queued):
    returned(client, banks, queued)
    client.post(f"/api/v1/mortgages/{queued}/resubmit", json={}, headers=banks["icbc"])
    twice = returned(client, banks, queued, {"missing": ["loan_contract"]})
    assert twice.status_code == 409, twice.json
