"""Read-your-writes, the platform's one way for both doors (API and pages): run a command and wait for the
views, catch up before a read, and a long poll that wakes when the views move; on both stores."""

import time

from projections import register_book
from registry.register_book import commands as units
from tests.builders import GULOU_FLAT, unit_kwargs


def test_run_and_wait_answers_the_commands_receipt_once_the_views_show_what_it_stored(platform, people):
    registrar = platform.accounts.user("registrar").actor
    receipt = platform.run_and_wait(units.register_unit, platform.registry, registrar, **unit_kwargs())
    assert receipt.application == "registry" and receipt.position
    assert min(platform.worker.positions().values()) >= receipt.position
    assert register_book.page(platform.views, registrar, GULOU_FLAT)["unit_number"] == GULOU_FLAT


def test_catch_up_waits_for_what_the_registry_stored_before_a_read(platform, people):
    registrar = platform.accounts.user("registrar").actor
    units.register_unit(platform.registry, registrar, **unit_kwargs())
    assert platform.catch_up() is True
    assert register_book.page(platform.views, registrar, GULOU_FLAT) is not None


def test_a_long_poll_answers_at_once_when_there_is_something_and_after_the_bound_when_not(platform):
    started = time.monotonic()
    assert platform.long_poll(lambda: ["there"], 5) == ["there"]
    assert time.monotonic() - started < 1
    reads = []
    started = time.monotonic()
    assert platform.long_poll(lambda: reads.append(1) or [], 0.3) == []
    assert 0.3 <= time.monotonic() - started < 2 and len(reads) >= 2
    # time spent before the poll (the catch-up of a read-your-writes) counts against the wait
    started = time.monotonic()
    assert platform.long_poll(lambda: [], 0.3, started=started - 1) == []
    assert time.monotonic() - started < 0.2
