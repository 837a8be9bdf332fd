"""The Pingtan flow (e拍即得) end to end through HTTP on both stores. The Pingtan court seizes Zhang Wei's flat,
on which ICBC holds a mortgage; asks what an auction sale at 1,680,000.00 would cost in taxes; after the
auction serves its ruling with Li Na as the buyer. Li Na pays the taxes and fee in one payment, the registrar
registers: title passes without Zhang Wei, the old certificate is revoked, ICBC's mortgage is cleared and the
seizure released, all at once. The court, the tax bureau and ICBC each see their outcome; CCB then files Li
Na's mortgage and records the loan it paid into the court's account, which the court sees."""

from __future__ import annotations

import base64
import json
from decimal import Decimal

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from registry.certificates.certificate import Certificate
from registry.kernel.actors import Role
from registry.kernel.codes import CertificateStatus
from tests.builders import LI_NA, ZHANG_WEI
from tests.e2e.api import case_of, eventually, pay_case, unit_body
from tests.e2e.test_bank_api import filing_body, owner_confirms
from tests.e2e.test_court_auth import signed
from web.court_auth import court_keys

PINGTAN_FLAT = "350128001001GB00003F00020502"
COURT, KEY = "pingtan-court", "pingtan-2026"
COURT_NAME = "平潭综合实验区人民法院"
CASE_NUMBER, RULING = "(2026)闽0128执301号", "(2026)闽0128执301号之二"
RULING_PDF = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n% (2026)闽0128执301号之二 执行裁定书\n%%EOF\n".encode()
LI = {"name": LI_NA.name, "id_number": LI_NA.id_number}


