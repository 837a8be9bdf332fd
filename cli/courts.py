"""``registry courts …``: the Ed25519 public keys courts sign their requests with.

A key id names one key of one court and is never reused; revoking a key refuses its requests from then
on, and the key stays on record so what it signed before can still be verified. Headers and the canonical
string a court signs: ``web/court_auth.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from cli.context import pass_platform

if TYPE_CHECKING:
    from web.bootstrap import Platform



@click.group()
def courts() -> None:
    """Courts' signing keys (court enforcement systems are machine clients)."""


@courts.command("add-key")
@click.argument("court")
@click.option("--key-id", required=True, help="the id the court sends in X-Court-Key-Id (never reused)")
@click.option("--public-key", "public_key", required=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path), help="the court's Ed25519 public key, PEM")
@pass_platform
def courts_add_key(platform: Platform, court: str, key_id: str, public_key: Path) -> None:
    """Register an Ed25519 public key for COURT (an organisation of kind court)."""
    from adapters.court_keys import CourtKeyError

    try:
        platform.court_keys.add_key(court, key_id, public_key.read_text(), platform.clock.now())
    except (CourtKeyError, UnicodeDecodeError) as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"added key {key_id} for {court}: its signed requests are accepted from now on")


@courts.command("revoke-key")
@click.argument("key_id")
@pass_platform
def courts_revoke_key(platform: Platform, key_id: str) -> None:
    """Refuse KEY_ID's requests from now on (the key stays on record)."""
    from adapters.court_keys import CourtKeyError

    keys = platform.court_keys
    before = keys.key(key_id)
    try:
        key = keys.revoke_key(key_id, platform.clock.now())
    except CourtKeyError as e:
        raise click.ClickException(str(e)) from None
    if before and before.revoked:
        click.echo(f"{key_id} ({key.court}) was already revoked on {key.revoked_at}; nothing changed")
        return
    click.echo(f"revoked {key_id} of {key.court}: its requests are refused from now on")


@courts.command("list-keys")
@click.option("--court", help="only this court's keys")
@pass_platform
def courts_list_keys(platform: Platform, court: str | None) -> None:
    rows = platform.court_keys.list_keys(court)
    if not rows:
        click.echo("no court key is registered" if not court else f"{court} has no key")
        return
    for key in rows:
        state = f"revoked {key.revoked_at[:19]}" if key.revoked else "active"
        click.echo(f"{key.key_id:24} {key.court:16} added {key.created_at[:10]}  {state}")
