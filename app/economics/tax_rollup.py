"""The year's tax sums, kept by deltas: the dashboard's tax figures read one row.

Every deal with payments in a calendar year has a tax_deal_year row (what it was paid that
year, its net income and minutes); tax_year holds their sums per account and year. When a deal
or anything on it changes, refresh_figures calls `move` in the same transaction: the deal's
old rows are taken out of the sums and its new ones put in (writers of one account take turns
on the profile row first, see economics.service.refresh_figures). `rebuild` recounts an
account from its payments in SQL (bulk loads, imports, the migration's backfill does the same).

`YearFigures` is what the dashboard reads: one row, and the year's deals only when the sums
cannot decide the last cent of the rate after the reconciliation.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Integer, and_, case, cast, delete, extract, func, insert, literal, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col

from app.db import table_of
from app.economics import tax
from app.economics.models import DealFiguresRow, TaxDealYear, TaxYear
from app.ledger.models import Deal, Payment, Profile

ROW_SUMS = (
    "payments",
    "base",
    "tax_withheld",
    "amount_cny",
    "unconverted",
    "net_income",
    "minutes_total",
)
YEAR_SUMS = (
    "deals",
    "payments",
    "base",
    "tax_withheld",
    "net_income",
    "timed_deals",
    "timed_base",
    "timed_net_income",
    "timed_minutes",
    "foreign_payments",
    "foreign_cny",
    "foreign_unconverted",
)
CNY = "CNY"


def contribution(row: dict[str, Any]) -> dict[str, int]:
    """What one deal-year row adds to its year's sums (the rules of tax_service.estimate:
    payments of a deal in CNY are PRC income; any other currency is foreign)."""
    out = dict.fromkeys(YEAR_SUMS, 0)
    if row["currency"] == CNY:
        timed = row["minutes_total"] > 0
        out.update(
            deals=1,
            payments=row["payments"],
            base=row["base"],
            tax_withheld=row["tax_withheld"],
            net_income=row["net_income"],
            timed_deals=int(timed),
            timed_base=row["base"] if timed else 0,
            timed_net_income=row["net_income"] if timed else 0,
            timed_minutes=row["minutes_total"] if timed else 0,
        )
    else:
        out.update(
            foreign_payments=row["payments"],
            foreign_cny=row["amount_cny"],
            foreign_unconverted=row["unconverted"],
        )
    return out


def deal_rows(
    deal: Deal, payments: list[tuple[date, int, int, int, int, int | None]], figures: Any
) -> dict[int, dict[str, Any]]:
    """A deal's rows by year from its payments (received_on, gross, platform fee, agency
    fee, tax withheld, amount_cny) and its stored figures (net income, minutes)."""
    rows: dict[int, dict[str, Any]] = {}
    for received_on, gross, platform_fee, agency_fee, withheld, amount_cny in payments:
        row = rows.setdefault(
            received_on.year,
            {
                "currency": deal.currency,
                **dict.fromkeys(ROW_SUMS, 0),
                "net_income": int(figures.net_income),
                "minutes_total": int(figures.minutes_total),
            },
        )
        row["payments"] += 1
        row["base"] += tax.base_of(gross, platform_fee, agency_fee)
        row["tax_withheld"] += withheld
        row["amount_cny"] += amount_cny or 0
        row["unconverted"] += int(amount_cny is None)
    return rows


def _add(session: Session, user_id: int, deltas: dict[int, dict[str, int]]) -> None:
    rows = [
        {"user_id": user_id, "year": year, **amounts}
        for year, amounts in sorted(deltas.items())
        if any(amounts.values())
    ]
    if not rows:
        return
    table = table_of(TaxYear)
    maker = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = maker(table).values(rows)
    stmt = stmt.on_conflict_do_update(
        index_elements=["user_id", "year"],
        set_={name: table.c[name] + stmt.excluded[name] for name in YEAR_SUMS},
    )
    session.execute(stmt)


def _stored(session: Session, deal_id: int) -> dict[int, dict[str, Any]]:
    table = table_of(TaxDealYear)
    return {
        int(r.year): {"currency": r.currency, **{name: int(getattr(r, name)) for name in ROW_SUMS}}
        for r in session.execute(
            select(table.c.year, table.c.currency, *[table.c[n] for n in ROW_SUMS]).where(
                table.c.deal_id == deal_id
            )
        ).all()
    }


def move(session: Session, deal: Deal, figures: Any) -> None:
    """File the deal's payments again under the years they fall in; call inside the
    transaction that changed the deal, holding the account's lock (after rollup.bump)."""
    deal_id = deal.id or 0
    payments = [
        (r[0], int(r[1]), int(r[2]), int(r[3]), int(r[4]), None if r[5] is None else int(r[5]))
        for r in session.execute(
            select(
                col(Payment.received_on),
                col(Payment.gross),
                col(Payment.platform_fee),
                col(Payment.agency_fee),
                col(Payment.tax_withheld),
                col(Payment.amount_cny),
            ).where(col(Payment.deal_id) == deal_id)
        ).all()
    ]
    new = deal_rows(deal, payments, figures)
    old = _stored(session, deal_id)
    if new == old:
        return
    _replace(session, deal, old, new)


