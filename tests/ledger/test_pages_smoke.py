"""A first walk through the pages: first run, a deal with its parts, lists."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import CSRF


def test_first_run_creates_owner_and_signs_in(client: TestClient) -> None:
    assert client.get("/").headers["location"] == "/setup"
    page = client.get("/setup")
    token = CSRF.search(page.text).group(1)  # type: ignore[union-attr]
    response = client.post(
        "/setup",
        data={
            "username": "mei",
            "password": "longenough1",
            "password_confirm": "longenough1",
            "csrf_token": token,
        },
    )
    assert response.status_code == 303
    assert client.get("/").status_code == 200
