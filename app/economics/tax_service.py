"""The tax estimate of a year: per-payment withholding and the annual reconciliation (CNY)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import BigInteger, case, cast, func, literal, select
from sqlmodel import Session, col

from app.economics import rollup
from app.economics.tax import Reconciliation, reconcile, withholding
from app.ledger.models import Brand, Deal, Payment, Profile
from app.lru import Lru


@dataclass(frozen=True)
class PaymentEstimate:
    payment_id: int
    deal_id: int
    deal_title: str
    brand: str
    received_on: date
    gross: int
    tax_withheld: int
    estimated_withholding: int
    set_aside: int  # nothing was withheld: what the payer would have withheld


@dataclass(frozen=True)
class TaxEstimate:
    year: int
    payments: list[PaymentEstimate]  # the newest `limit` payments of the year, oldest first
    labor_gross: int
    labor_tax_withheld: int
    reconciliation: Reconciliation
    payment_count: int = 0  # all payments of the year, shown or not
    set_aside: int = 0  # Σ what payers would have withheld where nothing was


def withholding_sql(amount: Any) -> Any:
    """tax.withholding(gross) as an SQL expression over integer fen (tests/economics/test_tax.py
    checks it equals the pure function), so a year's set-aside is summed by the database.

    Every branch is a non-negative integer division, where truncation is ROUND_HALF_UP's floor;
    products are 64-bit (a gross of a few hundred thousand yuan × 64 overflows 32 bits).
    """
    gross = cast(amount, BigInteger)
    return case(
        (gross <= 800_00, literal(0)),
        # (gross − 800) × 20 %
        (gross <= 4_000_00, (2 * (gross - 800_00) + 5) // 10),
        # taxable = 80 % of gross; × 20 % (taxable ≤ 20,000: gross ≤ 25,000)
        (gross <= 25_000_00, (32 * gross + 100) // 200),
        # × 30 % − 2,000 (taxable ≤ 50,000: gross ≤ 62,500)
        (gross <= 62_500_00, (48 * gross - 400_000_00 + 100) // 200),
        # × 40 % − 7,000
        else_=(64 * gross - 1_400_000_00 + 100) // 200,
    )


_YEAR_TOTALS: Lru[tuple[int, int, int, int]] = Lru(256)


def _year_totals(session: Session, in_year: Any, gross: Any) -> tuple[int, int, int, int]:
    """(payments, gross, withheld, set-aside) of a year, summed by the database."""
    row = session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(gross), 0),
            func.coalesce(func.sum(col(Payment.tax_withheld)), 0),
            func.coalesce(
                func.sum(case((col(Payment.tax_withheld) == 0, withholding_sql(gross)), else_=0)),
                0,
            ),
        )
        .select_from(Payment)
        .join(Deal, col(Deal.id) == col(Payment.deal_id))
        .where(*in_year)
    ).one()
    return int(row[0]), int(row[1]), int(row[2]), int(row[3])


def estimate(
    session: Session, *, user_id: int, year: int, profile: Profile, limit: int | None = None
) -> TaxEstimate:
    """The year's estimate: sums by the database (payments by account and date, by index) and
    the newest `limit` payments listed (all of them when None). The sums are kept per ledger
    version (every payment write bumps it), so only the first view after a write adds them."""
    in_year = (
        col(Payment.user_id) == user_id,
        col(Deal.currency) == "CNY",
        col(Payment.received_on) >= date(year, 1, 1),
        col(Payment.received_on) <= date(year, 12, 31),
    )
    gross = col(Payment.gross)
    key = (*rollup.cache_key(session, user_id), year)
    totals = _YEAR_TOTALS.get(key)
    if totals is None:
        totals = _year_totals(session, in_year, gross)
        _YEAR_TOTALS.put(key, totals)
    stmt = (
        select(Payment, col(Deal.title), col(Brand.name))
        .join(Deal, col(Deal.id) == col(Payment.deal_id))
        .join(Brand, col(Brand.id) == col(Deal.brand_id))
        .where(*in_year)
        .order_by(col(Payment.received_on).desc(), col(Payment.id).desc())
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    payments = []
    for payment, title, brand in reversed(session.execute(stmt).all()):
        expected = withholding(payment.gross)
        payments.append(
            PaymentEstimate(
                payment_id=payment.id or 0,
                deal_id=payment.deal_id,
                deal_title=title,
                brand=brand,
                received_on=payment.received_on,
                gross=payment.gross,
                tax_withheld=payment.tax_withheld,
                estimated_withholding=expected,
                set_aside=expected if payment.tax_withheld == 0 else 0,
            )
        )
    labor_gross, labor_withheld = int(totals[1]), int(totals[2])
    result = reconcile(
        salary=profile.annual_salary,
        labor_gross=labor_gross,
        deductions=profile.annual_deductions,
        salary_tax_prepaid=profile.salary_tax_prepaid,
        labor_tax_withheld=labor_withheld,
    )
    return TaxEstimate(
        year,
        payments,
        labor_gross,
        labor_withheld,
        result,
        payment_count=int(totals[0]),
        set_aside=int(totals[3]),
    )
