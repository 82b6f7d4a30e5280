"""The sign-in throttle seen by someone guessing a password: every spelling of an account and of
a client shares one limit, the window ends where it says, and refused attempts neither extend
a lockout nor spill over to other accounts and clients."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app import clock
from app.accounts import throttle
from app.accounts.models import LoginFailure
from tests.conftest import PASSWORD, csrf_of, make_user

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
NONE: frozenset[str] = frozenset()


def _reserve_each(db: Session, clients: list[str]) -> list[int | None]:
    """One attempt from each client, each on an account of its own (a spray)."""
    return [
        throttle.reserve(db, username=f"guess{index}", client=client, now=NOW)
        for index, client in enumerate(clients)
    ]


def test_one_ipv6_network_counts_as_one_client(db: Session) -> None:
    # Whoever has one IPv6 address has the 2**64 of its /64 network: one address each was one
    # limit each, so the per-client limit held nothing.
    network = [
        throttle.client_of(f"2001:db8:7:1::{index + 1:x}", None, NONE)
        for index in range(throttle.PER_CLIENT)
    ]
    assert None not in _reserve_each(db, network)
    last = throttle.client_of("2001:db8:7:1:ffff:ffff:ffff:fffe", None, NONE)
    assert throttle.reserve(db, username="guess-last", client=last, now=NOW) is None
    # The next network is another client.
    other = throttle.client_of("2001:db8:7:2::1", None, NONE)
    assert throttle.reserve(db, username="guess-last", client=other, now=NOW) is not None


def test_an_ipv4_address_and_its_mapped_form_count_together(db: Session) -> None:
    # A dual-stack socket shows an IPv4 peer as ::ffff:a.b.c.d, a proxy's X-Forwarded-For as
    # a.b.c.d: the same client either way.
    forms = ["203.0.113.9", "::ffff:203.0.113.9", "::ffff:cb00:7109"]
    clients = [throttle.client_of(forms[i % 3], None, NONE) for i in range(throttle.PER_CLIENT)]
    assert None not in _reserve_each(db, clients)
    assert throttle.reserve(db, username="guess-last", client="203.0.113.9", now=NOW) is None


def test_a_long_client_is_counted_as_it_is_stored(db: Session) -> None:
    # The row keeps 64 characters of the client: a longer one was never counted again.
    long_ones = [
        throttle.client_of(f"fe80::1%{'x' * 100}", None, NONE),
        "unknown-peer-" + "y" * 100,
    ]
    for client in long_ones:
        assert None not in _reserve_each(db, [client] * throttle.PER_CLIENT)
        assert throttle.reserve(db, username="guess-last", client=client, now=NOW) is None


def test_the_window_ends_where_it_says(db: Session) -> None:
    for _ in range(throttle.PER_ACCOUNT):
        db.add(LoginFailure(username="mei", client="203.0.113.9", at=NOW))
    db.commit()
    edge = NOW + throttle.WINDOW
    before = edge - timedelta(microseconds=1)
    assert throttle.reserve(db, username="mei", client="198.51.100.7", now=before) is None
    assert throttle.reserve(db, username="mei", client="198.51.100.7", now=edge) is not None


def _attempt(client: TestClient, username: str, password: str, address: str | None = None) -> int:
    token = csrf_of(client, "/login")
    headers = {"x-forwarded-for": address} if address else {}
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token},
        headers=headers,
    ).status_code


@pytest.fixture
def behind_proxy(app_instance: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The test client's peer ("testclient") is a trusted proxy: X-Forwarded-For names the
    client."""
    monkeypatch.setattr(app_instance.state.settings, "trusted_proxies", "testclient")


def test_every_spelling_of_an_account_shares_its_limit(
    client: TestClient, db: Session, behind_proxy: None
) -> None:
    make_user(db, "mei")
    make_user(db, "kate", owner=False)
    # Each spelling signs in to the account (so each must count against its limit).
    spellings = {
        "mei": ["MEI", "  mei", "Mei\t", "mei\u00a0", "\u3000mEi\u3000"],
        "kate": ["KATE", "\u212aate", " Kate\n", "kATE\u2003", "\u212aATE"],
    }
    for forms in spellings.values():
        for index, form in enumerate(forms):
            assert _attempt(client, form, PASSWORD, f"198.51.100.{index}") == 303, form
            client.cookies.clear()
    # Ten wrong guesses from ten addresses, two in each spelling: the account's limit.
    for name, forms in spellings.items():
        for index in range(throttle.PER_ACCOUNT):
            form = forms[index % len(forms)]
            assert _attempt(client, form, "wrong", f"203.0.113.{index}") == 422, form
        assert _attempt(client, name, PASSWORD, "192.0.2.77") == 429


def test_refused_attempts_do_not_extend_the_lockout(
    client: TestClient, user: Any, behind_proxy: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = clock.utcnow()
    monkeypatch.setattr(clock, "utcnow", lambda: start)
    for index in range(throttle.PER_ACCOUNT):
        assert _attempt(client, "mei", "wrong", f"203.0.113.{index}") == 422
    # A flood of refused guesses just before the window ends writes nothing ...
    monkeypatch.setattr(clock, "utcnow", lambda: start + throttle.WINDOW - timedelta(seconds=1))
    for index in range(25):
        assert _attempt(client, "mei", "wrong", f"203.0.113.{100 + index}") == 429
    # ... so the account opens when the ten failures leave the window.
    monkeypatch.setattr(clock, "utcnow", lambda: start + throttle.WINDOW)
    assert _attempt(client, "mei", PASSWORD, "192.0.2.77") == 303


def test_a_flood_on_one_account_leaves_the_others_alone(
    client: TestClient, db: Session, behind_proxy: None
) -> None:
    make_user(db, "mei")
    make_user(db, "lin", owner=False)
    flooder = "203.0.113.50"
    for _ in range(throttle.PER_ACCOUNT):
        assert _attempt(client, "mei", "wrong", flooder) == 422
    for _ in range(throttle.PER_CLIENT):
        assert _attempt(client, "mei", "wrong", flooder) == 429  # refused: not counted
    # Another account signs in, from another client and from the flooder's own address (the
    # refusals did not use up the address's limit).
    assert _attempt(client, "lin", PASSWORD, "192.0.2.77") == 303
    client.cookies.clear()
    assert _attempt(client, "lin", PASSWORD, flooder) == 303
    client.cookies.clear()
    # The flooded account itself waits, even with the right password from elsewhere: the limit
    # is per account by design (SECURITY.md).
    assert _attempt(client, "mei", PASSWORD, "192.0.2.77") == 429
