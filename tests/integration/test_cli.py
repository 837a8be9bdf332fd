"""The operators' CLI on both stores: organisations, users with tokens shown once, rebuild, demo."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests.postgres import PG_URL, fresh_schema
from web.cli import main


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


def test_registry_office_needs_numbering_details(cli_env):
    refused = run(cli_env, "orgs", "add", "fz", "--kind", "registry", "--name", "福州", ok=False)
    assert refused.exit_code != 0 and "province" in refused.output


def test_demo_loads_once_and_views_rebuild_from_it(cli_env):
    first = run(cli_env, "demo", "--units", "40")
    assert "password: registry-demo-2026" in first.output
    assert "already loaded" in run(cli_env, "demo").output
    rebuilt = run(cli_env, "projections", "rebuild", "--all")
    for view in ("register_book", "registrar", "applicant"):
        assert f"{view}: " in rebuilt.output
    assert run(cli_env, "projections", "rebuild", "nonsense", ok=False).exit_code == 2
