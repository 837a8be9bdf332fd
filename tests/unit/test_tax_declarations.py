"""Declarations on an assessment (满五唯一, original cost, reasonable costs, deed-tax relief): applied
provisionally, judged by rule where the register proves them, confirmed or refused by the tax officer with a
reason (a refusal recomputes the lines), and nothing payable until the assessment is released. Figures are the
worked examples E1 and E2 of the domain notes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from events import taxation as taxation_events
from registry.kernel.codes import HomeOrdinal
from registry.kernel.errors import InvalidValue, ReasonRequired
from registry.taxation.assessment import (
    Assessment,
    AssessmentNotComputed,
    DeclarationDecided,
    DeclarationsPending,
    UnknownDeclaration,
)
from registry.taxation.claims import declarations_of
from registry.taxation.rules import Rates, assess_or_fail, corrected_basis
from registry.transfers.values import NO_CLAIMS, TaxClaims

AT = datetime(2026, 3, 16, 9, 30, tzinfo=UTC)
RATES = Rates(Decimal("0.06"), Decimal("0.01"))
OFFICER = "taxman"

# E1: contract 2026-03-10, 2,000,000, 120 m², the buyer's first home, the seller owns it since 2018
E1 = {"contract_date": "2026-03-10", "price": "2000000.00", "area_m2": "120.00", "use": "residential",
      "buyer_homes_before": 0, "units_counted": [], "seller_acquired_on": "2018-05-20", "seller_only_home": True,
      "seller_homes": 1, "seller_original_cost": None, "certificates": 1}
# the register shows the selling family with a second flat: 满五唯一 is the officer's to check
E1_TWO_HOMES = E1 | {"seller_only_home": False, "seller_homes": 2}
# E2: contract 2025-10-15, 3,150,000 incl. VAT, held 18 months, the buyer's 2nd home, 150 m²
E2 = {"contract_date": "2025-10-15", "price": "3150000.00", "area_m2": "150.00", "use": "residential",
      "buyer_homes_before": 1, "units_counted": ["350102001001GB00009F00010001"],
      "seller_acquired_on": "2024-04-15", "seller_only_home": True, "seller_homes": 1,
      "seller_original_cost": None, "certificates": 1}


def issue(basis: dict, claims: TaxClaims = NO_CLAIMS, facts: dict | None = None) -> Assessment:
    """What the Taxation application does with a submitted case (``facts``: as an older version recorded them)."""
    declarations = declarations_of(claims, basis)
    lines, recorded, failure = assess_or_fail(basis, declarations, RATES)
    facts = recorded if facts is None else facts
    assessment = Assessment(case_id="case-1", registry="fz", unit_number="350102001001GB00001F00010001",
                            payer_name="李娜", payer_key="k-lina", party_keys=["k-lina", "k-zhang"],
                            payers={"buyer": {"name": "李娜", "keys": ["k-lina"]},
                                    "seller": {"name": "张伟", "keys": ["k-zhang"]}},
                            lines=lines, facts=facts, declarations=declarations, failure=failure, at=AT)
    assessment.release_if_ready(by="rule", at=AT)
    return assessment


def amounts(assessment: Assessment) -> dict[str, str]:
    return {f"{line.code}/{line.payer}": format(line.amount, "f") for line in assessment.lines if line.amount}


def released(assessment: Assessment) -> list:
    return [e for e in assessment.collect_events() if isinstance(e, taxation_events.Released)]


def status(assessment: Assessment, kind: str) -> str:
    return next(d.status for d in assessment.declarations if d.kind == kind)


# -- 满五唯一 ---------------------------------------------------------------------------------------------
def test_an_unproven_only_home_claim_is_applied_provisionally_and_nothing_is_payable():
    assessment = issue(E1_TWO_HOMES, TaxClaims(only_home_five_years=True))
    assert status(assessment, "only_home_five_years") == "pending"
    assert amounts(assessment) == {"deed_tax/buyer": "20000.00", "registration_fee/buyer": "80.00"}
    assert not assessment.released and released(assessment) == []


def test_the_officer_confirming_the_only_home_claim_releases_the_assessment_as_filed():
    assessment = issue(E1_TWO_HOMES, TaxClaims(only_home_five_years=True))
    assessment.collect_events()
    assessment.decide(kind="only_home_five_years", accepted=True, reason="住房信息系统查无其他住房", by=OFFICER,
                      at=AT, rates=RATES)
    [event] = released(assessment)
    assert (event.by, assessment.total()) == (OFFICER, Decimal("20080.00"))
    assert status(assessment, "only_home_five_years") == "confirmed"


def test_refusing_the_only_home_claim_recomputes_the_deemed_income_tax_with_the_reason_recorded():
    assessment = issue(E1_TWO_HOMES, TaxClaims(only_home_five_years=True))
    assessment.decide(kind="only_home_five_years", accepted=False, reason="卖方家庭另有一套住房", by=OFFICER,
                      at=AT, rates=RATES)
    assert amounts(assessment) == {"deed_tax/buyer": "20000.00", "registration_fee/buyer": "80.00",
                                   "income_tax/seller": "20000.00"}  # deemed 1% of 2,000,000
    refused = next(d for d in assessment.declarations if d.kind == "only_home_five_years")
    assert (refused.status, refused.reason, refused.by) == ("refused", "卖方家庭另有一套住房", OFFICER)
    assert assessment.released and assessment.total() == Decimal("40080.00")


def test_the_register_proving_five_years_and_one_home_confirms_the_claim_by_rule_and_releases_at_once():
    assessment = issue(E1, TaxClaims(only_home_five_years=True))
    claim = assessment.declarations[0]
    assert claim.status == "confirmed_by_rule" and "2018-05-20" in claim.reason and claim.by == "rule"
    [event] = released(assessment)
    assert event.by == "rule" and assessment.total() == Decimal("20080.00")


def test_a_holding_under_five_years_by_the_certificate_date_is_refused_by_rule_naming_the_anniversary():
    assessment = issue(E1 | {"seller_acquired_on": "2022-01-10"}, TaxClaims(only_home_five_years=True))
    claim = assessment.declarations[0]
    assert claim.status == "refused_by_rule" and "2027-01-10" in claim.reason
    assert amounts(assessment)["income_tax/seller"] == "20000.00" and assessment.released


# -- original cost and reasonable costs (E2) --------------------------------------------------------------
def test_e2_without_claims_pays_vat_surcharges_deed_tax_and_deemed_income_tax():
    assert amounts(issue(E2)) == {"deed_tax/buyer": "60000.00", "registration_fee/buyer": "80.00",
                                  "vat/seller": "150000.00", "surcharges/seller": "9000.00",
                                  "income_tax/seller": "30000.00"}


def test_a_claimed_original_cost_and_reasonable_costs_are_deducted_provisionally():
    assessment = issue(E2, TaxClaims(original_cost=Decimal("2900000.00"), reasonable_costs=Decimal("50000.00")))
    # 20% × (3,000,000 − 2,900,000 − 50,000 − 9,000 surcharges)
    assert amounts(assessment)["income_tax/seller"] == "8200.00"
    assert [d.status for d in assessment.declarations] == ["pending", "pending"] and not assessment.released


def test_refusing_the_original_cost_falls_back_to_the_deemed_tax_and_drops_the_costs_with_it():
    assessment = issue(E2, TaxClaims(original_cost=Decimal("2900000.00"), reasonable_costs=Decimal("50000.00")))
    assessment.decide(kind="original_cost", accepted=False, reason="购房发票与合同金额不符", by=OFFICER, at=AT,
                      rates=RATES)
    assert amounts(assessment)["income_tax/seller"] == "30000.00"
    assert not assessment.released, "the reasonable costs still wait for the officer"


def test_refusing_only_the_reasonable_costs_keeps_the_cost_deduction():
    assessment = issue(E2, TaxClaims(original_cost=Decimal("2900000.00"), reasonable_costs=Decimal("50000.00")))
    assessment.decide(kind="original_cost", accepted=True, reason="发票核实", by=OFFICER, at=AT, rates=RATES)
    assessment.decide(kind="reasonable_costs", accepted=False, reason="装修发票非本房屋", by=OFFICER, at=AT,
                      rates=RATES)
    assert amounts(assessment)["income_tax/seller"] == "18200.00"  # 20% × (3,000,000 − 2,900,000 − 9,000)
    assert assessment.released


def test_an_original_cost_equal_to_the_registered_price_is_confirmed_by_rule():
    assessment = issue(E2 | {"seller_original_cost": "2900000.00"}, TaxClaims(original_cost=Decimal("2900000.00")))
    assert assessment.declarations[0].status == "confirmed_by_rule" and assessment.released


# -- deed-tax relief --------------------------------------------------------------------------------------
def test_a_first_home_relief_the_housing_check_does_not_prove_waits_for_the_officer_and_refusal_restores_2pct():
    assessment = issue(E2, TaxClaims(deed_tax_relief=HomeOrdinal.FIRST))
    assert status(assessment, "deed_tax_relief") == "pending"
    assert amounts(assessment)["deed_tax/buyer"] == "45000.00"  # first home > 140 m²: 1.5%
    assessment.decide(kind="deed_tax_relief", accepted=False, reason="家庭另有住房登记在配偶名下", by=OFFICER,
                      at=AT, rates=RATES)
    assert amounts(assessment)["deed_tax/buyer"] == "60000.00" and assessment.released


def test_a_relief_the_housing_check_already_gives_is_confirmed_by_rule():
    assessment = issue(E1, TaxClaims(deed_tax_relief=HomeOrdinal.FIRST))
    assert assessment.declarations[0].status == "confirmed_by_rule" and assessment.released


def test_a_third_home_has_no_relief_to_claim():
    with pytest.raises(InvalidValue) as refused:
        TaxClaims(deed_tax_relief=HomeOrdinal.THIRD_OR_LATER)
    assert refused.value.field == "deed_tax_relief"


# -- the officer's rules ----------------------------------------------------------------------------------
def test_a_decision_without_a_reason_is_refused_and_records_nothing():
    assessment = issue(E1_TWO_HOMES, TaxClaims(only_home_five_years=True))
    assessment.collect_events()
    with pytest.raises(ReasonRequired):
        assessment.decide(kind="only_home_five_years", accepted=False, reason="  ", by=OFFICER, at=AT, rates=RATES)
    assert assessment.collect_events() == [] and status(assessment, "only_home_five_years") == "pending"


def test_deciding_twice_or_an_undeclared_claim_is_refused():
    assessment = issue(E1_TWO_HOMES, TaxClaims(only_home_five_years=True))
    assessment.decide(kind="only_home_five_years", accepted=True, reason="核实", by=OFFICER, at=AT, rates=RATES)
    with pytest.raises(DeclarationDecided):
        assessment.decide(kind="only_home_five_years", accepted=False, reason="改判", by=OFFICER, at=AT,
                          rates=RATES)
    with pytest.raises(UnknownDeclaration):
        assessment.decide(kind="original_cost", accepted=True, reason="核实", by=OFFICER, at=AT, rates=RATES)


def test_the_whole_assessment_cannot_be_confirmed_while_a_declaration_waits():
    assessment = issue(E1_TWO_HOMES, TaxClaims(only_home_five_years=True))
    with pytest.raises(DeclarationsPending):
        assessment.confirm(by=OFFICER, at=AT)


def test_an_officers_adjustment_survives_a_refusal_that_recomputes_the_lines():
    assessment = issue(E1_TWO_HOMES, TaxClaims(only_home_five_years=True))
    assessment.adjust(code="deed_tax", payer="buyer", amount=Decimal("25000.00"), reason="按评估价核定", by=OFFICER,
                      at=AT)
    assessment.decide(kind="only_home_five_years", accepted=False, reason="另有住房", by=OFFICER, at=AT, rates=RATES)
    assert amounts(assessment)["deed_tax/buyer"] == "25000.00"
    assert amounts(assessment)["income_tax/seller"] == "20000.00"


# -- a case the rules cannot compute ------------------------------------------------------------------------
def test_a_contract_before_the_acquisition_records_a_named_failure_and_is_never_released():
    assessment = issue(E1 | {"contract_date": "2018-01-15"})
    assert assessment.lines == [] and not assessment.released
    assert assessment.failure["field"] == "seller_acquired_on"
    assert "after the contract date" in assessment.failure["message"]
    with pytest.raises(AssessmentNotComputed):
        assessment.confirm(by=OFFICER, at=AT)


def test_a_corrected_contract_date_is_assessed_afresh_and_released_by_rule():
    assessment = issue(E1 | {"contract_date": "2018-01-15"})
    assessment.collect_events()
    basis = corrected_basis(assessment.facts, contract_date=date(2026, 3, 10), price=Decimal("2000000.00"))
    declarations = declarations_of(TaxClaims(), basis)
    lines, facts, failure = assess_or_fail(basis, declarations, RATES)
    assessment.reassess(lines=lines, facts=facts, declarations=declarations, failure=failure, at=AT)
    assert assessment.failure is None and assessment.total() == Decimal("20080.00")
    assert [e.by for e in released(assessment)] == ["rule"]
