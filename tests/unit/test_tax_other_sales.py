"""Sales other than an individual selling housing: shops, offices and garages, enterprises selling or buying.
Every figure is worked by hand (Decimal, each line rounded half up to the cent before the totals)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from registry.kernel.codes import Use
from registry.taxation.engine import BuyerKind, NoRuleInForce, Payer, SellerKind, TaxCode, TaxFacts, quote
from registry.taxation.engine.land_vat import band, land_vat

D = Decimal
B, S = Payer.BUYER, Payer.SELLER


def shop(**overrides) -> TaxFacts:
    """Wang Fang's 80 m² shop, bought in May 2019 for 1,000,000 (invoice kept), sold for 1,500,000 in June 2025."""
    values = dict(contract_date=date(2025, 6, 16), price=D("1500000.00"), area_m2=D("80.00"), use=Use.NON_RESIDENTIAL,
                  buyer_kind=BuyerKind.INDIVIDUAL, buyer_homes_before=0, seller_kind=SellerKind.INDIVIDUAL,
                  seller_acquired_on=date(2019, 5, 20), seller_original_cost=D("1000000.00"))
    values.update(overrides)
    return TaxFacts(**values)


def amounts(facts: TaxFacts) -> dict[tuple[TaxCode, Payer], Decimal]:
    return {(x.code, x.payer): x.amount for x in quote(facts).lines}


def test_an_individual_selling_a_shop_held_six_years_pays_vat_on_the_gain_land_vat_and_income_tax():
    result = quote(shop())
    assert amounts(shop()) == {
        # (1,500,000 − 1,000,000) / 1.05 = 476,190.48; × 5% = 23,809.52
        (TaxCode.VAT, S): D("23809.52"),
        (TaxCode.SURCHARGES, S): D("1428.57"),  # 23,809.52 × 6% (Fuzhou, halved)
        # price excl. VAT = 1,500,000 − 23,809.52 = 1,476,190.48; × 0.05% each side
        (TaxCode.STAMP_DUTY, B): D("738.10"), (TaxCode.STAMP_DUTY, S): D("738.10"),
        # deductions 1,000,000 × (1 + 5% × 6) + 1,428.57 + 738.10 = 1,302,166.67; gain 174,023.81 (13%): × 30%
        (TaxCode.LAND_VAT, S): D("52207.14"),
        # 20% × (1,476,190.48 − 1,000,000 − 1,428.57 − 738.10 − 52,207.14) = 20% × 421,816.67
        (TaxCode.INCOME_TAX, S): D("84363.33"),
        (TaxCode.DEED_TAX, B): D("44285.71"),  # 3% × 1,476,190.48
        (TaxCode.REGISTRATION_FEE, B): D("550.00"),
    }
    assert result.totals.to_dict() == {"buyer": "45573.81", "seller": "162546.66", "overall": "208120.47"}
    assert result.complete
    land = result.line(TaxCode.LAND_VAT)
    assert (land.facts["cost_with_additions"], land.facts["deductions"], land.facts["gain"]) == (
        "1300000.00", "1302166.67", "174023.81")
    assert all(x.reference for x in result.lines)


def test_a_shop_without_a_proved_cost_pays_vat_on_the_whole_price_and_refers_land_vat_to_the_officer():
    result = quote(shop(seller_original_cost=None))
    assert result.line(TaxCode.VAT).amount == D("71428.57")  # 1,500,000 / 1.05 = 1,428,571.43; × 5%
    assert result.line(TaxCode.INCOME_TAX).rule == "income_tax.not_housing.deemed"
    assert result.line(TaxCode.INCOME_TAX).amount == D("14285.71")  # 1% × 1,428,571.43
    assert [(x.code, x.payer) for x in result.referred] == [(TaxCode.LAND_VAT, S)]
    assert result.line(TaxCode.LAND_VAT) is None and not result.complete


def test_from_2026_an_individuals_shop_pays_vat_at_the_three_percent_collection_rate():
    found = quote(shop(contract_date=date(2026, 6, 16))).line(TaxCode.VAT)
    assert (found.rule, found.basis, found.amount) == ("vat.individual.not_housing.2026", D("485436.89"), D("14563.11"))
    assert "(check)" in found.reference


def test_an_enterprise_selling_an_office_to_a_person_pays_vat_at_nine_percent_and_files_income_tax_itself():
    facts = shop(contract_date=date(2025, 3, 10), price=D("1090000.00"), area_m2=D("100.00"),
                 seller_kind=SellerKind.ENTERPRISE, seller_acquired_on=None, seller_original_cost=None)
    result = quote(facts)
    assert amounts(facts) == {
        (TaxCode.VAT, S): D("90000.00"),  # 1,090,000 / 1.09 = 1,000,000; × 9%
        (TaxCode.SURCHARGES, S): D("10800.00"),  # 12% of the VAT
        (TaxCode.STAMP_DUTY, B): D("500.00"), (TaxCode.STAMP_DUTY, S): D("500.00"),
        (TaxCode.INCOME_TAX, S): D("0.00"),  # enterprise income tax: the enterprise's annual return
        (TaxCode.DEED_TAX, B): D("30000.00"), (TaxCode.REGISTRATION_FEE, B): D("550.00"),
    }
    assert [(x.code, x.payer) for x in result.referred] == [(TaxCode.LAND_VAT, S)]


