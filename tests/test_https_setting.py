"""KOCLEDGER_HTTPS=1 as the README gives it (no trusted proxies): forms still post (issue 9:
every POST was 403 because the browser's https Origin did not match the proxied http URL)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from tests.conftest import CSRF, PASSWORD, make_user

ORIGIN = {"origin": "https://ledger.example.com", "host": "ledger.example.com"}


def _cookie(response: Any, name: str) -> str:
    for header in response.headers.get_list("set-cookie"):
        match = re.match(rf"{name}=([^;]+);(.*)", header)
        if match:
            assert "Secure" in match.group(2), header
            return match.group(1)
    raise AssertionError(f"no {name} cookie")


@pytest.mark.commits
def test_https_behind_a_proxy_without_trusted_proxies(settings: Settings, db: Any) -> None:
    make_user(db)
    https = settings.model_copy(update={"https": True, "trusted_proxies": ""})
    # The proxy speaks plain HTTP to the app and forwards nothing the app believes.
    with TestClient(create_app(https), base_url="http://ledger.example.com") as client:
        page = client.get("/login")
        nonce = _cookie(page, "koc_csrf")
        token = CSRF.search(page.text)
        assert token is not None
        signed = client.post(
            "/login",
            data={"username": "mei", "password": PASSWORD, "csrf_token": token.group(1)},
            headers={**ORIGIN, "cookie": f"koc_csrf={nonce}"},
            follow_redirects=False,
        )
        assert signed.status_code == 303, signed.status_code
        session = _cookie(signed, "koc_session")
        settings_page = client.get("/settings", headers={"cookie": f"koc_session={session}"})
        csrf = CSRF.search(settings_page.text)
        assert csrf is not None
        # Another site is still refused.
        evil = client.post(
            "/logout",
            data={"csrf_token": csrf.group(1)},
            headers={"origin": "https://evil.example", "cookie": f"koc_session={session}"},
            follow_redirects=False,
        )
        assert evil.status_code == 403
        out = client.post(
            "/logout",
            data={"csrf_token": csrf.group(1)},
            headers={**ORIGIN, "cookie": f"koc_session={session}"},
            follow_redirects=False,
        )
        assert out.status_code == 303
        assert "strict-transport-security" in out.headers
