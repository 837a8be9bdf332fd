"""Taxes and fees of a transfer: the worked examples, every rule row, both sides of every boundary."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registry.kernel.codes import Use
from registry.kernel.errors import InvalidValue
from registry.taxation.engine import (
    FEE_EXEMPTIONS,
    FEE_RULES,
    RULES,
    BuyerKind,
    NoRuleInForce,
    Payer,
    SellerKind,
    TaxCode,
    TaxFacts,
    TaxSettings,
    quote,
    rule_set_on,
)
from registry.taxation.engine.facts import anniversary, whole_years_between

D = Decimal
CENT = D("0.01")


def sale(**overrides) -> TaxFacts:
    """Zhang Wei's 120 m² flat, his family's only home since 2018, sold to Li Na's first home in March 2026."""
    values = dict(contract_date=date(2026, 3, 10), price=D("2000000.00"), area_m2=D("120.00"), use=Use.RESIDENTIAL,
                  buyer_kind=BuyerKind.INDIVIDUAL, buyer_homes_before=0, seller_kind=SellerKind.INDIVIDUAL,
                  seller_acquired_on=date(2018, 6, 1), seller_only_home=True, certificates=1)
    values.update(overrides)
    return TaxFacts(**values)


def line(facts: TaxFacts, code: TaxCode, payer: Payer | None = None, settings_: TaxSettings | None = None):
    result = quote(facts, settings_) if settings_ else quote(facts)
    found = result.line(code, payer)
    assert found is not None, f"no {code} line"
    return found


def deed_rate(**overrides) -> Decimal:
    return line(sale(**overrides), TaxCode.DEED_TAX).rate


# -- the worked examples of the notes -----------------------------------------------------------------


def test_e1_only_home_held_since_2018_sold_to_a_first_home_costs_the_buyer_20080():
    result = quote(sale())
    assert result.line(TaxCode.VAT).amount == D("0.00")
    assert result.line(TaxCode.INCOME_TAX).amount == D("0.00")
    assert result.line(TaxCode.DEED_TAX).amount == D("20000.00")
    assert result.line(TaxCode.REGISTRATION_FEE).amount == D("80.00")
    assert result.totals.buyer == result.totals.overall == D("20080.00")
    assert result.totals.seller == D("0.00")


def test_e1_with_two_co_owners_each_taking_a_certificate_the_fee_is_90():
    result = quote(sale(certificates=2))
    assert result.line(TaxCode.REGISTRATION_FEE).amount == D("90.00")
    assert result.totals.overall == D("20090.00")


def test_e2_second_home_of_150_square_metres_held_18_months():
    result = quote(sale(contract_date=date(2025, 10, 15), price=D("3150000"), area_m2=D("150.00"),
                        buyer_homes_before=1, seller_acquired_on=date(2024, 4, 15), seller_only_home=False),
                   TaxSettings(surcharge_rate=D("0.06"), deemed_income_tax_rate=D("0.01")))
    assert result.line(TaxCode.VAT).amount == D("150000.00")
    assert result.line(TaxCode.SURCHARGES).amount == D("9000.00")
    assert result.line(TaxCode.DEED_TAX).basis == D("3000000.00")  # the price excluding VAT
    assert result.line(TaxCode.DEED_TAX).amount == D("60000.00")
    assert result.line(TaxCode.INCOME_TAX).amount == D("30000.00")
    assert result.line(TaxCode.REGISTRATION_FEE).amount == D("80.00")
    assert result.totals.to_dict() == {"buyer": "60080.00", "seller": "189000.00", "overall": "249080.00"}


def test_e3_first_home_of_140_square_metres_pays_one_percent_deed_tax():
    assert deed_rate(area_m2=D("140.00")) == D("0.01")


def test_e3_first_home_of_140_01_square_metres_pays_one_and_a_half_percent_deed_tax():
    assert deed_rate(area_m2=D("140.01")) == D("0.015")


def test_e3_second_home_of_140_01_square_metres_pays_two_percent_deed_tax():
    assert deed_rate(area_m2=D("140.01"), buyer_homes_before=1) == D("0.02")


def test_e3_first_home_of_100_square_metres_on_30_november_2024_pays_the_old_90_square_metre_rate():
    assert deed_rate(area_m2=D("100.00"), contract_date=date(2024, 11, 30)) == D("0.015")


def test_e3_first_home_of_100_square_metres_on_1_december_2024_pays_one_percent():
    assert deed_rate(area_m2=D("100.00"), contract_date=date(2024, 12, 1)) == D("0.01")


