"""Snapshots and encryption at rest on the real stores."""

from registry.register_book import commands as units
from registry.register_book.holdings import Holdings
from registry.register_book.unit import Unit
from registry.transfers import commands as transfers
from registry.transfers.case import TransferCase
from tests.builders import GULOU_FLAT, LI_NA, ZHANG_WEI, transfer_kwargs, unit_kwargs
from tests.integration.conftest import make_registry


def _transferred_and_locked_flat(app, registrar, buyer):
    units.register_unit(app, registrar, **unit_kwargs())
    case_id = transfers.submit_transfer(app, buyer, **transfer_kwargs(with_family=True)).id
    transfers.record_settlement(app, case_id, reference="no-charge")
    transfers.approve_transfer(app, registrar, case_id)
    units.lock_unit(app, registrar, unit_number=GULOU_FLAT, authority="福州市鼓楼区人民法院",
                    reference="(2026)闽0102执123号", reason="查封")
    return case_id


def test_snapshots_on_the_real_store_reload_equal_to_the_event_history(app, registrar, buyer, clock,
                                                                       registry_env):
    case_id = _transferred_and_locked_flat(app, registrar, buyer)
    ids = [Unit.create_id(GULOU_FLAT), case_id, Holdings.create_id(LI_NA.id_number)]
    from_events = {i: app.repository.get(i) for i in ids}

    for i in ids:
        app.take_snapshot(i)
        [snapshot] = app.snapshots.get(i, desc=True, limit=1)
        assert snapshot.originator_version == from_events[i].version
        assert snapshot.mutate(None) == from_events[i]

    fresh = make_registry(clock, registry_env)  # a new process: same key, reads the snapshots back
    try:
        assert {i: fresh.repository.get(i) for i in ids} == from_events
        assert isinstance(from_events[case_id], TransferCase) and from_events[ids[0]].locks
    finally:
        fresh.close()


def test_events_and_snapshots_are_encrypted_at_rest(app, registrar, buyer):
    case_id = _transferred_and_locked_flat(app, registrar, buyer)
    app.take_snapshot(case_id)
    stored = [n.state for n in app.recorder.select_notifications(start=1, limit=1000)]
    stored += [s.state for s in app.snapshots.recorder.select_events(case_id)]
    secrets = [ZHANG_WEI.id_number.encode(), LI_NA.id_number.encode(), "张伟".encode(), b"2000000"]
    assert stored and not [s for s in stored if any(secret in s for secret in secrets)]
