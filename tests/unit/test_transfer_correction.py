"""A party corrects a transfer case (contract date, price, tax claims) before the taxes are confirmed for
payment; the claims are recorded on the case and every refusal leaves the store untouched."""

from datetime import date
from decimal import Decimal

import pytest

from events import transfer as transfer_events
from registry.kernel.codes import HomeOrdinal
from registry.kernel.errors import CaseNotCorrectable, InvalidValue
from registry.register_book import commands as units
from registry.transfers import commands as transfers
from registry.transfers.values import TaxClaims
from tests.builders import GULOU_FLAT, transfer_kwargs, unit_kwargs

ONLY_HOME = TaxClaims(only_home_five_years=True)


@pytest.fixture
def gulou_flat(app, registrar):
    units.register_unit(app, registrar, **unit_kwargs())
    return GULOU_FLAT


def not_yet_released(case_id: str) -> bool:
    return False


def head(app) -> int:
    return app.recorder.max_notification_id() or 0


def test_claims_filed_with_the_case_are_recorded_on_the_submission(app, gulou_flat, buyer):
    claims = TaxClaims(only_home_five_years=True, deed_tax_relief=HomeOrdinal.FIRST)
    receipt = transfers.submit_transfer(app, buyer, **transfer_kwargs(), tax_claims=claims)
    submitted = list(app.events.get(receipt.id))[0]
    assert isinstance(submitted, transfer_events.Submitted) and submitted.tax_claims == claims


def test_reasonable_costs_without_any_original_cost_are_refused_and_nothing_is_filed(app, gulou_flat, buyer):
    before = head(app)
    with pytest.raises(InvalidValue) as refused:
        transfers.submit_transfer(app, buyer, **transfer_kwargs(),
                                  tax_claims=TaxClaims(reasonable_costs=Decimal("50000.00")))
    assert refused.value.field == "reasonable_costs" and head(app) == before


def test_a_correction_records_the_new_contract_date_price_and_claims(app, gulou_flat, buyer):
    case_id = transfers.submit_transfer(app, buyer, **transfer_kwargs()).id
    transfers.correct_transfer(app, buyer, case_id, price=Decimal("1980000.00"), contract_date=date(2026, 3, 9),
                               tax_claims=ONLY_HOME, taxes_released=not_yet_released)
    case = app.get_case(case_id)
    assert (case.price, case.contract_date, case.tax_claims) == (Decimal("1980000.00"), date(2026, 3, 9), ONLY_HOME)
    corrected = list(app.events.get(case_id))[-1]
    assert isinstance(corrected, transfer_events.Corrected) and corrected.by == buyer.user_id


def test_a_correction_once_the_taxes_are_released_is_refused_and_changes_nothing(app, gulou_flat, buyer):
    case_id = transfers.submit_transfer(app, buyer, **transfer_kwargs()).id
    before = head(app)
    with pytest.raises(CaseNotCorrectable):
        transfers.correct_transfer(app, buyer, case_id, price=Decimal("1980000.00"),
                                   contract_date=date(2026, 3, 9), tax_claims=ONLY_HOME,
                                   taxes_released=lambda case: True)
    assert head(app) == before


def test_a_paid_case_cannot_be_corrected(app, gulou_flat, buyer):
    case_id = transfers.submit_transfer(app, buyer, **transfer_kwargs()).id
    transfers.record_settlement(app, case_id, reference="paid:RC1")
    before = head(app)
    with pytest.raises(CaseNotCorrectable):
        transfers.correct_transfer(app, buyer, case_id, price=Decimal("1980000.00"),
                                   contract_date=date(2026, 3, 9), tax_claims=ONLY_HOME,
                                   taxes_released=not_yet_released)
    assert head(app) == before


def test_a_correction_that_changes_nothing_or_dates_the_contract_in_the_future_is_refused(app, gulou_flat, buyer):
    kwargs = transfer_kwargs()
    case_id = transfers.submit_transfer(app, buyer, **kwargs).id
    before = head(app)
    for contract_date, field in ((kwargs["contract_date"], "contract_date"), (date(2026, 4, 1), "contract_date")):
        with pytest.raises(InvalidValue) as refused:
            transfers.correct_transfer(app, buyer, case_id, price=kwargs["price"], contract_date=contract_date,
                                       tax_claims=TaxClaims(), taxes_released=not_yet_released)
        assert refused.value.field == field
    assert head(app) == before
