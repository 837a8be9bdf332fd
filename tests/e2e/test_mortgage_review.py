"""The joint application and the registrar's mortgage queue through the JSON API, on both stores.

Banks file with the domain command (their own filing endpoint has its own tests); owners confirm or
decline from their accounts, and registrars decide what the rules could not.
"""

from uuid import uuid4

import pytest

from registry.kernel.actors import Actor, Role
from registry.mortgages import commands
from registry.mortgages.values import FilingKind
from registry.register_book import commands as units
from tests.builders import (
    CANGSHAN_FLAT,
    CCB,
    GULOU_FLAT,
    ICBC,
    WANG_FANG,
    ZHANG_WEI,
    halves,
    mortgage_kwargs,
    unit_kwargs,
)
from tests.e2e.conftest import PASSWORD
from tests.e2e.test_pages import login, text

REGISTRAR = Actor(user_id="registrar", role=Role.REGISTRAR, org="fz-registry")
ICBC_STAFF = Actor(user_id="icbc", role=Role.BANK_STAFF, org=ICBC)
OBJECTION = {"reference": "(2026)榕异字第12号", "applicant": "王芳", "reason": "主张该房屋系夫妻共同财产"}


@pytest.fixture
def banks(platform, people, clock):
    """ICBC and CCB, both accredited at the Fuzhou office, each with one member of staff; Wang Fang too."""
    accounts, now = platform.accounts, clock.now()
    for org, name in ((ICBC, "中国工商银行福州分行"), (CCB, "中国建设银行福州分行")):
        accounts.add_org(org, "bank", name, now=now)
        platform.banks.accredit(org, "fz-registry", now)
    accounts.add_user("icbc", Role.BANK_STAFF, org=ICBC, display_name="周柜员", password=PASSWORD, now=now)
    accounts.add_user("ccb", Role.BANK_STAFF, org=CCB, display_name="吴柜员", password=PASSWORD, now=now)
    accounts.add_user("wangfang", Role.APPLICANT, display_name=WANG_FANG.name, password=PASSWORD,
                      id_number=WANG_FANG.id_number, now=now)
    people.update({u: {"Authorization": f"Bearer {accounts.issue_token(u, now)}"}
                   for u in ("icbc", "ccb", "wangfang")})
    return people


@pytest.fixture
def gulou(platform):
    """Zhang Wei's flat, sole owner, nothing on it."""
    units.register_unit(platform.registry, REGISTRAR, **unit_kwargs())
    return GULOU_FLAT


def file(platform, reference="ICBC-2026-0001", staff=ICBC_STAFF, **filing) -> str:
    receipt = commands.file_mortgage(platform.registry, staff, **mortgage_kwargs(reference, **filing))
    platform.wait_for(receipt)
    return str(receipt.id)


def page(client, people, who="registrar", unit_number=GULOU_FLAT) -> dict:
    return client.get(f"/api/v1/units/{unit_number}", headers=people[who]).json


def desk(client, people, filing_id, who="registrar"):
    return client.get(f"/api/v1/registrar/mortgages/{filing_id}", headers=people[who])


def confirm(client, people, filing_id, who="zhangwei"):
    return client.post(f"/api/v1/mortgages/{filing_id}/confirm", headers=people[who])


@pytest.fixture
def queued(client, banks, gulou, platform):
    """An objection is on the flat, so Zhang Wei's confirmation sends ICBC's filing to the registrar."""
    objected = client.post(f"/api/v1/units/{GULOU_FLAT}/objections", json=OBJECTION, headers=banks["registrar"])
    assert objected.status_code == 201, objected.json
    filing_id = file(platform)
    assert confirm(client, banks, filing_id).json["state"] == "queued"
    return filing_id


