"""带押过户 over HTTP on both stores: Zhang Wei sells his Gulou flat to Li Na while his ICBC loan, agreed
禁止转让, is outstanding. ICBC's discharge, the transfer and CCB's new mortgage for Li Na are one combined
registration: all of it, or — when any part is refused — none of it. Each bank sees only its own part.

Everything goes through the API (filing, the owners' confirmations, the purchase paid through the
sandbox, the registrar's approval); the issuer loop and the views run as in production."""

from __future__ import annotations

import pytest

from registry.kernel.actors import Role
from tests.builders import GULOU_FLAT, LI_NA, ZHANG_WEI
from tests.e2e.api import case_of, eventually, pay_case, transfer_body, unit_body
from tests.e2e.test_pages import login, text

BANKS = {"icbc": ("icbc-fz", "中国工商银行福州分行"), "ccb": ("ccb-fz", "中国建设银行福州分行")}
ZHANG = {"name": ZHANG_WEI.name, "id_number": ZHANG_WEI.id_number}
LINA = {"name": LI_NA.name, "id_number": LI_NA.id_number}
ICBC_PROOF = "闽(2026)福州市不动产证明第0000001号"


@pytest.fixture
def banks(platform, people, clock):
    """ICBC and CCB Fuzhou, accredited at the Fuzhou registry, one member of staff each with an API token."""
    accounts, now = platform.accounts, clock.now()
    for user_id, (org, name) in BANKS.items():
        accounts.add_org(org, "bank", name, now=now)
        platform.banks.accredit(org, "fz-registry", now)
        accounts.add_user(user_id, Role.BANK_STAFF, org=org, display_name=f"{name}信贷部", now=now)
    return people | {u: {"Authorization": f"Bearer {accounts.issue_token(u, now)}"} for u in BANKS}


def housing_loan(reference: str, borrower: dict, amount: str, **overrides) -> dict:
    """A 30-year general mortgage, first rank, the borrower mortgaging the flat to secure their own debt."""
    return {"kind": "first", "bank_reference": reference, "units": [GULOU_FLAT], "mortgagors": [borrower],
            "debtors": [borrower], "method": "1", "secured_amount": amount, "currency": "CNY",
            "performance_start": "2026-03-16", "performance_end": "2056-03-15",
            "guarantee_scope": "主债权及利息、违约金", "loan_type": "commercial",
            "contract_numbers": [f"{reference}-LOAN"], "rank": 1, **overrides}


def file(client, banks, who: str, body: dict) -> dict:
    filed = client.post("/api/v1/mortgages", json=body, headers=banks[who])
    assert filed.status_code == 201, filed.json
    return filed.json


def confirm(client, banks, who: str, filing_id: str) -> dict:
    confirmed = client.post(f"/api/v1/mortgages/{filing_id}/confirm", headers=banks[who])
    assert confirmed.status_code == 200, confirmed.json
    return confirmed.json


def filing(client, banks, who: str, filing_id: str) -> dict:
    found = client.get(f"/api/v1/mortgages/{filing_id}", headers=banks[who])
    assert found.status_code == 200, found.json
    return found.json


def unit_page(client, banks, who: str = "registrar") -> dict:
    return client.get(f"/api/v1/units/{GULOU_FLAT}", headers=banks[who]).json


def live_mortgages(client, banks, who: str) -> list[dict]:
    return client.get("/api/v1/bank/mortgages", headers=banks[who]).json["mortgages"]


def feed(client, banks, who: str) -> list[dict]:
    return client.get("/api/v1/bank/notifications?limit=1000", headers=banks[who]).json["items"]


def proof_status(client, banks, who: str, number: str) -> str | None:
    proofs = client.get("/api/v1/certificates/proofs", headers=banks[who]).json["proofs"]
    return next((p["status"] for p in proofs if p["number"] == number), None)


@pytest.fixture
def icbc_mortgage(client, banks) -> dict:
    """Zhang Wei's flat is in the register; ICBC files its 1,000,000.00 loan on it, agreed 禁止转让, and Zhang
    Wei confirms from his account: registered by rule, proof number 1."""
    assert client.post("/api/v1/units", json=unit_body(), headers=banks["registrar"]).status_code == 201
    filed = file(client, banks, "icbc", housing_loan("ICBC-FZ-2026-0001", ZHANG, "1000000.00",
                                                     transfer_restricted=True))
    assert confirm(client, banks, "zhangwei", filed["filing_id"])["state"] == "registered"
    registered = filing(client, banks, "icbc", filed["filing_id"])
    assert registered["proof_numbers"] == [ICBC_PROOF] and registered["terms"]["transfer_restricted"] is True
    return registered


@pytest.fixture
def sale(app, client, banks, icbc_mortgage) -> str:
    """Li Na buys the flat: she files the transfer and pays it through the sandbox; settled, it waits for
    the registrar."""
    filed = client.post("/api/v1/transfers", json=transfer_body(), headers=banks["lina"])
    assert filed.status_code == 201, filed.json
    case_id = filed.json["case_id"]
    pay_case(app, client, banks, case_id)
    assert eventually(lambda: case_of(client, banks, case_id)["state"] == "pending_review")
    return case_id


