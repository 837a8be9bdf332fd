"""An agent files for a party under a mandate the party confirms (代理申请): Wang Fang of an estate agency files
Zhang Wei's sale to Li Na; nothing is registered until Zhang Wei confirms her mandate."""

from datetime import timedelta

import pytest

from registry.kernel.errors import FilerMustBeParty, InvalidValue, MandateDoesNotCover
from registry.register_book import commands as units
from registry.transfers import commands as transfers
from registry.transfers.agency import MandateAlreadyConfirmed, MandateUnconfirmed, NotThePrincipal, mandate_from
from tests.builders import CHEN_GANG, GULOU_FLAT, MONDAY_MORNING, WANG_FANG, ZHANG_WEI, transfer_kwargs, unit_kwargs

TODAY = MONDAY_MORNING.date()


@pytest.fixture
def gulou_flat(app, registrar):
    units.register_unit(app, registrar, **unit_kwargs())
    return GULOU_FLAT


def zhang_weis_mandate(scopes=("file",), valid_from=TODAY - timedelta(days=7), valid_until=TODAY + timedelta(days=60),
                       principal=ZHANG_WEI):
    return mandate_from(WANG_FANG, principal, list(scopes), valid_from, valid_until)


def head(app):
    return app.recorder.max_notification_id() or 0


def filed_by_agent(app, wang_fang, registrar):
    receipt = transfers.submit_transfer(app, wang_fang, mandates=[zhang_weis_mandate()], **transfer_kwargs())
    transfers.record_settlement(app, receipt.id, reference="no-charge")
    return receipt.id


def test_an_estate_agent_files_the_sale_under_the_sellers_mandate_and_sees_the_case(app, gulou_flat, wang_fang,
                                                                                   registrar):
    case_id = filed_by_agent(app, wang_fang, registrar)
    case = app.case_for(wang_fang, case_id)
    assert case.filer_id_number == WANG_FANG.id_number
    [mandate] = case.mandates
    assert (mandate["principal_name"], mandate["scopes"], mandate["confirmed_at"]) == ("张伟", ["file"], None)


def test_nothing_is_registered_until_the_seller_confirms_the_agents_mandate(app, gulou_flat, wang_fang, seller,
                                                                            registrar):
    case_id = filed_by_agent(app, wang_fang, registrar)
    before = head(app)
    with pytest.raises(MandateUnconfirmed):
        transfers.approve_transfer(app, registrar, case_id)
    assert head(app) == before
    transfers.confirm_mandate(app, seller, case_id)
    transfers.approve_transfer(app, registrar, case_id)
    assert app.get_case(case_id).certificate_number


def test_only_the_principal_confirms_a_mandate_and_only_once(app, gulou_flat, wang_fang, seller, buyer, registrar):
    case_id = filed_by_agent(app, wang_fang, registrar)
    with pytest.raises(NotThePrincipal):
        transfers.confirm_mandate(app, buyer, case_id)
    transfers.confirm_mandate(app, seller, case_id)
    with pytest.raises(MandateAlreadyConfirmed):
        transfers.confirm_mandate(app, seller, case_id)


def test_someone_who_is_no_party_and_holds_no_mandate_may_not_file(app, gulou_flat, wang_fang):
    before = head(app)
    with pytest.raises(FilerMustBeParty):
        transfers.submit_transfer(app, wang_fang, **transfer_kwargs())
    assert head(app) == before


@pytest.mark.parametrize(("mandate", "reason"), [
    (dict(valid_from=TODAY - timedelta(days=90), valid_until=TODAY - timedelta(days=1)), "expired"),
    (dict(valid_from=TODAY + timedelta(days=1)), "not_yet_valid"),
    (dict(scopes=("collect_certificate",)), "scope"),
])
def test_a_mandate_that_does_not_cover_filing_today_is_refused_and_nothing_is_stored(app, gulou_flat, wang_fang,
                                                                                   mandate, reason):
    before = head(app)
    with pytest.raises(MandateDoesNotCover) as refused:
        transfers.submit_transfer(app, wang_fang, mandates=[zhang_weis_mandate(**mandate)], **transfer_kwargs())
    assert refused.value.details["reason"] == reason
    assert head(app) == before


def test_a_mandate_from_someone_who_is_no_party_of_the_case_is_refused(app, gulou_flat, wang_fang):
    with pytest.raises(InvalidValue) as refused:
        transfers.submit_transfer(app, wang_fang, mandates=[zhang_weis_mandate(principal=CHEN_GANG)],
                                  **transfer_kwargs())
    assert refused.value.field == "mandates"


def test_the_agent_cannot_confirm_the_mandate_it_files_under(app, gulou_flat, wang_fang, registrar):
    case_id = filed_by_agent(app, wang_fang, registrar)
    with pytest.raises(NotThePrincipal):
        transfers.confirm_mandate(app, wang_fang, case_id)
    assert app.get_case(case_id).mandates[0]["confirmed_at"] is None
