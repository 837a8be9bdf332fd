"""The tax quote: picks each row of the rule table in force on the contract date and computes its line.

Order of work, since each step feeds the next: VAT (gives the price excluding VAT) → surcharges (on the
VAT) → stamp duty → land VAT (deducts the surcharges and stamp duty) → income tax (deducts all of them) →
deed tax (on the price excluding VAT) → registration fee. Every line is rounded to cents before the totals.
A line no row can compute is *referred* to the tax officer with its reason and legal reference.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from registry.taxation.engine.facts import NoRuleInForce, Payer, SellerKind, TaxCode, TaxFacts, anniversary
from registry.taxation.engine.fees import FEE_EXEMPTIONS, FEE_RULES, registration_fee
from registry.taxation.engine.land_vat import land_vat
from registry.taxation.engine.results import Referred, RuleSet, TaxLine, TaxQuote, decimal_text, to_cents
from registry.taxation.engine.rows_other import BUSINESS_TAX, LAND_VAT_UNPROVED, NO_ROW, NO_YEARS
from registry.taxation.engine.rule_table import FIRST_DAY, RULES, Rule, pick
from registry.taxation.engine.settings import FUZHOU, TaxSettings

B, S = Payer.BUYER, Payer.SELLER
VAT_FROM = date(2016, 5, 1)  # 营改增: before it, business tax
SLOTS = ((TaxCode.DEED_TAX, B), (TaxCode.STAMP_DUTY, B), (TaxCode.VAT, S), (TaxCode.SURCHARGES, S),
         (TaxCode.INCOME_TAX, S), (TaxCode.STAMP_DUTY, S), (TaxCode.LAND_VAT, S))


def rule_set_on(day: date) -> RuleSet:
    """The period around ``day`` in which no row of the tax or fee tables starts or ends."""
    if day < FIRST_DAY:
        raise NoRuleInForce(f"no tax rules are held for contracts before {FIRST_DAY.isoformat()}; "
                            "the tax office assesses such a sale by hand", field="contract_date")
    rows = (*RULES, *FEE_RULES, *FEE_EXEMPTIONS)
    edges = {r.valid_from for r in rows} | {r.valid_to + timedelta(days=1) for r in rows if r.valid_to}
    start = max(edge for edge in edges if edge <= day)
    later = [edge for edge in edges if edge > day]
    return RuleSet(start, min(later) - timedelta(days=1) if later else None)


def quote(facts: TaxFacts, settings: TaxSettings = FUZHOU) -> TaxQuote:
    """All taxes and the registration fee of one sale; raises ``InvalidValue`` (a ``DomainError``) when the
    rule table cannot answer (``NoRuleInForce`` on ``contract_date``)."""
    rule_set = rule_set_on(facts.contract_date)
    return _Quote(facts, settings).build(rule_set)


class _Quote:
    def __init__(self, facts: TaxFacts, settings: TaxSettings) -> None:
        self.facts, self.settings = facts, settings
        self.lines: dict[tuple[TaxCode, Payer], TaxLine] = {}
        self.referred: list[Referred] = []
        # before 营改增 the whole price is the base of every later line (no VAT to take out)
        self.price_excl_vat, self.source = to_cents(facts.price), "price (business tax, before VAT)"

    def build(self, rule_set: RuleSet) -> TaxQuote:
        f = self.facts
        vat_rule = pick(TaxCode.VAT, S, f)
        if vat_rule is None and f.contract_date < VAT_FROM:
            if f.individual_sells_housing:
                raise NoRuleInForce("before 2016-05-01 a sale of housing paid business tax, not VAT; no rules for "
                                    "it are held here, the tax office assesses it by hand", field="contract_date")
            for code in (TaxCode.VAT, TaxCode.SURCHARGES):  # 营业税 and its surcharges, on the whole price
                self.refer(code, S, BUSINESS_TAX)
        else:
            self.vat(self.found(vat_rule, TaxCode.VAT, S))
            self.surcharges(self.rule(TaxCode.SURCHARGES, S))
        for payer in (B, S):
            self.add(self.rule(TaxCode.STAMP_DUTY, payer), self.price_excl_vat, self.parties())
        self.land_vat(self.rule(TaxCode.LAND_VAT, S))
        self.income_tax(self.rule(TaxCode.INCOME_TAX, S))
        self.add(self.rule(TaxCode.DEED_TAX, B), self.price_excl_vat, self.deed_tax_facts())
        ordered = [self.lines[slot] for slot in SLOTS if slot in self.lines]
        ordered.insert(sum(1 for line in ordered if line.payer is B), self.fee_line())
        return TaxQuote.build(f, self.settings, rule_set, ordered, self.referred)

    # -- rows and lines -------------------------------------------------------------------------------

    def rule(self, code: TaxCode, payer: Payer) -> Rule | None:
        return self.found(pick(code, payer, self.facts), code, payer)

    def found(self, rule: Rule | None, code: TaxCode, payer: Payer) -> Rule | None:
        if rule is None:
            unproved = code is TaxCode.LAND_VAT and self.facts.seller_original_cost is None
            self.refer(code, payer, LAND_VAT_UNPROVED if unproved else NO_ROW)
        return rule

    def refer(self, code: TaxCode, payer: Payer, why: tuple[str, str]) -> None:
        f = self.facts
        reason = f"{why[0]} ({f.use.value} unit, {f.seller_kind.value} seller, {f.buyer_kind.value} buyer)"
        self.referred.append(Referred(code, payer, reason, why[1]))

    def rate_of(self, rule: Rule) -> Decimal:
        return getattr(self.settings, rule.setting) if rule.setting else rule.rate

    def add(self, rule: Rule | None, basis: Decimal, facts: dict[str, str]) -> TaxLine | None:
        if rule is None:
            return None
        rate = self.rate_of(rule)
        line = TaxLine(rule.code, rule.payer, basis, rate, to_cents(basis * rate), rule.rule_id, rule.reference,
                       facts)
        self.lines[(rule.code, rule.payer)] = line
        return line

    def amount(self, code: TaxCode, payer: Payer) -> Decimal:
        line = self.lines.get((code, payer))
        return line.amount if line else Decimal("0.00")

    # -- each tax -------------------------------------------------------------------------------------

    def vat(self, rule: Rule | None) -> None:
        """The VAT line and the price excluding VAT that every later line is computed on."""
        f, price = self.facts, to_cents(self.facts.price)
        facts = self.holding(2) | {"price": decimal_text(price)}
        if rule is None or rule.rate == 0:
            self.price_excl_vat, self.source = price, "price (VAT exempt)" if rule else "price (VAT referred)"
            self.add(rule, price, facts)
        elif rule.method == "gain":  # 差额: the VAT is on the price less the proved purchase price
            cost = to_cents(f.seller_original_cost or Decimal(0))
            basis = max(to_cents((price - cost) / (1 + rule.rate)), Decimal("0.00"))
            line = self.add(rule, basis, facts | {"original_cost": decimal_text(cost)})
            self.price_excl_vat, self.source = price - line.amount, "price − VAT"
        elif f.price_excl_vat is not None:
            self.price_excl_vat, self.source = to_cents(f.price_excl_vat), "seller's invoice"
            self.add(rule, self.price_excl_vat, facts | {"price_excl_vat_from": self.source})
        else:
            self.price_excl_vat = to_cents(f.price / (1 + rule.rate))
            self.source = f"price / {decimal_text(1 + rule.rate)}"
            self.add(rule, self.price_excl_vat, facts)

    def surcharges(self, rule: Rule | None) -> None:
        vat = self.amount(TaxCode.VAT, S)
        self.add(rule, vat, {"vat": decimal_text(vat)})

    def income_tax(self, rule: Rule | None) -> None:
        if rule is None:
            return
        f, price = self.facts, self.price_excl_vat
        facts = self.holding(5) | {"only_home": "yes" if f.seller_only_home else "no",
                                   "price_excl_vat": decimal_text(price)}
        if rule.method == "gain":
            cost, costs = (to_cents(f.seller_original_cost or Decimal(0)),
                           to_cents(f.seller_reasonable_costs or Decimal(0)))
            taxes = {code: self.amount(code, S) for code in (TaxCode.SURCHARGES, TaxCode.STAMP_DUTY, TaxCode.LAND_VAT)}
            facts |= {"original_cost": decimal_text(cost), "reasonable_costs": decimal_text(costs),
                      **{str(code): decimal_text(amount) for code, amount in taxes.items() if code in self.taxed()}}
            price = max(to_cents(price - cost - costs - sum(taxes.values())), Decimal("0.00"))
        self.add(rule, price, facts)

    def taxed(self) -> set[TaxCode]:
        """The seller's taxes on the transfer shown among the income tax's facts (all of them, but for housing
        between individuals only the surcharges, as before: stamp duty and land VAT are exempt there)."""
        if self.facts.individual_sells_housing:
            return {TaxCode.SURCHARGES}
        return {TaxCode.SURCHARGES, TaxCode.STAMP_DUTY, TaxCode.LAND_VAT}

    def land_vat(self, rule: Rule | None) -> None:
        f = self.facts
        if rule is None or rule.method != "scale":
            self.add(rule, self.price_excl_vat, self.parties())
        elif f.held_years is None:
            self.refer(TaxCode.LAND_VAT, S, NO_YEARS)
        else:
            taxes = self.amount(TaxCode.SURCHARGES, S) + self.amount(TaxCode.STAMP_DUTY, S)
            due = land_vat(self.price_excl_vat, to_cents(f.seller_original_cost), f.held_years, taxes)
            self.lines[(TaxCode.LAND_VAT, S)] = TaxLine(TaxCode.LAND_VAT, S, due.gain, due.rate, due.amount,
                                                        rule.rule_id, rule.reference, self.parties() | due.facts)

    def holding(self, years: int) -> dict[str, str]:
        f = self.facts
        if f.seller_kind is SellerKind.ENTERPRISE or f.seller_acquired_on is None:
            return {"seller": f.seller_kind.value}
        return {"acquired_on": f.seller_acquired_on.isoformat(), "held_years": str(f.held_years),
                f"anniversary_{years}y": anniversary(f.seller_acquired_on, years).isoformat()}

    def deed_tax_facts(self) -> dict[str, str]:
        f = self.facts
        facts = self.parties() | {"area_m2": f"{f.area_m2:.2f}", "price_excl_vat": decimal_text(self.price_excl_vat),
                                  "price_excl_vat_from": self.source}
        if f.home is not None:
            facts["home"] = f.home.value
        return facts

    def parties(self) -> dict[str, str]:
        f = self.facts
        return {"use": f.use.value, "buyer": f.buyer_kind.value, "seller": f.seller_kind.value}

    def fee_line(self) -> TaxLine:
        due = registration_fee(self.facts)
        return TaxLine(TaxCode.REGISTRATION_FEE, B, due.scheduled, due.rate, due.amount, due.rule_id,
                       due.reference, due.facts)
