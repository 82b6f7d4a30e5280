"""Attack review of issue-15-post15 (merged at 8729c70): the deal page's section rows kept
rendered in a process-wide LRU (ledger/pages.py, _row_renderer, keyed by the template, the
language, the time zone, the kind, the deal's id and currency, the worked-out figures and every
column of the row, the CSRF token a marker replaced after), and tax_rollup.move(unpaid=True)
checking a deal with no payments for kept tax rows with one EXISTS statement.

Each test names what it tries; the one that found a fault failed before the fix (see
/work/notes/attack-post15.md), the others are guards that held, each shown failing once with
the rule it guards broken on purpose (the report says how)."""

from __future__ import annotations

import random
import sys
from collections import Counter
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from app import clock
from app.accounts import service as accounts
from app.db import make_engine
from app.economics import rollup
from app.economics.models import TaxDealYear, TaxPayment
from app.ledger import pages
from app.ledger import service as ledger
from app.ledger.models import Deal, Payment
from app.settings import Settings
from app.web.core import unmask_token
from bench.consistency import mismatches
from bench.live import LiveServer, at_once, status_of
from tests import factories
from tests.conftest import (
    CSRF,
    PASSWORD,
    Databases,
    csrf_of,
    make_user,
    post_work_entry,
    sign_in,
)
from tests.html import one, parse

HTMX = {"HX-Request": "true"}


def _kept_size(key: Any, text: str) -> int:
    """Bytes one kept row holds: its text and the strings of its key (the row's columns)."""
    size = sys.getsizeof(text) + sys.getsizeof(key)
    for part in key:
        if isinstance(part, tuple):
            size += sys.getsizeof(part) + sum(sys.getsizeof(v) for v in part)
        elif isinstance(part, str):
            size += sys.getsizeof(part)
    return size


