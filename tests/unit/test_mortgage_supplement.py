"""补正 for a bank's filing: a queued filing is returned once with everything missing; the filing bank
resubmits and the filing is back in the registrar's queue; the clock waits meanwhile."""

import pytest

from registry.kernel.codes import Supplement
from registry.kernel.errors import FilingNotPending, SupplementAlreadyRequested, UnknownFiling
from registry.mortgages import commands as mortgages
from registry.mortgages import decisions
from registry.mortgages.values import FilingState
from registry.register_book import commands as units
from registry.register_book import objections
from tests.builders import GULOU_FLAT, mortgage_kwargs, unit_kwargs

LOAN_PAPERS = [Supplement.LOAN_CONTRACT, Supplement.MORTGAGE_CONTRACT]


@pytest.fixture
def queued_filing(app, registrar, icbc, seller):
    """Wang Fang's objection on the Gulou flat sends ICBC's filing to the registrar."""
    units.register_unit(app, registrar, **unit_kwargs())
    objections.register_objection(app, registrar, unit_number=GULOU_FLAT, reference="(2026)榕异字第12号",
                                  applicant="王芳", reason="主张该房屋系夫妻共同财产")
    filing_id = mortgages.file_mortgage(app, icbc, **mortgage_kwargs()).id
    mortgages.consent_to_filing(app, seller, filing_id)
    assert app.get_filing(filing_id).state is FilingState.QUEUED
    return filing_id


def test_the_bank_resubmits_a_returned_filing_and_it_is_back_in_the_queue(app, registrar, icbc, queued_filing):
    decisions.return_filing(app, registrar, queued_filing, missing=LOAN_PAPERS, note="借款合同缺少签字页")
    filing = app.get_filing(queued_filing)
    assert filing.state is FilingState.RETURNED and filing.returned["missing"] == ["loan_contract",
                                                                                 "mortgage_contract"]
    with pytest.raises(FilingNotPending):
        decisions.approve_filing(app, registrar, queued_filing)
    mortgages.resubmit_filing(app, icbc, queued_filing, note="已补签字页")
    assert app.get_filing(queued_filing).state is FilingState.QUEUED
    decisions.approve_filing(app, registrar, queued_filing)
    assert app.get_filing(queued_filing).state is FilingState.REGISTERED


def test_only_the_filing_bank_resubmits(app, registrar, ccb, queued_filing):
    decisions.return_filing(app, registrar, queued_filing, missing=LOAN_PAPERS)
    head = app.recorder.max_notification_id()
    with pytest.raises(UnknownFiling):
        mortgages.resubmit_filing(app, ccb, queued_filing)
    assert app.recorder.max_notification_id() == head


def test_a_filing_is_returned_once(app, registrar, icbc, queued_filing):
    decisions.return_filing(app, registrar, queued_filing, missing=LOAN_PAPERS)
    mortgages.resubmit_filing(app, icbc, queued_filing)
    with pytest.raises(SupplementAlreadyRequested):
        decisions.return_filing(app, registrar, queued_filing, missing=[Supplement.OTHER], note="再补")
