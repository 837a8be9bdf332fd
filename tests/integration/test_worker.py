"""The worker: batches, one transaction per view per batch, bounded waits, and faithful rebuilds."""

import threading
import time
from contextlib import contextmanager

import pytest

from projections import all_projections, applicant, tracking
from projections import registrar as desk
from projections.base import Projection
from projections.worker import Worker
from registry.kernel.codes import Supplement
from registry.mortgages import decisions
from registry.register_book import commands as units
from registry.transfers import commands as transfers
from tests.builders import WANG_FANG, transfer_kwargs, unit_kwargs
from tests.fakes import DictDocuments
from tests.integration.conftest import applicant as account_of
from tests.integration.conftest import mixed_history

VIEW_NAMES = [p.name for p in all_projections()]


def dump(views, projection):
    """Every row of every table of the view, sorted: what 'identical' means for a rebuild."""
    with views.read() as tx:
        return {table: sorted((tuple(sorted(row.items())) for row in tx.execute(f"SELECT * FROM {table}")),
                              key=repr)
                for table in projection.tables}


@pytest.mark.parametrize("name", VIEW_NAMES)
def test_a_rebuilt_view_equals_the_live_one_row_for_row(app, views, worker, clock, registrar, name):
    cases = mixed_history(app, worker, clock, registrar)
    # Wang Fang's pending purchase is returned for her marriage certificate (补正), so every table has rows
    transfers.return_for_supplement(app, registrar, cases["pending"][0], missing=[Supplement.MARRIAGE_PROOF])
    transfers.attach_document(app, DictDocuments(), account_of(WANG_FANG), cases["pending"][0],
                              kind=Supplement.MARRIAGE_PROOF, filename="结婚证.pdf", declared_type="application/pdf",
                              content=b"%PDF-1.7\n%%EOF\n")  # and she attaches it: a party's document
    decisions.return_filing(app, registrar, cases["queued_filings"][0], missing=[Supplement.LOAN_CONTRACT],
                            note="")  # CCB's queued filing waits for its loan contract (补正 of a filing)
    worker.run_once()
    projection = next(p for p in worker.projections if p.name == name)
    live = dump(views, projection)
    assert all(live.values()), "every table of the view has rows to compare"
    reached = []

    replayed = worker.rebuild(name, progress=lambda position, head: reached.append((position, head)))

    head = app.recorder.max_notification_id()
    assert replayed == len(app.recorder.select_notifications(start=1, limit=10_000))
    assert reached[-1] == (head, head)
    assert dump(views, projection) == live
    assert worker.positions()[name] == head


def test_rebuild_replaces_rows_that_did_not_come_from_events(app, views, worker, registrar):
    units.register_unit(app, registrar, **unit_kwargs())
    worker.run_once()
    with views.transaction() as tx:
        tx.execute("UPDATE view_unit SET location = :location", {"location": "tampered"})

    worker.rebuild("register_book")

    with views.read() as tx:
        assert tx.one("SELECT location FROM view_unit")["location"] == unit_kwargs()["location"]


class CountingStore:
    """The view store, recording each view's position after every committed transaction."""

    def __init__(self, store):
        self.store = store
        self.commits: list[dict[str, int]] = []

    def read(self):
        return self.store.read()

    @contextmanager
    def transaction(self):
        with self.store.transaction() as tx:
            yield tx
        with self.store.read() as tx:
            self.commits.append(tracking.read_all(tx))


def test_catch_up_processes_events_in_batches_one_transaction_per_view_per_batch(app, views, registrar,
                                                                                 buyer):
    for flat in range(1, 11):
        number = f"350102001001GB00001F000100{flat:02d}"
        units.register_unit(app, registrar, **unit_kwargs(unit_number=number))
    transfers.submit_transfer(app, buyer, **transfer_kwargs())
    ids = [n.id for n in app.recorder.select_notifications(start=1, limit=1000)]
    assert len(ids) >= 30
    store = CountingStore(views)
    worker = Worker(app, store, all_projections(), batch_size=7)
    worker.setup()
    store.commits.clear()

    assert worker.run_once() == len(ids)

    batch_ends = ids[6::7] + ([ids[-1]] if len(ids) % 7 else [])
    assert len(store.commits) == len(batch_ends) * len(VIEW_NAMES)
    moves: dict[str, list[int]] = {name: [] for name in VIEW_NAMES}
    before = dict.fromkeys(VIEW_NAMES, 0)
    for after in store.commits:
        [moved] = [name for name in VIEW_NAMES if after[name] != before[name]]  # one view per commit
        moves[moved].append(after[moved])
        before = after
    assert moves == {name: batch_ends for name in VIEW_NAMES}
    assert worker.positions() == {name: ids[-1] for name in VIEW_NAMES}


class Exploding(Projection):
    """Writes a row for every event, then fails on the 3rd: nothing of the batch may remain."""

    name = "exploding"
    tables = ["view_exploding"]
    ddl = ["CREATE TABLE IF NOT EXISTS view_exploding (n INTEGER PRIMARY KEY)"]

    def __init__(self):
        self.seen = 0

    def process(self, event, tx):
        self.seen += 1
        tx.execute("INSERT INTO view_exploding (n) VALUES (:n)", {"n": self.seen})
        if self.seen == 3:
            raise RuntimeError("disk full")


