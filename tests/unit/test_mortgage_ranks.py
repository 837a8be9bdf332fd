"""Mortgages rank in order of registration; discharge, change (amount, term, rank) and transfer of a
mortgage to another bank, with the consent of the banks a change would put at a disadvantage."""

from datetime import date
from decimal import Decimal

import pytest

from events import unit as unit_events
from registry.kernel.errors import InvalidValue
from registry.mortgages import commands
from registry.mortgages.values import FilingKind, FilingState, MortgageMethod
from tests.builders import (
    CCB,
    GULOU_FLAT,
    ICBC,
    RCB,
    ZHANG_WEI,
    housing_loan,
    maximum_amount_loan,
    mortgage_kwargs,
)


def banks_in_rank_order(app, unit_number):
    return [m.bank for m in app.get_unit(unit_number).mortgages]


def proof_of(app, unit_number, bank):
    return next(m.proof_number for m in app.get_unit(unit_number).mortgages if m.bank == bank)


def last_unit_event(app, unit_number):
    """The registration's own event: the rank moves it caused follow it."""
    return [e for e in app.events.get(app.get_unit(unit_number).id)
            if not isinstance(e, unit_events.MortgageReranked)][-1]


@pytest.fixture
def three_mortgages(app, gulou_flat, icbc, ccb, rcb, seller, file_and_confirm):
    """ICBC's housing loan first, then CCB's renovation loan, then the rural bank's consumer loan."""
    for staff, reference, amount, rank in ((icbc, "ICBC-2026-0001", "1000000.00", 1),
                                           (ccb, "CCB-2026-0001", "300000.00", 2),
                                           (rcb, "RCB-2026-0001", "100000.00", 3)):
        filing = file_and_confirm(staff, seller, **mortgage_kwargs(
            reference, rank=rank, terms=housing_loan(amount, contract=f"{reference}-LOAN")))
        assert filing.state is FilingState.REGISTERED
    return gulou_flat


def test_mortgages_rank_in_order_of_registration(app, three_mortgages):
    assert banks_in_rank_order(app, three_mortgages) == [ICBC, CCB, RCB]
    ranks = [e.rank for e in app.events.get(app.get_unit(three_mortgages).id)
             if isinstance(e, unit_events.MortgageRegistered)]
    assert ranks == [1, 2, 3]


def test_a_fourth_mortgage_must_ask_for_rank_four(app, three_mortgages, icbc, seller, file_and_confirm):
    assert file_and_confirm(icbc, seller, **mortgage_kwargs("ICBC-2026-0002", rank=1)).state is FilingState.QUEUED
    assert file_and_confirm(icbc, seller, **mortgage_kwargs("ICBC-2026-0003", rank=4)).state \
        is FilingState.REGISTERED


# -- discharge ------------------------------------------------------------------------------------------
def test_discharging_rank_one_moves_the_others_up_free_and_without_consent(app, three_mortgages, icbc):
    proof = proof_of(app, three_mortgages, ICBC)
    receipt = commands.file_mortgage(app, icbc, **mortgage_kwargs(
        "ICBC-2026-0001-ZX", kind=FilingKind.DISCHARGE, proof_numbers=[proof]))
    filing = app.get_filing(receipt.id)
    assert filing.state is FilingState.REGISTERED and filing.consents_needed == []
    assert filing.fee == Decimal("0") and filing.proof_numbers == []
    assert banks_in_rank_order(app, three_mortgages) == [CCB, RCB]
    event = last_unit_event(app, three_mortgages)
    assert isinstance(event, unit_events.MortgageDischarged)
    assert (event.bank, event.proof_number, event.djlx.value) == (ICBC, proof, "400")


def test_a_bank_cannot_discharge_another_banks_mortgage(app, three_mortgages, ccb):
    before = app.recorder.max_notification_id()
    with pytest.raises(InvalidValue) as refused:
        commands.file_mortgage(app, ccb, **mortgage_kwargs(
            "CCB-ZX-1", kind=FilingKind.DISCHARGE, proof_numbers=[proof_of(app, three_mortgages, ICBC)]))
    assert refused.value.field == "proof_numbers"
    assert app.recorder.max_notification_id() == before


# -- change of rank -------------------------------------------------------------------------------------
def change(app, staff, bank, reference, **filing):
    """A change filing on the bank's own mortgage on the Gulou flat, found by its proof number."""
    return commands.file_mortgage(app, staff, **mortgage_kwargs(
        reference, kind=FilingKind.CHANGE, proof_numbers=[proof_of(app, GULOU_FLAT, bank)], **filing))


