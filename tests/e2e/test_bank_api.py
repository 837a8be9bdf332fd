"""Bank staff's JSON API on both stores: filing the 合同信息申报表, instant approval or the registrar's
queue, live mortgages, the pollable feed and the monthly statement — and nothing of another bank's."""

import json
import threading
import time
from uuid import UUID

import pytest

from registry.kernel.actors import Role
from registry.kernel.values import mask_id_number
from registry.mortgages.commands import consent_to_filing
from registry.register_book import commands as units
from tests.builders import CANGSHAN_FLAT, GULOU_FLAT, LI_NA, ZHANG_WEI, unit_kwargs
from tests.e2e.api import eventually

ZHANG = {"name": ZHANG_WEI.name, "id_number": ZHANG_WEI.id_number}


@pytest.fixture
def banks(platform, clock):
    """ICBC and CCB Fuzhou, both accredited at the Fuzhou registry, one staff member each; the Fuzhou
    registrar, Zhang Wei and Li Na, and an admin. Tokens only: no password hashing to wait for."""
    accounts, now = platform.accounts, clock.now()
    accounts.add_org("fz-registry", "registry", "福州市不动产登记中心", province="闽", city="福州市", now=now)
    accounts.add_org("platform", "platform", "平台", now=now)
    accounts.add_org("icbc-fz", "bank", "中国工商银行福州分行", now=now)
    accounts.add_org("ccb-fz", "bank", "中国建设银行福州分行", now=now)
    accounts.add_user("registrar", Role.REGISTRAR, org="fz-registry", display_name="林登记员", now=now)
    accounts.add_user("admin", Role.ADMIN, org="platform", display_name="管理员", now=now)
    accounts.add_user("icbc", Role.BANK_STAFF, org="icbc-fz", display_name="工行信贷员", now=now)
    accounts.add_user("ccb", Role.BANK_STAFF, org="ccb-fz", display_name="建行信贷员", now=now)
    for user_id, who in (("zhangwei", ZHANG_WEI), ("lina", LI_NA)):
        accounts.add_user(user_id, Role.APPLICANT, display_name=who.name, id_number=who.id_number, now=now)
    for bank in ("icbc-fz", "ccb-fz"):
        platform.banks.accredit(bank, "fz-registry", now)
    return {u: {"Authorization": f"Bearer {accounts.issue_token(u, now)}"}
            for u in ("registrar", "admin", "icbc", "ccb", "zhangwei", "lina")}


@pytest.fixture
def gulou(platform, banks):
    """Zhang Wei's Gulou flat in the register (a 80-yuan residential unit)."""
    registrar = platform.accounts.user("registrar").actor
    platform.wait_for(units.register_unit(platform.registry, registrar, **unit_kwargs()))