# -- the joint application -----------------------------------------------------------------------
def test_owner_confirms_the_filing_awaiting_them_and_it_is_registered_at_once_by_rule(client, banks, gulou,
                                                                                        platform):
    filing_id = file(platform)

    waiting = client.get("/api/v1/consents", headers=banks["zhangwei"])
    assert waiting.status_code == 200
    [asked] = waiting.json["filings"]
    assert asked["filing_id"] == filing_id and asked["bank_name"] == "中国工商银行福州分行"
    assert asked["kind"] == "first" and asked["unit_numbers"] == [GULOU_FLAT] and asked["my_consent"] == "awaiting"
    assert asked["terms"]["amount"] == "1000000.00" and asked["terms"]["method"] == "1"
    assert (asked["terms"]["performance_start"], asked["terms"]["performance_end"]) == ("2026-03-16", "2056-03-15")
    assert asked["terms"]["transfer_restricted"] is False
    assert "fee" not in asked and ZHANG_WEI.id_number not in waiting.get_data(as_text=True)

    confirmed = confirm(client, banks, filing_id)

    assert confirmed.status_code == 200, confirmed.json
    assert confirmed.json["state"] == "registered" and confirmed.json["my_consent"] == "confirmed"
    [proof] = confirmed.json["proof_numbers"]
    assert client.get("/api/v1/consents", headers=banks["zhangwei"]).json["filings"] == []
    reviewed = desk(client, banks, filing_id).json
    assert reviewed["registered_by"] == "rule" and reviewed["reasons"] == []
    assert {o["verdict"] for o in reviewed["outcomes"]} == {"pass"}
    assert [h["event"] for h in reviewed["history"]] == ["Filed", "Consented", "Registered"]
    [mortgage] = page(client, banks)["mortgages"]
    assert (mortgage["rank"], mortgage["bank_name"], mortgage["amount"], mortgage["proof_number"]) == (
        1, "中国工商银行福州分行", "1000000.00", proof)
    assert page(client, banks)["history"][-1] | {"at": None, "version": None, "summary": None} == {
        "event": "MortgageRegistered", "djlx": "100", "qllx": "37", "at": None, "version": None, "summary": None}
    owners_view = page(client, banks, "zhangwei")
    assert owners_view["mortgages"][0]["proof_number"] == proof
    assert ZHANG_WEI.id_number not in repr(owners_view)


def test_owner_declines_and_nothing_reaches_the_unit(client, banks, gulou, platform):
    filing_id = file(platform)

    declined = client.post(f"/api/v1/mortgages/{filing_id}/decline", json={"reason": "未签过该借款合同"},
                           headers=banks["zhangwei"])

    assert declined.status_code == 200, declined.json
    assert declined.json["state"] == "declined" and declined.json["my_consent"] == "declined"
    assert declined.json["reason"] == "未签过该借款合同"
    assert page(client, banks)["mortgages"] == []
    assert desk(client, banks, filing_id).json["state"] == "declined"
    late = confirm(client, banks, filing_id)
    assert late.status_code == 409 and late.json["code"] == "filing_not_pending"


def test_a_strangers_confirmation_is_not_found_and_stores_nothing(client, banks, gulou, platform, head):
    filing_id = file(platform)
    before = head()

    for who in ("lina", "ccb"):
        refused = confirm(client, banks, filing_id, who)
        assert refused.status_code == 404 and refused.json["code"] == "unknown_filing", who
    missing = confirm(client, banks, uuid4(), "lina")
    assert (missing.status_code, missing.json["message"]) == (404, refused.json["message"])
    assert client.get(f"/api/v1/consents/{filing_id}", headers=banks["lina"]).status_code == 404
    assert client.post(f"/api/v1/mortgages/{filing_id}/decline", headers=banks["lina"]).status_code == 404

    assert head() == before
    assert client.get(f"/api/v1/consents/{filing_id}", headers=banks["zhangwei"]).json["state"] == (
        "awaiting_consent")


def test_co_owners_filing_is_registered_only_after_both_confirm(client, banks, platform):
    units.register_unit(platform.registry, REGISTRAR,
                        **unit_kwargs(unit_number=CANGSHAN_FLAT, owners=halves(ZHANG_WEI, WANG_FANG)))
    filing_id = file(platform, unit_numbers=[CANGSHAN_FLAT], mortgagors=[ZHANG_WEI, WANG_FANG])

    first = confirm(client, banks, filing_id)

    assert first.json["state"] == "awaiting_consent"
    assert [(p["name"], p["state"]) for p in first.json["parties"]] == [(ZHANG_WEI.name, "confirmed"),
                                                                       (WANG_FANG.name, "awaiting")]
    assert page(client, banks, unit_number=CANGSHAN_FLAT)["mortgages"] == []
    assert [f["filing_id"] for f in client.get("/api/v1/consents", headers=banks["wangfang"]).json["filings"]] == [
        filing_id]

    second = confirm(client, banks, filing_id, "wangfang")

    assert second.json["state"] == "registered"
    assert [m["bank_name"] for m in page(client, banks, unit_number=CANGSHAN_FLAT)["mortgages"]] == [
        "中国工商银行福州分行"]


