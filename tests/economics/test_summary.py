"""The SQL summary (one GROUP BY over stored figures) equals calc's Totals added deal by deal.

calc is the one statement of the formulas; the SQL restates two of them (the unpaid value per
deal, overdue) for speed, so this test adds every deal up again through calc and compares.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest
from sqlmodel import Session, select

from app import clock
from app.demo import fill_demo
from app.economics import calc
from app.economics import service as economics
from app.economics.serialize import totals_json
from app.ledger import service as ledger
from app.ledger.models import Deal
from tests import factories

TODAY = date(2026, 11, 28)


def _by_calc(
    db: Session, user_id: int, start: date | None, end: date | None, target: int | None
) -> dict[str, calc.Totals]:
    totals: dict[str, calc.Totals] = {}
    for deal in db.exec(select(Deal).where(Deal.user_id == user_id)).all():
        when = calc.deal_date(deal.delivered_on, deal.brief_received_on)
        if (start and (when is None or when < start)) or (end and (when is None or when > end)):
            continue
        figures = calc.deal_figures(economics.load_inputs(db, deal))
        overdue = figures.outstanding > 0 and (
            deal.payment_due_on is not None and deal.payment_due_on < TODAY
        )
        totals.setdefault(deal.currency, calc.Totals(currency=deal.currency)).add(
            figures,
            overdue=overdue,
            unpaid_value=calc.value_of_minutes(figures.minutes_unpaid, target),
        )
    return totals


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_sql_totals_equal_calc_totals(db: Session, user: Any, seed: int) -> None:
    rng = random.Random(seed)
    fill_demo(db, username=user.username, deals=25, seed=seed, now=clock.utcnow())
    deals = db.exec(select(Deal).where(Deal.user_id == user.id)).all()
    for deal in rng.sample(list(deals), 8):  # the edges: unpaid rounds, cancelled, other money
        factories.work(db, deal, "revision", rng.randint(1, 400), revision_round=rng.randint(1, 5))
        ledger.update_deal(
            db,
            deal,
            changes={
                "status": rng.choice(["cancelled", "delivered", "paid", "disputed"]),
                "currency": rng.choice(["CNY", "CNY", "USD"]),
                "payment_due_on": rng.choice([None, date(2026, 1, 5), date(2027, 1, 5)]),
            },
        )
    target = rng.choice([None, 1, 12345, 99999])
    for start, end in [(None, None), (date(2026, 1, 1), date(2026, 6, 30))]:
        summary = economics.summarize(
            db, user_id=user.id, start=start, end=end, today=TODAY, target_hourly=target
        )
        expected = _by_calc(db, user.id, start, end, target)
        assert sorted(summary.totals) == sorted(expected)
        for currency, totals in expected.items():
            assert totals_json(summary.totals[currency]) == totals_json(totals), currency
