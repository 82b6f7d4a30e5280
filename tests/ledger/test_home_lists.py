"""Home's "waiting for payment" list, read by index from the stored figures, equals the list
summed from the payments themselves (what the page did before)."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlmodel import Session, col

from app import clock
from app.accounts import service as accounts
from app.demo import fill_demo
from app.economics import service as economics
from app.ledger.models import Brand, Deal, Payment


def test_awaiting_payment_matches_the_payments(db: Session) -> None:
    fill_demo(db, username="mei", deals=300, seed=11, now=clock.utcnow())
    uid = accounts.find_user(db, username="mei").id
    assert uid is not None
    # A few owed deals without a payment date: they come after the dated ones.
    owed_ids = [
        row.id for row, _b, _p in economics.awaiting_payment(db, user_id=uid, limit=1000)[-3:]
    ]
    db.execute(update(Deal).where(col(Deal.id).in_(owed_ids)).values(payment_due_on=None))
    paid = (
        select(col(Payment.deal_id), func.coalesce(func.sum(col(Payment.gross)), 0).label("paid"))
        .group_by(col(Payment.deal_id))
        .subquery()
    )
    expected = db.execute(
        select(col(Deal.id), func.coalesce(paid.c.paid, 0))
        .join(Brand, col(Brand.id) == col(Deal.brand_id))
        .outerjoin(paid, paid.c.deal_id == col(Deal.id))
        .where(
            col(Deal.user_id) == uid,
            col(Deal.agreed_fee).is_not(None),
            col(Deal.status).in_(["delivered", "disputed", "paid"]),
            func.coalesce(paid.c.paid, 0) < col(Deal.agreed_fee),
        )
        .order_by(col(Deal.payment_due_on).is_(None), col(Deal.payment_due_on), col(Deal.id))
    ).all()
    assert len(expected) > 15
    for limit in (10, len(expected) + 5):
        got = economics.awaiting_payment(db, user_id=uid, limit=limit)
        assert [(d.id, int(p)) for d, _brand, p in got] == [
            (i, int(p)) for i, p in expected[:limit]
        ]
