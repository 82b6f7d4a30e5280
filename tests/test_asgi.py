"""The outermost ASGI layer: headers on every response (500, 503, 413 too), bilingual 500
pages, streamed-body limit, /readyz and /healthz, retries of deadlocked requests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import Request
from fastapi.testclient import TestClient
from sqlalchemy import exc as sa_exc

from app.main import create_app
from app.settings import Settings
from app.web import asgi

HEADERS = ("content-security-policy", "x-content-type-options", "x-frame-options")


def _secured(response: Any) -> None:
    for name in HEADERS:
        assert name in response.headers, (name, response.status_code, dict(response.headers))
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


@pytest.fixture
def booming(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings)

    def boom() -> None:
        raise RuntimeError("boom")

    app.add_api_route("/boom", boom)
    app.add_api_route("/api/v1/boom", boom)
    with TestClient(app, raise_server_exceptions=False, follow_redirects=False) as client:
        yield client


def test_unhandled_error_is_a_bilingual_page_with_headers(booming: TestClient) -> None:
    zh = booming.get("/boom", headers={"Accept-Language": "zh-CN"})
    assert zh.status_code == 500
    _secured(zh)
    assert "出了点问题" in zh.text and "<html" in zh.text
    en = booming.get("/boom", headers={"Accept-Language": "en"})
    assert en.status_code == 500 and "Something went wrong" in en.text
    _secured(en)
    api = booming.get("/api/v1/boom")
    assert api.status_code == 500 and api.json()["detail"]
    _secured(api)


def test_error_pages_carry_headers(client: TestClient) -> None:
    for path in ("/no-such-page", "/api/v1/no-such", "/healthz", "/readyz", "/login"):
        _secured(client.get(path))


def test_healthz_is_constant_and_readyz_touches_the_database(client: TestClient) -> None:
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200


def test_database_down_answers_503_pages_with_headers(tmp_path: Any) -> None:
    down = Settings(
        database_url="postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2",
        data_dir=tmp_path,
        secret_key="down-test-secret-key-0123456789",
    )
    with TestClient(create_app(down), raise_server_exceptions=False) as client:
        assert client.get("/healthz").status_code == 200  # liveness does not ask the database
        ready = client.get("/readyz")
        assert ready.status_code == 503
        _secured(ready)
        page = client.get("/login", headers={"Accept-Language": "en"})
        assert page.status_code == 503 and "database" in page.text
        _secured(page)
        api = client.get("/api/v1/deals", headers={"Authorization": "Bearer koc_x"})
        assert api.status_code == 503
        _secured(api)


def test_chunked_upload_over_the_limit_is_413(signed_in: TestClient) -> None:
    chunk = b"x" * (1024 * 1024)
    sent = 0

    def body() -> Iterator[bytes]:
        nonlocal sent
        for _ in range(asgi.MAX_BODY // len(chunk) + 5):  # bounded: just over the limit
            sent += len(chunk)
            yield chunk

    response = signed_in.post(
        "/settings/import",
        content=body(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 413
    _secured(response)


def test_deadlocked_request_runs_again_with_its_body(settings: Settings) -> None:
    app = create_app(settings)
    attempts: list[bytes] = []

    class Deadlock(Exception):
        sqlstate = "40P01"

    async def flaky(request: Request) -> dict[str, Any]:
        attempts.append(await request.body())
        if len(attempts) < 3:
            raise sa_exc.OperationalError("UPDATE deal", {}, Deadlock("deadlock detected"))
        return {"body": attempts[-1].decode()}

    app.add_api_route("/api/v1/flaky", flaky, methods=["POST"])
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.post("/api/v1/flaky", content=b"hello" * 1000)
    assert response.status_code == 200
    assert attempts == [b"hello" * 1000] * 3