# -- one case per rule row ------------------------------------------------------------------------------

OLD = date(2023, 6, 1)  # under the 2016 deed-tax rules and the 2016 VAT rules
HELD_1Y = date(2025, 3, 1)  # for a contract in 2026
SHOP = dict(use=Use.NON_RESIDENTIAL, seller_only_home=False)
FIRM = dict(seller_kind=SellerKind.ENTERPRISE, seller_acquired_on=None, seller_only_home=False)
ROW_CASES = [
    ("deed_tax.statutory.1997", TaxCode.DEED_TAX, None, dict(contract_date=date(2020, 6, 1), buyer_homes_before=2),
     "0.03"),
    ("deed_tax.statutory.2021", TaxCode.DEED_TAX, None, dict(buyer_homes_before=2), "0.03"),
    ("deed_tax.first_home.le90.2016", TaxCode.DEED_TAX, None, dict(contract_date=OLD, area_m2=D("90.00")), "0.01"),
    ("deed_tax.first_home.gt90.2016", TaxCode.DEED_TAX, None, dict(contract_date=OLD, area_m2=D("90.01")), "0.015"),
    ("deed_tax.second_home.le90.2016", TaxCode.DEED_TAX, None,
     dict(contract_date=OLD, area_m2=D("90.00"), buyer_homes_before=1), "0.01"),
    ("deed_tax.second_home.gt90.2016", TaxCode.DEED_TAX, None,
     dict(contract_date=OLD, area_m2=D("90.01"), buyer_homes_before=1), "0.02"),
    ("deed_tax.first_home.le140.2024", TaxCode.DEED_TAX, None, dict(area_m2=D("140.00")), "0.01"),
    ("deed_tax.first_home.gt140.2024", TaxCode.DEED_TAX, None, dict(area_m2=D("140.01")), "0.015"),
    ("deed_tax.second_home.le140.2024", TaxCode.DEED_TAX, None, dict(area_m2=D("140.00"), buyer_homes_before=1),
     "0.01"),
    ("deed_tax.second_home.gt140.2024", TaxCode.DEED_TAX, None, dict(area_m2=D("140.01"), buyer_homes_before=1),
     "0.02"),
    ("vat.held_under_2y.2016", TaxCode.VAT, None, dict(contract_date=OLD, seller_acquired_on=date(2022, 6, 1)),
     "0.05"),
    ("vat.exempt.held_2y.2016", TaxCode.VAT, None, dict(contract_date=OLD), "0"),
    ("vat.held_under_2y.2026", TaxCode.VAT, None, dict(seller_acquired_on=HELD_1Y), "0.03"),
    ("vat.exempt.held_2y.2026", TaxCode.VAT, None, {}, "0"),
    ("surcharges.on_vat", TaxCode.SURCHARGES, None, dict(seller_acquired_on=HELD_1Y), "0.06"),
    ("income_tax.exempt.five_years_only_home", TaxCode.INCOME_TAX, None, {}, "0"),
    ("income_tax.proved_cost", TaxCode.INCOME_TAX, None,
     dict(seller_only_home=False, seller_original_cost=D("1500000.00")), "0.20"),
    ("income_tax.deemed", TaxCode.INCOME_TAX, None, dict(seller_only_home=False), "0.01"),
    ("stamp_duty.exempt.individual_buys_housing", TaxCode.STAMP_DUTY, Payer.BUYER, {}, "0"),
    ("stamp_duty.exempt.individual_sells_housing", TaxCode.STAMP_DUTY, Payer.SELLER, {}, "0"),
    ("land_vat.exempt.individual_sells_housing", TaxCode.LAND_VAT, None, {}, "0"),
    ("vat.individual.not_housing.2016", TaxCode.VAT, None, dict(contract_date=OLD, **SHOP), "0.05"),
    ("vat.individual.not_housing.2026", TaxCode.VAT, None, SHOP, "0.03"),
    ("vat.enterprise.general.2016", TaxCode.VAT, None, dict(contract_date=date(2018, 4, 30), **FIRM), "0.11"),
    ("vat.enterprise.general.2018", TaxCode.VAT, None, dict(contract_date=date(2018, 5, 1), **FIRM), "0.10"),
    ("vat.enterprise.general.2019", TaxCode.VAT, None, dict(contract_date=date(2019, 4, 1), **FIRM), "0.09"),
    ("vat.enterprise.general.2026", TaxCode.VAT, None, FIRM, "0.09"),
    ("surcharges.enterprise.on_vat", TaxCode.SURCHARGES, None, FIRM, "0.12"),
    ("income_tax.not_housing.proved_cost", TaxCode.INCOME_TAX, None, dict(seller_original_cost=D("1000000"), **SHOP),
     "0.20"),
    ("income_tax.not_housing.deemed", TaxCode.INCOME_TAX, None, SHOP, "0.01"),
    ("income_tax.enterprise_seller.self_filed", TaxCode.INCOME_TAX, None, FIRM, "0"),
    ("stamp_duty.buyer.transfer.1988", TaxCode.STAMP_DUTY, Payer.BUYER, dict(contract_date=date(2022, 6, 30), **SHOP),
     "0.0005"),
    ("stamp_duty.seller.transfer.1988", TaxCode.STAMP_DUTY, Payer.SELLER,
     dict(contract_date=date(2022, 6, 30), **SHOP), "0.0005"),
    ("stamp_duty.buyer.transfer.2022", TaxCode.STAMP_DUTY, Payer.BUYER, dict(contract_date=date(2022, 7, 1), **SHOP),
     "0.0005"),
    ("stamp_duty.seller.transfer.2022", TaxCode.STAMP_DUTY, Payer.SELLER, FIRM, "0.0005"),
    ("stamp_duty.buyer.small_micro.halved", TaxCode.STAMP_DUTY, Payer.BUYER,
     dict(buyer_kind=BuyerKind.SMALL_MICRO_ENTERPRISE), "0.00025"),
    ("land_vat.scale.proved_cost", TaxCode.LAND_VAT, None, dict(seller_original_cost=D("1000000"), **SHOP), "0.30"),
    ("fee.residential.2016", TaxCode.REGISTRATION_FEE, None, {}, "1"),
    ("fee.non_residential.2016", TaxCode.REGISTRATION_FEE, None, dict(use=Use.NON_RESIDENTIAL), "1"),
    ("fee.garage_parking_storeroom.2016", TaxCode.REGISTRATION_FEE, None, dict(use=Use.GARAGE_PARKING_STOREROOM),
     "1"),
    ("fee.exempt.small_micro.2016", TaxCode.REGISTRATION_FEE, None,
     dict(buyer_kind=BuyerKind.SMALL_MICRO_ENTERPRISE), "0"),
]


