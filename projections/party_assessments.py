"""What each party of a transfer case sees of its tax assessment (the applicant's case page and answer): its
own family's data only, as ``assessment_seen_by`` says in full."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

SELLER, BUYER = "seller", "buyer"
SELLER_FACTS = ("contract_date", "price", "area_m2", "use", "seller_acquired_on", "seller_only_home", "seller_homes",
                "seller_original_cost", "rule_set", "judicial_auction", "buyer_kind", "seller_kind")
SELLER_FAMILY_FACTS = ("seller_homes", "seller_only_home")  # the selling family's homes: not the buyer's business


def assessment_seen_by(case: dict[str, Any], assessment: dict[str, Any] | None) -> dict[str, Any] | None:
    """The case's tax assessment as this applicant may see it: each party sees its own family's data only.

    A seller (or the former owner of an auctioned flat) sees the lines assessed on the seller (VAT, surcharges,
    income tax: taxes on the sale, whoever pays them), the sale's own facts and the seller's declarations; not
    the buyer's deed tax, nor the buyer family's homes that set its rate, nor the buyer's relief claim. A buyer
    sees every line (they may carry the seller's taxes by contract) but not the selling family's homes: of the
    seller's declarations only what was claimed and how it was decided, not the reason, which names them.
    Someone on both sides sees everything."""
    if assessment is None or {SELLER, BUYER} <= set(case["my_roles"]):
        return assessment
    if BUYER in case["my_roles"]:
        return _seen_by_buyer(assessment)
    return _seen_by_seller(assessment)


def _seen_by_buyer(assessment: dict[str, Any]) -> dict[str, Any]:
    facts = {k: v for k, v in assessment["facts"].items() if k not in SELLER_FAMILY_FACTS}
    declarations = [d if d["party"] == BUYER else {**d, "reason": None} for d in assessment["declarations"]]
    return {**assessment, "facts": facts, "declarations": declarations}


def _seen_by_seller(assessment: dict[str, Any]) -> dict[str, Any]:
    facts = {k: v for k, v in assessment["facts"].items() if k in SELLER_FACTS}
    facts["not_assessed"] = [n for n in assessment["facts"].get("not_assessed", []) if n["payer"] == SELLER]
    referred = [r for r in assessment.get("referred", []) if r["payer"] == SELLER]
    lines = [line for line in assessment["lines"] if line["payer"] == SELLER]
    seen = {k: v for k, v in assessment.items() if k not in ("payer_key", "payer_name")}
    return {**seen, "lines": lines, "total": str(sum((Decimal(line["amount"]) for line in lines), Decimal("0.00"))),
            "facts": facts, "adjustments": [a for a in assessment["adjustments"] if a["payer"] == SELLER],
            "referred": referred,
            "declarations": [d for d in assessment["declarations"] if d["party"] == SELLER]}
