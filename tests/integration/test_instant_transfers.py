"""Instant approval (秒批) of transfers on both stores: Zhang Wei's clean sale to Li Na is registered by rule
when it is settled, with the rule set and every outcome in the stored event; a locked flat, a missing contract
or a case kind switched off goes to the registrar's queue with the reason; the registration is atomic."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from adapters.transcodings import all_transcodings
from projections import registrar as registrar_desk
from projections.registrar_checks import checks_of, with_checks
from registry.application import Registry
from registry.kernel.codes import CaseState, Supplement
from registry.kernel.errors import DomainError
from registry.register_book import commands as units
from registry.register_book.unit import Unit
from registry.transfers import commands as transfers
from registry.transfers.rules import RULES, RULESET
from tests.builders import GULOU_FLAT, LI_NA, WANG_FANG, ZHANG_WEI, sole, transfer_kwargs, unit_kwargs
from tests.fakes import DictDocuments, FakeBanks, TaxReleasedByRule
from tests.integration.conftest import OFFICES, applicant
from tests.integration.test_concurrency import race

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
BOTH = (Supplement.ID_DOCUMENT, Supplement.CONTRACT)


def instant_registry(clock, env, kinds=("resale_residential",)) -> Registry:
    return Registry(clock=clock, offices=OFFICES, transcodings=all_transcodings(), env=env, banks=FakeBanks(),
                    taxes=TaxReleasedByRule(), instant_kinds=kinds)


@pytest.fixture
def app(clock, registry_env) -> Iterator[Registry]:
    registry = instant_registry(clock, registry_env)
    yield registry
    registry.close()


def filed(app, buyer, documents=BOTH, **overrides):
    case_id = transfers.submit_transfer(app, buyer, **transfer_kwargs(**overrides)).id
    for kind in documents:
        transfers.attach_document(app, DictDocuments(), buyer, case_id, kind=kind, filename=f"{kind.value}.pdf",
                                  declared_type="application/pdf", content=PDF + kind.value.encode())
    return case_id


def paid(app, case_id):
    transfers.record_settlement(app, case_id, reference=f"paid:R-{case_id.hex[:6]}")
    return app.get_case(case_id)


def test_a_clean_resale_is_registered_by_rule_after_payment_with_the_outcomes_stored(app, clock, registry_env,
                                                                                    registrar, buyer):
    units.register_unit(app, registrar, **unit_kwargs())
    case = paid(app, filed(app, buyer))

    assert case.state is CaseState.APPROVED
    reopened = instant_registry(clock, registry_env)  # read back from the store, decrypted and decoded
    try:
        stored = [e for e in reopened.events.get(case.id) if isinstance(e, reopened.get_case(case.id).Approved)]
        assert [(e.registrar, e.by_rule, e.ruleset) for e in stored] == [("rule", True, RULESET)]
        assert [(o.rule, o.verdict) for o in stored[0].outcomes] == [(r.__name__, "pass") for r in RULES]
        page = reopened.get_unit(GULOU_FLAT)
        assert [o.person for o in page.owners] == [LI_NA] and page.certificate_number == case.certificate_number
    finally:
        reopened.close()


def test_a_locked_flat_goes_to_the_registrars_queue_with_the_reason(app, worker, views, clock, registrar, buyer):
    units.register_unit(app, registrar, **unit_kwargs())
    case_id = filed(app, buyer)
    units.lock_unit(app, registrar, unit_number=GULOU_FLAT, authority="福州市鼓楼区人民法院",
                    reference="(2026)闽0102执保88号", reason="诉前保全")
    assert paid(app, case_id).state is CaseState.PENDING_REVIEW
    worker.run_once()

    queued = with_checks(views, registrar_desk.queue(views, registrar, clock.now())).items
    assert [c["case_id"] for c in queued] == [str(case_id)]
    reasons = queued[0]["checks"]["reasons"]
    assert [(r["rule"], r["verdict"]) for r in reasons] == [("no_seizure_or_lock", "fail")]
    assert "福州市鼓楼区人民法院" in reasons[0]["message"]
    assert [o.person for o in app.get_unit(GULOU_FLAT).owners] == [ZHANG_WEI]


def test_a_case_without_its_contract_is_referred_naming_it(app, worker, views, registrar, buyer):
    units.register_unit(app, registrar, **unit_kwargs())
    case_id = filed(app, buyer, documents=(Supplement.ID_DOCUMENT,))
    paid(app, case_id)
    worker.run_once()

    checks = checks_of(views, [str(case_id)])[str(case_id)]
    assert checks["decision"] == "referred" and checks["ruleset"] == RULESET
    assert [(r["rule"], r["message"]) for r in checks["reasons"]] == [("documents_present",
                                                                       "missing documents: contract")]


def test_switched_off_for_resales_every_case_goes_to_the_registrar(clock, registry_env, registrar, buyer):
    app = instant_registry(clock, registry_env, kinds=())
    try:
        units.register_unit(app, registrar, **unit_kwargs())
        case = paid(app, filed(app, buyer))
        assert case.state is CaseState.PENDING_REVIEW
        assert [o.rule for o in case.referred if not o.passed] == ["instant_approval_on"]
        transfers.approve_transfer(app, registrar, case.id)  # the registrar decides as before
        assert app.get_case(case.id).state is CaseState.APPROVED
    finally:
        app.close()


def test_registration_by_rule_and_a_registrars_approval_of_a_rival_sale_one_wins(app, registrar, buyer):
    """Zhang Wei signed with Li Na (clean, registered by rule when paid) and with Wang Fang (referred: no
    documents); the payment hand-off and the registrar's approval race for the flat."""
    units.register_unit(app, registrar, **unit_kwargs())
    by_rule = filed(app, buyer)
    rival = filed(app, applicant(WANG_FANG), documents=(), buyers=sole(WANG_FANG), contract_number="FZ2026-000999")
    assert paid(app, rival).state is CaseState.PENDING_REVIEW

    outcomes = race(lambda: paid(app, by_rule), lambda: transfers.approve_transfer(app, registrar, rival))

    transferred = [e for e in app.events.get(app.get_unit(GULOU_FLAT).id) if isinstance(e, Unit.Transferred)]
    assert len(transferred) == 1, outcomes
    if transferred[0].case_id == str(by_rule):
        assert isinstance(outcomes[1], DomainError) and app.get_case(rival).state is CaseState.PENDING_REVIEW
    else:
        lost = app.get_case(by_rule)
        assert lost.state is CaseState.PENDING_REVIEW
        assert "sellers_are_owners" in [o.rule for o in lost.referred if not o.passed]
    states = {app.get_case(c).state for c in (by_rule, rival)}
    assert states == {CaseState.APPROVED, CaseState.PENDING_REVIEW}