def test_counterpart_bank_confirms_a_transfer_of_the_mortgage_to_it(client, banks, gulou, platform):
    confirm(client, banks, file(platform))
    [mortgage] = page(client, banks)["mortgages"]
    filing_id = file(platform, "ICBC-2026-0002", kind=FilingKind.TRANSFER, assignee=CCB,
                     proof_numbers=[mortgage["proof_number"]])

    confirmed = confirm(client, banks, filing_id, "ccb")

    assert confirmed.status_code == 200, confirmed.json
    assert confirmed.json["state"] == "registered"
    [moved] = page(client, banks)["mortgages"]
    assert (moved["bank_name"], moved["mortgage_id"]) == ("中国建设银行福州分行", mortgage["mortgage_id"])
    assert moved["proof_number"] != mortgage["proof_number"]


# -- the registrar's queue -----------------------------------------------------------------------
def test_objection_sends_the_filing_to_the_queue_and_the_registrar_approves_it(client, banks, queued, clock):
    clock.advance(minutes=10)

    [waiting] = client.get("/api/v1/registrar/mortgages/queue", headers=banks["registrar"]).json["filings"]

    assert waiting["filing_id"] == queued and waiting["age_seconds"] == 600
    assert [(r["rule"], r["verdict"]) for r in waiting["reasons"]] == [("no_objection", "warn")]
    assert "(2026)榕异字第12号" in waiting["reasons"][0]["message"]
    assert waiting["mortgagors"] == [{"name": ZHANG_WEI.name, "id_number": ZHANG_WEI.id_number}]
    assert waiting["fee"] == "80" and waiting["bank_name"] == "中国工商银行福州分行"
    assert page(client, banks)["mortgages"] == []

    approved = client.post(f"/api/v1/registrar/mortgages/{queued}/approve", headers=banks["registrar"])

    assert approved.status_code == 200, approved.json
    assert approved.json["state"] == "registered" and approved.json["registered_by"] == "registrar"
    assert [h["event"] for h in approved.json["history"]] == ["Filed", "Consented", "Queued", "Registered"]
    assert approved.json["history"][-1]["by"] == "registrar"
    assert client.get("/api/v1/registrar/mortgages/queue", headers=banks["registrar"]).json["filings"] == []
    unit = page(client, banks)
    assert [m["bank_name"] for m in unit["mortgages"]] == ["中国工商银行福州分行"]
    assert [o["reference"] for o in unit["objections"]] == [OBJECTION["reference"]]
    assert client.get(f"/api/v1/consents/{queued}", headers=banks["zhangwei"]).json["state"] == "registered"


def test_rejection_needs_a_reason_and_records_it(client, banks, queued, head):
    before = head()
    for body in ({}, {"reason": ""}, {"reason": "   "}):
        refused = client.post(f"/api/v1/registrar/mortgages/{queued}/reject", json=body,
                              headers=banks["registrar"])
        assert refused.status_code == 422, body
    assert head() == before

    rejected = client.post(f"/api/v1/registrar/mortgages/{queued}/reject", json={"reason": "异议未消除，请先处理异议"},
                           headers=banks["registrar"])

    assert rejected.status_code == 200, rejected.json
    assert (rejected.json["state"], rejected.json["reason"]) == ("rejected", "异议未消除，请先处理异议")
    assert rejected.json["history"][-1]["event"] == "Rejected"
    assert page(client, banks)["mortgages"] == []
    told = client.get(f"/api/v1/consents/{queued}", headers=banks["zhangwei"]).json
    assert (told["state"], told["reason"]) == ("rejected", "异议未消除，请先处理异议")
    listed = client.get("/api/v1/registrar/mortgages?state=rejected", headers=banks["registrar"]).json["filings"]
    assert [f["filing_id"] for f in listed] == [queued]


def test_registrar_of_another_registry_cannot_see_or_decide_the_filing(client, banks, queued, head):
    before = head()
    xiamen = banks["xm-registrar"]

    assert desk(client, banks, queued, "xm-registrar").status_code == 404
    assert client.get("/api/v1/registrar/mortgages/queue", headers=xiamen).json["filings"] == []
    assert client.get("/api/v1/registrar/mortgages", headers=xiamen).json["filings"] == []
    assert client.post(f"/api/v1/registrar/mortgages/{queued}/approve", headers=xiamen).status_code == 404
    assert client.post(f"/api/v1/registrar/mortgages/{queued}/reject", json={"reason": "越权"},
                       headers=xiamen).status_code == 404
    assert client.post(f"/api/v1/units/{GULOU_FLAT}/objections", json={**OBJECTION, "reference": "X-1"},
                       headers=xiamen).status_code == 404

    assert head() == before
    assert desk(client, banks, queued).json["state"] == "queued"


