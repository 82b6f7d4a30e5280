"""Nothing lost without signal: the service worker keeps what is posted offline and sends it
once when the connection is back; pages she saw stay readable, without their tokens."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import delete, func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app import clock
from app.accounts import service as accounts
from app.accounts.models import User, UserSession
from app.db import make_engine
from app.ledger import service as ledger
from app.ledger.models import Deal, WorkEntry
from app.ledger.schemas import DealCreate
from app.settings import Settings

pytestmark = pytest.mark.browser
PASSWORD = "a long password"


@pytest.fixture
def engine(live_settings: Settings) -> Iterator[Engine]:
    engine = make_engine(live_settings)
    yield engine
    engine.dispose()


@pytest.fixture
def deal_id(live_server: str, engine: Engine) -> int:
    with Session(engine) as db:
        user = accounts.create_user(
            db, username="mei", password=PASSWORD, now=clock.utcnow(), is_owner=True
        )
        assert user.id is not None
        ledger.update_profile(db, user_id=user.id, changes={"locale": "en"})
        brand = ledger.find_or_create_brand(db, user, "Offline Brand")
        db.commit()
        deal = ledger.create_deal(
            db,
            user_id=user.id,
            data=DealCreate(title="Subway deal", brand_id=brand.id or 0),
            now=clock.utcnow(),
        )
        assert deal.id is not None
        return deal.id


@pytest.fixture
def app_page(browser: Any, live_server: str, deal_id: int) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    _sign_in(page, live_server)
    page.goto(live_server + "/")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=10_000)
    yield page
    context.close()
    assert errors == [], errors


def _sign_in(page: Any, base: str) -> None:
    page.goto(base + "/login")
    page.fill("#username", "mei")
    page.fill("#password", PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_url(base + "/")


def _work_rows(engine: Engine, deal_id: int) -> int:
    with Session(engine) as db:
        return int(db.exec(select(func.count()).where(WorkEntry.deal_id == deal_id)).one())


def _log_offline(page: Any, base: str, deal_id: int, activity: str, minutes: int) -> None:
    """Log work on the deal with no signal: the service worker keeps it and shows the offline
    page."""
    page.goto(base + "/work/new")
    page.context.set_offline(True)
    page.check(f"input[name=deal_id][value='{deal_id}']", force=True)
    page.check(f"input[name=activity][value={activity}]", force=True)
    page.fill("#minutes", str(minutes))
    page.click("button:has-text('Log it')")
    page.wait_for_url("**/offline/en?queued=1")


def _wait_sent(page: Any) -> None:
    page.wait_for_function(
        "() => document.getElementById('outbox').hidden === true", timeout=15_000, polling=200
    )


def test_offline_submit_is_sent_once_when_back(
    app_page: Any, live_server: str, engine: Engine, deal_id: int
) -> None:
    page = app_page
    _log_offline(page, live_server, deal_id, "editing", 45)
    page.locator("#queued-note").wait_for(state="visible")
    page.locator("#outbox", has_text="Waiting to send (1)").wait_for()
    assert _work_rows(engine, deal_id) == 0
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    _wait_sent(page)
    assert _work_rows(engine, deal_id) == 1
    # Reloading, coming back online again and flushing again sends nothing more.
    page.goto(live_server + "/")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_timeout(1500)
    assert _work_rows(engine, deal_id) == 1


def test_two_submits_offline_make_two_rows(
    app_page: Any, live_server: str, engine: Engine, deal_id: int
) -> None:
    page = app_page
    page.goto(live_server + f"/deals/{deal_id}")
    page.context.set_offline(True)
    work = page.locator("#section-work")
    for minutes in ("30", "50"):  # the same htmx form, the same submit token on the page
        if not work.locator("details").evaluate("d => d.open"):
            work.locator("summary").click()
        work.locator("select[name=activity]").select_option("editing")
        work.locator("input[name=minutes]").fill(minutes)
        work.locator("details button[type=submit]").click()
        page.wait_for_timeout(300)
    page.locator("#outbox", has_text="Waiting to send (2)").wait_for()
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    _wait_sent(page)
    assert _work_rows(engine, deal_id) == 2
    with Session(engine) as db:
        minutes = sorted(e.minutes for e in db.exec(select(WorkEntry)).all())
    assert minutes == [30, 50]


def test_expired_session_keeps_the_item_and_asks_to_sign_in(
    app_page: Any, live_server: str, engine: Engine, deal_id: int
) -> None:
    page = app_page
    _log_offline(page, live_server, deal_id, "shooting", 25)
    with Session(engine) as db:  # the session expires while she is underground
        db.execute(delete(UserSession))
        db.commit()
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.locator("#outbox", has_text="Sign in to send them").wait_for(timeout=15_000)
    page.locator("#outbox a[href='/login']").wait_for(state="visible")
    assert _work_rows(engine, deal_id) == 0
    _sign_in(page, live_server)  # the page she lands on sends what waited
    for _ in range(75):
        if _work_rows(engine, deal_id):
            break
        page.wait_for_timeout(200)
    assert _work_rows(engine, deal_id) == 1
    _wait_sent(page)


def test_a_flush_asked_for_while_one_runs_is_not_dropped(
    app_page: Any, live_server: str, engine: Engine, deal_id: int
) -> None:
    """The signal comes back while the service worker's last try is still failing: the flush
    the 'online' event asks for must run after it, not be answered by the failing one (then the
    outbox said nothing new until the 20-second retry)."""
    page = app_page
    _log_offline(page, live_server, deal_id, "shooting", 25)
    held: list[Any] = []

    def hold_the_first(route: Any) -> None:
        if held:
            route.continue_()
        else:
            held.append(route)  # answered below, as a failure, once a second flush is asked for

    page.context.route("**/csrf-token", hold_the_first)
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")  # the first flush: held
    for _ in range(50):
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the service worker's fetch of /csrf-token was not seen"
    with Session(engine) as db:  # her session ended meanwhile
        db.execute(delete(UserSession))
        db.commit()
    page.evaluate("window.dispatchEvent(new Event('online'))")  # asked for while one runs
    page.wait_for_timeout(300)
    held[0].abort()  # the first try fails, as it does without signal
    # well inside the 20-second retry, which would otherwise be the next try
    page.locator("#outbox", has_text="Sign in to send them").wait_for(timeout=8_000)
    assert _work_rows(engine, deal_id) == 0


def test_timer_stopped_offline_logs_the_time_it_was_tapped(
    app_page: Any, live_server: str, engine: Engine, deal_id: int
) -> None:
    page = app_page
    page.goto(live_server + f"/deals/{deal_id}")
    page.locator("#timer button").first.click()
    page.locator("#timer button:has-text('Stop and log')").wait_for()
    with Session(engine) as db:  # started 30 minutes ago
        deal = db.get(Deal, deal_id)
        assert deal is not None and deal.timer_started_at is not None
        deal.timer_started_at = clock.utcnow() - __import__("datetime").timedelta(minutes=30)
        db.add(deal)
        db.commit()
    page.context.set_offline(True)
    page.click("#timer button:has-text('Stop and log')")
    page.wait_for_url("**/offline/en?queued=1")
    page.wait_for_timeout(2500)  # time passes before the signal is back
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    _wait_sent(page)
    with Session(engine) as db:
        entries = db.exec(select(WorkEntry).where(WorkEntry.deal_id == deal_id)).all()
        assert [e.minutes for e in entries] in ([30], [31])
        deal = db.get(Deal, deal_id)
        assert deal is not None and deal.timer_started_at is None


def test_pages_she_saw_are_readable_offline_without_tokens(
    app_page: Any, live_server: str, engine: Engine, deal_id: int
) -> None:
    page = app_page
    for path in ("/", "/deals", "/dashboard"):
        page.goto(live_server + path)
    page.wait_for_timeout(500)
    page.context.set_offline(True)
    page.goto(live_server + "/deals")
    assert "Subway deal" in page.locator("main").inner_text()
    page.locator("#saved-at").wait_for(state="visible")
    html = page.content()
    assert "X-CSRF-Token" not in html
    values = page.eval_on_selector_all(
        "input[name=csrf_token], input[name=submit_token]", "els => els.map(e => e.value)"
    )
    assert all(v == "" for v in values)
    page.goto(live_server + "/brands")  # never saved: the offline page, in her language
    assert "No connection" in page.locator("h1").inner_text()
    with Session(engine) as db:
        assert db.exec(select(User)).first() is not None


def test_chromium_finds_the_app_installable(app_page: Any, live_server: str) -> None:
    page = app_page
    page.goto(live_server + "/")
    page.wait_for_timeout(500)
    session = page.context.new_cdp_session(page)
    errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # A Playwright context is an incognito profile, where Chromium never offers to install;
    # anything else (manifest, icons, service worker, start URL offline) would be listed here.
    assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == [], errors
    manifest = session.send("Page.getAppManifest")
    assert manifest["errors"] == [], manifest["errors"]


def test_a_queued_item_waits_for_its_own_account(
    app_page: Any, live_server: str, engine: Engine, deal_id: int
) -> None:
    with Session(engine) as db:
        accounts.create_user(db, username="sis", password=PASSWORD, now=clock.utcnow())
    page = app_page
    page.goto(live_server + "/work/new")
    page.context.set_offline(True)
    page.check(f"input[name=deal_id][value='{deal_id}']", force=True)
    page.check("input[name=activity][value=editing]", force=True)
    page.fill("#minutes", "15")
    page.click("form[action='/work'] button[type=submit]")
    page.wait_for_url("**/offline/*?queued=1")
    with Session(engine) as db:  # her session ends; her sister signs in on the same phone
        db.execute(delete(UserSession))
        db.commit()
    page.context.set_offline(False)
    page.context.clear_cookies()
    page.goto(live_server + "/login")
    page.fill("#username", "sis")
    page.fill("#password", PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    page.locator("#outbox", has_text="1").wait_for(timeout=15_000)
    page.wait_for_timeout(1500)
    assert _work_rows(engine, deal_id) == 0
    with Session(engine) as db:
        assert db.exec(select(func.count()).select_from(WorkEntry)).one() == 0
    page.context.clear_cookies()
    _sign_in(page, live_server)
    for _ in range(75):
        if _work_rows(engine, deal_id):
            break
        page.wait_for_timeout(200)
    assert _work_rows(engine, deal_id) == 1
