"""``registry bench core``: complete transfer cases through the application layer, against bare
eventsourcing saving the same number of events of the same size, grouped into the same saves,
on the same persistence module with the same cipher, in the same run."""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from adapters.clock import FixedClock
from adapters.instance import event_store_env, load_settings
from cli.bench.catchup import bare_catchup, project_catchup
from projections import all_projections
from registry.kernel.actors import Actor, Role
from registry.kernel.codes import Use
from registry.kernel.values import Owner, Person, Term, resident_id_check_character
from registry.register_book import commands as units
from registry.transfers import commands as transfers
from web.bootstrap import build_platform


class BareRecord(Aggregate):
    """The bare library's aggregate: one payload per event, nothing else."""

    @event("Created")
    def __init__(self, payload: str) -> None:
        self.payload = payload

    @event("Touched")
    def touch(self, payload: str) -> None:
        self.payload = payload


def _person(i: int, role: int) -> Person:
    first17 = f"3501021970{1 + i % 12:02d}{1 + i % 28:02d}{(i * 2 + role) % 1000:03d}"
    return Person(f"买受人{i}" if role else f"出卖人{i}", first17 + resident_id_check_character(first17))


def _project_run(tmp: Path, cases: int) -> tuple[float, list[int], object]:
    clock = FixedClock(datetime(2026, 3, 16, 9, 0))
    platform = build_platform(load_settings({"INSTANCE_PATH": str(tmp / "project")}), clock=clock)
    platform.accounts.add_org("fz-registry", "registry", "福州市不动产登记中心", province="闽", city="福州市",
                              now=clock.now())
    registrar = Actor("registrar", Role.REGISTRAR, "fz-registry")
    for i in range(cases):
        units.register_unit(platform.registry, registrar, unit_number=f"350102001001GB{1 + i:05d}F00010001",
                            registry="fz-registry", location=f"福州市鼓楼区五四路{i}号", area=Decimal("98.50"),
                            use=Use.RESIDENTIAL, right_nature="市场化商品房",
                            term=Term(date(2000, 1, 1), date(2069, 12, 31)),
                            owners=[Owner(_person(i, 0), Decimal(1))])
    groups: list[int] = []
    app = platform.registry

    def track(receipt_position: int | None, before: int) -> int:
        groups.append((receipt_position or before) - before)
        return receipt_position or before

    head = app.recorder.max_notification_id() or 0
    started = time.perf_counter()
    for i in range(cases):
        buyer = _person(i, 1)
        actor = Actor(f"buyer{i}", Role.APPLICANT, id_number=buyer.id_number)
        r = transfers.submit_transfer(
            app, actor, unit_number=f"350102001001GB{1 + i:05d}F00010001", sellers=[_person(i, 0)],
            buyers=[Owner(buyer, Decimal(1))], price=Decimal("1500000.00"), contract_number=f"BENCH-{i}",
            contract_date=date(2026, 3, 10), families={}, certificates_wanted=1)
        head = track(r.position, head)
        head = track(transfers.record_settlement(app, r.id, "bench").position, head)
        head = track(transfers.approve_transfer(app, registrar, r.id).position, head)
    return time.perf_counter() - started, groups, platform


def _bare_run(tmp: Path, groups: list[int], payload_size: int, cipher: bool) -> float:
    settings = load_settings({"INSTANCE_PATH": str(tmp / ("bare" if cipher else "bare-plain"))})
    env = event_store_env(settings)
    if not cipher:
        env.pop("CIPHER_TOPIC")
        env.pop("CIPHER_KEY")
    app = Application(env=env)
    pool = [BareRecord("x") for _ in range(max(groups) * 2)]
    app.save(*pool)
    payload = "x" * payload_size
    started = time.perf_counter()
    case: BareRecord | None = None  # like a transfer case: created, then changed with others
    for size in groups:
        if case is None:
            case = BareRecord(payload)
            touched = [case] + pool[: size - 1]
            for agg in touched[1:]:
                agg.touch(payload)
        else:
            touched = [case] + pool[: size - 1]
            for agg in touched:
                agg.touch(payload)
            if size > 1:
                case = None
        app.save(*touched)
    return time.perf_counter() - started


def _one_round(tmp: Path, cases: int) -> dict:
    project_seconds, groups, platform = _project_run(tmp, cases)
    events = sum(groups)
    app = platform.registry
    timed_from = (app.recorder.max_notification_id() or 0) - events + 1
    sizes = [len(n.state) for n in app.recorder.select_notifications(start=timed_from, limit=events)]
    payload = max(1, int(sum(sizes) / len(sizes)) - 150)  # the cipher adds nonce+tag+base64 envelope
    bare_seconds = _bare_run(tmp, groups, payload, cipher=True)
    plain_seconds = _bare_run(tmp, groups, payload, cipher=False)
    head, catchup_seconds = project_catchup(app, tmp / "catchup-views.sqlite")
    bare_catchup_seconds = bare_catchup(app, tmp)
    platform.close()
    return {"events": events, "saves": len(groups), "project": events / project_seconds,
            "cases": cases / project_seconds, "bare": events / bare_seconds, "plain": events / plain_seconds,
            "catchup": head / catchup_seconds, "bare_catchup": head / bare_catchup_seconds}


def run_core_bench(cases: int, rounds: int = 3, echo: Callable[[str], None] = print) -> dict:
    """Interleaves the project and bare runs ``rounds`` times; reports medians (the disk is noisy)."""
    results = []
    for number in range(1, rounds + 1):
        with tempfile.TemporaryDirectory(prefix="registry-bench-") as folder:
            results.append(_one_round(Path(folder), cases))
        r = results[-1]
        echo(f"  round {number}: project {r['project']:,.0f} events/s, bare {r['bare']:,.0f} events/s, "
             f"ratio {r['project'] / r['bare']:.2f}; catch-up {r['catchup']:,.0f} events/s, "
             f"bare {r['bare_catchup']:,.0f}, ratio {r['catchup'] / r['bare_catchup']:.2f}")
    median = {key: statistics.median(r[key] for r in results) for key in results[0]}
    median["ratio"] = statistics.median(r["project"] / r["bare"] for r in results)
    median["catchup_ratio"] = statistics.median(r["catchup"] / r["bare_catchup"] for r in results)
    echo(f"bench core: {cases} transfer cases = {median['events']:.0f} events in {median['saves']:.0f} saves "
         f"(submit, settle, approve) on eventsourcing.sqlite with AES-GCM at rest; medians of {rounds} rounds")
    echo(f"  project (application layer: loads, rules, atomic saves): {median['cases']:,.0f} cases/s, "
         f"{median['project']:,.0f} events/s")
    echo(f"  bare eventsourcing, same module, cipher, event sizes and save groups: {median['bare']:,.0f} events/s")
    echo(f"  ratio project / bare: {median['ratio']:.2f}  (goal >= 0.5)")
    echo(f"  reference, bare eventsourcing.sqlite without the cipher: {median['plain']:,.0f} events/s")
    echo(f"  projection catch-up ({len(all_projections())} views from the first event, batches of 500): "
         f"{median['catchup']:,.0f} events/s")
    echo(f"  bare catch-up (eventsourcing reads + the same statements on sqlite3, no SQLAlchemy): "
         f"{median['bare_catchup']:,.0f} events/s")
    echo(f"  ratio catch-up project / bare: {median['catchup_ratio']:.2f}  (what the handlers and the store layer add)")
    return median
