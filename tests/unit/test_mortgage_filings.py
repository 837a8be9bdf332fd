"""The joint application (the owners confirm the bank's filing), instant registration on the last
confirmation, fees, and the registrar's queue."""

from decimal import Decimal
from uuid import uuid4

import pytest

from events import mortgage as mortgage_events
from events import unit as unit_events
from registry.kernel.codes import CertificateKind, Use
from registry.kernel.errors import (
    ConsentNotExpected,
    FilingAlreadyExists,
    FilingNotPending,
    InvalidValue,
    ReasonRequired,
    RuleFailed,
    UnknownFiling,
)
from registry.mortgages import commands, decisions
from registry.mortgages.values import FilingKind, FilingState
from registry.register_book import commands as units
from registry.register_book import objections
from registry.register_book.numbering import CertificateSequence
from tests.builders import (
    GARAGE,
    LI_NA,
    TAIJIANG_FLAT,
    WANG_FANG,
    ZHANG_WEI,
    halves,
    mortgage_kwargs,
    unit_kwargs,
)

FIRST_PROOF = "闽(2026)福州市不动产证明第0000001号"


@pytest.fixture
def shared_flat(app, registrar):
    units.register_unit(app, registrar, **unit_kwargs(owners=halves(ZHANG_WEI, WANG_FANG)))
    return unit_kwargs()["unit_number"]


# -- the joint application ----------------------------------------------------------------------------
def test_the_filing_waits_for_every_mortgagor(app, shared_flat, icbc, seller):
    receipt = commands.file_mortgage(app, icbc, **mortgage_kwargs(mortgagors=[ZHANG_WEI, WANG_FANG]))
    commands.consent_to_filing(app, seller, receipt.id)
    filing = app.get_filing(receipt.id)
    assert filing.state is FilingState.AWAITING_CONSENT
    assert filing.awaiting() == [f"person:{WANG_FANG.id_number}"]
    assert app.get_unit(shared_flat).mortgages == ()


def test_a_strangers_consent_is_refused_and_changes_nothing(app, gulou_flat, icbc, buyer, ccb):
    receipt = commands.file_mortgage(app, icbc, **mortgage_kwargs())
    before = app.recorder.max_notification_id()
    for stranger in (buyer, ccb):
        with pytest.raises(ConsentNotExpected):
            commands.consent_to_filing(app, stranger, receipt.id)
        with pytest.raises(ConsentNotExpected):
            commands.decline_filing(app, stranger, receipt.id, reason="not mine")
    assert app.recorder.max_notification_id() == before
    assert app.get_filing(receipt.id).state is FilingState.AWAITING_CONSENT


def test_a_decline_ends_the_filing_and_nothing_is_registered(app, shared_flat, icbc, seller, wang_fang):
    receipt = commands.file_mortgage(app, icbc, **mortgage_kwargs(mortgagors=[ZHANG_WEI, WANG_FANG]))
    commands.consent_to_filing(app, seller, receipt.id)
    commands.decline_filing(app, wang_fang, receipt.id, reason="我不同意抵押")
    filing = app.get_filing(receipt.id)
    assert filing.state is FilingState.DECLINED
    assert list(app.events.get(filing.id))[-1].reason == "我不同意抵押"
    with pytest.raises(FilingNotPending):
        commands.consent_to_filing(app, wang_fang, receipt.id)
    assert app.get_unit(shared_flat).mortgages == ()
    assert not app.exists(CertificateSequence.create_id("fz-registry", 2026, CertificateKind.PROOF))


def test_confirming_twice_is_idempotent(app, shared_flat, icbc, seller, wang_fang):
    receipt = commands.file_mortgage(app, icbc, **mortgage_kwargs(mortgagors=[ZHANG_WEI, WANG_FANG]))
    commands.consent_to_filing(app, seller, receipt.id)
    version = app.get_filing(receipt.id).version
    again = commands.consent_to_filing(app, seller, receipt.id)
    assert again.position is None and app.get_filing(receipt.id).version == version
    commands.consent_to_filing(app, wang_fang, receipt.id)
    registered = app.get_filing(receipt.id)
    commands.consent_to_filing(app, wang_fang, receipt.id)  # a second click after the registration
    assert app.get_filing(receipt.id).version == registered.version
    assert registered.state is FilingState.REGISTERED