@pytest.mark.parametrize("rule_id,code,payer,overrides,rate", ROW_CASES, ids=[c[0] for c in ROW_CASES])
def test_each_rule_row_applies_to_its_case(rule_id, code, payer, overrides, rate):
    found = line(sale(**overrides), code, payer)
    assert (found.rule, found.rate) == (rule_id, D(rate))
    assert found.reference
    assert found.amount == (found.basis * found.rate).quantize(CENT, ROUND_HALF_UP)


def test_every_row_of_the_rule_tables_has_a_case_and_a_legal_reference():
    rows = (*RULES, *FEE_RULES, *FEE_EXEMPTIONS)
    ids = [row.rule_id for row in rows]
    assert len(ids) == len(set(ids))
    assert sorted(ids) == sorted(c[0] for c in ROW_CASES)
    assert all(row.reference and row.condition for row in rows)


def test_rows_marked_check_in_the_notes_say_so_in_their_reference():
    by_id = {row.rule_id: row for row in RULES}
    assert "(check)" in by_id["vat.held_under_2y.2026"].reference
    assert "(check)" in by_id["vat.exempt.held_2y.2026"].reference
    assert "公告2025年第17号" in by_id["vat.held_under_2y.2026"].reference
    assert by_id["deed_tax.first_home.le140.2024"].reference == "财政部 税务总局 住房城乡建设部公告2024年第16号"
    assert by_id["deed_tax.first_home.le90.2016"].reference == "财税〔2016〕23号"
    assert "契税法（2021-09-01）" in by_id["deed_tax.statutory.2021"].reference


# -- deed tax boundaries --------------------------------------------------------------------------------


@pytest.mark.parametrize("area,homes,rate", [
    ("90.00", 0, "0.01"), ("90.01", 0, "0.015"), ("90.00", 1, "0.01"), ("90.01", 1, "0.02"),
])
def test_under_the_2016_rules_90_square_metres_is_the_boundary(area, homes, rate):
    assert deed_rate(contract_date=date(2024, 11, 30), area_m2=D(area), buyer_homes_before=homes) == D(rate)


@pytest.mark.parametrize("area,homes,rate", [
    ("140.00", 0, "0.01"), ("140.01", 0, "0.015"), ("140.00", 1, "0.01"), ("140.01", 1, "0.02"),
])
def test_from_december_2024_140_square_metres_is_the_boundary(area, homes, rate):
    assert deed_rate(contract_date=date(2024, 12, 1), area_m2=D(area), buyer_homes_before=homes) == D(rate)


