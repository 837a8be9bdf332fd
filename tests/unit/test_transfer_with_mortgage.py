"""带押过户: Zhang Wei sells his Gulou flat to Li Na while his ICBC loan (禁止转让) is outstanding. ICBC's
discharge, the transfer and CCB's new mortgage for Li Na are one combined registration: all or nothing."""

import pytest

from registry.kernel.codes import CaseState
from registry.kernel.errors import CombinedRegistrationRefused, InvalidValue, TransferRestricted
from registry.mortgages import commands
from registry.mortgages.values import FilingKind, FilingState
from registry.register_book import commands as units
from registry.transfers import commands as transfers
from tests.builders import (
    CCB,
    GULOU_FLAT,
    LI_NA,
    TAIJIANG_FLAT,
    ZHANG_WEI,
    housing_loan,
    mortgage_kwargs,
    sole,
    transfer_kwargs,
    unit_kwargs,
)


@pytest.fixture
def restricted_mortgage(app, gulou_flat, icbc, seller, file_and_confirm):
    """ICBC's housing loan on the flat, agreed 禁止转让 (Civil Code art. 406)."""
    file_and_confirm(icbc, seller, **mortgage_kwargs(terms=housing_loan(transfer_restricted=True)))
    return app.get_unit(gulou_flat).mortgages[0]


@pytest.fixture
def sale(app, restricted_mortgage, buyer):
    """Li Na's purchase, filed and settled: it waits for the registrar."""
    receipt = transfers.submit_transfer(app, buyer, **transfer_kwargs())
    transfers.record_settlement(app, receipt.id, reference="no-charge")
    return receipt.id


def icbc_discharge(app, icbc, sale, mortgage):
    return commands.file_mortgage(app, icbc, **mortgage_kwargs(
        "ICBC-2026-0001-ZX", kind=FilingKind.DISCHARGE, proof_numbers=[mortgage.proof_number],
        transfer_case_id=str(sale))).id


def ccb_new_mortgage(app, ccb, sale):
    return commands.file_mortgage(app, ccb, **mortgage_kwargs(
        "CCB-2026-0088", mortgagors=[LI_NA], terms=housing_loan("1400000.00", debtors=(LI_NA,),
                                                                 contract="CCB-FZ-2026-0088"),
        transfer_case_id=str(sale))).id


@pytest.fixture
def both_parts(app, sale, restricted_mortgage, icbc, ccb, buyer):
    """ICBC's discharge (no consent needed) and CCB's mortgage for Li Na, which she confirmed: both staged."""
    discharge = icbc_discharge(app, icbc, sale, restricted_mortgage)
    new_mortgage = ccb_new_mortgage(app, ccb, sale)
    commands.consent_to_filing(app, buyer, new_mortgage)
    return discharge, new_mortgage


def snapshot(app, sale, *filings):
    """Everything an all-or-nothing refusal must leave as it was."""
    return (app.recorder.max_notification_id(), app.get_unit(GULOU_FLAT).version, app.get_case(sale).version,
            *(app.get_filing(f).version for f in filings))


def test_a_plain_transfer_of_a_flat_whose_mortgage_forbids_it_is_refused(app, sale, registrar):
    before = snapshot(app, sale)
    with pytest.raises(TransferRestricted):
        transfers.approve_transfer(app, registrar, sale)
    assert snapshot(app, sale) == before
    assert app.get_case(sale).state is CaseState.PENDING_REVIEW


def test_each_part_waits_staged_for_the_transfer(app, both_parts, sale):
    discharge, new_mortgage = (app.get_filing(f) for f in both_parts)
    assert discharge.state is new_mortgage.state is FilingState.STAGED
    assert app.get_case(sale).mortgage_parts == (str(discharge.id), str(new_mortgage.id))
    assert len(app.get_unit(GULOU_FLAT).mortgages) == 1


def test_the_staged_mortgage_is_checked_against_the_page_as_the_transfer_will_leave_it(app, both_parts):
    new_mortgage = app.get_filing(both_parts[1])
    assert {o.rule: o.verdict for o in new_mortgage.outcomes} == {o.rule: "pass" for o in new_mortgage.outcomes}


