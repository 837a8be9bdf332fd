"""Request bodies and small helpers shared by the HTTP tests."""

from __future__ import annotations

import re
import time
from decimal import Decimal
from urllib.parse import urlsplit

from tests.builders import GULOU_FLAT, LI_NA, ZHANG_WEI


def unit_body(unit_number: str = GULOU_FLAT, owners: list | None = None, **overrides) -> dict:
    body = {
        "unit_number": unit_number, "location": "福州市鼓楼区五四路88号1单元101室", "area": "120.00",
        "use": "residential", "right_nature": "市场化商品房", "term_start": "2008-01-01",
        "term_end": "2077-12-31", "registered_on": "2018-05-20",
        "owners": owners or [{"name": ZHANG_WEI.name, "id_number": ZHANG_WEI.id_number, "share": "1"}],
    }
    body.update(overrides)
    return body


def transfer_body(unit_number: str = GULOU_FLAT, **overrides) -> dict:
    body = {
        "unit_number": unit_number,
        "sellers": [{"name": ZHANG_WEI.name, "id_number": ZHANG_WEI.id_number}],
        "buyers": [{"name": LI_NA.name, "id_number": LI_NA.id_number, "share": "1"}],
        "price": "2000000.00", "contract_number": "FZ2026-000123", "contract_date": "2026-03-10",
        "certificates": 1,
    }
    body.update(overrides)
    return body


def eventually(check, timeout: float = 10.0):
    """Bounded wait for the worker's asynchronous hand-off (the settlement policy)."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.02)


def case_of(client, people, case_id, who="lina") -> dict:
    return client.get(f"/api/v1/transfers/{case_id}", headers=people[who]).json


def pay_on_the_sandbox(client, redirect_url: str, action: str = "pay"):
    """What the buyer does on the provider's hosted page: press Pay (or Cancel)."""
    page = client.get(urlsplit(redirect_url).path).get_data(as_text=True)
    form = re.search(r'<form method="post" action="([^"]+)"', page).group(1)
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    return client.post(form, data={"token": token, "action": action})


def pay_case(app, client, people, case_id, who="lina") -> dict:
    """``who`` pays their own part of the order; the sandbox's signed callback clears that part."""
    order = eventually(lambda: case_of(client, people, case_id, who).get("order"))
    assert order, "the order was placed"
    started = client.post(f"/api/v1/transfers/{case_id}/pay", headers=people[who])
    assert started.status_code == 200, started.json
    returned = pay_on_the_sandbox(client, started.json["redirect_url"])
    assert returned.status_code == 303
    app.extensions["sandbox_gateway"].deliveries.drain(10)
    return order


PARTY_OF = {"buyer": "lina", "seller": "zhangwei"}  # the people fixture's buyer and seller


def pay_every_part(app, client, people, case_id) -> dict:
    """Li Na pays the buyer's part and, when he owes anything, Zhang Wei the seller's."""
    order = eventually(lambda: case_of(client, people, case_id).get("order"))
    assert order, "the order was placed"
    for part in order["parts"]:
        if part["payer"] in PARTY_OF and part["state"] == "open":
            pay_case(app, client, people, case_id, who=PARTY_OF[part["payer"]])
    return order


def file_settled_case(client, people, app=None, **overrides) -> str:
    """Zhang Wei's flat is registered, Li Na files, each party pays its part; cleared, the case goes to the
    registrar."""
    app = app or client.application
    assert client.post("/api/v1/units", json=unit_body(), headers=people["registrar"]).status_code == 201
    filed = client.post("/api/v1/transfers", json=transfer_body(**overrides), headers=people["lina"])
    assert filed.status_code == 201, filed.json
    case_id = filed.json["case_id"]
    pay_every_part(app, client, people, case_id)
    assert eventually(lambda: case_of(client, people, case_id)["state"] == "pending_review")
    return case_id


def reject_and_await_refund(app, client, people, case_id) -> None:
    """The registrar rejects a paid case; the provider's refund callbacks arrive and the order is refunded."""
    rejected = client.post(f"/api/v1/transfers/{case_id}/reject", json={"reason": "合同与网签备案不符"},
                           headers=people["registrar"])
    assert rejected.status_code == 200

    def refunded():
        app.extensions["sandbox_gateway"].deliveries.drain(1)
        return case_of(client, people, case_id)["order"]["state"] == "refunded"
    assert eventually(refunded, timeout=20)


def gateway_settlement_net(postings) -> Decimal:
    """What is left on the gateway's settlement account after these postings (zero once refunds reverse)."""
    return sum((Decimal(p["amount"]) * (1 if p["side"] == "debit" else -1) for p in postings
                if p["account"] == "gateway_settlement"), Decimal("0.00"))
