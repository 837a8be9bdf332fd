"""``registry orgs …`` and ``registry users …``: organisations, users and their API tokens."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import click

from adapters.accounts import AccountError
from adapters.contacts import ContactBook
from cli.context import pass_platform
from registry.kernel.actors import Role

if TYPE_CHECKING:
    from web.bootstrap import Platform


@click.group()
def orgs() -> None:
    """Organisations: registry offices, banks, courts, tax bureaus."""


@orgs.command("add")
@click.argument("org_id")
@click.option("--kind", required=True, type=click.Choice(["registry", "bank", "court", "tax_bureau", "platform"]))
@click.option("--name", required=True)
@click.option("--province", help="registry offices: province abbreviation for numbers, e.g. 闽")
@click.option("--city", help="registry offices and tax bureaus: the city they serve, e.g. 福州市")
@click.option("--issuer-code", help="registry offices: unified social credit code, part of e-certificate ids")
@pass_platform
def orgs_add(platform: Platform, org_id: str, kind: str, name: str, province: str | None, city: str | None,
             issuer_code: str | None) -> None:
    try:
        platform.accounts.add_org(org_id, kind, name, province=province, city=city, issuer_code=issuer_code,
                                  now=platform.clock.now())
    except AccountError as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"added {kind} {org_id}")


@orgs.command("list")
@pass_platform
def orgs_list(platform: Platform) -> None:
    for org in platform.accounts.orgs():
        click.echo(f"{org['id']:24} {org['kind']:11} {org['name']}")


@click.group()
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
@pass_platform
def users_add(platform: Platform, user_id: str, role: str, org: str | None, display_name: str,
              id_number: str | None, password: str | None, ask_password: bool, token: bool | None) -> None:
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
@pass_platform
def users_list(platform: Platform) -> None:
    for user in platform.accounts.users():
        click.echo(f"{user.id:16} {user.role.value:13} {user.org or '-':24} {user.display_name}")


@users.command("token")
@click.argument("user_id")
@click.option("--days", default=90, show_default=True, type=click.IntRange(1, 366), help="how long it is valid")
@pass_platform
def users_token(platform: Platform, user_id: str, days: int) -> None:
    """Issue another API token for an existing user (earlier tokens stay valid until revoked)."""
    try:
        issued = platform.accounts.issue_token(user_id, platform.clock.now(), valid_for=timedelta(days=days))
    except AccountError as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"API token for {user_id}, valid {days} days (shown once, store it now): {issued}")


@users.command("revoke-tokens")
@click.argument("user_id")
@pass_platform
def users_revoke_tokens(platform: Platform, user_id: str) -> None:
    """Revoke every API token of a user at once (a lost laptop, a leaked key, staff who left)."""
    if platform.accounts.user(user_id) is None:
        raise click.ClickException(f"no user {user_id}")
    revoked = platform.accounts.revoke_tokens(user_id)
    click.echo(f"revoked {revoked} API token(s) of {user_id}")


@users.command("contacts")
@click.argument("user_id")
@click.option("--email", help="an email address for copies of the inbox messages ('' clears it)")
@click.option("--mobile", help="a mainland mobile number for SMS copies, 11 digits ('' clears it)")
@pass_platform
def users_contacts(platform: Platform, user_id: str, email: str | None, mobile: str | None) -> None:
    """Show a user's contacts, or set them (personal data: for the operator and the user only)."""
    book = ContactBook(platform.views)
    try:
        found = book.set(user_id, platform.clock.now(), email=email, mobile=mobile) if (email, mobile) != (None, None) \
            else book.get(user_id)
    except AccountError as e:
        raise click.ClickException(str(e)) from None
    if found is None:
        raise click.ClickException(f"no user {user_id}")
    click.echo(f"{user_id}: email {found.email or '-'}, mobile {found.mobile or '-'}")
