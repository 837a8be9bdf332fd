"""The registrars' queue shows each case's statutory deadline and puts the nearest first (电子监察), so a case
back from 补正 with time left waits behind a newer one whose limit runs out sooner."""

from tests.builders import GULOU_FLAT, TAIJIANG_FLAT
from tests.e2e.api import case_of, eventually, pay_every_part, transfer_body, unit_body
from tests.e2e.test_pages import login

RETURNED = {"missing": ["marriage_proof"], "note": "请补充婚姻状况证明"}


def settled_case(client, people, app, unit_number: str, contract: str) -> str:
    assert client.post("/api/v1/units", json=unit_body(unit_number), headers=people["registrar"]).status_code == 201
    filed = client.post("/api/v1/transfers", json=transfer_body(unit_number, contract_number=contract),
                        headers=people["lina"])
    assert filed.status_code == 201, filed.json
    pay_every_part(app, client, people, filed.json["case_id"])
    assert eventually(lambda: case_of(client, people, filed.json["case_id"])["state"] == "pending_review")
    return filed.json["case_id"]


def queue(client, people, platform) -> list[dict]:
    platform.wait_until_idle()
    answer = client.get("/api/v1/registrar/queue", headers=people["registrar"])
    assert answer.status_code == 200
    return answer.json["cases"]


def test_a_case_back_from_supplement_waits_behind_a_newer_case_due_sooner(app, client, people, platform, clock):
    gulou = settled_case(client, people, app, GULOU_FLAT, "FZ2026-000123")  # Monday 16 March
    client.post(f"/api/v1/transfers/{gulou}/return", json=RETURNED, headers=people["registrar"])
    clock.advance(days=1)
    taijiang = settled_case(client, people, app, TAIJIANG_FLAT, "FZ2026-000124")  # Tuesday: due Friday
    clock.advance(days=1)
    resubmitted = client.post(f"/api/v1/transfers/{gulou}/resubmit", json={"note": "已补交结婚证"},
                              headers=people["zhangwei"])
    assert resubmitted.status_code == 200, resubmitted.json  # Wednesday: two paused days added to its limit

    waiting = queue(client, people, platform)
    assert [c["case_id"] for c in waiting] == [taijiang, gulou]
    assert waiting[1]["submitted_at"] < waiting[0]["submitted_at"]  # not first come, first served
    assert [(c["deadline"]["colour"], c["deadline"]["working_days"]) for c in waiting] == [("green", 3)] * 2
    assert waiting[0]["deadline"]["due_at"] < waiting[1]["deadline"]["due_at"]


def test_the_deadline_turns_red_in_the_queue_once_it_has_passed(app, client, people, platform, clock):
    gulou = settled_case(client, people, app, GULOU_FLAT, "FZ2026-000123")
    assert queue(client, people, platform)[0]["deadline"]["colour"] == "green"
    clock.advance(days=7)  # Monday to the next Monday: three working days are long gone
    late = queue(client, people, platform)[0]
    assert (late["case_id"], late["deadline"]["colour"], late["deadline"]["state"]) == (gulou, "red", "running")


def test_the_queue_page_says_each_deadline_in_words(app, client, people, platform, clock):
    settled_case(client, people, app, GULOU_FLAT, "FZ2026-000123")
    platform.wait_until_idle()
    login(client, "registrar")
    page = client.get("/registrar/queue?lang=en")
    assert page.status_code == 200
    assert 'data-colour="green"' in page.text and "in time" in page.text
