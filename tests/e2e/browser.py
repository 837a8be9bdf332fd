"""Fixtures for the real-browser tests: the app served by waitress on 127.0.0.1 (SQLite, embedded
worker, a fixed clock) and a headless Chromium driven by Playwright.

The session cookie keeps its production default ``Secure``: Chromium treats http://127.0.0.1 as a
potentially trustworthy origin and accepts and returns Secure cookies there (the journeys log in, so
they prove it).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from adapters.clock import FixedClock
from registry.kernel.actors import Role
from registry.register_book.commands import register_unit
from tests.builders import CHEN_GANG, LI_NA, MONDAY_MORNING, ZHANG_WEI, unit_kwargs
from tests.e2e.conftest import PASSWORD
from tests.postgres import PG_URL, fresh_schema
from web import create_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _unavailable(why: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests cannot run in CI: {why}")
    pytest.skip(why)


@dataclass
class LiveServer:
    url: str
    platform: Any
    clock: FixedClock


def seed(platform: Any, clock: FixedClock) -> None:
    """The Fuzhou registry with its registrar and supervisor; Zhang Wei, Li Na and Chen Gang; Zhang Wei's Gulou flat."""
    accounts, now = platform.accounts, clock.now()
    accounts.add_org("fz-registry", "registry", "福州市不动产登记中心", province="闽", city="福州市", now=now)
    accounts.add_user("registrar", Role.REGISTRAR, org="fz-registry", display_name="林登记员",
                      password=PASSWORD, now=now)
    for user_id, who in (("zhangwei", ZHANG_WEI), ("lina", LI_NA), ("chengang", CHEN_GANG)):
        accounts.add_user(user_id, Role.APPLICANT, display_name=who.name, password=PASSWORD,
                          id_number=who.id_number, now=now)
    accounts.add_user("supervisor", Role.SUPERVISOR, org="fz-registry", display_name="陈监察员",
                      password=PASSWORD, now=now)
    registrar = accounts.user("registrar").actor
    platform.wait_for(register_unit(platform.registry, registrar, **unit_kwargs()).position)


@contextmanager
def serving(tmp_path: Path, database_url: str | None = None) -> Iterator[LiveServer]:
    """The seeded app served by waitress on a free port, on SQLite or (``database_url``) PostgreSQL."""
    waitress = pytest.importorskip("waitress")
    clock = FixedClock(MONDAY_MORNING)
    with socket.socket() as probe:  # the platform must know its own address: the gateway redirects back to it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = {"INSTANCE_PATH": str(tmp_path / "instance"), "EMBEDDED_WORKER": "true", "CLOCK": clock,
              "PUBLIC_URL": f"http://127.0.0.1:{port}"}
    if database_url:
        config["DATABASE_URL"] = database_url
    app = create_app(config)
    platform = app.extensions["platform"]
    seed(platform, clock)
    server = waitress.create_server(app, host="127.0.0.1", port=port, threads=4)
    thread = threading.Thread(target=server.run, name="waitress", daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{server.effective_port}", platform, clock)
    finally:
        server.close()
        server.task_dispatcher.shutdown()
        app.extensions["sandbox_gateway"].close()
        thread.join(timeout=5)
        platform.close()


# the journeys that run on both stores parametrize their own ``live_server`` fixture with these
STORES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@contextmanager
def serving_on(store: str, tmp_path: Path) -> Iterator[LiveServer]:
    """The seeded app served on SQLite or on a fresh PostgreSQL schema."""
    if store == "sqlite":
        with serving(tmp_path) as served:
            yield served
        return
    with fresh_schema() as schema, serving(tmp_path, f"{PG_URL}?schema={schema}") as served:
        yield served


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[LiveServer]:
    with serving(tmp_path) as served:
        yield served


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any, live_server: LiveServer) -> Iterator[Any]:
    """A fresh browser context per test; fails the test if the page broke the Content-Security-Policy."""
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900},
                                   locale="zh-CN")
    context.set_default_timeout(5000)
    tab = context.new_page()
    blocked: list[str] = []
    tab.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    yield tab
    context.close()
    assert not blocked, f"the page broke the Content-Security-Policy: {blocked}"


def log_in(tab: Any, user: str) -> None:
    tab.goto("/login")
    tab.fill('input[name="username"]', user)
    tab.fill('input[name="password"]', PASSWORD)
    tab.click('button[type="submit"]')


def reload_until_visible(tab: Any, locator: Any, timeout: float = 10.0) -> None:
    """Reload until an asynchronous hand-off (the worker's policy) shows on the page; bounded."""
    from playwright.sync_api import expect

    deadline = time.monotonic() + timeout
    while True:
        try:
            expect(locator).to_be_visible(timeout=400)
            return
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            tab.reload()
