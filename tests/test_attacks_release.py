"""Release-candidate attacks from outside (review 9): CSRF masking, double-submit, outbox tokens,
headers on every response."""

from __future__ import annotations

import base64
import re
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from app.web.core import mask_token
from tests.conftest import CSRF, PASSWORD, csrf_of, make_user, sign_in


def _fresh(client: TestClient) -> TestClient:
    return TestClient(client.app, base_url="http://testserver", follow_redirects=False)


def _secret(masked: str) -> str:
    raw = base64.urlsafe_b64decode(masked)
    half = len(raw) // 2
    return bytes(a ^ b for a, b in zip(raw[half:], raw[:half], strict=True)).decode()


def _lang(client: TestClient, token: str, **headers: str) -> int:
    return client.post(
        "/lang", data={"csrf_token": token, "locale": "zh-CN", "next": "/"}, headers=headers
    ).status_code


def test_csrf_token_of_one_session_is_refused_in_another(signed_in: TestClient, db: Session) -> None:
    other = _fresh(signed_in)
    make_user(db, "zoe", owner=False)
    sign_in(other, "zoe")
    mine = csrf_of(signed_in)
    assert _lang(other, mine) == 403
    assert _lang(other, csrf_of(other)) == 303


def test_anonymous_token_is_refused_once_signed_in(client: TestClient, user: Any) -> None:
    anonymous = csrf_of(client, "/login")
    sign_in(client)
    assert _lang(client, anonymous) == 403


def test_raw_and_malformed_tokens_are_refused(signed_in: TestClient) -> None:
    masked = csrf_of(signed_in)
    secret = _secret(masked)
    bad = [
        secret,
        "",
        masked[:-4],
        masked + "AAAA",
        "!!!!" + masked[4:],
        "A" * 5000,
        base64.urlsafe_b64encode(b"\x00" * 10 + b"\xff" * 10).decode(),
        "é" * 40,
        mask_token(secret[:-1]),
    ]
    for token in bad:
        assert _lang(signed_in, token) == 403, token
    assert _lang(signed_in, masked, origin="https://evil.example") == 403
    assert _lang(signed_in, masked, origin="null") == 403
    assert _lang(signed_in, mask_token(secret)) == 303


def test_csrf_token_endpoint(client: TestClient, user: Any) -> None:
    anon = client.get("/csrf-token")
    assert anon.status_code == 403
    assert "token" not in anon.text
    sign_in(client)
    cross = client.get("/csrf-token", headers={"origin": "https://evil.example"})
    assert "access-control-allow-origin" not in cross.headers
    assert cross.headers["content-type"].startswith("application/json")
    assert cross.headers["x-content-type-options"] == "nosniff"


def test_login_csrf_with_attackers_double_submit_pair_is_refused(
    client: TestClient, db: Session, user: Any
) -> None:
    attacker = _fresh(client)
    token = csrf_of(attacker, "/login")
    # The victim has her own koc_csrf cookie (or none); the attacker's token is not hers.
    victim = _fresh(client)
    victim.get("/login")
    form = {"username": "mei", "password": PASSWORD, "csrf_token": token, "next": "/"}
    assert victim.post("/login", data=form).status_code == 403
    bare = _fresh(client)
    assert bare.post("/login", data=form).status_code == 403
