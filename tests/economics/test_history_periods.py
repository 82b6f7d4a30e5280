"""The own percentiles of a period (economics.own_history) have three reads: a period of at
most HISTORY_MONTHS months read month by month by the month-led index and merged by deal id
(alembic 0029); a longer one of at most HISTORY_DEALS deals read whole by that index, any other
by the deal-id index, newest first. Whichever the months and the count pick, the figures are
those of the brute-force recount (own_history_of): the newest HISTORY_DEALS deals of the period
by deal id, whatever their dates. Here HISTORY_DEALS is 5, so the boundaries (exactly 5 deals,
6) take a few deals; the deals are made in an order unlike their dates, so "newest by id" is not
"latest by date". The work of an empty month does not grow with the account's other deals
(SQLite)."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

import pytest
from sqlmodel import Session, col, select

from app import clock
from app.accounts.models import User
from app.demo import fill_demo
from app.economics import service as economics
from tests import factories
from tests.conftest import make_user, using_postgres
from tests.history import assert_reads_agree

LIMIT = 5
# (account, currency, delivered on, agreed fee, minutes of work, kind of deliverable), in the
# order made: March holds exactly LIMIT CNY deals of "mei", April LIMIT + 1, May one, June none
# (but a USD deal, and "lan"'s deals, on the same dates).
DEALS: list[tuple[str, str, str, str, int, str]] = [
    ("mei", "CNY", "2026-04-20", "900.00", 90, "image_note"),
    ("mei", "CNY", "2026-03-02", "1200.00", 60, "image_note"),
    ("lan", "CNY", "2026-06-10", "5000.00", 30, "image_note"),
    ("mei", "CNY", "2026-05-15", "800.00", 45, "video_note"),
    ("mei", "CNY", "2026-04-01", "1500.00", 120, "video_note"),
    ("mei", "USD", "2026-06-10", "300.00", 60, "image_note"),
    ("mei", "CNY", "2026-03-31", "700.00", 0, "image_note"),
    ("mei", "CNY", "2026-04-10", "2000.00", 240, "image_note"),
    ("lan", "CNY", "2026-03-15", "9000.00", 10, "video_note"),
    ("mei", "CNY", "2026-03-15", "1100.00", 75, "video_note"),
    ("mei", "CNY", "2026-04-30", "600.00", 30, "image_note"),
    ("mei", "USD", "2026-03-15", "400.00", 50, "video_note"),
    ("mei", "CNY", "2026-03-01", "1300.00", 100, "image_note"),
    ("mei", "CNY", "2026-04-15", "1000.00", 0, "video_note"),
    ("mei", "CNY", "2026-03-20", "950.00", 80, "image_note"),
    ("mei", "CNY", "2026-04-05", "1250.00", 70, "image_note"),
    ("lan", "USD", "2026-05-15", "100.00", 20, "video_note"),
]
PERIODS = {
    "empty month": (date(2026, 6, 1), date(2026, 6, 30)),
    "one deal": (date(2026, 5, 1), date(2026, 5, 31)),
    "exactly LIMIT": (date(2026, 3, 1), date(2026, 3, 31)),
    "LIMIT + 1": (date(2026, 4, 1), date(2026, 4, 30)),
    "dense": (date(2026, 3, 1), date(2026, 5, 31)),
    "mid-month": (date(2026, 3, 15), date(2026, 4, 15)),
    "from a day": (date(2026, 4, 10), None),
    "to a day": (None, date(2026, 3, 20)),
    "before any deal": (date(2025, 1, 1), date(2025, 12, 31)),
    "all time": (None, None),
}


@pytest.fixture
def ledger(db: Session, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    users = {name: make_user(db, name) for name in ("mei", "lan")}
    brands = {name: factories.brand(db, user).id for name, user in users.items()}
    for name, currency, delivered_on, fee, minutes, kind in DEALS:
        made = factories.deal(
            db,
            users[name],
            brand_id=brands[name],
            currency=currency,
            agreed_fee=fee,
            status="delivered",
            delivered_on=delivered_on,
        )
        factories.part(db, made, "deliverables", kind=kind)
        if minutes:
            factories.work(db, made, "editing", minutes, worked_on=date(2026, 3, 1))
    monkeypatch.setattr(economics, "HISTORY_DEALS", LIMIT)
    return {name: user.id for name, user in users.items()}


@pytest.mark.parametrize("period", list(PERIODS))
@pytest.mark.parametrize("currency", ["CNY", "USD"])
def test_either_read_gives_the_recount(
    db: Session, ledger: dict[str, int], period: str, currency: str
) -> None:
    """The read the rollups' count picks (None), the date-led read (a count of 0) and the
    deal-id read (a count above the limit) all give own_history_of's figures, for both
    accounts."""
    for user_id in ledger.values():
        assert_reads_agree(
            db,
            user_id=user_id,
            periods=[PERIODS[period]],
            currencies=[currency],
            counts=(None, 0, LIMIT, LIMIT + 1, 10**6),
            context=(period, user_id),
        )


def test_the_periods_hold_what_they_are_named_for(db: Session, ledger: dict[str, int]) -> None:
    """The boundary periods are what the test above needs them to be: the recount's number of
    rated deals and the rollups' count of the period's deals."""
    mei = ledger["mei"]

    def rated(period: str) -> int:
        start, end = PERIODS[period]
        return economics.own_history_of(
            db, user_id=mei, start=start, end=end, currency="CNY"
        ).rate_count

    def counted(period: str) -> int:
        start, end = PERIODS[period]
        return economics._deals_in_months(db, mei, start, end, "CNY")

    assert [counted(p) for p in ("empty month", "one deal", "exactly LIMIT", "LIMIT + 1")] == [
        0,
        1,
        LIMIT,
        LIMIT + 1,
    ]
    assert counted("dense") == 2 * LIMIT + 2
    # March's five deals have four with hours; April's six, five (the limit: the newest five).
    assert [rated(p) for p in ("empty month", "one deal", "exactly LIMIT", "LIMIT + 1")] == [
        0,
        1,
        LIMIT - 1,
        LIMIT,
    ]


def _plan(db: Session, statement: Any) -> list[str]:
    compiled = statement.compile(dialect=db.get_bind().dialect)
    params = {**compiled.params, "h_user": 1, "h_currency": "CNY", "h_limit": 400}
    params |= {"h_start": "2026-01-01", "h_end": "2026-01-31"}
    params |= {"h_month_from": 202601, "h_month_to": 202601}
    args = tuple(params[name] for name in compiled.positiontup or ())
    return [
        str(row[-1])
        for row in db.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled), args)
    ]


@pytest.mark.skipif(using_postgres(), reason="SQLite's plan (PostgreSQL plans by statistics)")
@pytest.mark.parametrize(("dated_from", "dated_to"), [(True, True), (True, False), (False, True)])
def test_a_period_of_few_deals_is_read_by_the_date_led_index(
    db: Session, dated_from: bool, dated_to: bool
) -> None:
    """The date-led read reads deal_figures once (the period's rows, by the month-led index
    alone); the windows take their newest from those rows, not from the table again."""
    plan = _plan(db, economics._history_statement("sqlite", dated_from, dated_to, True))
    reads = [line for line in plan if "deal_figures" in line]
    assert len(reads) == 1, plan
    assert "USING COVERING INDEX ix_deal_figures_history_month (" in reads[0], plan
    assert "filed_month" in reads[0], plan


@pytest.mark.parametrize(("dated_from", "dated_to"), [(True, True), (True, False), (False, True)])
def test_only_the_date_led_read_names_the_month(dated_from: bool, dated_to: bool) -> None:
    """The month-led index's key is named by the date-led read alone: to the deal-id read of a
    dense period it is an index of the account and currency with no order it needs (PostgreSQL's
    planner took an index led by filed_on for it, then read and sorted the whole month)."""
    by_id = str(economics._history_statement("sqlite", dated_from, dated_to, False))
    by_date = str(economics._history_statement("sqlite", dated_from, dated_to, True))
    assert "filed_month" not in by_id
    assert "filed_month" in by_date


@pytest.mark.skipif(using_postgres(), reason="SQLite's virtual machine")
def test_an_empty_month_costs_the_same_at_any_size_of_ledger(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The steps of SQLite's virtual machine (a progress handler called every 10) of the
    own percentiles of a month without deals, as the dashboard asks for them: with 20 deals
    in the account and with 400. Read by the deal-id index, the empty month walked every row
    of the account to find none."""
    empty = {"start": date(2020, 1, 1), "end": date(2020, 1, 31), "currency": "CNY"}

    def steps(user_id: int) -> int:
        raw = db.connection().connection.driver_connection
        assert isinstance(raw, sqlite3.Connection)
        counted = [0]

        def step() -> int:
            counted[0] += 1
            return 0

        raw.set_progress_handler(step, 10)
        try:
            economics.own_history(db, user_id=user_id, **empty, period_deals=0)
            economics.own_history(db, user_id=user_id, **empty)
        finally:
            raw.set_progress_handler(None, 10)
        return counted[0]

    now = clock.utcnow()
    fill_demo(db, username="small", deals=20, seed=3, now=now)
    fill_demo(db, username="large", deals=400, seed=3, now=now)
    small, large = (make_user_id(db, name) for name in ("small", "large"))
    steps(large)  # statements prepared, schema read
    few, many = steps(small), steps(large)
    assert many <= few + 2, (few, many)


def make_user_id(db: Session, username: str) -> int:
    return int(db.execute(select(col(User.id)).where(col(User.username) == username)).scalar_one())
