"""Economics use cases: load a deal's parts, keep its stored figures fresh, sum them in SQL."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import (
    BigInteger,
    Date,
    Integer,
    String,
    and_,
    bindparam,
    case,
    cast,
    extract,
    func,
    literal,
    literal_column,
    select,
    true,
    union_all,
)
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session, col
from sqlmodel import select as orm_select

from app.db import table_of
from app.economics import calc, rollup, tax, tax_rollup
from app.economics.models import DealFiguresRow, FiguresRollup
from app.economics.percentiles import quartiles
from app.errors import NotFound
from app.ledger.models import (
    Agency,
    Brand,
    Deal,
    Deliverable,
    Expense,
    InKindItem,
    Payment,
    Profile,
    WorkEntry,
)
from app.lru import Lru


# --- one deal --------------------------------------------------------------------------------
def load_inputs(session: Session, deal: Deal) -> calc.DealInputs:
    """A deal's inputs to calc.deal_figures, summed in SQL: one item per kind of work entry
    (activity, round, unpaid mark), per day of payments, per kept mark of products; the
    expenses as one sum. deal_figures adds up the same amounts and takes the same maximum
    round and the same day of payment in full (cumulative gross by day reaches the fee on the
    day the payment that reaches it was received), so the figures are those of the rows one by
    one, while the rows read stay few however many entries a long deal holds (issue 15).

    The four statements are built once (_inputs_statements), the deal's id a parameter: built
    on every call they cost about a sixth of a work entry's post (pyinstrument, 10,000 deals)."""
    work_of, payments_of, expenses_of, in_kind_of = _inputs_statements()
    if session.autoflush:  # as session.execute would: pending parts are counted
        session.flush()
    connection = session.connection()
    params = {"i_deal": deal.id}
    work = connection.execute(work_of, params).all()
    payments = connection.execute(payments_of, params).all()
    expenses = connection.execute(expenses_of, params).scalar_one()
    in_kind = connection.execute(in_kind_of, params).all()
    # (PostgreSQL sums integers as numeric: back to int, exactly)
    return calc.DealInputs(
        status=deal.status,
        currency=deal.currency,
        agreed_fee=deal.agreed_fee,
        included_revision_rounds=deal.included_revision_rounds,
        delivered_on=deal.delivered_on,
        payment_due_on=deal.payment_due_on,
        work=[calc.WorkItem(int(m), a, r, bool(u)) for m, a, r, u in work],
        payments=[
            calc.PaymentItem(int(g), on, int(pf), int(af), int(tw), first or 0)
            for g, on, pf, af, tw, first in payments
        ],
        expenses=[] if expenses is None else [int(expenses)],
        in_kind=[calc.InKindItem(int(v), bool(k)) for v, k in in_kind],
    )


@cache
def _inputs_statements() -> tuple[Any, Any, Any, Any]:
    """load_inputs()'s statements (work, payments, expenses, products), built once."""
    w, p = WorkEntry, Payment
    deal_id: Any = bindparam("i_deal")
    work = (
        select(func.sum(col(w.minutes)), col(w.activity), col(w.revision_round), col(w.unpaid))
        .where(col(w.deal_id) == deal_id)
        .group_by(col(w.activity), col(w.revision_round), col(w.unpaid))
    )
    payments = (
        select(
            func.sum(col(p.gross)),
            col(p.received_on),
            func.sum(col(p.platform_fee)),
            func.sum(col(p.agency_fee)),
            func.sum(col(p.tax_withheld)),
            func.min(col(p.id)),
        )
        .where(col(p.deal_id) == deal_id)
        .group_by(col(p.received_on))
    )
    expenses = select(func.sum(col(Expense.amount))).where(col(Expense.deal_id) == deal_id)
    in_kind = (
        select(func.sum(col(InKindItem.value)), col(InKindItem.kept))
        .where(col(InKindItem.deal_id) == deal_id)
        .group_by(col(InKindItem.kept))
    )
    return work, payments, expenses, in_kind


def row_values(figures: calc.DealFigures) -> dict[str, Any]:
    return {
        "currency": figures.currency,
        "minutes_total": figures.minutes_total,
        "minutes_unpaid": figures.minutes_unpaid,
        "revision_rounds": figures.revision_rounds,
        "extra_revision_rounds": figures.extra_revision_rounds,
        "gross_received": figures.gross_received,
        "fees": figures.fees,
        "tax_withheld": figures.tax_withheld,
        "expenses": figures.expenses,
        "in_kind_value": figures.in_kind_value,
        "net_income": figures.net_income,
        "outstanding": figures.outstanding,
        "paid_in_full_on": figures.paid_in_full_on,
        "days_to_payment": figures.days_to_payment,
        "revision_minutes": minutes_text(figures.revision_minutes),
    }


def minutes_text(minutes: tuple[int, ...]) -> str | None:
    """A deal's revision minutes per round as kept on its figures row: comma-separated, in
    round order; None (NULL, skipped by the SQL that joins them) when it has none."""
    return ",".join(str(m) for m in minutes) or None


def minutes_of(text: str | None) -> tuple[int, ...]:
    """minutes_text() read back."""
    return tuple(int(m) for m in text.split(",")) if text else ()


def figures_from_row(row: DealFiguresRow) -> calc.DealFigures:
    """The stored figures back as the pure module's value (the inverse of row_values)."""
    return calc.DealFigures(
        currency=row.currency,
        minutes_total=row.minutes_total,
        minutes_unpaid=row.minutes_unpaid,
        revision_rounds=row.revision_rounds,
        extra_revision_rounds=row.extra_revision_rounds,
        gross_received=row.gross_received,
        fees=row.fees,
        tax_withheld=row.tax_withheld,
        expenses=row.expenses,
        in_kind_value=row.in_kind_value,
        outstanding=row.outstanding,
        paid_in_full_on=row.paid_in_full_on,
        days_to_payment=row.days_to_payment,
        revision_minutes=minutes_of(row.revision_minutes),
    )


def lock_deal(session: Session, deal: Deal, *, reload: bool = True) -> None:
    """Hold the deal's row lock to the end of the transaction (SELECT … FOR NO KEY UPDATE; SQLite's
    BEGIN IMMEDIATE already serializes writers), so concurrent writes to one deal take turns.
    With reload, the deal's columns are read again under the lock (a timer another request
    stopped meanwhile is seen stopped). NotFound when the deal was deleted meanwhile (its id
    then another account's deal's or nobody's)."""
    if not reload and deal.id in rollup.held(session, _LOCKED):
        return  # held since this transaction's earlier lock_deal (to its end)
    stmt = select(Deal) if reload else select(col(Deal.id))
    # FOR NO KEY UPDATE: writers of one deal still take turns, but the foreign-key checks of
    # rows inserted elsewhere (FOR KEY SHARE: a recount of the account's tax_deal_year after
    # a VAT-rate or target change, holding the account's profile row) do not wait for it;
    # with FOR UPDATE, a writer holding the deal and waiting for the profile row and the
    # recount holding the profile row and waiting for the deal deadlocked (attack-15).
    # Its owner too: the caller checked that the deal is the account's, maybe in an earlier
    # transaction (a part's post checks before it takes the write lock: web.core.writes_late),
    # and SQLite gives a deleted deal's id (the largest) to the next deal made, whoever makes
    # it. Another account's deal under the same id is a deal deleted meanwhile (attack-deal13).
    stmt = stmt.where(col(Deal.id) == deal.id, col(Deal.user_id) == deal.user_id)
    stmt = stmt.with_for_update(key_share=True)
    if reload:
        stmt = stmt.execution_options(populate_existing=True)
    if session.execute(stmt).first() is None:
        raise NotFound
    rollup.held(session, _LOCKED).add(deal.id)


_LOCKED = "koc_locked_deals"


def refresh_figures(session: Session, deal: Deal) -> calc.DealFigures:
    """Recompute a deal's stored figures and move its rollup contribution; call inside the
    transaction that changed it.

    Locks are taken in one order everywhere: the deal, then the account's profile row (the
    ledger version bump), then rollup rows. So two writers of one account take turns on the
    rollups instead of both subtracting the same old contribution, and cannot deadlock."""
    session.flush()
    lock_deal(session, deal, reload=False)
    stamp, target = rollup.bump_with_target(session, deal.user_id)
    inputs = load_inputs(session, deal)
    figures = calc.deal_figures(inputs)
    row = session.get(DealFiguresRow, deal.id, populate_existing=True)
    old_outstanding, old_keys = (0, "") if row is None else (row.outstanding, row.rollup_keys)
    old: rollup.Filed | None = None
    if row is None:
        row = DealFiguresRow(deal_id=deal.id or 0, user_id=deal.user_id, **row_values(figures))
    else:
        old = (row.rollup_keys, rollup.contribution(row, target))
        for name, value in row_values(figures).items():
            setattr(row, name, value)
    units_by_kind = rollup.units_of(session, deal.id)
    row.rollup_keys = rollup.keys_of(deal, units_by_kind)
    rollup.set_history(row, deal, units_by_kind)
    rollup.move(
        session,
        user_id=deal.user_id,
        stamp=stamp,
        old=old,
        new=(row.rollup_keys, rollup.contribution(row, target)),
    )
    session.add(row)
    if rollup.owing_changed(old_outstanding, old_keys, row.outstanding, row.rollup_keys):
        rollup.bump_owing(session, deal.user_id)
    tax_rollup.move(session, deal, row, unpaid=not inputs.payments)
    return figures