def test_second_home_of_100_square_metres_pays_two_percent_until_30_november_2024_and_one_percent_after():
    assert deed_rate(contract_date=date(2024, 11, 30), area_m2=D("100.00"), buyer_homes_before=1) == D("0.02")
    assert deed_rate(contract_date=date(2024, 12, 1), area_m2=D("100.00"), buyer_homes_before=1) == D("0.01")


@pytest.mark.parametrize("day", [date(2016, 2, 22), date(2021, 8, 31), date(2021, 9, 1), date(2024, 12, 1)])
def test_third_home_pays_the_statutory_three_percent_in_every_period(day):
    facts = sale(contract_date=day, buyer_homes_before=2, seller_kind=SellerKind.ENTERPRISE, seller_acquired_on=None)
    assert line(facts, TaxCode.DEED_TAX).rate == D("0.03")


def test_the_statutory_rate_rests_on_the_deed_tax_law_from_1_september_2021():
    assert line(sale(contract_date=date(2021, 8, 31), buyer_homes_before=3), TaxCode.DEED_TAX).rule == \
        "deed_tax.statutory.1997"
    assert line(sale(contract_date=date(2021, 9, 1), buyer_homes_before=3), TaxCode.DEED_TAX).rule == \
        "deed_tax.statutory.2021"


@pytest.mark.parametrize("kind", [BuyerKind.ENTERPRISE, BuyerKind.SMALL_MICRO_ENTERPRISE])
def test_non_individual_buyer_pays_the_statutory_rate_even_for_a_small_flat(kind):
    assert deed_rate(buyer_kind=kind, area_m2=D("60.00")) == D("0.03")
    assert deed_rate(buyer_kind=kind, area_m2=D("60.00"), contract_date=date(2020, 1, 1)) == D("0.03")


@pytest.mark.parametrize("use", [Use.NON_RESIDENTIAL, Use.GARAGE_PARKING_STOREROOM])
def test_non_housing_pays_the_statutory_deed_tax_rate(use):
    assert deed_rate(use=use, area_m2=D("20.00")) == D("0.03")


# -- VAT, holding periods and 29 February ---------------------------------------------------------------


def test_vat_is_5_percent_of_price_over_1_05_on_31_december_2025_and_3_percent_of_price_over_1_03_after():
    old = line(sale(contract_date=date(2025, 12, 31), price=D("2060000.00"), seller_acquired_on=HELD_1Y), TaxCode.VAT)
    new = line(sale(contract_date=date(2026, 1, 1), price=D("2060000.00"), seller_acquired_on=HELD_1Y), TaxCode.VAT)
    assert (old.rule, old.basis, old.amount) == ("vat.held_under_2y.2016", D("1961904.76"), D("98095.24"))
    assert (new.rule, new.basis, new.amount) == ("vat.held_under_2y.2026", D("2000000.00"), D("60000.00"))


def test_vat_is_due_the_day_before_the_second_anniversary_and_exempt_on_it():
    before = line(sale(contract_date=date(2026, 3, 9), seller_acquired_on=date(2024, 3, 10)), TaxCode.VAT)
    on = line(sale(contract_date=date(2026, 3, 10), seller_acquired_on=date(2024, 3, 10)), TaxCode.VAT)
    assert before.amount > 0 and before.facts["held_years"] == "1"
    assert on.amount == 0 and on.rule == "vat.exempt.held_2y.2026" and on.facts["held_years"] == "2"


def test_acquired_on_29_february_the_second_anniversary_is_28_february():
    acquired = date(2024, 2, 29)
    assert anniversary(acquired, 2) == date(2026, 2, 28)
    assert line(sale(contract_date=date(2026, 2, 27), seller_acquired_on=acquired), TaxCode.VAT).amount > 0
    assert line(sale(contract_date=date(2026, 2, 28), seller_acquired_on=acquired), TaxCode.VAT).amount == 0


def test_acquired_on_29_february_the_fifth_anniversary_is_28_february():
    acquired = date(2020, 2, 29)
    assert anniversary(acquired, 5) == date(2025, 2, 28)
    before = line(sale(contract_date=date(2025, 2, 27), seller_acquired_on=acquired), TaxCode.INCOME_TAX)
    on = line(sale(contract_date=date(2025, 2, 28), seller_acquired_on=acquired), TaxCode.INCOME_TAX)
    assert before.rule == "income_tax.deemed" and before.amount == D("20000.00")
    assert on.rule == "income_tax.exempt.five_years_only_home" and on.amount == 0


