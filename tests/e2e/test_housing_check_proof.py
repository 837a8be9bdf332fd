"""The family-housing check's proof (家庭住房信息查询结果证明) over HTTP on both stores: Li Na buys Zhang Wei's
flat while her husband Chen Gang holds the Taijiang flat, so it is her family's second home. She and the
registrar of the Fuzhou registry read it (and the Fuzhou tax officer, for the deed-tax relief); the seller,
her husband (not a buyer), Xiamen's registrar and tax officer get the same 404 as an unknown case."""

from __future__ import annotations

from uuid import UUID

import pytest

from projections.base import timestamp
from registry.kernel.actors import Role
from registry.kernel.values import mask_id_number
from tests.builders import CHEN_GANG, LI_NA, LI_XIAOMING, MONDAY_MORNING, TAIJIANG_FLAT, WANG_FANG
from tests.e2e.conftest import PASSWORD
from tests.e2e.housing import NO_SUCH_CASE, TAIJIANG, file_second_home_case


def proof_of(client, readers, case_id, who):
    return client.get(f"/api/v1/cases/{case_id}/housing-check", headers=readers[who])


def test_the_buyer_reads_her_familys_second_home_with_the_units_counted(client, readers):
    case_id = file_second_home_case(client, readers)

    answer = proof_of(client, readers, case_id, "lina")

    assert answer.status_code == 200
    assert answer.json["registry_name"] == "福州市不动产登记中心"
    assert answer.json["checked_at"] == timestamp(MONDAY_MORNING)
    [buyer] = answer.json["buyers"]
    assert (buyer["name"], buyer["id_number"], buyer["ordinal"]) == (LI_NA.name, mask_id_number(LI_NA.id_number),
                                                                     "second")
    assert buyer["family"] == [
        {"name": CHEN_GANG.name, "id_number": mask_id_number(CHEN_GANG.id_number), "relation": "spouse"},
        {"name": LI_XIAOMING.name, "id_number": mask_id_number(LI_XIAOMING.id_number), "relation": "minor_child"}]
    assert buyer["units_counted"] == [{"unit_number": TAIJIANG_FLAT, "location": TAIJIANG}]


def test_the_registrar_and_the_tax_officer_serving_the_registry_read_it(client, readers):
    case_id = file_second_home_case(client, readers)
    buyers_own = proof_of(client, readers, case_id, "lina").json

    for who in ("registrar", "taxman"):
        answer = proof_of(client, readers, case_id, who)
        assert answer.status_code == 200, who
        assert answer.json == buyers_own, "the same proof, IDs masked for everyone"


@pytest.mark.parametrize("who", ["zhangwei", "chengang", "xm-registrar", "xm-taxman"])
def test_the_seller_and_everyone_else_are_told_there_is_no_such_case(client, readers, who):
    case_id = file_second_home_case(client, readers)
    unknown = proof_of(client, readers, NO_SUCH_CASE, "lina")

    refused = proof_of(client, readers, case_id, who)

    assert refused.status_code == unknown.status_code == 404
    assert refused.json == unknown.json


def test_each_buyer_reads_their_own_familys_result_and_the_registrar_both(client, readers):
    halves = [{"name": LI_NA.name, "id_number": LI_NA.id_number, "share": "0.5"},
              {"name": WANG_FANG.name, "id_number": WANG_FANG.id_number, "share": "0.5"}]
    case_id = file_second_home_case(client, readers, buyers=halves)

    def names(who):
        return [(b["name"], b["ordinal"]) for b in proof_of(client, readers, case_id, who).json["buyers"]]

    assert names("lina") == [(LI_NA.name, "second")]
    assert names("wangfang") == [(WANG_FANG.name, "first")]
    assert names("registrar") == [(LI_NA.name, "second"), (WANG_FANG.name, "first")]
    assert proof_of(client, readers, case_id, "wangfang").json["buyers"][0]["family"] == []


def test_a_bank_may_not_ask_for_it(client, readers, platform, clock):
    case_id = file_second_home_case(client, readers)
    platform.accounts.add_org("icbc-fz", "bank", "中国工商银行福州分行", now=clock.now())
    platform.accounts.add_user("icbc", Role.BANK_STAFF, org="icbc-fz", display_name="工行", password=PASSWORD,
                               now=clock.now())
    bank = {"Authorization": f"Bearer {platform.accounts.issue_token('icbc', clock.now())}"}

    assert client.get(f"/api/v1/cases/{UUID(case_id)}/housing-check", headers=bank).status_code == 403