def test_an_enterprise_with_a_proved_cost_but_no_acquisition_date_has_land_vat_referred():
    facts = shop(seller_kind=SellerKind.ENTERPRISE, seller_acquired_on=None)
    assert "acquisition date" in quote(facts).referred[0].reason


def test_a_person_buying_a_garage_held_six_years_with_its_invoice_pays_every_line_by_rule():
    facts = shop(contract_date=date(2026, 3, 10), price=D("200000.00"), area_m2=D("15.00"),
                 use=Use.GARAGE_PARKING_STOREROOM, seller_acquired_on=date(2020, 1, 1),
                 seller_original_cost=D("150000.00"))
    assert amounts(facts) == {
        (TaxCode.VAT, S): D("1456.31"),  # 50,000 / 1.03 = 48,543.69; × 3%
        (TaxCode.SURCHARGES, S): D("87.38"),
        (TaxCode.STAMP_DUTY, B): D("99.27"), (TaxCode.STAMP_DUTY, S): D("99.27"),  # 198,543.69 × 0.05%
        (TaxCode.LAND_VAT, S): D("1007.11"),  # 30% × (198,543.69 − 195,000 − 186.65)
        (TaxCode.INCOME_TAX, S): D("9469.99"),  # 20% × 47,349.93
        (TaxCode.DEED_TAX, B): D("5956.31"), (TaxCode.REGISTRATION_FEE, B): D("80.00"),
    }


@pytest.mark.parametrize("day,rate", [
    (date(2016, 5, 1), "0.11"), (date(2018, 4, 30), "0.11"), (date(2018, 5, 1), "0.10"),
    (date(2019, 3, 31), "0.10"), (date(2019, 4, 1), "0.09"), (date(2025, 12, 31), "0.09"), (date(2026, 1, 1), "0.09"),
])
def test_an_enterprise_sellers_vat_rate_changes_on_the_boundary_days(day, rate):
    facts = shop(contract_date=day, seller_kind=SellerKind.ENTERPRISE, seller_acquired_on=None)
    assert quote(facts).line(TaxCode.VAT).rate == D(rate)


def test_before_vat_an_enterprise_sale_refers_business_tax_and_its_surcharges_and_taxes_the_whole_price():
    result = quote(shop(contract_date=date(2016, 4, 30), seller_kind=SellerKind.ENTERPRISE, seller_acquired_on=None))
    assert [(x.code, x.payer) for x in result.referred][:2] == [(TaxCode.VAT, S), (TaxCode.SURCHARGES, S)]
    assert result.line(TaxCode.DEED_TAX).basis == D("1500000.00")
    with pytest.raises(NoRuleInForce):  # an individual's flat: refused as before
        quote(shop(contract_date=date(2016, 4, 30), use=Use.RESIDENTIAL, seller_acquired_on=date(2010, 1, 1)))


def test_stamp_duty_rests_on_the_stamp_duty_law_from_1_july_2022():
    def reference(day: date) -> str:
        return quote(shop(contract_date=day)).line(TaxCode.STAMP_DUTY, B).reference

    assert reference(date(2022, 6, 30)).startswith("印花税暂行条例")
    assert reference(date(2022, 7, 1)).startswith("印花税法")


def test_a_small_or_micro_enterprise_buyer_pays_half_the_stamp_duty_until_2027():
    assert quote(shop(buyer_kind=BuyerKind.SMALL_MICRO_ENTERPRISE)).line(TaxCode.STAMP_DUTY, B).amount == D("369.05")
    later = shop(contract_date=date(2028, 1, 1), buyer_kind=BuyerKind.SMALL_MICRO_ENTERPRISE)
    assert quote(later).line(TaxCode.STAMP_DUTY, B).rate == D("0.0005")


@pytest.mark.parametrize("gain,deductions,rate,quick", [
    ("50.00", "100.00", "0.30", "0"), ("50.01", "100.00", "0.40", "0.05"), ("100.00", "100.00", "0.40", "0.05"),
    ("100.01", "100.00", "0.50", "0.15"), ("200.00", "100.00", "0.50", "0.15"), ("200.01", "100.00", "0.60", "0.35"),
    ("10.00", "0.00", "0.60", "0.35"),
])
def test_land_vat_bands_include_their_upper_bound(gain, deductions, rate, quick):
    assert band(D(gain), D(deductions)) == (D(rate), D(quick))


def test_land_vat_takes_the_quick_deduction_of_its_band():
    # deductions 1,000,000 (no years); gain 2,000,000 = 200%: 50% × 2,000,000 − 15% × 1,000,000
    assert land_vat(D("3000000.00"), D("1000000.00"), 0, D("0.00")).amount == D("850000.00")
    # a loss: nothing to pay
    assert land_vat(D("900000.00"), D("1000000.00"), 2, D("0.00")).amount == D("0.00")
