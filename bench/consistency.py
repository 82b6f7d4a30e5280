"""Stored figures and rollups checked against the entries they are made from.

Used after concurrent writes and crashes (tests, bench/crash.py, the scorecard): every deal's
stored figures (with what the own percentiles read of it) must equal a fresh computation from
its entries, and every account's monthly
rollups, year tax sums (tax_deal_year, tax_year) and payments' expected withholding
(tax_payment) must equal a rebuild from those figures
and the payments. Reads only; the rebuild is rolled back.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from app.economics import calc, rollup
from app.economics.models import (
    DealFiguresRow,
    FiguresRollup,
    TaxDealYear,
    TaxPayment,
    TaxYear,
)
from app.economics.service import load_inputs, row_values
from app.ledger.models import Deal


def _rollups(session: Session, user_id: int) -> dict[tuple[Any, ...], tuple[int, ...]]:
    rows = session.execute(
        select(FiguresRollup).where(col(FiguresRollup.user_id) == user_id)
    ).scalars()
    out = {}
    for row in rows:
        sums = tuple(int(getattr(row, name)) for name in rollup.SUMS)
        if any(sums):
            out[(row.currency, row.month, row.dimension, row.key)] = sums
    return out


def _tax_rows(session: Session, user_id: int) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    out: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for table, key_names in (
        (TaxYear, ("year",)),
        (TaxDealYear, ("deal_id", "year")),
        (TaxPayment, ("payment_id",)),
    ):
        columns = table.__table__.c  # type: ignore[attr-defined]
        for row in session.execute(select(columns).where(columns.user_id == user_id)).all():
            values = row._mapping
            key = (table.__tablename__, *(values[name] for name in key_names))
            sums = tuple(v for name, v in values.items() if name not in {"user_id", *key_names})
            if any(v for v in sums if not isinstance(v, str)):
                out[key] = sums
    return out


def mismatches(engine: Engine, user_id: int) -> list[str]:
    """What differs, as readable lines; empty when everything agrees."""
    found: list[str] = []
    with Session(engine) as session:
        deals = session.execute(select(Deal).where(col(Deal.user_id) == user_id)).scalars().all()
        for deal in deals:
            expected = row_values(calc.deal_figures(load_inputs(session, deal)))
            row = session.get(DealFiguresRow, deal.id)
            if row is None:
                found.append(f"deal {deal.id}: no stored figures")
                continue
            for name, value in expected.items():
                if getattr(row, name) != value:
                    found.append(f"deal {deal.id}: {name} stored {getattr(row, name)}, is {value}")
            # What the own percentiles read of it (rollup.set_history), as worked out now.
            kept = calc.history_inputs(
                delivered_on=deal.delivered_on,
                brief_received_on=deal.brief_received_on,
                agreed_fee=deal.agreed_fee,
                status=str(deal.status),
                units_by_kind=rollup.units_of(session, deal.id),
            )
            # and the month of its date, by which the month-led read finds it (alembic 0028).
            month = None if kept.filed_on is None else rollup.month_of(kept.filed_on)
            for name, value in [*dataclasses.asdict(kept).items(), ("filed_month", month)]:
                if getattr(row, name) != value:
                    found.append(f"deal {deal.id}: {name} stored {getattr(row, name)}, is {value}")
        stored = _rollups(session, user_id)
        stored_tax = _tax_rows(session, user_id)
        session.rollback()
        rollup.rebuild(session, user_id=user_id)
        session.flush()
        rebuilt = _rollups(session, user_id)
        rebuilt_tax = _tax_rows(session, user_id)
        session.rollback()
    for key in sorted(set(stored) | set(rebuilt), key=str):
        if stored.get(key) != rebuilt.get(key):
            found.append(f"rollup {key}: stored {stored.get(key)}, rebuilt {rebuilt.get(key)}")
    for key in sorted(set(stored_tax) | set(rebuilt_tax), key=str):
        if stored_tax.get(key) != rebuilt_tax.get(key):
            found.append(
                f"tax sums {key}: stored {stored_tax.get(key)}, rebuilt {rebuilt_tax.get(key)}"
            )
    return found
