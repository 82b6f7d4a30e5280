"""The tax estimate of a year: per-payment base and expected withholding by each deal's method,
the annual reconciliation, filing, and the refund-aware rate. The rules are in app.economics.tax.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from app.db import table_of
from app.economics import tax, tax_rollup
from app.economics.models import DealFiguresRow, TaxYear
from app.economics.models import TaxPayment as StoredPayment
from app.economics.tax import Context, Filing, Reconciliation, TaxPayment
from app.ledger.models import Brand, Deal, Payment, Profile


@dataclass(frozen=True, slots=True)  # thousands per year: no per-object dict
class PaymentEstimate:
    payment_id: int
    deal_id: int
    deal_title: str
    brand: str
    received_on: date
    gross: int
    tax_withheld: int
    base: int
    withholding: str  # the deal's method
    expected_withholding: int
    set_aside: int  # what the payer should have withheld and did not

    @property
    def estimated_withholding(self) -> int:  # the older name
        return self.expected_withholding

    @property
    def underwithheld(self) -> bool:
        return self.tax_withheld < self.expected_withholding


@dataclass(frozen=True, slots=True)  # thousands per year: no per-object dict
class ForeignPayment:
    payment_id: int
    deal_id: int
    deal_title: str
    brand: str
    received_on: date
    currency: str
    base: int  # in the deal's currency
    base_cny: int | None  # entered, or converted at the creator's rate; None: neither
    source: str  # "entered", "rate" or "missing"


@dataclass(frozen=True)
class TaxEstimate:
    year: int
    payments: list[PaymentEstimate]
    foreign: list[ForeignPayment]
    labor_gross: int  # Σ base in CNY, foreign income at its CNY value
    labor_tax_withheld: int
    reconciliation: Reconciliation
    filing: Filing
    vat: int = 0  # VAT on invoiced deals this year (代开发票), CNY
    deal_shares: list[tax.DealShare] = field(default_factory=list)

    @property
    def set_aside(self) -> int:
        if "set_aside" not in self._memo:
            self._memo["set_aside"] = sum(p.set_aside for p in self.payments)
        found: int = self._memo["set_aside"]
        return found

    @property
    def unconverted(self) -> list[ForeignPayment]:
        return [p for p in self.foreign if p.base_cny is None]

    # Figures over every payment or deal of the year, worked out once per estimate (a cached
    # estimate is read by every view of the tax page until the next write).
    _memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def reconciled(self) -> tuple[int, Decimal | None]:
        """Net income of the year's deals and their effective hourly after the refund/top-up."""
        if "reconciled" not in self._memo:
            self._memo["reconciled"] = tax.reconciled_hourly(
                self.deal_shares, self.reconciliation.refund
            )
        found: tuple[int, Decimal | None] = self._memo["reconciled"]
        return found

    def cash_hourly(self) -> Decimal | None:
        if "cash" not in self._memo:
            timed = [d for d in self.deal_shares if d.minutes > 0]
            minutes = sum(d.minutes for d in timed)
            net = sum(d.net_income for d in timed)
            self._memo["cash"] = (
                (Decimal(net) * 60 / minutes / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
                if minutes
                else None
            )
        found: Decimal | None = self._memo["cash"]
        return found


def _of_year(user_id: int, year: int) -> tuple[Any, ...]:
    """The account's payments received in the year (the conditions every year query starts with)."""
    return (
        col(Payment.user_id) == user_id,
        col(Payment.received_on) >= date(year, 1, 1),
        col(Payment.received_on) <= date(year, 12, 31),
    )


def _convert(amount: int, rate: Decimal) -> int:
    return int((Decimal(amount) * rate).quantize(Decimal(1), ROUND_HALF_UP))


def estimate(
    session: Session,
    *,
    user_id: int,
    year: int,
    profile: Profile,
    fx: Mapping[str, Decimal] | None = None,
) -> TaxEstimate:
    """`fx`: CNY per unit of a foreign currency, given by the creator, for foreign payments
    without an entered CNY amount."""
    fx = {k.upper(): v for k, v in (fx or {}).items()}
    # Plain columns, not ORM objects: a year can hold thousands of payments.
    rows = session.execute(
        select(
            col(Payment.id),
            col(Payment.deal_id),
            col(Payment.gross),
            col(Payment.platform_fee),
            col(Payment.agency_fee),
            col(Payment.tax_withheld),
            col(Payment.amount_cny),
            col(Payment.received_on),
            col(Deal.title),
            col(Brand.name),
            col(Deal.currency),
            col(Deal.withholding),
            col(Deal.platform),
            col(Deal.vat_invoiced),
            col(DealFiguresRow.net_income),
            col(DealFiguresRow.minutes_total),
        )
        .join(Deal, col(Deal.id) == col(Payment.deal_id))
        .join(Brand, col(Brand.id) == col(Deal.brand_id))
        # The deal's stored figures ride along (for sharing the refund), no second query.
        .outerjoin(DealFiguresRow, col(DealFiguresRow.deal_id) == col(Deal.id))
        .where(
            *_of_year(user_id, year),
        )
        .order_by(col(Payment.received_on), col(Payment.id))
    ).all()
    cny = []
    foreign = []
    for r in rows:
        base = tax.base_of(r[2], r[3], r[4])
        if r[10] == "CNY":
            cny.append((r, base))
            continue
        currency = r[10]
        if r[6] is not None:
            value: int | None = r[6]
            how = "entered"
        elif currency.upper() in fx:
            value, how = _convert(base, fx[currency.upper()]), "rate"
        else:
            value, how = None, "missing"
        foreign.append(
            ForeignPayment(r[0] or 0, r[1], r[8], r[9], r[7], currency, base, value, how)
        )
    expected = tax.expected_withholdings(
        [TaxPayment(r[0] or 0, r[1], r[11], r[12], r[7], base) for r, base in cny]
    )
    payments = []
    base_by_deal: dict[int, int] = {}
    vat = 0
    for r, base in cny:
        want = expected[r[0] or 0]
        base_by_deal[r[1]] = base_by_deal.get(r[1], 0) + base
        if r[13]:
            vat += tax.vat_on(base, profile.invoice_vat_bp)
        payments.append(
            PaymentEstimate(
                payment_id=r[0] or 0,
                deal_id=r[1],
                deal_title=r[8],
                brand=r[9],
                received_on=r[7],
                gross=r[2],
                tax_withheld=r[5],
                base=base,
                withholding=r[11],
                expected_withholding=want,
                set_aside=max(0, want - r[5]),
            )
        )
    foreign_cny = sum(f.base_cny or 0 for f in foreign)
    labor_base = sum(p.base for p in payments) + foreign_cny
    # Tax withheld abroad is not PRC withholding: only CNY payments' withholding is prepaid.
    labor_withheld = sum(p.tax_withheld for p in payments)
    result = tax.reconcile(
        salary=profile.annual_salary,
        labor_gross=labor_base,
        deductions=profile.annual_deductions,
        salary_tax_prepaid=profile.salary_tax_prepaid,
        labor_tax_withheld=labor_withheld,
    )
    filing = tax.filing(
        result,
        underwithheld=any(p.underwithheld for p in payments),
        foreign_income=bool(foreign) or any(p.withholding == tax.FOREIGN for p in payments),
    )
    figures = {r[1]: (int(r[14] or 0), int(r[15] or 0)) for r, _base in cny if r[14] is not None}
    shares = [
        tax.DealShare(deal_id, base, *figures.get(deal_id, (0, 0)))
        for deal_id, base in sorted(base_by_deal.items())
    ]
    return TaxEstimate(
        year, payments, foreign, labor_base, labor_withheld, result, filing, vat, shares
    )


def offer_context(
    session: Session, *, user_id: int, method: str, platform: str, today: date, profile: Profile
) -> Context:
    """How a new deal's payer withholds, with what the platform paid and withheld this year."""
    if method != tax.PLATFORM_CUMULATIVE:
        return Context(method)
    if today < tax.PLATFORM_CUMULATIVE_FROM:
        return Context(tax.PER_PAYMENT)  # before 公告2025年第16号 platforms withheld per 次
    year = estimate(session, user_id=user_id, year=today.year, profile=profile)
    ids = {
        deal_id
        for (deal_id,) in session.execute(
            select(col(Deal.id)).where(
                col(Deal.user_id) == user_id,
                col(Deal.withholding) == tax.PLATFORM_CUMULATIVE,
                col(Deal.platform) == platform,
            )
        ).all()
    }
    mine = [
        p
        for p in year.payments
        if p.deal_id in ids and tax.PLATFORM_CUMULATIVE_FROM <= p.received_on <= today
    ]
    return Context(
        tax.PLATFORM_CUMULATIVE,
        ytd_base=sum(p.base for p in mine),
        months=tax.counted_months({p.received_on.month for p in mine}, today.month),
        withheld_before=sum(p.expected_withholding for p in mine),
    )


@dataclass(frozen=True)
class TaxPage:
    """What the tax page shows of a year: the same figures as estimate(), from the year's
    stored sums (tax_year) and its newest payments, whatever the size of the ledger."""

    year: int
    payments: list[PaymentEstimate]  # the newest `rows`, in date order
    payment_count: int  # CNY payments this year
    foreign: list[ForeignPayment]
    labor_gross: int
    labor_tax_withheld: int
    reconciliation: Reconciliation
    filing: Filing
    vat: int
    set_aside: int
    reconciled: tuple[int, Decimal | None]
    cash_hourly: Decimal | None


def _foreign_payments(
    session: Session, *, user_id: int, year: int, fx: Mapping[str, Decimal]
) -> list[ForeignPayment]:
    rows = session.execute(
        select(
            col(Payment.id),
            col(Payment.deal_id),
            col(Payment.gross),
            col(Payment.platform_fee),
            col(Payment.agency_fee),
            col(Payment.amount_cny),
            col(Payment.received_on),
            col(Deal.title),
            col(Brand.name),
            col(Deal.currency),
        )
        .join(Deal, col(Deal.id) == col(Payment.deal_id))
        .join(Brand, col(Brand.id) == col(Deal.brand_id))
        .where(
            *_of_year(user_id, year),
            col(Deal.currency) != "CNY",
        )
        .order_by(col(Payment.received_on), col(Payment.id))
    ).all()
    out = []
    for r in rows:
        base = tax.base_of(r[2], r[3], r[4])
        currency = r[9]
        if r[5] is not None:
            value: int | None = r[5]
            how = "entered"
        elif currency.upper() in fx:
            value, how = _convert(base, fx[currency.upper()]), "rate"
        else:
            value, how = None, "missing"
        out.append(ForeignPayment(r[0] or 0, r[1], r[7], r[8], r[6], currency, base, value, how))
    return out


def _newest_payments(
    session: Session, *, user_id: int, year: int, rows: int
) -> list[PaymentEstimate]:
    """The year's newest CNY payments with their stored expected withholding, by the
    (user_id, received_on) index."""
    found = session.execute(
        select(
            col(Payment.id),
            col(Payment.deal_id),
            col(Payment.gross),
            col(Payment.platform_fee),
            col(Payment.agency_fee),
            col(Payment.tax_withheld),
            col(Payment.received_on),
            col(Deal.title),
            col(Brand.name),
            col(Deal.withholding),
            col(StoredPayment.expected),
        )
        .join(Deal, col(Deal.id) == col(Payment.deal_id))
        .join(Brand, col(Brand.id) == col(Deal.brand_id))
        .outerjoin(StoredPayment, col(StoredPayment.payment_id) == col(Payment.id))
        .where(
            *_of_year(user_id, year),
            col(Deal.currency) == "CNY",
        )
        .order_by(col(Payment.received_on).desc(), col(Payment.id).desc())
        .limit(rows)
    ).all()
    out = []
    for r in reversed(found):
        want = int(r[10] or 0)
        out.append(
            PaymentEstimate(
                payment_id=r[0] or 0,
                deal_id=r[1],
                deal_title=r[7],
                brand=r[8],
                received_on=r[6],
                gross=r[2],
                tax_withheld=r[5],
                base=tax.base_of(r[2], r[3], r[4]),
                withholding=r[9],
                expected_withholding=want,
                set_aside=max(0, want - r[5]),
            )
        )
    return out


def page_estimate(
    session: Session,
    *,
    user_id: int,
    year: int,
    profile: Profile,
    fx: Mapping[str, Decimal] | None = None,
    rows: int = 50,
) -> TaxPage:
    """estimate()'s figures and its newest `rows` payments, read from what every write keeps
    (app.economics.tax_rollup): the year's sums, its foreign payments, the newest payments."""
    fx = {k.upper(): v for k, v in (fx or {}).items()}
    table = table_of(TaxYear)
    row = session.execute(
        select(table).where(table.c.user_id == user_id, table.c.year == year)
    ).one_or_none()
    stored = dict.fromkeys(tax_rollup.YEAR_SUMS, 0)
    if row is not None:
        stored.update({name: int(row._mapping[name]) for name in tax_rollup.YEAR_SUMS})
    sums = tax_rollup.sums_of(stored)
    foreign = (
        _foreign_payments(session, user_id=user_id, year=year, fx=fx)
        if stored["foreign_payments"]
        else []
    )
    labor_base = stored["base"] + sum(f.base_cny or 0 for f in foreign)
    result = tax.reconcile(
        salary=profile.annual_salary,
        labor_gross=labor_base,
        deductions=profile.annual_deductions,
        salary_tax_prepaid=profile.salary_tax_prepaid,
        labor_tax_withheld=stored["tax_withheld"],
    )
    filing = tax.filing(
        result,
        underwithheld=stored["underwithheld"] > 0,
        foreign_income=bool(foreign) or stored["foreign_method"] > 0,
    )
    decided = sums.reconciled(result.refund)
    if decided is None:  # the largest remainders decide the last cent: deal by deal
        shares = tax_rollup.deal_shares(session, user_id=user_id, year=year)
        decided = tax.reconciled_hourly(shares, result.refund)
    return TaxPage(
        year=year,
        payments=_newest_payments(session, user_id=user_id, year=year, rows=rows)
        if stored["payments"]
        else [],
        payment_count=stored["payments"],
        foreign=foreign,
        labor_gross=labor_base,
        labor_tax_withheld=stored["tax_withheld"],
        reconciliation=result,
        filing=filing,
        vat=stored["vat"],
        set_aside=stored["set_aside"],
        reconciled=decided,
        cash_hourly=sums.cash_hourly(),
    )
