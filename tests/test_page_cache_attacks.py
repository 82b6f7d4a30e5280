"""Attacks on the whole-page cache (app.web.pagecache): another account's or another moment's
page served, tokens leaked, headers mixed, memory unbounded. Each test names what it tries;
the ones that found a fault failed before the fix (see /work/notes/attack-pages.md)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from app import clock
from app.accounts import service as accounts_service
from app.accounts.models import UserSession
from app.ledger.models import Deal, Profile
from app.web import pagecache
from tests import factories
from tests.conftest import csrf_of, make_user, sign_in
from tests.test_page_cache import _app, _get, _paths, _plain, _warm, assert_fresh


@pytest.fixture
def deal(db: Session, user: Any) -> Any:
    return factories.deal(db, user, title="Original title", agreed_fee="3000.00")


# --- memory ----------------------------------------------------------------------------------
def test_a_page_over_the_size_limit_is_not_kept(
    signed_in: TestClient, deal: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Commit 7d9d881 says a page over 128 kB is not kept, but pagecache had no limit: 64
    entries of any size (a deal with thousands of entries, a long deal list) stay in memory."""
    monkeypatch.setattr(pagecache, "MAX_PAGE", 1000, raising=False)
    _app(signed_in).state.page_cache.clear()
    first = _get(signed_in, f"/deals/{deal.id}")
    assert len(first.encode()) > 1000
    assert not _app(signed_in).state.page_cache._items, "a page over the limit was kept"
    assert _plain(_get(signed_in, f"/deals/{deal.id}")) == _plain(first)


def test_many_accounts_keep_the_cache_bounded(
    client: TestClient, app_instance: Any, db: Session
) -> None:
    """Held: the number of entries never passes PAGES whatever the number of accounts/paths."""
    make_user(db, "mei")
    sign_in(client, "mei")
    for n in range(pagecache.PAGES + 20):
        _get(client, f"/deals?q=x{n}")
    assert len(_app(client).state.page_cache._items) <= pagecache.PAGES


# --- the version read at the request's start ------------------------------------------------
def _old_last_seen(db: Session, user_id: int) -> None:
    """The session was last seen minutes ago: this request writes its stamp (touch_session)."""
    db.execute(
        update(UserSession)
        .where(col(UserSession.user_id) == user_id)
        .values(last_seen_at=datetime.now(UTC) - timedelta(minutes=5))
    )
    db.commit()


def _write_between(
    monkeypatch: pytest.MonkeyPatch, app: Any, deal_id: int, title: str
) -> dict[str, int]:
    """Another request's write committed just before this request works out its page key
    (after its dependencies loaded the deal): the write lands mid-request."""
    real = pagecache.page_key
    done = {"n": 0}

    def racing(page: Any, name: str, extra: Any) -> Any:
        if not done["n"]:
            done["n"] += 1
            with app.state.sessions() as other:
                row = other.get(Deal, deal_id)
                assert row is not None
                row.title = title
                other.add(row)
                other.commit()
        return real(page, name, extra)

    monkeypatch.setattr(pagecache, "page_key", racing)
    return done


