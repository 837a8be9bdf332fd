"""The rows for every sale other than an individual selling housing: non-residential units (shops, offices,
garages) and enterprises selling or buying, and the stamp duty and land VAT that apply to them.

Where no row matches (land VAT without a proved cost, …) the quote refers the line to the tax officer with
the reason and the law that leaves it to him; it is never silently left out. Items marked "(check)" come
from secondary sources.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from registry.taxation.engine.facts import BuyerKind, Payer, TaxCode
from registry.taxation.engine.rule import (
    D2016,
    FIRM_SELLS,
    NOT_HOUSING,
    PERSON_SELLS,
    TO_2025,
    V2016,
    V2026,
    VAT_LAW,
    Rule,
    When,
    _set,
)

B, S = Payer.BUYER, Payer.SELLER
STAMP_1988, STAMP_2022 = "印花税暂行条例（产权转移书据 万分之五）", "印花税法（2022-07-01起，产权转移书据 万分之五）"
N36_2 = "财税〔2016〕36号 附件2 第一条第（八）项；国家税务总局公告2016年第14号（差额计税；无合法凭证不得扣除）"
LAND_VAT_SCALE = ("土地增值税暂行条例 第七条、实施细则 第十条（超率累进：30%、40%−5%、50%−15%、60%−35%）；"
                  "财税〔2006〕21号（旧房按发票金额每满一年加计5%）")
EIT = "企业所得税法 第三条、第五十四条（按年计算、分期预缴，由企业自行申报）"
SMALL_MICRO = _set(BuyerKind.SMALL_MICRO_ENTERPRISE)


def _vat_firm(year: int, start: date, end: date | None, rate: str, ref: str) -> Rule:
    return Rule(f"vat.enterprise.general.{year}", TaxCode.VAT, S, start, end, Decimal(rate), ref,
                f"enterprise seller, general method: {Decimal(rate) * 100:.0f}% of price/(1 + rate)",
                When(sellers=FIRM_SELLS))


def _stamp(payer: Payer, year: int, start: date, end: date | None, ref: str) -> Rule:
    return Rule(f"stamp_duty.{payer}.transfer.{year}", TaxCode.STAMP_DUTY, payer, start, end, Decimal("0.0005"),
                ref, "产权转移书据: 0.05% of the price excluding VAT", fallback=True)


OTHER_SALES: tuple[Rule, ...] = (
    # VAT 增值税: an individual's non-residential unit (he bought it): on the price less the purchase price
    Rule("vat.individual.not_housing.2016", TaxCode.VAT, S, V2016, TO_2025, Decimal("0.05"), N36_2,
         "individual sells a non-residential unit: 5% of (price − proved purchase price)/1.05",
         When(uses=NOT_HOUSING, sellers=PERSON_SELLS), method="gain"),
    Rule("vat.individual.not_housing.2026", TaxCode.VAT, S, V2026, None, Decimal("0.03"),
         f"{VAT_LAW}；差额计税沿用国家税务总局公告2016年第14号 (check)",
         "individual sells a non-residential unit: 3% of (price − proved purchase price)/1.03 (check)",
         When(uses=NOT_HOUSING, sellers=PERSON_SELLS), method="gain"),
    # an enterprise: general method on the price excluding VAT (input tax is the enterprise's own return)
    _vat_firm(2016, V2016, date(2018, 4, 30), "0.11", "财税〔2016〕36号 附件1 第十五条（销售不动产11%）"),
    _vat_firm(2018, date(2018, 5, 1), date(2019, 3, 31), "0.10", "财税〔2018〕32号（11%调整为10%）"),
    _vat_firm(2019, date(2019, 4, 1), TO_2025, "0.09", "财政部 税务总局 海关总署公告2019年第39号（10%调整为9%）"),
    _vat_firm(2026, V2026, None, "0.09", "增值税法 第十条（销售不动产9%）"),
    Rule("surcharges.enterprise.on_vat", TaxCode.SURCHARGES, S, V2016, None, Decimal("0.12"),
         "城市维护建设税法（7%）、教育费附加（3%）、地方教育附加（2%）；小规模纳税人减半另行核定 (check)",
         "enterprise seller: 12% of VAT", When(sellers=FIRM_SELLS)),
    # income tax: an individual's gain (20%) or the deemed rate; an enterprise's income tax is annual
    Rule("income_tax.not_housing.proved_cost", TaxCode.INCOME_TAX, S, D2016, None, Decimal("0.20"),
         "个人所得税法 第三条、第六条（财产转让所得20%，减除财产原值和合理费用）",
         "20% × (price excl. VAT − original cost − reasonable costs − taxes on the transfer)",
         When(uses=NOT_HOUSING, sellers=PERSON_SELLS, cost_proved=True), method="gain"),
    Rule("income_tax.not_housing.deemed", TaxCode.INCOME_TAX, S, D2016, None, None,
         "税收征收管理法 第三十五条（核定征收）；核定率按登记机构设置 (check)",
         "original cost not proved: the registry's deemed rate × price excl. VAT",
         When(uses=NOT_HOUSING, sellers=PERSON_SELLS, cost_proved=False), setting="deemed_income_tax_rate"),
    Rule("income_tax.enterprise_seller.self_filed", TaxCode.INCOME_TAX, S, D2016, None, Decimal(0), EIT,
         "enterprise seller: enterprise income tax is filed by the enterprise for the year; nothing here",
         When(sellers=FIRM_SELLS)),
    # stamp duty 印花税 产权转移书据: both sides, unless an individual buys or sells housing (exempt rows)
    _stamp(B, 1988, D2016, date(2022, 6, 30), STAMP_1988),
    _stamp(S, 1988, D2016, date(2022, 6, 30), STAMP_1988),
    _stamp(B, 2022, date(2022, 7, 1), None, STAMP_2022),
    _stamp(S, 2022, date(2022, 7, 1), None, STAMP_2022),
    Rule("stamp_duty.buyer.small_micro.halved", TaxCode.STAMP_DUTY, B, date(2022, 1, 1), date(2027, 12, 31),
         Decimal("0.00025"), "财政部 税务总局公告2022年第10号、2023年第12号（六税两费减半）(check)",
         "small or micro enterprise buyer: half of 0.05%", When(buyers=SMALL_MICRO)),
    # land VAT 土地增值税: by the scale once the cost is proved; without it the officer assesses (核定)
    Rule("land_vat.scale.proved_cost", TaxCode.LAND_VAT, S, D2016, None, None, LAND_VAT_SCALE,
         "gain = price excl. VAT − (cost × (1 + 5% × full years) + taxes on the transfer), by the scale",
         When(cost_proved=True), fallback=True, method="scale"),
)

# why a line has no row, and the law that leaves it to the tax officer (see quote._Quote.refer)
LAND_VAT_UNPROVED = ("the purchase price is not proved (no invoice or deed-tax receipt): the tax office assesses "
                     "land VAT (核定征收)", "财税〔2006〕21号 第二条；税收征收管理法 第三十五条")
NO_ROW = ("no rule is held here for this kind of sale: the tax office assesses the line",
          "税收征收管理法 第三十五条（由税务机关核定）")
BUSINESS_TAX = ("before 2016-05-01 the sale paid business tax (营业税), not VAT: the tax office assesses it and its "
                "surcharges", "营业税暂行条例（销售不动产5%）；财税〔2016〕36号 (check)")
NO_YEARS = ("the seller's acquisition date is not known, so the 5% addition per full year cannot be counted: "
            "the tax office assesses land VAT", "财税〔2006〕21号 第二条")
