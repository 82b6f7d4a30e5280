"""The monthly rollups always equal a recount: after any edits, both summary paths agree."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest
from sqlmodel import Session, select

from app import clock
from app.demo import fill_demo
from app.economics import rollup
from app.economics import service as economics
from app.economics.models import FiguresRollup
from app.economics.serialize import summary_json
from app.ledger import service as ledger
from app.ledger.models import Agency, Deal, WorkEntry
from tests import factories

TODAY = date(2026, 11, 28)
PERIODS = [
    (None, None),
    (date(2025, 12, 1), date(2026, 11, 30)),
    (date(2026, 1, 1), date(2026, 12, 31)),
    (date(2026, 10, 1), date(2026, 10, 31)),
    (None, date(2026, 3, 31)),
    (date(2026, 6, 1), None),
]


def _rollup_rows(db: Session, user_id: int) -> set[tuple[Any, ...]]:
    rows = db.exec(select(FiguresRollup).where(FiguresRollup.user_id == user_id)).all()
    return {
        (r.currency, r.month, r.dimension, r.key, *(getattr(r, n) for n in rollup.SUMS))
        for r in rows
        if r.deals
    }


def _assert_fast_equals_exact(
    db: Session, user_id: int, target: int | None, periods: list[tuple[Any, Any]]
) -> None:
    for start, end in periods:
        exact = economics.summarize(
            db, user_id=user_id, start=start, end=end, today=TODAY, target_hourly=target
        )
        fast = economics.summarize_fast(
            db, user_id=user_id, start=start, end=end, today=TODAY, target_hourly=target
        )
        assert summary_json(fast) == summary_json(exact), (start, end)


def _assert_consistent(db: Session, user_id: int, target: int | None) -> None:
    for start, end in PERIODS:
        exact = economics.summarize(
            db, user_id=user_id, start=start, end=end, today=TODAY, target_hourly=target
        )
        fast = economics.summarize_fast(
            db, user_id=user_id, start=start, end=end, today=TODAY, target_hourly=target
        )
        assert summary_json(fast) == summary_json(exact), (start, end)
    incremental = _rollup_rows(db, user_id)
    rollup.rebuild(db, user_id=user_id)
    db.commit()
    assert _rollup_rows(db, user_id) == incremental


@pytest.mark.parametrize("seed", [1, 2])
def test_rollups_survive_random_edits(db: Session, user: Any, seed: int) -> None:
    fill_demo(db, username=user.username, deals=60, seed=seed, now=clock.utcnow())
    ledger.update_profile(db, user_id=user.id, changes={"target_hourly": 12345})
    _assert_consistent(db, user.id, 12345)
    rng = random.Random(seed)
    deals = db.exec(select(Deal).where(Deal.user_id == user.id)).all()
    other_brand = factories.brand(db, user, "Another brand")
    for _ in range(25):
        deal = rng.choice(deals)
        action = rng.randrange(7)
        if action == 0:
            factories.work(
                db, deal, "revision", rng.randint(5, 300), revision_round=rng.randint(1, 4)
            )
        elif action == 1:
            factories.part(
                db, deal, "payments", gross=str(rng.randint(1, 3000)), received_on="2026-05-05"
            )
        elif action == 2:
            ledger.update_deal(
                db,
                deal,
                changes={
                    "status": rng.choice(["cancelled", "paid", "delivered"]),
                    "delivered_on": rng.choice([None, date(2026, 2, 2), date(2025, 1, 9)]),
                    "brief_received_on": rng.choice([None, date(2026, 7, 1)]),
                    "brand_id": rng.choice([deal.brand_id, other_brand.id]),
                    "currency": rng.choice(["CNY", "CNY", "USD"]),
                    "payment_due_on": rng.choice(
                        [None, date(2025, 6, 1), date(2026, 11, 27), date(2026, 11, 29)]
                    ),
                },
            )
        elif action == 3:
            factories.part(db, deal, "deliverables", kind=rng.choice(["live", "roundup"]))
        elif action == 4:
            entries = db.exec(select(WorkEntry).where(WorkEntry.deal_id == deal.id)).all()
            if entries:
                ledger.delete_part(db, rng.choice(entries))
        elif action == 5:
            ledger.delete_deal(db, deal)
            deals.remove(deal)
        else:
            agencies = db.exec(select(Agency).where(Agency.user_id == user.id)).all()
            if agencies:
                ledger.delete_object(db, rng.choice(agencies))
        # After every edit: the fast path (with its cached overdue counts) equals a recount.
        _assert_fast_equals_exact(db, user.id, 12345, PERIODS[:2])
    _assert_consistent(db, user.id, 12345)
    ledger.update_profile(db, user_id=user.id, changes={"target_hourly": None})
    _assert_consistent(db, user.id, None)


def test_custom_days_fall_back_to_the_exact_sums(db: Session, user: Any) -> None:
    factories.deal(db, user, agreed_fee="100", delivered_on="2026-03-15")
    fast = economics.summarize_fast(
        db,
        user_id=user.id,
        start=date(2026, 3, 16),
        end=date(2026, 3, 31),
        today=TODAY,
        target_hourly=None,
    )
    assert fast.totals == {}


def test_overdue_counts_are_kept_until_the_owing_deals_change(
    db: Session, user: Any, monkeypatch: Any
) -> None:
    """A work entry leaves the overdue counts as they were (not recounted); a payment that
    settles a deal, a new payment date and a deal that starts owing each recount them."""
    owed = factories.deal(
        db, user, agreed_fee="1000", delivered_on="2026-10-01", payment_due_on="2026-10-31"
    )
    counted: list[int] = []
    real = economics._overdue_counts
    monkeypatch.setattr(economics, "_overdue_counts", lambda *a: counted.append(1) or real(*a))

    def overdue() -> int:
        summary = economics.summarize_fast(
            db, user_id=user.id, start=None, end=None, today=TODAY, target_hourly=None
        )
        return summary.totals["CNY"].overdue_count

    assert overdue() == 1 and len(counted) == 1
    factories.work(db, owed, minutes=30)
    assert overdue() == 1 and len(counted) == 1  # the summary was made again, the counts kept
    ledger.update_deal(db, owed, changes={"payment_due_on": date(2026, 12, 31)})
    assert overdue() == 0 and len(counted) == 2
    ledger.update_deal(db, owed, changes={"payment_due_on": date(2026, 11, 1)})
    assert overdue() == 1 and len(counted) == 3
    factories.part(db, owed, "payments", gross="1000", received_on="2026-11-20")
    assert overdue() == 0 and len(counted) == 4
    factories.deal(
        db, user, agreed_fee="50", delivered_on="2026-10-02", payment_due_on="2026-10-03"
    )
    assert overdue() == 1 and len(counted) == 5


def test_an_undated_deal_is_in_the_totals_and_in_no_month_on_both_paths(
    db: Session, user: Any
) -> None:
    """A deal with neither a delivery nor a brief date belongs to no calendar month: the "all"
    period counts it in its totals and breakdowns, and its month list (the dashboard's charts,
    the API's by_month) has calendar months only, on the exact path as on the rollups'.
    (Before, the exact path listed a month with an empty key for it, which the dashboard could
    not even label, while the rollups left it out.)"""
    dated = factories.deal(db, user, agreed_fee="800", delivered_on="2026-11-03")
    undated = factories.deal(db, user, agreed_fee="500")
    factories.work(db, dated, minutes=60)
    factories.work(db, undated, minutes=30)
    exact = economics.summarize(
        db, user_id=user.id, start=None, end=None, today=TODAY, target_hourly=None
    )
    fast = economics.summarize_fast(
        db, user_id=user.id, start=None, end=None, today=TODAY, target_hourly=None
    )
    for summary in (exact, fast):
        assert summary.totals["CNY"].deals == 2
        assert summary.totals["CNY"].minutes_total == 90
        assert [b.key for b in summary.by_month] == ["202611"]
        assert summary.by_month[0].totals.deals == 1
    assert summary_json(exact) == summary_json(fast)
