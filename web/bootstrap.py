"""The composition root: builds the Registry, the stores, the accounts and the worker from settings."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from adapters.accounts import AccountStore
from adapters.clock import SystemClock
from adapters.instance import Settings, event_store_env, open_view_store
from adapters.transcodings import all_transcodings
from adapters.viewstore import ViewStore
from projections import all_policies, all_projections
from projections.worker import Worker
from registry.application import Registry
from registry.ports import Clock


@dataclass
class Platform:
    settings: Settings
    clock: Clock
    registry: Registry
    views: ViewStore
    accounts: AccountStore
    worker: Worker
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start_worker_thread(self) -> None:
        """The embedded default: one worker thread next to the web server, in one process."""
        if self._thread is None:
            self._thread = threading.Thread(target=self.worker.run_forever, args=(self._stop,),
                                            name="registry-worker", daemon=True)
            self._thread.start()

    def wait_for(self, position: int | None) -> bool:
        """Read-your-writes: bounded wait until the views have seen this notification id."""
        return self.worker.wait_until(position, self.settings.wait_timeout)

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self.worker.wake()
            self._thread.join(timeout=5)
            self._thread = None
        self.views.close()
        self.registry.close()


def build_platform(settings: Settings, clock: Clock | None = None) -> Platform:
    clock = clock or SystemClock()
    views = open_view_store(settings)
    accounts = AccountStore(views, settings.cipher_key)
    accounts.setup()
    registry = Registry(clock=clock, offices=accounts.numbering, transcodings=all_transcodings(),
                        env=event_store_env(settings))
    worker = Worker(registry, views, all_projections(), all_policies(registry))
    worker.setup()
    return Platform(settings=settings, clock=clock, registry=registry, views=views, accounts=accounts,
                    worker=worker)
