"""The tax page lists a bounded number of payments; its sums still cover the whole year."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import extract, func, select
from sqlmodel import Session, col

from app import clock
from app.accounts import service as accounts
from app.demo import DEMO_PASSWORD, fill_demo
from app.economics import tax_service
from app.economics.pages import TAX_ROWS
from app.ledger import service as ledger
from app.ledger.models import Payment
from tests.conftest import sign_in


def test_tax_page_lists_the_latest_payments_and_sums_them_all(
    client: TestClient, db: Session
) -> None:
    fill_demo(db, username="mei", deals=400, seed=9, now=clock.utcnow())
    user = accounts.find_user(db, username="mei")
    assert user.id is not None
    year_of = extract("year", col(Payment.received_on))
    years = db.execute(
        select(year_of, func.count()).group_by(year_of).order_by(func.count().desc())
    ).all()
    year, count = int(years[0][0]), int(years[0][1])
    assert count > TAX_ROWS
    profile = ledger.get_profile(db, user_id=user.id)
    full = tax_service.estimate(db, user_id=user.id, year=year, profile=profile)
    shown = tax_service.estimate(db, user_id=user.id, year=year, profile=profile, limit=TAX_ROWS)
    assert len(full.payments) == full.payment_count == shown.payment_count
    assert len(shown.payments) == TAX_ROWS
    assert shown.payments == full.payments[-TAX_ROWS:]  # the newest, oldest first
    assert full.set_aside == shown.set_aside == sum(p.set_aside for p in full.payments)
    assert shown.labor_gross == sum(p.gross for p in full.payments)
    assert shown.reconciliation == full.reconciliation

    sign_in(client, "mei", DEMO_PASSWORD)
    page = client.get(f"/tax?year={year}").text
    assert page.count('<tr><th scope="row">') == TAX_ROWS
    assert f"今年 {count} 笔收款中最近的 {TAX_ROWS} 笔" in page
    assert f"/export/payments.csv?from={year}-01-01&amp;to={year}-12-31" in page


def test_tax_sums_follow_a_new_payment(db: Session) -> None:
    """The year's sums are cached per ledger version: a payment written moves them at once."""
    from datetime import date

    from app.ledger.models import Deal
    from app.ledger.schemas import PaymentCreate

    fill_demo(db, username="mei", deals=30, seed=9, now=clock.utcnow())
    user = accounts.find_user(db, username="mei")
    assert user.id is not None
    profile = ledger.get_profile(db, user_id=user.id)
    year = clock.utcnow().year
    before = tax_service.estimate(db, user_id=user.id, year=year, profile=profile, limit=5)
    deal = db.execute(
        select(Deal).where(col(Deal.user_id) == user.id, col(Deal.currency) == "CNY").limit(1)
    ).scalar_one()
    ledger.create_part(
        db,
        ledger.PARTS["payments"],
        deal=deal,
        data=PaymentCreate.model_validate(
            {"gross": "3000", "received_on": date(year, 1, 2).isoformat()}
        ),
    )
    after = tax_service.estimate(db, user_id=user.id, year=year, profile=profile, limit=5)
    assert after.payment_count == before.payment_count + 1
    assert after.labor_gross == before.labor_gross + 3000_00
    assert after.set_aside == before.set_aside + 440_00
