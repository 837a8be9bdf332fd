"""The composition root: builds the Registry, the stores, the accounts and the worker from settings."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from adapters.accounts import AccountStore
from adapters.attachments import SqlDocumentShelf
from adapters.banks import BankDirectory
from adapters.clock import SystemClock
from adapters.court_keys import CourtKeys
from adapters.documents import SqlDocumentStore
from adapters.durable import migrate
from adapters.gateway_client import HttpTransport
from adapters.instance import Settings, event_store_env, open_view_store
from adapters.official_calendar import OfficialSchedule
from adapters.outbox import Outbox
from adapters.press import CertificatePress
from adapters.press_pool import PooledPress
from adapters.sealing import Sealer, sealer_from_settings
from adapters.transcodings import all_transcodings
from adapters.viewstore import ViewStore
from adapters.webhook_delivery import WebhookDeliveries
from adapters.webhooks import COURTS, WebhookStore
from projections import all_projections
from projections.case_clocks import CaseClocks
from projections.deadline_checks import DeadlineChecks
from projections.inbox import SupervisionInbox, TaxInbox
from projections.lapse_scheduler import LapseScheduler
from projections.orders import Orders
from projections.processes import ProcessLoop
from projections.tax_desk import TaxDesk
from projections.worker import Worker
from registry.application import Registry
from registry.certificates.issuer import IssueCertificates
from registry.kernel.area import RegistryArea
from registry.kernel.commanding import Receipt
from registry.kernel.ports import Clock
from registry.kernel.working_time import WorkingCalendar
from registry.payments.app import Payments
from registry.supervision.app import Supervision
from registry.system import FOLLOWS
from registry.taxation.app import ReleasedByRule, Taxation
from web.notifications import build_outbox

T = TypeVar("T")

@dataclass
class Platform:
    settings: Settings
    clock: Clock
    registry: Registry
    views: ViewStore
    accounts: AccountStore
    banks: BankDirectory
    court_keys: CourtKeys
    documents: SqlDocumentStore  # signed certificates and proofs, and the documents courts serve
    shelf: SqlDocumentShelf  # the documents parties and banks attach to their cases (decision 020)
    worker: Worker
    issuer: Worker  # its own loop: sealing takes tens of ms per document and must not hold up the views
    taxation: Taxation
    payments: Payments
    tax_worker: Worker
    payments_worker: Worker
    supervision: Supervision  # each case's statutory clock, following the registry (电子监察)
    supervision_worker: Worker
    processes: ProcessLoop
    webhooks: WebhookStore | None = None  # banks' webhook subscriptions; delivered by a loop in extra_loops
    court_webhooks: WebhookStore | None = None  # courts' webhooks for their feed, the same way
    lapses: LapseScheduler | None = None  # records seizures' lapses when due; runs as a loop in extra_loops
    deadline_checks: DeadlineChecks | None = None  # warnings and breaches of the case clocks, a loop as well
    outbox: Outbox | None = None  # email/SMS copies of inbox messages; a loop when a channel is turned on
    more_issuers: list[Worker] = field(default_factory=list)  # with REGISTRY_SEAL_PROCESSES > 1
    extra_loops: list[tuple[str, Any]] = field(default_factory=list)  # e.g. refunds, once a gateway exists
    on_close: list[Any] = field(default_factory=list)  # e.g. the sandbox's delivery thread, before the stores
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)

    @cached_property
    def sealer(self) -> Sealer:
        """The seal and the trust root; creates the instance's PKI on first use."""
        return sealer_from_settings(self.settings)

    @property
    def timestamp_authority(self):  # noqa: ANN201
        return self.sealer.tsa

    @cached_property
    def stored_signatures(self):  # noqa: ANN201
        from web.verification import StoredSignatures

        return StoredSignatures(self)

    def start_worker_thread(self) -> None:
        """The embedded default: the worker loops as threads next to the web server, in one process."""
        if not self._threads:
            for name, loop in self.loops():
                thread = threading.Thread(target=loop.run_forever, args=(self._stop,), name=name, daemon=True)
                thread.start()
                self._threads.append(thread)

    def loops(self) -> list[tuple[str, Any]]:
        return [("registry-views", self.worker), ("registry-issuer", self.issuer),
                *((f"registry-issuer-{i}", w) for i, w in enumerate(self.more_issuers, start=1)),
                ("taxation-views", self.tax_worker), ("payments-views", self.payments_worker),
                ("supervision-views", self.supervision_worker), ("hand-offs", self.processes), *self.extra_loops]

    def applications(self) -> tuple[Any, ...]:
        return self.registry, self.taxation, self.payments, self.supervision

    def wait_for(self, position: int | Receipt | None) -> bool:
        """Read-your-writes: bounded wait until the views of that application have seen the notification."""
        if isinstance(position, Receipt):
            worker = {"taxation": self.tax_worker, "payments": self.payments_worker,
                      "supervision": self.supervision_worker}.get(position.application, self.worker)
            self.processes.wake()
            if position.application == "registry":
                for issuer in (self.issuer, *self.more_issuers):
                    issuer.wake()  # a registration's certificate or proof should not wait for the next poll
            return worker.wait_until(position.position, self.settings.wait_timeout)
        return self.worker.wait_until(position, self.settings.wait_timeout)

    def run_and_wait(self, command: Callable[..., Receipt], *args: Any, **kwargs: Any) -> Receipt:
        """Run a command, then wait (bounded by ``settings.wait_timeout``) until its application's views show what
        it stored, so the answer that follows reads its own write; the receipt is the command's. A view that is
        slower than the bound does not fail the command: the answer then shows the views as they are."""
        receipt = command(*args, **kwargs)
        self.wait_for(receipt)
        return receipt

    def run_and_wait_for_clocks(self, command: Callable[..., Receipt], *args: Any, **kwargs: Any) -> Receipt:
        """``run_and_wait`` for a registry command that starts, pauses, resumes or ends a case's clock: also wait
        (bounded) until Supervision has followed it and the clocks view shows it, so the answer's expected
        completion and the supervisor's desk read the command's effect."""
        receipt = self.run_and_wait(command, *args, **kwargs)
        deadline = time.monotonic() + self.settings.wait_timeout
        while time.monotonic() < deadline:
            self.processes.wake()
            if self.processes.caught_up():
                head = self.supervision.recorder.max_notification_id() or 0
                self.supervision_worker.wait_until(head, max(0.0, deadline - time.monotonic()))
                break
            time.sleep(0.01)
        return receipt

    def catch_up(self) -> bool:
        """Before a read: wait (bounded) until the registry's views have everything the registry stored so far."""
        return self.wait_for(self.registry.recorder.max_notification_id() or 0)

    def long_poll(self, read: Callable[[], list[T]], seconds: float, started: float | None = None) -> list[T]:
        """A long poll over the registry's views: ``read()`` again each time the views move, until it finds
        something or ``seconds`` (counted from ``started``, a ``time.monotonic()``, when given) have passed.
        A worker in another process never signals, so each wait is at most half a second before reading again."""
        deadline = (time.monotonic() if started is None else started) + seconds
        while True:
            since = self.worker.batches
            found = read()
            remaining = deadline - time.monotonic()
            if found or remaining <= 0:
                return found
            self.worker.wait_for_progress(since, min(remaining, 0.5))

    def wait_until_idle(self, timeout: float = 30.0) -> int:
        """The head once every view and policy has processed it and no policy added more (tests, demo)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for _, loop in self.loops():
                loop.wake()
            heads = self._heads()
            workers = [loop for _, loop in self.loops() if isinstance(loop, Worker)]
            views_done = all(min(w.positions().values(), default=0) >= heads[w.app.name] for w in workers)
            # every store's head must be unchanged at the end: a hand-off that wrote to taxation or payments
            # while the views were read has events no view has seen yet
            if views_done and self.processes.caught_up() and self._heads() == heads:
                return heads[self.registry.name]
            time.sleep(0.01)
        raise TimeoutError("the workers did not catch up")

    def _heads(self) -> dict[str, int]:
        return {app.name: app.recorder.max_notification_id() or 0 for app in self.applications()}

    def close(self) -> None:
        for hook in self.on_close:
            hook()
        self.on_close.clear()
        self._stop.set()
        for _, loop in self.loops():
            loop.wake()
        for thread in self._threads:
            thread.join(timeout=30)
        self._threads.clear()
        self.views.close()
        for app in self.applications():
            app.close()


def build_platform(settings: Settings, clock: Clock | None = None) -> Platform:
    clock = clock or SystemClock()
    views = open_view_store(settings)
    migrate.upgrade(views)  # the durable tables at head before anything reads them (serve, worker, every command)
    accounts = AccountStore(views, settings.cipher_key)
    banks = BankDirectory(views)
    court_keys = CourtKeys(views)
    taxation = Taxation(clock=clock, transcodings=all_transcodings(), env=event_store_env(settings, "taxation"))
    registry = Registry(clock=clock, offices=accounts.numbering, transcodings=all_transcodings(),
                        env=event_store_env(settings), banks=banks, area=RegistryArea.parse(settings.areas),
                        taxes=ReleasedByRule(taxation), instant_kinds=settings.instant_transfer_kinds)
    payments = Payments(clock=clock, transcodings=all_transcodings(), env=event_store_env(settings, "payments"))
    supervision = Supervision(clock=clock, calendar=WorkingCalendar(OfficialSchedule()),
                              transcodings=all_transcodings(), env=event_store_env(settings, "supervision"))
    documents = SqlDocumentStore(views)
    worker = Worker(registry, views, all_projections())
    tax_worker = Worker(taxation, views, [TaxDesk(), TaxInbox()])
    payments_worker = Worker(payments, views, [Orders()])
    supervision_worker = Worker(supervision, views, [CaseClocks(), SupervisionInbox()])
    for loop in (worker, tax_worker, payments_worker, supervision_worker):
        loop.setup()
    processes = ProcessLoop({"registry": registry, "taxation": taxation, "payments": payments,
                             "supervision": supervision}, FOLLOWS)
    platform = Platform(settings=settings, clock=clock, registry=registry, views=views, accounts=accounts,
                        banks=banks, court_keys=court_keys, documents=documents,
                        shelf=SqlDocumentShelf(views), worker=worker, issuer=worker,
                        taxation=taxation, payments=payments, tax_worker=tax_worker,
                        payments_worker=payments_worker, supervision=supervision,
                        supervision_worker=supervision_worker, processes=processes)
    issuers = _issuers(platform, settings, registry, views, documents, worker)
    platform.issuer, platform.more_issuers = issuers[0], issuers[1:]
    platform.webhooks = WebhookStore(views, settings.cipher_key)
    deliveries = WebhookDeliveries(platform.webhooks, clock, HttpTransport())
    platform.extra_loops.append(("bank-webhooks", deliveries))
    platform.on_close.append(deliveries.close)
    platform.court_webhooks = WebhookStore(views, settings.cipher_key, party=COURTS)
    court_deliveries = WebhookDeliveries(platform.court_webhooks, clock, HttpTransport())
    platform.extra_loops.append(("court-webhooks", court_deliveries))
    platform.on_close.append(court_deliveries.close)
    platform.lapses = LapseScheduler(registry, views, wakes=[worker])
    platform.extra_loops.append(("seizure-lapses", platform.lapses))
    platform.deadline_checks = DeadlineChecks(supervision, views, wakes=[supervision_worker])
    platform.extra_loops.append(("deadline-checks", platform.deadline_checks))
    platform.outbox = build_outbox(platform)
    if platform.outbox.senders:  # nothing turned on: no loop, and nothing queued for later
        platform.extra_loops.append(("notification-outbox", platform.outbox))
    return platform


def _issuers(platform: Platform, settings: Settings, registry: Registry, views: ViewStore,
             documents: SqlDocumentStore, views_worker: Worker) -> list[Worker]:
    """One issuer loop sealing in-process, or (REGISTRY_SEAL_PROCESSES=N) N loops sealing in N processes."""
    count = settings.seal_processes
    if count:
        press = PooledPress(settings, count, before_start=lambda: platform.sealer)  # the PKI exists first
        platform.on_close.append(press.close)
    else:
        press = CertificatePress(lambda: platform.sealer)
    issuers = []
    for partition in range(max(count, 1)):
        policy = IssueCertificates(registry, press, documents, settings.public_url,
                                   partition=(partition, max(count, 1)))
        issuer = Worker(registry, views, [], [policy], batch_size=50, wakes=[views_worker])
        issuer.setup()
        issuers.append(issuer)
    return issuers
