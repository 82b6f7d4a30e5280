"""The own percentiles of a period of at most HISTORY_MONTHS months are read month by month by
the (user_id, currency, filed_month, deal_id, …) index, newest deal first, and the months merged
by deal id (economics.service._merged_statement, alembic 0029): the work of a dense period in the
past does not grow with the deals filed after it (by the deal-id index it walked every one of
them), and the figures are the recount's at the window's edge (exactly HISTORY_DEALS deals in the
period, one more), with many deals of one day at a period's edge and equal values."""

from __future__ import annotations

import sqlite3
from bisect import bisect_left, bisect_right
from datetime import date, timedelta
from typing import Any

import pytest
from sqlmodel import Session, col, select

from app import clock
from app.demo import fill_demo
from app.economics import service as economics
from app.economics.models import DealFiguresRow
from tests import factories
from tests.conftest import make_user, using_postgres
from tests.economics.test_history_filed_month import _periods
from tests.history import assert_reads_agree

LIMIT = 5


def _params(months: list[int], **more: Any) -> dict[str, Any]:
    params = {"h_user": 1, "h_currency": "CNY", "h_limit": 400}
    params |= {"h_start": "2026-01-10", "h_end": "2026-03-20"}
    params |= {"h_month_from": 202601, "h_month_to": 202603}
    return params | {f"h_m{n}": m for n, m in enumerate(months)} | more


def _plan(db: Session, statement: Any, params: dict[str, Any]) -> list[str]:
    compiled = statement.compile(dialect=db.get_bind().dialect)
    values = {**compiled.params, **params}
    args = tuple(values[name] for name in compiled.positiontup or ())
    return [
        str(row[-1])
        for row in db.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled), args)
    ]


@pytest.mark.skipif(using_postgres(), reason="SQLite's plan (PostgreSQL plans by statistics)")
@pytest.mark.parametrize("analyzed", [False, True])
@pytest.mark.parametrize(("dated_from", "dated_to"), [(True, True), (True, False), (False, True)])
def test_each_month_is_read_newest_deal_first_and_merged(
    db: Session, dated_from: bool, dated_to: bool, analyzed: bool
) -> None:
    """Each window merges one read per month (MERGE (UNION ALL)), each by the month-led index
    alone with the month in its key, in the index's order (no sort of a month's rows), also once
    the ledger is analyzed (sqlite_stat1: attack-hist31's skip-scan). Narrowed to the months of
    an open end's rows, the same reads: the parts for the period's other months are
    PostgreSQL's (two statements, two snapshots); here, ordered by deal id over a range of
    months, they were planned on the deal-id index once analyzed (a walk of every newer row)."""
    if analyzed:
        fill_demo(db, username="analyzed", deals=3000, seed=5, now=clock.utcnow())
        db.connection().exec_driver_sql("ANALYZE")
    months = [202601, 202602, 202603]
    plan = _plan(
        db,
        economics._merged_statement("sqlite", 3, dated_from, dated_to, False),
        _params(months),
    )
    reads = [line for line in plan if "deal_figures" in line]
    assert len(reads) == 6, plan
    key = "USING COVERING INDEX ix_deal_figures_history_month (user_id=? AND currency=? AND "
    assert all(key + "filed_month=?)" in line for line in reads), plan
    assert sum("MERGE (UNION ALL)" in line for line in plan) == 4, plan
    assert not any("FOR ORDER BY" in line for line in plan), plan
    narrowed = _plan(
        db,
        economics._merged_statement("sqlite", 3, dated_from, dated_to, True),
        _params(months, h_first=202601, h_last=202603),
    )
    assert narrowed == plan


def _steps(db: Session, **args: Any) -> int:
    """The steps of SQLite's virtual machine (a progress handler called every 10) of
    own_history() of the period, as the dashboard asks for it (with its summary's count of the
    period's deals) and without a count."""
    raw = db.connection().connection.driver_connection
    assert isinstance(raw, sqlite3.Connection)
    counted = [0]

    def step() -> int:
        counted[0] += 1
        return 0

    deals = economics._deals_in_months(
        db, args["user_id"], args["start"], args["end"], args["currency"]
    )
    raw.set_progress_handler(step, 10)
    try:
        economics.own_history(db, **args, period_deals=deals)
        economics.own_history(db, **args)
    finally:
        raw.set_progress_handler(None, 10)
    return counted[0]


