"""Li Na's case for the family-housing check's proof: her husband Chen Gang already holds the Taijiang flat,
so Zhang Wei's Gulou flat is her family's second home (the readers are the ``readers`` fixture)."""

from __future__ import annotations

from tests.builders import CHEN_GANG, LI_NA, LI_XIAOMING, TAIJIANG_FLAT
from tests.e2e.api import transfer_body, unit_body

TAIJIANG = "福州市台江区八一七中路200号2座304室"
NO_SUCH_CASE = "00000000-0000-4000-8000-000000000000"
FAMILY = [{"buyer_id_number": LI_NA.id_number, "name": CHEN_GANG.name, "id_number": CHEN_GANG.id_number,
           "relation": "spouse"},
          {"buyer_id_number": LI_NA.id_number, "name": LI_XIAOMING.name, "id_number": LI_XIAOMING.id_number,
           "relation": "minor_child"}]


def file_second_home_case(client, readers, **overrides) -> str:
    """Chen Gang's Taijiang flat and Zhang Wei's Gulou flat are registered; Li Na files with her family."""
    husbands = unit_body(TAIJIANG_FLAT, location=TAIJIANG,
                         owners=[{"name": CHEN_GANG.name, "id_number": CHEN_GANG.id_number, "share": "1"}])
    for unit in (husbands, unit_body()):
        assert client.post("/api/v1/units", json=unit, headers=readers["registrar"]).status_code == 201
    filed = client.post("/api/v1/transfers", json=transfer_body(family=FAMILY, **overrides), headers=readers["lina"])
    assert filed.status_code == 201, filed.json
    return filed.json["case_id"]


