"""Sessions expire when idle and absolutely; sign-in is throttled in the database."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app import clock
from app.accounts import service as accounts
from app.accounts import throttle
from app.accounts.models import UserSession
from app.main import create_app
from tests.conftest import PASSWORD, csrf_of, sign_in


@pytest.mark.parametrize("field", ["last_seen_at", "created_at"])
def test_sessions_expire(signed_in: TestClient, db: Session, field: str) -> None:
    assert signed_in.get("/").status_code == 200
    row = db.exec(select(UserSession).where(UserSession.user_id.is_not(None))).one()  # type: ignore[union-attr]
    setattr(row, field, clock.utcnow() - timedelta(days=61))
    db.add(row)
    db.commit()
    response = signed_in.get("/")
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


def _attempt(client: TestClient, password: str, headers: dict[str, str] | None = None) -> int:
    token = csrf_of(client, "/login")
    return client.post(
        "/login",
        data={"username": "mei", "password": password, "csrf_token": token},
        headers=headers or {},
    ).status_code


def test_throttled_per_account_without_calling_the_hasher(
    client: TestClient, user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(throttle.PER_ACCOUNT):
        assert _attempt(client, "wrong") == 422
    calls = []
    original = accounts._hasher.verify
    monkeypatch.setattr(
        accounts._hasher, "verify", lambda *a, **k: calls.append(1) or original(*a, **k)
    )
    assert _attempt(client, PASSWORD) == 429  # even the right password waits
    assert calls == []


@pytest.mark.commits  # a second app (or a background thread) must see the rows
def test_throttle_holds_across_two_workers(
    client: TestClient, user: Any, app_instance: Any
) -> None:
    second = TestClient(
        create_app(app_instance.state.settings),
        base_url="http://testserver",
        follow_redirects=False,
    )
    for index in range(throttle.PER_ACCOUNT):
        worker = client if index % 2 else second
        assert _attempt(worker, "wrong") == 422
    assert _attempt(second, PASSWORD) == 429
    assert _attempt(client, PASSWORD) == 429


def test_forwarded_for_is_trusted_only_from_proxies() -> None:
    proxies = frozenset({"10.0.0.2"})
    assert throttle.client_of("10.0.0.2", "203.0.113.9, 10.0.0.2", proxies) == "203.0.113.9"
    assert throttle.client_of("198.51.100.7", "203.0.113.9", proxies) == "198.51.100.7"
    assert throttle.client_of(None, None, proxies) == "unknown"


def test_per_client_limit(client: TestClient, db: Session) -> None:
    for index in range(throttle.PER_CLIENT):
        throttle.record_failure(
            db, username=f"guess{index}", client="testclient", now=clock.utcnow()
        )
    from tests.conftest import make_user

    make_user(db, "fresh", owner=True)
    token = csrf_of(client, "/login")
    response = client.post(
        "/login", data={"username": "fresh", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 429


def test_sign_in_still_works_below_the_limit(client: TestClient, user: Any) -> None:
    assert _attempt(client, "wrong") == 422
    sign_in(client)
    assert client.get("/").status_code == 200


def test_oversized_requests_are_refused(signed_in: TestClient) -> None:
    token = csrf_of(signed_in, "/settings")
    response = signed_in.post(
        "/settings/import",
        data={"csrf_token": token},
        headers={"content-length": str(30 * 1024 * 1024)},
    )
    assert response.status_code == 413
