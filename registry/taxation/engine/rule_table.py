"""The tax rules as dated data: one row per rule, chosen by the contract date and the facts of the sale.

A row applies when the contract date is within [valid_from, valid_to] and its condition matches. Rows
marked ``fallback`` apply only when no other row of the same code and payer matches (the statutory deed
tax rate; the income-tax methods after the 满五唯一 exemption). Items the notes mark "(check)" come from
secondary sources and say so in their reference.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from registry.kernel.codes import HomeOrdinal
from registry.taxation.engine.facts import RULES_FROM, Payer, TaxCode, TaxFacts
from registry.taxation.engine.rows_other import OTHER_SALES
from registry.taxation.engine.rule import (
    D2016,
    HOUSING,
    PERSON,
    PERSON_SELLS,
    TO_2025,
    V2016,
    V2026,
    VAT_LAW,
    Rule,
    When,
    _set,
)

__all__ = ["FIRST_DAY", "RULES", "Rule", "When", "pick"]

FIRST_DAY = RULES_FROM

B, S = Payer.BUYER, Payer.SELLER
FIRST, SECOND = _set(HomeOrdinal.FIRST), _set(HomeOrdinal.SECOND)
D2024, TO_2024 = date(2024, 12, 1), date(2024, 11, 30)
N23 = "财税〔2016〕23号"
N16 = "财政部 税务总局 住房城乡建设部公告2024年第16号"
N36 = "财税〔2016〕36号 附件3（营改增，2016-05-01起）"
N137 = "财税〔2008〕137号"


def _deed(rule_id: str, start: date, end: date | None, rate: str, ref: str, text: str, homes, **area) -> Rule:  # noqa: ANN001
    return Rule(rule_id, TaxCode.DEED_TAX, B, start, end, Decimal(rate), ref, text,
                When(uses=HOUSING, buyers=PERSON, homes=homes, **area))


A90, A140 = Decimal(90), Decimal(140)

RULES: tuple[Rule, ...] = (
    # deed tax 契税 (buyer): base = price excluding VAT
    Rule("deed_tax.statutory.1997", TaxCode.DEED_TAX, B, D2016, date(2021, 8, 31), Decimal("0.03"),
         "契税暂行条例（1997）；福建省税率3% (check)",
         "statutory rate: non-individual buyer, 3rd or later home, or not housing", fallback=True),
    Rule("deed_tax.statutory.2021", TaxCode.DEED_TAX, B, date(2021, 9, 1), None, Decimal("0.03"),
         "契税法（2021-09-01）；福建省税率3%",
         "statutory rate: non-individual buyer, 3rd or later home, or not housing", fallback=True),
    _deed("deed_tax.first_home.le90.2016", D2016, TO_2024, "0.01", N23, "family's 1st home, ≤ 90 m²", FIRST,
          area_up_to=A90),
    _deed("deed_tax.first_home.gt90.2016", D2016, TO_2024, "0.015", N23, "family's 1st home, > 90 m²", FIRST,
          area_over=A90),
    _deed("deed_tax.second_home.le90.2016", D2016, TO_2024, "0.01", N23, "family's 2nd home, ≤ 90 m²", SECOND,
          area_up_to=A90),
    _deed("deed_tax.second_home.gt90.2016", D2016, TO_2024, "0.02", N23, "family's 2nd home, > 90 m²", SECOND,
          area_over=A90),
    _deed("deed_tax.first_home.le140.2024", D2024, None, "0.01", N16, "family's 1st home, ≤ 140 m²", FIRST,
          area_up_to=A140),
    _deed("deed_tax.first_home.gt140.2024", D2024, None, "0.015", N16, "family's 1st home, > 140 m²", FIRST,
          area_over=A140),
    _deed("deed_tax.second_home.le140.2024", D2024, None, "0.01", N16, "family's 2nd home, ≤ 140 m²", SECOND,
          area_up_to=A140),
    _deed("deed_tax.second_home.gt140.2024", D2024, None, "0.02", N16, "family's 2nd home, > 140 m²", SECOND,
          area_over=A140),
    # VAT 增值税 (seller): an individual selling housing; price/(1 + rate) × rate when held < 2 years
    Rule("vat.held_under_2y.2016", TaxCode.VAT, S, V2016, TO_2025, Decimal("0.05"), N36,
         "individual sells housing held < 2 years: 5% of price/1.05",
         When(uses=HOUSING, sellers=PERSON_SELLS, held_under=2)),
    Rule("vat.exempt.held_2y.2016", TaxCode.VAT, S, V2016, TO_2025, Decimal(0), N36,
         "individual sells housing held ≥ 2 years: exempt",
         When(uses=HOUSING, sellers=PERSON_SELLS, held_at_least=2)),
    Rule("vat.held_under_2y.2026", TaxCode.VAT, S, V2026, None, Decimal("0.03"), VAT_LAW,
         "individual sells housing held < 2 years: 3% of price/1.03",
         When(uses=HOUSING, sellers=PERSON_SELLS, held_under=2)),
    Rule("vat.exempt.held_2y.2026", TaxCode.VAT, S, V2026, None, Decimal(0), VAT_LAW,
         "individual sells housing held ≥ 2 years: exempt",
         When(uses=HOUSING, sellers=PERSON_SELLS, held_at_least=2)),
    # surcharges 附加税费 (seller): VAT × local rate, 12% (7% + 3% + 2%) or halved to 6%
    Rule("surcharges.on_vat", TaxCode.SURCHARGES, S, V2016, None, None,
         "城市维护建设税法（7%）、教育费附加（3%）、地方教育附加（2%）；减半征收按登记机构设置",
         "individual seller: VAT × the registry's surcharge rate", When(sellers=PERSON_SELLS),
         setting="surcharge_rate"),
    # individual income tax 个人所得税 (seller)
    Rule("income_tax.exempt.five_years_only_home", TaxCode.INCOME_TAX, S, D2016, None, Decimal(0),
         "财税字〔1999〕278号（满五唯一）", "held ≥ 5 years and the family's only home: exempt",
         When(uses=HOUSING, sellers=PERSON_SELLS, held_at_least=5, only_home=True)),
    Rule("income_tax.proved_cost", TaxCode.INCOME_TAX, S, D2016, None, Decimal("0.20"),
         "个人所得税法（财产转让所得20%）；国税发〔2006〕108号",
         "20% × (price excl. VAT − original cost − reasonable costs − surcharges)",
         When(uses=HOUSING, sellers=PERSON_SELLS, cost_proved=True), fallback=True, method="gain"),
    Rule("income_tax.deemed", TaxCode.INCOME_TAX, S, D2016, None, None,
         "国税发〔2006〕108号（核定征收，1%–3%，按地方设置）",
         "original cost not proved: the registry's deemed rate × price excl. VAT",
         When(uses=HOUSING, sellers=PERSON_SELLS, cost_proved=False), fallback=True,
         setting="deemed_income_tax_rate"),
    # stamp duty 印花税 and land VAT 土地增值税: exempt for individuals buying or selling housing
    Rule("stamp_duty.exempt.individual_buys_housing", TaxCode.STAMP_DUTY, B, D2016, None, Decimal(0), N137,
         "individual buys housing: exempt", When(uses=HOUSING, buyers=PERSON)),
    Rule("stamp_duty.exempt.individual_sells_housing", TaxCode.STAMP_DUTY, S, D2016, None, Decimal(0), N137,
         "individual sells housing: exempt", When(uses=HOUSING, sellers=PERSON_SELLS)),
    Rule("land_vat.exempt.individual_sells_housing", TaxCode.LAND_VAT, S, D2016, None, Decimal(0), N137,
         "individual sells housing: exempt", When(uses=HOUSING, sellers=PERSON_SELLS)),
    *OTHER_SALES,
)


def pick(code: TaxCode, payer: Payer, facts: TaxFacts, rows: tuple[Rule, ...] = RULES) -> Rule | None:
    """The one row for this code and payer on the contract date, or ``None`` when the table has none."""
    day = facts.contract_date  # never before FIRST_DAY: TaxFacts refuses that
    matching = [r for r in rows if r.code is code and r.payer is payer and r.in_force(day) and r.when.matches(facts)]
    for group in ([r for r in matching if not r.fallback], [r for r in matching if r.fallback]):
        if len(group) > 1:
            raise LookupError(f"rule table overlaps for {code}/{payer}: {[r.rule_id for r in group]}")
        if group:
            return group[0]
    return None