def icbc_discharge(client, banks, sale: str) -> dict:
    """ICBC's part: the discharge of its mortgage, joined to the transfer (free, nobody's consent needed)."""
    return file(client, banks, "icbc", {"kind": "discharge", "bank_reference": "ICBC-FZ-2026-0001-ZX",
                                        "units": [GULOU_FLAT], "proof_numbers": [ICBC_PROOF],
                                        "transfer_case_id": sale})


def ccb_new_mortgage(client, banks, sale: str) -> dict:
    """CCB's part: Li Na's 1,400,000.00 loan on the flat she is buying, joined to the transfer."""
    return file(client, banks, "ccb", housing_loan("CCB-FZ-2026-0088", LINA, "1400000.00", transfer_case_id=sale))


def approve(client, banks, sale: str):
    return client.post(f"/api/v1/transfers/{sale}/approve", headers=banks["registrar"])


@pytest.fixture
def both_parts(client, banks, sale) -> tuple[str, str]:
    """ICBC's discharge and CCB's new mortgage, which Li Na confirmed: both wait staged for the transfer."""
    discharge = icbc_discharge(client, banks, sale)
    new_mortgage = ccb_new_mortgage(client, banks, sale)
    assert confirm(client, banks, "lina", new_mortgage["filing_id"])["state"] == "staged"
    return discharge["filing_id"], new_mortgage["filing_id"]


def test_a_plain_approval_of_a_flat_whose_mortgage_forbids_transfer_is_refused_and_changes_nothing(
        client, banks, sale, head):
    before = head()

    refused = approve(client, banks, sale)

    assert refused.status_code == 409, refused.json
    assert refused.json["code"] == "mortgage_restricts_transfer" and ICBC_PROOF in refused.json["message"]
    assert head() == before
    assert case_of(client, banks, sale, "registrar")["state"] == "pending_review"
    page = unit_page(client, banks)
    assert [o["name"] for o in page["owners"]] == [ZHANG_WEI.name]
    assert [(m["bank"], m["rank"], m["proof_number"]) for m in page["mortgages"]] == [("icbc-fz", 1, ICBC_PROOF)]


def test_discharge_transfer_and_new_mortgage_are_registered_as_one(client, banks, sale, both_parts):
    discharge_id, new_mortgage_id = both_parts
    assert filing(client, banks, "icbc", discharge_id)["state"] == "staged"
    before = unit_page(client, banks)

    approved = approve(client, banks, sale)

    assert approved.status_code == 200, approved.json
    assert approved.json["state"] == "approved"
    page = unit_page(client, banks)
    assert [(o["name"], o["share"]) for o in page["owners"]] == [(LI_NA.name, "1")]
    [mortgage] = page["mortgages"]
    assert (mortgage["bank"], mortgage["rank"], mortgage["secured_amount"]) == ("ccb-fz", 1, "1400000.00")
    assert [p["name"] for p in mortgage["mortgagors"]] == [LI_NA.name]
    new_proof = mortgage["proof_number"]
    assert new_proof and new_proof != ICBC_PROOF
    # One registration: the three entries follow each other on the page, at the same moment.
    added = page["history"][len(before["history"]):]
    assert [h["event"] for h in added] == ["MortgageDischarged", "Transferred", "MortgageRegistered"]
    assert [h["version"] for h in added] == [before["version"] + 1, before["version"] + 2, before["version"] + 3]
    assert len({h["at"] for h in added}) == 1
    assert added[1]["summary"]["certificate_number"] == approved.json["certificate_number"]

    discharge = filing(client, banks, "icbc", discharge_id)
    assert (discharge["state"], discharge["decided_by"], discharge["fee"]) == ("registered", "registrar", "0.00")
    assert live_mortgages(client, banks, "icbc") == []
    assert eventually(lambda: proof_status(client, banks, "icbc", ICBC_PROOF) == "cancelled")

    new_mortgage = filing(client, banks, "ccb", new_mortgage_id)
    assert (new_mortgage["state"], new_mortgage["fee"], new_mortgage["proof_numbers"]) == (
        "registered", "80.00", [new_proof])
    [held] = live_mortgages(client, banks, "ccb")
    assert (held["unit_number"], held["rank"], held["amount"], held["proof_number"], held["filing_id"]) == (
        GULOU_FLAT, 1, "1400000.00", new_proof, new_mortgage_id)
    assert eventually(lambda: proof_status(client, banks, "ccb", new_proof) == "current")