def test_a_29_february_anniversary_in_a_leap_year_stays_on_29_february():
    assert anniversary(date(2020, 2, 29), 4) == date(2024, 2, 29)
    assert whole_years_between(date(2020, 2, 29), date(2024, 2, 28)) == 3
    assert whole_years_between(date(2020, 2, 29), date(2024, 2, 29)) == 4


def test_income_tax_is_due_the_day_before_the_fifth_anniversary_and_exempt_on_it():
    before = line(sale(contract_date=date(2026, 3, 9), seller_acquired_on=date(2021, 3, 10)), TaxCode.INCOME_TAX)
    on = line(sale(contract_date=date(2026, 3, 10), seller_acquired_on=date(2021, 3, 10)), TaxCode.INCOME_TAX)
    assert (before.rule, before.amount) == ("income_tax.deemed", D("20000.00"))
    assert (on.rule, on.amount) == ("income_tax.exempt.five_years_only_home", D("0.00"))


def test_surcharges_are_12_percent_of_vat_where_they_are_not_halved():
    facts = sale(price=D("2060000.00"), seller_acquired_on=HELD_1Y)
    found = line(facts, TaxCode.SURCHARGES, settings_=TaxSettings(surcharge_rate=D("0.12")))
    assert (found.basis, found.rate, found.amount) == (D("60000.00"), D("0.12"), D("7200.00"))


# -- income tax -----------------------------------------------------------------------------------------


def test_income_tax_on_a_proved_cost_is_20_percent_of_the_gain_after_costs_and_surcharges():
    facts = sale(price=D("2060000.00"), seller_acquired_on=HELD_1Y, seller_only_home=False,
                 seller_original_cost=D("1500000.00"), seller_reasonable_costs=D("50000.00"))
    found = line(facts, TaxCode.INCOME_TAX)
    # 2,000,000 excl. VAT − 1,500,000 − 50,000 − 3,600 surcharges = 446,400
    assert (found.rule, found.basis, found.rate, found.amount) == ("income_tax.proved_cost", D("446400.00"),
                                                                   D("0.20"), D("89280.00"))


def test_income_tax_without_a_proved_cost_is_the_deemed_rate_of_the_price_excluding_vat():
    facts = sale(price=D("2060000.00"), seller_acquired_on=HELD_1Y, seller_only_home=False)
    found = line(facts, TaxCode.INCOME_TAX, settings_=TaxSettings(deemed_income_tax_rate=D("0.015")))
    assert (found.rule, found.basis, found.rate, found.amount) == ("income_tax.deemed", D("2000000.00"),
                                                                   D("0.015"), D("30000.00"))


def test_a_sale_at_a_loss_owes_no_income_tax_on_the_proved_cost():
    found = line(sale(seller_only_home=False, seller_original_cost=D("2500000.00")), TaxCode.INCOME_TAX)
    assert (found.basis, found.amount) == (D("0.00"), D("0.00"))


@pytest.mark.parametrize("acquired,only_home,exempt", [
    (date(2018, 6, 1), True, True), (date(2018, 6, 1), False, False),
    (date(2022, 6, 1), True, False), (date(2022, 6, 1), False, False),
])
def test_the_five_years_only_home_exemption_needs_both_conditions(acquired, only_home, exempt):
    found = line(sale(seller_acquired_on=acquired, seller_only_home=only_home), TaxCode.INCOME_TAX)
    assert (found.amount == 0) is exempt
    assert (found.rule == "income_tax.exempt.five_years_only_home") is exempt


# -- registration fee -----------------------------------------------------------------------------------


@pytest.mark.parametrize("use,certificates,fee", [
    (Use.RESIDENTIAL, 1, "80.00"), (Use.RESIDENTIAL, 3, "100.00"), (Use.NON_RESIDENTIAL, 1, "550.00"),
    (Use.NON_RESIDENTIAL, 2, "560.00"), (Use.GARAGE_PARKING_STOREROOM, 1, "80.00"),
])
def test_the_fee_is_per_case_by_class_plus_10_for_each_extra_certificate(use, certificates, fee):
    assert line(sale(use=use, certificates=certificates), TaxCode.REGISTRATION_FEE).amount == D(fee)


def test_the_fee_does_not_depend_on_area_or_price():
    small = line(sale(area_m2=D("30.00"), price=D("300000.00")), TaxCode.REGISTRATION_FEE)
    large = line(sale(area_m2=D("300.00"), price=D("30000000.00")), TaxCode.REGISTRATION_FEE)
    assert small.amount == large.amount == D("80.00")