def test_the_last_confirmation_registers_at_once_in_the_same_save(app, gulou_flat, icbc, seller, saves):
    receipt = commands.file_mortgage(app, icbc, **mortgage_kwargs())
    saves.clear()
    confirmed = commands.consent_to_filing(app, seller, receipt.id)
    assert saves == [[
        "registry.mortgage_filing.Consented", "registry.mortgage_filing.Registered", "registry.numbering.Allocated",
        "registry.numbering.Started", "registry.unit.MortgageRegistered"]]
    assert confirmed.position == app.recorder.max_notification_id()
    [mortgage] = app.get_unit(gulou_flat).mortgages
    assert (mortgage.bank, mortgage.bank_name, mortgage.proof_number) == (icbc.org, "中国工商银行福州分行", FIRST_PROOF)
    assert mortgage.mortgagors == (ZHANG_WEI,) and mortgage.terms.amount == Decimal("1000000.00")
    filing = app.get_filing(receipt.id)
    assert filing.proof_numbers == [FIRST_PROOF] and filing.mortgage_ids == [mortgage.mortgage_id]
    assert filing.fee == Decimal("80")


def test_proof_numbers_come_from_the_proof_sequence_not_the_ownership_one(app, gulou_flat, icbc, seller,
                                                                          file_and_confirm):
    file_and_confirm(icbc, seller, **mortgage_kwargs())
    second = file_and_confirm(icbc, seller, **mortgage_kwargs("ICBC-2026-0002", rank=2))
    assert second.proof_numbers == ["闽(2026)福州市不动产证明第0000002号"]
    assert app.get_unit(gulou_flat).certificate_number == "闽(2026)福州市不动产权第0000001号"


@pytest.mark.parametrize(("use", "fee"), [(Use.RESIDENTIAL, "80"), (Use.GARAGE_PARKING_STOREROOM, "80"),
                                          (Use.NON_RESIDENTIAL, "550")])
def test_the_fee_follows_the_property_class(app, registrar, icbc, use, fee):
    units.register_unit(app, registrar, **unit_kwargs(unit_number=GARAGE, use=use))
    receipt = commands.file_mortgage(app, icbc, **mortgage_kwargs(unit_numbers=[GARAGE]))
    assert app.get_filing(receipt.id).fee == Decimal(fee)


def test_a_filing_over_a_flat_and_a_shop_pays_the_higher_fee(app, gulou_flat, registrar, icbc):
    units.register_unit(app, registrar, **unit_kwargs(unit_number=TAIJIANG_FLAT, use=Use.NON_RESIDENTIAL))
    receipt = commands.file_mortgage(app, icbc, **mortgage_kwargs(unit_numbers=[gulou_flat, TAIJIANG_FLAT]))
    assert app.get_filing(receipt.id).fee == Decimal("550")


def test_the_same_bank_reference_cannot_be_filed_twice(app, gulou_flat, icbc, ccb):
    commands.file_mortgage(app, icbc, **mortgage_kwargs())
    with pytest.raises(FilingAlreadyExists):
        commands.file_mortgage(app, icbc, **mortgage_kwargs())
    commands.file_mortgage(app, ccb, **mortgage_kwargs())  # references are each bank's own


def test_a_filing_without_rank_or_mortgagors_is_refused_before_anything_is_saved(app, gulou_flat, icbc):
    before = app.recorder.max_notification_id()
    with pytest.raises(InvalidValue) as no_rank:
        commands.file_mortgage(app, icbc, **mortgage_kwargs(rank=0))
    with pytest.raises(InvalidValue) as no_mortgagors:
        commands.file_mortgage(app, icbc, **mortgage_kwargs(mortgagors=[]))
    assert (no_rank.value.field, no_mortgagors.value.field) == ("rank", "mortgagors")
    assert app.recorder.max_notification_id() == before


