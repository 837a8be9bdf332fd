"""The settlement hand-off happens exactly once: at-least-once delivery plus an idempotent command."""

from projections import registrar as desk
from projections import tracking
from registry import transfers, units
from registry.codes import CaseState
from tests.builders import transfer_kwargs, unit_kwargs


def _settled_events(app, case_id):
    return [e for e in app.events.get(case_id) if type(e).__name__ == "Settled"]


def test_settlement_policy_moves_a_submitted_case_to_pending_review_exactly_once(app, views, worker,
                                                                                 registrar, buyer, clock):
    units.register_unit(app, registrar, **unit_kwargs())
    case_id = transfers.submit_transfer(app, buyer, **transfer_kwargs()).id
    assert app.get_case(case_id).state is CaseState.AWAITING_SETTLEMENT

    worker.run_once()
    worker.run_once()

    case = app.get_case(case_id)
    assert case.state is CaseState.PENDING_REVIEW and len(_settled_events(app, case_id)) == 1
    [queued] = desk.queue(views, registrar, now=clock.now())
    assert queued["settlement_reference"] == f"no-charge:{case_id}"


def test_after_a_crash_before_the_position_was_saved_the_case_still_has_one_settled_event(
        app, views, worker, registrar, buyer):
    units.register_unit(app, registrar, **unit_kwargs())
    case_id = transfers.submit_transfer(app, buyer, **transfer_kwargs()).id
    worker.run_once()
    with views.transaction() as tx:  # the crash: the command committed, the position did not
        tracking.reset(tx, "settle_without_charge")

    assert worker.run_once() > 0
    assert worker.positions()["settle_without_charge"] == app.recorder.max_notification_id()
    assert len(_settled_events(app, case_id)) == 1
    assert app.get_case(case_id).version == 2


def test_a_case_withdrawn_before_settlement_is_not_settled(app, views, worker, registrar, buyer):
    units.register_unit(app, registrar, **unit_kwargs())
    case_id = transfers.submit_transfer(app, buyer, **transfer_kwargs()).id
    transfers.withdraw_transfer(app, buyer, case_id, reason="改期")

    worker.run_once()

    assert app.get_case(case_id).state is CaseState.WITHDRAWN
    assert _settled_events(app, case_id) == []
