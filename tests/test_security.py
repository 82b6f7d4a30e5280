"""Security over the whole route inventory: other accounts, anonymous visitors, CSRF, headers."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlmodel import Session

from app import clock
from app.accounts import service as accounts
from app.accounts.models import SheetUpload
from app.ledger.models import Agency, Deal, WorkEntry
from tests import factories
from tests.conftest import csrf_of, make_user, sign_in
from tests.figures import record

# The calendar feed and the shared rate card are read without an account; the secret in their
# address is the credential (tests/negotiation and tests/economics check wrong ones are 404).
PUBLIC = {
    "/healthz",
    "/readyz",
    "/setup",
    "/login",
    "/lang/{locale}",
    "/api/v1/openapi.json",
    "/calendar/{token}.ics",
    "/card/{token}",
    # The installable app's service worker and offline page carry no account data.
    "/sw.js",
    "/offline/{lang}",
}


def _routes(app: Any) -> list[tuple[str, str]]:
    """Every (method, path) the app answers; FastAPI keeps included routers lazily."""
    found = []
    for route in app.routes:
        contexts = (
            route.effective_route_contexts()
            if hasattr(route, "effective_route_contexts")
            else [route]
        )
        for context in contexts:
            if isinstance(context, APIRoute) or hasattr(context, "methods"):
                for method in sorted(set(context.methods or ()) - {"HEAD"}):
                    found.append((method, context.path))
    assert len(found) > 50
    return found


def _victim(db: Session) -> dict[str, Any]:
    """Another account with one of everything."""
    victim = make_user(db, "victim", owner=False)
    deal = factories.deal(db, victim, agreed_fee="500")
    agency = db.merge(Agency(user_id=victim.id, name="MCN", kind="mcn", notes=""))
    db.commit()
    parts = {
        "deliverables": factories.part(db, deal, "deliverables", kind="image_note"),
        "work": factories.work(db, deal),
        "payments": factories.part(db, deal, "payments", gross="10", received_on="2026-01-01"),
        "expenses": factories.part(db, deal, "expenses", amount="5", spent_on="2026-01-01"),
        "in-kind": factories.part(db, deal, "in-kind", item="lotion", value="50"),
    }
    _secret, token = accounts.create_token(db, user_id=victim.id, label="v", now=clock.utcnow())
    upload = db.merge(
        SheetUpload(
            user_id=victim.id,
            kind="deals",
            filename="v.csv",
            content='{"header": ["title"], "rows": [["x"]]}',
            created_at=clock.utcnow(),
        )
    )
    db.commit()
    from app.collective import service as collectives

    group = collectives.create_collective(
        db, user_id=victim.id, name="Victims", slug="victims", k=3, now=clock.utcnow()
    )
    return {
        "user": victim,
        "deal": deal,
        "brand_id": deal.brand_id,
        "agency": agency,
        "parts": parts,
        "token": token,
        "upload": upload,
        "collective": group,
    }


def _fill(path: str, victim: dict[str, Any], slug: str = "work") -> list[str]:
    """Concrete URLs for a path template, pointing at the victim's objects."""
    if path.startswith(("/api/v1/collectives/{slug}", "/collectives/{slug}")):
        return [
            path.replace("{slug}", victim["collective"].slug)
            .replace("{number}", "1")
            .replace("{username}", victim["user"].username)
        ]
    if "{slug}" in path:
        return [u for s in victim["parts"] for u in _fill(path.replace("{slug}", s), victim, s)]
    match = re.search(r"/deals/\{deal_id\}/([a-z-]+)/\{part_id\}", path)
    if match:
        slug = match.group(1)
    obj_id = (
        victim["agency"].id
        if path.startswith(("/agencies", "/api/v1/agencies"))
        else victim["brand_id"]
    )
    return [
        path.replace("{deal_id}", str(victim["deal"].id))
        .replace("{part_id}", str(victim["parts"][slug].id))
        .replace("{item_id}", str(obj_id))
        .replace("{obj_id}", str(obj_id))
        .replace("{token_id}", str(victim["token"].id))
        .replace("{locale}", "en")
        .replace("{upload_id}", str(victim["upload"].id))
    ]


VALID_BODIES = {
    "deliverables": {"kind": "image_note"},
    "work": {"activity": "editing", "minutes": 5, "worked_on": "2026-01-01"},
    "payments": {"gross": "1", "received_on": "2026-01-01"},
    "expenses": {"amount": "1", "spent_on": "2026-01-01"},
    "in-kind": {"item": "x"},
}


def _valid_body(url: str) -> dict[str, Any]:
    """A body that passes validation, so only ownership can refuse the request."""
    return VALID_BODIES.get(url.rstrip("/").rsplit("/", 1)[-1], {})