def test_moving_up_needs_the_consent_of_the_banks_it_pushes_back(app, three_mortgages, rcb):
    receipt = change(app, rcb, RCB, "RCB-BG-1", rank=1)
    assert app.get_filing(receipt.id).consents_needed == [f"person:{ZHANG_WEI.id_number}", f"bank:{ICBC}",
                                                          f"bank:{CCB}"]


def test_a_rank_change_with_every_consent_reorders_the_mortgages(app, three_mortgages, rcb, icbc, ccb, seller):
    previous = proof_of(app, GULOU_FLAT, RCB)
    receipt = change(app, rcb, RCB, "RCB-BG-1", rank=1)
    for party in (seller, icbc):
        commands.consent_to_filing(app, party, receipt.id)
    assert banks_in_rank_order(app, GULOU_FLAT) == [ICBC, CCB, RCB]
    commands.consent_to_filing(app, ccb, receipt.id)
    assert app.get_filing(receipt.id).state is FilingState.REGISTERED
    assert banks_in_rank_order(app, GULOU_FLAT) == [RCB, ICBC, CCB]
    event = last_unit_event(app, GULOU_FLAT)
    assert isinstance(event, unit_events.MortgageChanged)
    assert (event.rank, event.previous_proof_number) == (1, previous)
    assert event.proof_number == proof_of(app, GULOU_FLAT, RCB) != previous


def test_a_bank_declining_the_rank_change_leaves_the_order(app, three_mortgages, rcb, icbc, ccb, seller):
    receipt = change(app, rcb, RCB, "RCB-BG-1", rank=1)
    commands.consent_to_filing(app, seller, receipt.id)
    commands.consent_to_filing(app, icbc, receipt.id)
    commands.decline_filing(app, ccb, receipt.id, reason="顺位让与未经审批")
    assert app.get_filing(receipt.id).state is FilingState.DECLINED
    assert banks_in_rank_order(app, GULOU_FLAT) == [ICBC, CCB, RCB]


def test_moving_back_needs_only_the_owner(app, three_mortgages, icbc, seller):
    receipt = change(app, icbc, ICBC, "ICBC-BG-1", rank=3)
    assert app.get_filing(receipt.id).consents_needed == [f"person:{ZHANG_WEI.id_number}"]
    commands.consent_to_filing(app, seller, receipt.id)
    assert banks_in_rank_order(app, GULOU_FLAT) == [CCB, RCB, ICBC]


def test_a_change_of_a_mortgage_discharged_meanwhile_fails_mortgage_is_the_banks(app, gulou_flat, icbc, seller,
                                                                                  file_and_confirm):
    file_and_confirm(icbc, seller, **mortgage_kwargs())
    proof = proof_of(app, gulou_flat, ICBC)
    receipt = change(app, icbc, ICBC, "ICBC-BG-1", terms=housing_loan("800000.00"))
    commands.file_mortgage(app, icbc, **mortgage_kwargs("ICBC-ZX-1", kind=FilingKind.DISCHARGE, proof_numbers=[proof]))
    commands.consent_to_filing(app, seller, receipt.id)
    filing = app.get_filing(receipt.id)
    assert filing.state is FilingState.QUEUED
    assert {o.rule: o.verdict for o in filing.outcomes}["mortgage_is_the_banks"] == "fail"


# -- change of amount and term --------------------------------------------------------------------------
def test_a_change_of_amount_and_term_gets_a_new_proof_naming_the_previous(app, gulou_flat, icbc, seller,
                                                                          file_and_confirm):
    file_and_confirm(icbc, seller, **mortgage_kwargs())
    previous = proof_of(app, gulou_flat, ICBC)
    smaller = housing_loan("800000.00", performance_end=date(2046, 3, 15))
    receipt = change(app, icbc, ICBC, "ICBC-BG-1", terms=smaller)
    commands.consent_to_filing(app, seller, receipt.id)
    filing = app.get_filing(receipt.id)
    assert filing.state is FilingState.REGISTERED and filing.fee == Decimal("80")
    [mortgage] = app.get_unit(gulou_flat).mortgages
    assert mortgage.terms == smaller and mortgage.proof_number == filing.proof_numbers[0] != previous
    event = last_unit_event(app, gulou_flat)
    assert (event.previous_proof_number, event.rank, event.djlx.value) == (previous, 1, "300")


