"""Crash safety: kill the server with SIGKILL during concurrent writes; no acknowledged write
may be lost, the database must stay sound, and the stored figures and monthly rollups must
still equal the entries (QUALITY.md; issue 9).

    python -m bench.crash [--rounds 20] [--writers 4] [--workers 2] [--database-url URL]

Runs `kocledger serve --workers N` on 127.0.0.1 against a fresh SQLite database (or
--database-url / KOCLEDGER_DATABASE_URL, e.g. PostgreSQL), sends work-entry and payment POSTs
to two deals from several threads, kills the whole server (supervisor and workers) with
SIGKILL mid-stream, restarts it, and repeats. Every request loop is bounded. Prints rounds,
writes acknowledged, writes found, writes lost, the integrity check and the figures check.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import threading
import time

import httpx
from sqlalchemy import text
from sqlmodel import Session

from app import clock, migrate
from app.accounts import service as accounts
from app.db import make_engine
from app.settings import Settings
from bench.consistency import mismatches
from bench.live import LiveServer, tls


def run(
    rounds: int,
    writers: int,
    data_dir: str,
    seed: int = 1,
    *,
    database_url: str | None = None,
    workers: int = 1,
) -> dict[str, object]:
    rng = random.Random(seed)
    env = {**os.environ, "KOCLEDGER_DATA_DIR": data_dir}
    env.pop("KOCLEDGER_DATABASE_URL", None)
    if database_url:
        env["KOCLEDGER_DATABASE_URL"] = database_url
    # The account is made in this process (two CLI runs cost two Python start-ups); the
    # server started below finds the database already migrated.
    setup = make_engine(Settings(data_dir=data_dir, database_url=database_url))
    migrate.upgrade(setup)
    with Session(setup) as db:
        user = accounts.create_user(
            db, username="crash", password="crash-test-pw", now=clock.utcnow(), is_owner=True
        )
        assert user.id is not None
        token, _ = accounts.create_token(db, user_id=user.id, label="crash", now=clock.utcnow())
    setup.dispose()
    headers = {"Authorization": f"Bearer {token}"}
    acknowledged: set[str] = set()
    lock = threading.Lock()
    deals: list[int] = []
    for round_no in range(rounds):
        server = LiveServer(env, workers=workers).start()
        base = f"{server.base}/api/v1"
        if not deals:
            for title in ("crash", "crash 2"):
                brand = httpx.post(
                    f"{base}/brands", json={"name": title}, headers=headers, verify=tls()
                ).json()
                deals.append(
                    httpx.post(
                        f"{base}/deals",
                        json={
                            "title": title,
                            "brand_id": brand["id"],
                            "agreed_fee": "1000",
                            "status": "delivered",
                            "delivered_on": "2026-01-15",
                        },
                        headers=headers,
                        verify=tls(),
                    ).json()["id"]
                )
        stop = threading.Event()

        def write(
            worker: int, round_no: int = round_no, base: str = base, stop: threading.Event = stop
        ) -> None:
            with httpx.Client(timeout=5, headers=headers, verify=tls()) as client:
                for seq in range(10_000):  # bounded; the kill ends it far sooner
                    if stop.is_set():
                        return
                    note = f"r{round_no}-w{worker}-{seq}"
                    deal_id = deals[seq % 2]
                    if seq % 3 == 2:
                        url = f"{base}/deals/{deal_id}/payments"
                        body = {"gross": "1.00", "received_on": "2026-01-20", "note": note}
                    else:
                        url = f"{base}/deals/{deal_id}/work"
                        body = {
                            "activity": "editing",
                            "minutes": 1,
                            "worked_on": "2026-01-01",
                            "note": note,
                        }
                    try:
                        response = client.post(url, json=body)
                    except httpx.TransportError:
                        return
                    if response.status_code == 201:
                        with lock:
                            acknowledged.add(note)

        threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
        before = len(acknowledged)
        for thread in threads:
            thread.start()
        # Kill mid-stream: once this round's writes are being acknowledged (bounded wait; a
        # busy machine can take a while to answer the first requests of fresh workers).
        deadline = time.monotonic() + 15
        while len(acknowledged) == before and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(rng.uniform(0.3, 1.2))
        server.kill()
        stop.set()
        for thread in threads:
            thread.join(timeout=10)
    settings = Settings(data_dir=data_dir, database_url=database_url)
    engine = make_engine(settings)
    with Session(engine) as db:
        found = {
            row[0]
            for row in db.execute(
                text("SELECT note FROM work_entry UNION ALL SELECT note FROM payment")
            )
        }
        user_id = accounts.find_user(db, username="crash").id
        integrity = "ok"
        if engine.dialect.name == "sqlite":
            integrity = str(db.execute(text("PRAGMA integrity_check")).scalar_one())
    assert user_id is not None
    wrong = mismatches(engine, user_id)
    engine.dispose()
    return {
        "rounds": rounds,
        "writers": writers,
        "workers": workers,
        "database": engine.dialect.name,
        "acknowledged": len(acknowledged),
        "found": len(acknowledged & found),
        "lost": len(acknowledged - found),
        "integrity": integrity,
        "figures_match": not wrong,
        "mismatches": wrong[:10],
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--database-url", default=os.environ.get("KOCLEDGER_DATABASE_URL"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        result = run(
            args.rounds,
            args.writers,
            data_dir,
            database_url=args.database_url,
            workers=args.workers,
        )
    print(
        f"{'database':>10} {'workers':>7} {'rounds':>6} {'writers':>7} {'acked':>6} "
        f"{'found':>6} {'lost':>5} integrity  figures"
    )
    print(
        f"{result['database']!s:>10} {result['workers']!s:>7} {result['rounds']!s:>6} "
        f"{result['writers']!s:>7} {result['acknowledged']!s:>6} {result['found']!s:>6} "
        f"{result['lost']!s:>5} {result['integrity']!s:<10} "
        f"{'match' if result['figures_match'] else 'MISMATCH'}"
    )
    for line in result["mismatches"]:  # type: ignore[attr-defined]
        print("  ", line)
    return (
        0 if result["lost"] == 0 and result["integrity"] == "ok" and result["figures_match"] else 1
    )


if __name__ == "__main__":
    raise SystemExit(main())
