"""Pages cached whole (app.web.pagecache): fresh after every kind of write, never another
account's or another session's, and in the account's language.

"Fresh" is checked two ways: the new data is on the page, and the page equals the same page
rendered with the cache emptied (per-response tokens aside), so a stale piece anywhere fails.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import Session, col, select

from app import backup, clock, migrate
from app.accounts import service as accounts
from app.accounts.models import UserSession
from app.db import make_engine
from app.ledger.models import Profile
from app.main import create_app
from app.settings import Settings
from app.web import pagecache
from app.web.core import unmask_token
from tests import factories
from tests.conftest import PASSWORD, api_token, csrf_of, make_user, sign_in

PAGES = ("/", "/deals", "{deal}", "/dashboard", "/dashboard?period=all", "/tax", "/rate-card")
TOKENS = (
    (re.compile(r'(name="csrf_token" value=")[^"]*"'), r'\1CSRF"'),
    (re.compile(r'(name="submit_token" value=")[^"]*"'), r'\1SUBMIT"'),
    (re.compile(r'("X-CSRF-Token": ")[^"]*"'), r'\1CSRF"'),
)


def _plain(html: str) -> str:
    for pattern, replacement in TOKENS:
        html = pattern.sub(replacement, html)
    return html


def _paths(deal_id: int) -> list[str]:
    return [p.format(deal=f"/deals/{deal_id}") for p in PAGES]


def _app(client: TestClient) -> Any:
    return client.app


def _get(client: TestClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.text


def assert_fresh(client: TestClient, paths: list[str]) -> dict[str, str]:
    """Each page as served now equals the page rendered without the cache."""
    served = {path: _get(client, path) for path in paths}
    _app(client).state.page_cache.clear()
    for path in paths:
        assert _plain(served[path]) == _plain(_get(client, path)), f"{path} was stale"
    return served


def _warm(client: TestClient, paths: list[str]) -> None:
    for path in paths:
        _get(client, path)
        _get(client, path)  # the second from the cache


@pytest.fixture
def deal(db: Session, user: Any) -> Any:
    the_deal = factories.deal(
        db, user, title="First title", agreed_fee="3000.00", due_on=clock.today_in("Asia/Shanghai")
    )
    factories.work(db, the_deal, minutes=90)
    return the_deal


def test_a_page_is_served_from_the_cache(signed_in: TestClient, deal: Any) -> None:
    """The cache is used at all (else the tests below would pass without one)."""
    _get(signed_in, "/deals")
    entries = len(_app(signed_in).state.page_cache._items)
    _get(signed_in, "/deals")
    assert len(_app(signed_in).state.page_cache._items) == entries >= 1


def test_a_page_larger_than_the_limit_is_not_kept(
    signed_in: TestClient, deal: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Memory stays bounded whatever a deal holds: a page over MAX_PAGE is rendered each time."""
    monkeypatch.setattr(pagecache, "MAX_PAGE", 1000)
    _app(signed_in).state.page_cache.clear()
    first = _get(signed_in, f"/deals/{deal.id}")
    assert len(first.encode()) > 1000
    assert not _app(signed_in).state.page_cache._items
    assert _plain(_get(signed_in, f"/deals/{deal.id}")) == _plain(first)


def test_fresh_after_a_form_write(signed_in: TestClient, deal: Any) -> None:
    paths = _paths(deal.id)
    _warm(signed_in, paths)
    token = csrf_of(signed_in, f"/deals/{deal.id}")
    answer = signed_in.post(
        f"/deals/{deal.id}/parts/work",
        headers={"HX-Request": "true"},
        data={
            "csrf_token": token,
            "activity": "editing",
            "minutes": "47",
            "worked_on": date(2026, 3, 2).isoformat(),
            "note": "Cut the second version",
        },
    )
    assert answer.status_code == 200
    pages = assert_fresh(signed_in, paths)
    assert "Cut the second version" in pages[f"/deals/{deal.id}"]


def test_fresh_after_a_write_through_the_api(
    signed_in: TestClient, db: Session, user: Any, deal: Any
) -> None:
    paths = _paths(deal.id)
    _warm(signed_in, paths)
    answer = signed_in.patch(
        f"/api/v1/deals/{deal.id}",
        json={"title": "Renamed by the API"},
        headers=api_token(db, user),
    )
    assert answer.status_code == 200, answer.text
    pages = assert_fresh(signed_in, paths)
    for path in ("/deals", f"/deals/{deal.id}"):
        assert "Renamed by the API" in pages[path] and "First title" not in pages[path]


