"""Dashboard periods: month, quarter, year, last 12 months, all, or custom. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

PERIODS = ("month", "quarter", "year", "12m", "all")


@dataclass(frozen=True)
class Period:
    key: str
    start: date | None
    end: date | None


def _month_end(day: date) -> date:
    first_next = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def resolve(
    key: str | None, *, today: date, start: date | None = None, end: date | None = None
) -> Period:
    if start is not None or end is not None:
        if start is not None and end is not None and start > end:
            start, end = end, start
        return Period("custom", start, end)
    if key == "month":
        return Period(key, today.replace(day=1), _month_end(today))
    if key == "quarter":
        first_month = 3 * ((today.month - 1) // 3) + 1
        first = date(today.year, first_month, 1)
        return Period(key, first, _month_end(date(today.year, first_month + 2, 1)))
    if key == "year":
        return Period(key, date(today.year, 1, 1), date(today.year, 12, 31))
    if key == "all":
        return Period(key, None, None)
    # Default: the last twelve whole months, this one included.
    first = (
        date(today.year, 1, 1) if today.month == 12 else date(today.year - 1, today.month + 1, 1)
    )
    return Period("12m", first, _month_end(today))
