"""The operators' CLI on both stores: organisations, users with tokens shown once, rebuild, demo."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli.main import main
from tests.builders import LI_NA
from tests.postgres import PG_URL, fresh_schema


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def cli_env(request, tmp_path):
    env = {"REGISTRY_INSTANCE_PATH": str(tmp_path / "instance")}
    if request.param == "postgres":
        with fresh_schema() as schema:
            yield {**env, "REGISTRY_DATABASE_URL": f"{PG_URL}?schema={schema}"}
        return
    yield {**env, "REGISTRY_DATABASE_URL": ""}


def run(env, *args, ok=True):
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    return result


def test_admin_adds_a_bank_and_its_staff_gets_a_token_shown_once(cli_env):
    run(cli_env, "orgs", "add", "icbc-fz", "--kind", "bank", "--name", "中国工商银行福州分行")
    added = run(cli_env, "users", "add", "icbc", "--role", "bank_staff", "--org", "icbc-fz", "--name", "信贷部")
    token = added.output.split("API token (shown once, store it now): ")[1].strip()
    assert token.startswith("rgt_")
    listed = run(cli_env, "users", "list").output
    assert "icbc" in listed and token not in listed

    from adapters.instance import load_settings
    from web.bootstrap import build_platform
    settings = load_settings({"INSTANCE_PATH": cli_env["REGISTRY_INSTANCE_PATH"],
                              "DATABASE_URL": cli_env["REGISTRY_DATABASE_URL"]})
    platform = build_platform(settings)
    try:
        assert platform.accounts.user_for_token(token, platform.clock.now()).id == "icbc"
    finally:
        platform.close()


def test_a_user_of_the_wrong_organisation_kind_is_refused(cli_env):
    run(cli_env, "orgs", "add", "icbc-fz", "--kind", "bank", "--name", "工行")
    refused = run(cli_env, "users", "add", "lin", "--role", "registrar", "--org", "icbc-fz", "--name", "林",
                  ok=False)
    assert refused.exit_code != 0 and "registry" in refused.output


def test_the_operator_sets_a_users_contacts_and_a_bad_number_is_refused(cli_env):
    run(cli_env, "users", "add", "lina", "--role", "applicant", "--name", "李娜", "--id-number", LI_NA.id_number)
    assert "email -, mobile -" in run(cli_env, "users", "contacts", "lina").output
    set_ = run(cli_env, "users", "contacts", "lina", "--email", "lina@example.cn", "--mobile", "13912345678")
    assert "email lina@example.cn, mobile 13912345678" in set_.output
    refused = run(cli_env, "users", "contacts", "lina", "--mobile", "02787654321", ok=False)
    assert refused.exit_code != 0 and "mobile" in refused.output
    assert "mobile 13912345678" in run(cli_env, "users", "contacts", "lina").output
    assert run(cli_env, "users", "contacts", "nobody", ok=False).exit_code != 0


def test_registry_office_needs_numbering_details(cli_env):
    refused = run(cli_env, "orgs", "add", "fz", "--kind", "registry", "--name", "福州", ok=False)
    assert refused.exit_code != 0 and "province" in refused.output


def test_demo_loads_once_and_views_rebuild_from_it(cli_env):
    first = run(cli_env, "demo", "--units", "40")
    assert "password: registry-demo-2026" in first.output
    assert "already loaded" in run(cli_env, "demo").output
    rebuilt = run(cli_env, "projections", "rebuild", "--all")
    for view in ("register_book", "registrar", "applicant", "bank_desk", "mortgage_consents"):
        assert f"{view}: " in rebuilt.output
    assert run(cli_env, "projections", "rebuild", "nonsense", ok=False).exit_code == 2
    accredited_banks = [line.split()[0] for line in run(cli_env, "banks", "list").output.splitlines()]
    assert accredited_banks == ["ccb-fz", "fz-rcb", "icbc-fz"]


def test_demo_has_a_living_bank_desk(cli_env):
    """ICBC's mortgage on Zhang Wei's flat is registered; CCB's second-rank filing waits for his confirmation."""
    from adapters.instance import load_settings
    from cli.demo_data import ZHANG_WEI
    from projections import bank_queries, consents
    from registry.kernel.actors import Actor, Role
    from web.bootstrap import build_platform

    run(cli_env, "demo", "--units", "5")
    platform = build_platform(load_settings({"INSTANCE_PATH": cli_env["REGISTRY_INSTANCE_PATH"],
                                             "DATABASE_URL": cli_env["REGISTRY_DATABASE_URL"]}))
    try:
        platform.start_worker_thread()
        platform.wait_until_idle()
        icbc = bank_queries.filings(platform.views, Actor("icbc", Role.BANK_STAFF, "icbc-fz")).items
        ccb = bank_queries.filings(platform.views, Actor("ccb", Role.BANK_STAFF, "ccb-fz")).items
        waiting = consents.awaiting_me(platform.views, Actor("zhangwei", Role.APPLICANT,
                                                             id_number=ZHANG_WEI.id_number)).items
    finally:
        platform.close()
    assert [(f["state"], f["rank"]) for f in icbc] == [("registered", 1)] and icbc[0]["proof_numbers"]
    assert [(f["state"], f["rank"]) for f in ccb] == [("awaiting_consent", 2)]
    assert [f["bank_name"] for f in waiting] == ["中国建设银行福州分行"]


