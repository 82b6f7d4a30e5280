"""attack-hist31: the own percentiles' reads (month by month by the month-led index for a
period of up to HISTORY_MONTHS months, alembic 0028/0029; whole or by the deal-id index
otherwise) under concurrent writes against a real server, `kocledger serve --workers 2` on
127.0.0.1: eight writers at a time move deals between months and currencies, log work, add and
delete deals, while the dashboard of sparse and dense periods is read. No request fails, and
afterwards every figures row's filed_month is its date's, and the percentiles of every period
equal the recount by every read."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, col, select

from app import clock
from app.accounts import service as accounts
from app.db import make_engine
from app.demo import DEMO_PASSWORD, fill_demo
from app.ledger.models import Deal
from app.settings import Settings
from bench.consistency import mismatches
from bench.live import LiveServer, at_once, status_of
from tests.conftest import Databases
from tests.history import assert_reads_agree

pytestmark = [pytest.mark.concurrency, pytest.mark.commits]


@pytest.fixture(scope="module")
def live(databases: Databases, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    data: Path = tmp_path_factory.mktemp("live-history")
    url, env = databases.live_env(data)
    engine = make_engine(Settings(database_url=url, data_dir=data))
    with Session(engine) as db:
        # 500 deals over 18 months: a month holds a few dozen (month-led read), the whole
        # span more than HISTORY_DEALS (deal-id read).
        fill_demo(db, username="mei", deals=500, seed=31, now=clock.utcnow())
        user_id = accounts.find_user(db, username="mei").id
        assert user_id is not None
        token, _ = accounts.create_token(db, user_id=user_id, label="race", now=clock.utcnow())
    server = LiveServer(env, workers=2, log=data / "server.log").start()
    try:
        yield server, engine, token, user_id
    finally:
        server.stop()
        engine.dispose()


def test_writes_racing_dashboard_reads_keep_the_percentiles(live: Any) -> None:
    server, engine, token, user_id = live
    rng = random.Random(31)
    today = clock.utcnow().date()
    with Session(engine) as db:
        ids = list(db.execute(select(col(Deal.id)).where(col(Deal.user_id) == user_id)).scalars())
        brand = db.execute(select(col(Deal.brand_id)).where(col(Deal.user_id) == user_id)).scalar()
    victims = ids[-8:]  # the deleted ones: no other call of the run names them
    del ids[-8:]
    first = today.replace(day=1)
    periods = [
        (first, today),
        (first - timedelta(days=1), first - timedelta(days=1)),  # the last day of last month
        (date(today.year - 1, 1, 1), date(today.year - 1, 3, 31)),
        (date(2020, 1, 1), date(2020, 1, 31)),  # empty
        (today - timedelta(days=600), today),  # more than HISTORY_DEALS
        (today - timedelta(days=45), today - timedelta(days=20)),  # mid-month to mid-month
        # Months in the past, read month by month and merged (alembic 0029), one with an open
        # start (narrowed first to the months that hold its rows: two statements).
        (today - timedelta(days=500), today - timedelta(days=380)),
        (None, today - timedelta(days=400)),
    ]
    api = server.api(token)
    browser, _csrf = server.browser("mei", DEMO_PASSWORD)
    try:

        def day() -> str:
            return (today - timedelta(days=rng.randint(0, 560))).isoformat()

        def write(n: int) -> Callable[[], Any]:
            deal_id = ids[rng.randrange(len(ids))]
            what = n % 6
            if what == 0:
                body: dict[str, Any] = {"delivered_on": day()}
            elif what == 1:
                body = {"currency": rng.choice(["CNY", "USD"])}
            elif what == 2:
                body = {"delivered_on": None, "brief_received_on": day()}
            elif what == 3:
                work = {"activity": "editing", "minutes": rng.randint(5, 300), "worked_on": day()}
                return lambda: api.post(f"/deals/{deal_id}/work", json=work)
            elif what == 4:
                made = {
                    "title": f"race {n}",
                    "brand_id": brand,
                    "status": "delivered",
                    "agreed_fee": str(rng.randint(100, 9000)),
                    "delivered_on": day(),
                }
                return lambda: api.post("/deals", json=made)
            else:
                gone = victims.pop()
                return lambda: api.delete(f"/deals/{gone}")
            return lambda: api.patch(f"/deals/{deal_id}", json=body)

        def read(n: int) -> Callable[[], Any]:
            start, end = periods[n % len(periods)]
            return lambda: browser.get(f"/dashboard?from={start}&to={end}")

        statuses: Counter[Any] = Counter()
        for burst in range(6):
            calls = []
            for n in range(8):
                calls += [write(burst * 8 + n), read(burst * 8 + n)]
            statuses.update(status_of(r) for r in at_once(calls, parallel=8))
        # 48 dashboard reads and 24 edits, 8 work entries and 8 deals made, 8 deleted
        assert statuses == {200: 72, 201: 16, 204: 8}, statuses
    finally:
        api.close()
        browser.close()
    assert mismatches(engine, user_id) == []
    with Session(engine) as db:
        assert_reads_agree(
            db,
            user_id=user_id,
            periods=[*periods, (None, None), (None, today), (today, None)],
            currencies=("CNY", "USD"),
        )
