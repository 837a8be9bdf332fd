"""The durable tables' migrations on both stores: a database made by the code before Alembic is adopted and
keeps its rows, a fresh one reaches head, upgrading twice changes nothing, the metadata is what the migrated
database holds, and ``registry db upgrade | current`` do it from the command line."""

from __future__ import annotations

import base64
import threading
from datetime import datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from click.testing import CliRunner
from sqlalchemy import inspect

from adapters.accounts import AccountStore
from adapters.attachments import SqlDocumentShelf
from adapters.banks import BankDirectory
from adapters.contacts import ContactBook, Contacts
from adapters.court_keys import CourtKeys
from adapters.documents import SqlDocumentStore
from adapters.durable import migrate, tables
from adapters.instance import load_settings, open_view_store
from adapters.viewstore import ViewStore
from adapters.webhooks import WebhookStore
from cli.main import main
from registry.kernel.actors import Role
from tests.integration.references import durable_schema_558c4fd as old
from tests.postgres import PG_URL, fresh_schema

CIPHER_KEY = base64.b64encode(b"k" * 32).decode()
NOW = datetime.fromisoformat("2026-03-03T10:00:00+08:00")


def differences(store: ViewStore) -> list:
    with store.read() as tx:
        return compare_metadata(MigrationContext.configure(tx.connection), tables.metadata)


def test_a_database_made_before_alembic_is_adopted_and_keeps_its_rows(views):
    court_key = old.write_old_store(views, CIPHER_KEY)

    assert migrate.upgrade(views) == migrate.head()

    accounts = AccountStore(views, CIPHER_KEY)
    assert accounts.login("lin", old.PASSWORD, NOW).display_name == "林登记员"
    assert accounts.user_for_token(old.TOKEN, NOW).id == "lin"
    assert accounts.numbering("fz-registry").city == "福州市"
    assert BankDirectory(views).accredited("icbc-fz", "fz-registry")
    keys = CourtKeys(views)
    signature = court_key.sign(b"request")
    keys.key("gulou-2026").public_key().verify(signature, b"request")  # raises if the key came back wrong
    assert keys.record_nonce("gulou-2026", "nonce-1", datetime.fromtimestamp(1772413200 + 60).astimezone(), 300) \
        is False  # the nonce used before the upgrade is still remembered
    assert SqlDocumentStore(views).get("cert-1") == old.PDF
    assert WebhookStore(views, CIPHER_KEY).subscription("icbc-fz").secret == old.WEBHOOK_SECRET
    accounts.add_user("chen", accounts.user("lin").role, display_name="陈", org="fz-registry", now=NOW)
    assert [u.id for u in accounts.users()] == ["chen", "lin"]


def test_sqlite_text_keys_of_an_adopted_database_refuse_null(views):
    old.write_old_store(views, CIPHER_KEY)
    migrate.upgrade(views)
    with views.read() as tx:
        columns = {c["name"]: c for c in inspect(tx.connection).get_columns("account_user")}
    assert columns["id"]["nullable"] is False


def test_a_fresh_database_upgrades_to_head_and_reports_it(views):
    assert migrate.current(views) is None
    assert migrate.upgrade(views) == migrate.head() == migrate.current(views)
    with views.read() as tx:
        names = set(inspect(tx.connection).get_table_names())
    assert set(tables.metadata.tables) | {"alembic_version"} == names


def test_a_database_adopted_at_an_earlier_revision_gains_the_shelf_of_attached_documents(views):
    old.write_old_store(views, CIPHER_KEY)
    migrate.upgrade(views, "0002")
    assert migrate.upgrade(views) == migrate.head()
    shelf = SqlDocumentShelf(views)
    shelf.put("attachment-abc", b"%PDF-1.7\n")
    assert shelf.get("attachment-abc") == b"%PDF-1.7\n"
    assert SqlDocumentStore(views).get("cert-1") == old.PDF  # the certificates' table is untouched


def test_upgrading_twice_changes_nothing(views):
    old.write_old_store(views, CIPHER_KEY)
    migrate.upgrade(views)
    with views.read() as tx:
        before = {name: tx.execute(f"SELECT COUNT(*) AS n FROM {name}")[0]["n"] for name in tables.metadata.tables}
    assert migrate.upgrade(views) == migrate.head()
    with views.read() as tx:
        after = {name: tx.execute(f"SELECT COUNT(*) AS n FROM {name}")[0]["n"] for name in tables.metadata.tables}
    assert after == before and before["account_user"] == 1


def test_serve_and_worker_starting_together_migrate_once(views):
    answers: list[str | None] = []
    starts = [threading.Thread(target=lambda: answers.append(migrate.upgrade(views))) for _ in range(2)]
    for thread in starts:
        thread.start()
    for thread in starts:
        thread.join(60)
    assert answers == [migrate.head()] * 2
    with views.read() as tx:
        assert tx.execute("SELECT version_num FROM alembic_version") == [{"version_num": migrate.head()}]


def test_accounts_of_a_0002_database_keep_their_logins_and_get_contacts(views):
    assert migrate.upgrade(views, "0002") == "0002"
    with views.transaction() as tx:  # the account_user columns as 0002 left them
        tx.execute("INSERT INTO account_org (id, kind, name, province, city, created_at) VALUES "
                   "('fz-registry', 'registry', '福州市不动产登记中心', '闽', '福州市', :at)", {"at": NOW.isoformat()})
    accounts = AccountStore(views, CIPHER_KEY)
    accounts.add_user("lin", Role.REGISTRAR, display_name="林登记员", org="fz-registry", password=old.PASSWORD,
                      now=NOW)

    assert migrate.upgrade(views) == migrate.head()

    assert accounts.login("lin", old.PASSWORD, NOW).display_name == "林登记员"
    book = ContactBook(views)
    assert book.get("lin") == Contacts("lin", None, None, None)
    assert book.set("lin", NOW, email="lin@fz-registry.example.cn").email == "lin@fz-registry.example.cn"
    assert [c.user_id for c in book.reachable()] == ["lin"]


@pytest.mark.parametrize("start", ["fresh", "adopted"])
def test_the_metadata_is_what_the_migrated_database_holds(views, start):
    if start == "adopted":
        old.write_old_store(views, CIPHER_KEY)
    migrate.upgrade(views)
    assert differences(views) == []


# -- the command line ------------------------------------------------------------------------------
@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def cli_env(request, tmp_path):
    env = {"REGISTRY_INSTANCE_PATH": str(tmp_path / "instance")}
    if request.param == "postgres":
        with fresh_schema() as schema:
            yield {**env, "REGISTRY_DATABASE_URL": f"{PG_URL}?schema={schema}"}
        return
    yield {**env, "REGISTRY_DATABASE_URL": ""}


def run(env, *args):
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_registry_db_upgrade_then_current_reports_head(cli_env):
    assert "none" in run(cli_env, "db", "current")
    assert migrate.head() in run(cli_env, "db", "upgrade")
    assert f"{migrate.head()} (head)" in run(cli_env, "db", "current")
    settings = load_settings({"INSTANCE_PATH": cli_env["REGISTRY_INSTANCE_PATH"],
                              "DATABASE_URL": cli_env["REGISTRY_DATABASE_URL"]})
    store = open_view_store(settings)
    try:
        assert differences(store) == []
    finally:
        store.close()