def test_fresh_after_a_write_that_moves_no_figures(signed_in: TestClient, deal: Any) -> None:
    """A timer started and the rate card changed: rows the figures do not count."""
    paths = _paths(deal.id)
    _warm(signed_in, paths)
    token = csrf_of(signed_in, f"/deals/{deal.id}")
    started = signed_in.post(
        f"/deals/{deal.id}/timer/start", data={"csrf_token": token, "activity": "shooting"}
    )
    assert started.status_code == 303
    pages = assert_fresh(signed_in, paths)
    assert "Timer running" in pages["/"]
    changed = signed_in.post(
        "/rate-card", data={"csrf_token": token, "usage_rights_pct": "145", "paid_boost_pct": "30"}
    )
    assert changed.status_code == 303
    pages = assert_fresh(signed_in, paths)
    assert 'value="145"' in pages["/rate-card"]
    shared = signed_in.post("/rate-card/share", data={"csrf_token": token, "action": "start"})
    assert shared.status_code == 303
    pages = assert_fresh(signed_in, paths)
    assert "/card/" in pages["/rate-card"]
    # The share link is a long-lived secret: sent uncompressed (BREACH), cached or not.
    again = signed_in.get("/rate-card")
    assert again.headers.get("content-encoding") == "identity" and "/card/" in again.text


@pytest.mark.commits  # the import runs in a background thread, on its own connection
def test_fresh_after_a_spreadsheet_import(signed_in: TestClient, deal: Any) -> None:
    paths = _paths(deal.id)
    _warm(signed_in, paths)
    token = csrf_of(signed_in, "/import")
    raw = b"title,brand,agreed fee,status,delivered\nImported deal,Brand X,1200,paid,2026-03-01\n"
    response = signed_in.post(
        "/import",
        data={"csrf_token": token, "kind": "deals"},
        files={"file": ("sheet.csv", raw, "text/csv")},
    )
    assert response.status_code == 303
    path = response.headers["location"]
    signed_in.post(
        path,
        data={
            "csrf_token": token,
            "map_title": "0",
            "map_brand": "1",
            "map_agreed_fee": "2",
            "map_status": "3",
            "map_delivered_on": "4",
        },
    )
    for _ in range(300):  # bounded wait for the background import
        if "Imported 1 row" in _get(signed_in, path):
            break
        time.sleep(0.05)
    else:
        raise AssertionError("the import did not finish")
    pages = assert_fresh(signed_in, paths)
    assert "Imported deal" in pages["/deals"]


def test_each_account_gets_its_own_pages(
    client: TestClient, app_instance: Any, db: Session, user: Any, deal: Any
) -> None:
    lin = make_user(db, "lin")
    theirs = factories.deal(db, lin, title="Lin's only deal")
    # The same ledger version as mei's: only the account tells their pages apart.
    mine_now = db.execute(select(Profile.ledger_version).where(Profile.user_id == user.id)).one()
    db.execute(
        update(Profile).where(col(Profile.user_id) == lin.id).values(ledger_version=mine_now[0])
    )
    db.commit()
    sign_in(client, "mei")
    mine = {path: _get(client, path) for path in _paths(deal.id)}
    with TestClient(app_instance, base_url="http://testserver", follow_redirects=False) as other:
        sign_in(other, "lin")
        # Her pages as rendered for her (not mei's, which the cache holds for the same paths).
        for path, page in assert_fresh(other, _paths(theirs.id)).items():
            assert "First title" not in page, path
        assert mine["/deals"] != _get(other, "/deals")
        assert "Lin&#39;s only deal" in _get(other, "/deals")
        assert "Hi, lin" in _get(other, "/")
        # Another account's deal stays a 404, cached or not.
        assert other.get(f"/deals/{deal.id}").status_code == 404


def _session_secret(db: Session, user_id: int) -> set[str]:
    rows = db.exec(select(UserSession).where(UserSession.user_id == user_id)).all()
    return {row.csrf_token for row in rows}


