import pytest

from registry.kernel.codes import CaseState, HomeOrdinal, Use
from registry.kernel.errors import (
    CaseAlreadyExists,
    CaseNotPending,
    CaseNotWithdrawable,
    FilerMustBeParty,
    ReasonRequired,
    SellersMustBeOwners,
    UnitLocked,
    UnknownCase,
    UnknownUnit,
)
from registry.register_book import commands as units
from registry.transfers import commands as transfers
from tests.builders import (
    CANGSHAN_FLAT,
    CHEN_GANG,
    GARAGE,
    GULOU_FLAT,
    LI_NA,
    LI_XIAOMING,
    TAIJIANG_FLAT,
    WANG_FANG,
    ZHANG_WEI,
    sole,
    transfer_kwargs,
    unit_kwargs,
)


@pytest.fixture
def gulou_flat(app, registrar):
    units.register_unit(app, registrar, **unit_kwargs())
    return GULOU_FLAT


def submit_and_settle(app, buyer, **overrides):
    receipt = transfers.submit_transfer(app, buyer, **transfer_kwargs(**overrides))
    transfers.record_settlement(app, receipt.id, reference="no-charge")
    return receipt.id


def test_submitted_case_waits_for_settlement_then_for_the_registrar(app, gulou_flat, buyer):
    receipt = transfers.submit_transfer(app, buyer, **transfer_kwargs())
    assert app.get_case(receipt.id).state is CaseState.AWAITING_SETTLEMENT
    transfers.record_settlement(app, receipt.id, reference="no-charge")
    transfers.record_settlement(app, receipt.id, reference="no-charge")  # a re-delivered hand-off
    case = app.get_case(receipt.id)
    # settled, and referred by the rules of instant approval (no tax bureau said "by rule"): version 3
    assert case.state is CaseState.PENDING_REVIEW and case.version == 3


def test_approval_replaces_owners_and_cancels_the_old_certificate_number(app, gulou_flat, buyer, registrar):
    case_id = submit_and_settle(app, buyer)
    transfers.approve_transfer(app, registrar, case_id)
    unit = app.get_unit(GULOU_FLAT)
    assert unit.owners == sole(LI_NA)
    assert unit.cancelled_certificates == ["闽(2026)福州市不动产权第0000001号(销)"]
    assert unit.certificate_number == "闽(2026)福州市不动产权第0000002号"
    assert app.get_case(case_id).certificate_number == unit.certificate_number
    assert app.holdings_of(LI_NA.id_number).homes() == {GULOU_FLAT}
    assert app.holdings_of(ZHANG_WEI.id_number).homes() == set()


def test_case_cannot_be_approved_twice(app, gulou_flat, buyer, registrar):
    case_id = submit_and_settle(app, buyer)
    transfers.approve_transfer(app, registrar, case_id)
    with pytest.raises(CaseNotPending):
        transfers.approve_transfer(app, registrar, case_id)
    assert app.get_unit(GULOU_FLAT).version == 2


def test_unsettled_case_cannot_be_approved(app, gulou_flat, buyer, registrar):
    receipt = transfers.submit_transfer(app, buyer, **transfer_kwargs())
    with pytest.raises(CaseNotPending):
        transfers.approve_transfer(app, registrar, receipt.id)


def test_sellers_must_be_exactly_the_current_owners(app, gulou_flat, buyer):
    before = app.recorder.max_notification_id()
    with pytest.raises(SellersMustBeOwners):
        transfers.submit_transfer(app, buyer, **transfer_kwargs(sellers=[ZHANG_WEI, WANG_FANG]))
    with pytest.raises(SellersMustBeOwners):
        transfers.submit_transfer(app, buyer, **transfer_kwargs(sellers=[WANG_FANG]))
    assert app.recorder.max_notification_id() == before


def test_locked_unit_refuses_transfer_and_names_the_authority(app, gulou_flat, buyer, registrar):
    case_id = submit_and_settle(app, buyer)
    units.lock_unit(app, registrar, unit_number=GULOU_FLAT, authority="福州市鼓楼区人民法院",
                    reference="(2026)闽0102执123号", reason="查封")
    with pytest.raises(UnitLocked) as refused:
        transfers.approve_transfer(app, registrar, case_id)
    assert "福州市鼓楼区人民法院" in refused.value.message
    with pytest.raises(UnitLocked):
        transfers.submit_transfer(app, buyer, **transfer_kwargs(contract_number="FZ2026-000124"))
    assert app.get_case(case_id).state is CaseState.PENDING_REVIEW


