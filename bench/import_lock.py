"""How long an account import holds SQLite's write lock, and what another user's writes wait.

    python -m bench.import_lock [--deals 6000]

Makes a throwaway SQLite database, a demo account of --deals deals, exports it (the file's
size is printed), then imports it into a second account while a third account posts a small
write every 50 ms. Prints the import's wall time, the longest time it held the write lock
(BEGIN IMMEDIATE → COMMIT/ROLLBACK on its connection) and the other writer's longest wait.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlmodel import Session

from app import clock, migrate
from app.accounts import service as accounts
from app.db import make_engine
from app.demo import fill_demo
from app.settings import Settings
from app.transfer import export_account, import_account


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--deals", type=int, default=6000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        settings = Settings(
            database_url=f"sqlite:///{work}/lock.sqlite3",
            data_dir=Path(work),
            secret_key="bench-secret-key-xyz",
        )
        engine = make_engine(settings)
        migrate.upgrade(engine)
        now = clock.utcnow()
        with Session(engine) as db:
            fill_demo(db, username="source", deals=args.deals, seed=9, now=now)
            source = accounts.find_user(db, username="source")
            target = accounts.create_user(
                db, username="target", password="x" * 12, now=now, is_owner=False
            )
            other = accounts.create_user(
                db, username="other", password="x" * 12, now=now, is_owner=False
            )
            assert source is not None and source.id and target.id and other.id
            document = export_account(db, user_id=source.id, now=now)
        size = len(json.dumps(document, ensure_ascii=False).encode())
        document = json.loads(json.dumps(document, ensure_ascii=False))

        held: list[float] = []
        began: dict[int, float] = {}

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            began[id(conn.connection.dbapi_connection)] = time.perf_counter()

        def _end(conn: Any) -> None:
            start = began.pop(id(conn.connection.dbapi_connection), None)
            if start is not None and threading.current_thread().name == "importer":
                held.append(time.perf_counter() - start)

        event.listen(engine, "commit", _end)
        event.listen(engine, "rollback", _end)

        waits: list[float] = []
        failures = 0
        stop = threading.Event()

        def other_writer() -> None:
            nonlocal failures
            while not stop.is_set():
                started = time.perf_counter()
                try:
                    with Session(engine) as db:
                        db.execute(
                            text("UPDATE profile SET display_name = :n WHERE user_id = :u"),
                            {"n": str(started), "u": other.id},
                        )
                        db.commit()
                except Exception:
                    failures += 1
                waits.append(time.perf_counter() - started)
                time.sleep(0.05)

        result: dict[str, Any] = {}

        def importer() -> None:
            started = time.perf_counter()
            with Session(engine) as db:
                result["deals"] = import_account(db, user_id=target.id, document=document)
            result["seconds"] = time.perf_counter() - started

        writer = threading.Thread(target=other_writer, daemon=True)
        writer.start()
        time.sleep(0.3)
        thread = threading.Thread(target=importer, name="importer")
        thread.start()
        thread.join()
        stop.set()
        writer.join()
        engine.dispose()
    print(f"account file: {size / 1e6:.1f} MB, {result['deals']} deals")
    print(f"import wall time: {result['seconds']:.1f} s")
    print(f"longest write lock held by the import: {max(held):.2f} s ({len(held)} transactions)")
    print(f"other user's writes: longest wait {max(waits):.2f} s, failed {failures}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