def test_two_sessions_of_one_account_get_their_own_tokens(
    client: TestClient, app_instance: Any, db: Session, user: Any, deal: Any
) -> None:
    sign_in(client, "mei")
    path = f"/deals/{deal.id}"
    first = _get(client, path)
    secrets_before = _session_secret(db, user.id)
    with TestClient(app_instance, base_url="http://testserver", follow_redirects=False) as other:
        sign_in(other, "mei")
        (new_secret,) = _session_secret(db, user.id) - secrets_before
        second = _get(other, path)  # served from the cache the first session filled
        token = re.search(r'name="csrf_token" value="([^"]+)"', second)
        assert token and unmask_token(token.group(1)) == new_secret
        # Her form works in her session (a token of the other session would be a 403).
        answer = other.post("/lang", data={"csrf_token": token.group(1), "locale": "en"})
        assert answer.status_code == 303
    submits = [re.findall(r'name="submit_token" value="([^"]+)"', page) for page in (first, second)]
    assert submits[0] and not set(submits[0]) & set(submits[1])
    assert len(set(submits[1])) == len(submits[1])  # one token per form, never repeated
    again = re.findall(r'name="submit_token" value="([^"]+)"', _get(client, path))
    assert not set(again) & set(submits[0])


def test_a_language_switch_shows_the_pages_in_the_new_language(
    signed_in: TestClient, deal: Any
) -> None:
    paths = _paths(deal.id)
    _warm(signed_in, paths)
    assert '<html lang="en">' in _get(signed_in, "/deals")
    token = csrf_of(signed_in, "/deals")
    assert signed_in.post("/lang", data={"csrf_token": token, "locale": "zh-CN"}).status_code == 303
    pages = assert_fresh(signed_in, paths)
    assert all('<html lang="zh-Hans">' in page for page in pages.values())


@pytest.mark.commits
def test_a_write_in_another_worker_is_seen(
    settings: Settings, client: TestClient, db: Session, user: Any
) -> None:
    """Two apps on one database (two worker processes: each has its own cache)."""
    the_deal = factories.deal(db, user, title="Seen by both")
    second = create_app(settings)
    with TestClient(second, base_url="http://testserver", follow_redirects=False) as other:
        sign_in(client, "mei")
        sign_in(other, "mei")
        paths = _paths(the_deal.id)
        _warm(client, paths)
        _warm(other, paths)
        token = csrf_of(other, f"/deals/{the_deal.id}")
        answer = other.post(
            f"/deals/{the_deal.id}/parts/work",
            headers={"HX-Request": "true"},
            data={
                "csrf_token": token,
                "activity": "editing",
                "minutes": "33",
                "worked_on": date(2026, 3, 2).isoformat(),
                "note": "Logged in the other worker",
            },
        )
        assert answer.status_code == 200
        pages = assert_fresh(client, paths)
        assert "Logged in the other worker" in pages[f"/deals/{the_deal.id}"]
    second.state.engine.dispose()


@pytest.fixture
def own_app(tmp_path: Path) -> Iterator[tuple[Settings, TestClient]]:
    """An app on its own SQLite file (a restore replaces the whole database)."""
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'ledger.sqlite3'}",
        data_dir=tmp_path,
        secret_key="test-secret-key-restore",
    )
    migrate.upgrade(make_engine(settings))
    app = create_app(settings)
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as client:
        yield settings, client
    app.state.engine.dispose()


def test_fresh_after_a_restore(own_app: tuple[Settings, TestClient], tmp_path: Path) -> None:
    """A backup, a write seen (and cached), the backup restored, another write: the page shows
    the restored ledger with the new write, not the page cached before the restore (the
    restored ledger's version would otherwise reach that page's version again)."""
    settings, client = own_app
    sessions = _app(client).state.sessions
    with sessions() as db:
        user = accounts.create_user(
            db, username="mei", password=PASSWORD, now=clock.utcnow(), is_owner=True, locale="en"
        )
        the_deal = factories.deal(db, user, title="Before the backup")
        deal_id = the_deal.id
    sign_in(client, "mei")
    path = f"/deals/{deal_id}"
    _warm(client, ["/deals", path])
    saved = backup.backup(settings, tmp_path / "saved.sqlite3")
    token = csrf_of(client, path)

    def rename(title: str) -> None:
        answer = client.patch(f"/api/v1/deals/{deal_id}", json={"title": title}, headers=bearer)
        assert answer.status_code == 200, answer.text

    with sessions() as db:
        bearer = api_token(db, accounts.find_user(db, username="mei"))
    rename("After the backup")
    _warm(client, ["/deals", path])  # cached at the version after the write
    backup.restore(settings, saved, force=True)
    # The sign-in of the restored database is the one of the backup: sign in again.
    client.cookies.clear()
    sign_in(client, "mei")
    with sessions() as db:
        bearer = api_token(db, accounts.find_user(db, username="mei"))
    # The token made before the backup's restore is gone with it: a new one.
    rename("Renamed after the restore")
    pages = assert_fresh(client, ["/deals", path])
    assert "Renamed after the restore" in pages[path] and "After the backup" not in pages[path]
    assert token  # (the old session's token is not used again)
