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
from functools import cache
from typing import Any

from sqlalchemy import (
    Integer,
    and_,
    bindparam,
    case,
    cast,
    delete,
    exists,
    extract,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlmodel import Session, col

from app.db import table_of, upsert_insert
from app.economics import tax
from app.economics.models import DealFiguresRow, TaxDealYear, TaxPayment, TaxYear
from app.ledger.models import Deal, Payment, Profile

ROW_SUMS = (
    "payments",
    "base",
    "tax_withheld",
    "amount_cny",
    "unconverted",
    "net_income",
    "minutes_total",
    "set_aside",
    "underwithheld",
    "vat",
    "foreign_method",
)
# From the payments' expected withholding (tax_payment) and the profile's VAT rate.
EXPECTED_SUMS = ("set_aside", "underwithheld", "vat", "foreign_method")
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
    *EXPECTED_SUMS,
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
            **{name: row[name] for name in EXPECTED_SUMS},
        )
    else:
        out.update(
            foreign_payments=row["payments"],
            foreign_cny=row["amount_cny"],
            foreign_unconverted=row["unconverted"],
        )
    return out


Paid = tuple[int, date, int, int, int, int, int | None]  # id, received_on, gross, fees, …


def deal_rows(
    deal: Deal,
    payments: list[Paid],
    figures: Any,
    expected: dict[int, int] | None = None,
    vat_bp: int = 0,
) -> dict[int, dict[str, Any]]:
    """A deal's rows by year from its payments (id, received_on, gross, platform fee, agency
    fee, tax withheld, amount_cny), their expected withholding, the profile's VAT rate and the
    deal's stored figures (net income, minutes)."""
    rows: dict[int, dict[str, Any]] = {}
    expected = expected or {}
    cny = deal.currency == CNY
    for payment_id, received_on, gross, platform_fee, agency_fee, withheld, amount_cny in payments:
        row = rows.setdefault(
            received_on.year,
            {
                "currency": deal.currency,
                **dict.fromkeys(ROW_SUMS, 0),
                "net_income": int(figures.net_income),
                "minutes_total": int(figures.minutes_total),
            },
        )
        base = tax.base_of(gross, platform_fee, agency_fee)
        row["payments"] += 1
        row["base"] += base
        row["tax_withheld"] += withheld
        row["amount_cny"] += amount_cny or 0
        row["unconverted"] += int(amount_cny is None)
        if cny:  # as tax_service.estimate: only CNY deals' payments have a PRC payer
            want = expected.get(payment_id, 0)
            row["set_aside"] += max(0, want - withheld)
            row["underwithheld"] += int(withheld < want)
            row["vat"] += tax.vat_on(base, vat_bp) if deal.vat_invoiced else 0
            row["foreign_method"] += int(deal.withholding == tax.FOREIGN)
    return rows


# --- each payment's expected withholding -------------------------------------------------------
Inputs = tuple[date, int, str, str]  # received_on, base, method, cumulative platform ("": none)


def _inputs(deal: Deal, payments: list[Paid]) -> dict[int, Inputs]:
    """What each payment's expected withholding is worked out from (CNY deals only)."""
    if deal.currency != CNY:
        return {}
    method = deal.withholding
    platform = deal.platform if method == tax.PLATFORM_CUMULATIVE else ""
    return {p[0]: (p[1], tax.base_of(p[2], p[3], p[4]), method, platform or "") for p in payments}


def _groups(inputs: dict[int, Inputs]) -> set[tuple[str, int]]:
    """The platform-years whose cumulative withholding these payments take part in."""
    return {
        (platform, received_on.year)
        for received_on, _base, method, platform in inputs.values()
        if method == tax.PLATFORM_CUMULATIVE and received_on >= tax.PLATFORM_CUMULATIVE_FROM
    }


def _stored_inputs(session: Session, deal_id: int) -> dict[int, tuple[Inputs, int]]:
    table = table_of(TaxPayment)
    return {
        int(r.payment_id): ((r.received_on, int(r.base), r.method, r.platform), int(r.expected))
        for r in session.execute(
            select(
                table.c.payment_id,
                table.c.received_on,
                table.c.base,
                table.c.method,
                table.c.platform,
                table.c.expected,
            ).where(table.c.deal_id == deal_id)
        ).all()
    }


