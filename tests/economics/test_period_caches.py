"""The dashboard's sums kept per period_key equal a fresh computation after any sequence of
writes: a write to a deal of another month keeps them, any write filed in the period's months
(or moving a deal into or out of them), a rename, a rebuild, recounts them. The own percentiles,
read from the inputs kept on each figures row (own_history, fees_per_unit), equal the
straightforward recomputation from the deals and deliverables (own_history_of,
fees_per_unit_of) after the same writes: deletes, currency changes, cancellations, deals moving
between months or losing their date, hours and deliverables removed, rebuilds."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlmodel import Session, col

from app.economics import rollup
from app.economics import service as economics
from app.economics.models import FiguresRollup
from app.economics.serialize import summary_json
from app.ledger import service as ledger
from app.ledger.models import Brand, Deal, Deliverable, WorkEntry
from tests import factories
from tests.conftest import examples

TODAY = date(2026, 11, 28)
MONTHS = [date(2026, 11, 5), date(2026, 10, 20), date(2026, 2, 2), date(2025, 6, 30), None]
PERIODS = [
    (None, None),  # all time
    (date(2026, 11, 1), date(2026, 11, 30)),  # this month
    (date(2026, 10, 1), date(2026, 12, 31)),  # this quarter
    (date(2025, 12, 1), date(2026, 11, 30)),  # twelve months
    (date(2026, 10, 15), date(2026, 11, 10)),  # custom days: the exact sums, covering months
]

index = st.integers(0, 50)
operations = st.one_of(
    st.tuples(
        st.just("deal"), st.sampled_from(range(len(MONTHS))), st.sampled_from(["CNY", "USD"])
    ),
    st.tuples(st.just("work"), index, st.integers(1, 600), st.sampled_from([None, 1, 2])),
    st.tuples(st.just("payment"), index, st.integers(1, 5000)),
    st.tuples(st.just("move"), index, st.sampled_from(range(len(MONTHS)))),
    st.tuples(st.just("kind"), index, st.sampled_from(["live", "roundup", "image_note"])),
    st.tuples(st.just("fee"), index, st.sampled_from([None, 800, 3000])),
    st.tuples(st.just("status"), index, st.sampled_from(["cancelled", "delivered", "paid"])),
    st.tuples(st.just("due"), index, st.sampled_from([None, date(2026, 1, 1), date(2027, 1, 1)])),
    st.tuples(st.just("quantity"), index, st.integers(1, 4)),
    st.tuples(st.just("unwork"), index),
    st.tuples(st.just("currency"), index, st.sampled_from(["CNY", "USD"])),
    st.tuples(st.just("unkind"), index),
    st.tuples(st.just("delete"), index),
    st.tuples(st.just("rename"), st.integers(0, 1)),
    st.tuples(st.just("target"), st.sampled_from([None, 20000])),
    st.tuples(st.just("rebuild")),
)


def _apply(db: Session, user: Any, brands: list[Brand], op: tuple[Any, ...]) -> None:
    deals = list(
        db.execute(select(Deal).where(col(Deal.user_id) == user.id).order_by(col(Deal.id)))
        .scalars()
        .all()
    )
    kind = op[0]
    if kind == "deal" or (not deals and kind not in ("rename", "target", "rebuild")):
        month = MONTHS[op[1]] if kind == "deal" else MONTHS[0]
        factories.deal(
            db,
            user,
            brand_id=brands[len(deals) % 2].id,
            currency=op[2] if kind == "deal" else "CNY",
            agreed_fee="1200",
            status="delivered",
            brief_received_on=(month or TODAY).isoformat() if month else None,
            delivered_on=month.isoformat() if month else None,
            payment_due_on="2026-11-01",
        )
        return
    indexed = kind not in ("rename", "target", "rebuild")
    deal = deals[op[1] % len(deals)] if deals and indexed else None
    if kind == "work" and deal is not None:
        activity = "revision" if op[3] else "editing"
        factories.work(db, deal, activity, op[2], revision_round=op[3])
    elif kind == "payment" and deal is not None:
        factories.part(db, deal, "payments", gross=str(op[2]), received_on="2026-11-02")
    elif kind == "move" and deal is not None:
        month = MONTHS[op[2]]
        ledger.update_deal(db, deal, changes={"delivered_on": month, "brief_received_on": month})
    elif kind == "kind" and deal is not None:
        factories.part(db, deal, "deliverables", kind=op[2])
    elif kind == "fee" and deal is not None:
        ledger.update_deal(db, deal, changes={"agreed_fee": op[2]})
    elif kind == "status" and deal is not None:
        ledger.update_deal(db, deal, changes={"status": op[2]})
    elif kind == "due" and deal is not None:
        ledger.update_deal(db, deal, changes={"payment_due_on": op[2]})
    elif kind == "quantity" and deal is not None:
        rows = db.execute(select(Deliverable).where(col(Deliverable.deal_id) == deal.id))
        found = rows.scalars().first()
        if found is not None:
            spec = ledger.PARTS["deliverables"]
            ledger.update_part(db, spec, found, changes={"quantity": op[2]})
    elif kind == "unwork" and deal is not None:
        rows = db.execute(select(WorkEntry).where(col(WorkEntry.deal_id) == deal.id))
        entry = rows.scalars().first()
        if entry is not None:
            ledger.delete_part(db, entry)
    elif kind == "currency" and deal is not None:
        ledger.update_deal(db, deal, changes={"currency": op[2]})
    elif kind == "unkind" and deal is not None:
        rows = db.execute(select(Deliverable).where(col(Deliverable.deal_id) == deal.id))
        found = rows.scalars().first()
        if found is not None:
            ledger.delete_part(db, found)
    elif kind == "delete" and deal is not None:
        ledger.delete_deal(db, deal)
    elif kind == "rename":
        brand = brands[op[1]]
        ledger.update_object(db, brand, changes={"name": brand.name + "·"})
    elif kind == "target":
        ledger.update_profile(db, user_id=user.id, changes={"target_hourly": op[1]})
    elif kind == "rebuild":
        rollup.rebuild(db, user_id=user.id)
        db.commit()


def _assert_fresh(db: Session, user_id: int) -> None:
    target = ledger.get_profile(db, user_id=user_id).target_hourly
    for start, end in PERIODS:
        kept = economics.cached_summary(
            db, user_id=user_id, start=start, end=end, today=TODAY, target_hourly=target
        )
        # Worked out afresh (not kept) by the same path: rollup rows for whole months, the
        # deal rows for custom days.
        fresh = economics.summarize_fast(
            db, user_id=user_id, start=start, end=end, today=TODAY, target_hourly=target
        )
        assert summary_json(kept) == summary_json(fresh), (start, end)
        for currency in ("CNY", "USD"):
            history = economics.own_history(
                db, user_id=user_id, start=start, end=end, currency=currency
            )
            fresh = economics.own_history_of(
                db, user_id=user_id, start=start, end=end, currency=currency
            )
            assert history == fresh, (start, end, currency)
            args = {"user_id": user_id, "start": start, "end": end, "currency": currency}
            kept = economics.fees_per_unit(db, **args)
            assert {k: sorted(v) for k, v in kept.items()} == {
                k: sorted(v) for k, v in economics.fees_per_unit_of(db, **args).items()
            }


def test_period_figures_equal_a_fresh_computation_after_any_writes(db: Session, user: Any) -> None:
    brands = [factories.brand(db, user, "花西子"), factories.brand(db, user, "珀莱雅")]

    @settings(
        max_examples=examples(60),  # 25 in the suite
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        deadline=None,
    )
    @given(ops=st.lists(operations, min_size=1, max_size=8))
    def check(ops: list[tuple[Any, ...]]) -> None:
        # The caches outlive each example, as they outlive requests: an entry kept under a key
        # that did not move with a write is read back here and differs.
        for deal in db.execute(select(Deal).where(col(Deal.user_id) == user.id)).scalars():
            ledger.delete_deal(db, deal)
        for op in ops:
            _apply(db, user, brands, op)
            _assert_fresh(db, user.id)

    check()


def test_a_write_to_another_months_deal_keeps_the_period_figures(
    db: Session, user: Any, monkeypatch: Any
) -> None:
    """The point of the stamps: this month's sums are kept for a write to a deal of another
    month, and for a write to one of this month they are moved by the rows that deal is filed
    under (a handful), not summed again from every row of the period."""
    this_month = factories.deal(db, user, agreed_fee="100", delivered_on="2026-11-03")
    last_year = factories.deal(db, user, agreed_fee="100", delivered_on="2025-03-03")
    for n in range(6):  # more rows in the month than one deal is filed under
        other = factories.deal(db, user, agreed_fee="50", delivered_on=f"2026-11-1{n}")
        factories.part(db, other, "deliverables", kind=["live", "roundup", "image_note"][n % 3])
    made: list[int] = []
    real = economics.summary_of
    monkeypatch.setattr(economics, "summary_of", lambda *a, **k: made.append(1) or real(*a, **k))
    start, end = date(2026, 11, 1), date(2026, 11, 30)

    def view() -> economics.PeriodSums:
        kept = economics.cached_summary(
            db, user_id=user.id, start=start, end=end, today=TODAY, target_hourly=None
        )
        fresh = economics.summarize_fast(
            db, user_id=user.id, start=start, end=end, today=TODAY, target_hourly=None
        )
        assert summary_json(kept) == summary_json(fresh)
        return economics.period_sums(db, user.id, start, end)

    first = view()
    assert len(made) == 1
    factories.work(db, last_year, minutes=30)
    assert view() is first  # nothing of the period written: the same sums, the same Summary
    assert len(made) == 1
    factories.work(db, this_month, minutes=30)
    moved = view()
    assert len(made) == 2
    assert moved.stamp > first.stamp
    changed = [k for k, v in moved.rows.items() if first.rows.get(k) != v]
    # "all", the brand, the agency ("" = direct) and the source: the written deal's rows only.
    assert 1 <= len(changed) <= 4 < len(moved.rows), (changed, len(moved.rows))


def test_only_the_rows_stamped_after_the_kept_sums_are_read(
    db: Session, user: Any, monkeypatch: Any
) -> None:
    """After a write in the period, the one statement that moves the kept sums brings back the
    written deal's rows (each moves its breakdown's sums and, for "all", its month's), whatever
    the number of rows in the period."""
    from sqlalchemy import event

    deals = [
        factories.deal(db, user, agreed_fee="100", delivered_on=f"2026-11-{d:02d}")
        for d in range(1, 21)
    ]
    for n, deal in enumerate(deals):
        factories.part(db, deal, "deliverables", kind=["live", "roundup", "image_note"][n % 3])
    start, end = date(2026, 11, 1), date(2026, 11, 30)
    economics.period_sums(db, user.id, start, end)
    factories.work(db, deals[3], minutes=45)
    seen: list[str] = []
    moves: list[int] = []
    real = economics._plus
    monkeypatch.setattr(economics, "_plus", lambda *a: moves.append(1) or real(*a))

    def count(_conn: Any, _cursor: Any, statement: str, *_a: Any) -> None:
        seen.append(statement)

    engine = db.get_bind()
    event.listen(engine, "after_cursor_execute", count)
    try:
        sums = economics.period_sums(db, user.id, start, end)
    finally:
        event.remove(engine, "after_cursor_execute", count)
    assert len([s for s in seen if "figures_rollup" in s]) == 1
    written = db.execute(
        select(FiguresRollup).where(
            col(FiguresRollup.user_id) == user.id, col(FiguresRollup.stamp) == sums.stamp
        )
    ).all()
    assert 1 <= len(written) <= 5 < len(sums.rows)
    # Two moves per row read (the row against its kept value, then its breakdown's sums), one
    # more for the "all" row (its month's): only the written deal's rows were read.
    assert len(moves) == 2 * len(written) + 1, (len(moves), len(written))
