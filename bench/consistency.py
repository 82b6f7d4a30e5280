"""Stored figures and rollups checked against the entries they are made from.

Used after concurrent writes and crashes (tests, bench/crash.py, the scorecard): every deal's
stored figures must equal a fresh computation from its entries, and every account's monthly
rollups must equal a rebuild from those figures. Reads only; the rebuild is rolled back.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from app.economics import calc, rollup
from app.economics.models import DealFiguresRow, FiguresRollup
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
        stored = _rollups(session, user_id)
        session.rollback()
        rollup.rebuild(session, user_id=user_id)
        session.flush()
        rebuilt = _rollups(session, user_id)
        session.rollback()
    for key in sorted(set(stored) | set(rebuilt), key=str):
        if stored.get(key) != rebuilt.get(key):
            found.append(f"rollup {key}: stored {stored.get(key)}, rebuilt {rebuilt.get(key)}")
    return found