def refile(session: Session, deal: Deal, payments: list[Paid]) -> dict[int, int]:
    """Each payment's expected withholding kept right after a write to `deal` (its payments
    now `payments`; none when it is being deleted): when anything it is worked out from
    changed (a payment's date or base, the deal's currency, method or platform), the deal's
    own payments are worked out again, and so is every platform-year its cumulative payments
    were or are in (whose later payments all move); the other deals' rows in them, and their
    deal-year and year sums, are moved by what changed. Call holding the account's lock
    (refresh_figures: after rollup.bump), so writers of one account take turns here.

    Returns the expected withholding of the deal's payments by id."""
    deal_id = deal.id or 0
    new = _inputs(deal, payments)
    stored = _stored_inputs(session, deal_id)
    if {k: v[0] for k, v in stored.items()} == new:
        return {k: v[1] for k, v in stored.items()}
    groups = _groups({k: v[0] for k, v in stored.items()}) | _groups(new)
    mine = [
        tax.TaxPayment(pid, deal_id, method, platform, received_on, base)
        for pid, (received_on, base, method, platform) in new.items()
    ]
    others: list[tuple[tax.TaxPayment, int]] = []  # with the tax withheld
    if groups:
        others = _group_payments(session, deal.user_id, deal_id, groups)
    expected = tax.expected_withholdings(mine + [p for p, _withheld in others])
    table = table_of(TaxPayment)
    if stored:
        session.execute(delete(table).where(table.c.deal_id == deal_id))
    if mine:
        session.execute(insert(table), _rows(deal.user_id, mine, expected))
    if others:
        _move_others(session, deal.user_id, others, expected)
    return {pid: expected[pid] for pid in new}


def _rows(
    user_id: int, payments: list[tax.TaxPayment], expected: dict[int, int]
) -> list[dict[str, Any]]:
    """tax_payment rows of these payments with their expected withholding, in id order."""
    return [
        {
            "payment_id": p.payment_id,
            "user_id": user_id,
            "deal_id": p.deal_id,
            "year": p.received_on.year,
            "received_on": p.received_on,
            "base": p.base,
            "method": p.method,
            "platform": p.platform or "",
            "expected": expected[p.payment_id],
        }
        for p in sorted(payments, key=lambda p: p.payment_id)
    ]


def _group_payments(
    session: Session, user_id: int, deal_id: int, groups: set[tuple[str, int]]
) -> list[tuple[tax.TaxPayment, int]]:
    """The other deals' payments in these platform-years (cumulative CNY deals)."""
    within = [
        and_(
            col(Deal.platform) == platform,
            col(Payment.received_on) >= max(date(year, 1, 1), tax.PLATFORM_CUMULATIVE_FROM),
            col(Payment.received_on) <= date(year, 12, 31),
        )
        for platform, year in sorted(groups)
    ]
    rows = session.execute(
        select(
            col(Payment.id),
            col(Payment.deal_id),
            col(Payment.received_on),
            col(Payment.gross),
            col(Payment.platform_fee),
            col(Payment.agency_fee),
            col(Payment.tax_withheld),
            col(Deal.platform),
        )
        .join(Deal, col(Deal.id) == col(Payment.deal_id))
        .where(
            col(Payment.user_id) == user_id,
            col(Deal.user_id) == user_id,
            col(Deal.id) != deal_id,
            col(Deal.currency) == CNY,
            col(Deal.withholding) == tax.PLATFORM_CUMULATIVE,
            or_(*within),
        )
    ).all()
    return [
        (
            tax.TaxPayment(
                int(r[0]),
                int(r[1]),
                tax.PLATFORM_CUMULATIVE,
                r[7],
                r[2],
                tax.base_of(int(r[3]), int(r[4]), int(r[5])),
            ),
            int(r[6]),
        )
        for r in rows
    ]