def test_other_accounts_objects_are_404_everywhere(
    client: TestClient, db: Session, app_instance: Any
) -> None:
    victim = _victim(db)
    attacker = make_user(db, "attacker", owner=False)
    sign_in(client, "attacker")
    token = csrf_of(client, "/")
    _secret, _ = accounts.create_token(db, user_id=attacker.id, label="a", now=clock.utcnow())
    bearer = {"Authorization": f"Bearer {_secret}"}
    tried = 0
    failures: list[tuple[str, str, int]] = []
    for method, path in _routes(app_instance):
        if "{" not in path or path in PUBLIC:
            continue
        for url in _fill(path, victim):
            if url.startswith("/api/"):
                body = _valid_body(url) if method == "POST" else {} if method == "PATCH" else None
                response = client.request(method, url, headers=bearer, json=body)
            else:
                response = client.request(
                    method,
                    url,
                    headers={"X-CSRF-Token": token},
                    data={"csrf_token": token} if method == "POST" else None,
                )
            tried += 1
            if response.status_code != 404:
                failures.append((method, url, response.status_code))
    record("routes × another account → not 404", tried, len(failures))
    assert failures == []
    assert tried > 40
    db.expire_all()
    assert db.get(Deal, victim["deal"].id) is not None
    assert db.get(WorkEntry, victim["parts"]["work"].id).minutes == 60  # type: ignore[union-attr]


def test_anonymous_gets_nothing(client: TestClient, db: Session, app_instance: Any) -> None:
    victim = _victim(db)
    tried = 0
    failures = []
    for method, path in _routes(app_instance):
        if path in PUBLIC:
            continue
        for url in _fill(path, victim):
            response = client.request(method, url)
            tried += 1
            if url.startswith("/api/"):
                ok = response.status_code == 401
            else:
                ok = response.status_code == 403 or (
                    response.status_code == 303
                    and response.headers["location"].startswith("/login")
                )
            if not ok:
                failures.append((method, url, response.status_code))
    record("routes × anonymous → not refused", tried, len(failures))
    assert failures == []
    assert tried > 40


def test_every_form_post_requires_the_csrf_token(
    signed_in: TestClient, db: Session, user: Any, app_instance: Any
) -> None:
    deal = factories.deal(db, user)
    valid = csrf_of(signed_in, "/")
    other_client = TestClient(app_instance, base_url="http://testserver", follow_redirects=False)
    make_user(db, "second", owner=False)
    sign_in(other_client, "second")
    foreign = csrf_of(other_client, "/")
    checked = 0
    failures: list[tuple[str, int]] = []
    for method, path in _routes(app_instance):
        if method != "POST" or path.startswith("/api/"):
            continue
        url = (
            path.replace("{deal_id}", str(deal.id))
            .replace("{slug}", "work")
            .replace("{part_id}", "1")
            .replace("{obj_id}", "1")
            .replace("{token_id}", "1")
            .replace("{upload_id}", "1")
        )
        for headers, data in (
            ({}, {}),
            ({}, {"csrf_token": "wrong"}),
            ({}, {"csrf_token": foreign}),
            ({"Origin": "https://evil.example"}, {"csrf_token": valid}),
            ({"Sec-Fetch-Site": "cross-site"}, {"csrf_token": valid}),
        ):
            response = signed_in.post(url, data=data, headers=headers)
            if response.status_code != 403:
                failures.append((url, response.status_code))
            checked += 1
    record("forms × bad CSRF token or cross-site origin → accepted", checked, len(failures))
    assert failures == []
    assert checked >= 50


def test_security_headers(signed_in: TestClient) -> None:
    response = signed_in.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "same-origin"
    cookie = signed_in.cookies.get("koc_session")
    assert cookie


def test_session_rotates_at_sign_in_and_dies_at_sign_out(client: TestClient, user: Any) -> None:
    csrf_of(client, "/login")
    anonymous = client.cookies.get("koc_session")
    sign_in(client)
    signed = client.cookies.get("koc_session")
    assert signed and signed != anonymous
    token = csrf_of(client, "/")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    replay = TestClient(client.app, base_url="http://testserver", follow_redirects=False)
    replay.cookies.set("koc_session", signed)
    assert replay.get("/").status_code == 303


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example", "/\\evil"])
def test_sign_in_never_redirects_off_site(client: TestClient, user: Any, target: str) -> None:
    token = csrf_of(client, "/login")
    response = client.post(
        "/login",
        data={
            "username": "mei",
            "password": "correct horse battery",
            "csrf_token": token,
            "next": target,
        },
    )
    assert response.headers["location"] == "/"


def test_wrong_password_is_422_with_message(client: TestClient, user: Any) -> None:
    token = csrf_of(client, "/login")
    response = client.post(
        "/login", data={"username": "mei", "password": "nope", "csrf_token": token}
    )
    assert response.status_code == 422 and 'value="mei"' in response.text


@pytest.mark.commits  # a second app (or a background thread) must see the rows
def test_hsts_and_secure_cookies_behind_https(app_instance: Any, user: Any) -> None:
    from app.main import create_app

    settings = app_instance.state.settings.model_copy(update={"https": True})
    secure = TestClient(create_app(settings), base_url="https://testserver", follow_redirects=False)
    page = secure.get("/login")
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    assert "secure" in page.headers["set-cookie"].lower()
    assert "httponly" in page.headers["set-cookie"].lower()
    assert "samesite=lax" in page.headers["set-cookie"].lower()