# -- the registrar's queue ------------------------------------------------------------------------------
@pytest.fixture
def queued(app, gulou_flat, registrar, icbc, seller, file_and_confirm):
    """An objection on the flat: the owner confirmed, the filing waits for the registrar."""
    objections.register_objection(app, registrar, unit_number=gulou_flat, reference="YY-2026-008", applicant=LI_NA.name,
                             reason="claims a share of the flat")
    filing = file_and_confirm(icbc, seller, **mortgage_kwargs())
    assert filing.state is FilingState.QUEUED
    return filing.id


def test_the_registrar_approves_a_queued_filing(app, queued, registrar, gulou_flat):
    receipt = decisions.approve_filing(app, registrar, queued)
    filing = app.get_filing(queued)
    assert filing.state is FilingState.REGISTERED and filing.proof_numbers == [FIRST_PROOF]
    event = list(app.events.get(queued))[-1]
    assert isinstance(event, mortgage_events.Registered) and event.by == "registrar-lin"
    assert receipt.position == app.recorder.max_notification_id()
    assert [m.proof_number for m in app.get_unit(gulou_flat).mortgages] == [FIRST_PROOF]
    with pytest.raises(FilingNotPending):
        decisions.approve_filing(app, registrar, queued)


def test_approval_is_refused_by_name_when_the_unit_was_seized_meanwhile(app, queued, registrar, gulou_flat):
    units.lock_unit(app, registrar, unit_number=gulou_flat, authority="福州市鼓楼区人民法院",
                    reference="(2026)闽0102执123号", reason="查封")
    before = app.recorder.max_notification_id()
    with pytest.raises(RuleFailed) as refused:
        decisions.approve_filing(app, registrar, queued)
    assert refused.value.code == "no_seizure_or_lock" and "福州市鼓楼区人民法院" in refused.value.message
    assert app.recorder.max_notification_id() == before
    assert app.get_filing(queued).state is FilingState.QUEUED


def test_a_registrar_of_another_registry_cannot_see_the_filing(app, queued, other_registrar):
    with pytest.raises(UnknownFiling):
        decisions.approve_filing(app, other_registrar, queued)
    with pytest.raises(UnknownFiling):
        decisions.reject_filing(app, other_registrar, queued, reason="not ours")


def test_a_rejection_needs_a_reason_and_ends_the_filing(app, queued, registrar, gulou_flat):
    with pytest.raises(ReasonRequired):
        decisions.reject_filing(app, registrar, queued, reason="  ")
    decisions.reject_filing(app, registrar, queued, reason="异议人已起诉，暂不办理")
    assert app.get_filing(queued).state is FilingState.REJECTED
    with pytest.raises(FilingNotPending):
        decisions.approve_filing(app, registrar, queued)
    assert app.get_unit(gulou_flat).mortgages == ()


def test_a_filing_registered_by_rule_is_not_in_the_queue(app, gulou_flat, registrar, icbc, seller,
                                                         file_and_confirm):
    filing = file_and_confirm(icbc, seller, **mortgage_kwargs())
    with pytest.raises(FilingNotPending):
        decisions.reject_filing(app, registrar, filing.id, reason="too late")


def test_the_unit_page_records_the_mortgage_with_its_codes(app, gulou_flat, icbc, seller, file_and_confirm):
    file_and_confirm(icbc, seller, **mortgage_kwargs())
    event = list(app.events.get(app.get_unit(gulou_flat).id))[-1]
    assert isinstance(event, unit_events.MortgageRegistered)
    assert (event.rank, event.djlx.value, event.qllx.value, event.converted_pre_notice) == (1, "100", "37", "")


def test_an_unknown_filing_is_reported_as_such(app, seller):
    with pytest.raises(UnknownFiling):
        commands.consent_to_filing(app, seller, uuid4())


def test_a_discharge_names_the_proof_of_the_mortgage_on_each_unit(app, gulou_flat, icbc):
    with pytest.raises(InvalidValue) as refused:
        commands.file_mortgage(app, icbc, **mortgage_kwargs(kind=FilingKind.DISCHARGE, proof_numbers=[]))
    assert refused.value.field == "proof_numbers"
