"""attack-perf32: the own percentiles of a dated period read month by month and merged by deal
id (1320cd2, alembic 0029), and of a dense period that nothing was filed after by the deal-id
index walked no further than the account's newest CURRENT_WALK × HISTORY_DEALS rows
(_newest_of_current). A hostile ledger: periods of 24 and 25 months, mid-month starts, start
after end, empty months but one, years 1 and 9999, undated deals, other currencies and accounts
interleaved by deal id, deals moved between months, deleted, old deals entered after new ones
(a backfill), a write committed between own_history()'s statements; the figures are the
recount's, and the SQLite steps of the dashboard's current periods are no more than the deal-id
read's (main's) and do not grow with a backfill."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from app import clock
from app.db import read_next
from app.demo import fill_demo
from app.economics import periods, rollup
from app.economics import service as economics
from app.economics.models import DealFiguresRow
from app.ledger import schemas
from app.ledger import service as ledger
from app.ledger.models import Deal
from tests import factories
from tests.conftest import make_user, using_postgres
from tests.history import assert_reads_agree

LIMIT = 5


def _deal(db: Session, user: Any, brand: int, day: date | None, n: int, **more: Any) -> Deal:
    fee = more.pop("agreed_fee", str(300 + 37 * (n % 29)))
    timed = more.pop("timed", n % 3 != 0)
    made = factories.deal(
        db, user, brand_id=brand, agreed_fee=fee, status="delivered", delivered_on=day, **more
    )
    factories.part(db, made, "deliverables", kind=("image_note", "video_note")[n % 2])
    if timed:
        factories.work(db, made, "editing", 20 + 7 * (n % 11), worked_on=date(2024, 1, 1))
    return made


def _periods(today: date) -> list[tuple[date | None, date | None]]:
    first = today.replace(day=1)
    listed: list[tuple[date | None, date | None]] = [
        (date(2024, 1, 1), date(2025, 12, 31)),  # exactly 24 months
        (date(2024, 1, 1), date(2026, 1, 31)),  # 25 months
        (date(2023, 12, 31), date(2025, 12, 31)),  # 25 months, one day of the first
        (date(2024, 1, 15), date(2025, 12, 10)),  # 24 months, mid-month at both ends
        (date(2024, 1, 15), date(2026, 1, 10)),  # 25 months, mid-month at both ends
        (date(2025, 12, 31), date(2024, 1, 1)),  # start after end
        (date(2024, 6, 1), date(2024, 6, 30)),
        (date(2024, 2, 1), date(2024, 11, 30)),  # empty months but June
        (date(1, 1, 1), date(2, 12, 31)),  # years 1-2: 24 months
        (date(1, 1, 1), date(3, 1, 31)),  # 25 months
        (date(9998, 1, 1), date(9999, 12, 31)),  # 24 months
        (date(9997, 12, 1), date(9999, 12, 31)),  # 25 months
        (date(9999, 12, 31), None),
        (None, date(1, 1, 1)),
        (date(1, 1, 1), date(9999, 12, 31)),
        (None, None),
        (date(2024, 1, 1), None),
        (None, date(2025, 12, 31)),
    ]
    for key in periods.PERIODS:
        period = periods.resolve(key, today=today)
        listed.append((period.start, period.end))
    listed += [(first - timedelta(days=700), today), (first - timedelta(days=760), today)]
    return listed


def _hostile(db: Session, today: date) -> tuple[Any, list[Deal]]:
    """mei's deals over 2024-2025 (June 2024 dense, other months of 2024 empty), years 1 and
    9999, undated, this month's, interleaved by deal id with USD deals of hers and deals of
    another account in the same months; returns mei and her deals."""
    mei, other = make_user(db, "mei"), make_user(db, "other", owner=False)
    brands = {u.id: factories.brand(db, u).id for u in (mei, other)}
    days: list[date | None] = [date(2024, 6, 1 + n % 30) for n in range(12)]
    days += [date(2025, m, 1 + 9 * (m % 3)) for m in range(1, 13)]
    days += [date(1, 1, 1), date(1, 12, 31), date(2, 6, 30), date(9999, 12, 31)]
    days += [date(9998, 1, 1), date(9999, 1, 31), None, None, date(2023, 12, 31)]
    days += [date(2026, 1, 1), date(2026, 1, 31), today, today.replace(day=1)]
    mine: list[Deal] = []
    stored: dict[int, date] = {}  # the years' ends: stored as rows from before the date checks
    for n, day in enumerate(days * 2):
        valid = day if day is None or 2000 <= day.year <= 2099 else None
        made = [_deal(db, mei, brands[mei.id], valid, n)]
        if n % 3 == 0:
            made.append(_deal(db, mei, brands[mei.id], valid, n + 1, currency="USD"))
        if n % 2 == 0:
            # Another account's deal of the same day, newer by id, a value of its own.
            made.append(_deal(db, other, brands[other.id], valid, n + 5))
        mine.append(made[0])
        if day is not None and valid is None:
            stored |= {deal.id: day for deal in made if deal.id is not None}
    for deal_id, day in stored.items():
        db.execute(update(Deal).where(col(Deal.id) == deal_id).values(delivered_on=day))
    for user in (mei, other):
        rollup.rebuild(db, user_id=user.id)
    db.commit()
    return mei, mine


def test_hostile_periods_equal_the_recount(db: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every period by every read equals the recount, then again after deals are moved to
    another month (filed_month follows), to another currency, undated, and deleted."""
    monkeypatch.setattr(economics, "HISTORY_DEALS", LIMIT)
    today = clock.utcnow().date()
    mei, mine = _hostile(db, today)
    listed = _periods(today)
    counts = (None, 0, LIMIT, 10**6)
    assert_reads_agree(db, user_id=mei.id, periods=listed, currencies=["CNY", "USD"], counts=counts)
    moves: list[dict[str, Any]] = [
        {"delivered_on": date(2024, 7, 4)},
        {"delivered_on": date(2099, 12, 30)},
        {"delivered_on": date(2000, 1, 2)},
        {"delivered_on": None, "brief_received_on": None},
        {"currency": "USD"},
        {"delivered_on": today},
    ]
    for n, deal in enumerate(mine[::5]):
        ledger.update_deal(db, deal, changes=moves[n % len(moves)])
    for deal in mine[1::7]:
        ledger.delete_deal(db, deal)
    rows = db.execute(select(DealFiguresRow)).scalars().all()
    assert all(
        r.filed_month == (None if r.filed_on is None else rollup.month_of(r.filed_on)) for r in rows
    )
    assert_reads_agree(db, user_id=mei.id, periods=listed, currencies=["CNY", "USD"], counts=counts)


