"""The offer check's and the rate card's history, read from what each deal's figures row keeps
(economics.offer_history: rates, hours per unit, fees per unit, minutes of each revision round),
equals the straightforward recount from the deals, deliverables and work entries
(economics.offer_history_of) after any sequence of writes through every path that changes
them: work entries logged, edited and deleted (revision rounds split over several entries),
deliverables added, changed and removed, deal edits (currency, fee, status), deletes, JSON
imports, spreadsheet imports of work, rebuilds. The history kept per ledger version
(negotiation.history_of) equals the recount too."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select
from sqlmodel import Session, col

from app import clock
from app.economics import rollup
from app.economics import service as economics
from app.ledger import service as ledger
from app.ledger.models import Brand, Deal, Deliverable, WorkEntry
from app.negotiation import service as negotiation
from app.negotiation.offer import History
from app.spreadsheet import Sheet, apply
from app.transfer import export_account, import_account
from tests import factories
from tests.conftest import examples

index = st.integers(0, 50)
rounds = st.sampled_from([None, 1, 1, 2, 3])
operations = st.one_of(
    st.tuples(
        st.just("deal"), st.sampled_from(["CNY", "USD"]), st.sampled_from([None, "800", "3000"])
    ),
    st.tuples(st.just("work"), index, st.integers(1, 600), rounds),
    st.tuples(st.just("rework"), index, st.integers(1, 600), st.sampled_from([1, 2, 4])),
    st.tuples(st.just("unwork"), index),
    st.tuples(st.just("kind"), index, st.sampled_from(["live", "roundup", "image_note"])),
    st.tuples(st.just("quantity"), index, st.integers(1, 4)),
    st.tuples(st.just("unkind"), index),
    st.tuples(st.just("fee"), index, st.sampled_from([None, 799, 3000])),
    st.tuples(st.just("status"), index, st.sampled_from(["cancelled", "delivered"])),
    st.tuples(st.just("currency"), index, st.sampled_from(["CNY", "USD"])),
    st.tuples(st.just("delete"), index),
    st.tuples(st.just("import")),
    st.tuples(st.just("sheet"), index, st.integers(1, 300), st.sampled_from([1, 2])),
    st.tuples(st.just("rebuild")),
)


def _deals(db: Session, user_id: int) -> list[Deal]:
    return list(
        db.execute(select(Deal).where(col(Deal.user_id) == user_id).order_by(col(Deal.id)))
        .scalars()
        .all()
    )


def _apply(db: Session, user: Any, brand_id: int, op: tuple[Any, ...]) -> None:
    deals = _deals(db, user.id)
    kind = op[0]
    if kind == "deal" or (not deals and kind not in ("rebuild", "import")):
        currency, fee = (op[1], op[2]) if kind == "deal" else ("CNY", "1200")
        made = factories.deal(
            db,
            user,
            brand_id=brand_id,
            currency=currency,
            agreed_fee=fee,
            status="delivered",
            delivered_on="2026-11-05",
        )
        factories.part(db, made, "deliverables", kind="image_note")
        return
    deal = deals[op[1] % len(deals)] if deals and len(op) > 1 else None
    first = (
        None
        if deal is None
        else db.execute(
            select(WorkEntry).where(col(WorkEntry.deal_id) == deal.id).order_by(col(WorkEntry.id))
        )
        .scalars()
        .first()
    )
    deliverable = (
        None
        if deal is None
        else db.execute(select(Deliverable).where(col(Deliverable.deal_id) == deal.id))
        .scalars()
        .first()
    )
    if kind == "work" and deal is not None:
        activity = "editing" if op[3] is None else "revision"
        factories.work(db, deal, activity, op[2], revision_round=op[3])
    elif kind == "rework" and first is not None:
        changes: dict[str, Any] = {"minutes": op[2]}
        if first.activity == "revision":
            changes["revision_round"] = op[3]
        ledger.update_part(db, ledger.PARTS["work"], first, changes=changes)
    elif kind == "unwork" and first is not None:
        ledger.delete_part(db, first)
    elif kind == "kind" and deal is not None:
        factories.part(db, deal, "deliverables", kind=op[2])
    elif kind == "quantity" and deliverable is not None:
        spec = ledger.PARTS["deliverables"]
        ledger.update_part(db, spec, deliverable, changes={"quantity": op[2]})
    elif kind == "unkind" and deliverable is not None:
        ledger.delete_part(db, deliverable)
    elif kind == "fee" and deal is not None:
        ledger.update_deal(db, deal, changes={"agreed_fee": op[2]})
    elif kind == "status" and deal is not None:
        ledger.update_deal(db, deal, changes={"status": op[2]})
    elif kind == "currency" and deal is not None:
        ledger.update_deal(db, deal, changes={"currency": op[2]})
    elif kind == "delete" and deal is not None:
        ledger.delete_deal(db, deal)
    elif kind == "import" and len(deals) <= 4:
        # The account's own deals again, as a JSON import (bulk inserts, figures computed
        # before the write: app.transfer).
        document = export_account(db, user_id=user.id, now=clock.utcnow())
        import_account(db, user_id=user.id, document=json.loads(json.dumps(document)))
    elif kind == "sheet" and deal is not None:
        # Revision work from a spreadsheet (bulk inserts, then each touched deal refreshed).
        sheet = Sheet(
            ["deal", "activity", "minutes", "date", "round"],
            [[str(deal.id), "revision", str(op[2]), "2026-11-06", str(op[3])]] * 2,
        )
        mapping: dict[str, int | None] = {
            "deal": 0,
            "activity": 1,
            "minutes": 2,
            "worked_on": 3,
            "revision_round": 4,
        }
        assert apply(
            db, user_id=user.id, kind="work", sheet=sheet, mapping=mapping, now=clock.utcnow()
        ) == (1 * 2, [])
    elif kind == "rebuild":
        rollup.rebuild(db, user_id=user.id)
        db.commit()


def _sorted(history: economics.OfferHistory) -> tuple[Any, ...]:
    return (
        sorted(history.rates),
        {k: sorted(v) for k, v in history.hours.items()},
        {k: sorted(v) for k, v in history.fees.items()},
        sorted(history.rounds),
    )


def _sorted_history(history: History) -> tuple[Any, ...]:
    return (
        sorted(history.effective_hourly),
        {k: sorted(v) for k, v in history.hours_per_unit.items()},
        {k: sorted(v) for k, v in history.fee_per_unit.items()},
        sorted(history.revision_round_hours),
        history.hours_quartiles,
        history.fee_quartiles,
        history.revision_quartiles,
    )


def assert_history_is_the_recount(db: Session, user_id: int) -> None:
    for currency in ("CNY", "USD"):
        kept = economics.offer_history(db, user_id=user_id, currency=currency)
        fresh = economics.offer_history_of(db, user_id=user_id, currency=currency)
        assert _sorted(kept) == _sorted(fresh), currency
        # The rates equal as floats, sign of zero included (the pages print -0 and 0 apart).
        assert sorted(map(repr, kept.rates)) == sorted(map(repr, fresh.rates))
        served = negotiation.history_of(db, user_id=user_id, currency=currency)
        assert _sorted_history(served) == _sorted_history(negotiation.history_from(fresh))


def test_the_kept_history_equals_a_recount_after_any_writes(
    db: Session, user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A window of 3 newest deals: deals leave and enter it as they are made, deleted, moved
    # between currencies and given or robbed of hours.
    monkeypatch.setattr(economics, "HISTORY_DEALS", 3)

    @settings(
        max_examples=examples(60),
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        deadline=None,
    )
    @given(ops=st.lists(operations, min_size=1, max_size=10))
    def check(ops: list[tuple[Any, ...]]) -> None:
        for deal in _deals(db, user.id):
            ledger.delete_deal(db, deal)
        # (each import copies the account's brands: none kept from an example to the next)
        db.execute(delete(Brand).where(col(Brand.user_id) == user.id))
        db.commit()
        brand_id = factories.brand(db, user).id
        for op in ops:
            _apply(db, user, brand_id, op)
            assert_history_is_the_recount(db, user.id)

    check()


def test_a_rounds_minutes_are_added_up_per_round(db: Session, user: Any) -> None:
    """Worked example: two entries of round 1 are one round (45 + 15 = 60 minutes), round 2
    another; the editing entry is no round; the deal's figures row keeps '60,30'."""
    from app.economics.models import DealFiguresRow

    deal = factories.deal(db, user, agreed_fee="3000", delivered_on="2026-11-05")
    factories.work(db, deal, "revision", 45, revision_round=1)
    factories.work(db, deal, "editing", 90)
    factories.work(db, deal, "revision", 30, revision_round=2, worked_on=date(2026, 11, 6))
    factories.work(db, deal, "revision", 15, revision_round=1)
    row = db.get(DealFiguresRow, deal.id)
    assert row is not None and row.revision_minutes == "60,30"
    assert sorted(economics.offer_history(db, user_id=user.id, currency="CNY").rounds) == [30, 60]
    assert_history_is_the_recount(db, user.id)
