"""``registry serve``, ``registry worker`` and ``registry demo``: running the platform and loading demo data."""

from __future__ import annotations

import signal
import threading
from typing import TYPE_CHECKING

import click

from cli.context import pass_platform

if TYPE_CHECKING:
    from web.bootstrap import Platform


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
@click.option("--demo/--no-demo", default=True, show_default=True, help="load the demo data on a fresh instance")
def serve(host: str, port: int, threads: int, demo: bool) -> None:
    """Serve the web app with one embedded worker (the SQLite default)."""
    from waitress import serve as waitress_serve

    from cli.demo_data import DEMO_PASSWORD, is_loaded, load_demo
    from web import create_app

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


@click.command()
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


@click.command()
@click.option("--units", "unit_count", default=300, show_default=True)
@pass_platform
def demo(platform: Platform, unit_count: int) -> None:
    """Load the demo organisations, users, units and cases (does nothing if already loaded)."""
    from cli.demo_data import load_demo

    with click.progressbar(length=unit_count, label="Registering units") as bar:
        result = load_demo(platform, unit_count, progress=bar.update)
    if not result["loaded"]:
        click.echo("demo data already loaded; nothing changed")
        return
    click.echo(f"users: {', '.join(result['users'])}; password: {result['password']}")
    for user, token in result["tokens"].items():
        click.echo(f"API token for {user}: {token}")
