"""Calendar token stored as a digest (existing ones hashed by migration 0010), tokens out of
the access log, and no Host header echoed into links (issue 9)."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session, select

from app import migrate
from app.db import make_engine
from app.ledger.models import Profile
from app.settings import Settings
from tests.conftest import Databases, csrf_of

EVIL = "evil.example"


def _renew(client: TestClient, host: str | None = None) -> str:
    headers = {"host": host} if host else {}
    token = csrf_of(client, "/settings")
    page = client.post(
        "/settings/calendar", data={"csrf_token": token, "action": "renew"}, headers=headers
    ).text
    if 'id="calendar-url"' not in page:  # (before issue 9 the address was on the settings page)
        page = client.get("/settings", headers=headers).text
    return page.split('id="calendar-url">')[1].split("<")[0]


def test_calendar_token_is_stored_as_a_digest(signed_in: TestClient, db: Session) -> None:
    url = _renew(signed_in)
    secret = url.rsplit("/", 1)[1].removesuffix(".ics")
    stored = db.exec(select(Profile)).one().calendar_token_hash
    assert stored == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in (stored or "")
    assert signed_in.get(f"/calendar/{secret}.ics").status_code == 200
    assert signed_in.get(f"/calendar/{stored}.ics").status_code == 404  # the digest is no key


def test_hostile_host_is_not_echoed(signed_in: TestClient) -> None:
    url = _renew(signed_in, host=EVIL)
    assert EVIL not in url and url.startswith("/calendar/")
    feed = signed_in.get(url, headers={"host": EVIL})
    assert feed.status_code == 200 and EVIL not in feed.text


def test_configured_base_url_and_allowed_hosts(
    signed_in: TestClient, app_instance: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = app_instance.state.settings
    monkeypatch.setattr(settings, "allowed_hosts", "ledger.lan")
    assert _renew(signed_in, host="ledger.lan:8000").startswith("http://ledger.lan:8000/calendar/")
    assert _renew(signed_in, host="ledger.lan:8000@evil.example").startswith("/calendar/")
    monkeypatch.setattr(settings, "base_url", "https://ledger.example.com/")
    url = _renew(signed_in, host=EVIL)
    assert url.startswith("https://ledger.example.com/calendar/")


def test_migration_hashes_existing_tokens(databases: Databases) -> None:
    engine = make_engine(Settings(database_url=databases.new_url()))
    migrate.upgrade(engine, "0008")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO user_account (username, password_hash, is_owner, created_at) "
                "VALUES ('old', 'x', true, CURRENT_TIMESTAMP)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO profile (user_id, display_name, platform, currency, timezone, "
                "annual_salary, annual_deductions, salary_tax_prepaid, locale, ledger_version, "
                "calendar_token) SELECT id, 'old', 'xiaohongshu', 'CNY', 'Asia/Shanghai', "
                "0, 0, 0, 'en', 0, 'an-old-subscribed-token-abc' FROM user_account"
            )
        )
    migrate.upgrade(engine)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT calendar_token_hash FROM profile")).scalar_one()
    assert stored == hashlib.sha256(b"an-old-subscribed-token-abc").hexdigest()
    engine.dispose()


def test_access_log_lines_lose_their_tokens() -> None:
    from app.web.logs import RedactTokens, redact

    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/calendar/s3cr3tT0kenValue123.ics?x=1", "1.1", 200),
        None,
    )
    assert RedactTokens().filter(record)
    line = record.getMessage()
    assert "s3cr3tT0kenValue123" not in line and "/calendar/[redacted]" in line
    assert redact("/card/AbCdEf0123456789?lang=en") == "/card/[redacted]?lang=en"
    assert redact("/api/v1/x?token=abc&y=2") == "/api/v1/x?token=[redacted]&y=2"