def forget(session: Session, deal: Deal) -> None:
    """Take a deal about to be deleted out of the year sums (the caller holds the lock)."""
    old = _stored(session, deal.id or 0)
    if old:
        _replace(session, deal, old, {})


def _replace(
    session: Session, deal: Deal, old: dict[int, dict[str, Any]], new: dict[int, dict[str, Any]]
) -> None:
    deltas: dict[int, dict[str, int]] = {}
    for sign, rows in ((-1, old), (1, new)):
        for year, row in rows.items():
            bucket = deltas.setdefault(year, dict.fromkeys(YEAR_SUMS, 0))
            for name, value in contribution(row).items():
                bucket[name] += sign * value
    _add(session, deal.user_id, deltas)
    table = table_of(TaxDealYear)
    if old:
        session.execute(delete(table).where(table.c.deal_id == deal.id))
    if new:
        session.execute(
            insert(table),
            [
                {"deal_id": deal.id, "year": year, "user_id": deal.user_id, **row}
                for year, row in sorted(new.items())
            ],
        )


def _year_column() -> Any:
    return cast(extract("year", col(Payment.received_on)), Integer)


def _base_column() -> Any:
    base = col(Payment.gross) - col(Payment.platform_fee) - col(Payment.agency_fee)
    return case((base > 0, base), else_=0)


