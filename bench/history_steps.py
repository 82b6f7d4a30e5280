"""The own percentiles' cost per period, deterministic and timed: SQLite VM steps (a progress
handler called every op) and the median of repeated calls of economics.own_history, as the
dashboard asks for it (with the period's count of deals), on a demo ledger.

    python -m bench.history_steps --data DIR [--user demo] [--calls 30]
    python -m bench.history_steps --url postgresql+psycopg://… (timings only)

The periods are the dashboard's (this month, last month, quarter, year, 12 months, all time) and
custom ones in the past (a quarter and a month 16 months back, part months, open ends), by
today's date; a digest of the figures of each lets two revisions be compared on copies of one
ledger.
"""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
import statistics
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any


def _month(day: date, back: int) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def _end(first: date) -> date:
    return _month(first, -1) - timedelta(days=1)


def periods(today: date) -> dict[str, tuple[date | None, date | None]]:
    this = today.replace(day=1)
    quarter = _month(this, (this.month - 1) % 3)
    back = _month(this, 16)
    return {
        "this month": (this, _end(this)),
        "last month": (_month(this, 1), _end(_month(this, 1))),
        "quarter": (quarter, _end(_month(quarter, -2))),
        "year": (date(today.year, 1, 1), date(today.year, 12, 31)),
        "12 months": (_month(this, 11), _end(this)),
        "quarter 16 months back": (back, _end(_month(back, -2))),
        "part quarter 16 months back": (
            back + timedelta(days=14),
            _end(_month(back, -2)) - timedelta(days=14),
        ),
        "month 16 months back": (back, _end(back)),
        "to 14 months back": (None, _end(_month(this, 14))),
        "from 6 months back": (_month(this, 6), None),
        "all time": (None, None),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path)
    parser.add_argument("--url")
    parser.add_argument("--user", default="demo")
    parser.add_argument("--currency", default="CNY")
    parser.add_argument("--calls", type=int, default=30)
    args = parser.parse_args(argv)

    from sqlmodel import Session, col, select

    from app.accounts.models import User
    from app.db import make_engine
    from app.economics import service as economics
    from app.settings import Settings

    settings = Settings(database_url=args.url) if args.url else Settings(data_dir=args.data)
    engine = make_engine(settings)
    with Session(engine) as session:
        user_id = session.execute(
            select(col(User.id)).where(col(User.username) == args.user)
        ).scalar_one()
        raw = session.connection().connection.driver_connection
        steps = isinstance(raw, sqlite3.Connection)
        for name, (start, end) in periods(date.today()).items():
            count = None
            if start is not None or end is not None:
                count = economics._deals_in_months(session, user_id, start, end, args.currency)

            def call(start: Any = start, end: Any = end, count: Any = count) -> Any:
                return economics.own_history(
                    session,
                    user_id=user_id,
                    start=start,
                    end=end,
                    currency=args.currency,
                    period_deals=count,
                )

            call()  # statements built and prepared
            counted = [0]

            def step(counted: list[int] = counted) -> int:
                counted[0] += 1
                return 0

            if steps:
                raw.set_progress_handler(step, 1)
            got = call()
            if steps:
                raw.set_progress_handler(None, 1)
            times = []
            for _ in range(args.calls):
                started = time.perf_counter()
                call()
                times.append((time.perf_counter() - started) * 1000)
            digest = hashlib.sha256(repr(got).encode()).hexdigest()[:10]
            print(
                f"{name:28} {start!s:>10} {end!s:>10} deals={count!s:>6} "
                + (f"steps={counted[0]:>8} " if steps else "")
                + f"median={statistics.median(times):6.2f} ms min={min(times):6.2f} ms "
                f"rates={got.rate_count} figures={digest}"
            )
    engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
