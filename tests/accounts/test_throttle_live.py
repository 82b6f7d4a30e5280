"""Guessing passwords against a real server: `kocledger serve --workers 2` on 127.0.0.1 behind a
trusted proxy (X-Forwarded-For names the client), bursts at once on SQLite and on PostgreSQL.
However the guesses are spread (many accounts from one client, many addresses of one IPv6
network, the sign-in form and the change-password form on one account), no more passwords are
checked than the limits allow, and nothing answers 5xx."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlmodel import Session

from app import clock
from app.accounts import service as accounts
from app.accounts import throttle
from app.db import make_engine
from app.settings import Settings
from bench.live import LiveServer, at_once, csrf_from, status_of, tls
from tests.conftest import PASSWORD, Databases

pytestmark = pytest.mark.concurrency


@pytest.fixture(scope="module")
def server(databases: Databases, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    data: Path = tmp_path_factory.mktemp("throttle-live")
    url, env = databases.live_env(data, KOCLEDGER_TRUSTED_PROXIES="127.0.0.1")
    engine = make_engine(Settings(database_url=url, data_dir=data))
    try:
        with Session(engine) as db:
            for name in ("bob", "carol"):
                accounts.create_user(db, username=name, password=PASSWORD, now=clock.utcnow())
    finally:
        engine.dispose()
    live = LiveServer(env, workers=2, log=data / "server.log").start()
    try:
        yield live
    finally:
        live.stop()


def _guess(server: LiveServer, username: str, address: str) -> Callable[[], httpx.Response]:
    def attempt() -> httpx.Response:
        headers = {"x-forwarded-for": address}
        with httpx.Client(base_url=server.base, timeout=120, verify=tls()) as client:
            html = client.get("/login", headers=headers).text
            return client.post(
                "/login",
                data={
                    "username": username,
                    "password": "wrong-guess",
                    "csrf_token": csrf_from(html),
                },
                headers=headers,
            )

    return attempt


def _statuses(results: list[Any]) -> Counter[int | str]:
    return Counter(status_of(r) for r in results)


def test_a_spray_over_many_accounts_from_one_client_checks_at_most_its_limit(
    server: LiveServer,
) -> None:
    calls = [_guess(server, f"spray{index}", "198.51.100.20") for index in range(60)]
    statuses = _statuses(at_once(calls, parallel=60))
    assert set(statuses) <= {422, 429}, statuses
    assert statuses[422] <= throttle.PER_CLIENT, statuses


def test_a_spray_from_many_addresses_of_one_ipv6_network_checks_at_most_its_limit(
    server: LiveServer,
) -> None:
    # Every guess from another address of the same /64 (anyone with IPv6 has 2**64 of them).
    calls = [
        _guess(server, f"v6spray{index}", f"2001:db8:42:7:{index + 1:x}::1") for index in range(45)
    ]
    statuses = _statuses(at_once(calls, parallel=45))
    assert set(statuses) <= {422, 429}, statuses
    assert statuses[422] <= throttle.PER_CLIENT, statuses


def test_the_sign_in_and_change_password_forms_share_one_account_limit(
    server: LiveServer,
) -> None:
    # A stolen session guessing the current password, and the sign-in form from 20 addresses,
    # on one account at once.
    browser, csrf = server.browser("carol", PASSWORD)
    try:

        def change() -> httpx.Response:
            return browser.post(
                "/settings/password",
                data={
                    "csrf_token": csrf,
                    "current_password": "wrong-guess",
                    "password": "a-new-password-1",
                    "password_confirm": "a-new-password-1",
                },
            )

        calls: list[Callable[[], Any]] = []
        for index in range(20):
            calls += [change, _guess(server, "carol", f"203.0.113.{index + 1}")]
        statuses = _statuses(at_once(calls, parallel=40))
    finally:
        browser.close()
    assert set(statuses) <= {422, 429}, statuses
    assert statuses[422] <= throttle.PER_ACCOUNT, statuses
    # The password was never changed, and the account now waits.
    assert _guess(server, "carol", "192.0.2.9")().status_code == 429