# --- the row cache's bound ---------------------------------------------------------------------
def test_rows_with_long_notes_do_not_make_the_row_cache_a_hundred_times_its_bound(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    """FOUND. The cache is said to hold "512 rows of about a kilobyte". A work entry's note is
    up to 5,000 characters, kept twice (in the key, and escaped in the text: a '"' is 5
    characters there, and one character outside Latin-1 makes the whole text 4 bytes a
    character): such a row held about 124 KB, so one account's 26 deal pages (20 rows each)
    filled the cache with about 63 MB in every worker. The page cache (pagecache.MAX_PAGE)
    holds at most 64 x 128 KB = 8 MB whatever a ledger holds; the rows must be bounded as well:
    at most 16 KB a row (8 MB for 512), a longer row rendered each time. Ordinary rows are
    still kept, and the long ones are shown in full."""
    pages._ROWS.clear()
    deal = factories.deal(db, user)
    long_note = '"' * 4990 + "😀"
    for n in range(5):
        factories.work(db, deal, note=f"{long_note}{n}")
    factories.part(db, deal, "expenses", amount="12.00", spent_on="2026-03-02", note=long_note)
    plain = factories.work(db, deal, note="ordinary")
    page = signed_in.get(f"/deals/{deal.id}")
    assert page.status_code == 200
    assert page.text.count("&#34;" * 4990 + "😀") == 6  # the long ones are shown, escaped
    kept = list(pages._ROWS._items.items())
    sizes = sorted(_kept_size(key, text) for key, text in kept)
    assert sizes and sizes[-1] <= 16 * 1024, sizes
    # The ordinary row is kept (the cache is not simply off): shown again from it.
    assert any(key[-1][0] == plain.id and key[3] == "work" for key, _ in kept), kept
    again = signed_in.get(f"/deals/{deal.id}")
    assert again.text.count("&#34;" * 4990 + "😀") == 6
    pages._ROWS.clear()


# --- another account, ids SQLite gives again ---------------------------------------------------
@pytest.mark.parametrize(
    ("locale", "timezone"), [("en", "Asia/Shanghai"), ("zh-CN", "America/New_York")]
)
def test_another_account_under_a_reused_deal_and_row_id_sees_its_own_rows(
    client: TestClient, db: Session, locale: str, timezone: str
) -> None:
    """Guard. SQLite gives the largest deleted id to the next row: one account's deal and its
    work entry, shown (so kept), deleted; another account, in the same language or another,
    makes a deal (same currency) and an entry that get the same ids, the same activity, minutes
    and date, and a note of her own. Her page shows her note only, and every form on it carries
    her token. (PostgreSQL never gives an id again: there the ids differ and the test still
    holds.)"""
    pages._ROWS.clear()
    first = make_user(db, "ana", locale="en")
    deal = factories.deal(db, first, currency="USD")
    entry = factories.work(db, deal, activity="editing", minutes=45, note="ana's private note")
    paid = factories.part(db, deal, "payments", gross="99.00", received_on="2026-03-02")
    sign_in(client, "ana")
    assert "ana&#39;s private note" in client.get(f"/deals/{deal.id}").text
    client.post("/logout", data={"csrf_token": csrf_of(client, "/")})
    ids = (deal.id, entry.id, paid.id)
    ledger.delete_deal(db, db.get(Deal, deal.id))

    second = make_user(db, "bo", owner=False, locale=locale)
    ledger.update_profile(db, user_id=second.id, changes={"timezone": timezone})
    her_deal = factories.deal(db, second, currency="USD")
    hers = factories.work(db, her_deal, activity="editing", minutes=45, note="bo's note")
    her_paid = factories.part(db, her_deal, "payments", gross="99.00", received_on="2026-03-02")
    if db.get_bind().dialect.name == "sqlite":
        assert (her_deal.id, hers.id, her_paid.id) == ids  # the ids were given again
    sign_in(client, "bo")
    page = client.get(f"/deals/{her_deal.id}")
    assert page.status_code == 200
    assert "bo&#39;s note" in page.text and "ana" not in page.text
    tokens = {unmask_token(t) for t in CSRF.findall(page.text)}
    assert len(tokens) == 1 and None not in tokens
    pages._ROWS.clear()


# --- the token ---------------------------------------------------------------------------------
def test_every_rows_token_is_the_current_sessions_after_signing_in_again(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    """Guard. The rows are kept with a marker where the token goes. Rows kept by a write's htmx
    answer (rendered with the session's own token, not the page cache's mark), then signed out
    and in again (a new session secret): in the whole page, an htmx section, and the answers to
    an htmx post and delete, every row's delete form carries the new session's token (one
    secret for every form of the answer, not the old one), and a delete posted with a row's
    token is accepted. Notes that look like the marker (kocrowcsrf and hex), or hold markup,
    stay text."""
    pages._ROWS.clear()
    deal = factories.deal(db, user)
    lookalikes = [
        "kocrowcsrf" + "0123456789abcdef01234567",
        "kocrowcsrf",
        '"><script>alert(1)</script><input name="csrf_token" value="x">',
        "{{ csrf_token }} %(x)s &amp; \u202e",
    ]
    rows = [
        factories.work(db, deal, minutes=10 + n, note=note) for n, note in enumerate(lookalikes)
    ]
    first = post_work_entry(signed_in, deal.id, csrf_of(signed_in, f"/deals/{deal.id}"))
    assert first.status_code == 200, first.text
    before = {unmask_token(t) for t in CSRF.findall(first.text)}
    assert len(before) == 1
    signed_in.post("/logout", data={"csrf_token": csrf_of(signed_in, "/")})
    sign_in(signed_in)
    page = signed_in.get(f"/deals/{deal.id}").text
    posted = post_work_entry(signed_in, deal.id, CSRF.findall(page)[0])
    assert posted.status_code == 200, posted.text
    form = one(parse(posted), f"#work-{rows[0].id} form")
    token = form.css_first("input[name=csrf_token]").attributes["value"]
    gone = signed_in.post(
        f"/deals/{deal.id}/parts/work/{rows[0].id}/delete", data={"csrf_token": token}, headers=HTMX
    )
    assert gone.status_code == 200, gone.text
    assert f'id="work-{rows[0].id}"' not in gone.text
    answers = {
        "page": page,
        "htmx page": signed_in.get(f"/deals/{deal.id}", headers=HTMX).text,
        "post": posted.text,
        "delete": gone.text,
    }
    for name, answer in answers.items():
        tokens = CSRF.findall(answer)
        assert len(tokens) >= len(rows) + 1, name  # rows' delete forms + the add form
        secrets_now = {unmask_token(t) for t in tokens}
        assert len(secrets_now) == 1 and None not in secrets_now, (name, secrets_now)
        assert not secrets_now & before, f"{name}: a token of the session signed out"
        assert lookalikes[1] in answer, name
        assert "<script>alert(1)" not in answer, name
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in answer, name
        # (the row deleted before the htmx page and with the delete held the first lookalike)
        assert (lookalikes[0] in answer) == (name in ("page", "post")), name
    pages._ROWS.clear()


# --- edits answered by htmx --------------------------------------------------------------------
def test_an_htmx_edit_of_a_kept_row_answers_with_the_new_values(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    """Guard. A revision row shown (kept), then edited through the section (note, minutes): the
    htmx answer shows the new values; the deal's included revision rounds raised, the next page
    shows the row without its "unpaid" badge (a figure, not a column of the row)."""
    pages._ROWS.clear()
    deal = factories.deal(db, user, included_revision_rounds=0)
    entry = factories.work(
        db, deal, activity="revision", minutes=30, note="first", revision_round=1
    )
    assert "first" in signed_in.get(f"/deals/{deal.id}").text
    token = csrf_of(signed_in, f"/deals/{deal.id}")
    form = {
        "activity": "revision",
        "minutes": "95",
        "worked_on": "2026-03-01",
        "revision_round": "1",
        "note": "second",
        "csrf_token": token,
    }
    answer = signed_in.post(f"/deals/{deal.id}/parts/work/{entry.id}", data=form, headers=HTMX)
    assert answer.status_code == 200, answer.text
    row = one(parse(answer), f"#work-{entry.id}").text()
    assert "second" in row and "first" not in row and "1 h 35 min" in row, row
    assert "unpaid" in row
    ledger.update_deal(db, db.get(Deal, deal.id), changes={"included_revision_rounds": 2})
    row = one(parse(signed_in.get(f"/deals/{deal.id}")), f"#work-{entry.id}").text()
    assert "second" in row and "unpaid" not in row, row
    pages._ROWS.clear()


# --- tax rows of a deal with no payments -------------------------------------------------------
def _tax_rows(db: Session, user_id: int) -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    """Every tax_deal_year and tax_payment row of the account, zero rows included."""
    years = TaxDealYear.__table__  # type: ignore[attr-defined]
    paid = TaxPayment.__table__  # type: ignore[attr-defined]
    return (
        {tuple(r) for r in db.execute(select(years).where(years.c.user_id == user_id)).all()},
        {tuple(r) for r in db.execute(select(paid).where(paid.c.user_id == user_id)).all()},
    )


def _kept_equal_rebuilt(engine: Engine, user_id: int) -> None:
    with Session(engine) as db:
        kept = _tax_rows(db, user_id)
        rollup.rebuild(db, user_id=user_id)
        db.flush()
        rebuilt = _tax_rows(db, user_id)
        db.rollback()
    assert kept == rebuilt
    assert mismatches(engine, user_id) == []


@pytest.mark.commits
def test_a_deals_last_payment_deleted_then_work_logged_keeps_the_tax_rows(
    db: Session, user: Any, engine: Engine
) -> None:
    """Guard. Two CNY deals on one platform, withheld cumulatively (a payment of one moves the
    other's expected withholding), and a USD deal. Each deal's payments (two years) are deleted
    one at a time, the last one too, with work entries logged, edited and deleted between, a
    payment added again and deleted, the currency and method changed while unpaid: after every
    write the kept tax_deal_year and tax_payment rows equal a rebuild from the payments."""
    ledger.update_profile(db, user_id=user.id, changes={"invoice_vat_bp": 300})
    terms = {"withholding": "platform_cumulative", "platform": "douyin", "vat_invoiced": True}
    deals = [
        factories.deal(db, user, currency="CNY", **terms),
        factories.deal(db, user, currency="CNY", **terms),
        factories.deal(db, user, currency="USD"),
    ]
    check = partial(_kept_equal_rebuilt, engine, user.id)
    for n, deal in enumerate(deals):
        for day in ("2025-12-31", "2026-01-02", "2026-01-03"):
            factories.part(
                db, deal, "payments", gross=f"{3000 + n}.00", tax_withheld="10.00", received_on=day
            )
        factories.work(db, deal, minutes=30)
    check()
    for deal in deals:
        payments = (
            db.execute(select(Payment).where(col(Payment.deal_id) == deal.id)).scalars().all()
        )
        for payment in payments:
            ledger.delete_part(db, payment)
            check()
            entry = factories.work(db, deal, minutes=17)
            check()
        ledger.update_part(db, ledger.PARTS["work"], entry, changes={"minutes": 90})
        check()
        ledger.delete_part(db, entry)
        check()
        again = factories.part(db, deal, "payments", gross="800.00", received_on="2026-02-01")
        check()
        ledger.delete_part(db, again)
        check()
        ledger.update_deal(
            db, deal, changes={"currency": "USD" if deal.currency == "CNY" else "CNY"}
        )
        check()
        factories.work(db, deal, minutes=5)
        check()
    with Session(engine) as fresh:
        years, paid = _tax_rows(fresh, user.id)
    assert years == set() and paid == set()


# --- two workers -------------------------------------------------------------------------------
@pytest.mark.concurrency
@pytest.mark.commits
def test_payments_and_work_from_two_workers_keep_the_tax_rows(
    databases: Databases, tmp_path: Path
) -> None:
    """Guard. `kocledger serve --workers 2` (SQLite; PostgreSQL at READ COMMITTED). Four CNY
    deals on one platform, withheld cumulatively, each with at most a payment or two at a time;
    eight at a time, payments posted and deleted (a deal's last one too) while work entries are
    posted to the same deals (the unpaid path), and edited. After every burst the kept
    tax_deal_year and tax_payment rows equal a rebuild from the payments."""
    url, env = databases.live_env(tmp_path)
    engine = make_engine(Settings(database_url=url, data_dir=tmp_path))
    with Session(engine) as db:
        made = accounts.create_user(db, username="yu", password=PASSWORD, now=clock.utcnow())
        assert made.id is not None
        user_id = made.id
        token, _ = accounts.create_token(db, user_id=user_id, label="p15", now=clock.utcnow())
    live = LiveServer(env, workers=2, log=tmp_path / "server.log").start()
    api = live.api(token)
    try:
        brand = api.post("/brands", json={"name": "B"}).json()["id"]
        deals = []
        for n in range(4):
            body = {
                "title": f"d{n}",
                "brand_id": brand,
                "agreed_fee": "900.00",
                "currency": "CNY",
                "withholding": "platform_cumulative",
                "platform": "douyin",
            }
            answer = api.post("/deals", json=body)
            assert answer.status_code == 201, answer.text
            deals.append(answer.json()["id"])
        seen: Counter[int | str] = Counter()
        for burst in range(5):
            calls: list[Callable[[], Any]] = []
            for n, deal in enumerate(deals):
                paid = api.get(f"/deals/{deal}/payments").json()["items"]
                for item in paid:  # every payment deleted: the deal's last one too
                    calls.append(partial(api.delete, f"/deals/{deal}/payments/{item['id']}"))
                if (n + burst) % 2:
                    body = {
                        "gross": f"{1000 + 37 * n + burst}.00",
                        "received_on": ("2025-12-31", "2026-01-05")[burst % 2],
                        "tax_withheld": "20.00",
                    }
                    calls.append(partial(api.post, f"/deals/{deal}/payments", json=body))
                for m in range(3):
                    work = {
                        "activity": "editing",
                        "minutes": 5 + m + burst,
                        "worked_on": "2026-01-04",
                    }
                    calls.append(partial(api.post, f"/deals/{deal}/work", json=work))
                items = api.get(f"/deals/{deal}/work", params={"limit": 100}).json()["items"]
                if items:
                    calls.append(
                        partial(
                            api.patch,
                            f"/deals/{deal}/work/{items[0]['id']}",
                            json={"minutes": 40 + burst},
                        )
                    )
                    calls.append(partial(api.delete, f"/deals/{deal}/work/{items[-1]['id']}"))
            random.Random(burst).shuffle(calls)  # payments and work of one deal interleaved
            seen.update(status_of(r) for r in at_once(calls, parallel=8))
            _kept_equal_rebuilt(engine, user_id)
        assert set(seen) <= {200, 201, 204, 404}, seen
        assert seen[201] >= 40
    finally:
        api.close()
        live.stop()
        engine.dispose()


def test_the_unpaid_path_is_taken(db: Session, user: Any, monkeypatch: Any) -> None:
    """What the guards above run through: a work entry on a deal with no payments takes the
    one-statement path (unpaid=True), and a deal's last payment deleted does too, with its rows
    still kept (so the full path runs after the check)."""
    from app.economics import tax_rollup

    calls: list[bool] = []
    real = tax_rollup.move

    def spy(session: Session, deal: Deal, figures: Any, *, unpaid: bool = False) -> None:
        calls.append(unpaid)
        real(session, deal, figures, unpaid=unpaid)

    monkeypatch.setattr(tax_rollup, "move", spy)
    deal = factories.deal(db, user, currency="CNY")
    factories.work(db, deal, minutes=3)
    assert calls[-1] is True
    payment = factories.part(db, deal, "payments", gross="10.00", received_on=str(date(2026, 1, 1)))
    assert calls[-1] is False
    ledger.delete_part(db, payment)
    assert calls[-1] is True
