"""补正: the registrar returns a paid case once with everything missing; a party supplies it and the case is
back in review without paying again; the statutory clock does not run meanwhile."""

import pytest

from registry.kernel.codes import CaseState, Supplement
from registry.kernel.errors import (
    CaseNotPending,
    CaseNotReturned,
    InvalidValue,
    SupplementAlreadyRequested,
    UnknownCase,
)
from registry.register_book import commands as units
from registry.transfers import commands as transfers
from tests.builders import WANG_FANG, transfer_kwargs, unit_kwargs
from tests.unit.conftest import applicant

MARRIAGE = [Supplement.MARRIAGE_PROOF, Supplement.ID_DOCUMENT]


@pytest.fixture
def paid_case(app, registrar, buyer):
    units.register_unit(app, registrar, **unit_kwargs())
    case_id = transfers.submit_transfer(app, buyer, **transfer_kwargs()).id
    transfers.record_settlement(app, case_id, reference="paid:RC0001")
    return case_id


def test_a_returned_case_waits_for_its_parties_with_the_list_of_what_is_missing(app, registrar, paid_case):
    transfers.return_for_supplement(app, registrar, paid_case, missing=MARRIAGE, note="请补充婚姻状况证明")
    case = app.get_case(paid_case)
    assert case.state is CaseState.RETURNED
    assert case.returned["missing"] == ["marriage_proof", "id_document"]
    assert case.returned["by"] == registrar.user_id


def test_the_seller_resubmits_and_the_case_is_back_in_review_without_a_new_settlement(app, registrar, seller,
                                                                                       paid_case):
    transfers.return_for_supplement(app, registrar, paid_case, missing=MARRIAGE)
    transfers.resubmit_transfer(app, seller, paid_case, note="已上传结婚证")
    assert app.get_case(paid_case).state is CaseState.PENDING_REVIEW
    transfers.approve_transfer(app, registrar, paid_case)
    assert app.get_case(paid_case).state is CaseState.APPROVED


def test_a_returned_case_cannot_be_approved_until_resubmitted(app, registrar, paid_case):
    transfers.return_for_supplement(app, registrar, paid_case, missing=MARRIAGE)
    with pytest.raises(CaseNotPending):
        transfers.approve_transfer(app, registrar, paid_case)


def test_everything_missing_is_asked_for_at_once(app, registrar, buyer, paid_case):
    transfers.return_for_supplement(app, registrar, paid_case, missing=MARRIAGE)
    transfers.resubmit_transfer(app, buyer, paid_case)
    head = app.recorder.max_notification_id()
    with pytest.raises(SupplementAlreadyRequested):
        transfers.return_for_supplement(app, registrar, paid_case, missing=[Supplement.CONTRACT])
    assert app.recorder.max_notification_id() == head


@pytest.mark.parametrize(("missing", "note", "field"), [
    ([], "", "missing"), ([Supplement.CONTRACT, Supplement.CONTRACT], "", "missing"),
    ([Supplement.OTHER], "  ", "note"), ([Supplement.CONTRACT], "长" * 501, "note")])
def test_a_bad_list_is_refused_and_changes_nothing(app, registrar, paid_case, missing, note, field):
    head = app.recorder.max_notification_id()
    with pytest.raises(InvalidValue) as refused:
        transfers.return_for_supplement(app, registrar, paid_case, missing=missing, note=note)
    assert refused.value.field == field
    assert app.recorder.max_notification_id() == head


def test_an_unpaid_case_is_not_returned_it_is_corrected_by_its_filer(app, registrar, buyer):
    units.register_unit(app, registrar, **unit_kwargs())
    case_id = transfers.submit_transfer(app, buyer, **transfer_kwargs()).id
    with pytest.raises(CaseNotPending):
        transfers.return_for_supplement(app, registrar, case_id, missing=MARRIAGE)


def test_only_a_party_resubmits_and_only_a_returned_case(app, registrar, buyer, paid_case):
    with pytest.raises(CaseNotReturned):
        transfers.resubmit_transfer(app, buyer, paid_case)
    transfers.return_for_supplement(app, registrar, paid_case, missing=MARRIAGE)
    with pytest.raises(UnknownCase):
        transfers.resubmit_transfer(app, applicant("wangfang", WANG_FANG), paid_case)


def test_a_returned_case_may_still_be_withdrawn(app, registrar, buyer, paid_case):
    transfers.return_for_supplement(app, registrar, paid_case, missing=MARRIAGE)
    transfers.withdraw_transfer(app, buyer, paid_case, reason="不卖了")
    assert app.get_case(paid_case).state is CaseState.WITHDRAWN
