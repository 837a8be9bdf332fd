"""Public tax quotes: what a sale will cost each side, line by line with the rule behind each line.

No login; rate-limited per address like the other public lookups. Uses the Fuzhou settings (surcharges
halved to 6%, deemed income tax 1%) unless ``surcharge_rate`` asks for the full 12%.
"""

from __future__ import annotations

from decimal import Decimal

from marshmallow import fields, validate

from registry.kernel.codes import Use
from registry.taxation.engine import FUZHOU, SURCHARGE_RATES, BuyerKind, SellerKind, TaxFacts, TaxSettings, quote
from web.api.answers import answers
from web.api.answers.taxes import TaxQuote
from web.parsing import Blueprint
from web.ratelimit import limit_public
from web.shared.schemas import Area, GateSchema, Money, NonNegativeMoney

blp = Blueprint("tax", __name__, url_prefix="/api/v1/tax", description="Tax and fee quotes (税费试算)")


def Count(minimum: int, maximum: int, **kwargs) -> fields.Integer:  # noqa: N802 - reads like a field type
    return fields.Integer(strict=True, validate=validate.Range(min=minimum, max=maximum), **kwargs)


class TaxQuoteRequestSchema(GateSchema):
    contract_date = fields.Date(required=True, metadata={"description": "picks the rule set; from 2016-02-22"})
    price = Money(required=True, metadata={"description": "contract price incl. VAT, yuan, e.g. \"2000000.00\""})
    area_m2 = Area(required=True, metadata={"description": "building area in m², e.g. \"120.00\""})
    use = fields.Enum(Use, by_value=True, required=True)
    buyer_kind = fields.Enum(BuyerKind, by_value=True, required=True)
    buyer_homes_before = Count(0, 1000, required=True,
                               metadata={"description": "homes the buyer's family owns now: 0 → first home"})
    seller_kind = fields.Enum(SellerKind, by_value=True, required=True,
                              metadata={"description": "enterprise: VAT at the general rate, its income tax "
                                                       "self-filed for the year"})
    seller_acquired_on = fields.Date(load_default=None,
                                     metadata={"description": "certificate date; required for an individual"})
    seller_only_home = fields.Boolean(load_default=False, truthy={True}, falsy={False},
                                      metadata={"description": "the seller family's only home (满五唯一)"})
    seller_original_cost = NonNegativeMoney(load_default=None,
                                            metadata={"description": "proved original cost; else deemed income "
                                                                     "tax, and land VAT is referred"})
    seller_reasonable_costs = NonNegativeMoney(load_default=None)
    price_excl_vat = Money(load_default=None, metadata={
        "description": "enterprise seller only: the invoice amount excluding VAT (the base of its VAT)"})
    certificates = Count(1, 20, load_default=1, metadata={"description": "1, or one per co-owner on request"})
    surcharge_rate = fields.String(load_default=str(FUZHOU.surcharge_rate),
                                   validate=validate.OneOf([str(rate) for rate in SURCHARGE_RATES]))


@blp.route("/quotes", methods=["POST"])
@limit_public
@blp.arguments(TaxQuoteRequestSchema)
@answers(blp, 200, TaxQuote, refuses=(400, 422, 429))
def create_quote(data: dict) -> dict:
    """Deed tax, VAT, surcharges, income tax, stamp duty, land VAT and the registration fee; amounts are
    decimal strings; ``referred`` lists the lines the rules cannot compute, each with its reason and the law
    that leaves it to the tax officer (``complete`` is false then)."""
    settings = TaxSettings(surcharge_rate=Decimal(data.pop("surcharge_rate")),
                           deemed_income_tax_rate=FUZHOU.deemed_income_tax_rate)
    return quote(TaxFacts(**data), settings).to_dict()