def rebuild(session: Session, *, user_id: int) -> None:
    """An account's deal-year rows and year sums recounted from its payments, in SQL."""
    deal_years = table_of(TaxDealYear)
    years = table_of(TaxYear)
    session.execute(delete(years).where(years.c.user_id == user_id))
    session.execute(delete(deal_years).where(deal_years.c.user_id == user_id))
    year = _year_column()
    recount = (
        select(
            col(Payment.deal_id),
            year.label("year"),
            col(Deal.user_id),
            col(Deal.currency),
            func.count().label("payments"),
            func.sum(_base_column()).label("base"),
            func.sum(col(Payment.tax_withheld)).label("tax_withheld"),
            func.coalesce(func.sum(col(Payment.amount_cny)), 0).label("amount_cny"),
            func.sum(case((col(Payment.amount_cny).is_(None), 1), else_=0)).label("unconverted"),
            func.coalesce(func.max(col(DealFiguresRow.net_income)), 0).label("net_income"),
            func.coalesce(func.max(col(DealFiguresRow.minutes_total)), 0).label("minutes_total"),
        )
        .join(Deal, col(Deal.id) == col(Payment.deal_id))
        .outerjoin(DealFiguresRow, col(DealFiguresRow.deal_id) == col(Deal.id))
        .where(col(Deal.user_id) == user_id)
        .group_by(col(Payment.deal_id), year, col(Deal.user_id), col(Deal.currency))
    )
    session.execute(
        insert(deal_years).from_select(
            ["deal_id", "year", "user_id", "currency", *ROW_SUMS], recount
        )
    )
    cny = deal_years.c.currency == CNY
    timed = and_(cny, deal_years.c.minutes_total > 0)

    def total(expr: Any, when: Any) -> Any:
        return func.coalesce(func.sum(case((when, expr), else_=0)), 0)

    sums = (
        select(
            deal_years.c.user_id,
            deal_years.c.year,
            total(literal(1), cny),
            total(deal_years.c.payments, cny),
            total(deal_years.c.base, cny),
            total(deal_years.c.tax_withheld, cny),
            total(deal_years.c.net_income, cny),
            total(literal(1), timed),
            total(deal_years.c.base, timed),
            total(deal_years.c.net_income, timed),
            total(deal_years.c.minutes_total, timed),
            total(deal_years.c.payments, ~cny),
            total(deal_years.c.amount_cny, ~cny),
            total(deal_years.c.unconverted, ~cny),
        )
        .where(deal_years.c.user_id == user_id)
        .group_by(deal_years.c.user_id, deal_years.c.year)
    )
    session.execute(insert(years).from_select(["user_id", "year", *YEAR_SUMS], sums))


def year_sums(session: Session, *, user_id: int, year: int) -> tax.YearSums:
    """The year's sums, one row read by its key."""
    table = table_of(TaxYear)
    row = session.execute(
        select(table).where(table.c.user_id == user_id, table.c.year == year)
    ).one_or_none()
    if row is None:
        return tax.YearSums()
    return _sums_of(row)


def _sums_of(row: Any) -> tax.YearSums:
    return tax.YearSums(
        deals=int(row.deals),
        base=int(row.base),
        tax_withheld=int(row.tax_withheld),
        net_income=int(row.net_income),
        timed_deals=int(row.timed_deals),
        timed_base=int(row.timed_base),
        timed_net_income=int(row.timed_net_income),
        timed_minutes=int(row.timed_minutes),
        foreign_cny=int(row.foreign_cny),
    )


def deal_shares(session: Session, *, user_id: int, year: int) -> list[tax.DealShare]:
    """The year's CNY deals as tax.DealShare (for sharing the refund deal by deal), read by
    the (user_id, year) index: needed only when the sums cannot decide the rate."""
    table = table_of(TaxDealYear)
    rows = session.execute(
        select(table.c.deal_id, table.c.base, table.c.net_income, table.c.minutes_total)
        .where(table.c.user_id == user_id, table.c.year == year, table.c.currency == CNY)
        .order_by(table.c.deal_id)
    ).all()
    return [tax.DealShare(int(d), int(b), int(n), int(m)) for d, b, n, m in rows]


class YearFigures:
    """The dashboard's tax figures of a year: the refund (or top-up), the cash rate and the
    rate and net income after the reconciliation (docs/TAX.md A1, R1), from the year's sums."""

    def __init__(self, session: Session, *, user_id: int, year: int, profile: Profile) -> None:
        sums = year_sums(session, user_id=user_id, year=year)
        self.sums = sums
        self.reconciliation = sums.reconcile(
            salary=profile.annual_salary,
            deductions=profile.annual_deductions,
            salary_tax_prepaid=profile.salary_tax_prepaid,
        )
        self.refund = self.reconciliation.refund
        self.cash_hourly: Decimal | None = sums.cash_hourly()
        decided = sums.reconciled(self.refund)
        if decided is None:  # the largest remainders decide the last cent: deal by deal
            shares = deal_shares(session, user_id=user_id, year=year)
            decided = tax.reconciled_hourly(shares, self.refund)
        self.reconciled: tuple[int, Decimal | None] = decided
