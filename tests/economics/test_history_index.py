"""The own percentiles' two windows are read from the figures' index alone (alembic 0027): on
SQLite the plan says so (the deal-id read; the date-led one: test_history_periods.py); the
statements' results are tested in test_history_bounds.py."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from app.economics import service
from tests.conftest import using_postgres


@pytest.mark.skipif(using_postgres(), reason="SQLite's plan (PostgreSQL plans by statistics)")
@pytest.mark.parametrize(("dated_from", "dated_to"), [(True, True), (False, False), (True, False)])
def test_the_history_reads_only_the_index(db: Session, dated_from: bool, dated_to: bool) -> None:
    statement = service._history_statement("sqlite", dated_from, dated_to, False)
    compiled = statement.compile(dialect=db.get_bind().dialect)
    params = {**compiled.params, "h_user": 1, "h_currency": "CNY", "h_limit": 400}
    params |= {"h_start": "2026-01-01", "h_end": "2026-12-31"}
    args = tuple(params[name] for name in compiled.positiontup or ())
    plan = [
        str(row[-1])
        for row in db.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled), args)
    ]
    reads = [line for line in plan if "deal_figures" in line]
    assert len(reads) == 2, plan
    assert all("USING COVERING INDEX ix_deal_figures_history" in line for line in reads), plan
