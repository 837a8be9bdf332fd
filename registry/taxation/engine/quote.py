"""The tax quote: picks each row of the rule table in force on the contract date and computes its line.

Order of work, since each step feeds the next: VAT (gives the price excluding VAT) → surcharges (on the
VAT) → income tax (deducts the surcharges) → deed tax (on the price excluding VAT) → stamp duty, land VAT
→ registration fee. Every line is rounded to cents before the totals.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from registry.taxation.engine.facts import NoRuleInForce, Payer, SellerKind, TaxCode, TaxFacts, anniversary
from registry.taxation.engine.fees import FEE_EXEMPTIONS, FEE_RULES, registration_fee
from registry.taxation.engine.results import NotAssessed, RuleSet, TaxLine, TaxQuote, decimal_text, to_cents
from registry.taxation.engine.rule_table import FIRST_DAY, RULES, Rule, pick
from registry.taxation.engine.settings import FUZHOU, TaxSettings

B, S = Payer.BUYER, Payer.SELLER
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
        self.missing: list[NotAssessed] = []

    def build(self, rule_set: RuleSet) -> TaxQuote:
        f = self.facts
        vat_rule = self.rule(TaxCode.VAT, S)
        if f.vat_computed_here and vat_rule is None:
            raise NoRuleInForce("before 2016-05-01 a sale of housing paid business tax, not VAT; no rules for it "
                                "are held here, the tax office assesses it by hand", field="contract_date")
        self.price_excl_vat, source = self.exclude_vat(vat_rule)
        self.vat(vat_rule)
        self.surcharges(self.rule(TaxCode.SURCHARGES, S))
        self.income_tax(self.rule(TaxCode.INCOME_TAX, S))
        self.add(self.rule(TaxCode.DEED_TAX, B), self.price_excl_vat, self.deed_tax_facts(source))
        for code, payer in ((TaxCode.STAMP_DUTY, B), (TaxCode.STAMP_DUTY, S), (TaxCode.LAND_VAT, S)):
            self.add(self.rule(code, payer), self.price_excl_vat, self.parties())
        ordered = [self.lines[slot] for slot in SLOTS if slot in self.lines]
        ordered.insert(sum(1 for line in ordered if line.payer is B), self.fee_line())
        return TaxQuote.build(f, self.settings, rule_set, ordered, self.missing)

    # -- rows and lines -------------------------------------------------------------------------------

    def rule(self, code: TaxCode, payer: Payer) -> Rule | None:
        found = pick(code, payer, self.facts)
        if found is None:
            self.missing.append(NotAssessed(code, payer, self.why_missing()))
        return found

    def why_missing(self) -> str:
        f = self.facts
        return (f"no rule is held for a {f.use.value.replace('_', ' ')} unit bought by {f.buyer_kind.value} "
                f"from {f.seller_kind.value}; the tax office assesses it")

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

    def exclude_vat(self, vat_rule: Rule | None) -> tuple[Decimal, str]:
        f = self.facts
        if f.vat_computed_here and vat_rule is not None and vat_rule.rate > 0:
            return to_cents(f.price / (1 + vat_rule.rate)), f"price / {decimal_text(1 + vat_rule.rate)}"
        if f.price_excl_vat is not None:
            return to_cents(f.price_excl_vat), "seller's invoice"
        return to_cents(f.price), "price (VAT exempt)" if f.vat_computed_here else "price (VAT not computed here)"

    def vat(self, rule: Rule | None) -> None:
        self.add(rule, self.price_excl_vat, self.holding(2) | {"price": decimal_text(to_cents(self.facts.price))})

    def surcharges(self, rule: Rule | None) -> None:
        vat = self.amount(TaxCode.VAT, S)
        self.add(rule, vat, {"vat": decimal_text(vat)})

    def income_tax(self, rule: Rule | None) -> None:
        if rule is None:
            return
        f, price = self.facts, self.price_excl_vat
        facts = self.holding(5) | {"only_home": "yes" if f.seller_only_home else "no",
                                   "price_excl_vat": decimal_text(price)}
        if rule.rule_id == "income_tax.proved_cost":
            cost, costs = (to_cents(f.seller_original_cost or Decimal(0)),
                           to_cents(f.seller_reasonable_costs or Decimal(0)))
            surcharges = self.amount(TaxCode.SURCHARGES, S)
            facts |= {"original_cost": decimal_text(cost), "reasonable_costs": decimal_text(costs),
                      "surcharges": decimal_text(surcharges)}
            price = max(to_cents(price - cost - costs - surcharges), Decimal("0.00"))
        self.add(rule, price, facts)

    def holding(self, years: int) -> dict[str, str]:
        f = self.facts
        if f.seller_kind is SellerKind.ENTERPRISE or f.seller_acquired_on is None:
            return {"seller": f.seller_kind.value}
        return {"acquired_on": f.seller_acquired_on.isoformat(), "held_years": str(f.held_years),
                f"anniversary_{years}y": anniversary(f.seller_acquired_on, years).isoformat()}

    def deed_tax_facts(self, source: str) -> dict[str, str]:
        f = self.facts
        facts = self.parties() | {"area_m2": f"{f.area_m2:.2f}", "price_excl_vat": decimal_text(self.price_excl_vat),
                                  "price_excl_vat_from": source}
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
