"""Hub scale (QUALITY.md): 200 members, 20,000 contributed records.

    python -m bench.hub [--members 200] [--records 100]            # the pure release engine
    python -m bench.hub --server [--members 200] [--records 100]   # the app on PostgreSQL

--server: a throwaway PostgreSQL database (KOCLEDGER_BENCH_PG, default the local server), the
members, one collective and their contributions written through the services, then
`kocledger serve --workers 2`; the organizer makes a release over the API (timed), then the
members read it (GET /api/v1/collectives/<slug>/releases/latest) over 4 connections at once:
p50/p95. Whatever release engine app/collective has is what is measured.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from app.collective.package import ContributionRecord
from app.collective.release import make_release

NICHES = ["beauty", "fashion", "food", "travel", "home", "parenting", "fitness", "tech"]
KINDS = ["image_note", "image_note", "video_note", "store_visit"]


def synthetic(rng: random.Random) -> ContributionRecord:
    tier = rng.choice(["T0", "T1", "T1", "T2", "T2", "T3", "T4"])
    return ContributionRecord(
        platform="xiaohongshu",
        deliverables=[{"kind": rng.choice(KINDS), "quantity": 1}],
        follower_tier=tier,
        niche=rng.choice(NICHES),
        source_group="direct",
        via_agency=rng.random() < 0.5,
        compensation="cash",
        quarter=f"{rng.choice([2025, 2026])}Q{rng.randint(1, 4)}",
        currency="CNY",
        fee_per_unit=rng.randrange(5, 300) * 10,
        effective_hourly=rng.randrange(10, 400),
        hours_total=rng.randrange(2, 60) / 2,
        revision_rounds=rng.randrange(0, 4),
        extra_revision_rounds=rng.randrange(0, 2),
        hidden_labor_share=rng.randrange(0, 10) / 20,
        days_to_payment=rng.choice(["0-7", "8-30", "31-60", "61-90", "91+", "never"]),
        paid_late=rng.random() < 0.3,
        brand=rng.choice([None, "三顿半", "完美日记", "蕉下"]),
    )


def server_run(members: int, records: int, reads: int) -> None:
    import json
    import os
    import sys
    import uuid
    from datetime import UTC, datetime

    import httpx
    from sqlalchemy import create_engine, text
    from sqlmodel import Session

    from app import migrate
    from app.accounts import service as accounts
    from app.accounts.models import User
    from app.collective import service as hub
    from app.db import make_engine
    from app.ledger.models import Profile
    from app.settings import Settings
    from bench.run import Route, _free_port, _serve, _stop, build, load, percentiles

    base = os.environ.get("KOCLEDGER_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")
    name = f"koc_hub_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = f"{base}/{name}"
    try:
        settings = Settings(database_url=url)
        engine = make_engine(settings)
        migrate.upgrade(engine)
        rng = random.Random(1)
        now = datetime.now(UTC)
        started = time.perf_counter()
        with Session(engine, expire_on_commit=False) as db:
            organizer = accounts.create_user(db, username="m0", password="bench-password", now=now)
            assert organizer.id is not None
            secret, _ = accounts.create_token(db, user_id=organizer.id, label="bench", now=now)
            tokens = [secret]
            collective = hub.create_collective(
                db, user_id=organizer.id, name="Bench", slug="bench", k=5, now=now
            )
            ids = [organizer.id]
            for i in range(1, members):
                # One hash for every member: they read with API tokens, never a password.
                user = User(username=f"m{i}", password_hash=organizer.password_hash, created_at=now)
                db.add(user)
                db.flush()
                assert user.id is not None
                db.add(Profile(user_id=user.id, display_name=user.username))
                db.commit()
                code = hub.create_invite(db, slug=collective.slug, user_id=organizer.id, now=now)
                hub.join(db, user_id=user.id, code=code, now=now)
                hub.confirm(db, slug=collective.slug, user_id=organizer.id, username=user.username)
                tokens.append(accounts.create_token(db, user_id=user.id, label="b", now=now)[0])
                ids.append(user.id)
            for uid in ids:
                package = hub.validate_package(
                    {
                        "schema": "kocledger.contribution/1",
                        "records": [
                            json.loads(synthetic(rng).model_dump_json(by_alias=True))
                            for _ in range(records)
                        ],
                    }
                )
                hub.contribute(db, slug=collective.slug, user_id=uid, package=package, now=now)
        setup = time.perf_counter() - started
        port = _free_port()
        env = {**os.environ, "KOCLEDGER_DATABASE_URL": url}
        server = _serve(
            [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--workers", "2"],
            env,
            port,
            Path(tempfile.gettempdir()) / "kocledger-bench-hub.log",
        )
        try:
            client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=600)
            t0 = time.perf_counter()
            made = client.post(
                "/api/v1/collectives/bench/releases",
                headers={"Authorization": f"Bearer {tokens[0]}"},
            )
            release_s = time.perf_counter() - t0
            assert made.status_code == 201, (made.status_code, made.text[:300])
            size = len(made.content)
            route = Route(
                "read latest release",
                build(
                    "GET",
                    "/api/v1/collectives/bench/releases/latest",
                    {"Authorization": f"Bearer {tokens[1 % len(tokens)]}"},
                ),
            )
            # Warm-up (untimed): each worker's first requests import and compile what the
            # route needs, as in bench.run.
            load(port, route, 40, 4)
            samples = load(port, route, reads, 4)
            alone = load(port, route, reads // 2, 1)
            health = load(port, Route("healthz", build("GET", "/healthz", {})), reads // 2, 1)
        finally:
            _stop(server)
        p50, p95 = percentiles(samples)
        one50, one95 = percentiles(alone)
        h50, _ = percentiles(health)
        print(
            f"| hub: {members} members, {members * records:,} records, PostgreSQL, 2 workers | "
            f"release made in {release_s:.2f} s ({size:,} bytes) | reading it: p50 {p50:.1f} ms, "
            f"p95 {p95:.1f} ms over {reads} requests, 4 connections; one at a time p50 "
            f"{one50:.1f} ms, p95 {one95:.1f} ms (the app's /healthz {h50:.1f} ms) | "
            f"setup {setup:.0f} s |"
        )
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--records", type=int, default=100)
    parser.add_argument("--server", action="store_true")
    parser.add_argument("--reads", type=int, default=200)
    args = parser.parse_args()
    if args.server:
        server_run(args.members, args.records, args.reads)
        return 0
    rng = random.Random(1)
    contributions = {
        f"m{i}": [synthetic(rng) for _ in range(args.records)] for i in range(args.members)
    }
    started = time.perf_counter()
    result = make_release(contributions, confirmed=set(contributions), k=5)
    elapsed = time.perf_counter() - started
    print(
        f"{args.members} members, {args.members * args.records} records: release made in "
        f"{elapsed:.2f} s; {len(result['cells'])} cells and {len(result['report_cards'])} "
        f"report cards published"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
