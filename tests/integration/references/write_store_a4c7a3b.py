"""Write the fixture event stores that prove a module move leaves stored events and snapshots readable.

Run with the code of commit a4c7a3b (before the registry was split into bounded contexts), from a
checkout of that commit with its own venv:

    git worktree add /tmp/a4c7a3b a4c7a3b && cd /tmp/a4c7a3b && source scripts/setup.sh
    .venv/bin/python <this file> <main checkout>/tests/integration/references/store_a4c7a3b

It writes two SQLite instances, both encrypted at rest with a test-only key kept beside them:

* ``history/registry.sqlite``: the integration tests' mixed history (transfers approved, rejected,
  withdrawn, pending and unsettled; locks, objection, mortgages, a pre-notice, two seizures, an auction);
* ``platform/{registry,taxation,payments}.sqlite``: the demo data on six units through the whole platform,
  so the tax assessment and the payment order of Zhang Wei's sale are stored too;

then a snapshot of every aggregate in every store, and ``expected.json``: each aggregate's topic and
version, and every row of every view as the old code built them.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path
from uuid import UUID

from eventsourcing.cryptography import AESCipher
from registry.policies import IssueCertificates

from adapters.clock import FixedClock
from adapters.documents import SqlDocumentStore
from adapters.viewstore import SQLiteViewStore
from projections import all_projections
from projections.orders import Orders
from projections.tax_desk import TaxDesk
from projections.worker import Worker
from tests.builders import MONDAY_MORNING
from tests.fakes import FakePress
from tests.integration.conftest import make_registry, mixed_history


def aggregates(app) -> dict[str, list]:  # noqa: ANN001
    """Every aggregate of an application's store: its topic and version, after a snapshot of each."""
    found: dict[UUID, int] = {}
    for notification in app.recorder.select_notifications(start=1, limit=1_000_000):
        found[UUID(str(notification.originator_id))] = notification.originator_version
    result = {}
    for originator_id, version in sorted(found.items()):
        aggregate = app.repository.get(originator_id)
        assert aggregate.version == version
        app.take_snapshot(aggregate.id)
        result[str(originator_id)] = [f"{type(aggregate).__module__}:{type(aggregate).__qualname__}", version]
    return result


def view_rows(views: SQLiteViewStore, projections) -> dict[str, list]:  # noqa: ANN001
    with views.read() as tx:
        return {table: sorted(json.dumps(row, sort_keys=True, ensure_ascii=False, default=str)
                               for row in tx.execute(f"SELECT * FROM {table}"))
                for projection in projections for table in projection.tables}


def write_history(folder: Path, key: str) -> dict:
    env = {"CIPHER_TOPIC": "eventsourcing.cryptography:AESCipher", "CIPHER_KEY": key,
           "PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(folder / "registry.sqlite")}
    clock = FixedClock(MONDAY_MORNING)
    app = make_registry(clock, env)
    with tempfile.TemporaryDirectory() as scratch:
        views = SQLiteViewStore(Path(scratch) / "views.sqlite")
        documents = SqlDocumentStore(views)
        documents.setup()
        projections = all_projections()
        worker = Worker(app, views, projections,
                        [IssueCertificates(app, FakePress(), documents, public_url="http://127.0.0.1:8000")])
        worker.setup()
        from registry.actors import Actor, Role

        mixed_history(app, worker, clock, Actor(user_id="registrar", role=Role.REGISTRAR, org="fz-registry"))
        while worker.run_once():
            pass
        expected = {"registry": aggregates(app), "views": view_rows(views, projections)}
        views.close()
    app.close()
    return expected


def write_platform(folder: Path, key: str) -> dict:
    """Through HTTP as the end-to-end tests do: one sale paid and registered, one paid, rejected and refunded."""
    from registry.actors import Role

    from tests.builders import CHEN_GANG, LI_NA, ZHANG_WEI
    from tests.e2e.api import file_settled_case, reject_and_await_refund, transfer_body, unit_body
    from web import create_app

    clock = FixedClock(MONDAY_MORNING)
    app = create_app({"INSTANCE_PATH": str(folder), "CIPHER_KEY": key, "EMBEDDED_WORKER": "true", "CLOCK": clock,
                      "SESSION_COOKIE_SECURE": "false", "TESTING": True})
    platform = app.extensions["platform"]
    try:
        accounts, now = platform.accounts, clock.now()
        accounts.add_org("fz-registry", "registry", "福州市不动产登记中心", province="闽", city="福州市", now=now)
        accounts.add_user("registrar", Role.REGISTRAR, org="fz-registry", display_name="林登记员",
                          password="correct horse battery", now=now)
        for user_id, who in (("zhangwei", ZHANG_WEI), ("lina", LI_NA), ("chengang", CHEN_GANG)):
            accounts.add_user(user_id, Role.APPLICANT, display_name=who.name, password="correct horse battery",
                              id_number=who.id_number, now=now)
        people = {u: {"Authorization": f"Bearer {accounts.issue_token(u, now)}"}
                  for u in ("registrar", "zhangwei", "lina", "chengang")}
        client = app.test_client()
        sold = file_settled_case(client, people, app)
        assert client.post(f"/api/v1/transfers/{sold}/approve", headers=people["registrar"]).status_code == 200
        platform.wait_until_idle(timeout=120)
        taijiang = "350103002003GB00012F00020304"
        owners = [{"name": CHEN_GANG.name, "id_number": CHEN_GANG.id_number, "share": "1"}]
        assert client.post("/api/v1/units", json=unit_body(taijiang, owners=owners),
                           headers=people["registrar"]).status_code == 201
        refused = client.post("/api/v1/transfers", headers=people["zhangwei"], json=transfer_body(
            taijiang, sellers=[{"name": CHEN_GANG.name, "id_number": CHEN_GANG.id_number}],
            buyers=[{"name": ZHANG_WEI.name, "id_number": ZHANG_WEI.id_number, "share": "1"}],
            contract_number="FZ2026-000124")).json["case_id"]
        from tests.e2e.api import pay_every_part

        pay_every_part(app, client, {**people, "lina": people["zhangwei"], "zhangwei": people["chengang"]}, refused)
        platform.wait_until_idle(timeout=120)
        reject_and_await_refund(app, client, {**people, "lina": people["zhangwei"]}, refused)
        platform.wait_until_idle(timeout=120)
        expected = {app.name: aggregates(app) for app in (platform.registry, platform.taxation, platform.payments)}
        expected["views"] = view_rows(platform.views, [*all_projections(), TaxDesk(), Orders()])
    finally:
        platform.close()
    for extra in folder.iterdir():  # only the event stores are the fixture; views and keys are rebuilt
        if extra.name not in {"registry.sqlite", "taxation.sqlite", "payments.sqlite"}:
            shutil.rmtree(extra) if extra.is_dir() else extra.unlink()
    return expected


def main(target: Path) -> None:
    import logging
    logging.basicConfig(level=logging.WARNING)
    if target.exists():
        shutil.rmtree(target)
    key = AESCipher.create_key(32)
    (target / "history").mkdir(parents=True)
    (target / "platform").mkdir()
    expected = {"cipher_key": key, "history": write_history(target / "history", key),
                "platform": write_platform(target / "platform", key)}
    for db in target.rglob("*.sqlite"):
        import sqlite3

        with sqlite3.connect(db) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("VACUUM")
        conn.close()
    for leftover in target.rglob("*.sqlite-*"):
        leftover.unlink()
    (target / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1, sort_keys=True))


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve())
