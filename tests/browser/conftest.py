"""A live server on 127.0.0.1 and Debian's Chromium driven by Playwright, at a phone's size."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from sqlmodel import Session

from app import clock
from app.db import make_engine
from app.demo import fill_demo
from app.main import create_app
from app.settings import Settings
from tests.conftest import Databases

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def live_settings(databases: Databases, tmp_path: Path) -> Settings:
    return Settings(
        database_url=databases.new_migrated_url(),
        data_dir=tmp_path,
        secret_key="browser-test-secret",
    )


@contextmanager
def serving(settings: Settings) -> Iterator[str]:
    """The app on a migrated database, served on a free port of 127.0.0.1 while inside."""
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def demo_serving(databases: Databases, data_dir: Path, *, deals: int, seed: int) -> Iterator[str]:
    """A demo ledger (account `demo`) served for a whole module of tests that only read it."""
    settings = Settings(
        database_url=databases.new_migrated_url(),
        data_dir=data_dir,
        secret_key="browser-test-secret",
    )
    with serving(settings) as url:
        engine = make_engine(settings)
        with Session(engine) as db:
            fill_demo(db, username="demo", deals=deals, seed=seed, now=clock.utcnow())
        engine.dispose()
        yield url


@pytest.fixture
def live_server(live_settings: Settings) -> Iterator[str]:
    with serving(live_settings) as url:
        yield url


# One Chromium for every browser test (each test still gets contexts of its own, so no
# cookie, storage or service worker passes from one test to the next); launching it for each
# test cost about a second apiece.
@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        if os.environ.get("KOCLEDGER_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required here (apt-get install chromium)")
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A 390×844 page in zh-CN that fails the test on any CSP violation or page error."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        locale="zh-CN",
        extra_http_headers={"Accept-Language": "zh-CN,zh;q=0.9"},
    )
    page = context.new_page()
    problems: list[str] = []
    # A 422 logged as a failed resource is the app working; CSP reports and script errors
    # are not.
    page.on(
        "console",
        lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.problems = problems
    yield page
    context.close()
    assert problems == [], problems


# Figures set apart beside their label (a `.flow` row's value, a key figure, a number column
# unless it holds a second line of its own): each on one line.
# A long label beside them once left "¥1,600.00" three characters wide, broken over three lines.
BROKEN_FIGURES = """() => [...document.querySelectorAll(
    '.flow dd, .kpi .big, td.num:not(:has(br))')].filter(el => {
    // The text's own box, not the element's (a flex row stretches a value to its label's height).
    const range = document.createRange();
    range.selectNodeContents(el);
    const r = range.getBoundingClientRect();
    if (r.height === 0) return false;
    const style = getComputedStyle(el);
    const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.3;
    return r.height > line * 1.5;
  }).slice(0, 3).map(el => el.textContent.trim().slice(0, 30))"""


# Words on tiles, buttons, tabs and table headers that do not fit their box whole (main breaks a
# long word anywhere rather than scroll sideways: "Copywritin|g" on a tile of three at 390 px).
BROKEN_WORDS = """() => [...document.querySelectorAll(
    'main .tile span, main a.button, main button, nav.tabbar a, main th')].filter(el => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const lines = range.getBoundingClientRect().height;
    if (lines === 0) return false;
    // Laid out again with words kept whole (a grid's column may widen by the pixel the word
    // lacked): fewer lines means a word had been broken inside.
    const wrap = el.style.overflowWrap;
    el.style.overflowWrap = 'normal';
    const whole = range.getBoundingClientRect().height;
    el.style.overflowWrap = wrap;
    return lines > whole + 0.5;
  }).slice(0, 3).map(el => el.textContent.trim().slice(0, 30))"""


def shot(page: Any, name: str) -> None:
    """A full-page screenshot in test-artifacts/ for a person to look at, when
    KOCLEDGER_SCREENSHOTS=1: no test reads them, and the 14 cost Chromium about 6 s of CPU a run
    (the README's pictures come from scripts/screenshots.py)."""
    if os.environ.get("KOCLEDGER_SCREENSHOTS") != "1":
        return
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
