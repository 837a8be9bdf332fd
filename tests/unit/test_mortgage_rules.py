"""Each named rule of instant approval (秒批), on both sides, through the public commands: a filing whose
every rule passes is registered at once by rule; a failing or warning rule sends it to the registrar."""

from datetime import date
from decimal import Decimal

import pytest

from events import mortgage as mortgage_events
from registry.kernel.actors import Actor, Role
from registry.kernel.errors import InvalidValue, NotAuthorised, RuleFailed
from registry.kernel.values import Person
from registry.mortgages import commands, decisions
from registry.mortgages.rules import RULES, RULESET
from registry.mortgages.values import FilingKind, FilingState
from registry.register_book import commands as units
from registry.register_book import objections
from tests.builders import (
    GARAGE,
    LI_NA,
    TAIJIANG_FLAT,
    WANG_FANG,
    ZHANG_WEI,
    halves,
    housing_loan,
    maximum_amount_loan,
    mortgage_kwargs,
    sole,
    unit_kwargs,
)

FIRST_RULES = [rule.__name__ for rule in RULES[FilingKind.FIRST]]


def verdicts(filing):
    return {o.rule: o.verdict for o in filing.outcomes}


def last_event(app, filing):
    return list(app.events.get(filing.id))[-1]


def test_a_filing_that_passes_every_rule_is_registered_at_once_by_rule(app, gulou_flat, icbc, seller,
                                                                       file_and_confirm):
    filing = file_and_confirm(icbc, seller, **mortgage_kwargs())
    assert filing.state is FilingState.REGISTERED
    event = last_event(app, filing)
    assert isinstance(event, mortgage_events.Registered)
    assert event.by == decisions.RULE and event.ruleset == RULESET
    assert [(o.rule, o.verdict) for o in event.outcomes] == [(rule, "pass") for rule in FIRST_RULES]
    assert [m.bank for m in app.get_unit(gulou_flat).mortgages] == [icbc.org]


def test_a_queued_filing_keeps_every_outcome_and_the_rule_set_in_its_event(app, gulou_flat, icbc, seller, banks,
                                                                           file_and_confirm):
    banks.withdraw(icbc.org, "fz-registry")
    filing = file_and_confirm(icbc, seller, **mortgage_kwargs(rank=2))
    event = last_event(app, filing)
    assert isinstance(event, mortgage_events.Queued) and event.ruleset == RULESET
    assert [o.rule for o in event.outcomes] == FIRST_RULES
    failed = {o.rule: o.message for o in event.outcomes if o.verdict == "fail"}
    assert set(failed) == {"bank_accredited", "rank_free"}
    assert "中国工商银行福州分行 is not accredited" in failed["bank_accredited"]
    assert app.get_unit(gulou_flat).mortgages == ()


# -- unit_exists_and_current ------------------------------------------------------------------------
def test_a_unit_not_in_the_register_queues_the_filing_at_the_office_named(app, icbc, seller, file_and_confirm):
    filing = file_and_confirm(icbc, seller, **mortgage_kwargs(unit_numbers=[TAIJIANG_FLAT], registry="fz-registry"))
    assert filing.state is FilingState.QUEUED and filing.registry == "fz-registry"
    assert verdicts(filing)["unit_exists_and_current"] == "fail"
    assert set(verdicts(filing).values()) == {"fail"}  # no other rule can judge a unit that is not there


def test_a_unit_not_in_the_register_without_an_office_is_refused_at_once(app, icbc):
    with pytest.raises(InvalidValue) as refused:
        commands.file_mortgage(app, icbc, **mortgage_kwargs(unit_numbers=[TAIJIANG_FLAT]))
    assert refused.value.field == "registry"
    assert app.recorder.max_notification_id() in (None, 0)


def test_one_unit_missing_among_several_fails_unit_exists_and_current(app, gulou_flat, icbc, seller,
                                                                       file_and_confirm):
    filing = file_and_confirm(icbc, seller, **mortgage_kwargs(unit_numbers=[gulou_flat, TAIJIANG_FLAT]))
    outcome = next(o for o in filing.outcomes if o.rule == "unit_exists_and_current")
    assert filing.state is FilingState.QUEUED and outcome.verdict == "fail" and TAIJIANG_FLAT in outcome.message
    assert app.get_unit(gulou_flat).mortgages == ()


# -- mortgagors_are_owners --------------------------------------------------------------------------
@pytest.fixture
def shared_flat(app, registrar):
    """Zhang Wei and Wang Fang own the Gulou flat half each."""
    units.register_unit(app, registrar, **unit_kwargs(owners=halves(ZHANG_WEI, WANG_FANG)))


