"""Attacks on the period sums kept and moved by stamped rollup rows (issue 15, perf5's 141101d).

`kocledger serve --workers 2` on SQLite (one file) and on PostgreSQL (READ COMMITTED, writers
racing for real): two accounts written 8 at a time with every kind of write (deals made,
edited, moved into and out of this month, made undated and deleted; payments, work entries
and expenses posted, edited and deleted; currency, target and time zone changed), while both
workers answer the summary API and the dashboard of the same periods (the dashboard and the
API share one account's kept period sums). Between the bursts, and after them, every answer of
either worker must equal the summary recounted from the deals (no rollups, no caches).
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app import clock
from app.accounts import service as accounts
from app.db import make_engine
from app.economics import service as economics
from app.economics.serialize import summary_json
from app.ledger import service as ledger
from app.settings import Settings
from bench.live import LiveServer, at_once, status_of
from tests.conftest import PASSWORD, Databases

pytestmark = pytest.mark.concurrency

NAMES = ("erin", "fred")


@dataclass
class Server:
    server: LiveServer
    engine: Engine
    users: dict[str, int]
    tokens: dict[str, str]


@pytest.fixture(scope="module")
def server(databases: Databases, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data: Path = tmp_path_factory.mktemp("stamp")
    url, env = databases.live_env(data)
    engine = make_engine(Settings(database_url=url, data_dir=data))
    users, tokens = {}, {}
    with Session(engine) as db:
        for name in NAMES:
            user = accounts.create_user(db, username=name, password=PASSWORD, now=clock.utcnow())
            assert user.id is not None
            users[name] = user.id
            tokens[name], _ = accounts.create_token(
                db, user_id=user.id, label="stamp", now=clock.utcnow()
            )
    live = LiveServer(env, workers=2, log=data / "server.log").start()
    try:
        yield Server(live, engine, users, tokens)
    finally:
        live.stop()
        engine.dispose()


def _periods(today: date) -> list[tuple[date | None, date | None]]:
    """What the dashboard's month, year and 12-month periods and 'all' ask (whole months: the
    kept sums), and one period that is not month-aligned (the other path)."""
    first = today.replace(day=1)
    nxt = (first + timedelta(days=32)).replace(day=1)
    month_end = nxt - timedelta(days=1)
    twelve = date(today.year - (today.month < 12), today.month % 12 + 1, 1)
    return [
        (first, month_end),
        (date(today.year, 1, 1), date(today.year, 12, 31)),
        (twelve, month_end),
        (None, None),
        (first - timedelta(days=20), first + timedelta(days=9)),
    ]


def _query(start: date | None, end: date | None) -> dict[str, str]:
    return {} if start is None or end is None else {"from": str(start), "to": str(end)}


def _recounted(engine: Engine, user_id: int, start: date | None, end: date | None) -> Any:
    """The summary document recounted from the deals (summarize: no rollups, no caches)."""
    with Session(engine) as db:
        profile = ledger.get_profile(db, user_id=user_id)
        found = economics.summarize(
            db,
            user_id=user_id,
            start=start,
            end=end,
            today=clock.today_in(profile.timezone),
            target_hourly=profile.target_hourly,
        )
        return json.loads(json.dumps(summary_json(found), ensure_ascii=False))


def _drift(server: Server, name: str, today: date, asks: int = 6) -> list[Any]:
    """Every period asked over fresh connections (both workers answer), against a recount."""
    out = []
    for start, end in _periods(today):
        expected = _recounted(server.engine, server.users[name], start, end)
        for _ in range(asks):
            with server.server.api(server.tokens[name]) as api:
                served = api.get("/summary", params=_query(start, end)).json()
            if served != expected:
                out.append((name, start, end, served, expected))
    return out


def _writes(api: httpx.Client, deals: list[int], today: date, rnd: int, seed: int) -> list[Any]:
    """One round of every kind of write on one account's deals."""
    first = today.replace(day=1)
    inside = [str(first + timedelta(days=d)) for d in (0, 3, 9)]
    outside = [str(first - timedelta(days=5)), str(first - timedelta(days=400))]
    calls: list[Callable[[], Any]] = []

    def call(method: str, url: str, body: Any = None) -> Callable[[], Any]:
        return lambda: api.request(method, url, json=body)

    for n, deal_id in enumerate(deals):
        k = n + rnd + seed
        calls.append(
            call(
                "POST",
                f"/deals/{deal_id}/payments",
                {"gross": f"{11 + k}.00", "received_on": inside[k % 3], "tax_withheld": "1.00"},
            )
        )
        calls.append(
            call(
                "POST",
                f"/deals/{deal_id}/work",
                {"activity": "editing", "minutes": 30 + k, "worked_on": inside[0]},
            )
        )
        calls.append(
            call(
                "POST",
                f"/deals/{deal_id}/expenses",
                {"amount": f"{3 + k}.00", "spent_on": inside[1]},
            )
        )
        # Into and out of this month, out of the year, undated; the fee and currency too.
        dates: list[dict[str, Any]] = [
            {"delivered_on": inside[2], "brief_received_on": None},
            {"delivered_on": outside[0]},
            {"delivered_on": outside[1]},
            {"delivered_on": None, "brief_received_on": None},
        ]
        dated = dates[k % 4]
        calls.append(
            call(
                "PATCH",
                f"/deals/{deal_id}",
                {
                    **dated,
                    "agreed_fee": f"{400 + 10 * k}.00",
                    "currency": ("CNY", "USD")[(k // 2) % 2],
                    "payment_due_on": (str(first - timedelta(days=2)), str(first + timedelta(40)))[
                        k % 2
                    ],
                },
            )
        )
    return calls


def _later(api: httpx.Client, deals: list[int]) -> list[Callable[[], Any]]:
    """Edits and deletions of the parts posted (read back first)."""
    calls: list[Callable[[], Any]] = []
    for deal_id in deals:
        for slug in ("payments", "work", "expenses"):
            items = api.get(f"/deals/{deal_id}/{slug}").json().get("items", [])
            if items:
                calls.append(partial(api.delete, f"/deals/{deal_id}/{slug}/{items[0]['id']}"))
            if len(items) > 1:
                edits: dict[str, dict[str, Any]] = {
                    "payments": {"gross": "99.00"},
                    "work": {"minutes": 77},
                    "expenses": {"amount": "5.50"},
                }
                body = edits[slug]
                calls.append(
                    partial(api.patch, f"/deals/{deal_id}/{slug}/{items[1]['id']}", json=body)
                )
    return calls


def _new_deal(api: httpx.Client, title: str, day: str) -> int:
    brand = api.post("/brands", json={"name": f"Brand {title}"}).json()
    body = {
        "title": title,
        "brand_id": brand["id"],
        "agreed_fee": "500.00",
        "status": "delivered",
        "delivered_on": day,
    }
    response = api.post("/deals", json=body)
    assert response.status_code == 201, response.text
    deal_id: int = response.json()["id"]
    return deal_id


def test_kept_period_sums_equal_a_recount_under_mixed_writes_on_two_workers(
    server: Server,
) -> None:
    today = clock.today_in("UTC")
    first = str(today.replace(day=1))
    seen: Counter[int | str] = Counter()
    drift: list[Any] = []
    apis = {name: server.server.api(server.tokens[name]) for name in NAMES}
    browsers = {name: server.server.browser(name, PASSWORD)[0] for name in NAMES}
    try:
        deals = {
            name: [_new_deal(api, f"{name} {n}", first) for n in range(5)]
            for name, api in apis.items()
        }
        # Each worker keeps the sums of every period before the writes start.
        for name in NAMES:
            drift += _drift(server, name, today, asks=4)
        for rnd in range(3):
            calls: list[Callable[[], Any]] = []
            for seed, (name, api) in enumerate(apis.items()):
                calls += _writes(api, deals[name], today, rnd, 3 * seed)
                if rnd:
                    calls += _later(api, deals[name])
                # A new deal in this month, one deleted; the target (a rebuild) and time zone.
                calls.append(
                    partial(
                        api.post,
                        "/deals",
                        json={
                            "title": f"{name} new {rnd}",
                            "brand_id": api.get("/brands").json()["items"][0]["id"],
                            "agreed_fee": "250.00",
                            "delivered_on": first,
                        },
                    )
                )
                gone = deals[name].pop(rnd)
                calls.append(partial(api.delete, f"/deals/{gone}"))
                calls.append(
                    partial(
                        api.patch,
                        "/profile",
                        json={
                            "target_hourly": ("300.00", None, "150.00")[rnd],
                            "timezone": ("Asia/Shanghai", "UTC")[rnd % 2],
                        },
                    )
                )
            # Reads of both accounts on both workers, between the writes.
            reads: list[Callable[[], Any]] = []
            for name in NAMES:
                for start, end in _periods(today):
                    reads.append(partial(apis[name].get, "/summary", params=_query(start, end)))
                for period in ("month", "year", "12m", "all"):
                    reads.append(
                        partial(browsers[name].get, "/dashboard", params={"period": period})
                    )
            mixed = list(
                itertools.chain.from_iterable(
                    itertools.zip_longest(calls, reads * (len(calls) // len(reads) + 1))
                )
            )
            seen.update(status_of(r) for r in at_once([c for c in mixed if c], parallel=8))
            for name in NAMES:
                drift += _drift(server, name, today)
            # Then, the sums of every period kept by both workers, one quiet write in this
            # month per account that moves neither the owing version nor any other month (a
            # work entry, an expense): the kept sums must move by exactly its rows.
            for name, api in apis.items():
                quiet = _new_deal(api, f"{name} quiet {rnd}", first)
                drift += _drift(server, name, today, asks=4)
                api.post(
                    f"/deals/{quiet}/work",
                    json={"activity": "shooting", "minutes": 45, "worked_on": first},
                )
                api.post(f"/deals/{quiet}/expenses", json={"amount": "4.25", "spent_on": first})
                drift += _drift(server, name, today)
    finally:
        for client in [*apis.values(), *browsers.values()]:
            client.close()
    assert set(seen) <= {200, 201, 204, 404}, (seen, server.server.log_tail())
    assert drift == [], drift[:2]
