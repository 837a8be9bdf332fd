"""``registry keys …`` and ``registry verify``: the instance PKI and offline checks of certificates."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from adapters.instance import Settings
from cli.context import Operator, pass_operator


@click.group()
def keys() -> None:
    """The seal PKI in <instance>/pki: root CA, issuing CA, seal certificates and the time-stamping key."""


def _pki_folder_and_passphrase(settings: Settings) -> tuple[Path, bytes]:
    return settings.instance_path / "pki", settings.key_passphrase.encode()


def _show_pki(settings: Settings, folder: Path) -> None:
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
@pass_operator
def keys_init(operator: Operator, name: str | None) -> None:
    """Create the PKI on a fresh instance (does nothing when it exists) and print the fingerprints."""
    from adapters.clock import SystemClock
    from adapters.pki import init_pki, is_initialised

    settings = operator.settings
    folder, passphrase = _pki_folder_and_passphrase(settings)
    fresh = not is_initialised(folder)
    init_pki(folder, passphrase, name or settings.seal_org_name, SystemClock().now())
    click.echo("created the seal PKI" if fresh else "the seal PKI already exists; nothing changed")
    _show_pki(settings, folder)


@keys.command("rotate")
@pass_operator
def keys_rotate(operator: Operator) -> None:
    """Issue a new seal certificate and make it active; documents sealed earlier still verify."""
    from adapters.clock import SystemClock
    from adapters.pki import PkiError, rotate_seal

    settings = operator.settings
    folder, passphrase = _pki_folder_and_passphrase(settings)
    try:
        new_key_id = rotate_seal(folder, passphrase, SystemClock().now())
    except PkiError as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"new active seal, key id {new_key_id} (restart serving processes to use it)")
    _show_pki(settings, folder)


@keys.command("show")
@pass_operator
def keys_show(operator: Operator) -> None:
    """Print the certificates' SHA-256 fingerprints, key ids and expiry dates."""
    settings = operator.settings
    folder, _ = _pki_folder_and_passphrase(settings)
    _show_pki(settings, folder)


@click.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--trust-root", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="PEM bundle to trust instead of the instance's roots (include the TSA's root)")
@click.option("--max-bytes", default=10 * 1024 * 1024, show_default=True, type=int)
@click.option("--verbose", is_flag=True, help="show pyHanko's own log (tracebacks for every failed check)")
@pass_operator
def verify_command(operator: Operator, file: Path, trust_root: Path | None, max_bytes: int, verbose: bool) -> None:
    """Verify a sealed PDF offline; exit status 0 only when the seal is valid."""
    import logging

    from adapters.pki import PkiError
    from adapters.sealing import instance_trust, trust_from_pem, verify

    if not verbose:  # the verdict below says what failed; pyHanko would log a traceback per failed check
        logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    try:
        trust = trust_from_pem(trust_root.read_bytes()) if trust_root else instance_trust(operator.settings)
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
