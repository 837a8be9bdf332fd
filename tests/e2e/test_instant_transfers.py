"""Instant approval (秒批) over HTTP on both stores: Li Na files the purchase of Zhang Wei's flat with her ID and
the contract, pays, and the flat is hers by rule — no registrar — with her certificate issued by the worker; the
same case without the contract waits in the registrar's queue with the reason (switched off: the module
test_instant_switched_off)."""

from __future__ import annotations

from projections.case_clocks import CLOCKS
from tests.e2e.api import case_of, eventually, pay_every_part, transfer_body, unit_body
from tests.e2e.documents import PDF, upload
from tests.e2e.test_certificates import issued_for_case
from tests.e2e.test_pages import login, text

RULESET = "transfer-rules/2026.1"


def filed_with(client, people, kinds=("id_document", "contract")) -> str:
    assert client.post("/api/v1/units", json=unit_body(), headers=people["registrar"]).status_code == 201
    filed = client.post("/api/v1/transfers", json=transfer_body(), headers=people["lina"])
    assert filed.status_code == 201, filed.json
    case_id = filed.json["case_id"]
    for kind in kinds:
        sent = client.post(f"/api/v1/transfers/{case_id}/documents", headers=people["lina"],
                           data=upload(PDF + kind.encode(), f"{kind}.pdf", kind), content_type="multipart/form-data")
        assert sent.status_code in (200, 201), sent.json
    return case_id


def queued_with_reasons(client, people) -> list[dict]:
    """The registrar's queue once the rules' reasons are in it (their view follows the desk's)."""
    def read() -> list[dict]:
        cases = client.get("/api/v1/registrar/queue", headers=people["registrar"]).json["cases"]
        return cases if cases and all(c["checks"] for c in cases) else []
    return eventually(read)


def test_a_clean_resale_is_registered_by_rule_after_payment_and_gets_its_certificate(app, client, people, platform):
    case_id = filed_with(client, people)
    pay_every_part(app, client, people, case_id)

    case = eventually(lambda: (c := case_of(client, people, case_id)) and c["state"] == "approved" and c)
    assert case and case["certificate_number"] == "闽(2026)福州市不动产权第0000002号"
    steps = [(s["step"], s["by"]) for s in case["progress"]["timeline"]]
    assert steps[-1] == ("registered_by_rule", "rule")
    ended = eventually(lambda: case_of(client, people, case_id)["progress"]["expected"]["state"] == "ended")
    assert ended, "the case clock ends with the registration by rule"
    with platform.views.read() as tx:
        clock = tx.one(f"SELECT outcome, ended_by FROM {CLOCKS} WHERE case_id = :case_id", {"case_id": case_id})
    assert clock == {"outcome": "registered", "ended_by": "rule"}
    [certificate] = issued_for_case(client, people, case_id)
    assert certificate["number"] == case["certificate_number"] and certificate["status"] == "current"
    seen = client.get(f"/api/v1/transfers/{case_id}", headers=people["registrar"]).json
    assert (seen["decided_by"], seen["checks"]["decision"], seen["checks"]["ruleset"]) == (
        "rule", "registered_by_rule", RULESET)
    assert seen["checks"]["reasons"] == [] and {o["verdict"] for o in seen["checks"]["outcomes"]} == {"pass"}
    queue = client.get("/api/v1/registrar/queue", headers=people["registrar"]).json
    assert queue["cases"] == []
    told = [m["key"] for m in client.get("/api/v1/inbox", headers=people["registrar"]).json["messages"]]
    assert "inbox.case_ready_for_review" not in told  # nothing waited for the office
    assert "inbox.case_registered_buyer" in [
        m["key"] for m in client.get("/api/v1/inbox", headers=people["lina"]).json["messages"]]
    pages = app.test_client()
    login(pages, "registrar")
    assert 'data-decision="registered_by_rule"' in text(pages.get(f"/registrar/cases/{case_id}"))


def test_a_case_without_its_contract_waits_in_the_queue_with_the_reason(app, client, people):
    case_id = filed_with(client, people, kinds=("id_document",))
    pay_every_part(app, client, people, case_id)

    queue = queued_with_reasons(client, people)
    assert [c["case_id"] for c in queue] == [case_id]
    assert [(r["rule"], r["message"]) for r in queue[0]["checks"]["reasons"]] == [
        ("documents_present", "missing documents: contract")]
    assert client.post(f"/api/v1/transfers/{case_id}/approve", headers=people["registrar"]).status_code == 200
    case = case_of(client, people, case_id)
    assert case["state"] == "approved"
    assert [(s["step"], s["by"]) for s in case["progress"]["timeline"]][-1] == ("registered", "registrar")