def test_raising_the_amount_of_a_senior_mortgage_needs_the_later_ranked_banks(app, three_mortgages, icbc, ccb,
                                                                             rcb, seller):
    receipt = change(app, icbc, ICBC, "ICBC-BG-1", terms=housing_loan("1500000.00"))
    assert app.get_filing(receipt.id).consents_needed == [f"person:{ZHANG_WEI.id_number}", f"bank:{CCB}",
                                                          f"bank:{RCB}"]
    for party in (seller, ccb, rcb):
        commands.consent_to_filing(app, party, receipt.id)
    assert app.get_unit(GULOU_FLAT).mortgages[0].terms.amount == Decimal("1500000.00")


def test_lowering_the_amount_needs_only_the_owner(app, three_mortgages, icbc, seller):
    receipt = change(app, icbc, ICBC, "ICBC-BG-1", terms=housing_loan("600000.00"))
    assert app.get_filing(receipt.id).consents_needed == [f"person:{ZHANG_WEI.id_number}"]


def test_a_rank_only_change_keeps_the_terms(app, three_mortgages, icbc, seller):
    terms = app.get_unit(GULOU_FLAT).mortgages[0].terms
    receipt = change(app, icbc, ICBC, "ICBC-BG-1", rank=2)
    commands.consent_to_filing(app, seller, receipt.id)
    assert app.get_unit(GULOU_FLAT).mortgages[1].terms == terms
    assert banks_in_rank_order(app, GULOU_FLAT) == [CCB, ICBC, RCB]


def test_a_rank_beyond_the_last_is_refused_by_rank_free(app, three_mortgages, icbc, seller):
    receipt = change(app, icbc, ICBC, "ICBC-BG-1", rank=4)
    commands.consent_to_filing(app, seller, receipt.id)
    filing = app.get_filing(receipt.id)
    assert filing.state is FilingState.QUEUED
    assert {o.rule: o.verdict for o in filing.outcomes}["rank_free"] == "fail"


# -- transfer of the mortgage to another bank ----------------------------------------------------------
def test_a_mortgage_transferred_to_another_bank_changes_its_bank_once_the_assignee_confirms(
        app, gulou_flat, icbc, ccb, seller, file_and_confirm):
    file_and_confirm(icbc, seller, **mortgage_kwargs())
    previous = proof_of(app, gulou_flat, ICBC)
    receipt = commands.file_mortgage(app, icbc, **mortgage_kwargs(
        "ICBC-ZR-1", kind=FilingKind.TRANSFER, proof_numbers=[previous], assignee=CCB))
    assert app.get_filing(receipt.id).consents_needed == [f"bank:{CCB}"]
    assert banks_in_rank_order(app, gulou_flat) == [ICBC]
    commands.consent_to_filing(app, ccb, receipt.id)
    [mortgage] = app.get_unit(gulou_flat).mortgages
    assert (mortgage.bank, mortgage.bank_name) == (CCB, "中国建设银行福州分行")
    event = last_unit_event(app, gulou_flat)
    assert isinstance(event, unit_events.MortgageTransferred)
    assert (event.previous_bank, event.previous_proof_number, event.djlx.value) == (ICBC, previous, "200")
    assert mortgage.proof_number == event.proof_number != previous


def test_a_mortgage_cannot_be_assigned_to_the_bank_that_holds_it(app, gulou_flat, icbc, seller, file_and_confirm):
    file_and_confirm(icbc, seller, **mortgage_kwargs())
    with pytest.raises(InvalidValue) as refused:
        commands.file_mortgage(app, icbc, **mortgage_kwargs(
            "ICBC-ZR-1", kind=FilingKind.TRANSFER, proof_numbers=[proof_of(app, gulou_flat, ICBC)], assignee=ICBC))
    assert refused.value.field == "assignee"


# -- maximum-amount mortgage (最高额抵押) ----------------------------------------------------------------
def test_a_maximum_amount_mortgage_registers_and_keeps_its_maximum_and_claim_period(app, gulou_flat, icbc, seller,
                                                                                    file_and_confirm):
    filing = file_and_confirm(icbc, seller, **mortgage_kwargs(terms=maximum_amount_loan("3000000.00")))
    assert filing.state is FilingState.REGISTERED
    [mortgage] = app.get_unit(gulou_flat).mortgages
    assert mortgage.terms.method is MortgageMethod.MAXIMUM
    assert (mortgage.terms.maximum_amount, mortgage.terms.secured_amount) == (Decimal("3000000.00"), None)
    assert mortgage.terms.amount == Decimal("3000000.00")
    assert (mortgage.terms.claim_start, mortgage.terms.claim_end) == (date(2026, 3, 16), date(2031, 3, 15))