def test_discharge_transfer_and_new_mortgage_register_in_one_save(app, both_parts, sale, registrar, saves):
    saves.clear()
    transfers.approve_transfer(app, registrar, sale)
    unit = app.get_unit(GULOU_FLAT)
    assert unit.owners == sole(LI_NA)
    [mortgage] = unit.mortgages
    assert (mortgage.bank, mortgage.mortgagors) == (CCB, (LI_NA,))
    discharge, new_mortgage = (app.get_filing(f) for f in both_parts)
    assert discharge.state is new_mortgage.state is FilingState.REGISTERED
    assert new_mortgage.proof_numbers == [mortgage.proof_number]
    assert app.get_case(sale).state is CaseState.APPROVED
    [save] = saves
    assert {"registry.unit.MortgageDischarged", "registry.unit.Transferred", "registry.unit.MortgageRegistered",
            "registry.transfer.Approved", "registry.mortgage_filing.Registered"} <= set(save)
    assert save.count("registry.mortgage_filing.Registered") == 2


def test_when_the_buyers_bank_loses_accreditation_nothing_is_registered(app, both_parts, sale, registrar, banks):
    banks.withdraw(CCB, "fz-registry")
    before = snapshot(app, sale, *both_parts)
    with pytest.raises(CombinedRegistrationRefused) as refused:
        transfers.approve_transfer(app, registrar, sale)
    assert "bank_accredited" in refused.value.message and "中国建设银行福州分行" in refused.value.message
    assert snapshot(app, sale, *both_parts) == before
    unit = app.get_unit(GULOU_FLAT)
    assert unit.owners == sole(ZHANG_WEI) and [m.bank for m in unit.mortgages] == ["icbc-fz"]
    assert [app.get_filing(f).state for f in both_parts] == [FilingState.STAGED, FilingState.STAGED]
    assert app.get_case(sale).state is CaseState.PENDING_REVIEW


def test_when_the_buyer_never_confirms_nothing_is_registered(app, sale, restricted_mortgage, icbc, ccb, registrar):
    parts = icbc_discharge(app, icbc, sale, restricted_mortgage), ccb_new_mortgage(app, ccb, sale)
    before = snapshot(app, sale, *parts)
    with pytest.raises(CombinedRegistrationRefused) as refused:
        transfers.approve_transfer(app, registrar, sale)
    assert "中国建设银行福州分行's new mortgage was refused" in refused.value.message
    assert snapshot(app, sale, *parts) == before


def test_a_discharge_alone_lets_the_restricted_flat_transfer(app, sale, restricted_mortgage, icbc, registrar):
    icbc_discharge(app, icbc, sale, restricted_mortgage)
    transfers.approve_transfer(app, registrar, sale)
    unit = app.get_unit(GULOU_FLAT)
    assert unit.owners == sole(LI_NA) and unit.mortgages == ()


def test_only_a_discharge_or_a_new_mortgage_of_that_unit_joins_a_transfer(app, sale, restricted_mortgage, icbc,
                                                                          registrar):
    units.register_unit(app, registrar, **unit_kwargs(unit_number=TAIJIANG_FLAT))
    before = app.recorder.max_notification_id()
    with pytest.raises(InvalidValue) as change:
        commands.file_mortgage(app, icbc, **mortgage_kwargs(
            "ICBC-BG-1", kind=FilingKind.CHANGE, proof_numbers=[restricted_mortgage.proof_number],
            terms=housing_loan("900000.00"), transfer_case_id=str(sale)))
    with pytest.raises(InvalidValue) as other_unit:
        commands.file_mortgage(app, icbc, **mortgage_kwargs(
            "ICBC-2026-0009", unit_numbers=[TAIJIANG_FLAT], transfer_case_id=str(sale)))
    with pytest.raises(InvalidValue) as no_case:
        commands.file_mortgage(app, icbc, **mortgage_kwargs("ICBC-2026-0010", transfer_case_id="not-a-case"))
    assert change.value.field == other_unit.value.field == no_case.value.field == "transfer_case_id"
    with pytest.raises(InvalidValue) as not_the_buyer:
        commands.file_mortgage(app, icbc, **mortgage_kwargs("ICBC-2026-0011", mortgagors=[ZHANG_WEI],
                                                            transfer_case_id=str(sale)))
    assert not_the_buyer.value.field == "mortgagors"
    assert app.recorder.max_notification_id() == before


def test_rejecting_the_transfer_rejects_the_banks_open_parts_too(app, sale, restricted_mortgage, icbc, ccb,
                                                                  registrar):
    parts = icbc_discharge(app, icbc, sale, restricted_mortgage), ccb_new_mortgage(app, ccb, sale)
    transfers.reject_transfer(app, registrar, sale, reason="买受人未按约定付款")
    for part in parts:
        filing = app.get_filing(part)
        assert filing.state is FilingState.REJECTED
        assert list(app.events.get(part))[-1].reason == "the transfer was rejected: 买受人未按约定付款"
    assert app.get_unit(GULOU_FLAT).mortgages == (restricted_mortgage,)
