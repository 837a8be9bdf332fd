"""An agent files for a party over HTTP (代理申请): Chen Gang files his wife Li Na's purchase under her mandate;
the registrar cannot register until Li Na confirms it, online or on her case page."""

from tests.builders import LI_NA
from tests.e2e.api import case_of, eventually, pay_every_part, transfer_body, unit_body
from tests.e2e.test_pages import csrf, login

LI_NAS_MANDATE = {"principal_id_number": LI_NA.id_number, "scopes": ["file", "sign"],
                  "valid_from": "2026-03-01", "valid_until": "2026-06-30"}


def filed_by_chen_gang(client, people, **mandate) -> dict:
    client.post("/api/v1/units", json=unit_body(), headers=people["registrar"])
    return client.post("/api/v1/transfers", json=transfer_body(mandates=[LI_NAS_MANDATE | mandate]),
                       headers=people["chengang"])


def test_li_nas_husband_files_her_purchase_under_her_mandate_and_both_follow_it(client, people):
    filed = filed_by_chen_gang(client, people)
    assert filed.status_code == 201, filed.json
    [mandate] = filed.json["mandates"]
    assert (mandate["principal_name"], mandate["agent_name"], mandate["scopes"]) == ("李娜", "陈刚", ["file", "sign"])
    assert (mandate["confirmed_at"], mandate["mine"]) == (None, False)
    assert mandate["principal_id_number"] != LI_NA.id_number  # masked for applicants
    agents = client.get("/api/v1/transfers", headers=people["chengang"]).json["cases"]
    assert [c["case_id"] for c in agents] == [filed.json["case_id"]]
    assert case_of(client, people, filed.json["case_id"], "lina")["mandates"][0]["mine"] is True


def test_nothing_is_registered_until_li_na_confirms_the_mandate(app, client, people):
    case_id = filed_by_chen_gang(client, people).json["case_id"]
    pay_every_part(app, client, people, case_id)
    assert eventually(lambda: case_of(client, people, case_id)["state"] == "pending_review")
    waiting = client.post(f"/api/v1/transfers/{case_id}/approve", headers=people["registrar"])
    assert (waiting.status_code, waiting.json["code"]) == (409, "mandate_unconfirmed")
    not_hers = client.post(f"/api/v1/transfers/{case_id}/mandate/confirm", headers=people["zhangwei"])
    assert (not_hers.status_code, not_hers.json["code"]) == (403, "not_the_principal")
    confirmed = client.post(f"/api/v1/transfers/{case_id}/mandate/confirm", headers=people["lina"])
    assert confirmed.status_code == 200 and confirmed.json["mandates"][0]["confirmed_at"]
    again = client.post(f"/api/v1/transfers/{case_id}/mandate/confirm", headers=people["lina"])
    assert (again.status_code, again.json["code"]) == (409, "mandate_already_confirmed")
    registrars = client.get(f"/api/v1/transfers/{case_id}", headers=people["registrar"]).json
    assert registrars["mandates"][0]["principal_id_number"] == LI_NA.id_number
    approved = client.post(f"/api/v1/transfers/{case_id}/approve", headers=people["registrar"])
    assert (approved.status_code, approved.json["state"]) == (200, "approved")


def test_filing_for_someone_without_a_mandate_is_refused_and_nothing_is_stored(client, people, head):
    client.post("/api/v1/units", json=unit_body(), headers=people["registrar"])
    before = head()
    refused = client.post("/api/v1/transfers", json=transfer_body(), headers=people["chengang"])
    assert (refused.status_code, refused.json["code"]) == (403, "filer_must_be_party")
    assert head() == before


def test_an_expired_mandate_is_refused_naming_why_and_nothing_is_stored(client, people, head):
    client.post("/api/v1/units", json=unit_body(), headers=people["registrar"])
    before = head()
    refused = client.post("/api/v1/transfers", json=transfer_body(mandates=[
        LI_NAS_MANDATE | {"valid_from": "2026-01-01", "valid_until": "2026-02-28"}]), headers=people["chengang"])
    assert (refused.status_code, refused.json["code"]) == (403, "mandate_does_not_cover")
    unknown_scope = client.post("/api/v1/transfers", json=transfer_body(mandates=[
        LI_NAS_MANDATE | {"scopes": ["sell_everything"]}]), headers=people["chengang"])
    assert unknown_scope.status_code == 422
    assert head() == before


def test_li_na_confirms_the_mandate_on_her_case_page(client, people):
    case_id = filed_by_chen_gang(client, people).json["case_id"]
    login(client, "lina")
    page = client.get(f"/applicant/cases/{case_id}").get_data(as_text=True)
    assert 'data-test="confirm-mandate"' in page and "陈刚" in page
    token = csrf(client, f"/applicant/cases/{case_id}")
    done = client.post(f"/applicant/cases/{case_id}/mandate/confirm", data={"csrf_token": token})
    assert done.status_code == 303
    page = client.get(f"/applicant/cases/{case_id}").get_data(as_text=True)
    assert 'data-test="mandate-confirmed"' in page and 'data-test="confirm-mandate"' not in page
