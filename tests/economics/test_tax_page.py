"""The tax page lists a bounded number of payments; its sums still cover the whole year; the
year's figures are read from what every write keeps, and follow every write."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import extract, func, select
from sqlmodel import Session, col

from app import clock
from app.accounts import service as accounts
from app.demo import DEMO_PASSWORD, fill_demo
from app.economics import tax_service
from app.economics.pages import TAX_ROWS
from app.ledger import service as ledger
from app.ledger.models import Deal, Payment
from app.ledger.schemas import PaymentCreate
from tests.conftest import sign_in
from tests.html import hrefs, parse, texts


def test_tax_page_lists_the_latest_payments_and_sums_them_all(
    client: TestClient, db: Session
) -> None:
    fill_demo(db, username="mei", deals=400, seed=9, now=clock.utcnow())
    user = accounts.find_user(db, username="mei")
    assert user.id is not None
    year_of = extract("year", col(Payment.received_on))
    years = db.execute(
        select(year_of, func.count())
        .join(Deal, col(Deal.id) == col(Payment.deal_id))
        .where(col(Deal.currency) == "CNY")
        .group_by(year_of)
        .order_by(func.count().desc())
    ).all()
    year, count = int(years[0][0]), int(years[0][1])
    assert count > TAX_ROWS
    profile = ledger.get_profile(db, user_id=user.id)
    full = tax_service.estimate(db, user_id=user.id, year=year, profile=profile)
    assert len(full.payments) == count

    sign_in(client, "mei", DEMO_PASSWORD)
    doc = parse(client.get(f"/tax?year={year}"))
    listed = [
        str(a.attributes["href"]) for a in doc.css("table tbody tr > th[scope=row] > a[href]")
    ]
    assert len(listed) == TAX_ROWS
    assert any(f"今年 {count} 笔收款中最近的 {TAX_ROWS} 笔" in p for p in texts(doc, "p"))
    assert f"/export/payments.csv?from={year}-01-01&to={year}-12-31" in hrefs(doc)
    # The newest payments are the ones listed, in date order; the sums are the whole year's.
    assert listed == [f"/deals/{p.deal_id}" for p in full.payments[-TAX_ROWS:]]


def test_the_tax_page_figures_follow_a_new_payment_and_the_profile(db: Session) -> None:
    fill_demo(db, username="mei", deals=30, seed=9, now=clock.utcnow())
    user = accounts.find_user(db, username="mei")
    assert user.id is not None
    profile = ledger.get_profile(db, user_id=user.id)
    year = clock.utcnow().year
    before = tax_service.page_estimate(db, user_id=user.id, year=year, profile=profile)
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
    after = tax_service.page_estimate(db, user_id=user.id, year=year, profile=profile)
    assert after.payment_count == before.payment_count + 1
    assert after.labor_gross == before.labor_gross + 3000_00
    profile = ledger.update_profile(db, user_id=user.id, changes={"annual_salary": 200_000_00})
    salaried = tax_service.page_estimate(db, user_id=user.id, year=year, profile=profile)
    assert salaried.reconciliation != after.reconciliation
