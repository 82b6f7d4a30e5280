"""Migration 0023 (figures_rollup.stamp) on a ledger with data, down and up again: the rows keep
their sums, the stamps they get are below any later write's, and a period's sums kept in the
process across the round trip still move by the next write exactly."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import inspect, select
from sqlmodel import Session, col

from app import clock, migrate
from app.db import make_engine
from app.demo import fill_demo
from app.economics import rollup
from app.economics import service as economics
from app.economics.models import FiguresRollup
from app.ledger import service as ledger
from app.ledger.models import Deal
from app.settings import Settings
from tests import factories
from tests.conftest import Databases

SUMS = [FiguresRollup.__table__.c[name] for name in (*rollup.PK, *rollup.SUMS)]  # type: ignore[attr-defined]


def _rows(session: Session) -> set[tuple[Any, ...]]:
    return {tuple(r) for r in session.execute(select(*SUMS)).all()}


def _fresh(session: Session, user_id: int, start: date, end: date) -> economics.PeriodSums:
    economics._PERIOD_SUMS.clear()
    return economics.period_sums(session, user_id, start, end)


def test_the_stamp_migration_keeps_the_rollups_and_later_writes_move_kept_sums(
    databases: Databases,
) -> None:
    engine = make_engine(Settings(database_url=databases.new_url()))
    migrate.upgrade(engine)
    try:
        with Session(engine) as session:
            fill_demo(session, username="old", deals=40, seed=7, now=clock.utcnow())
            deal = session.execute(select(Deal).order_by(col(Deal.id)).limit(1)).scalar_one()
            user_id, deal_id = deal.user_id, deal.id
            assert deal_id is not None
            ledger.update_deal(session, deal, changes={"delivered_on": date(2026, 3, 10)})
            before = _rows(session)
        start, end = date(2026, 1, 1), date(2026, 12, 31)
        with Session(engine) as session:
            kept = _fresh(session, user_id, start, end)  # kept across the round trip
            assert kept.stamp > 0
        migrate.downgrade(engine, "0022")
        columns = {c["name"] for c in inspect(engine).get_columns("figures_rollup")}
        assert "stamp" not in columns
        migrate.upgrade(engine)
        with Session(engine) as session:
            assert _rows(session) == before
            # Kept sums from before the round trip, and a write after it.
            economics._PERIOD_SUMS.put((user_id, start, end), kept)
            deal = session.get(Deal, deal_id)
            assert deal is not None
            factories.work(session, deal, "editing", 75, worked_on=date(2026, 3, 11))
        with Session(engine) as session:
            moved = economics.period_sums(session, user_id, start, end)
            fresh = _fresh(session, user_id, start, end)
            assert moved.buckets == fresh.buckets and moved.months == fresh.months
            # And sums first read after the migration (every row at its starting stamp).
            deal = session.get(Deal, deal_id)
            assert deal is not None
            factories.work(session, deal, "shooting", 20, worked_on=date(2026, 3, 12))
            again = economics.period_sums(session, user_id, start, end)
            assert again.buckets == _fresh(session, user_id, start, end).buckets
    finally:
        economics._PERIOD_SUMS.clear()
        engine.dispose()
