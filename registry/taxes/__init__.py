"""Taxes and the registration fee of a transfer, computed from dated rule data (standard library only).

    from registry.taxes import TaxFacts, TaxSettings, quote
    result = quote(TaxFacts(...), TaxSettings(surcharge_rate=Decimal("0.06")))
    result.lines, result.totals, result.to_dict()
"""

from registry.taxes.engine import quote, rule_set_on
from registry.taxes.facts import BuyerKind, NoRuleInForce, Payer, SellerKind, TaxCode, TaxFacts
from registry.taxes.fees import FEE_EXEMPTIONS, FEE_RULES
from registry.taxes.results import NotAssessed, RuleSet, TaxLine, TaxQuote, Totals
from registry.taxes.rules import FIRST_DAY, RULES, Rule
from registry.taxes.settings import FUZHOU, SURCHARGE_RATES, TaxSettings

__all__ = ["FEE_EXEMPTIONS", "FEE_RULES", "FIRST_DAY", "FUZHOU", "RULES", "SURCHARGE_RATES", "BuyerKind",
           "NoRuleInForce", "NotAssessed", "Payer", "Rule", "RuleSet", "SellerKind", "TaxCode", "TaxFacts",
           "TaxLine", "TaxQuote", "TaxSettings", "Totals", "quote", "rule_set_on"]
