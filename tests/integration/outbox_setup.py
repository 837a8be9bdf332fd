"""What the outbox tests share: Li Na's paid case in the inbox, and an outbox that copies her messages."""

from __future__ import annotations

import pytest

from adapters.durable import migrate
from adapters.outbox import Addressee, Outbox
from projections.inbox import SupervisionInbox, TaxInbox
from projections.inbox_queries import not_queued
from registry.kernel.values import person_key
from registry.register_book import commands as units
from registry.transfers import commands as transfers
from tests.builders import LI_NA, MONDAY_MORNING, transfer_kwargs, unit_kwargs
from web.notifications import compose

LI_NA_KEY = f"person:{person_key(LI_NA.id_number)}"
LI_NA_EMAIL, LI_NA_MOBILE = "lina@example.cn", "13912345678"


def catch_up(worker) -> None:
    while worker.run_once():
        pass


@pytest.fixture
def paid_case(app, registrar, buyer, views, worker):
    """Li Na filed and paid: two messages in her inbox (filed, paid)."""
    migrate.upgrade(views)
    with views.transaction() as tx:  # the other applications' inboxes, as the platform has them
        for inbox in (SupervisionInbox(), TaxInbox()):
            inbox.create(tx)
    units.register_unit(app, registrar, **unit_kwargs())
    case_id = transfers.submit_transfer(app, buyer, **transfer_kwargs()).id
    transfers.record_settlement(app, case_id, reference="paid:RC0001")
    catch_up(worker)
    return str(case_id)


def li_na(**addresses: str) -> Addressee:
    return Addressee("lina", [LI_NA_KEY], addresses, since=MONDAY_MORNING)


def outbox_for(views, clock, senders, *addressees: Addressee) -> Outbox:
    return Outbox(views, clock, senders, lambda: addressees, not_queued, compose("https://registry.example.cn"))