def filing_body(**overrides) -> dict:
    """Zhang Wei mortgages his flat to ICBC for a 30-year housing loan of 1,000,000.00, first rank."""
    body = {
        "kind": "first", "bank_reference": "ICBC-FZ-2026-0001", "units": [GULOU_FLAT], "mortgagors": [ZHANG],
        "debtors": [ZHANG], "method": "1", "secured_amount": "1000000.00", "currency": "CNY",
        "performance_start": "2026-03-16", "performance_end": "2056-03-15",
        "guarantee_scope": "主债权及利息、违约金", "transfer_restricted": False, "loan_type": "commercial",
        "contract_numbers": ["ICBC-FZ-LOAN-0001"], "rank": 1,
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


def owner_confirms(platform, filing_id: str, who: str = "zhangwei") -> None:
    """The joint application: the owner confirms from their own account (the confirm endpoint is the
    consent desk's; the command is the same)."""
    platform.wait_for(consent_to_filing(platform.registry, platform.accounts.user(who).actor, UUID(filing_id)))


def file_and_confirm(client, platform, banks, who: str = "icbc", **overrides) -> dict:
    filed = client.post("/api/v1/mortgages", json=filing_body(**overrides), headers=banks[who])
    assert filed.status_code == 201, filed.json
    owner_confirms(platform, filed.json["filing_id"])
    return client.get(f"/api/v1/mortgages/{filed.json['filing_id']}", headers=banks[who]).json


def feed(client, banks, who: str = "icbc", after: int = 0) -> dict:
    response = client.get(f"/api/v1/bank/notifications?after={after}", headers=banks[who])
    assert response.status_code == 200, response.json
    return response.json


def test_a_filing_the_owner_confirms_is_registered_by_rule_with_its_proof_and_fee(client, platform, banks, gulou):
    filed = client.post("/api/v1/mortgages", json=filing_body(), headers=banks["icbc"])

    assert filed.status_code == 201, filed.json
    waiting = filed.json
    assert waiting["state"] == "awaiting_consent" and waiting["own"] is True and waiting["fee"] == "80.00"
    assert waiting["consents"] == [{"party": f"person:{mask_id_number(ZHANG_WEI.id_number)}", "done": False}]
    assert waiting["terms"]["secured_amount"] == "1000000.00" and waiting["bank_reference"] == "ICBC-FZ-2026-0001"
    filing_id = waiting["filing_id"]

    owner_confirms(platform, filing_id)

    registered = client.get(f"/api/v1/mortgages/{filing_id}", headers=banks["icbc"]).json
    assert registered["state"] == "registered" and registered["decided_by"] == "rule"
    assert registered["outcomes"] and {o["verdict"] for o in registered["outcomes"]} == {"pass"}
    assert registered["fee"] == "80.00" and len(registered["proof_numbers"]) == 1
    [mortgage] = client.get("/api/v1/bank/mortgages", headers=banks["icbc"]).json["mortgages"]
    assert (mortgage["unit_number"], mortgage["rank"], mortgage["amount"]) == (GULOU_FLAT, 1, "1000000.00")
    assert mortgage["proof_number"] == registered["proof_numbers"][0] and mortgage["filing_id"] == filing_id
    listed = client.get("/api/v1/mortgages?state=registered", headers=banks["icbc"]).json["filings"]
    assert [f["filing_id"] for f in listed] == [filing_id]

    pushed = eventually(lambda: len(feed(client, banks)["items"]) == 2 and feed(client, banks))
    assert [n["kind"] for n in pushed["items"]] == ["filing_registered", "proof_issued"]
    assert pushed["next_after"] == 2 and pushed["items"][0]["payload"]["proof_numbers"] == registered["proof_numbers"]
    proof = pushed["items"][1]["payload"]
    assert proof["number"] == mortgage["proof_number"] and proof["filing_id"] == filing_id
    assert proof["download"] == f"/api/v1/certificates/{proof['certificate_id']}.pdf"
    assert feed(client, banks, after=2) == {"items": [], "next_after": 2}


def test_a_filing_asking_for_a_taken_rank_waits_for_the_registrar_with_the_reasons(client, platform, banks,
                                                                                   gulou):
    queued = file_and_confirm(client, platform, banks, rank=2)

    assert queued["state"] == "queued" and queued["proof_numbers"] == []
    assert [o["rule"] for o in queued["outcomes"] if o["verdict"] == "fail"] == ["rank_free"]
    assert "the next rank is 1" in queued["reason"]
    [told] = feed(client, banks)["items"]
    assert told["kind"] == "filing_queued" and told["payload"]["reasons"][0]["rule"] == "rank_free"
    assert client.get("/api/v1/bank/mortgages", headers=banks["icbc"]).json["mortgages"] == []


BAD_FILINGS = [
    ("missing kind", {"kind": None}, "kind"),
    ("unknown kind", {"kind": "refinance"}, "kind"),
    ("missing units", {"units": None}, "units"),
    ("wrong unit number", {"units": ["350102001001GB00001F0001000X"]}, "units"),
    ("missing secured amount", {"secured_amount": None}, "secured_amount"),
    ("three decimals", {"secured_amount": "1000000.001"}, "secured_amount"),
    ("exponent string", {"secured_amount": "1e6"}, "secured_amount"),
    ("not a number", {"secured_amount": "NaN"}, "secured_amount"),
    ("negative", {"secured_amount": "-1000000.00"}, "secured_amount"),
    ("zero", {"secured_amount": "0.00"}, "secured_amount"),
    ("a maximum on a general mortgage", {"maximum_amount": "2000000.00"}, "maximum_amount"),
    ("unknown method", {"method": "3"}, "method"),
    ("missing mortgagors", {"mortgagors": []}, "mortgagors"),
    ("bad ID check digit", {"mortgagors": [{**ZHANG, "id_number": ZHANG_WEI.id_number[:17] + "0"}]}, "mortgagors"),
    ("missing debtors", {"debtors": None}, "debtors"),
    ("missing rank", {"rank": None}, "rank"),
    ("rank as text", {"rank": "1"}, "rank"),
    ("performance ends before it starts", {"performance_end": "2026-01-01"}, "performance_end"),
    ("no such date", {"performance_start": "2026-02-30"}, "performance_start"),
    ("unknown currency", {"currency": "USD"}, "currency"),
    ("restriction as text", {"transfer_restricted": "yes"}, "transfer_restricted"),
    ("proof numbers on a first registration", {"proof_numbers": ["闽(2026)福州市不动产证明第0000001号"]},
     "proof_numbers"),
    ("unknown field", {"colour": "red"}, "colour"),
    ("a unit listed twice", {"units": [GULOU_FLAT, GULOU_FLAT]}, "units"),
    ("a transfer without an assignee", {"kind": "transfer", "proof_numbers": ["P-1"], "mortgagors": None,
                                        "rank": None, **dict.fromkeys(
                                            ("debtors", "method", "secured_amount", "performance_start",
                                             "performance_end", "guarantee_scope", "loan_type",
                                             "contract_numbers"))}, "assignee"),
    ("terms on a discharge", {"kind": "discharge", "proof_numbers": ["P-1"], "mortgagors": None, "rank": None},
     "secured_amount"),
    ("a pre-notice at an unknown office", {"kind": "pre_notice", "rank": None, "registry": "nowhere",
                                           "location": "福州市鼓楼区五四路88号2单元801室"}, "registry"),
]


@pytest.mark.parametrize("label,change,field", BAD_FILINGS, ids=[c[0] for c in BAD_FILINGS])
def test_a_bad_filing_is_refused_with_the_field_named_and_stores_nothing(client, banks, gulou, head, label,
                                                                        change, field):
    before = head()

    response = client.post("/api/v1/mortgages", json=filing_body(**change), headers=banks["icbc"])

    assert response.status_code == 422, response.json
    assert response.json["code"] in ("invalid_input", "invalid_value") and response.json["message"]
    assert field in response.json["errors"], response.json
    assert head() == before
    assert client.get("/api/v1/mortgages", headers=banks["icbc"]).json["filings"] == []


@pytest.mark.parametrize("label,mortgagors,says", [
    ("a stranger", [ZHANG, {"name": LI_NA.name, "id_number": LI_NA.id_number}], "does not own unit"),
    ("the owner's ID under another name", [{**ZHANG, "name": "张卫"}], "does not match the register"),
])
def test_a_mortgagor_not_on_the_register_is_a_422_naming_mortgagors_and_nobody_is_asked(client, banks, gulou, head,
                                                                                       label, mortgagors, says):
    before = head()

    response = client.post("/api/v1/mortgages", json=filing_body(mortgagors=mortgagors), headers=banks["icbc"])

    assert response.status_code == 422, response.json
    assert response.json["code"] == "mortgagors_are_owners" and says in response.json["message"]
    assert list(response.json["errors"]) == ["mortgagors"]
    assert head() == before  # no filing, so no consent request reaches Li Na or anyone else
    assert client.get("/api/v1/mortgages", headers=banks["icbc"]).json["filings"] == []


@pytest.mark.parametrize("number", ["1E+6", "1.5e6", "1000000.005"])
def test_an_amount_as_a_json_number_must_be_plain_digits_with_two_decimals(client, banks, gulou, head, number):
    body = json.dumps(filing_body()).replace('"1000000.00"', number)
    before = head()

    response = client.post("/api/v1/mortgages", data=body, content_type="application/json", headers=banks["icbc"])

    assert response.status_code == 422 and "secured_amount" in response.json["errors"]
    assert head() == before


def test_an_exact_json_number_is_taken_as_an_exact_decimal(client, banks, gulou):
    body = json.dumps(filing_body()).replace('"1000000.00"', "1000000.10")
    response = client.post("/api/v1/mortgages", data=body, content_type="application/json", headers=banks["icbc"])
    assert response.status_code == 201, response.json
    assert response.json["terms"]["secured_amount"] == "1000000.10"


def test_a_bank_reference_used_before_is_a_409_and_stores_nothing(client, banks, gulou, head):
    assert client.post("/api/v1/mortgages", json=filing_body(), headers=banks["icbc"]).status_code == 201
    before = head()

    again = client.post("/api/v1/mortgages", json=filing_body(secured_amount="900000.00"), headers=banks["icbc"])

    assert again.status_code == 409 and again.json["code"] == "filing_already_exists"
    assert "bank_reference" in again.json["errors"]
    assert head() == before
    assert client.post("/api/v1/mortgages", json=filing_body(), headers=banks["ccb"]).status_code == 201


def test_another_bank_sees_neither_the_filing_nor_the_mortgage_nor_the_notifications(client, platform, banks,
                                                                                     gulou):
    filing_id = file_and_confirm(client, platform, banks)["filing_id"]

    unknown = client.get(f"/api/v1/mortgages/{filing_id}", headers=banks["ccb"])
    assert unknown.status_code == 404 and unknown.json["code"] == "not_found"
    missing = client.get("/api/v1/mortgages/6f1d3f8e-5c4b-4e59-9a57-3b1c0f0e2a11", headers=banks["ccb"])
    assert missing.json == unknown.json
    assert client.get("/api/v1/mortgages", headers=banks["ccb"]).json["filings"] == []
    assert client.get("/api/v1/bank/mortgages", headers=banks["ccb"]).json["mortgages"] == []
    assert feed(client, banks, "ccb") == {"items": [], "next_after": 0}
    assert client.get("/api/v1/bank/statement?month=2026-03", headers=banks["ccb"]).json["lines"] == []
    assert client.get(f"/api/v1/mortgages/{filing_id}", headers=banks["admin"]).status_code == 200


@pytest.mark.parametrize("who", ["lina", "registrar"])
def test_applicants_and_registrars_may_not_use_the_bank_endpoints(client, banks, gulou, head, who):
    before = head()
    assert client.post("/api/v1/mortgages", json=filing_body(), headers=banks[who]).status_code == 403
    for path in ("/api/v1/mortgages", f"/api/v1/mortgages/{UUID(int=1)}", "/api/v1/bank/mortgages",
                 "/api/v1/bank/notifications", "/api/v1/bank/statement?month=2026-03"):
        response = client.get(path, headers=banks[who])
        assert response.status_code == 403 and response.json["code"] == "forbidden", path
    assert head() == before


def test_the_statement_sums_the_fees_of_filings_registered_in_that_month_only(client, platform, banks, gulou,
                                                                              clock):
    registrar = platform.accounts.user("registrar").actor
    platform.wait_for(units.register_unit(platform.registry, registrar, **unit_kwargs(
        unit_number=CANGSHAN_FLAT, owners=None)))
    first = file_and_confirm(client, platform, banks)
    file_and_confirm(client, platform, banks, bank_reference="ICBC-FZ-2026-0002", rank=5)  # queued: not charged
    clock.advance(minutes=10)
    second = file_and_confirm(client, platform, banks, bank_reference="ICBC-FZ-2026-0003", units=[CANGSHAN_FLAT])
    clock.advance(days=20)
    file_and_confirm(client, platform, banks, bank_reference="ICBC-FZ-2026-0004", rank=2)

    march = client.get("/api/v1/bank/statement?month=2026-03", headers=banks["icbc"])

    assert march.status_code == 200, march.json
    assert [(line["filing_id"], line["fee"]) for line in march.json["lines"]] == [
        (first["filing_id"], "80.00"), (second["filing_id"], "80.00")]
    assert march.json["total"] == "160.00" and march.json["month"] == "2026-03"
    assert client.get("/api/v1/bank/statement?month=2026-04", headers=banks["icbc"]).json["total"] == "80.00"
    bad = client.get("/api/v1/bank/statement?month=2026-3", headers=banks["icbc"])
    assert bad.status_code == 422 and "month" in bad.json["errors"]
    assert client.get("/api/v1/mortgages?state=lost", headers=banks["icbc"]).status_code == 422


def test_a_bank_consents_to_a_transfer_it_takes_and_then_sees_the_filing_without_the_others_reference(
        client, platform, banks, gulou):
    proof = file_and_confirm(client, platform, banks)["proof_numbers"][0]
    transfer = client.post("/api/v1/mortgages", headers=banks["icbc"], json={
        "kind": "transfer", "bank_reference": "ICBC-FZ-2026-T1", "units": [GULOU_FLAT], "proof_numbers": [proof],
        "assignee": "ccb-fz"})
    assert transfer.status_code == 201, transfer.json

    seen = client.get(f"/api/v1/mortgages/{transfer.json['filing_id']}", headers=banks["ccb"]).json
    assert seen["own"] is False and seen["bank_reference"] is None and seen["state"] == "awaiting_consent"
    assert [n["kind"] for n in feed(client, banks, "ccb")["items"]] == ["consent_requested"]
    platform.wait_for(consent_to_filing(platform.registry, platform.accounts.user("ccb").actor,
                                        UUID(transfer.json["filing_id"])))

    [taken] = client.get("/api/v1/bank/mortgages", headers=banks["ccb"]).json["mortgages"]
    assert taken["rank"] == 1 and taken["filing_id"] == transfer.json["filing_id"]
    assert client.get("/api/v1/bank/mortgages", headers=banks["icbc"]).json["mortgages"] == []


def test_a_change_of_amount_then_a_discharge_through_the_api(client, platform, banks, gulou):
    proof = file_and_confirm(client, platform, banks)["proof_numbers"][0]
    change = client.post("/api/v1/mortgages", headers=banks["icbc"], json=filing_body(
        kind="change", bank_reference="ICBC-FZ-2026-C1", secured_amount="800000.00", mortgagors=None, rank=None,
        proof_numbers=[proof]))
    assert change.status_code == 201, change.json
    owner_confirms(platform, change.json["filing_id"])

    changed = client.get(f"/api/v1/mortgages/{change.json['filing_id']}", headers=banks["icbc"]).json
    assert changed["state"] == "registered" and changed["fee"] == "80.00"
    [mortgage] = client.get("/api/v1/bank/mortgages", headers=banks["icbc"]).json["mortgages"]
    assert (mortgage["amount"], mortgage["rank"]) == ("800000.00", 1)
    assert mortgage["proof_number"] == changed["proof_numbers"][0] != proof

    discharge = client.post("/api/v1/mortgages", headers=banks["icbc"], json={
        "kind": "discharge", "bank_reference": "ICBC-FZ-2026-D1", "units": [GULOU_FLAT],
        "proof_numbers": [mortgage["proof_number"]]})

    assert discharge.status_code == 201, discharge.json
    assert discharge.json["state"] == "registered" and discharge.json["fee"] == "0.00"
    assert client.get("/api/v1/bank/mortgages", headers=banks["icbc"]).json["mortgages"] == []
    # the changed proof's proof_issued may arrive after the discharge: the issuer seals it in the background
    discharged = [n for n in feed(client, banks)["items"] if n["kind"] == "mortgage_discharged"]
    assert [n["payload"]["proof_number"] for n in discharged] == [mortgage["proof_number"]]


def test_a_long_poll_of_the_feed_answers_as_soon_as_the_proof_is_issued(client, platform, banks, gulou):
    """A bank that cannot take webhooks waits on its feed instead of polling it: the answer comes with the
    notification, not at the end of the wait."""
    filed = client.post("/api/v1/mortgages", json=filing_body(), headers=banks["icbc"]).get_json()
    seen = feed(client, banks)["next_after"]  # nothing new until the owner confirms
    answered: dict = {}

    def long_poll() -> None:
        started = time.monotonic()
        answered["body"] = client.get(f"/api/v1/bank/notifications?after={seen}&wait=20",
                                      headers=banks["icbc"]).get_json()
        answered["seconds"] = time.monotonic() - started

    waiter = threading.Thread(target=long_poll)
    waiter.start()
    owner_confirms(platform, filed["filing_id"])
    waiter.join(timeout=25)
    assert [i["kind"] for i in answered["body"]["items"]][:1] == ["filing_registered"]
    assert answered["seconds"] < 10  # it did not sit out the 20 seconds it was allowed


def test_a_long_poll_with_nothing_new_returns_empty_after_its_wait(client, banks, gulou):
    seen = feed(client, banks)["next_after"]
    started = time.monotonic()
    body = client.get(f"/api/v1/bank/notifications?after={seen}&wait=1", headers=banks["icbc"]).get_json()
    assert body == {"items": [], "next_after": seen}
    assert time.monotonic() - started >= 1


def test_a_long_poll_may_not_hold_a_server_thread_for_more_than_25_seconds(client, banks, gulou, head):
    before = head()
    response = client.get("/api/v1/bank/notifications?wait=26", headers=banks["icbc"])
    assert response.status_code == 422 and "wait" in response.get_json()["errors"]
    assert head() == before
