"""``registry bench …``: benchmarks that compare the project with the bare library in the same run."""

from __future__ import annotations

import click


@click.group()
def bench() -> None:
    """Benchmarks comparing the project with the bare library in the same run."""


@bench.command("core")
@click.option("-n", "cases", default=500, show_default=True, help="transfer cases per round")
@click.option("--rounds", default=3, show_default=True, help="interleaved rounds; medians are reported")
def bench_core(cases: int, rounds: int) -> None:
    """N complete transfer cases vs bare eventsourcing saving the same events; prints the ratio."""
    from cli.bench.core import run_core_bench

    run_core_bench(cases, rounds, echo=click.echo)


@bench.command("certificates")
@click.option("-n", "count", default=100, show_default=True, help="certificates to draw and seal")
def bench_certificates(count: int) -> None:
    """Draw + seal N certificates vs bare pyHanko signing a blank page (same key, TSA, profile)."""
    from cli.bench.certificates import run_certificates_bench

    run_certificates_bench(count, echo=click.echo)


@bench.command("mortgages")
@click.option("--clients", default=20, show_default=True, help="concurrent bank clients")
@click.option("-n", "per_client", default=10, show_default=True, help="filings per client")
@click.option("--think", default=1.0, show_default=True,
              help="seconds (±50 %) a client waits after a proof before filing again; 0 = flat out")
@click.option("--seal-processes", default=2, show_default=True, help="REGISTRY_SEAL_PROCESSES for the run")
def bench_mortgages(clients: int, per_client: int, think: float, seal_processes: int) -> None:
    """Bank API call → signed e-proof retrievable, for auto-approvable filings; median, p99, filings/s."""
    from cli.bench.mortgages import run_mortgages_bench

    run_mortgages_bench(clients, per_client, think, seal_processes, echo=click.echo)


@bench.command("supervision")
@click.option("-n", "cases", default=50_000, show_default=True, help="timed cases seeded into the views")
@click.option("--repeats", default=50, show_default=True, help="dashboard answers measured")
def bench_supervision(cases: int, repeats: int) -> None:
    """The supervisor's dashboard over N timed cases; p50 and p99 against bare sqlite3 fetching the same rows."""
    from cli.bench.supervision import run_supervision_bench

    run_supervision_bench(cases, repeats, echo=click.echo)
