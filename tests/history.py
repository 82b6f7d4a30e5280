"""The own percentiles by every read against the recount: a shared check for the tests of the
month-led reads (alembic 0028, 0029)."""

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
    months: Sequence[int | None] = (None, 0, 1, 2),
    context: tuple[Any, ...] = (),
) -> None:
    """economics.own_history() equals own_history_of() for every period and currency, whichever
    read each limit of months and each count picks. `months` (economics.HISTORY_MONTHS, None:
    as it is): a dated period of at most that many months (its own, or those of its rows) is
    read month by month and merged by deal id; 0 sends every dated period to the reads of a
    long one, where the count picks: None (the rollups' count), 0 (the whole period by the
    month-led index), a count above the limit (the deal-id read)."""
    kept = economics.HISTORY_MONTHS
    try:
        for start, end in periods:
            for currency in currencies:
                args: dict[str, Any] = {
                    "user_id": user_id,
                    "start": start,
                    "end": end,
                    "currency": currency,
                }
                reference = economics.own_history_of(db, **args)
                for limit in months:
                    economics.HISTORY_MONTHS = kept if limit is None else limit
                    for count in counts:
                        got = economics.own_history(db, **args, period_deals=count)
                        assert got == reference, (*context, start, end, currency, limit, count)
    finally:
        economics.HISTORY_MONTHS = kept
