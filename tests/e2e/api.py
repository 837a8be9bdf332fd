"""Request bodies and small helpers shared by the HTTP tests."""

from __future__ import annotations

import time

from tests.builders import GULOU_FLAT, LI_NA, ZHANG_WEI


def unit_body(unit_number: str = GULOU_FLAT, owners: list | None = None, **overrides) -> dict:
    body = {
        "unit_number": unit_number, "location": "福州市鼓楼区五四路88号1单元101室", "area": "120.00",
        "use": "residential", "right_nature": "市场化商品房", "term_start": "2008-01-01",
        "term_end": "2077-12-31",
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


def file_settled_case(client, people, **overrides) -> str:
    """Zhang Wei's flat is registered, Li Na files, the settlement policy hands it to the registrar."""
    assert client.post("/api/v1/units", json=unit_body(), headers=people["registrar"]).status_code == 201
    filed = client.post("/api/v1/transfers", json=transfer_body(**overrides), headers=people["lina"])
    assert filed.status_code == 201, filed.json
    case_id = filed.json["case_id"]
    assert eventually(lambda: client.get(f"/api/v1/transfers/{case_id}", headers=people["lina"]).json["state"]
                      == "pending_review")
    return case_id
