"""Courts' signing keys and the nonce ledger on both stores; keys registered by an admin through the CLI."""

from __future__ import annotations

import base64
import os
import threading
from datetime import timedelta

import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import SECP256R1, generate_private_key
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from adapters.accounts import AccountStore
from adapters.court_keys import CourtKeyError, CourtKeys
from cli.main import main
from tests.builders import MONDAY_MORNING
from tests.postgres import PG_URL, fresh_schema

NOW = MONDAY_MORNING


def public_pem(private_key) -> str:
    return private_key.public_key().public_bytes(serialization.Encoding.PEM,
                                                 serialization.PublicFormat.SubjectPublicKeyInfo).decode()


@pytest.fixture
def ledger(views) -> CourtKeys:
    accounts = AccountStore(views, base64.b64encode(os.urandom(32)).decode())
    accounts.setup()
    accounts.add_org("gulou-court", "court", "福州市鼓楼区人民法院", now=NOW)
    accounts.add_org("taijiang-court", "court", "福州市台江区人民法院", now=NOW)
    accounts.add_org("icbc-fz", "bank", "中国工商银行福州分行", now=NOW)
    store = CourtKeys(views)
    store.setup()
    return store


def test_a_court_key_is_registered_listed_and_revoked_but_stays_on_record(ledger):
    pem = public_pem(Ed25519PrivateKey.generate())
    ledger.add_key("gulou-court", "gulou-2026", pem, NOW)
    ledger.add_key("taijiang-court", "taijiang-2026", public_pem(Ed25519PrivateKey.generate()), NOW)
    assert ledger.key("gulou-2026").court == "gulou-court" and not ledger.key("gulou-2026").revoked
    assert [k.key_id for k in ledger.list_keys("gulou-court")] == ["gulou-2026"]
    revoked = ledger.revoke_key("gulou-2026", NOW + timedelta(days=1))
    assert revoked.revoked and ledger.key("gulou-2026").revoked_at == (NOW + timedelta(days=1)).isoformat()
    assert ledger.key("gulou-2026").public_key_pem == pem
    assert [k.key_id for k in ledger.list_keys()] == ["gulou-2026", "taijiang-2026"]


def test_only_a_court_gets_a_key(ledger):
    with pytest.raises(CourtKeyError, match="not a court"):
        ledger.add_key("icbc-fz", "icbc-1", public_pem(Ed25519PrivateKey.generate()), NOW)
    with pytest.raises(CourtKeyError, match="not a court"):
        ledger.add_key("nowhere-court", "x-1", public_pem(Ed25519PrivateKey.generate()), NOW)
    assert ledger.list_keys() == []


def test_a_court_key_is_an_ed25519_public_key(ledger):
    with pytest.raises(CourtKeyError, match="Ed25519"):
        ledger.add_key("gulou-court", "gulou-ec", public_pem(generate_private_key(SECP256R1())), NOW)
    with pytest.raises(CourtKeyError, match="PEM"):
        ledger.add_key("gulou-court", "gulou-junk", "not a key", NOW)
    assert ledger.list_keys() == []


def test_a_key_id_belongs_to_one_court_and_is_never_reused(ledger):
    ledger.add_key("gulou-court", "court-key-1", public_pem(Ed25519PrivateKey.generate()), NOW)
    ledger.revoke_key("court-key-1", NOW)
    with pytest.raises(CourtKeyError, match="already taken"):
        ledger.add_key("taijiang-court", "court-key-1", public_pem(Ed25519PrivateKey.generate()), NOW)
    with pytest.raises(CourtKeyError, match="key id"):
        ledger.add_key("gulou-court", "bad id with spaces", public_pem(Ed25519PrivateKey.generate()), NOW)
    assert ledger.key("court-key-1").court == "gulou-court"


def test_a_nonce_is_accepted_once_per_key(ledger):
    assert ledger.record_nonce("gulou-2026", "n" * 16, NOW, 300)
    assert not ledger.record_nonce("gulou-2026", "n" * 16, NOW + timedelta(seconds=1), 300)
    assert ledger.record_nonce("taijiang-2026", "n" * 16, NOW, 300)  # another key's nonces are its own
    assert ledger.nonce_count() == 2


