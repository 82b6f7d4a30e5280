"""A flood of refused sign-ins must not queue for SQLite's one write lock: an account already
over its limit is refused from a read transaction, while another request holds the lock."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from sqlmodel import Session

from app.accounts import throttle
from app.accounts.models import LoginFailure
from app.db import make_engine
from app.settings import Settings
from tests.conftest import Databases, using_postgres


@pytest.mark.commits
@pytest.mark.skipif(using_postgres(), reason="SQLite's single write lock")
def test_a_refused_attempt_does_not_wait_for_the_write_lock(
    databases: Databases, tmp_path: Path
) -> None:
    url = databases.new_migrated_url()
    engine = make_engine(Settings(database_url=url, data_dir=tmp_path))
    now = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
    with Session(engine) as session:
        for _ in range(throttle.PER_ACCOUNT):
            session.add(LoginFailure(username="mei", client="203.0.113.9", at=now))
        session.commit()
    database = make_url(url).database
    assert database
    writer = sqlite3.connect(database, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another request's write transaction, held
    answers: list[int | None] = []

    def attempt() -> None:
        with Session(engine) as session:
            answers.append(
                throttle.reserve(session, username="Mei", client="198.51.100.7", now=now)
            )

    worker = threading.Thread(target=attempt, daemon=True)
    try:
        worker.start()
        worker.join(5)  # the old code waited here for the lock (busy timeout 30 s)
        assert not worker.is_alive(), "a refused attempt queued for the write lock"
        assert answers == [None]
    finally:
        writer.execute("ROLLBACK")
        writer.close()
        worker.join(60)
        engine.dispose()
