"""The tax estimate of a year: per-payment withholding and the annual reconciliation (CNY)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from app.economics.tax import Reconciliation, reconcile, withholding
from app.ledger.models import Brand, Deal, Payment, Profile


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
    payments: list[PaymentEstimate]
    labor_gross: int
    labor_tax_withheld: int
    reconciliation: Reconciliation

    @property
    def set_aside(self) -> int:
        return sum(p.set_aside for p in self.payments)


def estimate(session: Session, *, user_id: int, year: int, profile: Profile) -> TaxEstimate:
    rows = session.execute(
        select(Payment, col(Deal.title), col(Brand.name))
        .join(Deal, col(Deal.id) == col(Payment.deal_id))
        .join(Brand, col(Brand.id) == col(Deal.brand_id))
        .where(
            col(Payment.user_id) == user_id,
            col(Deal.currency) == "CNY",
            col(Payment.received_on) >= date(year, 1, 1),
            col(Payment.received_on) <= date(year, 12, 31),
        )
        .order_by(col(Payment.received_on), col(Payment.id))
    ).all()
    payments = []
    for payment, title, brand in rows:
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
    labor_gross = sum(p.gross for p in payments)
    labor_withheld = sum(p.tax_withheld for p in payments)
    result = reconcile(
        salary=profile.annual_salary,
        labor_gross=labor_gross,
        deductions=profile.annual_deductions,
        salary_tax_prepaid=profile.salary_tax_prepaid,
        labor_tax_withheld=labor_withheld,
    )
    return TaxEstimate(year, payments, labor_gross, labor_withheld, result)
