"""Own history (percentiles, offer checks) reads a bounded number of the newest deals, and its
cache never serves one account's figures to another."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import delete, select, update
from sqlmodel import Session, col

from app import clock
from app.accounts.models import User
from app.demo import fill_demo
from app.economics import service as economics
from app.economics.models import DealFiguresRow
from app.ledger.models import Deal, Profile
from app.negotiation import service as negotiation
from tests.conftest import make_user


def test_rates_read_only_the_newest_deals(db: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    fill_demo(db, username="mei", deals=40, seed=2, now=clock.utcnow())
    user_id = db.execute(select(col(User.id))).scalar_one()
    everything = economics.deal_rates(db, user_id=user_id, start=None, end=None, currency="CNY")
    assert len(everything) > 5
    monkeypatch.setattr(economics, "HISTORY_DEALS", 5)
    newest = db.execute(
        select(col(DealFiguresRow.net_income), col(DealFiguresRow.minutes_total))
        .join(Deal, col(Deal.id) == col(DealFiguresRow.deal_id))
        .where(col(Deal.currency) == "CNY", col(DealFiguresRow.minutes_total) > 0)
        .order_by(col(Deal.id).desc())
        .limit(5)
    ).all()
    bounded = economics.deal_rates(db, user_id=user_id, start=None, end=None, currency="CNY")
    assert sorted(bounded) == sorted((int(n), int(m)) for n, m in newest)
    fees = economics.fees_per_unit(db, user_id=user_id, start=None, end=None, currency="CNY")
    assert 0 < sum(len(v) for v in fees.values()) <= 5


def test_history_cache_is_per_account_even_when_an_id_is_reused(db: Session) -> None:
    fill_demo(db, username="old", deals=30, seed=4, now=clock.utcnow())
    old = db.execute(select(User).where(col(User.username) == "old")).scalar_one()
    old_id = old.id
    history = negotiation.history_of(db, user_id=old_id or 0, currency="CNY")
    assert history.effective_hourly
    economics.own_history(db, user_id=old_id or 0, start=None, end=None, currency="CNY")
    version = db.execute(
        select(col(Profile.ledger_version)).where(col(Profile.user_id) == old_id)
    ).scalar_one()
    db.execute(delete(Deal).where(col(Deal.user_id) == old_id))
    db.execute(delete(User).where(col(User.id) == old_id))
    new: Any = make_user(db, "new")
    # ...which has written as often as the old one had (the versions meet).
    db.execute(update(Profile).where(col(Profile.user_id) == new.id).values(ledger_version=version))
    # SQLite gives the freed id to the next account; whatever the id, the new account's
    # history is its own (empty), never the cached one of the deleted account.
    assert negotiation.history_of(db, user_id=new.id, currency="CNY").effective_hourly == []
    own = economics.own_history(db, user_id=new.id, start=None, end=None, currency="CNY")
    assert own.rate_count == 0 and own.fees == {}


def test_cached_summary_follows_writes_and_renames(db: Session) -> None:
    from app.ledger import service as ledger
    from app.ledger.models import Brand

    fill_demo(db, username="mei", deals=20, seed=6, now=clock.utcnow())
    uid = db.execute(select(col(User.id))).scalar_one()
    today = clock.utcnow().date()

    def summary() -> Any:
        return economics.cached_summary(
            db, user_id=uid, start=None, end=None, today=today, target_hourly=None
        )

    first = summary()
    first.by_brand[0].label = "changed by a caller"  # callers get their own copies
    assert summary().by_brand[0].label != "changed by a caller"
    brand = db.get(Brand, int(first.by_brand[0].key))
    assert brand is not None
    ledger.update_object(db, brand, changes={"name": "Renamed"})
    assert "Renamed" in {b.label for b in summary().by_brand}
    deals_before = sum(t.deals for t in summary().totals.values())
    deal = db.execute(select(Deal).where(col(Deal.user_id) == uid).limit(1)).scalar_one()
    ledger.delete_deal(db, deal)
    assert sum(t.deals for t in summary().totals.values()) == deals_before - 1


def test_breakdowns_show_the_top_entries_and_others() -> None:
    from app.economics import calc
    from app.economics.pages import BREAKDOWN_TOP, top_and_others
    from app.web.i18n import Translator

    items = [
        economics.Breakdown(
            str(i),
            f"brand {i}",
            calc.Totals(currency="CNY", deals=1, gross_received=i * 100, minutes_total=60),
        )
        for i in range(BREAKDOWN_TOP + 25)
    ]
    items.append(economics.Breakdown("x", "dollar", calc.Totals(currency="USD", deals=9)))
    rows = top_and_others(Translator("en"), items, "CNY")
    assert len(rows) == BREAKDOWN_TOP + 1
    assert [r.key for r in rows[:3]] == [str(BREAKDOWN_TOP + 24 - k) for k in range(3)]
    others = rows[-1]
    assert others.label == "Others (25)"
    assert others.totals.deals == 25 and others.totals.minutes_total == 25 * 60
    assert others.totals.gross_received == sum(i * 100 for i in range(25))
    assert sum(r.totals.deals for r in rows) == BREAKDOWN_TOP + 25  # nothing lost, no USD
    few = top_and_others(Translator("en"), items[:5], "CNY")
    assert len(few) == 5 and all(not r.label.startswith("Others") for r in few)
