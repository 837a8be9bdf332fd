"""The 4-in-1 transfer through the JSON API, as applicants and registrars use it."""

import threading

from tests.builders import GULOU_FLAT, LI_NA
from tests.e2e.api import eventually, file_settled_case, transfer_body, unit_body


def test_registrar_registers_a_unit_and_reads_its_register_book(client, people):
    created = client.post("/api/v1/units", json=unit_body(), headers=people["registrar"])
    assert created.status_code == 201
    page = client.get(f"/api/v1/units/{GULOU_FLAT}", headers=people["registrar"]).json
    assert page["certificate_number"] == "闽(2026)福州市不动产权第0000001号"
    assert page["area"] == "120.00"
    assert [h["djlx"] for h in page["history"]] == ["100"]


def test_applicant_files_and_registrar_approves_the_transfer(client, people):
    case_id = file_settled_case(client, people)
    queue = client.get("/api/v1/registrar/queue", headers=people["registrar"]).json["cases"]
    assert [c["case_id"] for c in queue] == [case_id]

    approved = client.post(f"/api/v1/transfers/{case_id}/approve", headers=people["registrar"])
    assert approved.status_code == 200, approved.json
    assert approved.json["state"] == "approved"
    assert approved.json["certificate_number"] == "闽(2026)福州市不动产权第0000002号"

    page = client.get(f"/api/v1/units/{GULOU_FLAT}", headers=people["registrar"]).json
    assert [o["name"] for o in page["owners"]] == [LI_NA.name]
    assert page["history"][-1]["djlx"] == "200"
    assert page["history"][-1]["summary"]["cancelled_certificate"] == "闽(2026)福州市不动产权第0000001号(销)"
    assert client.get("/api/v1/registrar/queue", headers=people["registrar"]).json["cases"] == []
    mine = client.get("/api/v1/transfers", headers=people["lina"]).json["cases"]
    assert [c["state"] for c in mine] == ["approved"]


def test_family_housing_check_result_is_part_of_the_filed_case(client, people):
    client.post("/api/v1/units", json=unit_body(), headers=people["registrar"])
    filed = client.post("/api/v1/transfers", json=transfer_body(), headers=people["lina"])
    assert filed.json["home_counts"][0]["ordinal"] == "first"


def test_second_approval_is_a_conflict_and_registers_nothing(client, people, head):
    case_id = file_settled_case(client, people)
    assert client.post(f"/api/v1/transfers/{case_id}/approve", headers=people["registrar"]).status_code == 200
    before = head()
    again = client.post(f"/api/v1/transfers/{case_id}/approve", headers=people["registrar"])
    assert again.status_code == 409
    assert again.json["code"] == "case_not_pending"
    assert head() == before


def test_simultaneous_approvals_one_wins_the_other_is_told_to_reload(app, client, people):
    case_id = file_settled_case(client, people)
    barrier, statuses = threading.Barrier(2), []

    def approve():
        with app.test_client() as own:
            barrier.wait()
            statuses.append(own.post(f"/api/v1/transfers/{case_id}/approve", headers=people["registrar"]))

    threads = [threading.Thread(target=approve) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.status_code for r in statuses) == [200, 409]
    loser = next(r for r in statuses if r.status_code == 409)
    assert loser.json["code"] in ("case_not_pending", "concurrent_update")
    assert "reload" in loser.json["message"]
    page = client.get(f"/api/v1/units/{GULOU_FLAT}", headers=people["registrar"]).json
    assert [h["djlx"] for h in page["history"]] == ["100", "200"]


def test_applicant_withdraws_before_approval(client, people):
    case_id = file_settled_case(client, people)
    withdrawn = client.post(f"/api/v1/transfers/{case_id}/withdraw", json={"reason": "改期"},
                            headers=people["lina"])
    assert withdrawn.status_code == 200 and withdrawn.json["state"] == "withdrawn"
    assert client.post(f"/api/v1/transfers/{case_id}/approve", headers=people["registrar"]).status_code == 409


def test_registrar_rejects_with_a_reason_the_applicant_can_read(client, people):
    case_id = file_settled_case(client, people)
    no_reason = client.post(f"/api/v1/transfers/{case_id}/reject", json={}, headers=people["registrar"])
    assert no_reason.status_code == 422 and "reason" in no_reason.json["errors"]
    rejected = client.post(f"/api/v1/transfers/{case_id}/reject", json={"reason": "合同价格与网签备案不符"},
                           headers=people["registrar"])
    assert rejected.status_code == 200
    mine = client.get(f"/api/v1/transfers/{case_id}", headers=people["lina"]).json
    assert mine["state"] == "rejected" and mine["reason"] == "合同价格与网签备案不符"


def test_another_applicant_cannot_see_the_case(client, people):
    case_id = file_settled_case(client, people)
    assert client.get(f"/api/v1/transfers/{case_id}", headers=people["chengang"]).status_code == 404
    assert client.get("/api/v1/transfers", headers=people["chengang"]).json["cases"] == []
    assert client.get(f"/api/v1/units/{GULOU_FLAT}", headers=people["chengang"]).status_code == 404


def test_registrar_of_another_registry_sees_and_decides_nothing_here(client, people, head):
    case_id = file_settled_case(client, people)
    before = head()
    assert client.get("/api/v1/registrar/queue", headers=people["xm-registrar"]).json["cases"] == []
    assert client.get(f"/api/v1/transfers/{case_id}", headers=people["xm-registrar"]).status_code == 404
    assert client.get(f"/api/v1/units/{GULOU_FLAT}", headers=people["xm-registrar"]).status_code == 404
    refused = client.post(f"/api/v1/transfers/{case_id}/approve", headers=people["xm-registrar"])
    assert refused.status_code == 404 and refused.json["code"] == "unknown_case"
    assert head() == before


def test_health_reports_the_store_and_view_positions(client, people, store_kind):
    client.post("/api/v1/units", json=unit_body(), headers=people["registrar"])
    health = client.get("/api/v1/health").json
    assert health["status"] == "ok" and health["store"] == store_kind
    assert eventually(lambda: client.get("/api/v1/health").json["views"]["register_book"] >= health["head"])
