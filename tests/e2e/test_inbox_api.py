"""The inbox over HTTP on both stores: each party reads its own messages, newest first, worded in its language,
pages through them and marks them read; nobody reads or marks another's."""

import pytest

from registry.kernel.actors import Role
from tests.e2e.api import eventually, file_settled_case
from tests.e2e.conftest import PASSWORD

MARRIAGE = {"missing": ["marriage_proof"], "note": "请补充婚姻状况证明"}


@pytest.fixture
def returned_case(app, client, people):
    case_id = file_settled_case(client, people, app)
    returned = client.post(f"/api/v1/transfers/{case_id}/return", json=MARRIAGE, headers=people["registrar"])
    assert returned.status_code == 200, returned.json
    return case_id


def inbox(client, people, who, query=""):
    answer = client.get(f"/api/v1/inbox{query}", headers=people[who])
    assert answer.status_code == 200, answer.json
    return answer.json


def keys(client, people, who, query=""):
    return [m["key"] for m in inbox(client, people, who, query)["messages"]]


def test_the_buyer_reads_her_case_newest_first_in_her_language(client, people, returned_case):
    assert eventually(lambda: keys(client, people, "lina")[:1] == ["inbox.case_returned"])
    assert keys(client, people, "lina") == ["inbox.case_returned", "inbox.case_paid", "inbox.case_filed"]
    newest = inbox(client, people, "lina")["messages"][0]
    assert newest["case_id"] == returned_case and newest["read"] is False
    assert newest["params"] == MARRIAGE
    assert newest["text"] == "登记员一次性告知需补正的材料，请补正后重新提交：请补充婚姻状况证明"
    english = inbox(client, people, "lina", "?lang=en")["messages"][0]["text"]
    assert english == "The registrar lists what is missing; supply it and resubmit: 请补充婚姻状况证明"


def test_the_office_reads_its_queue_and_nobody_else_does(client, people, returned_case):
    assert eventually(lambda: keys(client, people, "registrar") == ["inbox.case_ready_for_review"])
    assert keys(client, people, "xm-registrar") == []
    assert keys(client, people, "chengang") == []  # not a party to the case
    assert keys(client, people, "admin") == []  # the platform's admin has no inbox of its own


def test_a_message_marked_read_stays_read_for_its_reader_only(app, client, people, returned_case):
    platform = app.extensions["platform"]
    platform.accounts.add_user("registrar-2", Role.REGISTRAR, org="fz-registry", display_name="王登记员",
                               password=PASSWORD, now=platform.clock.now())
    second = {"Authorization": f"Bearer {platform.accounts.issue_token('registrar-2', platform.clock.now())}"}
    assert eventually(lambda: inbox(client, people, "registrar")["unread"] == 1)
    message_id = inbox(client, people, "registrar")["messages"][0]["message_id"]

    marked = client.post(f"/api/v1/inbox/{message_id}/read", headers=people["registrar"])
    assert marked.status_code == 200 and marked.json["read"] is True and marked.json["read_at"]
    again = client.post(f"/api/v1/inbox/{message_id}/read", headers=people["registrar"])
    assert again.json["read_at"] == marked.json["read_at"]  # the first time is kept

    assert inbox(client, people, "registrar")["unread"] == 0
    assert inbox(client, people, "registrar", "?unread=true")["messages"] == []
    theirs = client.get("/api/v1/inbox", headers=second).json
    assert (theirs["unread"], theirs["messages"][0]["read"]) == (1, False)  # each registrar has their own marks


def test_nobody_marks_a_message_that_is_not_theirs(client, people, returned_case):
    assert eventually(lambda: len(keys(client, people, "lina")) == 3)
    lina_message = inbox(client, people, "lina")["messages"][0]["message_id"]
    for who in ("chengang", "registrar", "admin", "xm-registrar"):
        refused = client.post(f"/api/v1/inbox/{lina_message}/read", headers=people[who])
        assert refused.status_code == 404 and refused.json["code"] == "unknown_message"
    assert client.post("/api/v1/inbox/no-such-message/read", headers=people["lina"]).status_code == 404
    assert inbox(client, people, "lina")["unread"] == 3
    assert client.get("/api/v1/inbox").status_code == 401


def test_the_inbox_comes_in_pages(client, people, returned_case):
    assert eventually(lambda: len(keys(client, people, "lina")) == 3)
    first = inbox(client, people, "lina", "?per_page=2")
    second = inbox(client, people, "lina", "?per_page=2&page=2")
    assert (first["total"], first["pages"], first["next"], second["previous"], second["next"]) == (3, 2, 2, 1, None)
    assert [m["key"] for m in first["messages"] + second["messages"]] == keys(client, people, "lina")
    assert client.get("/api/v1/inbox?per_page=0", headers=people["lina"]).status_code == 422


def test_contacts_are_shown_to_the_account_itself_and_admins_only(client, people):
    assert client.get("/api/v1/me/contacts", headers=people["lina"]).json["email"] is None
    set_ = client.put("/api/v1/me/contacts", json={"email": "lina@example.cn", "mobile": "13912345678"},
                      headers=people["lina"])
    assert set_.status_code == 200 and set_.json["mobile"] == "13912345678"
    assert client.get("/api/v1/me/contacts", headers=people["lina"]).json["email"] == "lina@example.cn"
    assert client.get("/api/v1/users/lina/contacts", headers=people["admin"]).json["mobile"] == "13912345678"
    assert client.get("/api/v1/users/lina/contacts", headers=people["registrar"]).status_code == 403
    assert client.get("/api/v1/users/nobody/contacts", headers=people["admin"]).status_code == 404
    assert "lina@example.cn" not in client.get("/api/v1/me/contacts", headers=people["zhangwei"]).get_data(as_text=True)


@pytest.mark.parametrize("body", [{"email": "not-an-address"}, {"mobile": "12345678901"}, {"mobile": "1391234567"},
                                  {"email": "李娜@example.cn"}, {"mobile": 13912345678}, {"nickname": "x"}])
def test_a_bad_contact_is_refused_and_changes_nothing(client, people, body):
    client.put("/api/v1/me/contacts", json={"email": "lina@example.cn"}, headers=people["lina"])
    refused = client.put("/api/v1/me/contacts", json=body, headers=people["lina"])
    assert refused.status_code == 422 and set(refused.json) == {"code", "message", "errors"}
    kept = client.get("/api/v1/me/contacts", headers=people["lina"]).json
    assert (kept["email"], kept["mobile"]) == ("lina@example.cn", None)
