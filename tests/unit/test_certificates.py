"""Issuing certificates when registrations complete, and their status over time."""

from uuid import UUID

import pytest

from registry.certificates import commands as certificates
from registry.certificates.certificate import Certificate
from registry.certificates.content import identifier_is_valid
from registry.certificates.issuer import IssueCertificates
from registry.certificates.roll import CertificateRoll
from registry.kernel.codes import CertificateStatus
from registry.kernel.errors import CertificateNotCurrent, ReasonRequired, UnknownCertificate
from registry.register_book import commands as units
from registry.transfers import commands as transfers
from tests.builders import GULOU_FLAT, LI_NA, WANG_FANG, ZHANG_WEI, halves, transfer_kwargs, unit_kwargs
from tests.fakes import DictDocuments, FakePress


@pytest.fixture
def press():
    return FakePress()


@pytest.fixture
def documents():
    return DictDocuments()


@pytest.fixture
def issue(app, press, documents):
    """Run the issuance policy over every notification so far, like the worker does."""
    policy = IssueCertificates(app, press, documents, public_url="http://127.0.0.1:8000")
    seen = {"position": 0}

    def run():
        for n in app.recorder.select_notifications(start=seen["position"] + 1, limit=1000):
            policy.process(app.mapper.to_domain_event(n), n.id)
            seen["position"] = n.id
    return run


def roll(app, unit_number=GULOU_FLAT):
    return app.repository.get(CertificateRoll.create_id(unit_number))


def current(app, unit_number=GULOU_FLAT):
    return [app.repository.get(UUID(i)) for i in roll(app, unit_number).current]


def approve_transfer(app, buyer, registrar, **overrides):
    receipt = transfers.submit_transfer(app, buyer, **transfer_kwargs(**overrides))
    transfers.record_settlement(app, receipt.id, "no-charge")
    return transfers.approve_transfer(app, registrar, receipt.id)


def test_first_registration_issues_an_ownership_certificate_naming_its_event(app, registrar, issue, press):
    units.register_unit(app, registrar, **unit_kwargs())
    issue()
    [certificate] = current(app)
    assert certificate.number == "闽(2026)福州市不动产权第0000001号"
    assert certificate.status is CertificateStatus.CURRENT
    [content] = press.pressed
    assert content.derived_from.aggregate_id == str(app.get_unit(GULOU_FLAT).id)
    assert content.derived_from.version == 1 and content.derived_from.notification_id == 1
    assert identifier_is_valid(content.identifier)
    assert content.verify_url.startswith("HTTP://127.0.0.1:8000/V/" + certificate.id.hex.upper() + "/")


def test_transfer_supersedes_the_old_certificate_naming_the_superseding_event(app, registrar, buyer, issue):
    units.register_unit(app, registrar, **unit_kwargs())
    issue()
    [old] = current(app)
    approve_transfer(app, buyer, registrar)
    issue()
    [new] = current(app)
    assert [o.person for o in new.holders] == [LI_NA]
    old = app.repository.get(old.id)
    assert old.status is CertificateStatus.SUPERSEDED
    superseded = [e for e in app.events.get(old.id) if type(e).__name__ == "Superseded"][0]
    assert superseded.by_certificate == str(new.id)
    assert superseded.by_event.aggregate_id == str(app.get_unit(GULOU_FLAT).id)
    assert superseded.by_event.version == 2


def test_co_owners_asking_for_one_each_get_their_own_numbers(app, registrar, seller, issue, press):
    units.register_unit(app, registrar, **unit_kwargs())
    buyers = halves(LI_NA, WANG_FANG)
    receipt = transfers.submit_transfer(app, seller, **{**transfer_kwargs(buyers=buyers), "certificates_wanted": 2})
    transfers.record_settlement(app, receipt.id, "no-charge")
    transfers.approve_transfer(app, registrar, receipt.id)
    issue()
    numbers = sorted(c.number for c in current(app))
    assert numbers == ["闽(2026)福州市不动产权第0000002号", "闽(2026)福州市不动产权第0000003号"]
    assert {c.case_id for c in current(app)} == {str(receipt.id)}


def test_a_redelivered_registration_issues_nothing_twice(app, registrar, press, documents):
    units.register_unit(app, registrar, **unit_kwargs())
    policy = IssueCertificates(app, press, documents, public_url="http://x")
    [n] = app.recorder.select_notifications(start=1, limit=1)
    event = app.mapper.to_domain_event(n)
    policy.process(event, n.id)
    head = app.recorder.max_notification_id()
    policy.process(event, n.id)
    assert app.recorder.max_notification_id() == head and len(press.pressed) == 1


def test_registrar_revokes_with_a_reason(app, registrar, issue):
    units.register_unit(app, registrar, **unit_kwargs())
    issue()
    [certificate] = current(app)
    with pytest.raises(ReasonRequired):
        certificates.revoke_certificate(app, registrar, certificate.id, " ")
    certificates.revoke_certificate(app, registrar, certificate.id, "以欺骗手段取得登记")
    assert app.repository.get(certificate.id).status is CertificateStatus.REVOKED
    with pytest.raises(CertificateNotCurrent):
        certificates.revoke_certificate(app, registrar, certificate.id, "again")


def test_lost_certificate_is_replaced_with_a_new_number_and_the_old_one_void(app, registrar, issue, documents):
    units.register_unit(app, registrar, **unit_kwargs(owners=halves(ZHANG_WEI, WANG_FANG)))
    issue()
    [old] = current(app)
    certificates.request_replacement(app, registrar, old.id, "遗失，已登报声明作废")
    issue()
    [new] = current(app)
    assert new.number == "闽(2026)福州市不动产权第0000002号" and new.id != old.id
    assert app.repository.get(old.id).status is CertificateStatus.REPLACED
    assert str(new.id) in documents.stored


def test_registrar_of_another_registry_cannot_touch_the_certificate(app, registrar, other_registrar, issue):
    units.register_unit(app, registrar, **unit_kwargs())
    issue()
    [certificate] = current(app)
    with pytest.raises(UnknownCertificate):
        certificates.revoke_certificate(app, other_registrar, certificate.id, "no")


def test_certificate_aggregates_reload_from_snapshots(app, registrar, issue):
    units.register_unit(app, registrar, **unit_kwargs())
    issue()
    [certificate] = current(app)
    app.take_snapshot(certificate.id)
    app.take_snapshot(CertificateRoll.create_id(GULOU_FLAT))
    snapshot = next(iter(app.snapshots.get(certificate.id, desc=True, limit=1)))
    reloaded = snapshot.mutate(None)
    assert isinstance(reloaded, Certificate)
    assert reloaded.status is CertificateStatus.CURRENT and reloaded.derived_from == certificate.derived_from
    roll_snapshot = next(iter(app.snapshots.get(CertificateRoll.create_id(GULOU_FLAT), desc=True, limit=1)))
    assert roll_snapshot.mutate(None).current == [str(certificate.id)]
