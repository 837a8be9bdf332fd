"""The composition root: builds the Registry, the stores, the accounts and the worker from settings."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from functools import cached_property

from adapters.accounts import AccountStore
from adapters.clock import SystemClock
from adapters.documents import SqlDocumentStore
from adapters.instance import Settings, event_store_env, open_view_store
from adapters.press import CertificatePress
from adapters.sealing import Sealer, sealer_from_settings
from adapters.transcodings import all_transcodings
from adapters.viewstore import ViewStore
from projections import all_policies, all_projections
from projections.worker import Worker
from registry.application import Registry
from registry.policies import IssueCertificates
from registry.ports import Clock


@dataclass
class Platform:
    settings: Settings
    clock: Clock
    registry: Registry
    views: ViewStore
    accounts: AccountStore
    documents: SqlDocumentStore
    worker: Worker
    issuer: Worker  # its own loop: sealing takes tens of ms per document and must not hold up the views
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
            for name, loop in (("registry-views", self.worker), ("registry-issuer", self.issuer)):
                thread = threading.Thread(target=loop.run_forever, args=(self._stop,), name=name, daemon=True)
                thread.start()
                self._threads.append(thread)

    def wait_for(self, position: int | None) -> bool:
        """Read-your-writes: bounded wait until the views have seen this notification id."""
        return self.worker.wait_until(position, self.settings.wait_timeout)

    def wait_until_idle(self, timeout: float = 30.0) -> int:
        """The head once every view and policy has processed it and no policy added more (tests, demo)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            head = self.registry.recorder.max_notification_id() or 0
            for loop in (self.worker, self.issuer):
                loop.wake()
            if all(min(loop.positions().values(), default=head) >= head for loop in (self.worker, self.issuer)) \
                    and (self.registry.recorder.max_notification_id() or 0) == head:
                return head
            time.sleep(0.01)
        raise TimeoutError("the workers did not catch up")

    def close(self) -> None:
        self._stop.set()
        for loop in (self.worker, self.issuer):
            loop.wake()
        for thread in self._threads:
            thread.join(timeout=30)
        self._threads.clear()
        self.views.close()
        self.registry.close()


def build_platform(settings: Settings, clock: Clock | None = None) -> Platform:
    clock = clock or SystemClock()
    views = open_view_store(settings)
    accounts = AccountStore(views, settings.cipher_key)
    accounts.setup()
    registry = Registry(clock=clock, offices=accounts.numbering, transcodings=all_transcodings(),
                        env=event_store_env(settings))
    documents = SqlDocumentStore(views)
    documents.setup()
    worker = Worker(registry, views, all_projections(), all_policies(registry))
    worker.setup()
    platform = Platform(settings=settings, clock=clock, registry=registry, views=views, accounts=accounts,
                        documents=documents, worker=worker, issuer=worker)
    press = CertificatePress(lambda: platform.sealer)
    platform.issuer = Worker(registry, views, [], [IssueCertificates(registry, press, documents,
                                                                     settings.public_url)], batch_size=50)
    platform.issuer.setup()
    return platform