def test_every_co_owner_as_mortgagor_passes(app, shared_flat, icbc, seller, wang_fang, file_and_confirm):
    filing = file_and_confirm(icbc, seller, wang_fang, **mortgage_kwargs(mortgagors=[ZHANG_WEI, WANG_FANG]))
    assert filing.state is FilingState.REGISTERED
    assert verdicts(filing)["mortgagors_are_owners"] == "pass"


def test_a_missing_co_owner_fails_mortgagors_are_owners(app, shared_flat, icbc, seller, file_and_confirm):
    filing = file_and_confirm(icbc, seller, **mortgage_kwargs(mortgagors=[ZHANG_WEI]))
    assert filing.state is FilingState.QUEUED
    assert verdicts(filing)["mortgagors_are_owners"] == "fail"


@pytest.mark.parametrize("label,mortgagors,says", [
    ("a stranger beside the owner", [ZHANG_WEI, LI_NA], "the mortgagor with ID number 350***********0033 does "
                                                        "not own unit 350102001001GB00001F00010001"),
    ("the owner's ID under another name", [Person("张卫", ZHANG_WEI.id_number)],
     "the name given for ID number 350***********0011 does not match the register"),
    ("the owner's name under another ID", [Person(ZHANG_WEI.name, LI_NA.id_number)], "does not own unit"),
])
def test_a_mortgagor_not_on_the_register_is_refused_at_filing_and_nobody_is_asked(app, gulou_flat, icbc, label,
                                                                                  mortgagors, says):
    before = app.recorder.max_notification_id()
    with pytest.raises(RuleFailed) as refused:
        commands.file_mortgage(app, icbc, **mortgage_kwargs(mortgagors=mortgagors))
    assert (refused.value.code, refused.value.field, refused.value.status) == ("mortgagors_are_owners",
                                                                                "mortgagors", 422)
    assert says in refused.value.message
    assert app.recorder.max_notification_id() == before  # no filing, so no consent request to anyone


def test_two_units_with_different_owners_in_one_filing_are_refused_at_filing(app, gulou_flat, registrar, icbc):
    units.register_unit(app, registrar, **unit_kwargs(unit_number=TAIJIANG_FLAT, owners=sole(LI_NA)))
    before = app.recorder.max_notification_id()
    with pytest.raises(RuleFailed, match=f"does not own unit {gulou_flat}") as refused:
        commands.file_mortgage(app, icbc, **mortgage_kwargs(unit_numbers=[gulou_flat, TAIJIANG_FLAT],
                                                            mortgagors=[ZHANG_WEI, LI_NA]))
    assert refused.value.code == "mortgagors_are_owners"
    assert app.recorder.max_notification_id() == before


def test_two_units_of_the_same_owner_register_in_one_filing(app, gulou_flat, registrar, icbc, seller,
                                                            file_and_confirm):
    units.register_unit(app, registrar, **unit_kwargs(unit_number=GARAGE))
    filing = file_and_confirm(icbc, seller, **mortgage_kwargs(unit_numbers=[gulou_flat, GARAGE]))
    assert filing.state is FilingState.REGISTERED and len(filing.proof_numbers) == 2
    assert [len(app.get_unit(n).mortgages) for n in (gulou_flat, GARAGE)] == [1, 1]


# -- no_seizure_or_lock -----------------------------------------------------------------------------
def test_a_seized_unit_queues_the_filing_and_names_the_court(app, gulou_flat, registrar, icbc, seller,
                                                             file_and_confirm):
    units.lock_unit(app, registrar, unit_number=gulou_flat, authority="福州市鼓楼区人民法院",
                    reference="(2026)闽0102执123号", reason="查封")
    filing = file_and_confirm(icbc, seller, **mortgage_kwargs())
    outcome = next(o for o in filing.outcomes if o.rule == "no_seizure_or_lock")
    assert filing.state is FilingState.QUEUED and outcome.verdict == "fail"
    assert "福州市鼓楼区人民法院" in outcome.message


def test_a_released_seizure_no_longer_blocks(app, gulou_flat, registrar, icbc, seller, file_and_confirm):
    units.lock_unit(app, registrar, unit_number=gulou_flat, authority="福州市鼓楼区人民法院",
                    reference="(2026)闽0102执123号", reason="查封")
    units.unlock_unit(app, registrar, unit_number=gulou_flat, reference="(2026)闽0102执123号")
    filing = file_and_confirm(icbc, seller, **mortgage_kwargs())
    assert verdicts(filing)["no_seizure_or_lock"] == "pass" and filing.state is FilingState.REGISTERED


