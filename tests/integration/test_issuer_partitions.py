"""REGISTRY_SEAL_PROCESSES=2: two issuer loops seal in two worker processes. Every registration is
still issued exactly once, each unit's documents in order, and the documents are as valid as ever."""

from __future__ import annotations

from collections import Counter

import pytest

from adapters.clock import FixedClock
from adapters.instance import load_settings
from events import certificate as certificate_events
from registry.kernel import ids
from registry.kernel.actors import Actor, Role
from registry.mortgages.commands import consent_to_filing, file_mortgage
from registry.register_book import commands as units
from tests.builders import (
    CHEN_GANG,
    GULOU_FLAT,
    ICBC,
    MONDAY_MORNING,
    TAIJIANG_FLAT,
    ZHANG_WEI,
    mortgage_kwargs,
    sole,
    unit_kwargs,
)
from tests.pdftools import pdfsig
from web.bootstrap import build_platform

ADMIN = Actor("admin", Role.ADMIN)


@pytest.fixture
def platform(tmp_path):
    settings = load_settings({"INSTANCE_PATH": str(tmp_path / "instance"), "SEAL_PROCESSES": "2"})
    built = build_platform(settings, clock=FixedClock(MONDAY_MORNING))
    now = built.clock.now()
    built.accounts.add_org("fz-registry", "registry", "福州市不动产登记中心", province="闽", city="福州市", now=now)
    built.accounts.add_org(ICBC, "bank", "中国工商银行福州分行", now=now)
    built.banks.accredit(ICBC, "fz-registry", now)
    built.start_worker_thread()
    yield built
    built.close()


def issued(platform) -> Counter:
    """How many times each certificate number was issued, from the event log."""
    app = platform.registry
    events = [app.mapper.to_domain_event(n) for n in app.recorder.select_notifications(start=1, limit=10_000)]
    return Counter(e.number for e in events if isinstance(e, certificate_events.Issued))


def test_two_issuer_loops_seal_in_processes_and_issue_every_document_once(platform, tmp_path):
    app = platform.registry
    units.register_unit(app, ADMIN, **unit_kwargs())
    units.register_unit(app, ADMIN, **unit_kwargs(unit_number=TAIJIANG_FLAT, owners=sole(CHEN_GANG)))
    icbc = Actor("icbc", Role.BANK_STAFF, org=ICBC)
    filed = file_mortgage(app, icbc, **mortgage_kwargs("ICBC-2026-0001"))
    consent_to_filing(app, Actor("zhangwei", Role.APPLICANT, id_number=ZHANG_WEI.id_number), filed.id)
    platform.wait_until_idle(timeout=120)

    proof_number = app.get_filing(filed.id).proof_numbers[0]
    counts = issued(platform)
    assert counts == {app.get_unit(GULOU_FLAT).certificate_number: 1,
                      app.get_unit(TAIJIANG_FLAT).certificate_number: 1, proof_number: 1}
    assert {name for name in platform.issuer.positions()} | \
        {name for w in platform.more_issuers for name in w.positions()} == \
        {"issue_certificates", "issue_certificates_1"}
    proof = platform.documents.get(str(ids.certificate_id(proof_number)))
    report = pdfsig(proof, platform.settings.instance_path / "pki" / "root.pem", tmp_path)
    assert "Signature is Valid" in report and "Certificate is Trusted" in report
