"""Lines the rules cannot compute are referred to the tax officer: never silently left out, nothing payable until
the officer assesses each (amount and reason), and assessments recorded before referrals behave as they did."""

from __future__ import annotations

from decimal import Decimal

import pytest

from events import taxation as taxation_events
from registry.kernel.errors import InvalidValue, ReasonRequired
from registry.taxation.assessment import Assessment, ReferralsOpen, ReferredLineAssessed
from registry.taxation.rules import assess_or_fail, basis_of, facts_from
from registry.transfers.values import TaxClaims
from tests.unit.test_tax_declarations import AT, RATES, issue

# Wang Fang sells her shop; the register holds no purchase price, so land VAT cannot be computed by rule
SHOP = {"contract_date": "2026-03-10", "price": "1500000.00", "area_m2": "80.00", "use": "non_residential",
        "buyer_homes_before": 0, "units_counted": [], "seller_acquired_on": "2019-05-20", "seller_only_home": False,
        "seller_homes": 2, "seller_original_cost": None, "certificates": 1,
        "buyer_kind": "individual", "seller_kind": "individual"}


def released(assessment: Assessment) -> list:
    return [e for e in assessment.collect_events() if isinstance(e, taxation_events.Released)]


def test_a_shop_without_a_proved_cost_refers_land_vat_with_its_reason_and_law_and_is_not_released():
    assessment = issue(SHOP)
    assert [(r["code"], r["payer"]) for r in assessment.facts["referred"]] == [("land_vat", "seller")]
    assert assessment.facts["referred"][0]["reference"] and "核定征收" in assessment.facts["referred"][0]["reason"]
    assert not assessment.released and released(assessment) == []
    assert "not_assessed" not in assessment.facts


def test_the_officer_assessing_the_referred_line_adds_it_and_releases_the_assessment():
    assessment = issue(SHOP)
    assessment.assess_referred(code="land_vat", payer="seller", amount=Decimal("30000.00"),
                               reason="核定征收 at 2% of the price", by="taxman", at=AT)
    line = next(x for x in assessment.lines if x.code == "land_vat")
    assert (line.amount, line.rule, line.facts["officer_reason"]) == (
        Decimal("30000.00"), "assessed_by_officer:land_vat", "核定征收 at 2% of the price")
    assert line.reference == assessment.facts["referred"][0]["reference"]
    events = released(assessment)
    assert assessment.released and len(events) == 1 and events[0].by == "taxman"
    assert any(x.code == "land_vat" for x in events[0].lines)  # the order is placed with the officer's line


@pytest.mark.parametrize("change,error", [
    (dict(amount=Decimal("-1.00")), InvalidValue), (dict(amount=Decimal("1.005")), InvalidValue),
    (dict(amount=Decimal("NaN")), InvalidValue), (dict(reason="  "), ReasonRequired),
    (dict(code="vat"), InvalidValue), (dict(payer="buyer"), InvalidValue),
])
def test_a_bad_assessment_of_a_referred_line_is_refused_and_records_nothing(change, error):
    assessment = issue(SHOP)
    assessment.collect_events()
    args = dict(code="land_vat", payer="seller", amount=Decimal("30000.00"), reason="核定", by="taxman", at=AT) | change
    with pytest.raises(error):
        assessment.assess_referred(**args)
    assert assessment.collect_events() == [] and not assessment.released
    assert not any(x.code == "land_vat" for x in assessment.lines)


def test_a_referred_line_is_assessed_once_and_then_adjusted_like_any_line():
    assessment = issue(SHOP)
    assessment.assess_referred(code="land_vat", payer="seller", amount=Decimal("30000.00"), reason="核定",
                               by="taxman", at=AT)
    with pytest.raises(ReferredLineAssessed):
        assessment.assess_referred(code="land_vat", payer="seller", amount=Decimal("1.00"), reason="again",
                                   by="taxman", at=AT)
    assessment.adjust(code="land_vat", payer="seller", amount=Decimal("28000.00"), reason="recounted",
                      by="taxman", at=AT)
    assert next(x for x in assessment.lines if x.code == "land_vat").amount == Decimal("28000.00")


