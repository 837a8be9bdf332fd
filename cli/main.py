"""The operators' command line: ``registry serve | worker | demo | orgs | users | banks | courts | keys |
verify | projections | seizures | db | bench``. Each group lives in its own module; they share ``cli.context``."""

from __future__ import annotations

import sys

import click

from cli.accounts import orgs, users
from cli.banks import banks
from cli.bench.commands import bench
from cli.context import Operator
from cli.courts import courts
from cli.database import database
from cli.keys import keys, verify_command
from cli.projections import projections
from cli.seizures import seizures
from cli.serving import demo, serve, worker


@click.group()
@click.pass_context
def main(ctx: click.Context) -> None:
    """Real-estate registry one window. Configure with REGISTRY_* environment variables (see README)."""
    ctx.obj = Operator()
    ctx.call_on_close(ctx.obj.close)


for command in (serve, worker, demo, orgs, users, banks, courts, keys, projections, seizures, database, bench):
    main.add_command(command)
main.add_command(verify_command, "verify")


if __name__ == "__main__":
    sys.exit(main())