# -- no_pre_notice_for_someone_else ------------------------------------------------------------------
@pytest.fixture
def taijiang_with_icbc_pre_notice(app, registrar, icbc, buyer, file_and_confirm):
    """ICBC holds a pre-notice for Li Na's off-plan purchase, but the flat is first registered to Zhang Wei."""
    file_and_confirm(icbc, buyer, **mortgage_kwargs(
        "ICBC-PRE-0001", kind=FilingKind.PRE_NOTICE, unit_numbers=[TAIJIANG_FLAT], mortgagors=[LI_NA],
        terms=housing_loan(debtors=(LI_NA,)), registry="fz-registry", location="台江区万达广场A2栋304"))
    units.register_unit(app, registrar, **unit_kwargs(unit_number=TAIJIANG_FLAT, registered_on=None))
    return TAIJIANG_FLAT


def test_a_live_pre_notice_for_another_bank_blocks_the_mortgage(app, taijiang_with_icbc_pre_notice, ccb, seller,
                                                                file_and_confirm):
    filing = file_and_confirm(ccb, seller, **mortgage_kwargs("CCB-2026-0001", unit_numbers=[TAIJIANG_FLAT]))
    outcome = next(o for o in filing.outcomes if o.rule == "no_pre_notice_for_someone_else")
    assert filing.state is FilingState.QUEUED and outcome.verdict == "fail"
    assert "中国工商银行福州分行" in outcome.message


def test_a_live_pre_notice_for_the_same_bank_does_not_block_it(app, taijiang_with_icbc_pre_notice, icbc, seller,
                                                               file_and_confirm):
    filing = file_and_confirm(icbc, seller, **mortgage_kwargs(unit_numbers=[TAIJIANG_FLAT]))
    assert verdicts(filing)["no_pre_notice_for_someone_else"] == "pass"
    assert filing.state is FilingState.REGISTERED


def test_a_pre_notice_lapses_ninety_days_after_the_flat_could_be_registered(app, taijiang_with_icbc_pre_notice,
                                                                             ccb, seller, clock, file_and_confirm):
    clock.advance(days=90)
    on_day_90 = file_and_confirm(ccb, seller, **mortgage_kwargs("CCB-2026-0001", unit_numbers=[TAIJIANG_FLAT]))
    assert verdicts(on_day_90)["no_pre_notice_for_someone_else"] == "fail"
    clock.advance(days=1)
    on_day_91 = file_and_confirm(ccb, seller, **mortgage_kwargs("CCB-2026-0002", unit_numbers=[TAIJIANG_FLAT]))
    assert verdicts(on_day_91)["no_pre_notice_for_someone_else"] == "pass"
    assert on_day_91.state is FilingState.REGISTERED


# -- bank_accredited --------------------------------------------------------------------------------
def test_an_accredited_bank_passes_and_a_withdrawn_accreditation_queues(app, gulou_flat, icbc, seller, banks,
                                                                        file_and_confirm):
    assert verdicts(file_and_confirm(icbc, seller, **mortgage_kwargs()))["bank_accredited"] == "pass"
    banks.withdraw(icbc.org, "fz-registry")
    filing = file_and_confirm(icbc, seller, **mortgage_kwargs("ICBC-2026-0002", rank=2))
    assert verdicts(filing)["bank_accredited"] == "fail" and filing.state is FilingState.QUEUED


def test_only_bank_staff_of_a_known_bank_may_file(app, gulou_flat, seller):
    before = app.recorder.max_notification_id()
    with pytest.raises(NotAuthorised):
        commands.file_mortgage(app, seller, **mortgage_kwargs())
    unknown_bank = Actor(user_id="x", role=Role.BANK_STAFF, org="no-such-bank")
    with pytest.raises(NotAuthorised):
        commands.file_mortgage(app, unknown_bank, **mortgage_kwargs())
    assert app.recorder.max_notification_id() == before