# -- bank accreditation ----------------------------------------------------------------------------
def add_fuzhou_and_icbc(env) -> None:
    run(env, "orgs", "add", "fz-registry", "--kind", "registry", "--name", "福州市不动产登记中心",
        "--province", "闽", "--city", "福州市")
    run(env, "orgs", "add", "icbc-fz", "--kind", "bank", "--name", "中国工商银行福州分行")


def accredited(env, bank: str, registry: str) -> bool:
    from adapters.instance import load_settings
    from web.bootstrap import build_platform
    platform = build_platform(load_settings({"INSTANCE_PATH": env["REGISTRY_INSTANCE_PATH"],
                                             "DATABASE_URL": env["REGISTRY_DATABASE_URL"]}))
    try:
        return platform.banks.accredited(bank, registry)
    finally:
        platform.close()


def test_admin_accredits_a_bank_at_a_registry_lists_it_and_withdraws_it(cli_env):
    add_fuzhou_and_icbc(cli_env)
    assert "no bank is accredited" in run(cli_env, "banks", "list").output
    done = run(cli_env, "banks", "accredit", "icbc-fz", "fz-registry")
    assert "accredited icbc-fz (中国工商银行福州分行) at fz-registry" in done.output
    assert "accredited" in run(cli_env, "banks", "accredit", "icbc-fz", "fz-registry").output, "again is harmless"
    listed = run(cli_env, "banks", "list").output.splitlines()
    assert len(listed) == 1 and listed[0].split()[:2] == ["icbc-fz", "fz-registry"]
    assert "中国工商银行福州分行" in listed[0]
    assert accredited(cli_env, "icbc-fz", "fz-registry")

    assert "withdrew icbc-fz at fz-registry" in run(cli_env, "banks", "withdraw", "icbc-fz", "fz-registry").output
    assert not accredited(cli_env, "icbc-fz", "fz-registry")
    assert "nothing changed" in run(cli_env, "banks", "withdraw", "icbc-fz", "fz-registry").output
    assert "icbc-fz is not accredited anywhere" in run(cli_env, "banks", "list", "--bank", "icbc-fz").output


def test_accreditation_names_a_bank_and_a_registry_office(cli_env):
    add_fuzhou_and_icbc(cli_env)
    for bank, registry in (("fz-registry", "icbc-fz"), ("icbc-fz", "no-such-office"), ("no-such-bank", "fz-registry")):
        refused = run(cli_env, "banks", "accredit", bank, registry, ok=False)
        assert refused.exit_code == 1 and "must be a bank" in refused.output
    assert "no bank is accredited" in run(cli_env, "banks", "list").output


def token_user(env, token):
    from adapters.instance import load_settings
    from web.bootstrap import build_platform
    platform = build_platform(load_settings({"INSTANCE_PATH": env["REGISTRY_INSTANCE_PATH"],
                                             "DATABASE_URL": env["REGISTRY_DATABASE_URL"]}))
    try:
        user = platform.accounts.user_for_token(token, platform.clock.now())
        return user.id if user else None
    finally:
        platform.close()


def test_an_existing_user_gets_a_new_token_and_revoking_ends_every_token(cli_env):
    run(cli_env, "orgs", "add", "icbc-fz", "--kind", "bank", "--name", "中国工商银行福州分行")
    first = run(cli_env, "users", "add", "icbc", "--role", "bank_staff", "--org", "icbc-fz", "--name", "信贷部")
    first_token = first.output.split("store it now): ")[1].strip()
    second = run(cli_env, "users", "token", "icbc", "--days", "30").output
    assert "valid 30 days" in second
    second_token = second.split("store it now): ")[1].strip()
    assert second_token.startswith("rgt_") and second_token != first_token
    assert token_user(cli_env, first_token) == token_user(cli_env, second_token) == "icbc"
    revoked = run(cli_env, "users", "revoke-tokens", "icbc").output
    assert "revoked 2 API token(s) of icbc" in revoked
    assert token_user(cli_env, first_token) is None and token_user(cli_env, second_token) is None


def test_tokens_are_refused_for_a_user_who_does_not_exist(cli_env):
    for command in (("users", "token", "nobody"), ("users", "revoke-tokens", "nobody")):
        refused = run(cli_env, *command, ok=False)
        assert refused.exit_code != 0 and "no user nobody" in refused.output
