"""An outside review of the restore's lock phase on PostgreSQL (b7496ee, 4b3f665, 0bba63c): what
still waits without a bound once every ledger table is taken, what psql's stderr is read as,
and the settings of a database that should not change what a restore does.

Each test says what happened before its fix. Run with KOCLEDGER_TEST_DATABASE=postgresql (all
but the first are PostgreSQL only); each is bounded (a blocker is let go after a few seconds
whatever happens, so a restore that would wait for ever ends and is measured)."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app import backup
from app.cli import main
from tests.conftest import Databases
from tests.test_restore_attacks import (
    _children,
    _dump,
    _large_archive,
    _ledger_then_later,
    _no_restore_left,
    _one_line_error,
    _sql,
    _when_child_has_moved,
    pg_only,
)

DEADLINE = 2.0
# A blocker still there after this is let go, whatever the restore does: the test stays bounded.
RELEASE_AFTER = 7.0


@pytest.fixture
def cli_db(databases: Databases, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = databases.new_url()
    monkeypatch.setenv("KOCLEDGER_DATABASE_URL", url)
    monkeypatch.setenv("KOCLEDGER_DATA_DIR", str(tmp_path / "data"))
    return url


def _connect(url: str) -> Any:
    import psycopg

    return psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))


def _restore_against(url: str, archive: Path, blocker: Any, *args: str) -> tuple[int, float]:
    """`kocledger restore --force` while `blocker` holds what it holds; the blocker rolls back
    after RELEASE_AFTER s whatever happens. The exit code and how long the restore took."""
    release = threading.Timer(RELEASE_AFTER, blocker.rollback)
    try:
        release.start()
        began = time.monotonic()
        code = main(["restore", str(archive), "--force", *args])
        took = time.monotonic() - began
    finally:
        release.cancel()
        release.join(10)
        blocker.rollback()
        blocker.close()
    return code, took


def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


# --- 1. a lock the restore needs after its LOCK, with no lock_timeout left ---------------------


@pg_only
@pytest.mark.commits
def test_a_reader_of_a_ledger_tables_sequence_does_not_hold_the_restore_past_its_deadline(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A connection that read deal's id sequence (a monitoring query, someone's psql) and keeps
    its transaction open. LOCK TABLE takes tables, not their sequences; the restore then drops
    the sequences (pg_restore --clean, or DROP TABLE taking them along) with lock_timeout and
    statement_timeout back at 0. Before: the restore held every ledger table ACCESS EXCLUSIVE
    (the served app stopped) and waited for the reader without any bound: here it ended only
    when the reader was let go after 7 s, then reported success, with a 2 s deadline."""
    archive, _expected, before = _ledger_then_later(cli_db, tmp_path)
    monkeypatch.setattr(backup, "LOCK_DEADLINE", DEADLINE)
    _english(monkeypatch)
    sequence = _sql(cli_db, "SELECT pg_get_serial_sequence('deal', 'id')")[0][0]
    assert sequence
    capsys.readouterr()
    blocker = _connect(cli_db)
    blocker.execute(f"SELECT last_value FROM {sequence}")  # noqa: S608 (a name PostgreSQL gave)
    code, took = _restore_against(cli_db, archive, blocker)
    err = _one_line_error(capsys) if code else capsys.readouterr().err
    print(f"ended after {took:.2f} s, exit {code}: {err.strip()[-300:]}")
    assert took < DEADLINE + 1.5, took
    assert code == 2, err
    assert "stayed in use for 2 s" in err and "nothing changed" in err, err
    _no_restore_left(cli_db)
    assert _dump(cli_db) == before


