"""What the registry reads of the tax bureau before instant approval (秒批): whether a case's taxes were released
by rule, with no tax officer's decision on them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from adapters.clock import FixedClock
from adapters.transcodings import all_transcodings
from registry.taxation.app import ReleasedByRule, Taxation
from registry.transfers.values import TaxClaims
from tests.builders import MONDAY_MORNING
from tests.unit.test_tax_declarations import AT, E1, E1_TWO_HOMES, OFFICER, RATES, issue


@pytest.fixture
def taxation():
    return Taxation(clock=FixedClock(MONDAY_MORNING), transcodings=all_transcodings(),
                    env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


def test_taxes_computed_with_nothing_to_decide_are_released_by_rule(taxation):
    taxation.save(issue(E1))
    assert ReleasedByRule(taxation).released_by_rule("case-1") is True


def test_taxes_released_by_the_officers_decision_on_a_claim_are_not_by_rule(taxation):
    assessment = issue(E1_TWO_HOMES, TaxClaims(only_home_five_years=True))
    assessment.decide(kind="only_home_five_years", accepted=True, reason="住房信息系统查无其他住房", by=OFFICER,
                      at=AT, rates=RATES)
    taxation.save(assessment)
    assert ReleasedByRule(taxation).released_by_rule("case-1") is False


def test_an_officers_adjustment_after_the_release_by_rule_counts_as_a_decision(taxation):
    assessment = issue(E1)
    assessment.adjust(code="deed_tax", amount=Decimal("19000.00"), reason="核定计税价格", by=OFFICER, at=AT)
    taxation.save(assessment)
    assert ReleasedByRule(taxation).released_by_rule("case-1") is False


def test_a_case_the_tax_bureau_has_not_assessed_is_not_released_by_rule(taxation):
    assert ReleasedByRule(taxation).released_by_rule("case-unknown") is False