def test_approval_is_refused_by_name_while_a_rule_still_fails(client, banks, queued, platform, head):
    units.lock_unit(platform.registry, REGISTRAR, unit_number=GULOU_FLAT, authority="福州市鼓楼区人民法院",
                    reference="(2026)闽0102执123号", reason="查封")
    before = head()

    refused = client.post(f"/api/v1/registrar/mortgages/{queued}/approve", headers=banks["registrar"])

    assert refused.status_code == 422 and refused.json["code"] == "no_seizure_or_lock"
    assert "(2026)闽0102执123号" in refused.json["message"]
    assert head() == before
    assert desk(client, banks, queued).json["state"] == "queued"
    assert page(client, banks)["mortgages"] == []


def test_cancelled_objection_lets_the_next_filing_register_by_rule(client, banks, queued, platform):
    reference = OBJECTION["reference"]

    cancelled = client.post(f"/api/v1/units/{GULOU_FLAT}/objections/{reference}/cancel",
                            headers=banks["registrar"])

    assert cancelled.status_code == 200, cancelled.json
    assert cancelled.json["objections"] == []
    assert [h["event"] for h in cancelled.json["history"]][-2:] == ["ObjectionRegistered", "ObjectionCancelled"]
    assert [(h["djlx"], h["qllx"]) for h in cancelled.json["history"]][-2:] == [("600", "97"), ("400", "97")]
    again = client.post(f"/api/v1/units/{GULOU_FLAT}/objections/{reference}/cancel", headers=banks["registrar"])
    assert again.status_code == 422 and again.json["code"] == "invalid_value"
    assert confirm(client, banks, file(platform, "ICBC-2026-0002")).json["state"] == "registered"


def test_only_registrars_register_objections_and_bad_input_is_refused(client, banks, gulou, head):
    before = head()
    url = f"/api/v1/units/{GULOU_FLAT}/objections"

    assert client.post(url, json=OBJECTION, headers=banks["zhangwei"]).status_code == 403
    assert client.post(url, json=OBJECTION, headers=banks["icbc"]).status_code == 403
    missing = client.post(url, json={"reference": "X-1"}, headers=banks["registrar"])
    assert missing.status_code == 422 and set(missing.json["errors"]) == {"applicant", "reason"}
    blank = client.post(url, json={**OBJECTION, "reason": "  "}, headers=banks["registrar"])
    assert blank.status_code == 422 and blank.json["errors"] == {"reason": ["an objection states its reason"]}
    assert client.post("/api/v1/units/350102001001GB00001F00010099/objections", json=OBJECTION,
                       headers=banks["registrar"]).status_code == 404

    assert head() == before


def test_bank_staff_cannot_read_the_register_book(client, banks, gulou, platform):
    confirm(client, banks, file(platform))

    assert client.get(f"/api/v1/units/{GULOU_FLAT}", headers=banks["icbc"]).status_code == 403
    assert client.get("/api/v1/registrar/mortgages", headers=banks["icbc"]).status_code == 403
    assert client.get("/api/v1/consents", headers=banks["icbc"]).status_code == 403


def test_bad_queries_and_ids_get_the_error_shape(client, banks):
    wrong_state = client.get("/api/v1/registrar/mortgages?state=approved", headers=banks["registrar"])
    assert wrong_state.status_code == 422 and set(wrong_state.json["errors"]) == {"state"}
    assert client.get("/api/v1/consents?show=everything", headers=banks["zhangwei"]).status_code == 422
    not_an_id = client.post("/api/v1/mortgages/ICBC-2026-0001/confirm", headers=banks["zhangwei"])
    assert not_an_id.status_code == 404 and set(not_an_id.json) == {"code", "message", "errors"}


def test_the_register_book_page_shows_the_mortgages_in_rank_order_with_their_proofs(client, banks, gulou, platform):
    confirm(client, banks, file(platform))
    [mortgage] = page(client, banks)["mortgages"]
    login(client, "registrar")

    unit = text(client.get(f"/units/{GULOU_FLAT}"))

    section = unit[unit.index('data-test="unit-mortgages"'):unit.index('data-test="unit-history"')]
    assert "中国工商银行福州分行" in section and "1000000.00 CNY" in section
    assert section.count(mortgage["proof_number"]) == 1 and "2056-03-15" in section
    assert mortgage["proof_number"] in unit[unit.index('data-test="unit-history"'):]  # the registration's row
