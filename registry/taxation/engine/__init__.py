"""Taxes and the registration fee of a transfer, computed from dated rule data (standard library only).

    from registry.taxation.engine import TaxFacts, TaxSettings, quote
    result = quote(TaxFacts(...), TaxSettings(surcharge_rate=Decimal("0.06")))
    result.lines, result.totals, result.to_dict()
"""

from registry.taxation.engine.facts import BuyerKind, NoRuleInForce, Payer, SellerKind, TaxCode, TaxFacts
from registry.taxation.engine.fees import FEE_EXEMPTIONS, FEE_RULES
from registry.taxation.engine.quote import quote, rule_set_on
from registry.taxation.engine.results import Referred, RuleSet, TaxLine, TaxQuote, Totals
from registry.taxation.engine.rule_table import FIRST_DAY, RULES, Rule
from registry.taxation.engine.settings import FUZHOU, SURCHARGE_RATES, TaxSettings

__all__ = ["FEE_EXEMPTIONS", "FEE_RULES", "FIRST_DAY", "FUZHOU", "RULES", "SURCHARGE_RATES", "BuyerKind",
           "NoRuleInForce", "Payer", "Referred", "Rule", "RuleSet", "SellerKind", "TaxCode", "TaxFacts",
           "TaxLine", "TaxQuote", "TaxSettings", "Totals", "quote", "rule_set_on"]
