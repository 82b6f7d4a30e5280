"""The only place that reads the clock; everything else gets `now` or `today` passed in."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def utcnow() -> datetime:
    return datetime.now(UTC)


def today_in(timezone: str) -> date:
    return datetime.now(ZoneInfo(timezone)).date()
