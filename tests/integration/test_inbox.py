"""The in-app inboxes on both stores: each party is told what concerns it, and nobody else is."""

from datetime import datetime

import pytest

from adapters.clock import REGISTRY_TZ
from projections.inbox import SupervisionInbox, TaxInbox, messages_for
from projections.worker import Worker
from registry.kernel.actors import Actor, Role
from registry.kernel.codes import Supplement
from registry.kernel.values import person_key
from registry.mortgages import commands as mortgages
from registry.register_book import commands as units
from registry.supervision.app import check_clocks
from registry.transfers import commands as transfers
from tests.builders import ICBC, LI_NA, WANG_FANG, ZHANG_WEI, mortgage_kwargs, transfer_kwargs, unit_kwargs

LI_NA_KEY, ZHANG_WEI_KEY = f"person:{person_key(LI_NA.id_number)}", f"person:{person_key(ZHANG_WEI.id_number)}"


def keys(views, recipient):
    return [m["key"] for m in reversed(messages_for(views, [recipient]))]


def catch_up(worker):
    while worker.run_once():
        pass


@pytest.fixture(autouse=True)
def every_inbox(views, worker):
    """The registry's inbox comes with the worker; the other two applications' tables exist in the platform."""
    with views.transaction() as tx:
        for inbox in (SupervisionInbox(), TaxInbox()):
            inbox.create(tx)


@pytest.fixture
def icbc():
    return Actor(user_id="icbc-zhou", role=Role.BANK_STAFF, org=ICBC)


@pytest.fixture
def paid_case(app, registrar, buyer, worker):
    units.register_unit(app, registrar, **unit_kwargs())
    case_id = transfers.submit_transfer(app, buyer, **transfer_kwargs()).id
    transfers.record_settlement(app, case_id, reference="paid:RC0001")
    return case_id


def test_the_parties_follow_their_case_and_the_office_its_queue(app, registrar, views, worker, paid_case):
    transfers.return_for_supplement(app, registrar, paid_case, missing=[Supplement.MARRIAGE_PROOF], note="请补充")
    catch_up(worker)
    assert keys(views, LI_NA_KEY) == ["inbox.case_filed", "inbox.case_paid", "inbox.case_returned"]
    assert keys(views, ZHANG_WEI_KEY) == keys(views, LI_NA_KEY)
    assert keys(views, "office:fz-registry") == ["inbox.case_ready_for_review"]
    returned = messages_for(views, [LI_NA_KEY])[0]
    assert returned["params"] == {"missing": ["marriage_proof"], "note": "请补充"}
    assert returned["case_id"] == str(paid_case)


def test_only_the_buyer_is_told_to_collect_a_certificate(app, registrar, views, worker, paid_case):
    transfers.approve_transfer(app, registrar, paid_case)
    catch_up(worker)
    assert keys(views, LI_NA_KEY)[-1] == "inbox.case_registered_buyer"
    assert keys(views, ZHANG_WEI_KEY)[-1] == "inbox.case_registered_seller"
    assert messages_for(views, [f"person:{person_key(WANG_FANG.id_number)}"]) == []


def test_the_owner_is_asked_to_confirm_and_the_bank_told_of_the_registration(app, registrar, views, worker, icbc,
                                                                             seller):
    units.register_unit(app, registrar, **unit_kwargs())
    filing_id = mortgages.file_mortgage(app, icbc, **mortgage_kwargs()).id
    catch_up(worker)
    assert keys(views, ZHANG_WEI_KEY) == ["inbox.consent_needed"]
    mortgages.consent_to_filing(app, seller, filing_id)
    catch_up(worker)
    assert keys(views, "bank:icbc-fz") == ["inbox.filing_registered"]


def test_a_breach_is_told_to_the_office_and_its_supervisor(app, views, supervision, paid_case):
    inbox = Worker(supervision, views, [SupervisionInbox()])
    inbox.setup()  # its tables exist already: setup keeps them
    supervision.pull_and_process("registry")
    check_clocks(supervision, [str(paid_case)], now=datetime(2026, 3, 20, 9, 0, tzinfo=REGISTRY_TZ))
    catch_up(inbox)
    assert keys(views, "supervisor:fz-registry") == ["inbox.deadline_breached"]
    assert keys(views, "office:fz-registry")[-1] == "inbox.deadline_breached"
    assert "inbox.deadline_breached" not in keys(views, LI_NA_KEY)
