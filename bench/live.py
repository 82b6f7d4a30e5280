"""A real server: `kocledger serve --workers N` on 127.0.0.1, and a demo instance with Chromium
for the page checks and the README's screenshots.

Used by tests/test_concurrency.py, bench/scorecard.py, bench/pages_check.py and
scripts/screenshots.py. Every loop is bounded; the server listens on 127.0.0.1 only and is
stopped (SIGTERM, then SIGKILL) when done.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
# A client forgets an idle connection after 1 s, well before uvicorn closes it (its keep-alive
# timeout is 5 s). httpx's own default is also 5 s, so a connection idle for just under 5 s was
# reused at the moment the server closed it: the request reached a socket being closed, the
# kernel answered with a reset, and the client saw ReadError (a clean-clone CI run, once, in
# test_stamp_attacks after a pause of several seconds between bursts).
LIMITS = httpx.Limits(keepalive_expiry=1.0)


@functools.cache
def tls() -> ssl.SSLContext:
    """One SSL context for every client made here. httpx builds one for each client (and each
    httpx.get) by reading and parsing the CA bundle, about 35 ms of CPU, even for the plain
    http://127.0.0.1 these clients talk to: the 210 sign-in attempts of the concurrency tests
    spent 7 s of CPU on it, and polling a starting server competed with its start."""
    import certifi

    return ssl.create_default_context(cafile=certifi.where())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def cli(env: dict[str, str], *args: str, stdin: str = "") -> str:
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        input=stdin,
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.stdout.strip()


class LiveServer:
    def __init__(self, env: dict[str, str], workers: int = 2, log: Path | None = None) -> None:
        self.env = env
        self.log = log
        self.workers = workers
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> LiveServer:
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-m", "app.cli", "serve"),
                *("--host", "127.0.0.1", "--port", str(self.port)),
                *("--workers", str(self.workers)),
            ],
            env=self.env,
            cwd=ROOT,
            stdout=self.log.open("ab") if self.log else subprocess.DEVNULL,
            stderr=subprocess.STDOUT if self.log else subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                # Both workers must answer: ask a few times over fresh connections.
                if all(
                    httpx.get(f"{self.base}/healthz", timeout=2, verify=tls()).status_code == 200
                    for _ in range(4)
                ):
                    return self
            except httpx.TransportError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("the server did not start")

    def log_tail(self, lines: int = 40) -> str:
        """The end of the server's log (its errors), for a failing assertion's message."""
        if self.log is None or not self.log.exists():
            return ""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def kill(self) -> None:
        """SIGKILL to the whole process group (the supervisor and its workers)."""
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
            self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
        self.process = None

    def api(self, token: str) -> httpx.Client:
        return httpx.Client(
            base_url=f"{self.base}/api/v1",
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
            verify=tls(),
            limits=LIMITS,
        )

    def browser(self, username: str, password: str) -> tuple[httpx.Client, str]:
        """A signed-in cookie client and its CSRF token."""
        client = httpx.Client(
            base_url=self.base, timeout=60, follow_redirects=False, verify=tls(), limits=LIMITS
        )
        token = csrf_from(client.get("/login").text)
        response = client.post(
            "/login", data={"username": username, "password": password, "csrf_token": token}
        )
        if response.status_code != 303:
            raise RuntimeError(f"sign-in failed: {response.status_code}")
        return client, csrf_from(client.get("/settings").text)


def csrf_from(html: str) -> str:
    match = CSRF.search(html)
    if match is None:
        raise RuntimeError("no CSRF token on the page")
    return match.group(1)


@dataclass
class Demo:
    """A served demo ledger: its address, data folder, and a client signed in as `demo`."""

    base: str
    data: Path
    client: httpx.Client

    @property
    def cookie(self) -> str:
        return str(self.client.cookies.get("koc_session"))

    def language(self, locale: str) -> None:
        """The account's language (kept on the server, so every page after is in it)."""
        token = csrf_from(self.client.get("/").text)
        self.client.post("/lang", data={"locale": locale, "next": "/", "csrf_token": token})


@contextmanager
def demo_instance(deals: int) -> Iterator[Demo]:
    """`kocledger demo --deals N` in a temporary folder, served on 127.0.0.1 while inside."""
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "KOCLEDGER_DATA_DIR": data}
        env.pop("KOCLEDGER_DATABASE_URL", None)
        cli(env, "demo", "--deals", str(deals), "--user", "demo")
        server = LiveServer(env, workers=1).start()
        try:
            client, _ = server.browser("demo", "demo-password")
            try:
                yield Demo(server.base, Path(data), client)
            finally:
                client.close()
        finally:
            server.stop()


@contextmanager
def chromium(*flags: str) -> Iterator[Any]:
    """Debian's Chromium through Playwright, closed on leaving."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", *flags],
        )
        try:
            yield browser
        finally:
            browser.close()


def at_once(calls: Iterable[Callable[[], Any]], parallel: int) -> list[Any]:
    """Run the calls `parallel` at a time; results in order (an exception is a result)."""

    def guarded(call: Callable[[], Any]) -> Any:
        try:
            return call()
        except Exception as exc:  # reported to the caller, who asserts on it
            return exc

    with ThreadPoolExecutor(max_workers=parallel) as pool:
        return list(pool.map(guarded, list(calls)))


def status_of(result: Any) -> int | str:
    return result.status_code if isinstance(result, httpx.Response) else type(result).__name__