def _move_others(
    session: Session,
    user_id: int,
    others: list[tuple[tax.TaxPayment, int]],
    expected: dict[int, int],
) -> None:
    """The other deals' payments whose expected withholding moved: their rows, and their
    deal-year and year sums by the difference."""
    table = table_of(TaxPayment)
    ids = [p.payment_id for p, _withheld in others]
    before: dict[int, int] = {}
    for start in range(0, len(ids), 500):
        before.update(
            (int(pid), int(value))
            for pid, value in session.execute(
                select(table.c.payment_id, table.c.expected).where(
                    table.c.payment_id.in_(ids[start : start + 500])
                )
            ).all()
        )
    changed = []
    deal_deltas: dict[tuple[int, int], list[int]] = {}
    for p, withheld in others:
        old, now = before.get(p.payment_id), expected[p.payment_id]
        if old == now:
            continue
        changed.append({"pid": p.payment_id, "value": now})
        old = old or 0
        delta = deal_deltas.setdefault((p.deal_id, p.received_on.year), [0, 0])
        delta[0] += max(0, now - withheld) - max(0, old - withheld)
        delta[1] += int(withheld < now) - int(withheld < old)
    if not changed:
        return
    session.execute(
        update(table)
        .where(table.c.payment_id == bindparam("pid"))
        .values(expected=bindparam("value"))
        .execution_options(synchronize_session=False),
        changed,
    )
    deal_years = table_of(TaxDealYear)
    moved = [
        {"d": deal_id, "y": year, "s": d[0], "u": d[1]}
        for (deal_id, year), d in sorted(deal_deltas.items())
        if d[0] or d[1]
    ]
    if moved:
        session.execute(
            update(deal_years)
            .where(deal_years.c.deal_id == bindparam("d"), deal_years.c.year == bindparam("y"))
            .values(
                set_aside=deal_years.c.set_aside + bindparam("s"),
                underwithheld=deal_years.c.underwithheld + bindparam("u"),
            )
            .execution_options(synchronize_session=False),
            moved,
        )
    years: dict[int, dict[str, int]] = {}
    for (_deal_id, year), d in deal_deltas.items():
        bucket = years.setdefault(year, dict.fromkeys(YEAR_SUMS, 0))
        bucket["set_aside"] += d[0]
        bucket["underwithheld"] += d[1]
    _add(session, user_id, years)


def refile_all(session: Session, *, user_id: int) -> None:
    """Every payment's expected withholding of an account worked out again (bulk loads,
    imports, the consistency check's rebuild)."""
    table = table_of(TaxPayment)
    session.execute(delete(table).where(table.c.user_id == user_id))
    rows = session.execute(
        select(
            col(Payment.id),
            col(Payment.deal_id),
            col(Payment.received_on),
            col(Payment.gross),
            col(Payment.platform_fee),
            col(Payment.agency_fee),
            col(Deal.withholding),
            col(Deal.platform),
        )
        .join(Deal, col(Deal.id) == col(Payment.deal_id))
        .where(col(Deal.user_id) == user_id, col(Deal.currency) == CNY)
    ).all()
    payments = [
        tax.TaxPayment(
            int(r[0]),
            int(r[1]),
            r[6],
            r[7] if r[6] == tax.PLATFORM_CUMULATIVE else "",
            r[2],
            tax.base_of(int(r[3]), int(r[4]), int(r[5])),
        )
        for r in rows
    ]
    expected = tax.expected_withholdings(payments)
    values = _rows(user_id, payments, expected)
    for start in range(0, len(values), 1000):
        session.execute(insert(table), values[start : start + 1000])


def vat_bp_of(session: Session, user_id: int) -> int:
    found = session.execute(
        select(col(Profile.invoice_vat_bp)).where(col(Profile.user_id) == user_id)
    ).scalar_one_or_none()
    return 100 if found is None else int(found)


def _add(session: Session, user_id: int, deltas: dict[int, dict[str, int]]) -> None:
    rows = [
        {"user_id": user_id, "year": year, **amounts}
        for year, amounts in sorted(deltas.items())
        if any(amounts.values())
    ]
    if not rows:
        return
    table = table_of(TaxYear)
    maker = upsert_insert(session.get_bind().dialect.name)
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


def move(session: Session, deal: Deal, figures: Any, *, unpaid: bool = False) -> None:
    """File the deal's payments again under the years they fall in, with their expected
    withholding (refile); call inside the transaction that changed the deal, holding the
    account's lock (after rollup.bump).

    `unpaid`: the caller read in this transaction, under the deal's lock, that the deal has no
    payments (refresh_figures: load_inputs). Then nothing is filed for it, and only rows still
    kept for it (its last payment deleted in this transaction) need moving: one statement
    tells whether there are any, instead of reading its payments, their expected withholding
    and its year rows (three statements; a work entry on a deal not yet paid)."""
    deal_id = deal.id or 0
    if unpaid:
        if session.connection().execute(_kept_statement(), {"k_deal": deal_id}).first() is None:
            return
        payments: list[Paid] = []
    else:
        payments = _payments_of(session, deal_id)
    expected = refile(session, deal, payments)
    vat_bp = vat_bp_of(session, deal.user_id) if deal.vat_invoiced else 0
    new = deal_rows(deal, payments, figures, expected, vat_bp)
    old = _stored(session, deal_id)
    if new == old:
        return
    _replace(session, deal, old, new)


@cache
def _kept_statement() -> Any:
    """A row when anything is kept for the deal (a payment's expected withholding, a year's
    row); none when nothing is. Built once, by the deal_id indexes of both tables."""
    deal_id: Any = bindparam("k_deal")
    payments = table_of(TaxPayment)
    years = table_of(TaxDealYear)
    return select(literal(1)).where(
        or_(
            exists().where(payments.c.deal_id == deal_id),
            exists().where(years.c.deal_id == deal_id),
        )
    )


