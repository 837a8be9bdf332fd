"""The registry switches instant approval off (REGISTRY_INSTANT_TRANSFER_KINDS empty): Li Na's clean purchase of
Zhang Wei's flat, paid with every document on file, waits for the registrar, who reads why."""

from __future__ import annotations

import pytest

from tests.e2e.api import pay_every_part
from tests.e2e.conftest import running_app
from tests.e2e.test_instant_transfers import filed_with, queued_with_reasons
from tests.e2e.test_pages import login, text


@pytest.fixture
def app(store_kind, tmp_path, clock):
    yield from running_app(store_kind, tmp_path, clock, INSTANT_TRANSFER_KINDS="")


def test_switched_off_a_clean_case_goes_to_the_registrar_with_the_reason(app, client, people):
    case_id = filed_with(client, people)
    pay_every_part(app, client, people, case_id)

    queue = queued_with_reasons(client, people)
    assert [c["case_id"] for c in queue] == [case_id]
    assert [(r["rule"], r["verdict"]) for r in queue[0]["checks"]["reasons"]] == [("instant_approval_on", "warn")]
    pages = app.test_client()
    login(pages, "registrar")
    assert 'data-rule="instant_approval_on"' in text(pages.get("/registrar/queue"))