def test_concurrent_replays_of_one_nonce_let_exactly_one_through(ledger):
    results: list[bool] = []
    barrier = threading.Barrier(8)

    def attempt() -> None:
        barrier.wait()
        results.append(ledger.record_nonce("gulou-2026", "same-nonce-0123456789", NOW, 300))

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False] * 7 + [True]
    assert ledger.nonce_count() == 1


def test_nonces_older_than_two_windows_are_purged_and_younger_ones_kept(ledger):
    ledger.record_nonce("gulou-2026", "old-nonce-0123456789", NOW, 300)
    ledger.record_nonce("gulou-2026", "recent-nonce-0123456", NOW + timedelta(seconds=200), 300)
    ledger.record_nonce("gulou-2026", "new-nonce-0123456789", NOW + timedelta(seconds=601), 300)
    assert ledger.nonce_count() == 2
    assert not ledger.record_nonce("gulou-2026", "recent-nonce-0123456", NOW + timedelta(seconds=700), 300)


# -- the admin's CLI -----------------------------------------------------------------------------------
@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def cli_env(request, tmp_path):
    env = {"REGISTRY_INSTANCE_PATH": str(tmp_path / "instance")}
    if request.param == "postgres":
        with fresh_schema() as schema:
            yield {**env, "REGISTRY_DATABASE_URL": f"{PG_URL}?schema={schema}"}
        return
    yield {**env, "REGISTRY_DATABASE_URL": ""}


def run(env, group, *args, ok=True):
    result = CliRunner().invoke(group, list(args), env=env, catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    return result


def test_admin_registers_lists_and_revokes_a_court_key_from_the_cli(cli_env, tmp_path):
    pem_file = tmp_path / "gulou.pem"
    pem_file.write_text(public_pem(Ed25519PrivateKey.generate()))
    run(cli_env, main, "orgs", "add", "gulou-court", "--kind", "court", "--name", "福州市鼓楼区人民法院")
    added = run(cli_env, main, "courts", "add-key", "gulou-court", "--key-id", "gulou-2026",
                "--public-key", str(pem_file))
    assert "added key gulou-2026 for gulou-court" in added.output
    listed = run(cli_env, main, "courts", "list-keys").output
    assert "gulou-2026" in listed and "gulou-court" in listed and "active" in listed
    assert "revoked gulou-2026" in run(cli_env, main, "courts", "revoke-key", "gulou-2026").output
    assert "already revoked" in run(cli_env, main, "courts", "revoke-key", "gulou-2026").output
    assert "revoked" in run(cli_env, main, "courts", "list-keys", "--court", "gulou-court").output


def test_the_cli_refuses_a_key_for_a_bank_or_a_key_that_is_not_ed25519(cli_env, tmp_path):
    ed_file, ec_file = tmp_path / "ed.pem", tmp_path / "ec.pem"
    ed_file.write_text(public_pem(Ed25519PrivateKey.generate()))
    ec_file.write_text(public_pem(generate_private_key(SECP256R1())))
    run(cli_env, main, "orgs", "add", "icbc-fz", "--kind", "bank", "--name", "工行")
    run(cli_env, main, "orgs", "add", "gulou-court", "--kind", "court", "--name", "鼓楼法院")
    bank = run(cli_env, main, "courts", "add-key", "icbc-fz", "--key-id", "k1", "--public-key", str(ed_file), ok=False)
    assert bank.exit_code != 0 and "not a court" in bank.output
    ec = run(cli_env, main, "courts", "add-key", "gulou-court", "--key-id", "k2", "--public-key", str(ec_file),
             ok=False)
    assert ec.exit_code != 0 and "Ed25519" in ec.output
    assert run(cli_env, main, "courts", "revoke-key", "nope", ok=False).exit_code != 0
    assert "no court key" in run(cli_env, main, "courts", "list-keys").output
