"""``registry banks …``: which banks a registry office accepts online mortgage filings from.

Accreditation is an administrative list (``adapters.banks.BankDirectory``); the ``bank_accredited`` rule
reads it when a filing is decided, and each decision records what it said at the time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from cli.context import pass_platform

if TYPE_CHECKING:
    from web.bootstrap import Platform



@click.group()
def banks() -> None:
    """Bank accreditation for online mortgage filings (bank window)."""


@banks.command("accredit")
@click.argument("bank")
@click.argument("registry")
@pass_platform
def banks_accredit(platform: Platform, bank: str, registry: str) -> None:
    """Let BANK file mortgages online at the REGISTRY office (doing it again changes nothing)."""
    from adapters.banks import AccreditationError

    try:
        platform.banks.accredit(bank, registry, platform.clock.now())
    except AccreditationError as e:
        raise click.ClickException(f"{e}: {bank!r} must be a bank and {registry!r} a registry office "
                                   "(see 'registry orgs list')") from None
    click.echo(f"accredited {bank} ({platform.banks.bank_name(bank)}) at {registry}")


@banks.command("withdraw")
@click.argument("bank")
@click.argument("registry")
@pass_platform
def banks_withdraw(platform: Platform, bank: str, registry: str) -> None:
    """Stop accepting BANK's online filings at REGISTRY; filings already decided keep their outcome."""
    if not platform.banks.accredited(bank, registry):
        click.echo(f"{bank} is not accredited at {registry}; nothing changed")
        return
    platform.banks.withdraw(bank, registry)
    click.echo(f"withdrew {bank} at {registry}: its next filings there go to the registrar's queue")


@banks.command("list")
@click.option("--bank", help="only this bank's accreditations")
@pass_platform
def banks_list(platform: Platform, bank: str | None) -> None:
    rows = platform.banks.accreditations(bank)
    if not rows:
        click.echo("no bank is accredited" if not bank else f"{bank} is not accredited anywhere")
        return
    for row in rows:
        click.echo(f"{row['bank']:16} {row['registry']:16} since {row['since'][:10]}  "
                   f"{platform.banks.bank_name(row['bank']) or ''}")