def test_the_whole_assessment_cannot_be_confirmed_while_a_line_is_referred():
    with pytest.raises(ReferralsOpen):
        issue(SHOP).confirm(by="taxman", at=AT)


def test_refusing_a_claimed_cost_refers_land_vat_again_and_keeps_nothing_payable():
    claimed = issue(SHOP, TaxClaims(original_cost=Decimal("1000000.00")))  # pending: land VAT by rule meanwhile
    assert claimed.facts["referred"] == [] and any(x.code == "land_vat" for x in claimed.lines)
    claimed.decide(kind="original_cost", accepted=False, reason="no invoice", by="taxman", at=AT, rates=RATES)
    assert [(r["code"], r["payer"]) for r in claimed.facts["referred"]] == [("land_vat", "seller")]
    assert not claimed.released and not any(x.code == "land_vat" for x in claimed.lines)


def test_an_assessment_recorded_with_not_assessed_items_is_released_by_rule_as_before():
    old = {k: v for k, v in SHOP.items() if k not in ("buyer_kind", "seller_kind")} | {"use": "residential"}
    lines, recorded, _ = assess_or_fail(old, [], RATES)
    facts = {k: v for k, v in recorded.items() if k != "referred"} | {
        "not_assessed": [{"code": "stamp_duty", "payer": "buyer", "reason": "no rule is held"}]}
    assessment = issue(old, facts=facts)
    assert assessment.released and assessment.open_referrals() == []
    assert assessment.facts["not_assessed"][0]["code"] == "stamp_duty"


class OldSubmission:
    """A submitted transfer as recorded before the parties' kinds were (no ``buyer_kind`` / ``seller_kind``)."""

    def __init__(self, **kinds: str) -> None:
        from datetime import date

        from registry.kernel.codes import Use
        self.contract_date, self.price, self.unit_area, self.unit_use = date(2026, 3, 10), Decimal("1090000.00"), \
            Decimal("100.00"), Use.NON_RESIDENTIAL
        self.home_counts, self.seller_acquired_on, self.seller_homes = [], None, 0
        self.seller_original_cost, self.certificates_wanted = None, 1
        self.__dict__.update(kinds)


def test_the_basis_reads_the_parties_kinds_and_an_event_without_them_is_between_individuals():
    assert basis_of(OldSubmission())["seller_kind"] == "individual"
    firm = basis_of(OldSubmission(seller_kind="enterprise", buyer_kind="small_micro_enterprise"))
    facts = facts_from(firm)
    assert (facts.seller_kind.value, facts.buyer_kind.value) == ("enterprise", "small_micro_enterprise")
    old_basis = {k: v for k, v in firm.items() if k not in ("buyer_kind", "seller_kind")}
    with pytest.raises(InvalidValue):  # an individual seller needs an acquisition date: read as individual
        facts_from(old_basis)


def test_an_unknown_kind_of_seller_is_a_named_failure_not_a_crash():
    lines, _, failure = assess_or_fail(SHOP | {"seller_kind": "charity"}, [], RATES)
    assert lines == [] and failure["field"] == "seller_kind"


def test_an_adjusted_referred_line_stays_assessed_when_a_refusal_recomputes_the_lines():
    claimed = issue(SHOP | {"seller_original_cost": None}, TaxClaims(reasonable_costs=None,
                                                                      only_home_five_years=True))
    claimed.assess_referred(code="land_vat", payer="seller", amount=Decimal("30000.00"), reason="核定",
                            by="taxman", at=AT)
    claimed.adjust(code="land_vat", payer="seller", amount=Decimal("28000.00"), reason="recounted", by="taxman",
                   at=AT)
    assert not claimed.released  # 满五唯一 still waits
    claimed.decide(kind="only_home_five_years", accepted=False, reason="a shop is no home", by="taxman", at=AT,
                   rates=RATES)
    assert claimed.open_referrals() == [] and claimed.released
    assert next(x for x in claimed.lines if x.code == "land_vat").amount == Decimal("28000.00")
