"""Kinds of transfer as one declaration: the catalogue is complete, and a case is checked against its kind."""

from datetime import date
from decimal import Decimal

import pytest

from events.transfer import Submitted
from registry.kernel.codes import HomeOrdinal, Use
from registry.kernel.errors import InvalidValue
from registry.register_book import commands as units
from registry.supervision.limits import limit_for
from registry.transfers import commands as transfers
from registry.transfers.kinds import FORM_KINDS, KINDS, KindNotOfferedOnline, Section, TransferKind, filed_kind
from registry.transfers.values import TaxClaims
from tests.builders import GARAGE, GULOU_FLAT, LI_NA, ZHANG_WEI, sole, transfer_kwargs, unit_kwargs
from web.shared.schemas import TaxClaimsSchema, TransferSubmissionSchema


@pytest.fixture
def gulou_flat(app, registrar):
    units.register_unit(app, registrar, **unit_kwargs())
    return GULOU_FLAT


@pytest.fixture
def garage(app, registrar):
    units.register_unit(app, registrar, **unit_kwargs(unit_number=GARAGE, use=Use.GARAGE_PARKING_STOREROOM))
    return GARAGE


def head(app):
    return app.recorder.max_notification_id() or 0


@pytest.mark.parametrize("spec", FORM_KINDS, ids=lambda spec: spec.kind.value)
def test_every_kind_declares_its_unit_parties_documents_taxes_and_a_time_limit_in_force(spec):
    assert spec.sections[0] is Section.UNIT and spec.uses
    assert spec.documents and "registration_fee" in spec.tax_lines
    assert limit_for(spec.time_limit, date(2026, 12, 4)).working_days == 3
    assert spec.source


@pytest.mark.parametrize("spec", [s for s in FORM_KINDS if s.online], ids=lambda spec: spec.kind.value)
def test_an_online_kind_asks_only_for_fields_the_submission_schema_takes(spec):
    submission, claims = TransferSubmissionSchema().fields, TaxClaimsSchema().fields
    for name in spec.fields:
        outer, _, inner = name.partition(".")
        assert outer in submission and (not inner or inner in claims), name


def test_a_judicial_case_is_no_choice_on_the_form():
    assert TransferKind.JUDICIAL in KINDS
    assert TransferKind.JUDICIAL not in {spec.kind for spec in FORM_KINDS}


def test_a_case_filed_without_a_kind_is_the_resale_that_fits_the_unit(app, gulou_flat, garage, buyer):
    flat = transfers.submit_transfer(app, buyer, **transfer_kwargs())
    assert app.get_case(flat.id).case_kind == "resale_residential"
    shop = transfers.submit_transfer(app, buyer, **transfer_kwargs(unit_number=GARAGE, contract_number="G-1"))
    assert app.get_case(shop.id).case_kind == "resale_non_residential"


def test_a_garage_cannot_be_filed_as_a_residential_resale_and_nothing_is_stored(app, garage, buyer):
    before = head(app)
    with pytest.raises(InvalidValue) as refused:
        transfers.submit_transfer(app, buyer, kind="resale_residential", **transfer_kwargs(unit_number=GARAGE))
    assert refused.value.field == "kind" and refused.value.details["unit_use"] == "garage_parking_storeroom"
    assert head(app) == before


def test_a_non_residential_resale_takes_no_deed_tax_relief_claim(app, garage, buyer):
    before = head(app)
    with pytest.raises(InvalidValue) as refused:
        transfers.submit_transfer(app, buyer, kind="resale_non_residential",
                                  tax_claims=TaxClaims(deed_tax_relief=HomeOrdinal.FIRST),
                                  **transfer_kwargs(unit_number=GARAGE))
    assert refused.value.details["section_field"] == "tax_claims.deed_tax_relief"
    assert head(app) == before


def test_a_non_residential_resale_runs_no_family_housing_check(app, garage, buyer):
    with pytest.raises(InvalidValue) as refused:
        transfers.submit_transfer(app, buyer, kind="resale_non_residential",
                                  **transfer_kwargs(unit_number=GARAGE, with_family=True))
    assert refused.value.field == "family"


def test_a_gift_is_refused_by_name_while_the_window_cannot_take_it_and_nothing_is_stored(app, gulou_flat, buyer):
    before = head(app)
    with pytest.raises(KindNotOfferedOnline) as refused:
        transfers.submit_transfer(app, buyer, kind="gift", **transfer_kwargs())
    assert refused.value.code == "kind_not_offered_online" and refused.value.details["kind"] == "gift"
    assert head(app) == before


def test_an_unknown_kind_is_refused_naming_the_field(app, gulou_flat, buyer):
    with pytest.raises(InvalidValue) as refused:
        transfers.submit_transfer(app, buyer, kind="barter", **transfer_kwargs())
    assert refused.value.field == "kind"


@pytest.mark.parametrize(("use", "judicial", "kind"), [
    (Use.RESIDENTIAL, None, "resale_residential"),
    (Use.NON_RESIDENTIAL, None, "resale_non_residential"),
    (Use.RESIDENTIAL, {"ruling_number": "(2026)闽0102执恢88号"}, "judicial"),
])
def test_cases_filed_before_kinds_read_as_the_kind_they_were(use, judicial, kind):
    state = {"unit_use": use, "judicial": judicial, "sellers": [ZHANG_WEI], "buyers": sole(LI_NA),
             "price": Decimal("2000000.00")}
    Submitted.upcast_v4_v5(state)
    assert (state["case_kind"], state["seller_kind"], state["buyer_kind"]) == (None, "individual", "individual")
    assert filed_kind(state["case_kind"], judicial=bool(judicial), use=use) == kind


def test_a_kind_recorded_at_filing_wins_over_the_units_use():
    assert filed_kind("gift", judicial=False, use=Use.RESIDENTIAL) is TransferKind.GIFT