@pytest.mark.skipif(using_postgres(), reason="SQLite's virtual machine")
def test_a_dense_past_period_costs_the_same_whatever_was_filed_after_it(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two accounts hold the same twelve deals over three months of 2024 (more than the
    window: the deal-id read's case at main); one of them then 300 more (the demo's, filed
    from 2025 on, newer by id). The own percentiles of the three months, and of a part of
    them (mid-month to mid-month), take as many steps in either account, as the figures are
    the same. By the deal-id index the larger account walked its 300 newer rows first."""
    monkeypatch.setattr(economics, "HISTORY_DEALS", LIMIT)
    users = {name: make_user(db, name) for name in ("small", "large")}
    for user in users.values():
        brand = factories.brand(db, user).id
        for n in range(12):
            made = factories.deal(
                db,
                user,
                brand_id=brand,
                agreed_fee=str(600 + 50 * n),
                status="delivered",
                delivered_on=date(2024, 3 + n % 3, 2 + 2 * n),
            )
            factories.part(db, made, "deliverables", kind=("image_note", "video_note")[n % 2])
            factories.work(db, made, "editing", 30 + 5 * n, worked_on=date(2024, 3, 1))
    fill_demo(db, username="large", deals=300, seed=3, now=clock.utcnow())
    # The small account's own newer deal (attack-perf32): the period is in the past for both,
    # as the first read of a period that nothing was filed after is the capped deal-id walk.
    factories.deal(
        db, users["small"], agreed_fee="100", status="delivered", delivered_on=date(2025, 6, 1)
    )
    newer = db.execute(
        select(col(DealFiguresRow.deal_id)).where(
            col(DealFiguresRow.user_id) == users["large"].id,
            col(DealFiguresRow.filed_on) > date(2024, 5, 31),
        )
    ).all()
    assert len(newer) == 300
    for start, end in [
        (date(2024, 3, 1), date(2024, 5, 31)),
        (date(2024, 3, 10), date(2024, 5, 20)),
    ]:
        args = {"start": start, "end": end, "currency": "CNY"}
        small = economics.own_history(db, user_id=users["small"].id, **args)
        assert small.rate_count == LIMIT
        assert economics.own_history(db, user_id=users["large"].id, **args) == small
        _steps(db, user_id=users["large"].id, **args)  # statements prepared
        few = _steps(db, user_id=users["small"].id, **args)
        many = _steps(db, user_id=users["large"].id, **args)
        assert many <= few + 2, (start, end, few, many)


def _edges(days: list[date], size: int) -> list[tuple[date, date]]:
    """A period (first day, last day) holding exactly `size` of `days` (sorted, with repeats),
    starting on each of a few days: the window's edge, whichever day it falls on."""
    found = []
    for first in sorted(set(days))[:: max(1, len(set(days)) // 8)]:
        start = bisect_left(days, first)
        if start + size > len(days):
            break
        last = days[start + size - 1]
        # The last day must close the period at `size`: no more rows on that day.
        if bisect_right(days, last) - start == size:
            found.append((first, last))
    return found


def test_periods_at_the_limit_equal_the_recount(db: Session) -> None:
    """With HISTORY_DEALS as it is (400): periods of exactly 400 and 401 deals, of exactly 400
    and 401 deals with hours (the rates' window) and of exactly 400 and 401 priced deals (the
    fees' window) give the recount's figures by every read, as do the periods of the
    years' ends (1 and 9999) and those around each stored date (test_history_filed_month)."""
    now = clock.utcnow()
    fill_demo(db, username="mei", deals=1100, seed=17, now=now)
    rows = db.execute(
        select(
            col(DealFiguresRow.user_id),
            col(DealFiguresRow.filed_on),
            col(DealFiguresRow.minutes_total),
            col(DealFiguresRow.priced),
        ).where(col(DealFiguresRow.currency) == "CNY", col(DealFiguresRow.filed_on).is_not(None))
    ).all()
    user_id = rows[0][0]
    limit = economics.HISTORY_DEALS
    periods: list[tuple[date | None, date | None]] = []
    for kept in (
        sorted(r[1] for r in rows),
        sorted(r[1] for r in rows if r[2] > 0),
        sorted(r[1] for r in rows if r[3]),
    ):
        for size in (limit, limit + 1):
            edges = _edges(kept, size)
            assert edges, size
            periods += edges[:3]
    assert_reads_agree(
        db,
        user_id=user_id,
        periods=periods,
        currencies=["CNY"],
        months=(None, 0),
        context=("edge",),
    )
    periods = [p for p in _periods(db, user_id) if p[0] is None or p[0].day in (1, 31)]
    assert_reads_agree(db, user_id=user_id, periods=periods[:40], currencies=["CNY", "USD"])


def test_many_deals_of_one_day_at_a_period_edge(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Eight deals on the last day of March and eight on the first of April, most with equal
    fees and hours (equal values), made alternately; then, newer by id, deals of other days of
    the same months and around them, with values of their own: periods that start, end or sit
    on those two days, by every read, give the recount's figures (LIMIT 5): a read that took a
    whole month for a part of it, or lost a row of an edge day, shows."""
    monkeypatch.setattr(economics, "HISTORY_DEALS", LIMIT)
    mei = make_user(db, "mei")
    brand = factories.brand(db, mei).id
    days = [date(2026, 3, 31), date(2026, 4, 1)]
    others = [date(2026, 3, 5), date(2026, 4, 20), date(2026, 2, 28), date(2026, 5, 1)]
    made_on = [(days[n % 2], "1000.00" if n % 4 else str(800 + 10 * n), n % 5) for n in range(16)]
    made_on += [(others[n % 4], str(500 + 37 * n), 1) for n in range(8)]
    for n, (day, fee, timed) in enumerate(made_on):
        made = factories.deal(
            db, mei, brand_id=brand, agreed_fee=fee, status="delivered", delivered_on=day
        )
        factories.part(db, made, "deliverables", kind="image_note")
        if timed:
            factories.work(db, made, "editing", 60 + n % 3, worked_on=date(2026, 3, 1))
    one_day = timedelta(days=1)
    periods: list[tuple[date | None, date | None]] = [
        (days[0], days[1]),
        (days[0], days[0]),
        (days[1], days[1]),
        (days[0] - one_day, days[0]),
        (days[1], days[1] + one_day),
        (date(2026, 3, 1), days[0]),
        (days[1], date(2026, 4, 30)),
        (date(2026, 2, 1), date(2026, 5, 31)),
        (days[1], None),
        (None, days[0]),
    ]
    assert_reads_agree(
        db,
        user_id=mei.id,
        periods=periods,
        currencies=["CNY"],
        counts=(None, 0, LIMIT, LIMIT + 1, 10**6),
    )