def test_a_small_or_micro_enterprise_buyer_pays_no_fee_and_no_certificate_fee():
    found = line(sale(buyer_kind=BuyerKind.SMALL_MICRO_ENTERPRISE, certificates=3), TaxCode.REGISTRATION_FEE)
    assert (found.basis, found.rate, found.amount) == (D("100.00"), D("0"), D("0.00"))
    assert found.rule == "fee.exempt.small_micro.2016" and "财税〔2016〕79号" in found.reference


def test_an_ordinary_enterprise_buyer_pays_the_fee():
    assert line(sale(buyer_kind=BuyerKind.ENTERPRISE), TaxCode.REGISTRATION_FEE).amount == D("80.00")


# -- who sells, who buys, what is not assessed ----------------------------------------------------------


def test_a_new_build_with_the_invoice_taxes_vat_on_the_invoice_amount_and_refers_land_vat_without_a_cost():
    result = quote(sale(seller_kind=SellerKind.ENTERPRISE, seller_acquired_on=None, seller_only_home=False,
                        price=D("2180000.00"), price_excl_vat=D("2000000.00")))
    assert [(x.code, x.rule, x.amount) for x in result.lines if x.payer is Payer.SELLER] == [
        (TaxCode.VAT, "vat.enterprise.general.2026", D("180000.00")),
        (TaxCode.SURCHARGES, "surcharges.enterprise.on_vat", D("21600.00")),
        (TaxCode.INCOME_TAX, "income_tax.enterprise_seller.self_filed", D("0.00")),
        (TaxCode.STAMP_DUTY, "stamp_duty.seller.transfer.2022", D("1000.00"))]
    assert "企业所得税法" in result.line(TaxCode.INCOME_TAX).reference
    assert result.line(TaxCode.DEED_TAX).basis == D("2000000.00")  # the invoice amount excluding VAT
    assert result.line(TaxCode.STAMP_DUTY, Payer.BUYER).amount == D("0.00")  # an individual buying housing
    assert result.totals.to_dict() == {"buyer": "20080.00", "seller": "202600.00", "overall": "222680.00"}
    assert [(x.code, x.payer) for x in result.referred] == [(TaxCode.LAND_VAT, Payer.SELLER)]
    assert "财税〔2006〕21号" in result.referred[0].reference and not result.complete


def test_a_new_build_without_the_invoice_amount_divides_the_price_by_one_plus_the_vat_rate():
    result = quote(sale(seller_kind=SellerKind.ENTERPRISE, seller_acquired_on=None))
    assert result.line(TaxCode.DEED_TAX).basis == D("1834862.39")  # 2,000,000 / 1.09
    assert result.line(TaxCode.DEED_TAX).facts["price_excl_vat_from"] == "price / 1.09"
    assert result.line(TaxCode.VAT).amount == D("165137.62")


def test_an_enterprise_buyer_pays_stamp_duty_at_five_in_ten_thousand():
    result = quote(sale(buyer_kind=BuyerKind.ENTERPRISE))
    assert result.complete and result.referred == ()
    assert result.line(TaxCode.STAMP_DUTY, Payer.BUYER).amount == D("1000.00")
    assert result.line(TaxCode.STAMP_DUTY, Payer.SELLER).amount == 0  # the individual selling housing: exempt


def test_a_garage_without_a_proved_cost_is_taxed_by_rule_and_only_land_vat_is_referred():
    result = quote(sale(use=Use.GARAGE_PARKING_STOREROOM, area_m2=D("15.00"), price=D("200000.00"),
                        seller_only_home=False))
    assert [(x.code, x.payer, x.amount) for x in result.lines] == [
        (TaxCode.DEED_TAX, Payer.BUYER, D("5825.24")), (TaxCode.STAMP_DUTY, Payer.BUYER, D("97.09")),
        (TaxCode.REGISTRATION_FEE, Payer.BUYER, D("80.00")), (TaxCode.VAT, Payer.SELLER, D("5825.24")),
        (TaxCode.SURCHARGES, Payer.SELLER, D("349.51")), (TaxCode.INCOME_TAX, Payer.SELLER, D("1941.75")),
        (TaxCode.STAMP_DUTY, Payer.SELLER, D("97.09"))]
    assert [(x.code, x.payer) for x in result.referred] == [(TaxCode.LAND_VAT, Payer.SELLER)]
    assert "核定征收" in result.referred[0].reason


