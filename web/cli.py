"""The operators' command line: ``registry serve | worker | demo | orgs | users | projections | bench``."""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path

import click

from adapters.accounts import AccountError
from adapters.instance import load_settings
from registry.actors import Role


def _platform():  # noqa: ANN202
    from web.bootstrap import build_platform

    return build_platform(load_settings())


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
    """Run the projections and policies alone (one per deployment, e.g. next to gunicorn web workers)."""
    platform = _platform()
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    click.echo(f"worker following the {platform.settings.store_kind} event store; Ctrl-C stops")
    issuer = threading.Thread(target=platform.issuer.run_forever, args=(stop, interval), name="registry-issuer")
    issuer.start()  # certificates are sealed in their own loop, so signing never holds up the views
    platform.worker.run_forever(stop, interval)
    issuer.join()


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
@click.option("--city", help="registry offices: city for numbers, e.g. 福州市")
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


@main.group()
def bench() -> None:
    """Benchmarks comparing the project with the bare library in the same run."""


@bench.command("core")
@click.option("-n", "cases", default=500, show_default=True, help="transfer cases per round")
@click.option("--rounds", default=3, show_default=True, help="interleaved rounds; medians are reported")
def bench_core(cases: int, rounds: int) -> None:
    """N complete transfer cases vs bare eventsourcing saving the same events; prints the ratio."""
    from web.bench import run_core_bench

    run_core_bench(cases, rounds, echo=click.echo)


@bench.command("certificates")
@click.option("-n", "count", default=100, show_default=True, help="certificates to draw and seal")
def bench_certificates(count: int) -> None:
    """Draw + seal N certificates vs bare pyHanko signing a blank page (same key, TSA, profile)."""
    from web.bench_certificates import run_certificates_bench

    run_certificates_bench(count, echo=click.echo)


@main.group()
def keys() -> None:
    """The seal PKI in <instance>/pki: root CA, issuing CA, seal certificates and the time-stamping key."""


def _pki_folder_and_passphrase():  # noqa: ANN202
    settings = load_settings()
    return settings, settings.instance_path / "pki", settings.key_passphrase.encode()


def _show_pki(settings, folder) -> None:  # noqa: ANN001
    from adapters.pki import PkiError, fingerprint, key_id, load_pki
    from adapters.sealing import external_pki

    try:
        pki, external = load_pki(folder, settings.key_passphrase.encode()), external_pki(settings)
    except PkiError as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"folder:  {folder}")
    for label, cert in (("root", pki.root), ("issuing", pki.issuing), ("tsa", pki.tsa_cert)):
        click.echo(f"{label:8} {fingerprint(cert)}  until {cert.not_valid_after_utc:%Y-%m-%d}")
    for number, cert in enumerate(pki.seal_certs, start=1):
        active = "  (active)" if cert == pki.seal_cert else ""
        click.echo(f"seal-{number:<3} {fingerprint(cert)}  key id {key_id(cert)}  until "
                   f"{cert.not_valid_after_utc:%Y-%m-%d}{active}")
    if external is not None:
        click.echo(f"external seal in use: {external.seal_cert.subject.rfc4514_string()}  key id "
                   f"{external.seal_key_id}  root {fingerprint(external.root)}")


@keys.command("init")
@click.option("--name", help="organisation named in the certificates (default: REGISTRY_SEAL_ORG_NAME)")
def keys_init(name: str | None) -> None:
    """Create the PKI on a fresh instance (does nothing when it exists) and print the fingerprints."""
    from adapters.clock import SystemClock
    from adapters.pki import init_pki, is_initialised

    settings, folder, passphrase = _pki_folder_and_passphrase()
    fresh = not is_initialised(folder)
    init_pki(folder, passphrase, name or settings.seal_org_name, SystemClock().now())
    click.echo("created the seal PKI" if fresh else "the seal PKI already exists; nothing changed")
    _show_pki(settings, folder)


@keys.command("rotate")
def keys_rotate() -> None:
    """Issue a new seal certificate and make it active; documents sealed earlier still verify."""
    from adapters.clock import SystemClock
    from adapters.pki import PkiError, rotate_seal

    settings, folder, passphrase = _pki_folder_and_passphrase()
    try:
        new_key_id = rotate_seal(folder, passphrase, SystemClock().now())
    except PkiError as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"new active seal, key id {new_key_id} (restart serving processes to use it)")
    _show_pki(settings, folder)


@keys.command("show")
def keys_show() -> None:
    """Print the certificates' SHA-256 fingerprints, key ids and expiry dates."""
    settings, folder, _ = _pki_folder_and_passphrase()
    _show_pki(settings, folder)


@main.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--trust-root", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="PEM bundle to trust instead of the instance's roots (include the TSA's root)")
@click.option("--max-bytes", default=10 * 1024 * 1024, show_default=True, type=int)
@click.option("--verbose", is_flag=True, help="show pyHanko's own log (tracebacks for every failed check)")
def verify_command(file: Path, trust_root: Path | None, max_bytes: int, verbose: bool) -> None:
    """Verify a sealed PDF offline; exit status 0 only when the seal is valid."""
    import logging

    from adapters.pki import PkiError
    from adapters.sealing import instance_trust, trust_from_pem, verify

    if not verbose:  # the verdict below says what failed; pyHanko would log a traceback per failed check
        logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    try:
        trust = trust_from_pem(trust_root.read_bytes()) if trust_root else instance_trust(load_settings())
    except (PkiError, ValueError) as e:
        raise click.ClickException(f"cannot load the trust roots: {e}") from None
    with file.open("rb") as f:
        data = f.read(max_bytes + 1)  # never read more than the limit (+1 to notice it)
    verdict = verify(data, trust=trust, max_bytes=max_bytes)
    for name in ("ok", "reason_code", "intact", "valid", "trusted", "timestamp_valid", "signed_at", "signer",
                 "seal_key_id", "coverage", "modification_level", "detail"):
        click.echo(f"{name:18} {getattr(verdict, name)}")
    click.echo(f"{'attachments':18} {', '.join(sorted(verdict.attachments)) or '-'}")
    sys.exit(0 if verdict.ok else 1)


if __name__ == "__main__":
    sys.exit(main())
