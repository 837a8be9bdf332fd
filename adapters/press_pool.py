"""Pressing certificates in worker processes: drawing and sealing is CPU-bound Python, so threads in one
process take turns on the interpreter lock; a small pool of processes (one per core by default) lets
several issuer loops seal at once. Each process loads the seal and the fonts once."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from adapters.press import CertificatePress
from registry.certificates.content import CertificateContent

_press: CertificatePress | None = None


def _start(settings: Any) -> None:
    global _press
    from adapters.sealing import sealer_from_settings

    sealer = sealer_from_settings(settings)
    _press = CertificatePress(lambda: sealer)


def _press_one(content: CertificateContent) -> tuple[bytes, str]:
    return _press.press(content)


class PooledPress:
    """A ``registry.issuance.Press`` that seals in ``processes`` worker processes, started on first use."""

    def __init__(self, settings: Any, processes: int, before_start: Callable[[], Any] = lambda: None) -> None:
        self._settings = settings
        self._before_start = before_start
        self._processes = processes
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._before_start()
                self._pool = ProcessPoolExecutor(self._processes, mp_context=multiprocessing.get_context("spawn"),
                                                 initializer=_start, initargs=(self._settings,))
            return self._pool

    def press(self, content: CertificateContent) -> tuple[bytes, str]:
        return self._executor().submit(_press_one, content).result()

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None
