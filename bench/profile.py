"""Where a page's time goes, in-process: pyinstrument over repeated requests to one route.

    python -m bench.profile --data DIR [--route /dashboard] [--requests 50] [--write]
    python -m bench.profile --data DIR --route /offers/check --post [FORM]
    python -m bench.profile --data DIR --route /deals/ID/parts/work --post WORK_FORM --hx

DIR is a data folder holding a demo ledger (e.g. one kept by `python -m bench.run --keep D`,
then D/10000); the account is "demo" with the demo password. With --write each timed request
is preceded by a work-entry post (not profiled), so every view is the first after a write.
With --post the route is POSTed a urlencoded form with the session's CSRF token, as
bench/run.py posts it (FORM defaults to bench/run.py's offer check: fee 3000, cash, one image
note). With --hx the request says it comes from htmx (HX-Request), as bench/run.py's
work-entry post does (WORK_FORM: activity=editing&minutes=15&worked_on=2026-11-01).
Needs pyinstrument (not a dependency of the app).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import time
from pathlib import Path
from typing import Any

# bench/run.py's offer check
OFFER_FORM = "fee=3000&compensation=cash&kind_1=image_note&quantity_1=1"


class _Sync:
    """An httpx.AsyncClient driven on one event loop from synchronous code."""

    def __init__(self, client: Any, loop: asyncio.AbstractEventLoop) -> None:
        self.client, self.loop = client, loop

    def get(self, url: str, **kw: Any) -> Any:
        return self.loop.run_until_complete(self.client.get(url, **kw))

    def post(self, url: str, **kw: Any) -> Any:
        return self.loop.run_until_complete(self.client.post(url, **kw))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--route", default="/dashboard")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--no-profile", action="store_true", help="timings only")
    parser.add_argument(
        "--deal", default=None, help="the deal written with --write (default: the second listed)"
    )
    parser.add_argument("--cpu", action="store_true", help="process CPU time per request too")
    parser.add_argument(
        "--bearer", action="store_true", help="request the route with an API token, no cookie"
    )
    parser.add_argument(
        "--post",
        nargs="?",
        const=OFFER_FORM,
        default=None,
        metavar="FORM",
        help="POST this urlencoded form (with the CSRF token) instead of a GET",
    )
    parser.add_argument(
        "--lock",
        action="store_true",
        help="SQLite's write lock held per request too (BEGIN IMMEDIATE to commit or rollback)",
    )
    parser.add_argument(
        "--hx", action="store_true", help="send HX-Request: true (a form posted by htmx)"
    )
    args = parser.parse_args(argv)
    os.environ["KOCLEDGER_DATA_DIR"] = str(args.data)
    os.environ.pop("KOCLEDGER_DATABASE_URL", None)

    import anyio.to_thread
    import httpx
    from pyinstrument import Profiler

    async def inline(func: Any, *args: Any, **_kw: Any) -> Any:
        return func(*args)

    # Sync routes and dependencies run here, on the profiled thread, not in a worker thread.
    anyio.to_thread.run_sync = inline  # type: ignore[assignment]

    from app.main import create_app

    app = create_app()
    held: list[float] = []  # seconds the write lock was held, this request
    if args.lock:
        from sqlalchemy import event

        from app import db as app_db

        taken: dict[int, float] = {}
        begin = app_db.begin_immediate

        def timed_begin(dbapi: Any, **kw: Any) -> None:
            begin(dbapi, **kw)
            taken[id(dbapi)] = time.perf_counter()

        def released(conn: Any) -> None:
            started = taken.pop(id(conn.connection.driver_connection), None)
            if started is not None:
                held.append(time.perf_counter() - started)

        app_db.begin_immediate = timed_begin  # type: ignore[assignment]
        engine = app.state.sessions.engine
        event.listen(engine, "commit", released)
        event.listen(engine, "rollback", released)
    headers = {}
    if args.bearer:
        import subprocess
        import sys

        made = subprocess.run(
            [sys.executable, "-m", "app.cli", "token", "create", "demo"],
            capture_output=True,
            text=True,
            check=True,
        )
        headers = {"Authorization": f"Bearer {made.stdout.strip()}", "Accept-Encoding": "identity"}
    loop = asyncio.new_event_loop()
    aclient = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1")
    client = _Sync(aclient, loop)
    login = client.get("/login").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', login)
    assert csrf
    client.post(
        "/login",
        data={"username": "demo", "password": "demo-password", "csrf_token": csrf.group(1)},
    )
    deals = list(dict.fromkeys(re.findall(r'href="(/deals/\d+)"', client.get("/deals").text)))
    written = args.deal or deals[1]
    page = client.get(written).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token

    def write() -> None:
        answer = client.post(
            written + "/parts/work",
            data={
                "activity": "editing",
                "minutes": "15",
                "worked_on": "2026-11-01",
                "csrf_token": token.group(1),
            },
            headers={"HX-Request": "true"},
        )
        assert answer.status_code < 400, answer.status_code

    if args.hx:
        headers["HX-Request"] = "true"

    def request() -> Any:
        if args.post is None:
            return client.get(args.route, headers=headers)
        form = dict(httpx.QueryParams(args.post))
        return client.post(args.route, data={**form, "csrf_token": token.group(1)}, headers=headers)

    for _ in range(3):  # warm-up
        if args.write:
            write()
        assert request().status_code == 200
    profiler = None if args.no_profile else Profiler(interval=0.0005)
    times, cpu, locked = [], [], []
    for _ in range(args.requests):
        if args.write:
            write()
        held.clear()
        if profiler is not None:
            profiler.start()
        started, started_cpu = time.perf_counter(), time.process_time()
        answer = request()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        locked.append(sum(held) * 1000)
        if profiler is not None:
            profiler.stop()
        assert answer.status_code == 200, answer.status_code
    print(
        f"{args.route}: median {statistics.median(times):.1f} ms, "
        f"min {min(times):.1f} ms over {len(times)} requests"
        + (f"; CPU median {statistics.median(cpu):.1f} ms" if args.cpu else "")
        + (f"; write lock held median {statistics.median(locked):.2f} ms" if args.lock else "")
    )
    if profiler is not None:
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