def test_each_bank_sees_only_its_own_part_of_the_transfer(client, banks, icbc_mortgage, sale, both_parts,
                                                         platform):
    discharge_id, new_mortgage_id = both_parts
    icbc_filings = {icbc_mortgage["filing_id"], discharge_id}
    assert approve(client, banks, sale).status_code == 200
    platform.wait_until_idle()

    for who, theirs in (("icbc", new_mortgage_id), ("ccb", discharge_id)):
        unseen = client.get(f"/api/v1/mortgages/{theirs}", headers=banks[who])
        assert unseen.status_code == 404 and unseen.json["code"] == "not_found", who
    assert {f["filing_id"] for f in client.get("/api/v1/mortgages", headers=banks["icbc"]).json["filings"]} \
        == icbc_filings
    assert [f["filing_id"] for f in client.get("/api/v1/mortgages", headers=banks["ccb"]).json["filings"]] \
        == [new_mortgage_id]
    assert live_mortgages(client, banks, "icbc") == []
    assert {m["bank"] for m in live_mortgages(client, banks, "ccb")} == {"ccb-fz"}
    icbc_feed, ccb_feed = feed(client, banks, "icbc"), feed(client, banks, "ccb")
    assert {n["filing_id"] for n in icbc_feed} == icbc_filings
    assert {n["filing_id"] for n in ccb_feed} == {new_mortgage_id}
    assert [n["kind"] for n in ccb_feed] == ["filing_registered", "proof_issued"]
    assert {"mortgage_discharged", "filing_registered"} <= {n["kind"] for n in icbc_feed if
                                                             n["filing_id"] == discharge_id}
    assert [p["number"] for p in client.get("/api/v1/certificates/proofs", headers=banks["icbc"]).json["proofs"]] \
        == [ICBC_PROOF]
    [ccb_proof] = client.get("/api/v1/certificates/proofs", headers=banks["ccb"]).json["proofs"]
    assert client.get(f"/api/v1/certificates/{ccb_proof['certificate_id']}.pdf",
                      headers=banks["icbc"]).status_code == 404


FAILURES = {
    "CCB loses its accreditation": ("staged", "bank_accredited"),
    "Li Na never confirms CCB's mortgage": ("awaiting_consent", "not ready for the combined registration"),
}


@pytest.mark.parametrize("failure", FAILURES)
def test_when_the_buyers_banks_part_fails_nothing_is_registered_until_it_is_put_right(
        client, banks, sale, platform, clock, head, failure):
    ccb_state, reason = FAILURES[failure]
    discharge_id = icbc_discharge(client, banks, sale)["filing_id"]
    new_mortgage_id = ccb_new_mortgage(client, banks, sale)["filing_id"]
    if failure == "CCB loses its accreditation":
        confirm(client, banks, "lina", new_mortgage_id)
        platform.banks.withdraw("ccb-fz", "fz-registry")
    before = head()
    page, feeds = unit_page(client, banks), {who: feed(client, banks, who) for who in BANKS}

    refused = approve(client, banks, sale)

    assert refused.status_code == 409, refused.json
    assert refused.json["code"] == "combined_registration_refused"
    assert "中国建设银行福州分行's new mortgage was refused" in refused.json["message"]
    assert reason in refused.json["message"]
    assert head() == before
    assert unit_page(client, banks) == page
    assert [o["name"] for o in page["owners"]] == [ZHANG_WEI.name]
    assert [(m["bank"], m["proof_number"]) for m in page["mortgages"]] == [("icbc-fz", ICBC_PROOF)]
    assert case_of(client, banks, sale, "registrar")["state"] == "pending_review"
    assert filing(client, banks, "icbc", discharge_id)["state"] == "staged"
    assert filing(client, banks, "ccb", new_mortgage_id)["state"] == ccb_state
    assert [m["proof_number"] for m in live_mortgages(client, banks, "icbc")] == [ICBC_PROOF]
    assert live_mortgages(client, banks, "ccb") == []
    assert proof_status(client, banks, "icbc", ICBC_PROOF) == "current"
    assert {who: feed(client, banks, who) for who in BANKS} == feeds

    if failure == "CCB loses its accreditation":
        platform.banks.accredit("ccb-fz", "fz-registry", clock.now())
    else:
        confirm(client, banks, "lina", new_mortgage_id)
    assert approve(client, banks, sale).status_code == 200
    assert [(m["bank"], m["rank"]) for m in unit_page(client, banks)["mortgages"]] == [("ccb-fz", 1)]


def test_the_registrar_sees_the_banks_parts_on_the_transfer_before_approving(client, banks, sale, both_parts):
    discharge_id, new_mortgage_id = both_parts

    case = client.get(f"/api/v1/transfers/{sale}", headers=banks["registrar"]).json

    assert {(p["filing_id"], p["kind"], p["bank"]) for p in case["mortgage_parts"]} == {
        (discharge_id, "discharge", "icbc-fz"), (new_mortgage_id, "first", "ccb-fz")}
    assert [h["event"] for h in case["history"]][-2:] == ["MortgagePartAttached", "MortgagePartAttached"]
    login(client, "registrar")
    page = text(client.get(f"/registrar/cases/{sale}"))
    parts = page[page.index('data-test="mortgage-parts"'):]
    assert "中国工商银行福州分行" in parts and "抵押权注销登记" in parts and "中国建设银行福州分行" in parts
    assert f"/registrar/mortgages/{new_mortgage_id}" in parts