@pytest.mark.commits  # the racing write on its own connection
def test_a_write_racing_a_view_is_not_kept_under_the_new_version(
    signed_in: TestClient, db: Session, user: Any, deal: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Held: the usual path (the session's last-seen stamp written and committed). The version
    comes from signed_in's row, read before the deal: the page with the old title is kept
    under the old version, and the next view renders the new one."""
    path = f"/deals/{deal.id}"
    _warm(signed_in, [path])
    _old_last_seen(db, user.id)
    done = _write_between(monkeypatch, _app(signed_in), deal.id, "Renamed mid-request")
    _get(signed_in, path)
    assert done["n"] == 1
    monkeypatch.undo()
    assert "Renamed mid-request" in _get(signed_in, path)


@pytest.mark.commits  # the racing write on its own connection
def test_a_failed_last_seen_stamp_does_not_move_the_version_read(
    signed_in: TestClient, db: Session, user: Any, deal: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Held. touch_session's commit fails when a long write holds the lock (OperationalError:
    it rolls back), and the rollback expires every row read so far, the profile too. Were its
    version read again only when the page key is made (after the deal page's dependency loaded
    the deal), a write landing between the two would be kept as the old deal under the new
    version. It is not: the preferences (language, zone) reload the profile row right after
    signed_in, before the deal; on SQLite the request's snapshot is one read transaction."""
    path = f"/deals/{deal.id}"
    _warm(signed_in, [path])
    _old_last_seen(db, user.id)
    real_touch = accounts_service.touch_session

    def locked_touch(session: Session, row: Any, *, now: datetime) -> None:
        def locked() -> None:
            raise OperationalError("UPDATE user_session", {}, Exception("database is locked"))

        session.commit = locked  # type: ignore[method-assign]
        try:
            real_touch(session, row, now=now)
        finally:
            del session.commit

    monkeypatch.setattr(accounts_service, "touch_session", locked_touch)
    done = _write_between(monkeypatch, _app(signed_in), deal.id, "Renamed mid-request")
    racing = _get(signed_in, path)
    assert done["n"] == 1
    assert "Original title" in racing  # the deal as loaded before the write
    monkeypatch.undo()
    assert "Renamed mid-request" in _get(signed_in, path), "the old page came back from the cache"


# --- writes that roll back or fail ------------------------------------------------------------
def test_a_write_rolled_back_after_its_flush_leaves_the_pages(
    signed_in: TestClient, db: Session, user: Any, deal: Any
) -> None:
    """Held: a flushed change rolled back moves nothing; a later commit of another row moves
    the version (and the page shows the rolled-back title nowhere)."""
    paths = _paths(deal.id)
    _warm(signed_in, paths)
    row = db.get(Deal, deal.id)
    assert row is not None
    row.title = "Never committed"
    db.add(row)
    db.flush()
    db.rollback()
    pages = assert_fresh(signed_in, paths)
    assert all("Never committed" not in page for page in pages.values())


def test_a_commit_that_fails_after_the_bump_serves_no_new_data(
    signed_in: TestClient, db: Session, user: Any, deal: Any
) -> None:
    """Held: the bump is an UPDATE in the same transaction as the write; a commit that fails
    (here a flush at commit breaking a NOT NULL) takes both back."""
    paths = _paths(deal.id)
    _warm(signed_in, paths)
    version = db.execute(select(Profile.ledger_version).where(Profile.user_id == user.id)).one()[0]
    row = db.get(Deal, deal.id)
    assert row is not None
    row.title = "Half written"
    row.currency = None  # type: ignore[assignment]
    db.add(row)
    with pytest.raises(Exception):  # noqa: B017 - the database's own error class
        db.commit()
    db.rollback()
    after = db.execute(select(Profile.ledger_version).where(Profile.user_id == user.id)).one()[0]
    assert after == version
    pages = assert_fresh(signed_in, paths)
    assert all("Half written" not in page for page in pages.values())


# --- accounts ---------------------------------------------------------------------------------
def test_an_account_made_again_with_the_same_id_gets_its_own_pages(
    client: TestClient, db: Session
) -> None:
    """Held: SQLite reuses the highest id after a delete. An account deleted and another made
    with the same id (and version 0 again) is told apart by when it was made."""
    from app.accounts.models import User

    first = make_user(db, "mei")
    factories.deal(db, first, title="The first account's deal")
    sign_in(client, "mei")
    _warm(client, ["/", "/deals"])
    first_id = first.id
    from app.db import metadata

    for table in reversed(metadata.sorted_tables):
        if "user_id" in table.c:
            db.execute(table.delete().where(table.c.user_id == first_id))
    db.execute(User.__table__.delete().where(User.__table__.c.id == first_id))  # type: ignore[attr-defined]
    db.commit()
    second = make_user(db, "mei")
    if second.id != first_id:
        pytest.skip("the database did not reuse the id")
    sign_in(client, "mei")
    assert "The first account&#39;s deal" not in _get(client, "/deals")


def test_two_accounts_at_one_version_with_one_username_history(
    client: TestClient, app_instance: Any, db: Session, user: Any, deal: Any
) -> None:
    """Held: lin at mei's version, with the same query strings and hx headers, gets her own."""
    lin = make_user(db, "lin")
    version = db.execute(select(Profile.ledger_version).where(Profile.user_id == user.id)).one()
    db.execute(
        update(Profile).where(col(Profile.user_id) == lin.id).values(ledger_version=version[0])
    )
    db.commit()
    sign_in(client, "mei")
    headers = {"HX-Request": "true", "HX-Target": "rows"}
    mine = client.get("/deals?status=&q=", headers=headers).text
    assert "Original title" in mine
    with TestClient(app_instance, base_url="http://testserver", follow_redirects=False) as other:
        sign_in(other, "lin")
        theirs = other.get("/deals?status=&q=", headers=headers).text
        assert "Original title" not in theirs


# --- tokens and markers -----------------------------------------------------------------------
def test_no_marker_reaches_a_browser_and_typed_lookalikes_stay_text(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    """Held: markers are random per process; text shaped like one is shown as typed, and no
    served page (cached or not, full or htmx) holds a marker."""
    lookalike = "koccsrf" + "0" * 24 + " kocsubmit" + "1" * 24
    the_deal = factories.deal(db, user, title="Markers", notes=lookalike)
    paths = _paths(the_deal.id)
    for _ in range(2):
        for path in paths:
            for headers in ({}, {"HX-Request": "true"}):
                page = signed_in.get(path, headers=headers).text
                assert pagecache.CSRF_MARK not in page and pagecache.SUBMIT_MARK not in page
    assert lookalike in _get(signed_in, f"/deals/{the_deal.id}")


def test_a_marker_typed_into_a_note_is_filled_only_with_her_own_token(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    """Held (worst case, if a marker leaked): the note shows a token of her own session; no
    other session's token, and the page's forms still work."""
    the_deal = factories.deal(db, user, title="Marked", notes=pagecache.CSRF_MARK)
    path = f"/deals/{the_deal.id}"
    _get(signed_in, path)
    page = _get(signed_in, path)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token is not None
    answer = signed_in.post("/lang", data={"csrf_token": token.group(1), "locale": "en"})
    assert answer.status_code == 303


# --- headers ----------------------------------------------------------------------------------
def test_cached_pages_are_private_and_encoded_per_client(signed_in: TestClient, deal: Any) -> None:
    """Held: a page from the cache still says no-store (no shared proxy or browser keeps it),
    is compressed for a gzip client and plain for an identity one, in either order."""
    path = f"/deals/{deal.id}"
    for encodings in (("gzip", "identity"), ("identity", "gzip")):
        _app(signed_in).state.page_cache.clear()
        for enc in encodings + encodings:
            response = signed_in.get(path, headers={"Accept-Encoding": enc})
            assert response.status_code == 200
            assert response.headers["cache-control"] == "no-store"
            assert response.headers.get("content-encoding", "identity") == enc
            assert "Original title" in response.text
            assert "set-cookie" not in response.headers or enc  # cookies are the ASGI layer's
            assert response.headers["x-koc-account"] == str(deal.user_id)


def test_head_requests_do_not_fill_the_cache_with_tokens(signed_in: TestClient, deal: Any) -> None:
    """Held: HEAD is not a route method here (405) and caches nothing."""
    _app(signed_in).state.page_cache.clear()
    answer = signed_in.head(f"/deals/{deal.id}")
    assert answer.status_code in (200, 405)
    assert not _app(signed_in).state.page_cache._items
    first = re.findall(r'name="submit_token" value="([^"]+)"', _get(signed_in, "/"))
    second = re.findall(r'name="submit_token" value="([^"]+)"', _get(signed_in, "/"))
    assert not set(first) & set(second)


def test_an_htmx_answer_and_the_full_page_never_mix(signed_in: TestClient, deal: Any) -> None:
    """Held: hx headers are in the key; the rows alone and the whole page stay apart."""
    for order in ((True, False), (False, True)):
        _app(signed_in).state.page_cache.clear()
        for hx in order + order:
            response = signed_in.get("/deals", headers={"HX-Request": "true"} if hx else {})
            assert ("<html" in response.text) is (not hx) or "<html" in response.text


def test_an_error_is_not_kept(signed_in: TestClient, deal: Any) -> None:
    """Held: another account's deal (404) and a bad year are rendered every time."""
    _app(signed_in).state.page_cache.clear()
    assert signed_in.get("/deals/999999").status_code == 404
    signed_in.get("/tax?year=abc")
    for key in _app(signed_in).state.page_cache._items:
        assert "/deals/999999" not in key


# --- time -------------------------------------------------------------------------------------
def test_midnight_in_her_zone_moves_the_pages(
    signed_in: TestClient, db: Session, user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Held: today (in her time zone) is in the key: at midnight on 31 December the tax page
    (this year by default) and the home lists move without any write."""
    eve = date(2030, 12, 31)
    factories.deal(db, user, title="Due deal", due_on=eve)
    monkeypatch.setattr(clock, "today_in", lambda _zone: eve)
    _warm(signed_in, ["/", "/tax"])
    before = _get(signed_in, "/tax")
    monkeypatch.setattr(clock, "today_in", lambda _zone: eve + timedelta(days=1))
    served = {path: _get(signed_in, path) for path in ("/", "/tax")}
    _app(signed_in).state.page_cache.clear()
    for path, page in served.items():
        assert _plain(page) == _plain(_get(signed_in, path)), path
    assert _plain(served["/tax"]) != _plain(before)


def test_a_time_zone_change_shows_the_new_zone(
    signed_in: TestClient, db: Session, user: Any, deal: Any
) -> None:
    """Held: the zone is a profile write (version) and in the key."""
    paths = _paths(deal.id)
    _warm(signed_in, paths)
    token = csrf_of(signed_in, "/settings")
    answer = signed_in.post("/settings", data={"csrf_token": token, "timezone": "America/New_York"})
    assert answer.status_code == 303, answer.text
    zone = db.execute(select(Profile.timezone).where(Profile.user_id == user.id)).one()[0]
    assert zone == "America/New_York"
    assert_fresh(signed_in, paths)