def test_the_capped_walk_at_its_edges(db: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    """A current period (nothing filed after it) read by the deal-id walk capped at the
    account's newest CURRENT_WALK × LIMIT rows: with the account holding one row fewer, as
    many, one more; the period's rows just inside and just past the cap; backfilled old deals
    newer by id in between; other accounts' and currencies' rows interleaved by id."""
    monkeypatch.setattr(economics, "HISTORY_DEALS", LIMIT)
    cap = economics.CURRENT_WALK * LIMIT
    today = clock.utcnow().date()
    first = today.replace(day=1)
    mei, other = make_user(db, "mei"), make_user(db, "other", owner=False)
    brand, theirs = factories.brand(db, mei).id, factories.brand(db, other).id
    year = periods.resolve("year", today=today)
    quarter = periods.resolve("quarter", today=today)
    listed: list[tuple[date | None, date | None]] = [
        (year.start, year.end),
        (quarter.start, quarter.end),
        (first, today),
        (first, first + timedelta(days=40)),
        (first - timedelta(days=300), first + timedelta(days=40)),
    ]
    n = 0
    for size in range(cap - LIMIT - 2, cap + 3):
        while n < size:
            # Half of them old (before the year: a backfill), the rest this month.
            day = first - timedelta(days=400) if n % 2 else first + timedelta(days=n % 20)
            # Some of this month's without an agreed fee: the rates' window fills, not the
            # fees' (or the other way round where no work is logged, n % 3 == 0).
            _deal(db, mei, brand, day, n, **({"agreed_fee": None} if n % 8 == 2 else {}))
            if n % 4 == 0:
                _deal(db, other, theirs, first, n + 3)
                _deal(db, mei, brand, first, n + 1, currency="USD")
            n += 1
        assert_reads_agree(
            db,
            user_id=mei.id,
            periods=listed,
            currencies=["CNY", "USD"],
            counts=(None, 10**6),
            months=(None,),
            context=(size,),
        )
    # The newest rows: this month's with hours and no fee (the rates' window full in the
    # walk, the fees' not), then without hours and with a fee (the other way round).
    for more in ({"agreed_fee": None, "timed": True}, {"timed": False}):
        for m in range(cap - 2):
            _deal(db, mei, brand, first + timedelta(days=m % 9), n + m, **more)
        assert_reads_agree(
            db,
            user_id=mei.id,
            periods=listed,
            currencies=["CNY"],
            counts=(None, 10**6),
            months=(None,),
            context=(more,),
        )


def _steps(db: Session, run: Any) -> int:
    raw = db.connection().connection.driver_connection
    assert isinstance(raw, sqlite3.Connection)
    counted = [0]

    def step() -> int:
        counted[0] += 1
        return 0

    run()  # statements built and prepared
    raw.set_progress_handler(step, 1)
    try:
        run()
    finally:
        raw.set_progress_handler(None, 1)
    return counted[0]


def _deal_id_read(db: Session, user_id: int, start: date | None, end: date | None) -> Any:
    """main's (0028) read of a dense period: the deal-id index newest first, uncapped."""
    statement = economics._history_statement("sqlite", start is not None, end is not None, False)
    params = economics._history_params(user_id, start, end, "CNY")
    return lambda: db.connection().execute(statement, params).all()


@pytest.mark.skipif(using_postgres(), reason="SQLite's virtual machine")
def test_the_dashboards_current_periods_cost_no_more_than_mains_read(db: Session) -> None:
    """The dashboard's own periods (month, quarter, year, 12 months: each ends this month, and
    nothing is filed after it) of a demo ledger of 3,000 deals: own_history() takes at most
    1.25 × the steps of main's deal-id read of the same period (perf32's month-by-month merge
    took 1.5-2.2 ×: every row through a merge of up to 12 months)."""
    now = clock.utcnow()
    fill_demo(db, username="demo", deals=3000, seed=7, now=now)
    user_id = db.execute(select(col(Deal.user_id))).scalars().first()
    assert user_id is not None
    for key in ("quarter", "year", "12m"):
        period = periods.resolve(key, today=now.date())
        deals = economics._deals_in_months(db, user_id, period.start, period.end, "CNY")
        assert deals > economics.HISTORY_DEALS
        args = {"user_id": user_id, "start": period.start, "end": period.end, "currency": "CNY"}
        assert economics.own_history(db, **args) == economics.own_history_of(db, **args)
        ours = _steps(db, lambda a=args, d=deals: economics.own_history(db, **a, period_deals=d))
        mains = _steps(db, _deal_id_read(db, user_id, period.start, period.end))
        assert ours <= mains * 1.25, (key, ours, mains)


@pytest.mark.skipif(using_postgres(), reason="SQLite's virtual machine")
def test_a_backfill_of_old_deals_does_not_slow_the_current_periods(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This year's deals, then old ones (filed two years back) entered after them, newer by id:
    main's deal-id read of the year walked every backfilled row; here the capped walk gives up
    after CURRENT_WALK × LIMIT rows and the months are merged: the steps with 40 backfilled
    deals and with 400 are within a few of each other, and the figures are the recount's."""
    monkeypatch.setattr(economics, "HISTORY_DEALS", LIMIT)
    today = clock.utcnow().date()
    year = periods.resolve("12m", today=today)
    mei = make_user(db, "mei")
    brand = factories.brand(db, mei).id
    for n in range(30):
        _deal(db, mei, brand, today.replace(day=1) - timedelta(days=9 * n), n)
    args = {"user_id": mei.id, "start": year.start, "end": year.end, "currency": "CNY"}
    found = []
    for backfill in (40, 360):
        for n in range(backfill):
            # Undated by the API's rules? No: dated two years back, without work (cheap).
            factories.deal(
                db,
                mei,
                brand_id=brand,
                agreed_fee="100",
                status="delivered",
                delivered_on=today - timedelta(days=800 + n % 30),
            )
        assert economics.own_history(db, **args) == economics.own_history_of(db, **args)
        found.append(_steps(db, lambda: economics.own_history(db, **args, period_deals=30)))
    assert found[1] <= found[0] + 20, found


@pytest.mark.commits
@pytest.mark.parametrize("what", ["moved", "made", "deleted"])
def test_a_write_between_the_statements_gives_one_snapshots_figures(
    engine: Engine, sessions: Any, monkeypatch: pytest.MonkeyPatch, what: str
) -> None:
    """An open-ended period is narrowed to the months of its rows (_filed_months), then read;
    a write committed in between (from another connection) moves a deal from before the
    period into one of its months outside those, makes one there or deletes one. The figures
    are those of one state: before the write (SQLite: the request's one snapshot) or after it
    (PostgreSQL: the read's own statement, its parts for the period's other months)."""
    monkeypatch.setattr(economics, "HISTORY_DEALS", LIMIT)
    with Session(engine) as db:
        mei = make_user(db, "mei")
        brand = factories.brand(db, mei).id
        made = [_deal(db, mei, brand, date(2025, 3 + n % 3, 1 + n), n) for n in range(9)]
        made.append(_deal(db, mei, brand, date(2024, 6, 6), 10))  # before the period
        user_id, moved = mei.id, made[-1 if what == "moved" else -2].id
        db.commit()
    assert user_id is not None
    args = {"user_id": user_id, "start": date(2025, 1, 1), "end": None, "currency": "CNY"}
    with Session(engine) as db:
        before = economics.own_history_of(db, **args)
    kept = economics._filed_months

    def write_between(*a: Any) -> Any:
        found = kept(*a)
        with Session(engine) as other:
            if what == "moved":
                other.execute(
                    update(Deal).where(col(Deal.id) == moved).values(delivered_on=date(2025, 9, 9))
                )
                rollup.rebuild(other, user_id=user_id)
            elif what == "made":
                who = other.get(Deal, moved)
                assert who is not None
                data = schemas.DealCreate.model_validate(
                    {
                        "title": "late",
                        "brand_id": brand,
                        "agreed_fee": "9999",
                        "status": "delivered",
                        "delivered_on": "2025-11-02",
                    }
                )
                ledger.create_deal(other, user_id=user_id, data=data, now=clock.utcnow())
            else:
                deal = other.get(Deal, moved)
                assert deal is not None
                ledger.delete_deal(other, deal)
            other.commit()
        return found

    monkeypatch.setattr(economics, "_filed_months", write_between)
    with Session(engine) as db:
        read_next(db)  # a GET's transaction: deferred, as the dashboard reads
        got = economics.own_history(db, **args, period_deals=10**6)
        db.rollback()
    monkeypatch.setattr(economics, "_filed_months", kept)
    with Session(engine) as db:
        after = economics.own_history_of(db, **args)
    assert before != after
    assert got == (after if using_postgres() else before), (got, before, after)


def _scans(plan: dict[str, Any]) -> list[tuple[str, int]]:
    """(index, actual rows) of every index scan in an EXPLAIN (ANALYZE, FORMAT JSON) plan."""
    found = []
    if "Index Name" in plan:
        found.append((plan["Index Name"], int(plan["Actual Rows"])))
    for child in plan.get("Plans", []):
        found += _scans(child)
    return found


@pytest.mark.skipif(not using_postgres(), reason="PostgreSQL's plans without statistics")
def test_without_statistics_the_month_seeks_read_one_row(db: Session) -> None:
    """A ledger PostgreSQL has no statistics of yet (a fresh or just-imported one, before
    autovacuum's ANALYZE): the first and last filed months (_filed_months, an open end's
    narrowing) and the current-period walk's check of the last filed month each read one row
    of the month-led index. With min() / max() the plan was an aggregate over every row of
    the account (10,000 deals: 5-16 ms)."""
    fill_demo(db, username="demo", deals=1500, seed=7, now=clock.utcnow())
    user_id = db.execute(select(col(Deal.user_id))).scalars().first()
    assert user_id is not None
    db.connection().exec_driver_sql(
        "DELETE FROM pg_statistic WHERE starelid = 'deal_figures'::regclass"
    )
    today = clock.utcnow().date()
    params = economics._history_params(user_id, date(today.year, 1, 1), today, "CNY")
    params |= {"h_walk": economics.CURRENT_WALK * economics.HISTORY_DEALS}
    raw = db.connection().connection.driver_connection
    for statement in (
        economics._filed_months_statement(True, False),
        economics._filed_months_statement(False, False),
        economics._current_statement("postgresql"),
    ):
        compiled = statement.compile(dialect=db.get_bind().dialect)
        with raw.cursor() as cursor:
            cursor.execute(
                "EXPLAIN (ANALYZE, FORMAT JSON) " + str(compiled), {**compiled.params, **params}
            )
            plan = cursor.fetchone()[0][0]["Plan"]
        months = [rows for name, rows in _scans(plan) if name == "ix_deal_figures_history_month"]
        assert months, plan
        assert max(months) <= 1, (str(compiled), _scans(plan))
