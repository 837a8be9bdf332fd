"""预购商品房抵押预告登记: a bank's pre-notice on a flat bought off-plan lives in the flat's pre-notice book
and becomes the purchasers' mortgage when the flat is first registered to exactly them."""

from decimal import Decimal

import pytest

from events import mortgage as mortgage_events
from events import unit as unit_events
from registry.kernel.errors import InvalidValue
from registry.mortgages import commands
from registry.mortgages.values import FilingKind, FilingState
from registry.register_book import commands as units
from tests.builders import CHEN_GANG, ICBC, LI_NA, TAIJIANG_FLAT, housing_loan, mortgage_kwargs, sole, unit_kwargs

OFF_PLAN = dict(kind=FilingKind.PRE_NOTICE, unit_numbers=[TAIJIANG_FLAT], mortgagors=[LI_NA],
                terms=housing_loan("1200000.00", debtors=(LI_NA,)), registry="fz-registry",
                location="台江区万达广场A2栋304")


def register_flat_304(app, registrar, owner):
    """The flat is completed and first registered today."""
    units.register_unit(app, registrar, **unit_kwargs(unit_number=TAIJIANG_FLAT, owners=sole(owner),
                                                      registered_on=None))


@pytest.fixture
def pre_notice(app, icbc, buyer, file_and_confirm):
    """Li Na bought flat 304 off-plan with an ICBC loan; she confirmed the bank's pre-notice."""
    filing = file_and_confirm(icbc, buyer, **mortgage_kwargs("ICBC-PRE-0001", **OFF_PLAN))
    assert filing.state is FilingState.REGISTERED
    return filing


def test_a_pre_notice_on_an_unregistered_flat_goes_into_its_pre_notice_book(app, pre_notice):
    assert pre_notice.fee == Decimal("0") and pre_notice.proof_numbers == ["闽(2026)福州市不动产证明第0000001号"]
    book = app.pre_notice_book(TAIJIANG_FLAT)
    [live] = book.live
    assert (live.bank, live.purchasers, live.proof_number) == (ICBC, (LI_NA,), pre_notice.proof_numbers[0])
    event = list(app.events.get(book.id))[-1]
    assert isinstance(event, mortgage_events.PreNoticeRegistered)
    assert (event.djlx.value, event.qllx.value, event.mortgage_id) == ("700", "96", pre_notice.mortgage_ids[0])


def test_a_pre_notice_on_a_flat_already_registered_is_queued(app, registrar, icbc, buyer, file_and_confirm):
    register_flat_304(app, registrar, LI_NA)
    filing = file_and_confirm(icbc, buyer, **mortgage_kwargs("ICBC-PRE-0001", **OFF_PLAN))
    assert filing.state is FilingState.QUEUED
    assert {o.rule: o.verdict for o in filing.outcomes}["unit_awaits_first_registration"] == "fail"


def test_a_pre_notice_names_a_known_registry_office(app, icbc):
    with pytest.raises(InvalidValue) as unnamed:
        commands.file_mortgage(app, icbc, **mortgage_kwargs("ICBC-PRE-0001", **{**OFF_PLAN, "registry": ""}))
    with pytest.raises(InvalidValue) as unknown:
        commands.file_mortgage(app, icbc, **mortgage_kwargs("ICBC-PRE-0001", **{**OFF_PLAN, "registry": "nowhere"}))
    assert unnamed.value.field == unknown.value.field == "registry"


def test_first_registration_to_the_purchasers_converts_the_pre_notice_in_the_same_save(app, pre_notice, registrar,
                                                                                     saves):
    saves.clear()
    register_flat_304(app, registrar, LI_NA)
    [mortgage] = app.get_unit(TAIJIANG_FLAT).mortgages
    assert mortgage.mortgage_id == pre_notice.mortgage_ids[0] and mortgage.bank == ICBC
    assert mortgage.mortgagors == (LI_NA,) and mortgage.terms.amount == Decimal("1200000.00")
    assert mortgage.proof_number == "闽(2026)福州市不动产证明第0000002号"
    converted = [e for e in app.events.get(app.get_unit(TAIJIANG_FLAT).id)
                 if isinstance(e, unit_events.MortgageRegistered)]
    assert [e.converted_pre_notice for e in converted] == [str(pre_notice.id)]
    assert app.pre_notice_book(TAIJIANG_FLAT).live == ()
    [save] = saves
    assert "registry.pre_notice_book.PreNoticeConverted" in save and "registry.unit.Registered" in save
    assert "registry.unit.MortgageRegistered" in save


def test_first_registration_to_someone_else_leaves_the_pre_notice_live(app, pre_notice, registrar):
    register_flat_304(app, registrar, CHEN_GANG)
    assert app.get_unit(TAIJIANG_FLAT).mortgages == ()
    assert [p.filing_id for p in app.pre_notice_book(TAIJIANG_FLAT).live] == [str(pre_notice.id)]


def test_another_banks_pre_notice_on_the_same_flat_is_queued(app, pre_notice, ccb, buyer, file_and_confirm):
    filing = file_and_confirm(ccb, buyer, **mortgage_kwargs("CCB-PRE-0001", **OFF_PLAN))
    assert filing.state is FilingState.QUEUED
    assert {o.rule: o.verdict for o in filing.outcomes}["no_pre_notice_for_someone_else"] == "fail"