# -- amounts_and_dates_valid ------------------------------------------------------------------------
@pytest.mark.parametrize(("terms", "problem"), [
    (housing_loan(maximum_amount=Decimal("1200000.00")), "a general mortgage states a secured amount and no maximum"),
    (maximum_amount_loan(claim_start=None, claim_end=None), "a maximum-amount mortgage needs its claim period"),
    (maximum_amount_loan(claim_start=date(2031, 3, 15), claim_end=date(2026, 3, 16)),
     "the claim period ends before it starts"),
    (housing_loan("0.00"), "the amount must be greater than zero"),
    (housing_loan(performance_start=date(2030, 1, 1), performance_end=date(2029, 12, 31)),
     "performance must start on or before it ends"),
    (housing_loan(contract_numbers=()), "the loan contract number is required"),
    (housing_loan(contract_numbers=("  ",)), "the loan contract number is required"),
], ids=["general-with-maximum", "maximum-without-claim-period", "claim-period-reversed", "zero-amount",
        "performance-ends-before-start", "no-contract-number", "blank-contract-number"])
def test_invalid_amounts_and_dates_queue_the_filing_with_the_reason(app, gulou_flat, icbc, seller,
                                                                     file_and_confirm, terms, problem):
    filing = file_and_confirm(icbc, seller, **mortgage_kwargs(terms=terms))
    outcome = next(o for o in filing.outcomes if o.rule == "amounts_and_dates_valid")
    assert filing.state is FilingState.QUEUED and outcome.verdict == "fail"
    assert problem in outcome.message


def test_performance_that_ended_by_the_time_the_owner_confirms_fails_per_the_clock(
        app, gulou_flat, icbc, seller, clock):
    short_loan = housing_loan(performance_end=date(2026, 6, 30))
    receipt = commands.file_mortgage(app, icbc, **mortgage_kwargs(terms=short_loan))
    clock.advance(days=120)
    commands.consent_to_filing(app, seller, receipt.id)
    outcome = next(o for o in app.get_filing(receipt.id).outcomes if o.rule == "amounts_and_dates_valid")
    assert outcome.verdict == "fail" and "already ended" in outcome.message


def test_performance_ending_today_is_still_valid(app, gulou_flat, icbc, seller, clock, file_and_confirm):
    filing = file_and_confirm(icbc, seller, **mortgage_kwargs(terms=housing_loan(performance_end=clock.today())))
    assert verdicts(filing)["amounts_and_dates_valid"] == "pass"


# -- rank_free --------------------------------------------------------------------------------------
def test_rank_two_on_an_unencumbered_unit_is_queued_and_cannot_be_approved(app, gulou_flat, icbc, seller, registrar,
                                                                           file_and_confirm):
    filing = file_and_confirm(icbc, seller, **mortgage_kwargs(rank=2))
    outcome = next(o for o in filing.outcomes if o.rule == "rank_free")
    assert filing.state is FilingState.QUEUED and outcome.verdict == "fail"
    assert "the next rank is 1" in outcome.message
    with pytest.raises(RuleFailed) as refused:
        decisions.approve_filing(app, registrar, filing.id)
    assert refused.value.code == "rank_free"
    assert app.get_filing(filing.id).state is FilingState.QUEUED


# -- no_objection (warns) ---------------------------------------------------------------------------
def test_an_objection_warns_and_the_registrar_may_approve_with_the_warning_recorded(
        app, gulou_flat, icbc, seller, registrar, file_and_confirm):
    objections.register_objection(app, registrar, unit_number=gulou_flat, reference="YY-2026-008", applicant=LI_NA.name,
                             reason="claims a share of the flat")
    filing = file_and_confirm(icbc, seller, **mortgage_kwargs())
    assert filing.state is FilingState.QUEUED
    assert verdicts(filing) == {**{rule: "pass" for rule in FIRST_RULES}, "no_objection": "warn"}

    decisions.approve_filing(app, registrar, filing.id)
    event = last_event(app, app.get_filing(filing.id))
    assert isinstance(event, mortgage_events.Registered) and event.by == registrar.user_id
    assert {o.rule: o.verdict for o in event.outcomes}["no_objection"] == "warn"
    assert len(app.get_unit(gulou_flat).mortgages) == 1


def test_a_cancelled_objection_no_longer_warns(app, gulou_flat, icbc, seller, registrar, file_and_confirm):
    objections.register_objection(app, registrar, unit_number=gulou_flat, reference="YY-2026-008", applicant=LI_NA.name,
                             reason="claims a share of the flat")
    objections.cancel_objection(app, registrar, unit_number=gulou_flat, reference="YY-2026-008")
    filing = file_and_confirm(icbc, seller, **mortgage_kwargs())
    assert verdicts(filing)["no_objection"] == "pass" and filing.state is FilingState.REGISTERED
    assert app.get_unit(gulou_flat).objections == ()