@pg_only
@pytest.mark.commits
def test_a_reader_of_a_dependent_table_does_not_hold_the_restore_past_its_deadline(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """--drop-dependents with a table of the user's own holding a foreign key into deal, and a
    connection reading that table in an open transaction. Dropping the key takes her table,
    which the LOCK did not. Before: the DROP ... CASCADE ran after lock_timeout was set back to
    0, and the restore waited (holding every ledger table) until the reader was let go."""
    archive, _expected, _before = _ledger_then_later(cli_db, tmp_path)
    _sql(cli_db, "CREATE TABLE mine (id int PRIMARY KEY, deal_id int REFERENCES deal (id))")
    before = _dump(cli_db)
    monkeypatch.setattr(backup, "LOCK_DEADLINE", DEADLINE)
    _english(monkeypatch)
    capsys.readouterr()
    blocker = _connect(cli_db)
    blocker.execute("SELECT count(*) FROM mine")
    code, took = _restore_against(cli_db, archive, blocker, "--drop-dependents")
    err = _one_line_error(capsys) if code else capsys.readouterr().err
    print(f"ended after {took:.2f} s, exit {code}: {err.strip()[-300:]}")
    assert took < DEADLINE + 1.5, took
    assert code == 2, err
    assert "stayed in use for 2 s" in err and "nothing changed" in err, err
    _no_restore_left(cli_db)
    assert _dump(cli_db) == before
    # Her table and its key are still there.
    assert (
        _sql(
            cli_db,
            "SELECT count(*) FROM pg_constraint WHERE conrelid = CAST('mine' AS regclass)"
            " AND contype = 'f'",
        )[0][0]
        == 1
    )


# --- 2. what psql's stderr is read as ----------------------------------------------------------


def test_a_notice_before_the_error_is_not_taken_for_it() -> None:
    """With VERBOSITY=verbose a NOTICE carries a SQLSTATE too ("NOTICE:  00000: drop cascades
    to …"), and --drop-dependents' DROP ... CASCADE prints one before pg_restore's script turns
    notices off. Before: the first such line was read as what stopped psql: the user was told
    "the restore failed, nothing changed: drop cascades to view v" and a deadlock after it was
    not gone again on (its 40P01 never seen)."""
    stderr = (
        "psql:<stdin>:9: NOTICE:  00000: drop cascades to view v\n"
        "LOCATION:  reportDependentObjects, dependency.c:1189\n"
        "psql:<stdin>:71: ERROR:  40P01: deadlock detected\n"
        "DETAIL:  Process 1 waits for AccessExclusiveLock on relation 2 of database 3; blocked"
        " by process 4.\n"
        "LOCATION:  DeadLockReport, deadlock.c:1148\n"
    )
    assert backup._psql_error(stderr) == ("40P01", "deadlock detected")


@pg_only
@pytest.mark.commits
def test_a_cancelled_restore_with_dependents_dropped_says_why_it_stopped(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """pg_cancel_backend on the restore's psql in the middle of its data, with --drop-dependents
    and a view of the user's on deal. Before: "the restore failed, nothing changed: drop cascades
    to view my_deals" (the NOTICE of the drop, not the cancel)."""
    archive = _large_archive(cli_db, tmp_path)
    assert main(["demo", "--deals", "2", "--user", "later"]) == 0
    _sql(cli_db, "CREATE VIEW my_deals AS SELECT id FROM deal")
    before = _dump(cli_db)
    capsys.readouterr()

    def cancel(_pid: int) -> None:
        name = cli_db.rsplit("/", 1)[1]
        _sql(
            cli_db,
            "SELECT pg_cancel_backend(pid) FROM pg_stat_activity"  # noqa: S608
            f" WHERE datname = '{name}' AND application_name = 'psql'",
        )

    watcher = _when_child_has_moved(os.getpid(), "psql", "rchar", cancel)
    code = main(["restore", str(archive), "--force", "--drop-dependents"])
    watcher.join(5)
    err = _one_line_error(capsys)
    print(err)
    assert code == 2
    assert "nothing changed" in err, err
    assert "drop cascades" not in err, err
    assert "cancel" in err, err
    _no_restore_left(cli_db)
    assert _dump(cli_db) == before
    assert _sql(cli_db, "SELECT count(*) FROM pg_views WHERE viewname = 'my_deals'")[0][0] == 1


# --- 3. settings of the database: a restore behaves the same --------------------------------


def _slow_pg_restore(folder: Path, pause: float) -> None:
    """A pg_restore first in PATH that passes the real one's script on and stops `pause` s once,
    8 MiB in (in the middle of deal's COPY): that one statement runs longer than `pause`."""
    real = shutil.which("pg_restore")
    assert real is not None
    folder.mkdir()
    wrapper = folder / "pg_restore"
    wrapper.write_text(
        f"#!{sys.executable}\n"
        "import subprocess, sys, time\n"
        f"child = subprocess.Popen([{real!r}, *sys.argv[1:]], stdout=subprocess.PIPE)\n"
        "moved, paused = 0, False\n"
        "while chunk := child.stdout.read(65536):\n"
        "    sys.stdout.buffer.write(chunk)\n"
        "    moved += len(chunk)\n"
        "    if moved > 8 * 2**20 and not paused:\n"
        "        sys.stdout.buffer.flush()\n"
        f"        time.sleep({pause})\n"
        "        paused = True\n"
        "sys.stdout.buffer.flush()\n"
        "sys.exit(child.wait())\n"
    )
    wrapper.chmod(0o755)


@pg_only
@pytest.mark.commits
def test_a_statement_timeout_on_the_database_does_not_stop_a_long_restore(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """statement_timeout and idle_in_transaction_session_timeout = 300 ms set on the database
    (ALTER DATABASE … SET, as a cautious administrator would), and a restore whose COPY of deal
    runs 1.5 s (longer than those and than the lock phase's 1 s statement_timeout). The data
    phase must run with no statement_timeout. Held before and after this review's fix; shown
    failing with the rule broken (the script's and the restore's resets of statement_timeout
    taken out: "canceling statement due to statement timeout", not gone again since the tables
    were taken)."""
    archive = _large_archive(cli_db, tmp_path)
    expected = _dump(cli_db)
    assert main(["demo", "--deals", "2", "--user", "later"]) == 0
    name = cli_db.rsplit("/", 1)[1]
    _sql(cli_db, f'ALTER DATABASE "{name}" SET statement_timeout = 300')
    _sql(cli_db, f'ALTER DATABASE "{name}" SET idle_in_transaction_session_timeout = 300')
    folder = tmp_path / "bin"
    _slow_pg_restore(folder, 1.5)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    capsys.readouterr()
    began = time.monotonic()
    code = main(["restore", str(archive), "--force"])
    took = time.monotonic() - began
    err = capsys.readouterr().err
    print(f"restored in {took:.2f} s, exit {code}: {err.strip()[-200:]}")
    assert code == 0, err
    assert took > 1.5, took
    assert _dump(cli_db) == expected


@pg_only
@pytest.mark.commits
def test_a_steady_blocker_among_many_tables_still_meets_the_deadline(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Blockers on the first and the last ledger table by name (every one of ~30 tables the LOCK
    names could wait its 300 ms), under lc_messages = 'C' set on the database: the restore gives
    up within the deadline, in Chinese when the terminal is, with a non-zero exit."""
    archive, _expected, before = _ledger_then_later(cli_db, tmp_path)
    name = cli_db.rsplit("/", 1)[1]
    _sql(cli_db, f"ALTER DATABASE \"{name}\" SET lc_messages = 'C'")
    monkeypatch.setattr(backup, "LOCK_DEADLINE", DEADLINE)
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LC_MESSAGES", "zh_CN.UTF-8")
    tables = sorted(
        t for (t,) in _sql(cli_db, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    )
    capsys.readouterr()
    first, last = _connect(cli_db), _connect(cli_db)
    first.execute(f'LOCK TABLE "{tables[0]}" IN ROW EXCLUSIVE MODE')
    last.execute(f'LOCK TABLE "{tables[-1]}" IN ROW EXCLUSIVE MODE')
    try:
        code, took = _restore_against(cli_db, archive, first)
    finally:
        last.rollback()
        last.close()
    err = _one_line_error(capsys)
    print(f"gave up after {took:.2f} s: {err}")
    assert code == 2
    assert took < DEADLINE + 1.5, took
    assert "2 秒" in err and "没有任何改动" in err, err
    _no_restore_left(cli_db)
    assert _dump(cli_db) == before


@pytest.fixture(autouse=True)
def _no_psql_left_here() -> Iterator[None]:
    yield
    for pid, command in _children(os.getpid()).items():
        if command in {"psql", "pg_restore", "pg_dump"}:
            os.kill(pid, signal.SIGKILL)
