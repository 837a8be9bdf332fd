"""The inbox page on both stores: every logged-in role has one, the navigation counts the unread messages, and
marking one read (a CSRF-checked form) lowers the count; a message that is not the reader's is not found."""

import pytest

from tests.e2e.api import eventually, file_settled_case
from tests.e2e.test_pages import csrf, login, text


@pytest.fixture
def paid_case(app, client, people):
    return file_settled_case(client, people, app)


def unread_badge(client) -> str | None:
    page = text(client.get("/inbox"))
    marker = 'data-test="inbox-unread-count">'
    return page.split(marker, 1)[1].split("<", 1)[0] if marker in page else None


def test_the_buyer_reads_her_messages_and_the_count_goes_down(app, client, people, paid_case):
    login(client, "lina")
    assert eventually(lambda: unread_badge(client) == "2")
    page = text(client.get("/inbox"))
    assert "税费已缴清，申请已转登记员审核。" in page and page.count('data-test="message"') == 2
    message_id = client.get("/api/v1/inbox", headers=people["lina"]).json["messages"][0]["message_id"]

    marked = client.post(f"/inbox/{message_id}/read", data={"csrf_token": csrf(client, "/inbox")})
    assert marked.status_code == 303
    assert unread_badge(client) == "1"
    assert text(client.get("/inbox?unread=1")).count('data-test="message"') == 1
    assert 'data-read="true"' in text(client.get("/inbox"))


def test_marking_read_needs_the_csrf_token_and_the_readers_own_message(app, client, people, paid_case):
    assert eventually(lambda: client.get("/api/v1/inbox", headers=people["lina"]).json["total"] == 2)
    message_id = client.get("/api/v1/inbox", headers=people["lina"]).json["messages"][0]["message_id"]
    login(client, "chengang")
    assert client.post(f"/inbox/{message_id}/read", data={}).status_code == 400
    assert client.post(f"/inbox/{message_id}/read", data={"csrf_token": csrf(client, "/inbox")}).status_code == 404
    assert 'data-test="no-messages"' in text(client.get("/inbox"))


@pytest.mark.parametrize("who", ["registrar", "admin", "zhangwei"])
def test_every_role_has_an_inbox_in_the_navigation(client, people, who):
    login(client, who)
    page = client.get("/inbox")
    assert page.status_code == 200 and 'data-test="nav-inbox"' in text(page)
    assert client.get("/inbox?lang=en").get_data(as_text=True).count("Inbox") >= 2


def test_the_inbox_page_needs_a_login(client):
    assert client.get("/inbox").status_code == 302