def test_unlocked_unit_can_be_transferred_again(app, gulou_flat, buyer, registrar):
    case_id = submit_and_settle(app, buyer)
    units.lock_unit(app, registrar, unit_number=GULOU_FLAT, authority="court", reference="R1", reason="查封")
    units.unlock_unit(app, registrar, unit_number=GULOU_FLAT, reference="R1")
    transfers.approve_transfer(app, registrar, case_id)
    assert app.get_unit(GULOU_FLAT).owners == sole(LI_NA)


def test_family_housing_check_counts_homes_of_spouse_and_minor_children(app, gulou_flat, registrar, buyer):
    units.register_unit(app, registrar, **unit_kwargs(unit_number=TAIJIANG_FLAT, owners=sole(CHEN_GANG)))
    units.register_unit(app, registrar, **unit_kwargs(unit_number=CANGSHAN_FLAT, owners=sole(LI_XIAOMING)))
    units.register_unit(app, registrar, **unit_kwargs(unit_number=GARAGE, owners=sole(LI_NA),
                                                      use=Use.GARAGE_PARKING_STOREROOM))
    receipt = transfers.submit_transfer(app, buyer, **transfer_kwargs(with_family=True))
    [count] = app.get_case(receipt.id).home_counts
    assert count.ordinal is HomeOrdinal.THIRD_OR_LATER
    assert set(count.units_counted) == {TAIJIANG_FLAT, CANGSHAN_FLAT}


def test_buyer_without_homes_buys_a_first_home_and_the_spouses_flat_makes_it_second(app, gulou_flat,
                                                                                    registrar, buyer):
    first = transfers.submit_transfer(app, buyer, **transfer_kwargs())
    assert app.get_case(first.id).home_counts[0].ordinal is HomeOrdinal.FIRST
    units.register_unit(app, registrar, **unit_kwargs(unit_number=TAIJIANG_FLAT, owners=sole(CHEN_GANG)))
    second = transfers.submit_transfer(app, buyer, **transfer_kwargs(contract_number="FZ2026-2",
                                                                     with_family=True))
    assert app.get_case(second.id).home_counts[0].ordinal is HomeOrdinal.SECOND


def test_only_a_party_may_file(app, gulou_flat, seller):
    from registry.kernel.actors import Actor, Role
    stranger = Actor(user_id="wangfang", role=Role.APPLICANT, id_number=WANG_FANG.id_number)
    with pytest.raises(FilerMustBeParty):
        transfers.submit_transfer(app, stranger, **transfer_kwargs())
    transfers.submit_transfer(app, seller, **transfer_kwargs())


def test_same_contract_filed_twice_creates_no_twin(app, gulou_flat, buyer):
    transfers.submit_transfer(app, buyer, **transfer_kwargs())
    with pytest.raises(CaseAlreadyExists):
        transfers.submit_transfer(app, buyer, **transfer_kwargs())


def test_unknown_unit_is_named(app, buyer):
    with pytest.raises(UnknownUnit):
        transfers.submit_transfer(app, buyer, **transfer_kwargs())


def test_rejection_needs_a_reason(app, gulou_flat, buyer, registrar):
    case_id = submit_and_settle(app, buyer)
    with pytest.raises(ReasonRequired):
        transfers.reject_transfer(app, registrar, case_id, reason="  ")
    transfers.reject_transfer(app, registrar, case_id, reason="合同价格与备案不符")
    assert app.get_case(case_id).state is CaseState.REJECTED


def test_applicant_may_withdraw_before_approval_but_not_after(app, gulou_flat, buyer, registrar):
    first = submit_and_settle(app, buyer)
    transfers.withdraw_transfer(app, buyer, first, reason="改期")
    assert app.get_case(first).state is CaseState.WITHDRAWN
    second = submit_and_settle(app, buyer, contract_number="FZ2026-2")
    transfers.approve_transfer(app, registrar, second)
    with pytest.raises(CaseNotWithdrawable):
        transfers.withdraw_transfer(app, buyer, second)


def test_registrar_of_another_registry_cannot_see_or_decide_the_case(app, gulou_flat, buyer, other_registrar):
    case_id = submit_and_settle(app, buyer)
    with pytest.raises(UnknownCase):
        transfers.approve_transfer(app, other_registrar, case_id)


def test_certificate_numbers_restart_each_year(app, gulou_flat, buyer, registrar, clock):
    clock.advance(days=300)  # into 2027
    case_id = submit_and_settle(app, buyer)
    transfers.approve_transfer(app, registrar, case_id)
    assert app.get_unit(GULOU_FLAT).certificate_number == "闽(2027)福州市不动产权第0000001号"
