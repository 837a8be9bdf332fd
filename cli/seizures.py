"""``registry seizures lapse-due``: one pass of the seizure lapse scheduler, for cron or an operator.

The ``seizure-lapses`` loop of ``registry worker`` does the same every minute; running both is safe (a lapse is
recorded once, whoever gets there first). The pass first brings the views up to date, because the calendar it
reads is a view and this command may run where no worker does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from cli.context import pass_platform

if TYPE_CHECKING:
    from web.bootstrap import Platform


@click.group()
def seizures() -> None:
    """Court seizures (查封): their scheduled lapse."""


@seizures.command("lapse-due")
@pass_platform
def seizures_lapse_due(platform: Platform) -> None:
    """Record the lapse of every active seizure whose last day has passed; print what lapsed."""
    platform.worker.run_once()
    lapsed = platform.lapses.run_once()
    for outcome in platform.lapses.last:
        if outcome.lapsed:
            then = (f"; {outcome.activated} is active from {outcome.activated_from}" if outcome.activated else "")
            click.echo(f"lapsed {outcome.reference} on {outcome.unit_number}{then}")
        else:
            click.echo(f"not lapsed {outcome.reference} on {outcome.unit_number}: {outcome.reason}")
    platform.worker.run_once()
    today = platform.clock.today()
    click.echo(f"{lapsed} seizure(s) lapsed as of {today}" if lapsed else f"no seizure was due to lapse on {today}")
