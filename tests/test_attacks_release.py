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


def test_csrf_token_of_one_session_is_refused_in_another(
    signed_in: TestClient, db: Session
) -> None:
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


SUBMIT = re.compile(r'name="submit_token" value="([^"]+)"')


def _deal_form(client: TestClient) -> tuple[str, str]:
    page = client.get("/deals/new")
    token, submit = CSRF.search(page.text), SUBMIT.search(page.text)
    assert token and submit
    return token.group(1), submit.group(1)


def _deals(db: Session) -> int:
    from app.ledger.models import Deal

    db.expire_all()
    return int(db.exec(select(func.count()).select_from(Deal)).one())


def test_a_form_minted_for_one_account_is_not_saved_by_another(
    signed_in: TestClient, db: Session
) -> None:
    """The phone's outbox may send an item queued by Mei while Zoe is signed in: it must not
    land in Zoe's ledger, and Zoe must not learn where Mei's copy went."""
    _csrf, submit = _deal_form(signed_in)
    make_user(db, "zoe", owner=False)
    zoe = _fresh(signed_in)
    sign_in(zoe, "zoe")
    zoe_csrf, _own = _deal_form(zoe)
    form = {"csrf_token": zoe_csrf, "title": "Mei's secret deal", "brand_name": "Acme"}
    before = _deals(db)
    refused = zoe.post("/deals", data={**form, "submit_token": submit})
    assert refused.status_code == 409, refused.status_code
    assert _deals(db) == before
    # Mei sends it herself: saved once; Zoe replaying it afterwards learns nothing.
    mei_csrf, _ = _deal_form(signed_in)
    first = signed_in.post("/deals", data={**form, "csrf_token": mei_csrf, "submit_token": submit})
    assert first.status_code == 303 and first.headers["location"].startswith("/deals/")
    again = zoe.post("/deals", data={**form, "submit_token": submit})
    assert again.status_code == 409
    assert first.headers["location"] not in again.text
    assert _deals(db) == before + 1


def test_a_replay_after_a_refused_first_try_is_saved_once(
    signed_in: TestClient, db: Session
) -> None:
    csrf, submit = _deal_form(signed_in)
    before = _deals(db)
    bad = signed_in.post("/deals", data={"csrf_token": csrf, "title": "", "submit_token": submit})
    assert bad.status_code == 422
    form = {"csrf_token": csrf, "title": "Fixed", "brand_name": "Acme", "submit_token": submit}
    assert signed_in.post("/deals", data=form).status_code == 303
    assert signed_in.post("/deals", data=form).status_code == 303
    assert _deals(db) == before + 1


def test_readyz_without_a_database_says_when_to_retry(tmp_path: Any) -> None:
    from app.main import create_app
    from app.settings import Settings

    settings = Settings(
        data_dir=tmp_path,
        database_url="postgresql+psycopg://postgres@127.0.0.1:1/unreachable",
        secret_key="k" * 40,
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        ready = client.get("/readyz")
        page = client.get("/login")
    for response in (ready, page):
        assert response.status_code == 503
        assert response.headers["retry-after"] == "30"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "content-security-policy" in response.headers
