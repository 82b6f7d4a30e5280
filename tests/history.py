"""The own percentiles by either read against the recount: a shared check for the tests of the
month-led read (alembic 0028)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlmodel import Session

from app.economics import service as economics


def assert_reads_agree(
    db: Session,
    *,
    user_id: int,
    periods: Iterable[tuple[date | None, date | None]],
    currencies: Sequence[str],
    counts: Sequence[int | None] = (None, 0, 10**6),
    context: tuple[Any, ...] = (),
) -> None:
    """economics.own_history() equals own_history_of() for every period and currency, whichever
    read each count picks: None (the rollups' count), 0 (the month-led read), a count above
    the limit (the deal-id read)."""
    for start, end in periods:
        for currency in currencies:
            args: dict[str, Any] = {
                "user_id": user_id,
                "start": start,
                "end": end,
                "currency": currency,
            }
            reference = economics.own_history_of(db, **args)
            for count in counts:
                got = economics.own_history(db, **args, period_deals=count)
                assert got == reference, (*context, start, end, currency, count)
