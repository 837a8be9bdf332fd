"""补正 over HTTP on both stores: the registrar returns Li Na's paid case once with everything missing; Zhang Wei
supplies it and resubmits; the case is registered without paying again, and each party sees its own next step."""

import pytest

from tests.e2e.api import case_of, file_settled_case

MARRIAGE = {"missing": ["marriage_proof", "id_document"], "note": "请补充婚姻状况证明及身份证复印件"}


@pytest.fixture
def paid_case(app, client, people):
    return file_settled_case(client, people, app)


def queue_ids(client, people):
    return [c["case_id"] for c in client.get("/api/v1/registrar/queue", headers=people["registrar"]).json["cases"]]


def test_a_returned_case_leaves_the_queue_and_tells_the_parties_what_is_missing(client, people, paid_case):
    returned = client.post(f"/api/v1/transfers/{paid_case}/return", json=MARRIAGE, headers=people["registrar"])
    assert returned.status_code == 200, returned.json
    assert returned.json["state"] == "returned"
    assert paid_case not in queue_ids(client, people)
    for party in ("lina", "zhangwei"):
        seen = case_of(client, people, paid_case, who=party)
        assert (seen["state"], seen["next_step"]) == ("returned", "supply_missing")
        assert seen["supplement"]["missing"] == ["marriage_proof", "id_document"]
        assert seen["supplement"]["note"] == MARRIAGE["note"]


def test_the_seller_resubmits_and_the_case_is_registered_without_paying_again(client, people, paid_case):
    client.post(f"/api/v1/transfers/{paid_case}/return", json=MARRIAGE, headers=people["registrar"])
    resubmitted = client.post(f"/api/v1/transfers/{paid_case}/resubmit", json={"note": "已补交结婚证"},
                              headers=people["zhangwei"])
    assert resubmitted.status_code == 200, resubmitted.json
    assert resubmitted.json["state"] == "pending_review"
    assert paid_case in queue_ids(client, people)
    approved = client.post(f"/api/v1/transfers/{paid_case}/approve", headers=people["registrar"])
    assert approved.status_code == 200, approved.json
    assert case_of(client, people, paid_case, who="lina")["next_step"] == "collect_certificate"
    assert case_of(client, people, paid_case, who="zhangwei")["next_step"] == "none"  # a seller collects nothing
    assert case_of(client, people, paid_case, who="lina")["order"]["state"] == "cleared"  # paid once


@pytest.mark.parametrize(("body", "status"), [
    ({"missing": []}, 422), ({"missing": ["a_photo_of_the_cat"]}, 422), ({"missing": "contract"}, 422),
    ({"missing": ["other"], "note": ""}, 422), ({"note": "没有清单"}, 422), (["marriage_proof"], 400)])
def test_a_bad_list_is_refused_and_changes_nothing(client, people, paid_case, head, body, status):
    before = head()
    refused = client.post(f"/api/v1/transfers/{paid_case}/return", json=body, headers=people["registrar"])
    assert refused.status_code == status, refused.json
    assert set(refused.json) == {"code", "message", "errors"}
    assert head() == before


def test_everything_missing_is_asked_for_at_once(client, people, paid_case):
    client.post(f"/api/v1/transfers/{paid_case}/return", json=MARRIAGE, headers=people["registrar"])
    client.post(f"/api/v1/transfers/{paid_case}/resubmit", json={}, headers=people["lina"])
    again = client.post(f"/api/v1/transfers/{paid_case}/return", json={"missing": ["contract"]},
                        headers=people["registrar"])
    assert again.status_code == 409 and again.json["code"] == "supplement_already_requested"


def test_only_the_parties_resubmit_and_only_registrars_return(client, people, paid_case):
    client.post(f"/api/v1/transfers/{paid_case}/return", json=MARRIAGE, headers=people["registrar"])
    assert client.post(f"/api/v1/transfers/{paid_case}/resubmit", json={},
                       headers=people["chengang"]).status_code == 404
    assert client.post(f"/api/v1/transfers/{paid_case}/return", json=MARRIAGE,
                       headers=people["lina"]).status_code == 403
