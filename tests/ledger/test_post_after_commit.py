"""A part posted on the deal page (issue 15): what happens around the write lock.

The answer (the section and the economics panel) is read and rendered after the commit without
SQLite's write lock (db.read_next); what a transaction did once (locked the deal, moved the
ledger version) is not done again within it, and is done again in the next one (rollup.held);
the panel's figures come from the deal's stored figures, or from its parts when it has none;
the "Add" forms' fields are kept per kind, language and day (pages._new_part_fields)."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.economics import calc, rollup
from app.economics import service as economics
from app.economics.models import DealFiguresRow
from app.ledger import pages
from app.ledger import service as ledger
from app.ledger.models import Brand, Deal
from tests import factories
from tests.conftest import csrf_of, post_work_entry, using_postgres
from tests.html import parse, texts

HTMX = {"HX-Request": "true"}


@pytest.mark.commits
@pytest.mark.skipif(using_postgres(), reason="SQLite's write lock")
def test_the_answer_to_a_posted_part_is_read_without_the_write_lock(
    signed_in: TestClient, db: Session, user: Any, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    deal = factories.deal(db, user, agreed_fee="5000")
    database = engine.url.database
    assert database is not None
    free: list[bool] = []
    real = ledger.newest_parts

    def newest_then_try_the_lock(*args: Any, **kwargs: Any) -> Any:
        found = real(*args, **kwargs)  # the answer's first read, its transaction begun
        other = sqlite3.connect(database, isolation_level=None)
        try:
            other.execute("PRAGMA busy_timeout=0")
            try:
                other.execute("BEGIN IMMEDIATE")
                other.execute("ROLLBACK")
                free.append(True)
            except sqlite3.OperationalError:
                free.append(False)
        finally:
            other.close()
        return found

    token = csrf_of(signed_in, f"/deals/{deal.id}")
    monkeypatch.setattr(ledger, "newest_parts", newest_then_try_the_lock)
    answer = post_work_entry(signed_in, deal.id, token)
    assert answer.status_code == 200
    assert "15" in answer.text
    assert free == [True]  # another writer could write while the answer was read


def _lock_is_free(database: str) -> bool:
    """Whether another connection could take SQLite's write lock right now."""
    other = sqlite3.connect(database, isolation_level=None)
    try:
        other.execute("PRAGMA busy_timeout=0")
        try:
            other.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            return False
        other.execute("ROLLBACK")
        return True
    finally:
        other.close()


