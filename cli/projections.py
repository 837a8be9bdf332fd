"""``registry projections rebuild``: dropping a read model (view) and replaying it from the first event."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from cli.context import pass_platform

if TYPE_CHECKING:
    from web.bootstrap import Platform


@click.group()
def projections() -> None:
    """Read models (views)."""


@projections.command("rebuild")
@click.argument("name", required=False)
@click.option("--all", "rebuild_all", is_flag=True, help="rebuild every view")
@pass_platform
def projections_rebuild(platform: Platform, name: str | None, rebuild_all: bool) -> None:
    """Drop a view and replay it from the first event, with a progress bar."""
    known = [p.name for p in platform.worker.projections]
    names = known if rebuild_all else [name] if name else []
    if not names or any(n not in known for n in names):
        raise click.UsageError(f"name one of {', '.join(known)} or pass --all")
    head = platform.registry.recorder.max_notification_id() or 0
    for view in names:
        with click.progressbar(length=head, label=f"Rebuilding {view}") as bar:
            done = platform.worker.rebuild(view, progress=lambda n, _total, bar=bar: bar.update(n - bar.pos))
        click.echo(f"{view}: {done} events replayed")
