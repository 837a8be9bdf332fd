"""The case clocks view on both stores: what supervisors and the applicant's timeline read, rebuilt alike."""

from datetime import date, datetime
from uuid import UUID

import pytest

from adapters.clock import REGISTRY_TZ
from projections import case_clocks
from registry.kernel.actors import Actor, Role
from registry.register_book import commands as units
from registry.supervision.app import check_clocks, declare_closure
from registry.transfers import commands as transfers
from tests.builders import transfer_kwargs, unit_kwargs
from tests.integration.conftest import catch_up


@pytest.fixture
def breached_case(app, registrar, buyer, clock, supervision, clock_views):
    """Li Na's purchase, paid at once on Monday 16 March 9:30, breached on Friday, registered the Monday after."""
    units.register_unit(app, registrar, **unit_kwargs())
    case_id = transfers.submit_transfer(app, buyer, **transfer_kwargs()).id
    transfers.record_settlement(app, case_id, reference="no-charge")
    catch_up(supervision, clock_views)
    check_clocks(supervision, [str(case_id)], now=datetime(2026, 3, 19, 9, 0, tzinfo=REGISTRY_TZ))
    check_clocks(supervision, [str(case_id)], now=datetime(2026, 3, 20, 9, 0, tzinfo=REGISTRY_TZ))
    clock.advance(days=7)
    transfers.approve_transfer(app, registrar, case_id)
    catch_up(supervision, clock_views)
    return str(case_id)


def test_the_view_keeps_the_clock_and_its_timeline(views, breached_case, registrar):
    row = case_clocks.clock_of(views, breached_case)
    assert (row["kind"], row["state"], row["outcome"], row["ended_by"], row["late"]) == (
        "resale_transfer", "ended", "registered", registrar.user_id, 1)
    assert row["due_at"] == "2026-03-19T09:30:00.000000+00:00"  # Thursday 17:30 in Fuzhou
    assert row["breached_at"] and row["warned_at"] and row["used_minutes"] == 1950
    timeline = case_clocks.history_of(views, breached_case)
    assert [step["event"] for step in timeline] == ["deadline_set", "paused", "resumed", "warned", "breached", "met"]
    assert timeline[1]["reason"] == "payment" and timeline[-1]["late"] is True
    assert case_clocks.clocks_to_check(views, datetime(2026, 3, 23, 9, 0, tzinfo=REGISTRY_TZ)) == []


def test_a_rebuilt_clock_view_equals_the_live_one(views, breached_case, clock_views):
    live = (case_clocks.clock_of(views, breached_case), case_clocks.history_of(views, breached_case))
    clock_views.rebuild("case_clocks")
    assert (case_clocks.clock_of(views, breached_case), case_clocks.history_of(views, breached_case)) == live


def test_the_scheduled_pass_looks_at_clocks_near_or_past_their_deadline(app, registrar, buyer, supervision,
                                                                        clock_views, views):
    units.register_unit(app, registrar, **unit_kwargs())
    case_id = transfers.submit_transfer(app, buyer, **transfer_kwargs()).id
    catch_up(supervision, clock_views)
    monday = datetime(2026, 3, 16, 10, 0, tzinfo=REGISTRY_TZ)
    assert case_clocks.clocks_to_check(views, monday) == []  # waiting for payment
    transfers.record_settlement(app, case_id, reference="no-charge")
    catch_up(supervision, clock_views)
    assert case_clocks.clocks_to_check(views, monday) == [str(case_id)]  # due on Thursday: within the horizon
    assert case_clocks.clocks_to_check(views, monday.replace(month=1)) == []  # far from its deadline


def test_a_closure_moves_the_deadline_the_view_shows(app, registrar, buyer, supervision, clock_views, views):
    units.register_unit(app, registrar, **unit_kwargs())
    case_id = str(transfers.submit_transfer(app, buyer, **transfer_kwargs()).id)
    transfers.record_settlement(app, UUID(case_id), reference="no-charge")
    catch_up(supervision, clock_views)
    chen = Actor(user_id="supervisor-chen", role=Role.SUPERVISOR, org="fz-registry")
    monday = datetime(2026, 3, 16, 9, 30, tzinfo=REGISTRY_TZ)
    assert declare_closure(supervision, chen, "fz-registry", day=date(2026, 3, 18), reason="台风停止办公",
                           open_clocks=case_clocks.running_since(views, "fz-registry", monday)) == 1
    catch_up(supervision, clock_views)
    assert case_clocks.clock_of(views, case_id)["due_at"] == "2026-03-20T09:30:00.000000+00:00"  # Friday 17:30
    assert case_clocks.history_of(views, case_id)[-1]["event"] == "extended"