@pytest.fixture
def pingtan(app, platform, clock):
    """The Fuzhou registry (Pingtan is in its area), ICBC and CCB, the Fuzhou tax bureau, the Pingtan court with
    its signing key, Zhang Wei and Li Na."""
    accounts, now = platform.accounts, clock.now()
    accounts.add_org("fz-registry", "registry", "福州市不动产登记中心", province="闽", city="福州市", now=now)
    accounts.add_org("fz-tax", "tax_bureau", "国家税务总局福州市税务局", city="福州市", now=now)
    accounts.add_org(COURT, "court", COURT_NAME, now=now)
    accounts.add_user("registrar", Role.REGISTRAR, org="fz-registry", display_name="林登记员", now=now)
    accounts.add_user("taxman", Role.TAX_OFFICER, org="fz-tax", display_name="税务专管员", now=now)
    for bank, name in (("icbc-fz", "中国工商银行福州分行"), ("ccb-fz", "中国建设银行福州分行")):
        accounts.add_org(bank, "bank", name, now=now)
        accounts.add_user(bank.split("-")[0], Role.BANK_STAFF, org=bank, display_name=name, now=now)
        platform.banks.accredit(bank, "fz-registry", now)
    for user_id, who in (("zhangwei", ZHANG_WEI), ("lina", LI_NA)):
        accounts.add_user(user_id, Role.APPLICANT, display_name=who.name, id_number=who.id_number, now=now)
    private = Ed25519PrivateKey.generate()
    pem = private.public_key().public_bytes(serialization.Encoding.PEM,
                                            serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    with app.app_context():
        court_keys().add_key(COURT, KEY, pem, now)
    tokens = {u: {"Authorization": f"Bearer {accounts.issue_token(u, now)}"}
              for u in ("registrar", "taxman", "icbc", "ccb", "zhangwei", "lina")}
    return {"people": tokens, "court_key": private}


@pytest.fixture
def court(client, pingtan, clock):
    sent = iter(range(10**6))

    def call(method: str, path: str, body: dict | None = None):
        raw = b"" if body is None else json.dumps(body, ensure_ascii=False).encode()
        headers = signed(pingtan["court_key"], KEY, clock=clock, body=raw, path=path, method=method,
                         nonce=f"pingtan-{next(sent):016d}")
        return client.open(path, method=method, data=raw, headers=headers)

    return call


def order(request_id: str, kzcs: str, **fields) -> dict:
    return {"request_id": request_id, "kzcs": kzcs, "executing_court": "执行局", "judge": "林法官",
            "case_number": CASE_NUMBER, "notice_name": "协助执行通知书", "ruling_number": RULING,
            "subjects": [{"name": ZHANG_WEI.name, "id_type": "1", "id_number": ZHANG_WEI.id_number}],
            "unit_number": PINGTAN_FLAT, **fields}


def test_the_pingtan_auction_moves_title_to_the_buyer_and_every_party_sees_its_outcome(client, platform, pingtan,
                                                                                      court, clock):
    people = pingtan["people"]
    # Zhang Wei's flat, with ICBC's mortgage on it
    flat = unit_body(PINGTAN_FLAT, location="平潭综合实验区潭城镇西航路18号2幢502室")
    assert client.post("/api/v1/units", json=flat, headers=people["registrar"]).status_code == 201
    icbc_filing = client.post("/api/v1/mortgages", json=filing_body(units=[PINGTAN_FLAT]), headers=people["icbc"])
    assert icbc_filing.status_code == 201, icbc_filing.json
    owner_confirms(platform, icbc_filing.json["filing_id"])
    platform.wait_until_idle()
    old_certificate = client.get(f"/api/v1/units/{PINGTAN_FLAT}", headers=people["registrar"]).json

    # 1. seize, 2. ask what the taxes would be, 3. serve the ruling with the buyer
    seized = court("POST", "/api/v1/court/seizures", order("PT-1", "11", ruling_number=CASE_NUMBER,
                                                            start="2026-03-16", end="2029-03-15"))
    assert seized.status_code == 200 and seized.json["result"] == "1", seized.json
    inquiry = court("POST", "/api/v1/court/tax-inquiries", {
        "request_id": "PT-2", "executing_court": "执行局", "judge": "林法官", "case_number": CASE_NUMBER,
        "unit_number": PINGTAN_FLAT, "price": "1680000.00", "buyer": {"name": LI_NA.name, "id_type": "1",
                                                                      "id_number": LI_NA.id_number}})
    assert inquiry.status_code == 200, inquiry.json
    ruling = court("POST", "/api/v1/court/rulings", order(
        "PT-3", "15", ruling_date="2026-03-16", confirmation_number="(2026)闽0128执301号拍卖成交确认书",
        assistance_notice_number="(2026)闽0128执301号协助执行通知书", price="1680000.00",
        buyers=[{**LI, "id_type": "1", "share": "1"}],
        documents=[{"kind": "ruling", "name": "执行裁定书.pdf", "content_type": "application/pdf",
                    "content": base64.b64encode(RULING_PDF).decode()}]))
    assert ruling.status_code == 202 and ruling.json["status"] == "accepted", ruling.json
    case_id = ruling.json["case_id"]

    # 4. Li Na is told and pays the buyer's taxes and fee, as the court was quoted; the seller's taxes are
    #    on the order as the court's, settled from the auction proceeds, never charged to her
    assert eventually(lambda: case_of(client, people, case_id, "lina").get("state") == "awaiting_settlement")
    order_placed = pay_case(client.application, client, people, case_id, who="lina")
    assert eventually(lambda: case_of(client, people, case_id, "lina")["state"] == "pending_review")
    quoted = inquiry.json["totals"]
    assert Decimal(order_placed["total"]) == Decimal(quoted["buyer"])
    parts = {p["payer"]: p for p in order_placed["parts"]}
    assert parts["buyer"]["total"] == quoted["buyer"] and "seller" not in parts
    assert Decimal(parts["court"]["total"] if "court" in parts else "0.00") == Decimal(quoted["seller"])

    # 5. the registrar registers: title, mortgage, seizure and old certificate in one go
    approved = client.post(f"/api/v1/transfers/{case_id}/approve", headers=people["registrar"])
    assert approved.status_code == 200, approved.json
    platform.wait_until_idle()
    page = client.get(f"/api/v1/units/{PINGTAN_FLAT}", headers=people["registrar"]).json
    assert [o["name"] for o in page["owners"]] == [LI_NA.name] and page["mortgages"] == [] and not page["locked"]
    judicial = {h["event"]: h["summary"] for h in page["history"]}
    assert judicial["TransferredByRuling"]["cancelled_certificate"] == old_certificate["certificate_number"] + "(销)"
    assert judicial["MortgageExtinguished"]["ruling_number"] == RULING
    revoked = platform.registry.repository.get(Certificate.create_id(old_certificate["certificate_number"]))
    assert revoked.status is CertificateStatus.REVOKED
    assert eventually(lambda: case_of(client, people, case_id, "lina").get("certificates"))

    # 6. the court, the tax bureau and ICBC each see their outcome
    cases = court("GET", "/api/v1/court/cases").json["cases"]
    assert cases[0]["state"] == "transferred" and cases[0]["certificate_number"] == page["certificate_number"]
    feed = court("GET", "/api/v1/court/feed?after=0").json["items"]
    told = [(item["request_id"], item["payload"].get("result")) for item in feed if item["kind"] == "feedback"]
    assert ("PT-3", "1") in told
    icbc_feed = client.get("/api/v1/bank/notifications?after=0", headers=people["icbc"]).json
    extinguished = [n for n in icbc_feed["items"] if n["kind"] == "mortgage_extinguished"]
    assert extinguished and extinguished[0]["payload"]["court_name"] == COURT_NAME
    assessments = client.get("/api/v1/tax/assessments", headers=people["taxman"]).json["assessments"]
    auction = [a for a in assessments if a["case_id"] == case_id]
    assert auction and auction[0]["judicial"]["ruling_number"] == RULING
    assert sum(Decimal(line["amount"]) for line in auction[0]["lines"]) == Decimal("16880.00")

    # 7. CCB files Li Na's mortgage and records the loan paid to the court
    ccb_filing = client.post("/api/v1/mortgages", json=filing_body(
        units=[PINGTAN_FLAT], bank_reference="CCB-PT-2026-0007", mortgagors=[LI], debtors=[LI],
        secured_amount="1200000.00", contract_numbers=["CCB-PT-LOAN-0007"]), headers=people["ccb"])
    assert ccb_filing.status_code == 201, ccb_filing.json
    owner_confirms(platform, ccb_filing.json["filing_id"], who="lina")
    paid = client.post(f"/api/v1/mortgages/{ccb_filing.json['filing_id']}/disbursement", json={
        "amount": "1200000.00", "account": "平潭法院执行款专户 1234 5678 9012", "reference": "CCB-PAY-88",
        "paid_on": "2026-03-16"}, headers=people["ccb"])
    assert paid.status_code == 200, paid.json
    assert paid.json["state"] == "registered"
    platform.wait_until_idle()
    loans = court("GET", "/api/v1/court/cases").json["cases"][0]["loans"]
    assert [(loan["amount"], loan["reference"]) for loan in loans] == [("1200000.00", "CCB-PAY-88")]