@pytest.mark.commits
@pytest.mark.skipif(using_postgres(), reason="SQLite's write lock")
def test_a_posted_part_is_read_and_checked_without_the_write_lock(
    signed_in: TestClient, db: Session, user: Any, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    deal = factories.deal(db, user, agreed_fee="5000")
    database = engine.url.database
    assert database is not None
    token = csrf_of(signed_in, f"/deals/{deal.id}")
    free: list[bool] = []
    real = pages._posted

    def posted_then_try_the_lock(*args: Any) -> Any:
        # The browser session, the CSRF check and the deal have been read by now.
        free.append(_lock_is_free(database))
        return real(*args)

    monkeypatch.setattr(pages, "_posted", posted_then_try_the_lock)
    form = {"activity": "editing", "minutes": "15", "worked_on": "2026-11-01", "csrf_token": token}
    assert signed_in.post(f"/deals/{deal.id}/parts/work", data=form).status_code == 303
    assert free == [True]
    db.expire_all()
    assert [w.minutes for w in ledger.list_parts(db, ledger.PARTS["work"], deal=deal)] == [15]
    assert economics.deal_economics(db, deal, target_hourly=None, today=date(2026, 11, 2)) == (
        calc.deal_economics(
            economics.load_inputs(db, deal), target_hourly=None, today=date(2026, 11, 2)
        )
    )
    # A form refused by its checks answers as before, and writes nothing.
    form["minutes"] = "0"
    assert (
        signed_in.post(f"/deals/{deal.id}/parts/work", data=form, headers=HTMX).status_code == 422
    )
    db.expire_all()
    assert len(ledger.list_parts(db, ledger.PARTS["work"], deal=deal)) == 1


def test_held_is_kept_for_one_transaction_only(db: Session, user: Any) -> None:
    deal = factories.deal(db, user)
    economics.lock_deal(db, deal)
    assert deal.id in rollup.held(db, "koc_locked_deals")
    db.commit()
    # A new transaction: the deal is locked again, the version moved again at commit.
    assert deal.id not in rollup.held(db, "koc_locked_deals")
    version = rollup.version_of(db, user.id)
    db.rollback()
    brand = db.get(Brand, deal.brand_id)
    assert brand is not None
    brand.notes = "renamed"
    db.add(brand)
    db.commit()
    assert rollup.version_of(db, user.id) == version + 1


def test_a_write_of_figures_moves_the_version_once_and_stamps_its_rows_with_it(
    db: Session, user: Any
) -> None:
    deal = factories.deal(db, user, agreed_fee="5000", delivered_on=date(2026, 3, 2))
    before = rollup.version_of(db, user.id)
    factories.work(db, deal, minutes=30, worked_on=date(2026, 3, 3))
    after = rollup.version_of(db, user.id)
    assert after == before + 1
    stamps = {r.stamp for r in db.exec(rollup_rows(user.id)).all()}
    assert after in stamps


def rollup_rows(user_id: int) -> Any:
    from sqlmodel import col, select

    from app.economics.models import FiguresRollup

    return select(FiguresRollup).where(col(FiguresRollup.user_id) == user_id)


def test_moving_a_deal_between_months_sums_and_counts_as_out_then_in(
    db: Session, user: Any
) -> None:
    deal = factories.deal(db, user, agreed_fee="5000", delivered_on=date(2026, 3, 2))
    factories.work(db, deal, minutes=30, worked_on=date(2026, 3, 3))
    ledger.update_deal(db, deal, changes={"delivered_on": date(2026, 5, 2)})
    rows = {(r.month, r.dimension, r.key): r for r in db.exec(rollup_rows(user.id)).all()}
    march, may = rows[(202603, "all", "")], rows[(202605, "all", "")]
    assert (march.deals, march.minutes_total) == (0, 0)
    assert (may.deals, may.minutes_total) == (1, 30)
    # March: the deal filed (1), its work entry (out and in: 2), then out (1); May: in (1).
    assert (march.changes, may.changes) == (4, 1)
    ledger.update_deal(db, deal, changes={"agreed_fee": 600000})
    db.refresh(may)
    # Filed under the same keys before and after: one row each, counted twice as before.
    assert may.changes == 3


def test_the_panel_is_the_recount_without_stored_figures(db: Session, user: Any) -> None:
    deal = factories.deal(db, user, agreed_fee="5000", delivered_on=date(2026, 3, 2))
    factories.work(db, deal, minutes=90, worked_on=date(2026, 3, 3))
    factories.part(db, deal, "payments", gross="1200.00", received_on=date(2026, 3, 9))
    today = date(2026, 4, 1)
    stored = economics.deal_economics(db, deal, target_hourly=20000, today=today)
    db.execute(delete(DealFiguresRow).where(DealFiguresRow.deal_id == deal.id))  # type: ignore[arg-type]
    db.expunge_all()
    fresh = db.get(Deal, deal.id)
    assert fresh is not None
    recounted = economics.deal_economics(db, fresh, target_hourly=20000, today=today)
    expected = calc.deal_economics(
        economics.load_inputs(db, fresh), target_hourly=20000, today=today
    )
    assert stored == recounted == expected
    assert expected.minutes_total == 90 and expected.gross_received == 120000


def test_the_add_forms_are_kept_per_language(signed_in: TestClient, db: Session, user: Any) -> None:
    deal = factories.deal(db, user)
    pages._NEW_PART_FIELDS.clear()
    english = parse(signed_in.get(f"/deals/{deal.id}"))
    assert "Activity *" in texts(english, "#section-work form label")
    ledger.update_profile(db, user_id=user.id, changes={"locale": "zh-CN"})
    other = factories.deal(db, user)  # another page: not the cached one
    chinese = parse(signed_in.get(f"/deals/{other.id}"))
    labels = texts(chinese, "#section-work form label")
    assert "Activity *" not in labels and len(labels) == 6