# -- ranks moved by another registration: each moved mortgage gets a new proof number ------------------
def reranked_since(app, unit_number, version):
    return [(e.bank, e.previous_rank, e.rank, e.previous_proof_number, e.proof_number)
            for e in app.events.get(app.get_unit(unit_number).id, gt=version)
            if isinstance(e, unit_events.MortgageReranked)]


def test_discharging_rank_one_gives_each_later_bank_a_new_proof_number_at_its_new_rank(app, three_mortgages, icbc):
    ccb_before, rcb_before = proof_of(app, GULOU_FLAT, CCB), proof_of(app, GULOU_FLAT, RCB)
    version = app.get_unit(GULOU_FLAT).version
    receipt = commands.file_mortgage(app, icbc, **mortgage_kwargs(
        "ICBC-2026-0001-ZX", kind=FilingKind.DISCHARGE, proof_numbers=[proof_of(app, GULOU_FLAT, ICBC)]))
    moved = reranked_since(app, GULOU_FLAT, version)
    assert [(bank, was, now, old) for bank, was, now, old, _ in moved] == [(CCB, 2, 1, ccb_before),
                                                                          (RCB, 3, 2, rcb_before)]
    new_numbers = [new for *_, new in moved]
    assert new_numbers == [proof_of(app, GULOU_FLAT, CCB), proof_of(app, GULOU_FLAT, RCB)]
    assert len(set(new_numbers) | {ccb_before, rcb_before}) == 4  # fresh numbers from the proof sequence
    assert app.get_filing(receipt.id).proof_numbers == []  # the moved proofs are their banks', not the filing's


def test_a_rank_change_gives_the_banks_it_pushed_back_new_proofs(app, three_mortgages, rcb, icbc, ccb, seller):
    version = app.get_unit(GULOU_FLAT).version
    receipt = change(app, rcb, RCB, "RCB-BG-1", rank=1)
    for party in (seller, icbc, ccb):
        commands.consent_to_filing(app, party, receipt.id)
    assert [(bank, was, now) for bank, was, now, *_ in reranked_since(app, GULOU_FLAT, version)] == [
        (ICBC, 1, 2), (CCB, 2, 3)]  # the rural bank's own new proof comes from its MortgageChanged


def test_moving_back_moves_the_others_up_and_renumbers_their_proofs(app, three_mortgages, icbc, seller):
    version = app.get_unit(GULOU_FLAT).version
    receipt = change(app, icbc, ICBC, "ICBC-BG-1", rank=3)
    commands.consent_to_filing(app, seller, receipt.id)
    assert [(bank, was, now) for bank, was, now, *_ in reranked_since(app, GULOU_FLAT, version)] == [
        (CCB, 2, 1), (RCB, 3, 2)]


def test_a_change_of_amount_or_a_discharge_of_the_last_rank_moves_no_one(app, three_mortgages, icbc, rcb, seller):
    version = app.get_unit(GULOU_FLAT).version
    receipt = change(app, icbc, ICBC, "ICBC-BG-1", terms=housing_loan("600000.00"))
    commands.consent_to_filing(app, seller, receipt.id)
    commands.file_mortgage(app, rcb, **mortgage_kwargs(
        "RCB-2026-0001-ZX", kind=FilingKind.DISCHARGE, proof_numbers=[proof_of(app, GULOU_FLAT, RCB)]))
    assert banks_in_rank_order(app, GULOU_FLAT) == [ICBC, CCB]
    assert reranked_since(app, GULOU_FLAT, version) == []


def test_a_page_with_moved_ranks_survives_a_snapshot(app, three_mortgages, icbc):
    commands.file_mortgage(app, icbc, **mortgage_kwargs(
        "ICBC-2026-0001-ZX", kind=FilingKind.DISCHARGE, proof_numbers=[proof_of(app, GULOU_FLAT, ICBC)]))
    unit = app.get_unit(GULOU_FLAT)
    app.take_snapshot(unit.id)
    assert app.repository.get(unit.id).mortgages == unit.mortgages
