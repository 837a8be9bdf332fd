"""Races on the real stores: optimistic concurrency keeps the register book and the numbers whole."""

import threading
from decimal import Decimal

from registry.kernel.codes import CertificateKind
from registry.kernel.errors import ConcurrentUpdate, Conflict
from registry.kernel.values import Owner, Person
from registry.register_book import commands as units
from registry.register_book.numbering import CertificateSequence
from registry.register_book.unit import Unit
from registry.transfers import commands as transfers
from tests.builders import GULOU_FLAT, resident_id, transfer_kwargs, unit_kwargs
from tests.integration.conftest import applicant


def race(*commands):
    """Start every command at the same instant; return each one's result or exception."""
    barrier = threading.Barrier(len(commands))
    outcomes: list[object] = [None] * len(commands)

    def run(i, command):
        barrier.wait(timeout=10)
        try:
            outcomes[i] = command()
        except Exception as error:  # the outcome under test, inspected below
            outcomes[i] = error

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(commands)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads)
    return outcomes


def allocated_numbers(app):
    return [e.number for e in _all_events(app) if isinstance(e, CertificateSequence.Allocated)]


def _all_events(app):
    return [app.mapper.to_domain_event(n) for n in app.recorder.select_notifications(start=1, limit=10_000)]


def test_two_simultaneous_approvals_of_one_case_one_wins_and_the_other_conflicts(app, registrar, buyer):
    units.register_unit(app, registrar, **unit_kwargs())
    case_id = transfers.submit_transfer(app, buyer, **transfer_kwargs()).id
    transfers.record_settlement(app, case_id, reference="no-charge")

    outcomes = race(lambda: transfers.approve_transfer(app, registrar, case_id),
                    lambda: transfers.approve_transfer(app, registrar, case_id))

    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], Conflict), outcomes
    unit_events = app.events.get(app.get_unit(GULOU_FLAT).id)
    transferred = [e for e in unit_events if isinstance(e, Unit.Transferred)]
    assert len(transferred) == 1
    numbers = allocated_numbers(app)
    assert len(numbers) == len(set(numbers)) == 2
    assert app.get_case(case_id).certificate_number == transferred[0].certificate_number == numbers[-1]


def test_concurrent_approvals_of_many_cases_give_gap_free_unique_certificate_numbers(app, registrar):
    cases = []
    for i in range(8):
        owner = Person(f"业主{i}", resident_id(f"35010219700101{i:03d}"))
        new_owner = Person(f"买方{i}", resident_id(f"35010319910101{i:03d}"))
        unit_number = f"350102001001GB00001F000200{i:02d}"
        units.register_unit(app, registrar, **unit_kwargs(unit_number=unit_number,
                                                          owners=[Owner(owner, Decimal(1))]))
        case_id = transfers.submit_transfer(app, applicant(new_owner), **transfer_kwargs(
            unit_number=unit_number, sellers=[owner], buyers=[Owner(new_owner, Decimal(1))])).id
        transfers.record_settlement(app, case_id, reference="no-charge")
        cases.append(case_id)

    def approve_all(mine):
        for case_id in mine:
            for _ in range(30):  # what a registrar does on "409, try again"
                try:
                    transfers.approve_transfer(app, registrar, case_id)
                    break
                except ConcurrentUpdate:
                    continue

    outcomes = race(*[lambda mine=cases[i::4]: approve_all(mine) for i in range(4)])

    assert outcomes == [None] * 4
    issued = sorted(app.get_case(c).certificate_number for c in cases)
    expected = [f"闽(2026)福州市不动产权第{serial:07d}号" for serial in range(9, 17)]
    assert issued == expected
    numbers = allocated_numbers(app)
    assert len(numbers) == len(set(numbers)) == 16
    sequence = app.sequence("fz-registry", CertificateKind.OWNERSHIP)
    assert sequence.last_serial == 16
