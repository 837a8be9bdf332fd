"""The operators' command line: ``registry serve | worker | demo | orgs | users | banks | projections | bench``."""

from __future__ import annotations

import signal
import sys
import threading
from datetime import timedelta

import click

from adapters.accounts import AccountError
from adapters.instance import load_settings
from registry.kernel.actors import Role


def _platform():  # noqa: ANN202
    """The platform for one command; its stores and connection pools close when the command ends."""
    from web.bootstrap import build_platform

    platform = build_platform(load_settings())
    click.get_current_context().call_on_close(platform.close)
    return platform


@click.group()
def main() -> None:
    """Real-estate registry one window. Configure with REGISTRY_* environment variables (see README)."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
@click.option("--demo/--no-demo", default=True, show_default=True, help="load the demo data on a fresh instance")
def serve(host: str, port: int, threads: int, demo: bool) -> None:
    """Serve the web app with one embedded worker (the SQLite default)."""
    from waitress import serve as waitress_serve

    from web import create_app
    from web.demo import DEMO_PASSWORD, is_loaded, load_demo

    app = create_app({"EMBEDDED_WORKER": "true"})
    platform = app.extensions["platform"]
    if demo and not is_loaded(platform):
        with click.progressbar(length=300, label="Loading demo data") as bar:
            load_demo(platform, progress=bar.update)
    seal = platform.sealer.pki  # a fresh instance creates its PKI here, before the first certificate
    url = f"http://{host}:{port}"
    click.echo(f"\nRegistry one window: {url}   (API docs: {url}/api/docs)")
    click.echo(f"Store: {platform.settings.store_kind}, instance folder: {platform.settings.instance_path}")
    click.echo(f"Seal: {seal.seal_cert.subject.rfc4514_string()} (key id {seal.seal_key_id}); "
               f"trust root for offline checks: {platform.settings.instance_path / 'pki' / 'root.pem'}")
    if is_loaded(platform):
        click.echo(f"Demo logins (password {DEMO_PASSWORD}): registrar, zhangwei (seller), lina (buyer), "
                   "admin, icbc, ccb, rcb, gulou-court, fz-court, tax")
    waitress_serve(app, host=host, port=port, threads=threads, ident="registry")


@main.command()
@click.option("--interval", default=0.2, show_default=True, help="seconds between polls of the event log")
def worker(interval: float) -> None:
    """Run every background loop alone (views, certificate issuer, hand-offs between applications,
    refunds): exactly one worker process per deployment, next to any number of web processes."""
    from web import create_app

    app = create_app({"EMBEDDED_WORKER": "false"})  # the platform with its gateway client, no web server
    platform = app.extensions["platform"]
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    click.echo(f"worker following the {platform.settings.store_kind} event stores; Ctrl-C stops")
    threads = [threading.Thread(target=loop.run_forever, args=(stop, interval), name=name)
               for name, loop in platform.loops()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    platform.close()


@main.command()
@click.option("--units", "unit_count", default=300, show_default=True)
def demo(unit_count: int) -> None:
    """Load the demo organisations, users, units and cases (does nothing if already loaded)."""
    from web.demo import load_demo

    platform = _platform()
    with click.progressbar(length=unit_count, label="Registering units") as bar:
        result = load_demo(platform, unit_count, progress=bar.update)
    if not result["loaded"]:
        click.echo("demo data already loaded; nothing changed")
        return
    click.echo(f"users: {', '.join(result['users'])}; password: {result['password']}")
    for user, token in result["tokens"].items():
        click.echo(f"API token for {user}: {token}")


@main.group()
def orgs() -> None:
    """Organisations: registry offices, banks, courts, tax bureaus."""


@orgs.command("add")
@click.argument("org_id")
@click.option("--kind", required=True, type=click.Choice(["registry", "bank", "court", "tax_bureau", "platform"]))
@click.option("--name", required=True)
@click.option("--province", help="registry offices: province abbreviation for numbers, e.g. 闽")
@click.option("--city", help="registry offices and tax bureaus: the city they serve, e.g. 福州市")
@click.option("--issuer-code", help="registry offices: unified social credit code, part of e-certificate ids")
def orgs_add(org_id: str, kind: str, name: str, province: str | None, city: str | None,
             issuer_code: str | None) -> None:
    platform = _platform()
    try:
        platform.accounts.add_org(org_id, kind, name, province=province, city=city, issuer_code=issuer_code,
                                  now=platform.clock.now())
    except AccountError as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"added {kind} {org_id}")


@orgs.command("list")
def orgs_list() -> None:
    for org in _platform().accounts.orgs():
        click.echo(f"{org['id']:24} {org['kind']:11} {org['name']}")


@main.group()
def users() -> None:
    """Users and API tokens."""


@users.command("add")
@click.argument("user_id")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--org", help="the organisation (not for applicants)")
@click.option("--name", "display_name", required=True)
@click.option("--id-number", help="applicants: the resident ID number they hold rights under")
@click.option("--password", help="page login password (prompted when --ask-password)")
@click.option("--ask-password", is_flag=True)
@click.option("--token/--no-token", default=None, help="issue an API token (default for bank and court clients)")
def users_add(user_id: str, role: str, org: str | None, display_name: str, id_number: str | None,
              password: str | None, ask_password: bool, token: bool | None) -> None:
    platform = _platform()
    if ask_password:
        password = click.prompt("password", hide_input=True, confirmation_prompt=True)
    chosen = Role(role)
    try:
        platform.accounts.add_user(user_id, chosen, org=org, display_name=display_name, password=password,
                                   id_number=id_number, now=platform.clock.now())
    except AccountError as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"added {chosen.value} {user_id}")
    if token or (token is None and chosen in (Role.BANK_STAFF, Role.COURT_CLIENT)):
        issued = platform.accounts.issue_token(user_id, platform.clock.now())
        click.echo(f"API token (shown once, store it now): {issued}")


@users.command("list")
def users_list() -> None:
    for user in _platform().accounts.users():
        click.echo(f"{user.id:16} {user.role.value:13} {user.org or '-':24} {user.display_name}")


@users.command("token")
@click.argument("user_id")
@click.option("--days", default=90, show_default=True, type=click.IntRange(1, 366), help="how long it is valid")
def users_token(user_id: str, days: int) -> None:
    """Issue another API token for an existing user (earlier tokens stay valid until revoked)."""
    platform = _platform()
    try:
        issued = platform.accounts.issue_token(user_id, platform.clock.now(), valid_for=timedelta(days=days))
    except AccountError as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"API token for {user_id}, valid {days} days (shown once, store it now): {issued}")


@users.command("revoke-tokens")
@click.argument("user_id")
def users_revoke_tokens(user_id: str) -> None:
    """Revoke every API token of a user at once (a lost laptop, a leaked key, staff who left)."""
    platform = _platform()
    if platform.accounts.user(user_id) is None:
        raise click.ClickException(f"no user {user_id}")
    revoked = platform.accounts.revoke_tokens(user_id)
    click.echo(f"revoked {revoked} API token(s) of {user_id}")


@main.group()
def projections() -> None:
    """Read models (views)."""


@projections.command("rebuild")
@click.argument("name", required=False)
@click.option("--all", "rebuild_all", is_flag=True, help="rebuild every view")
def projections_rebuild(name: str | None, rebuild_all: bool) -> None:
    """Drop a view and replay it from the first event, with a progress bar."""
    platform = _platform()
    known = [p.name for p in platform.worker.projections]
    names = known if rebuild_all else [name] if name else []
    if not names or any(n not in known for n in names):
        raise click.UsageError(f"name one of {', '.join(known)} or pass --all")
    head = platform.registry.recorder.max_notification_id() or 0
    for view in names:
        with click.progressbar(length=head, label=f"Rebuilding {view}") as bar:
            done = platform.worker.rebuild(view, progress=lambda n, _total, bar=bar: bar.update(n - bar.pos))
        click.echo(f"{view}: {done} events replayed")


from web.cli_banks import banks  # noqa: E402  (groups defined in their own modules)
from web.cli_bench import bench  # noqa: E402
from web.cli_courts import courts  # noqa: E402
from web.cli_keys import keys, verify_command  # noqa: E402
from web.cli_seizures import seizures  # noqa: E402

main.add_command(banks)
main.add_command(courts)
main.add_command(bench)
main.add_command(keys)
main.add_command(seizures)
main.add_command(verify_command, "verify")


if __name__ == "__main__":
    sys.exit(main())