def test_stamp_duty_and_land_vat_lines_show_the_exemption_for_individuals():
    result = quote(sale())
    for code, payer in ((TaxCode.STAMP_DUTY, Payer.BUYER), (TaxCode.STAMP_DUTY, Payer.SELLER),
                        (TaxCode.LAND_VAT, Payer.SELLER)):
        found = result.line(code, payer)
        assert found.amount == D("0.00") and found.reference == "财税〔2008〕137号"


# -- the rule set by date ---------------------------------------------------------------------------------


def test_the_rule_set_is_chosen_by_the_contract_date():
    assert rule_set_on(date(2026, 3, 10)).to_dict() == {"id": "rules-from-2026-01-01", "valid_from": "2026-01-01",
                                                        "valid_to": "2027-12-31"}  # the 六税两费 halving ends
    assert rule_set_on(date(2028, 1, 1)).valid_to is None
    assert rule_set_on(date(2025, 12, 31)).valid_from == date(2024, 12, 1)
    assert rule_set_on(date(2024, 11, 30)).valid_to == date(2024, 11, 30)
    assert rule_set_on(date(2016, 2, 22)).valid_to == date(2016, 4, 30)


def test_a_contract_before_22_february_2016_is_refused_not_guessed():
    with pytest.raises(NoRuleInForce) as refused:
        sale(contract_date=date(2016, 2, 21), seller_acquired_on=date(2010, 1, 1))
    assert refused.value.field == "contract_date"
    with pytest.raises(NoRuleInForce):
        rule_set_on(date(2016, 2, 21))


def test_an_individual_selling_housing_before_vat_replaced_business_tax_is_refused():
    with pytest.raises(NoRuleInForce) as refused:
        quote(sale(contract_date=date(2016, 4, 30), seller_acquired_on=date(2010, 1, 1)))
    assert refused.value.field == "contract_date"
    assert quote(sale(contract_date=date(2016, 5, 1), seller_acquired_on=date(2010, 1, 1))).complete


def test_a_new_build_on_the_first_day_of_the_table_gets_the_2016_deed_tax_rule():
    facts = sale(contract_date=date(2016, 2, 22), seller_kind=SellerKind.ENTERPRISE, seller_acquired_on=None)
    assert line(facts, TaxCode.DEED_TAX).rule == "deed_tax.first_home.gt90.2016"


# -- validation -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("overrides,field", [
    (dict(price=D("-1.00")), "price"),
    (dict(price=D("0")), "price"),
    (dict(price=D("1.005")), "price"),
    (dict(price=2000000), "price"),
    (dict(area_m2=D("0")), "area_m2"),
    (dict(area_m2=D("-3")), "area_m2"),
    (dict(seller_acquired_on=date(2026, 3, 11)), "seller_acquired_on"),
    (dict(seller_acquired_on=None), "seller_acquired_on"),
    (dict(buyer_homes_before=-1), "buyer_homes_before"),
    (dict(buyer_homes_before=True), "buyer_homes_before"),
    (dict(certificates=0), "certificates"),
    (dict(use="castle"), "use"),
    (dict(buyer_kind="person"), "buyer_kind"),
    (dict(seller_kind="bank"), "seller_kind"),
    (dict(seller_only_home="yes"), "seller_only_home"),
    (dict(seller_original_cost=D("-1")), "seller_original_cost"),
    (dict(seller_reasonable_costs=D("100")), "seller_reasonable_costs"),
    (dict(price_excl_vat=D("1900000")), "price_excl_vat"),
    (dict(seller_kind=SellerKind.ENTERPRISE, price_excl_vat=D("2000000.01")), "price_excl_vat"),
    (dict(contract_date=date(2016, 2, 21), seller_acquired_on=date(2010, 1, 1)), "contract_date"),
])
def test_invalid_facts_are_refused_naming_the_field(overrides, field):
    with pytest.raises(InvalidValue) as refused:
        sale(**overrides)
    assert refused.value.field == field


@pytest.mark.parametrize("overrides,field", [
    (dict(surcharge_rate=D("0.13")), "surcharge_rate"),
    (dict(surcharge_rate=D("-0.06")), "surcharge_rate"),
    (dict(deemed_income_tax_rate=D("0.05")), "deemed_income_tax_rate"),
    (dict(deemed_income_tax_rate=D("0")), "deemed_income_tax_rate"),
])
def test_invalid_settings_are_refused_naming_the_field(overrides, field):
    with pytest.raises(InvalidValue) as refused:
        TaxSettings(**overrides)
    assert refused.value.field == field