def forget_deal(session: Session, deal: Deal) -> None:
    """Take a deal about to be deleted out of the rollups (the caller holds its lock)."""
    stamp = rollup.bump(session, deal.user_id)
    row = session.get(DealFiguresRow, deal.id, populate_existing=True)
    if row is not None:
        rollup.apply(
            session,
            user_id=deal.user_id,
            keys=row.rollup_keys,
            amounts=rollup.contribution(row, rollup.target_of(session, deal.user_id)),
            sign=-1,
            stamp=stamp,
        )
        if row.outstanding > 0:
            rollup.bump_owing(session, deal.user_id)
        session.delete(row)
    tax_rollup.forget(session, deal)


# Accounts whose deals all had figures when this process last looked (account keys only).
_FIGURED: set[tuple[int, str]] = set()


def ensure_figures(
    session: Session, *, user_id: int, account: tuple[int, str] | None = None
) -> int:
    """Figures for deals that have none (rows made before stored figures existed).

    Every write keeps a deal's figures in its own transaction, and the bulk paths (demo,
    import) insert them, so an account found complete stays complete: it is checked once per
    process, not on every summary (the check reads every deal of the account). `account`:
    rollup.cache_key()[:2] when the caller has it (no statement of its own then)."""
    if account is None:
        account = rollup.cache_key(session, user_id)[:2]
    if account in _FIGURED:
        return 0
    missing = session.exec(
        orm_select(Deal)
        .outerjoin(DealFiguresRow, col(DealFiguresRow.deal_id) == col(Deal.id))
        .where(col(Deal.user_id) == user_id, col(DealFiguresRow.deal_id).is_(None))
    ).all()
    for deal in missing:
        session.add(
            DealFiguresRow(
                deal_id=deal.id or 0,
                user_id=deal.user_id,
                **row_values(calc.deal_figures(load_inputs(session, deal))),
            )
        )
    if missing:
        rollup.rebuild(session, user_id=user_id)
        session.commit()
    else:
        _FIGURED.add(account)
    return len(missing)


def deal_economics(
    session: Session,
    deal: Deal,
    *,
    target_hourly: int | None,
    today: date,
    vat_bp: int | None = None,
) -> calc.DealEconomics:
    """A deal's economics from its stored figures (one row by its key; none when it is already
    in the session, as right after the write that stored it), which every write keeps equal to
    a recount of its parts in the write's own transaction (refresh_figures); recounted from the
    parts (load_inputs: four statements) for a deal without them. `vat_bp`: the account's VAT
    rate when the caller has its profile (else read when the deal is invoiced)."""
    row = session.get(DealFiguresRow, deal.id)
    figures = (
        figures_from_row(row) if row is not None else calc.deal_figures(load_inputs(session, deal))
    )
    result = calc.economics_from_figures(
        figures,
        agreed_fee=deal.agreed_fee,
        payment_due_on=deal.payment_due_on,
        target_hourly=target_hourly,
        today=today,
    )
    if not deal.vat_invoiced:
        return result
    rate_bp = vat_bp
    if rate_bp is None:
        rate_bp = session.execute(
            select(col(Profile.invoice_vat_bp)).where(col(Profile.user_id) == deal.user_id)
        ).scalar_one_or_none()
    vat = tax.vat_on(result.gross_received - result.fees, 100 if rate_bp is None else rate_bp)
    return dataclasses.replace(result, vat_on_invoice=vat)


# --- many deals ------------------------------------------------------------------------------
@dataclass
class Breakdown:
    key: str
    label: str
    totals: calc.Totals


@dataclass
class Summary:
    """Totals per currency and the breakdowns of ECONOMICS.md, for one period."""

    start: date | None
    end: date | None
    totals: dict[str, calc.Totals] = field(default_factory=dict)
    by_brand: list[Breakdown] = field(default_factory=list)
    by_agency: list[Breakdown] = field(default_factory=list)
    by_deliverable_kind: list[Breakdown] = field(default_factory=list)
    by_source: list[Breakdown] = field(default_factory=list)
    by_month: list[Breakdown] = field(default_factory=list)


def deal_date_column() -> ColumnElement[Any]:
    return func.coalesce(col(Deal.delivered_on), col(Deal.brief_received_on))


