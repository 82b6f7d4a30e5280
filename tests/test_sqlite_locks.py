"""Review 9: `kocledger serve` made the app's engine (which opened and closed the database file
to fix its mode) in the same process as the migration engine, whose connection was still open.
Closing any descriptor of a file drops every POSIX lock the process holds on it, so SQLite's
locks were gone: the next other process to close the database (a `kocledger user create`, a
backup) believed it was the last, checkpointed and deleted the -wal and -shm under the running
server, which then answered 503 ("disk I/O error") and could write into an unlinked WAL."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from app.db import make_engine
from app.settings import Settings
from tests.conftest import using_postgres

pytestmark = pytest.mark.skipif(using_postgres(), reason="SQLite file locking")

OTHER_PROCESS = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("select count(*) from t").fetchone()
c.close()
"""


def test_a_second_engine_keeps_the_first_ones_locks(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, secret_key="k" * 40)
    first = make_engine(settings)  # the migrations' engine in `serve`
    with first.begin() as conn:
        conn.execute(text("create table t (x integer)"))
        conn.execute(text("insert into t values (1)"))
    second = make_engine(settings)  # the app's engine, in the same process
    with second.begin() as conn:
        conn.execute(text("insert into t values (2)"))
    database = tmp_path / "kocledger.sqlite3"
    subprocess.run([sys.executable, "-c", OTHER_PROCESS, str(database)], check=True)
    assert (tmp_path / "kocledger.sqlite3-wal").exists(), "another process deleted the WAL"
    assert (tmp_path / "kocledger.sqlite3-shm").exists()
    with second.begin() as conn:
        conn.execute(text("insert into t values (3)"))
        assert conn.execute(text("select count(*) from t")).scalar() == 3
    first.dispose()
    second.dispose()