def test_a_failing_batch_commits_neither_rows_nor_position(app, views, registrar):
    units.register_unit(app, registrar, **unit_kwargs())
    worker = Worker(app, views, [Exploding()])
    worker.setup()

    with pytest.raises(RuntimeError):
        worker.run_once()

    assert worker.positions() == {"exploding": 0}
    with views.read() as tx:
        assert tx.execute("SELECT n FROM view_exploding") == []
    assert worker.run_once() > 0  # the fault was transient: the whole batch is replayed, once
    assert worker.positions()["exploding"] == app.recorder.max_notification_id()


def test_wait_until_is_true_once_caught_up_and_false_for_a_position_beyond_the_head(app, views, worker,
                                                                                   registrar):
    receipt = units.register_unit(app, registrar, **unit_kwargs())
    assert worker.wait_until(None, timeout=0) is True
    assert worker.wait_until(receipt.position, timeout=0.05) is False  # nobody runs the worker

    worker.run_once()

    assert worker.wait_until(receipt.position, timeout=0.05) is True
    assert worker.wait_until(app.recorder.max_notification_id() + 1, timeout=0.1) is False


def test_a_background_worker_gives_read_your_writes_next_to_request_threads(app, views, worker, registrar,
                                                                            buyer, clock):
    stop = threading.Event()
    thread = threading.Thread(target=worker.run_forever, args=(stop,), kwargs={"interval": 0.05}, daemon=True)
    thread.start()
    try:
        units.register_unit(app, registrar, **unit_kwargs())
        receipt = transfers.submit_transfer(app, buyer, **transfer_kwargs())
        web_side = Worker(app, views, all_projections())  # knows positions only through the store
        assert web_side.wait_until(receipt.position, timeout=10)
        assert [c["case_id"] for c in applicant.my_cases(views, buyer).items] == [str(receipt.id)]
        # the payment hand-off settles the case (another thread's command); its Settled event is then projected
        transfers.record_settlement(app, receipt.id, reference="paid:RC20260316")
        assert _eventually(lambda: _queue_ids(views, registrar, clock) == [str(receipt.id)], worker, app)
    finally:
        stop.set()
        worker.wake()
        thread.join(timeout=10)
    assert not thread.is_alive()


def _queue_ids(views, registrar, clock):
    return [c["case_id"] for c in desk.queue(views, registrar, now=clock.now()).items]


def _eventually(check, worker, app, timeout=10.0):
    """Bounded wait for the policy's follow-up events to reach the views."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        worker.wait_until(app.recorder.max_notification_id(), timeout=deadline - time.monotonic())
        if check():
            return True
        time.sleep(0.02)
    return False


def test_two_workers_racing_over_the_same_views_apply_every_event_once(app, views, worker, clock, registrar):
    mixed_history(app, worker, clock, registrar)
    with views.transaction() as tx:  # the history stays in the log; the views start again empty
        for projection in worker.projections:
            tracking.reset(tx, projection.name)
            projection.drop(tx)
            projection.create(tx)
    rivals = [Worker(app, views, all_projections(), batch_size=5) for _ in range(2)]
    barrier = threading.Barrier(2)
    errors = []

    def run(rival):
        barrier.wait(timeout=10)
        try:
            rival.run_once()
        except Exception as error:  # the outcome under test
            errors.append(error)

    threads = [threading.Thread(target=run, args=(r,)) for r in rivals]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert errors == []
    raced = {p.name: dump(views, p) for p in worker.projections}
    for projection in worker.projections:
        worker.rebuild(projection.name)
    assert {p.name: dump(views, p) for p in worker.projections} == raced


class UnprintablePress:
    """A press that cannot draw one unit's certificate (say, a character no font has)."""

    def press(self, content):
        from registry.certificates.issuance import CannotPrint
        if "𫟦" in content.location:
            raise CannotPrint("no certificate font can draw '𫟦'")
        from tests.fakes import FakePress
        return FakePress().press(content)


def test_a_certificate_that_cannot_be_printed_does_not_hold_up_the_others(app, views, documents, registrar):
    from registry.certificates.issuer import IssueCertificates
    from tests.builders import TAIJIANG_FLAT
    issuing = IssueCertificates(app, UnprintablePress(), documents, public_url="http://127.0.0.1:8000")
    issuer = Worker(app, views, [], [issuing])
    issuer.setup()
    units.register_unit(app, registrar, **{**unit_kwargs(), "location": "福州市鼓楼区𫟦巷1号"})
    units.register_unit(app, registrar, **unit_kwargs(unit_number=TAIJIANG_FLAT))
    issuer.run_once()
    assert issuer.positions()["issue_certificates"] == app.recorder.max_notification_id()
    issued = [n for n in app.recorder.select_notifications(start=1, limit=100) if "certificate.Issued" in n.topic]
    assert len(issued) == 1
