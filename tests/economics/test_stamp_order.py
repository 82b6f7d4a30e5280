"""The order stamped rollup rows become visible in (issue 15, 141101d): the kept period sums
move by the rows stamped above the highest stamp they have seen, so a row committed with a
lower stamp after a reader has kept a higher one would never be counted. Every writer moves
the account's ledger version first and holds the profile row to its commit, so a second writer
waits for the first. Attacked on PostgreSQL (READ COMMITTED): writer 1 has written its rows and
not committed; writer 2, on a deal of another currency (no rollup row in common), starts; a
reader keeps the period's sums; writer 1 commits, then writer 2. The kept sums must equal the
period read afresh."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from sqlmodel import Session

from app.economics import service as economics
from app.ledger import service as ledger
from app.ledger.models import Deal
from tests import factories
from tests.conftest import using_postgres

pytestmark = [
    pytest.mark.commits,
    pytest.mark.skipif(
        not using_postgres(), reason="SQLite takes the write lock at BEGIN: nothing interleaves"
    ),
]

START, END = date(2026, 3, 1), date(2026, 3, 31)


def _fresh(engine: Any, user_id: int) -> economics.PeriodSums:
    economics._PERIOD_SUMS.clear()
    with Session(engine) as session:
        return economics.period_sums(session, user_id, START, END)


def _kept(engine: Any, user_id: int) -> economics.PeriodSums:
    with Session(engine) as session:
        return economics.period_sums(session, user_id, START, END)


@pytest.mark.parametrize("second", ["work", "delete"])
def test_a_lower_stamp_never_commits_after_a_reader_kept_a_higher_one(
    db: Session, user: Any, engine: Any, monkeypatch: pytest.MonkeyPatch, second: str
) -> None:
    yuan = factories.deal(
        db, user, currency="CNY", agreed_fee="800.00", status="delivered", delivered_on=START
    )
    dollars = factories.deal(
        db,
        user,
        brand_id=factories.brand(db, user, "Other").id,
        currency="USD",
        agreed_fee="300.00",
        status="delivered",
        delivered_on=date(2026, 3, 20),
    )
    factories.work(db, dollars, "editing", 50, worked_on=START)
    _kept(engine, user.id)  # the period's sums kept before either writer starts
    written, release = threading.Event(), threading.Event()
    real = economics.refresh_figures
    first = threading.current_thread()
    errors: list[BaseException] = []

    def held(session: Session, deal: Deal) -> Any:
        result = real(session, deal)
        if deal.id == yuan.id:  # writer 1: its rows written, not committed
            written.set()
            release.wait(timeout=30)
        return result

    monkeypatch.setattr("app.ledger.service.refresh_figures", held)

    def writer_1() -> None:
        try:
            with Session(engine) as session:
                deal = session.get(Deal, yuan.id)
                assert deal is not None
                factories.work(session, deal, "shooting", 90, worked_on=START)
        except BaseException as exc:  # reported below
            errors.append(exc)

    def writer_2() -> None:
        try:
            with Session(engine) as session:
                deal = session.get(Deal, dollars.id)
                assert deal is not None
                if second == "work":
                    factories.work(session, deal, "shooting", 25, worked_on=START)
                else:
                    ledger.delete_deal(session, deal)
        except BaseException as exc:  # reported below
            errors.append(exc)

    one = threading.Thread(target=writer_1)
    one.start()
    assert written.wait(timeout=30)
    two = threading.Thread(target=writer_2)
    two.start()
    two.join(timeout=1.5)  # it waits for writer 1's profile row (or, with the rule broken, not)
    middle = _kept(engine, user.id)  # a reader keeps the sums between the two
    release.set()
    one.join(timeout=60)
    two.join(timeout=60)
    assert not one.is_alive() and not two.is_alive() and errors == [] and first.is_alive()
    kept = _kept(engine, user.id)
    fresh = _fresh(engine, user.id)
    assert middle.stamp <= kept.stamp
    assert kept.buckets == fresh.buckets
    assert kept.months == fresh.months