def scope(user_id: int, start: date | None, end: date | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [col(Deal.user_id) == user_id]
    if start is not None:
        conditions.append(deal_date_column() >= start)
    if end is not None:
        conditions.append(deal_date_column() <= end)
    return conditions


def _sum(expr: Any) -> Any:
    return func.coalesce(func.sum(expr), 0)


def _aggregates(today: date, target_hourly: int | None) -> list[Any]:
    f = DealFiguresRow
    rated = col(f.minutes_total) > 0
    columns = [
        func.count().label("deals"),
        _sum(case((col(f.minutes_total) == 0, 1), else_=0)).label("deals_without_hours"),
        _sum(col(f.minutes_total)).label("minutes_total"),
        _sum(col(f.minutes_unpaid)).label("minutes_unpaid"),
        _sum(case((rated, col(f.net_income)), else_=0)).label("rated_net_income"),
        _sum(case((rated, col(f.in_kind_value)), else_=0)).label("rated_in_kind_value"),
        _sum(case((rated, col(f.minutes_total)), else_=0)).label("rated_minutes"),
        _sum(col(f.gross_received)).label("gross_received"),
        _sum(col(f.fees)).label("fees"),
        _sum(col(f.tax_withheld)).label("tax_withheld"),
        _sum(col(f.expenses)).label("expenses"),
        _sum(col(f.in_kind_value)).label("in_kind_value"),
        _sum(col(f.outstanding)).label("outstanding"),
        _sum(
            case((and_(col(f.outstanding) > 0, col(Deal.payment_due_on) < today), 1), else_=0)
        ).label("overdue_count"),
    ]
    if target_hourly is not None:
        # calc.value_of_minutes per deal, in integers: round(m × t / 60) half-up.
        per_deal = (col(f.minutes_unpaid) * literal(target_hourly) * 2 + 60) // 120
        columns.append(_sum(per_deal).label("unpaid_value"))
    else:
        columns.append(literal(None).label("unpaid_value"))
    return columns


def _totals(row: Any) -> calc.Totals:
    totals = calc.Totals(currency=row.currency)
    # The rollup's summed columns, with the overdue count in place of the nullable unpaid value.
    for name in (*(n for n in rollup.SUMS if n != "unpaid_value"), "overdue_count"):
        setattr(totals, name, int(getattr(row, name)))
    totals.unpaid_value = None if row.unpaid_value is None else int(row.unpaid_value)
    return totals


def summarize(
    session: Session,
    *,
    user_id: int,
    start: date | None,
    end: date | None,
    today: date,
    target_hourly: int | None,
) -> Summary:
    """Totals and breakdowns, each one GROUP BY over the stored figures (no query per row)."""
    ensure_figures(session, user_id=user_id)
    base = (
        select(col(Deal.currency).label("currency"), *_aggregates(today, target_hourly))
        .select_from(Deal)
        .join(DealFiguresRow, col(DealFiguresRow.deal_id) == col(Deal.id))
        .where(*scope(user_id, start, end))
    )
    summary = Summary(start=start, end=end)
    for row in session.execute(base.group_by(col(Deal.currency))).all():
        summary.totals[row.currency] = _totals(row)

    def grouped(key: Any, label: Any, extra_join: Any = None) -> list[Breakdown]:
        stmt = base.add_columns(key.label("key"), label.label("label"))
        if extra_join is not None:
            stmt = extra_join(stmt)
        stmt = stmt.group_by(col(Deal.currency), key, label)
        out = [
            Breakdown(str(r.key) if r.key is not None else "", str(r.label or ""), _totals(r))
            for r in session.execute(stmt).all()
        ]
        return sorted(out, key=lambda b: (b.totals.currency, b.label, b.key))

    summary.by_brand = grouped(
        col(Brand.id), col(Brand.name), lambda s: s.join(Brand, col(Brand.id) == col(Deal.brand_id))
    )
    summary.by_agency = grouped(
        col(Agency.id),
        col(Agency.name),
        lambda s: s.outerjoin(Agency, col(Agency.id) == col(Deal.agency_id)),
    )
    kinds = select(col(Deliverable.deal_id), col(Deliverable.kind)).distinct().subquery()
    summary.by_deliverable_kind = grouped(
        kinds.c.kind, kinds.c.kind, lambda s: s.join(kinds, kinds.c.deal_id == col(Deal.id))
    )
    summary.by_source = grouped(col(Deal.source), col(Deal.source))
    month = cast(extract("year", deal_date_column()), Integer) * 100 + cast(
        extract("month", deal_date_column()), Integer
    )
    # Calendar months only: a deal with no date at all (neither delivered nor briefed) is in
    # the totals and the other breakdowns but in no month, as the rollups file it (month 0,
    # never listed). Its NULL month comes back as the empty key.
    summary.by_month = sorted(
        (b for b in grouped(month, month) if b.key), key=lambda b: (b.totals.currency, b.key)
    )
    return summary


@dataclass(frozen=True)
class OwnHistory:
    """p25 / median / p75 of the creator's own deals in scope, in one currency: of the deal
    rates (how many: rate_count) and of the fee per unit of each kind (with how many)."""

    effective_hourly: tuple[float, float, float] | None
    rate_count: int
    fees: dict[str, tuple[tuple[float, float, float] | None, int]]


def own_history(
    session: Session,
    *,
    user_id: int,
    start: date | None,
    end: date | None,
    currency: str,
    period_deals: int | None = None,
) -> OwnHistory:
    """own_history_of()'s figures from what the figures rows keep of each deal
    (calc.history_inputs), in one statement on deal_figures alone: the newest deals of the
    period, each list's values joined into one text in SQL (one row per list, not one per
    deal), so the Python work is a split and a sort of a few hundred numbers. Nothing is kept
    between requests: the figures are those of the request's own reads (its transaction),
    never of a key read apart from them.

    Every read gives the same rows, the newest HISTORY_DEALS by deal id of the period's:
    - no period (all time): the deal-id index, newest first, until the windows are full;
    - a period of at most HISTORY_MONTHS months (_month_span; an open end or a longer period
      narrowed to the months of its first and last rows, _filed_months): each month read by
      the (user_id, currency, filed_month, deal_id, …) index newest first, the months merged
      by deal id (_merged_statement), so the read stops after the newest HISTORY_DEALS of the
      period plus one row per month: its cost is bounded by the period, not by the deals
      filed after it (a dense quarter two years back walked every newer deal by the deal-id
      index);
    - a longer one (_history_statement): whole by the month-led index when it holds at most
      HISTORY_DEALS deals, else by the deal-id index. Which one: from `period_deals`, how many
      of the account's deals of the currency the period holds when the caller knows it (the
      dashboard's summary of the same period), else from the month rollups
      (_deals_in_months). The count picks the read, never the figures: a count that is off
      costs time, not a value."""
    dialect = session.get_bind().dialect.name
    params = _history_params(user_id, start, end, currency)
    if start is None and end is None:
        statement = _history_statement(dialect, False, False, False)
    elif start is not None and end is not None and start > end:
        return OwnHistory(None, 0, {})  # no date is in it
    else:
        first, last = rollup.month_of(start), rollup.month_of(end)
        narrowed = start is None or end is None or _month_span(first, last) > HISTORY_MONTHS
        if narrowed:
            found = _filed_months(session, user_id, start, end, currency)
            if found is None:
                return OwnHistory(None, 0, {})  # no row of the currency in its months
            first, last = found
            params |= {"h_first": first, "h_last": last}
        span = _month_span(first, last)
        if span <= HISTORY_MONTHS and not narrowed:
            if period_deals is None:
                period_deals = _deals_in_months(session, user_id, start, end, currency)
            # Dense enough that both windows fill in the walk, as a rule (a period of 447
            # deals of which 320 priced walked all CURRENT_WALK × HISTORY_DEALS rows in vain).
            if period_deals >= 2 * HISTORY_DEALS:
                found_full = _newest_of_current(session, dialect, params)
                if found_full is not None:
                    return found_full
        if span <= HISTORY_MONTHS:
            statement = _merged_statement(
                dialect, span, start is not None, end is not None, narrowed
            )
            listed = _months(first, span)
            params |= {f"h_m{n}": month for n, month in enumerate(listed)}
        else:
            if period_deals is None:
                period_deals = _deals_in_months(session, user_id, start, end, currency)
            by_date = period_deals <= HISTORY_DEALS
            statement = _history_statement(dialect, start is not None, end is not None, by_date)
    rates: list[float] = []
    fees: dict[str, list[float]] = {}
    for kind, joined in session.connection().execute(statement, params):
        if not joined:
            continue
        if kind == "":
            rates = _joined_values(kind, joined)
        else:
            fees[kind] = _joined_values(kind, joined)
    return _own_history_from(rates, fees)


def _joined_values(kind: str, joined: str) -> list[float]:
    """One list of a history statement's row: the rates ("" kind, cents per hour) or a
    kind's fees per unit, joined by commas in SQL."""
    if kind == "":
        # As calc.rate_value: float("-0") keeps the sign of a negative zero.
        return [float(v) / 100 for v in joined.split(",")]
    return [float(int(v)) for v in joined.split(",")]


def _own_history_from(rates: list[float], fees: dict[str, list[float]]) -> OwnHistory:
    return OwnHistory(
        effective_hourly=quartiles(rates),
        rate_count=len(rates),
        fees={kind: (quartiles(v), len(v)) for kind, v in sorted(fees.items())},
    )


# How many of the account's newest rows (of the currency, by deal id) the read of a current
# period walks at most, in HISTORY_DEALS (_newest_of_current).
CURRENT_WALK = 4


def _newest_of_current(session: Session, dialect: str, params: dict[str, Any]) -> OwnHistory | None:
    """The own percentiles of a dense period that nothing was filed after (the dashboard's
    month, quarter, year and 12 months, which end this month), by the deal-id index newest
    first as at 0028, but no further than the account's newest CURRENT_WALK × HISTORY_DEALS
    rows: when both windows are full within them, they are the period's newest (every row
    left out is older by deal id than every row in them), and that walk costs less than the
    month-by-month merge (12 months of 10,000 deals: ~26,000 SQLite steps against ~57,000).
    None when a window is not full there (the period's deals are older than the account's
    newest), or when a deal is filed after the period (its month after the period's last,
    checked in the same statement): the caller reads the period month by month."""
    walk = params | {"h_walk": CURRENT_WALK * HISTORY_DEALS}
    rates: list[float] = []
    fees: dict[str, list[float]] = {}
    priced = 0
    statement = _current_statement(dialect)
    for kind, joined, held in session.connection().execute(statement, walk):
        if kind != "":
            priced += held  # the window's priced rows, with a fee per unit or not
        if not joined:
            continue
        if kind == "":
            rates = _joined_values(kind, joined)
        else:
            fees[kind] = _joined_values(kind, joined)
    if len(rates) < HISTORY_DEALS or priced < HISTORY_DEALS:
        return None
    return _own_history_from(rates, fees)


@cache
def _current_statement(dialect: str) -> Any:
    """The deal-id read of a period (h_start … h_end) that no deal is filed after (the account's
    last filed month at most h_month_to, a one-time condition: else no rows), each window's walk
    stopped after the account's h_walk newest rows of the currency: on PostgreSQL a LIMIT under
    the windows' (the walk is in deal-id order, so it stops with the window); SQLite sorted
    that, so there the walk stops at the deal id of the h_walk-th newest row (0 with fewer
    rows), found once (a common table). Each list's row says how many rows its window holds
    (the fees': by kind, a NULL kind and fee counted too)."""
    f = table_of(DealFiguresRow).c
    account = [
        f.user_id == bindparam("h_user", type_=Integer),
        f.currency == bindparam("h_currency", type_=String),
    ]
    walk = bindparam("h_walk", type_=Integer)
    # The account's last filed month, as _filed_months_statement reads it (not max()).
    after = (
        select(f.filed_month)
        .where(*account, f.filed_month.is_not(None))
        .order_by(f.filed_month.desc())
        .limit(1)
        .scalar_subquery()
    )
    current = after <= bindparam("h_month_to", type_=Integer)
    start, end = bindparam("h_start", type_=Date), bindparam("h_end", type_=Date)
    limit = bindparam("h_limit", type_=Integer)
    if dialect == "postgresql":
        kept = (f.deal_id, f.filed_on, f.minutes_total, f.net_income, f.priced)
        newest = (
            select(*kept, f.unit_kind, f.unit_fee)
            .where(*account, current)
            .order_by(f.deal_id.desc())
            .limit(walk)
            .subquery()
        )
        c: Any = newest.c

        def window(condition: ColumnElement[bool], *selected: Any) -> Any:
            dated = [c.filed_on >= start, c.filed_on <= end, condition]
            return select(*selected).where(*dated).order_by(c.deal_id.desc()).limit(limit)

    else:
        c = f
        newest = (
            select(f.deal_id)
            .where(*account)
            .order_by(f.deal_id.desc())
            .limit(1)
            .offset(walk - 1)
            .subquery()
        )
        # Past every deal id when a deal is filed after the period: no row is walked.
        floor = (
            select(
                case(
                    (current, func.coalesce(select(newest.c.deal_id).scalar_subquery(), 0)),
                    else_=literal(2**62, BigInteger),
                ).label("deal_id")
            )
            .cte("walk_floor")
            .prefix_with("MATERIALIZED")
        )
        least = select(floor.c.deal_id).scalar_subquery()

        def window(condition: ColumnElement[bool], *selected: Any) -> Any:
            return _history_window(True, True, *selected, dialect=dialect).where(
                f.deal_id >= least, condition
            )

    cents = _rate_cents(c.net_income, c.minutes_total)
    rates = window(c.minutes_total > 0, cents.label("v")).subquery()
    fees = window(c.priced == true(), c.unit_kind.label("kind"), c.unit_fee.label("v")).subquery()
    return union_all(
        select(
            literal("").label("kind"),
            _joined(dialect, rates.c.v).label("joined"),
            func.count().label("held"),
        ),
        select(fees.c.kind, _joined(dialect, fees.c.v), func.count()).group_by(fees.c.kind),
    )


# The longest period (in months: its own, or from the first to the last of them that holds a
# row) whose own percentiles are read month by month (_merged_statement): a seek per month, and
# a statement of two parts per month (built once per number of months; PostgreSQL plans every
# part, until a connection keeps a generic plan of it). Longer periods are read whole or by the
# deal-id index.
HISTORY_MONTHS = 24


def _month_span(first: int, last: int) -> int:
    """How many months from yyyymm `first` to yyyymm `last`, both in (0 when last < first)."""
    return max(0, (last // 100 - first // 100) * 12 + last % 100 - first % 100 + 1)


def _months(first: int, count: int) -> list[int]:
    """`count` months (yyyymm) from `first` on."""
    index = (first // 100) * 12 + first % 100 - 1
    return [(m // 12) * 100 + m % 12 + 1 for m in range(index, index + count)]


def _filed_months(
    session: Session, user_id: int, start: date | None, end: date | None, currency: str
) -> tuple[int, int] | None:
    """The first and the last month (yyyymm) of the period's months that hold a figures row
    of the account's currency, None when none does: two seeks on the month-led index."""
    params: dict[str, Any] = {"h_user": user_id, "h_currency": currency}
    if start is not None:
        params["h_month_from"] = rollup.month_of(start)
    if end is not None:
        params["h_month_to"] = rollup.month_of(end)
    row = (
        session.connection()
        .execute(_filed_months_statement(start is not None, end is not None), params)
        .one()
    )
    return None if row[0] is None else (int(row[0]), int(row[1]))


@cache
def _filed_months_statement(dated_from: bool, dated_to: bool) -> Any:
    f = DealFiguresRow
    month = col(f.filed_month)
    conditions = [
        col(f.user_id) == bindparam("h_user", type_=Integer),
        col(f.currency) == bindparam("h_currency", type_=String),
        month.is_not(None),
    ]
    if dated_from:
        conditions.append(month >= bindparam("h_month_from", type_=Integer))
    if dated_to:
        conditions.append(month <= bindparam("h_month_to", type_=Integer))
    # ORDER BY … LIMIT 1, not min() / max(): without statistics (a ledger not yet analyzed)
    # PostgreSQL planned min()'s aggregate over every row of the account (attack-perf32).
    return select(
        select(month).where(*conditions).order_by(month.asc()).limit(1).scalar_subquery(),
        select(month).where(*conditions).order_by(month.desc()).limit(1).scalar_subquery(),
    )


@cache
def _merged_statement(
    dialect: str, months: int, dated_from: bool, dated_to: bool, narrowed: bool
) -> Any:
    """The own percentiles of a period of `months` months (h_m0 … in the values: the period's
    months, or with `narrowed` those from h_first to h_last that _filed_months found), each
    window a merge by deal id of one part per month: the month's rows in the period, read by
    the (user_id, currency, filed_month, deal_id, …) index newest first (alembic 0029).
    SQLite merges the parts of a compound SELECT … ORDER BY deal_id DESC LIMIT n one row at a
    time (MERGE (UNION ALL)), PostgreSQL parts that are ordered themselves (Merge Append), so
    either stops at the window's newest n: the read is bounded by the period (n rows and a
    seek per month), however many deals were filed after it. With `narrowed` on PostgreSQL, two
    more parts take any row of the period's other months (none, unless a write committed
    between the two statements: each sees its own snapshot there), so the figures are always
    those of this statement's rows; on SQLite both statements read the request's one snapshot
    (its transaction), and such a part, ordered by deal id over a range of months, was planned
    on the deal-id index once the ledger was analyzed (a walk of every newer row)."""
    f = table_of(DealFiguresRow).c
    dated = _history_conditions(dated_from, dated_to)
    limit = bindparam("h_limit", type_=Integer)
    month = f.filed_month
    parts: list[ColumnElement[bool]] = [
        month == bindparam(f"h_m{n}", type_=Integer) for n in range(months)
    ]
    if narrowed and dialect == "postgresql":
        below = [month < bindparam("h_first", type_=Integer)]
        above = [month > bindparam("h_last", type_=Integer)]
        if dated_from:
            below.append(month >= bindparam("h_month_from", type_=Integer))
        if dated_to:
            above.append(month <= bindparam("h_month_to", type_=Integer))
        parts += [and_(*below), and_(*above)]

    def window(condition: ColumnElement[bool], *selected: Any) -> Any:
        arms = [
            select(f.deal_id.label("deal_id"), *selected).where(*dated, part, condition)
            for part in parts
        ]
        if dialect == "postgresql":
            merged = union_all(*(arm.order_by(f.deal_id.desc()) for arm in arms)).subquery()
            return (
                select(*(c for c in merged.c if c.name != "deal_id"))
                .order_by(merged.c.deal_id.desc())
                .limit(limit)
                .subquery()
            )
        compound = union_all(*arms)
        return compound.order_by(compound.selected_columns.deal_id.desc()).limit(limit).subquery()

    rates = window(f.minutes_total > 0, _rate_cents(f.net_income, f.minutes_total).label("v"))
    fees = window(f.priced == true(), f.unit_kind.label("kind"), f.unit_fee.label("v"))
    priced = select(fees.c.kind, fees.c.v).where(fees.c.v.is_not(None)).subquery()
    return union_all(
        select(literal("").label("kind"), _joined(dialect, rates.c.v).label("joined")),
        select(priced.c.kind, _joined(dialect, priced.c.v)).group_by(priced.c.kind),
    )


def _deals_in_months(
    session: Session, user_id: int, start: date | None, end: date | None, currency: str
) -> int:
    """How many of the account's deals of the currency are filed in the months the period
    touches (at least the period's own), from the rollups' "all" rows: one per month, read
    by their key (user_id, currency, month, …). Month 0 (no date) is in no dated period."""
    params = {
        "r_user": user_id,
        "r_currency": currency,
        "r_from": 1 if start is None else rollup.month_of(start),
    }
    if end is not None:
        params["r_to"] = rollup.month_of(end)
    total = session.connection().execute(_months_statement(end is not None), params)
    return int(total.scalar_one())


@cache
def _months_statement(dated_to: bool) -> Any:
    r = FiguresRollup
    months = [
        col(r.user_id) == bindparam("r_user", type_=Integer),
        col(r.currency) == bindparam("r_currency", type_=String),
        col(r.dimension) == "all",
        col(r.key) == "",
        col(r.month) >= bindparam("r_from", type_=Integer),
    ]
    if dated_to:
        months.append(col(r.month) <= bindparam("r_to", type_=Integer))
    return select(func.coalesce(func.sum(col(r.deals)), 0)).where(*months)


def _history_params(
    user_id: int, start: date | None, end: date | None, currency: str
) -> dict[str, Any]:
    params: dict[str, Any] = {
        "h_user": user_id,
        "h_currency": currency,
        "h_limit": HISTORY_DEALS,
    }
    if start is not None:
        params["h_start"] = start
        params["h_month_from"] = rollup.month_of(start)
    if end is not None:
        params["h_end"] = end
        params["h_month_to"] = rollup.month_of(end)
    return params


def _history_conditions(
    dated_from: bool, dated_to: bool, by_month: bool = False, dialect: str = ""
) -> list[ColumnElement[bool]]:
    """The account's figures rows of the currency in the period, by their kept date
    (_history_params' values). `by_month`: by their month too (the same rows: a date in the
    period is in one of its months), the key of the month-led index, which only the date-led
    read names. On SQLite (`dialect`) without it, the date is compared as date(filed_on), the
    same text, which no index serves: once sqlite_stat1 exists (ANALYZE, PRAGMA optimize) its
    skip-scan took the month-led index for the deal-id read of a dense period (ANY(user_id)
    AND ANY(currency) AND ANY(filed_month) AND filed_on>?), then read and sorted the whole
    period: 12 months of 10,000 deals, 1-2 ms to 21 ms (attack-hist31)."""
    f = DealFiguresRow
    conditions: list[ColumnElement[bool]] = [
        col(f.user_id) == bindparam("h_user", type_=Integer),
        col(f.currency) == bindparam("h_currency", type_=String),
    ]
    if by_month and dated_from:
        conditions.append(col(f.filed_month) >= bindparam("h_month_from", type_=Integer))
    if by_month and dated_to:
        conditions.append(col(f.filed_month) <= bindparam("h_month_to", type_=Integer))
    filed_on: Any = col(f.filed_on)
    if dialect == "sqlite" and not by_month:
        filed_on = func.date(filed_on, type_=Date)
    if dated_from:
        conditions.append(filed_on >= bindparam("h_start", type_=Date))
    if dated_to:
        conditions.append(filed_on <= bindparam("h_end", type_=Date))
    return conditions


def _history_window(dated_from: bool, dated_to: bool, *columns: Any, dialect: str = "") -> Any:
    """A select of `columns` over the account's figures rows of the currency in the period
    (by their kept date), newest deal first, at most HISTORY_DEALS (_history_params' values):
    add the conditions. Read by the (user_id, currency, deal_id, …) index, newest first: the
    ORDER BY … LIMIT stops the walk once the window is full."""
    f = DealFiguresRow
    return (
        select(*columns)
        .where(*_history_conditions(dated_from, dated_to, dialect=dialect))
        .order_by(col(f.deal_id).desc())
        .limit(bindparam("h_limit", type_=Integer))
    )


def _joined(dialect: str, value: Any) -> Any:
    """The values of a group as one text, comma-separated (in no particular order)."""
    if dialect == "postgresql":
        return func.string_agg(cast(value, String), literal_column("','"))
    return func.group_concat(value)


def _rate_cents(net: Any, minutes: Any) -> Any:
    """calc.rate_value() in cents, in integers: half-up away from zero. As text with its sign,
    so a loss of less than half a cent an hour reads back as -0.0 as calc.rate_value gives it
    (the pages print -0 and 0 apart); an integer column had lost the sign of that zero.
    minutes_total is a 32-bit column: × 2 in 64 bits, or a deal of over 2^30 minutes (the column
    holds up to 2^31) was "integer out of range" on PostgreSQL (attack-perf12)."""
    wide = cast(minutes, BigInteger)
    return case(
        (net >= 0, cast((net * 120 + minutes) // (wide * 2), String)),
        else_=literal("-") + cast(((-net) * 120 + minutes) // (wide * 2), String),
    )


# The history's statements are built once per database, shape of period (with or without a
# start, an end) and read (by_date), the values bound at execution (functools.cache): building
# and keying a statement of this size took longer than running it.
@cache
def _history_statement(dialect: str, dated_from: bool, dated_to: bool, by_date: bool) -> Any:
    """The own percentiles' statement. Without by_date, each window walks the (user_id,
    currency, deal_id, …) index newest first, checking each row's date: few rows when the
    period is recent and dense, every row of the account older than it when it is sparse.
    With by_date, the period's rows are read first, whole, as a MATERIALIZED common table
    expression: its planner sees only their conditions (no ORDER BY … LIMIT that the deal-id
    index would spare a sort of), and they name the months of the period, so it reads them by
    the (user_id, currency, filed_month, …) index (alembic 0028), as many rows as the period
    holds; each window takes its newest HISTORY_DEALS of them by deal id, as the other read
    does. The deal-id read names no month: that index is never a plan of it."""
    f = DealFiguresRow
    if by_date:
        period = (
            select(
                col(f.deal_id),
                col(f.minutes_total),
                col(f.net_income),
                col(f.priced),
                col(f.unit_kind),
                col(f.unit_fee),
            )
            .where(*_history_conditions(dated_from, dated_to, by_month=True))
            .cte("period_figures")
            .prefix_with("MATERIALIZED")
        )
        columns: Any = period.c

        def window(*selected: Any) -> Any:
            return (
                select(*selected)
                .order_by(columns.deal_id.desc())
                .limit(bindparam("h_limit", type_=Integer))
            )
    else:
        columns = table_of(f).c

        def window(*selected: Any) -> Any:
            return _history_window(dated_from, dated_to, *selected, dialect=dialect)

    net, minutes = columns.net_income, columns.minutes_total
    cents = _rate_cents(net, minutes)
    rates = window(cents.label("v")).where(minutes > 0).subquery()
    priced = _priced_of(window, columns)
    return union_all(
        select(literal("").label("kind"), _joined(dialect, rates.c.v).label("joined")),
        select(priced.c.kind, _joined(dialect, priced.c.v)).group_by(priced.c.kind),
    )


def _priced_fees(dated_from: bool, dated_to: bool) -> Any:
    """(kind, v): the fee per unit of the deal-id window's priced deals that have one."""

    def window(*selected: Any) -> Any:
        return _history_window(dated_from, dated_to, *selected)

    return _priced_of(window, table_of(DealFiguresRow).c)


def _priced_of(window: Callable[..., Any], columns: Any) -> Any:
    """(kind, v): the fee per unit of the priced deals that have one, in `window` (a select of
    the columns given, over the figures rows' `columns` or a period's common table of them)."""
    fees = (
        window(columns.unit_kind.label("kind"), columns.unit_fee.label("v"))
        .where(columns.priced == true())
        .subquery()
    )
    return select(fees.c.kind, fees.c.v).where(fees.c.v.is_not(None)).subquery()


@dataclass(frozen=True)
class OfferHistory:
    """What the offer check and the rate card read of the newest deals of a currency
    (HISTORY_DEALS of each list's window, as recent_deals() picks them): the rates of those
    with hours (calc.rate_value), the (minutes, units) of those of them with one kind of
    deliverable, by kind, the fee per unit of the priced ones (fees_per_unit), and the minutes
    of each revision round of every deal (calc.revision_minutes)."""

    rates: list[float]
    hours: dict[str, list[tuple[int, int]]]
    fees: dict[str, list[int]]
    rounds: list[int]


def offer_history(session: Session, *, user_id: int, currency: str) -> OfferHistory:
    """OfferHistory in one statement on deal_figures alone, by its (user_id, currency,
    deal_id) index, as own_history(): the newest deals of each list, each list's values joined
    into one text in SQL, so nothing read or worked out grows with the ledger. The lists are
    those of offer_history_of() (the reference, from the entries), in another order."""
    dialect = session.get_bind().dialect.name
    out = OfferHistory([], {}, {}, [])
    for part, kind, joined, pairs in session.execute(
        _offer_statement(dialect),
        _history_params(user_id, None, None, currency),
    ).all():
        if not joined:
            continue
        values = joined.split(",")
        if part == "timed":
            # As calc.rate_value: float("-0") keeps the sign of a negative zero.
            out.rates.extend(float(v) / 100 for v in values)
            if kind is not None:
                split = (v.split(":") for v in pairs.split(","))
                out.hours[kind] = [(int(m), int(u)) for m, u in split]
        elif part == "fee":
            out.fees[kind] = [int(v) for v in values]
        else:
            # Each deal's rounds are one text already (minutes_text): joined again here.
            out.rounds.extend(int(v) for v in values)
    return out


@cache
def _offer_statement(dialect: str) -> Any:
    f = DealFiguresRow
    net, minutes = col(f.net_income), col(f.minutes_total)
    cents = _rate_cents(net, minutes)
    # The newest deals with hours: their rates, and the minutes and units of those with one kind.
    timed = (
        _history_window(
            False,
            False,
            cents.label("v"),
            col(f.unit_kind).label("kind"),
            (cast(minutes, String) + literal(":") + cast(col(f.units), String)).label("mu"),
        )
        .where(minutes > 0)
        .subquery()
    )
    priced = _priced_fees(False, False)
    # Every newest deal, whatever its hours: a round's length does not depend on them.
    revised = _history_window(False, False, col(f.revision_minutes).label("v")).subquery()
    none = literal(None, String)
    return union_all(
        # Grouped by kind (deals of several kinds or none: a NULL kind): every group's rates.
        select(
            literal("timed").label("part"),
            timed.c.kind,
            _joined(dialect, timed.c.v).label("joined"),
            _joined(dialect, timed.c.mu).label("pairs"),
        ).group_by(timed.c.kind),
        select(literal("fee"), priced.c.kind, _joined(dialect, priced.c.v), none).group_by(
            priced.c.kind
        ),
        select(literal("round"), literal(""), _joined(dialect, revised.c.v), none),
    )


def offer_history_of(session: Session, *, user_id: int, currency: str) -> OfferHistory:
    """offer_history() worked out the straightforward way, from the deals, their deliverables
    and their work entries (not from what the figures rows keep of them): the reference the
    kept columns are tested against."""
    recent = recent_deals(user_id, None, None, currency, with_hours=True)
    figures = DealFiguresRow
    out = OfferHistory([], {}, {}, [])
    for net, minutes, kind, units, kinds in session.execute(
        select(
            col(figures.net_income),
            col(figures.minutes_total),
            func.min(col(Deliverable.kind)),
            func.sum(col(Deliverable.quantity)),
            func.count(func.distinct(col(Deliverable.kind))),
        )
        .select_from(recent)
        .join(figures, col(figures.deal_id) == recent.c.deal_id)
        .outerjoin(Deliverable, col(Deliverable.deal_id) == recent.c.deal_id)
        .group_by(col(figures.deal_id), col(figures.net_income), col(figures.minutes_total))
    ).all():
        rate = calc.rate_value(int(net), int(minutes))
        if rate is not None:
            out.rates.append(rate)
        if kinds == 1:
            out.hours.setdefault(kind, []).append((int(minutes), int(units)))
    out.fees.update(
        fees_per_unit_of(session, user_id=user_id, start=None, end=None, currency=currency)
    )
    revised = recent_deals(user_id, None, None, currency)
    out.rounds.extend(
        int(m)
        for m in session.execute(
            select(func.sum(col(WorkEntry.minutes)))
            .join(revised, revised.c.deal_id == col(WorkEntry.deal_id))
            .where(col(WorkEntry.activity) == "revision")
            .group_by(col(WorkEntry.deal_id), col(WorkEntry.revision_round))
        ).scalars()
    )
    return out


def own_history_of(
    session: Session,
    *,
    user_id: int,
    start: date | None,
    end: date | None,
    currency: str,
    period_deals: int | None = None,
) -> OwnHistory:
    """own_history() worked out the straightforward way, from the deals, their figures and
    their deliverables (not from what the figures rows keep of them): the reference the kept
    inputs are tested against. `period_deals` as own_history() takes it, unused: this reads
    the period's deals whatever their number."""
    del period_deals
    rates = [
        calc.rate_value(n, m)
        for n, m in deal_rates(session, user_id=user_id, start=start, end=end, currency=currency)
    ]
    values = tuple(r for r in rates if r is not None)
    fees = fees_per_unit_of(session, user_id=user_id, start=start, end=end, currency=currency)
    return OwnHistory(
        effective_hourly=quartiles(values),
        rate_count=len(values),
        fees={kind: (quartiles(v), len(v)) for kind, v in sorted(fees.items())},
    )


# Own percentiles read the most recent deals in scope (newest first, by index), so their cost
# is flat with the ledger; a creator's last few hundred deals are also the relevant history.
HISTORY_DEALS = 400


def recent_deals(
    user_id: int,
    start: date | None,
    end: date | None,
    currency: str,
    *conditions: ColumnElement[bool],
    with_hours: bool = False,
) -> Any:
    """The ids of the newest HISTORY_DEALS deals in scope, as a subquery (column deal_id)."""
    stmt: Any = select(col(Deal.id).label("deal_id")).where(
        *scope(user_id, start, end), col(Deal.currency) == currency, *conditions
    )
    if with_hours:
        stmt = stmt.join(DealFiguresRow, col(DealFiguresRow.deal_id) == col(Deal.id)).where(
            col(DealFiguresRow.minutes_total) > 0
        )
    return stmt.order_by(col(Deal.id).desc()).limit(HISTORY_DEALS).subquery()


def deal_rates(
    session: Session, *, user_id: int, start: date | None, end: date | None, currency: str
) -> list[tuple[int, int]]:
    """(net_income, minutes_total) of the newest deals in scope with hours logged."""
    recent = recent_deals(user_id, start, end, currency, with_hours=True)
    rows = session.execute(
        select(col(DealFiguresRow.net_income), col(DealFiguresRow.minutes_total)).join(
            recent, recent.c.deal_id == col(DealFiguresRow.deal_id)
        )
    ).all()
    return [(int(n), int(m)) for n, m in rows]


def fees_per_unit(
    session: Session, *, user_id: int, start: date | None, end: date | None, currency: str
) -> dict[str, list[int]]:
    """Agreed fee per unit, by kind, for the newest deals whose deliverables are all of one kind:
    fees_per_unit_of()'s lists (in another order), from what the figures rows keep of their
    deals, by index, without the deliverables."""
    stmt = _fees_statement(start is not None, end is not None)
    out: dict[str, list[int]] = {}
    for kind, fee in session.execute(stmt, _history_params(user_id, start, end, currency)):
        out.setdefault(kind, []).append(int(fee))
    return out


@cache
def _fees_statement(dated_from: bool, dated_to: bool) -> Any:
    priced = _priced_fees(dated_from, dated_to)
    return select(priced.c.kind, priced.c.v)


def fees_per_unit_of(
    session: Session, *, user_id: int, start: date | None, end: date | None, currency: str
) -> dict[str, list[int]]:
    """fees_per_unit() worked out from the deals and their deliverables (the reference)."""
    recent = recent_deals(
        user_id,
        start,
        end,
        currency,
        col(Deal.agreed_fee).is_not(None),
        col(Deal.status) != "cancelled",
    )
    per_deal = (
        select(
            col(Deliverable.deal_id),
            func.min(col(Deliverable.kind)).label("kind"),
            func.sum(col(Deliverable.quantity)).label("units"),
        )
        .join(recent, recent.c.deal_id == col(Deliverable.deal_id))
        .group_by(col(Deliverable.deal_id))
        .having(func.count(func.distinct(col(Deliverable.kind))) == 1)
        .subquery()
    )
    rows = session.execute(
        select(per_deal.c.kind, col(Deal.agreed_fee), per_deal.c.units).join(
            Deal, col(Deal.id) == per_deal.c.deal_id
        )
    ).all()
    out: dict[str, list[int]] = {}
    for kind, fee, units in rows:
        if units:
            out.setdefault(kind, []).append(int(fee) // int(units))
    return out


def awaiting_payment(session: Session, *, user_id: int, limit: int) -> list[Any]:
    """(deal, brand name, paid so far) of delivered deals still owed money, by payment date
    (those without one last): read in payment-date order by index, stopping at `limit`.

    Every write keeps a deal's stored figures (refresh_figures); deals from before stored
    figures get theirs on the first dashboard view (ensure_figures), not on every home view.
    """

    def owed(*conditions: ColumnElement[bool]) -> Any:
        return (
            select(
                Deal,
                col(Brand.name),
                (col(Deal.agreed_fee) - col(DealFiguresRow.outstanding)).label("paid"),
            )
            .join(DealFiguresRow, col(DealFiguresRow.deal_id) == col(Deal.id))
            .join(Brand, col(Brand.id) == col(Deal.brand_id))
            .where(
                col(Deal.user_id) == user_id,
                col(Deal.agreed_fee).is_not(None),
                col(Deal.status).in_(["delivered", "disputed", "paid"]),
                col(DealFiguresRow.outstanding) > 0,
                *conditions,
            )
        )

    rows = list(
        session.execute(
            owed(col(Deal.payment_due_on).is_not(None))
            .order_by(col(Deal.payment_due_on), col(Deal.id))
            .limit(limit)
        ).all()
    )
    if len(rows) < limit:
        rows += session.execute(
            owed(col(Deal.payment_due_on).is_(None)).order_by(col(Deal.id)).limit(limit - len(rows))
        ).all()
    return rows


class OverdueDeal(NamedTuple):
    """What the overdue list shows of a deal."""

    id: int
    title: str
    currency: str
    payment_due_on: date


def overdue_deals(
    session: Session, *, user_id: int, today: date, limit: int = 20
) -> list[tuple[OverdueDeal, str, int, int]]:
    """Deals with money outstanding past their payment date, biggest first: each with its
    brand's name, the amount outstanding and the days it is overdue."""
    rows: list[Any] = list(
        session.connection().execute(
            _OVERDUE_DEALS, {"o_user": user_id, "o_today": today, "o_limit": limit}
        )
    )
    return [
        (OverdueDeal(id_, title, currency, due), name, outstanding, (today - due).days)
        for id_, title, currency, due, name, outstanding in rows
        if due is not None  # the query's filter; this tells mypy
    ]


_OVERDUE_DEALS = (  # built once (the dashboard shows it on every first view)
    select(
        col(Deal.id),
        col(Deal.title),
        col(Deal.currency),
        col(Deal.payment_due_on),
        col(Brand.name),
        col(DealFiguresRow.outstanding),
    )
    .select_from(DealFiguresRow)
    .join(Deal, col(DealFiguresRow.deal_id) == col(Deal.id))
    .join(Brand, col(Brand.id) == col(Deal.brand_id))
    .where(
        col(DealFiguresRow.user_id) == bindparam("o_user"),
        col(Deal.user_id) == bindparam("o_user"),
        col(DealFiguresRow.outstanding) > 0,
        col(Deal.payment_due_on) < bindparam("o_today"),
    )
    .order_by(col(DealFiguresRow.outstanding).desc(), col(Deal.payment_due_on))
    .limit(bindparam("o_limit"))
)


# --- the same summary from the monthly rollups (flat cost) -----------------------------------
def month_aligned(start: date | None, end: date | None) -> bool:
    if start is not None and start.day != 1:
        return False
    return end is None or (end + timedelta(days=1)).day == 1


def summarize_fast(
    session: Session,
    *,
    user_id: int,
    start: date | None,
    end: date | None,
    today: date,
    target_hourly: int | None,
) -> Summary:
    """summarize() for whole-month periods, read from the rollups: months × keys rows."""
    if not month_aligned(start, end):
        return summarize(
            session, user_id=user_id, start=start, end=end, today=today, target_hourly=target_hourly
        )
    ensure_figures(session, user_id=user_id)
    table = table_of(FiguresRollup)
    where = [table.c.user_id == user_id]
    if start is not None:
        where.append(table.c.month >= rollup.month_of(start))
    if end is not None:
        where += [table.c.month <= rollup.month_of(end), table.c.month > 0]
    sums = [func.sum(table.c[name]).label(name) for name in rollup.SUMS]
    # Summed in SQL: one row per breakdown key and one per month come back, whatever the
    # number of months in the period or deals in the ledger.
    buckets: dict[tuple[str, str, str], calc.Totals] = {}
    for row in session.execute(
        select(table.c.currency, table.c.dimension, table.c.key, *sums)
        .where(*where)
        .group_by(table.c.currency, table.c.dimension, table.c.key)
    ).all():
        _add_sums(
            buckets.setdefault(
                (row.currency, row.dimension, row.key), calc.Totals(currency=row.currency)
            ),
            row,
        )
    months: dict[tuple[str, int], calc.Totals] = {}
    for row in session.execute(
        select(table.c.currency, table.c.month, *sums)
        .where(*where, table.c.dimension == "all")
        .group_by(table.c.currency, table.c.month)
    ).all():
        _add_sums(
            months.setdefault((row.currency, row.month), calc.Totals(currency=row.currency)),
            row,
        )
    return _finish(session, buckets, months, user_id, start, end, today, target_hourly)


def _finish(
    session: Session,
    buckets: dict[tuple[str, str, str], calc.Totals],
    months: dict[tuple[str, int], calc.Totals],
    user_id: int,
    start: date | None,
    end: date | None,
    today: date,
    target_hourly: int | None,
    named: bool = True,
) -> Summary:
    """The Summary of a whole-month period from its sums per breakdown key and per month (new
    Totals, changed here): the overdue counts added, the names, the breakdowns sorted.
    Without `named`, brands and agencies are labelled with their ids (for a caller that names
    them itself: cached_summary)."""
    # Overdue depends on today: the deals with money outstanding past their date, counted
    # where they are filed, in SQL (read by the outstanding index), and kept until the set of
    # owing deals changes (a work entry does not recount them).
    for currency, dim, key, count in overdue_counts(session, user_id, start, end, today):
        if dim == "month":
            found = months.get((currency, int(key)))
        else:
            found = buckets.get((currency, dim, key))
        if found is not None:
            found.overdue_count += int(count)
    for totals in [*buckets.values(), *months.values()]:
        if target_hourly is None:
            totals.unpaid_value = None
    summary = Summary(start=start, end=end)
    summary.totals = {c: t for (c, dim, _k), t in buckets.items() if dim == "all"}
    names = _names(session, user_id, buckets) if named else {}
    for dim, attr in (
        ("brand", "by_brand"),
        ("agency", "by_agency"),
        ("kind", "by_deliverable_kind"),
        ("source", "by_source"),
    ):
        items = [
            Breakdown(k, names.get((dim, k), k), t)
            for (c, d, k), t in buckets.items()
            if d == dim and t.deals
        ]
        setattr(summary, attr, sorted(items, key=lambda b: (b.totals.currency, b.label, b.key)))
    summary.by_month = sorted(
        (Breakdown(str(m), str(m), t) for (c, m), t in months.items() if m > 0 and t.deals),
        key=lambda b: (b.totals.currency, b.key),
    )
    summary.totals = {c: t for c, t in summary.totals.items() if t.deals}
    return summary


# --- a period's sums kept and moved by the rollup rows written since ------------------------
RowKey = tuple[str, int, str, str]  # currency, month, dimension, key


@dataclass(frozen=True)
class PeriodSums:
    """The rollup rows of one account's period as last read (each row's SUMS), their sums per
    breakdown key and per month, and the highest stamp among them. Never changed once made
    (worker threads share it): a newer one replaces it."""

    account: tuple[str, int]  # when the account was made, its owing version
    stamp: int
    rows: dict[RowKey, tuple[int, ...]]
    buckets: dict[tuple[str, str, str], tuple[int, ...]]
    months: dict[tuple[str, int], tuple[int, ...]]


# Per account and period: the rows of a period (months × keys, a few hundred) and their sums.
_PERIOD_SUMS: Lru[PeriodSums] = Lru(16)


def _plus(a: tuple[int, ...] | None, b: tuple[int, ...], sign: int = 1) -> tuple[int, ...]:
    if a is None:
        return tuple(sign * v for v in b)
    return tuple(x + sign * y for x, y in zip(a, b, strict=True))


@cache
def _period_sums_statement(has_start: bool, has_end: bool) -> Any:
    """period_sums()'s statement for a period with or without a start and an end, built once
    (its values are parameters)."""
    from app.accounts.models import User

    table = table_of(FiguresRollup)
    every = table.alias("every_row")
    # The account's highest stamp (the (user_id, stamp) index: one seek).
    top = (
        select(func.coalesce(func.max(every.c.stamp), -1))
        .where(every.c.user_id == col(User.id))
        .scalar_subquery()
    )
    on = [table.c.user_id == col(User.id), table.c.stamp > bindparam("p_after")]
    if has_start:
        on.append(table.c.month >= bindparam("p_start"))
    if has_end:
        on += [table.c.month <= bindparam("p_end"), table.c.month > 0]
    return (
        select(
            col(User.created_at),
            col(Profile.owing_version),
            table.c.currency,
            table.c.month,
            table.c.dimension,
            table.c.key,
            table.c.stamp,
            top,
            *[table.c[name] for name in rollup.SUMS],
        )
        .select_from(User)
        .join(Profile, col(Profile.user_id) == col(User.id))
        .outerjoin(table, and_(*on))
        .where(col(User.id) == bindparam("p_user"))
    )


def period_sums(session: Session, user_id: int, start: date | None, end: date | None) -> PeriodSums:
    """The period's sums, from the kept ones moved by the period's rows stamped after them (a
    write of one deal: the few rows it is filed under), in one statement with the account's
    owing version; all the period's rows when none are kept for this account and owing version
    (a rebuild moves it, and may delete rows).

    Exact: each writer of rollup rows moves the account's ledger version first and stamps the
    rows with it, holding the profile row to its commit, so the versions of committed writes
    form a prefix: the rows one statement reads stamped above S are all that were written
    after the read that saw S (rollup.apply; models.FiguresRollup.stamp).

    Rows are stamped higher with each write, so the account's highest stamp never falls below
    S while the sums kept hold; a restore (the backup's rows, stamped as when it was made) or
    the 0023 migration (every row at 0) makes it fall, and the period is read whole. Without
    that, a write committed while a restore ran (between its read of the live versions and its
    copy going in) gave the restored ledger the owing version of the kept sums that held it."""
    kept = _PERIOD_SUMS.get((user_id, start, end))

    statement = _period_sums_statement(start is not None, end is not None)
    params: dict[str, Any] = {"p_user": user_id}
    if start is not None:
        params["p_start"] = rollup.month_of(start)
    if end is not None:
        params["p_end"] = rollup.month_of(end)

    def read(after: int) -> list[Any]:
        return list(session.connection().execute(statement, {**params, "p_after": after}))

    found = read(kept.stamp if kept is not None else -1)
    if not found:  # no such account (any more)
        return PeriodSums(("", 0), -1, {}, {}, {})
    account = (str(found[0][0]), int(found[0][1] or 0))
    if kept is not None and (kept.account != account or int(found[0][7]) < kept.stamp):
        kept = None
        found = read(-1)
        if not found:  # gone between the two statements (a restore while serving)
            return PeriodSums(("", 0), -1, {}, {}, {})
        account = (str(found[0][0]), int(found[0][1] or 0))
    changed = [r for r in found if r[2] is not None]
    if kept is not None and not changed:
        return kept
    rows = dict(kept.rows) if kept is not None else {}
    buckets = dict(kept.buckets) if kept is not None else {}
    months = dict(kept.months) if kept is not None else {}
    stamp = kept.stamp if kept is not None else -1
    for r in changed:
        currency, month, dim, key = str(r[2]), int(r[3]), str(r[4]), str(r[5])
        new = tuple(int(v) for v in r[8:])
        old = rows.get((currency, month, dim, key))
        delta = new if old is None else _plus(new, old, -1)
        rows[(currency, month, dim, key)] = new
        buckets[(currency, dim, key)] = _plus(buckets.get((currency, dim, key)), delta)
        if dim == "all":
            months[(currency, month)] = _plus(months.get((currency, month)), delta)
        stamp = max(stamp, int(r[6]))
    made = PeriodSums(account, stamp, rows, buckets, months)
    _PERIOD_SUMS.put((user_id, start, end), made)
    return made


def _totals_of(currency: str, sums: tuple[int, ...]) -> calc.Totals:
    totals = calc.Totals(currency=currency)
    for name, value in zip(rollup.SUMS, sums, strict=True):
        setattr(totals, name, value)
    return totals


def summary_of(
    session: Session,
    sums: PeriodSums,
    *,
    user_id: int,
    start: date | None,
    end: date | None,
    today: date,
    target_hourly: int | None,
) -> Summary:
    """summarize_fast()'s Summary from a period's kept sums (the same keys, the same sums), its
    brands and agencies labelled with their ids: cached_summary names them as they are now."""
    buckets = {k: _totals_of(k[0], v) for k, v in sums.buckets.items()}
    months = {k: _totals_of(k[0], v) for k, v in sums.months.items()}
    return _finish(session, buckets, months, user_id, start, end, today, target_hourly, named=False)


# Per account, owing version, stamp of the period's sums, period, day and target (tens of
# kilobytes each with a few hundred brands): a few dozen.
_SUMMARIES: Lru[Summary] = Lru(64, versioned=True)


def cached_summary(
    session: Session,
    *,
    user_id: int,
    start: date | None,
    end: date | None,
    today: date,
    target_hourly: int | None,
) -> Summary:
    """summarize_fast() for whole-month periods (summarize() for others), kept: a whole-month
    period's sums are moved by the rollup rows written since they were made (period_sums: after
    a write of one deal in the period, the rows it is filed under, not every row of the period);
    the Summary made from them is kept per their stamp, the owing version, day and target. The
    caller gets its own breakdown objects (it may label them in its language) over the shared,
    read-only totals, labelled with the brands' and agencies' names as they are now (a rename
    writes no rollup row)."""
    if not month_aligned(start, end):
        key: tuple[Any, ...] = (*rollup.period_key(session, user_id, start, end), start, end)

        def build() -> Summary:
            return summarize(
                session,
                user_id=user_id,
                start=start,
                end=end,
                today=today,
                target_hourly=target_hourly,
            )
    else:
        ensure_figures(session, user_id=user_id)
        sums = period_sums(session, user_id, start, end)
        key = (user_id, *sums.account, sums.stamp, start, end)

        def build() -> Summary:
            return summary_of(
                session,
                sums,
                user_id=user_id,
                start=start,
                end=end,
                today=today,
                target_hourly=target_hourly,
            )

    key = (*key, today, target_hourly)
    summary = _SUMMARIES.get(key)
    if summary is None:
        summary = build()
        _SUMMARIES.put(key, summary)
    copy = replace(summary, totals=dict(summary.totals))
    for name in ("by_brand", "by_agency", "by_deliverable_kind", "by_source", "by_month"):
        setattr(copy, name, [replace(b) for b in getattr(summary, name)])
    shown = [("brand", b) for b in copy.by_brand] + [("agency", b) for b in copy.by_agency]
    names = _names(session, user_id, {("", dim, b.key): b.totals for dim, b in shown})
    for dim, attr in (("brand", "by_brand"), ("agency", "by_agency")):
        items = getattr(copy, attr)
        for b in items:
            b.label = names.get((dim, b.key), b.key)
        items.sort(key=lambda b: (b.totals.currency, b.label, b.key))
    return copy


_OVERDUE: Lru[list[tuple[str, str, str, int]]] = Lru(64, versioned=True)


def overdue_counts(
    session: Session, user_id: int, start: date | None, end: date | None, today: date
) -> list[tuple[str, str, str, int]]:
    """_overdue_counts' rows, kept per account, owing version (rollup.bump_owing), period and
    day."""
    key = (*rollup.owing_key(session, user_id), start, end, today)
    found = _OVERDUE.get(key)
    if found is None:
        found = [
            (str(c), str(d), str(k), int(n))
            for c, d, k, n in session.execute(_overdue_counts(user_id, start, end, today)).all()
        ]
        _OVERDUE.put(key, found)
    return found


def _overdue_counts(user_id: int, start: date | None, end: date | None, today: date) -> Any:
    """(currency, dimension, key, count) of the overdue deals in scope, for each breakdown the
    rollups keep ("all", brand, agency, source, kind) and per month ("month", yyyymm).

    The deals are found once, from the stored figures' (user_id, outstanding) index: the few
    with money outstanding, not every deal with a payment date (the deal's own conditions
    name no indexed column of it, so no plan starts from the deals)."""
    day = deal_date_column()
    dated = []
    if start is not None:
        dated.append(day >= start)
    if end is not None:
        dated.append(day <= end)
    month = cast(extract("year", day), Integer) * 100 + cast(extract("month", day), Integer)
    owing = (
        select(
            col(Deal.id).label("id"),
            col(Deal.currency).label("currency"),
            _text(col(Deal.brand_id)).label("brand"),
            func.coalesce(_text(col(Deal.agency_id)), "").label("agency"),
            col(Deal.source).label("source"),
            _text(func.coalesce(month, 0)).label("month"),
        )
        .select_from(DealFiguresRow)
        .join(Deal, col(Deal.id) == col(DealFiguresRow.deal_id))
        .where(
            col(DealFiguresRow.user_id) == user_id,
            col(DealFiguresRow.outstanding) > 0,
            col(Deal.payment_due_on) < today,
            *dated,
        )
        .cte("owing")
    )

    def counted(dim: str, key: Any | None) -> Any:
        name = literal_column(f"'{dim}'", String)  # a constant of this code, not an input
        stmt = select(
            owing.c.currency,
            name.label("dim"),
            (literal_column("''", String) if key is None else key).label("key"),
            func.count(),
        )
        return stmt.group_by(owing.c.currency, *([] if key is None else [key]))

    kinds = (
        select(
            owing.c.currency,
            literal_column("'kind'", String).label("dim"),
            col(Deliverable.kind).label("key"),
            func.count(func.distinct(owing.c.id)),
        )
        .join(Deliverable, col(Deliverable.deal_id) == owing.c.id)
        .group_by(owing.c.currency, col(Deliverable.kind))
    )
    return union_all(
        counted("all", None),
        counted("brand", owing.c.brand),
        counted("agency", owing.c.agency),
        counted("source", owing.c.source),
        kinds,
        counted("month", owing.c.month),
    )


def _text(expr: Any) -> Any:
    """An id as the rollups file it: text."""
    return cast(expr, String)


def _add_sums(totals: calc.Totals, row: Any) -> None:
    for name in rollup.SUMS:
        if name == "unpaid_value":
            totals.unpaid_value = (totals.unpaid_value or 0) + int(row.unpaid_value)
        else:
            setattr(totals, name, getattr(totals, name) + int(getattr(row, name)))


def _names_statement() -> Any:
    """_names()'s statement, built once (its ids are expanding parameters): building it for
    each view cost more than running it."""
    brands = select(literal("brand").label("dim"), col(Brand.id), col(Brand.name)).where(
        col(Brand.user_id) == bindparam("n_user"),
        col(Brand.id).in_(bindparam("n_brands", expanding=True)),
    )
    agencies = select(literal("agency").label("dim"), col(Agency.id), col(Agency.name)).where(
        col(Agency.user_id) == bindparam("n_user"),
        col(Agency.id).in_(bindparam("n_agencies", expanding=True)),
    )
    return brands.union_all(agencies)


_NAMES = _names_statement()


def _names(
    session: Session, user_id: int, buckets: dict[tuple[str, str, str], calc.Totals]
) -> dict[tuple[str, str], str]:
    """Brand and agency names of the buckets shown, in one statement (even when none are)."""
    brand_ids = sorted({int(k) for (_c, d, k) in buckets if d == "brand" and k})
    agency_ids = sorted({int(k) for (_c, d, k) in buckets if d == "agency" and k})
    return {
        (dim, str(id_)): name
        for dim, id_, name in session.connection().execute(
            _NAMES, {"n_user": user_id, "n_brands": brand_ids, "n_agencies": agency_ids}
        )
    }
