"""Instant approval (秒批) of a transfer: each named rule on a hand-built case and page, then the decision when
Zhang Wei's sale to Li Na is settled — registered by rule, or referred to the registrar with the reasons."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

import pytest

from adapters.transcodings import all_transcodings
from registry.application import Registry
from registry.kernel.codes import CaseState, CertificateKind, Supplement
from registry.kernel.values import Owner, Person
from registry.mortgages.values import PreNotice
from registry.register_book import commands as units
from registry.transfers import commands as transfers
from registry.transfers import rules
from registry.transfers.rules import RULESET, Facts, evaluate
from tests.builders import (
    GULOU_FLAT,
    ICBC,
    LI_NA,
    WANG_FANG,
    ZHANG_WEI,
    housing_loan,
    sole,
    transfer_kwargs,
    unit_kwargs,
)
from tests.fakes import DictDocuments, TaxReleasedByRule
from tests.unit.conftest import FUZHOU

PDF = b"%PDF-1.7\n" + b"1 0 obj\n" * 8 + b"%%EOF\n"


@dataclass
class PageOf:
    """The parts of a register-book page the rules read."""

    owners: list[Owner] = field(default_factory=lambda: sole(ZHANG_WEI))
    locks: dict[str, str] = field(default_factory=dict)
    objections: tuple[str, ...] = ()
    mortgages: tuple = ()
    first_registered_on: date | None = date(2018, 5, 20)


@dataclass
class CaseOf:
    """The parts of a settled transfer case the rules read."""

    unit_number: str = GULOU_FLAT
    sellers: list[Person] = field(default_factory=lambda: [ZHANG_WEI])
    buyers: list[Owner] = field(default_factory=lambda: sole(LI_NA))
    state: CaseState = CaseState.PENDING_REVIEW
    judicial: dict | None = None
    attachments: tuple = ({"kind": "id_document"}, {"kind": "contract"})
    returned: dict | None = None
    mortgage_parts: tuple = ()
    mandates: tuple = ()


def facts(**changes: object) -> Facts:
    given = {"unit": PageOf(), "pre_notices": [], "taxes_released_by_rule": True,
             "instant_kinds": frozenset({"resale_residential"}), "today": date(2026, 3, 16),
             "case_kind": "resale_residential", "required_documents": (Supplement.ID_DOCUMENT, Supplement.CONTRACT),
             **changes}
    return Facts(**given)


def outcome(rule, case=None, **fact_changes):
    return rule(case or CaseOf(), facts(**fact_changes))


def test_a_clean_resale_passes_every_rule():
    assert [o.verdict for o in evaluate(CaseOf(), facts())] == ["pass"] * len(rules.RULES)


def test_a_case_kind_switched_off_is_left_to_the_registrar():
    found = outcome(rules.instant_approval_on, instant_kinds=frozenset())
    assert (found.verdict, found.message) == ("warn", "instant approval is switched off for resale_residential cases")


def test_a_court_ruling_is_never_registered_by_rule():
    assert outcome(rules.not_judicial, CaseOf(judicial={"ruling_number": "(2026)闽0102执恢12号"})).verdict == "warn"


@pytest.mark.parametrize("sellers", [[ZHANG_WEI, WANG_FANG], [WANG_FANG], [Person("张伟", WANG_FANG.id_number)]])
def test_sellers_who_are_not_exactly_the_owners_fail(sellers):
    assert outcome(rules.sellers_are_owners, CaseOf(sellers=sellers)).verdict == "fail"


def test_a_seizure_on_the_flat_fails_naming_the_court():
    found = outcome(rules.no_seizure_or_lock, unit=PageOf(locks={"(2026)闽0102执保88号": "福州市鼓楼区人民法院"}))
    assert found.verdict == "fail" and "福州市鼓楼区人民法院" in found.message


def test_an_objection_on_record_warns_the_registrar():
    assert outcome(rules.no_objection, unit=PageOf(objections=("YY-2026-001",))).verdict == "warn"


def test_a_live_pre_notice_for_other_purchasers_fails_and_lapses_after_ninety_days():
    other = PreNotice(filing_id="f-1", bank=ICBC, bank_name="中国工商银行福州分行", purchasers=(WANG_FANG,),
                      terms=housing_loan(), proof_number="闽(2026)福州市不动产证明第0000001号", location="")
    fresh = PageOf(first_registered_on=date(2026, 3, 1))
    assert outcome(rules.no_pre_notice_for_someone_else, unit=fresh, pre_notices=[other]).verdict == "fail"
    buyers_own = replace(other, purchasers=(LI_NA,))
    assert outcome(rules.no_pre_notice_for_someone_else, unit=fresh, pre_notices=[buyers_own]).verdict == "pass"
    assert outcome(rules.no_pre_notice_for_someone_else, pre_notices=[other]).verdict == "pass"  # since 2018


def test_a_mortgage_on_the_flat_warns_and_one_agreed_not_to_transfer_fails():
    @dataclass
    class Live:
        terms: object
        proof_number: str = "闽(2025)福州市不动产证明第0000042号"

    assert outcome(rules.no_mortgage_on_the_unit, unit=PageOf(mortgages=(Live(housing_loan()),))).verdict == "warn"
    restricted = Live(replace(housing_loan(), transfer_restricted=True))
    assert outcome(rules.no_mortgage_on_the_unit, unit=PageOf(mortgages=(restricted,))).verdict == "fail"


def test_taxes_released_by_a_tax_officer_are_left_to_the_registrar():
    assert outcome(rules.taxes_released_by_rule, taxes_released_by_rule=False).verdict == "warn"


def test_an_unsettled_case_fails_payment_cleared():
    assert outcome(rules.payment_cleared, CaseOf(state=CaseState.AWAITING_SETTLEMENT)).verdict == "fail"


def test_a_missing_contract_is_named():
    found = outcome(rules.documents_present, CaseOf(attachments=({"kind": "id_document"},)))
    assert (found.verdict, found.message) == ("warn", "missing documents: contract")
    assert outcome(rules.documents_present, required_documents=(Supplement.MARRIAGE_PROOF,)).verdict == "warn"


def test_a_case_returned_for_supplement_stays_with_the_registrar():
    assert outcome(rules.no_open_return, CaseOf(returned={"missing": ["contract"]})).verdict == "warn"


def test_an_agents_case_waits_for_the_principals_confirmation():
    mandate = {"principal_name": "张伟", "principal_id_number": ZHANG_WEI.id_number, "confirmed_at": None}
    found = outcome(rules.mandates_confirmed, CaseOf(mandates=(mandate,)))
    assert (found.verdict, found.message) == ("warn", "the agent's mandate is not confirmed yet by 张伟")


def test_bank_parts_of_a_transfer_with_mortgage_are_left_to_the_registrar():
    assert outcome(rules.no_mortgage_parts, CaseOf(mortgage_parts=("filing-1",))).verdict == "warn"


# -- the decision when the case is settled ----------------------------------------------------------
@pytest.fixture
def instant_app(clock, banks):
    return Registry(clock=clock, offices={"fz-registry": FUZHOU}, transcodings=all_transcodings(),
                    env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, banks=banks, taxes=TaxReleasedByRule())


def settled(app, registrar, buyer, documents=(Supplement.ID_DOCUMENT, Supplement.CONTRACT)):
    units.register_unit(app, registrar, **unit_kwargs())
    case_id = transfers.submit_transfer(app, buyer, **transfer_kwargs()).id
    for kind in documents:
        transfers.attach_document(app, DictDocuments(), buyer, case_id, kind=kind, filename=f"{kind.value}.pdf",
                                  declared_type="application/pdf", content=PDF + kind.value.encode())
    transfers.record_settlement(app, case_id, reference="paid:R-0001")
    return app.get_case(case_id)


def test_a_clean_case_is_registered_by_rule_when_settled(instant_app, registrar, buyer):
    case = settled(instant_app, registrar, buyer)
    approved = list(instant_app.events.get(case.id))[-1]
    assert case.state is CaseState.APPROVED and case.certificate_number == "闽(2026)福州市不动产权第0000002号"
    assert (approved.registrar, approved.by_rule, approved.ruleset) == ("rule", True, RULESET)
    assert {o.verdict for o in approved.outcomes} == {"pass"} and len(approved.outcomes) == len(rules.RULES)
    unit = instant_app.get_unit(GULOU_FLAT)
    assert [o.person for o in unit.owners] == [LI_NA] and unit.certificate_number == case.certificate_number
    assert GULOU_FLAT in instant_app.holdings_of(LI_NA.id_number).homes()
    assert GULOU_FLAT not in instant_app.holdings_of(ZHANG_WEI.id_number).homes()
    assert instant_app.sequence("fz-registry", CertificateKind.OWNERSHIP).last_serial == 2


def test_a_case_without_its_contract_is_referred_with_the_reason(instant_app, registrar, buyer):
    case = settled(instant_app, registrar, buyer, documents=(Supplement.ID_DOCUMENT,))
    assert case.state is CaseState.PENDING_REVIEW
    assert [(o.rule, o.message) for o in case.referred if o.verdict != "pass"] == [
        ("documents_present", "missing documents: contract")]
    assert [o.person for o in instant_app.get_unit(GULOU_FLAT).owners] == [ZHANG_WEI]


def test_old_approved_events_load_as_a_registrars_approval():
    from events.transfer import Approved

    state = {"registrar": "registrar-lin", "certificate_number": "闽(2025)福州市不动产权第0000009号"}
    Approved.upcast_v1_v2(state)
    assert state == {"registrar": "registrar-lin", "certificate_number": "闽(2025)福州市不动产权第0000009号",
                     "by_rule": False, "ruleset": "", "outcomes": []}