def test_the_quote_as_plain_data_has_every_amount_as_a_decimal_string():
    data = quote(sale(certificates=2)).to_dict()
    assert data["totals"] == {"buyer": "20090.00", "seller": "0.00", "overall": "20090.00"}
    assert data["lines"][0] == {
        "code": "deed_tax", "payer": "buyer", "basis": "2000000.00", "rate": "0.01", "amount": "20000.00",
        "rule": "deed_tax.first_home.le140.2024", "reference": "财政部 税务总局 住房城乡建设部公告2024年第16号",
        "facts": {"use": "residential", "buyer": "individual", "seller": "individual", "area_m2": "120.00",
                  "price_excl_vat": "2000000.00", "price_excl_vat_from": "price (VAT exempt)", "home": "first"}}
    assert data["settings"] == {"surcharge_rate": "0.06", "deemed_income_tax_rate": "0.01"}
    assert data["complete"] is True and data["referred"] == []


# -- property: totals are sums of rounded, non-negative lines -------------------------------------------

cents = st.integers(min_value=1, max_value=10**11).map(lambda n: D(n) / 100)


@st.composite
def any_sale(draw) -> TaxFacts:
    contract = draw(st.dates(min_value=date(2016, 2, 22), max_value=date(2032, 12, 31)))
    seller = draw(st.sampled_from(SellerKind))
    use = draw(st.sampled_from(Use))
    price = draw(cents)
    cost = draw(st.none() | st.integers(min_value=0, max_value=2 * 10**11).map(lambda n: D(n) / 100))
    return TaxFacts(
        contract_date=contract, price=price, area_m2=draw(st.integers(1, 10**9).map(lambda n: D(n) / 100)),
        use=use, buyer_kind=draw(st.sampled_from(BuyerKind)), buyer_homes_before=draw(st.integers(0, 6)),
        seller_kind=seller,
        seller_acquired_on=draw(st.none() if seller is SellerKind.ENTERPRISE
                                else st.integers(0, 9000).map(lambda n: contract - timedelta(days=n))),
        seller_only_home=draw(st.booleans()), seller_original_cost=cost,
        seller_reasonable_costs=draw(st.none() | cents) if cost is not None else None,
        certificates=draw(st.integers(1, 20)),
        price_excl_vat=draw(st.none() | st.just(price)) if seller is SellerKind.ENTERPRISE else None,
    )


@settings(max_examples=400, deadline=None)
@given(facts=any_sale(), surcharge_rate=st.sampled_from([D("0.06"), D("0.12")]),
       deemed=st.sampled_from([D("0.01"), D("0.015"), D("0.03")]))
def test_totals_always_equal_the_sum_of_the_rounded_non_negative_lines(facts, surcharge_rate, deemed):
    try:
        result = quote(facts, TaxSettings(surcharge_rate=surcharge_rate, deemed_income_tax_rate=deemed))
    except NoRuleInForce:
        assert facts.contract_date < date(2016, 5, 1) and facts.individual_sells_housing
        return
    for found in result.lines:
        assert found.amount >= 0 and found.amount.as_tuple().exponent == -2
        quick = D(found.facts.get("quick_deduction_rate", "0")) * D(found.facts.get("deductions", "0"))
        assert found.amount == max((found.basis * found.rate - quick).quantize(CENT, ROUND_HALF_UP), D(0))
    buyer = sum((x.amount for x in result.lines if x.payer is Payer.BUYER), D(0))
    seller = sum((x.amount for x in result.lines if x.payer is Payer.SELLER), D(0))
    assert (result.totals.buyer, result.totals.seller, result.totals.overall) == (buyer, seller, buyer + seller)
    totals = result.totals
    assert all(total.as_tuple().exponent == -2 for total in (totals.buyer, totals.seller, totals.overall))
    slots = [(x.code, x.payer) for x in result.lines] + [(x.code, x.payer) for x in result.referred]
    assert len(slots) == len(set(slots)) == 8  # every tax is answered exactly once: a line or a referral
    assert all(x.reason and x.reference for x in result.referred)
    assert result.line(TaxCode.DEED_TAX) and result.line(TaxCode.REGISTRATION_FEE)


def test_each_line_is_rounded_half_up_to_the_cent_before_the_totals():
    facts = sale(price=D("720626.80"), price_excl_vat=D("661125.50"), buyer_homes_before=2,
                 seller_kind=SellerKind.ENTERPRISE, seller_acquired_on=None)
    result = quote(facts)
    assert result.line(TaxCode.DEED_TAX).amount == D("19833.77")  # 19,833.765 rounds up
    assert result.totals.buyer == D("19913.77")