def _payments_of(session: Session, deal_id: int) -> list[Paid]:
    return [
        (
            int(r[0]),
            r[1],
            int(r[2]),
            int(r[3]),
            int(r[4]),
            int(r[5]),
            None if r[6] is None else int(r[6]),
        )
        for r in session.execute(
            select(
                col(Payment.id),
                col(Payment.received_on),
                col(Payment.gross),
                col(Payment.platform_fee),
                col(Payment.agency_fee),
                col(Payment.tax_withheld),
                col(Payment.amount_cny),
            ).where(col(Payment.deal_id) == deal_id)
        ).all()
    ]


def forget(session: Session, deal: Deal) -> None:
    """Take a deal about to be deleted out of the year sums and its platform-years (the
    caller holds the lock)."""
    refile(session, deal, [])
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


def _vat_column(bp: int) -> Any:
    """tax.vat_on(base, bp) in integers: ⌊(2 · base · bp + D) / 2D⌋, D = 10,000 + bp (half up)."""
    if bp <= 0:
        return literal(0)
    d = 10_000 + bp
    base = _base_column()
    return case(
        (base > 0, (base * (2 * bp) + literal(d)) // literal(2 * d)),
        else_=0,
    )


def rebuild(session: Session, *, user_id: int, expected: bool = True) -> None:
    """An account's deal-year rows and year sums recounted from its payments, in SQL; with
    `expected`, each payment's expected withholding worked out again first (refile_all)."""
    if expected:
        refile_all(session, user_id=user_id)
    deal_years = table_of(TaxDealYear)
    years = table_of(TaxYear)
    payments = table_of(TaxPayment)
    session.execute(delete(years).where(years.c.user_id == user_id))
    session.execute(delete(deal_years).where(deal_years.c.user_id == user_id))
    year = _year_column()
    is_cny = col(Deal.currency) == CNY
    want = func.coalesce(payments.c.expected, 0)
    withheld = col(Payment.tax_withheld)
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
            func.sum(case((and_(is_cny, want > withheld), want - withheld), else_=0)).label(
                "set_aside"
            ),
            func.sum(case((and_(is_cny, withheld < want), 1), else_=0)).label("underwithheld"),
            func.sum(
                case(
                    (
                        and_(is_cny, col(Deal.vat_invoiced)),
                        _vat_column(vat_bp_of(session, user_id)),
                    ),
                    else_=0,
                )
            ).label("vat"),
            func.sum(case((and_(is_cny, col(Deal.withholding) == tax.FOREIGN), 1), else_=0)).label(
                "foreign_method"
            ),
        )
        .join(Deal, col(Deal.id) == col(Payment.deal_id))
        .outerjoin(DealFiguresRow, col(DealFiguresRow.deal_id) == col(Deal.id))
        .outerjoin(payments, payments.c.payment_id == col(Payment.id))
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
            *[total(deal_years.c[name], cny) for name in EXPECTED_SUMS],
        )
        .where(deal_years.c.user_id == user_id)
        .group_by(deal_years.c.user_id, deal_years.c.year)
    )
    session.execute(insert(years).from_select(["user_id", "year", *YEAR_SUMS], sums))


def year_sums(session: Session, *, user_id: int, year: int) -> tax.YearSums:
    """The year's sums, one row read by its key."""
    row = (
        session.connection()
        .execute(_year_sums_statement(), {"y_user": user_id, "y_year": year})
        .one_or_none()
    )
    if row is None:
        return tax.YearSums()
    return _sums_of(row)


@cache
def _year_sums_statement() -> Any:
    """year_sums()'s statement, built once."""
    table = table_of(TaxYear)
    return select(table).where(
        table.c.user_id == bindparam("y_user"), table.c.year == bindparam("y_year")
    )


def _sums_of(row: Any) -> tax.YearSums:
    return sums_of(row._mapping)


def sums_of(row: Any) -> tax.YearSums:
    """tax.YearSums of a tax_year row (a mapping of its columns)."""
    return tax.YearSums(
        deals=int(row["deals"]),
        base=int(row["base"]),
        tax_withheld=int(row["tax_withheld"]),
        net_income=int(row["net_income"]),
        timed_deals=int(row["timed_deals"]),
        timed_base=int(row["timed_base"]),
        timed_net_income=int(row["timed_net_income"]),
        timed_minutes=int(row["timed_minutes"]),
        foreign_cny=int(row["foreign_cny"]),
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
