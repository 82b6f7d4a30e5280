"""Backup, restore and migrations facing damaged or unusual databases (attack review):
a backup cut short is refused in one line and changes nothing; a PostgreSQL restore streams the
script with bounded memory; a dangling reference already in a SQLite ledger does not stop its
upgrade (one a migration makes still does); a user's own objects depending on the ledger's
tables stop a restore before anything changes, unless --drop-dependents is given."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text
from sqlmodel import Session

from app import clock, migrate
from app.cli import main
from app.db import make_engine, metadata
from app.settings import Settings
from tests.conftest import Databases, using_postgres

pg_only = pytest.mark.skipif(not using_postgres(), reason="a PostgreSQL restore")
sqlite_only = pytest.mark.skipif(
    using_postgres(), reason="PostgreSQL never holds a dangling foreign key"
)


# A restore over a ledger moves these cache counters past the replaced ledger's (app/backup.py:
# pages are cached per ledger version); every other value comes back as it was.
CACHE_COUNTERS = {("profile", "ledger_version"), ("profile", "owing_version")}


def _dump(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every ledger table's rows, in primary-key order."""
    engine = make_engine(Settings(database_url=url))
    out = {}
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            key = ", ".join(c.name for c in table.primary_key.columns)
            names = ", ".join(
                c.name for c in table.columns if (table.name, c.name) not in CACHE_COUNTERS
            )
            out[table.name] = [
                tuple(r)
                for r in conn.execute(text(f"SELECT {names} FROM {table.name} ORDER BY {key}"))  # noqa: S608
            ]
    engine.dispose()
    return out


def _sql(url: str, *statements: str) -> list[Any]:
    """Run statements in one committed transaction; the last one's rows."""
    engine = create_engine(url)
    rows: list[Any] = []
    with engine.begin() as conn:
        for statement in statements:
            result = conn.execute(text(statement))
            rows = list(result) if result.returns_rows else []
    engine.dispose()
    return rows


def _relations(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        found = inspect(engine)
        return set(found.get_table_names()) | set(found.get_view_names())
    finally:
        engine.dispose()


@pytest.fixture
def cli_db(databases: Databases, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = databases.new_url()
    monkeypatch.setenv("KOCLEDGER_DATABASE_URL", url)
    monkeypatch.setenv("KOCLEDGER_DATA_DIR", str(tmp_path / "data"))
    return url


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1, err
    assert err.startswith("error: "), err
    return err


# --- 1. a backup cut short -------------------------------------------------------------------


@pytest.mark.parametrize("keep", ["half", "99%", "all but 1 byte"])
def test_a_backup_cut_short_is_refused_in_one_line_and_changes_nothing(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], keep: str
) -> None:
    assert main(["demo", "--deals", "20", "--user", "demo"]) == 0
    archive = tmp_path / "full.backup"
    assert main(["backup", str(archive)]) == 0
    data = archive.read_bytes()
    size = {"half": len(data) // 2, "99%": len(data) * 99 // 100, "all but 1 byte": len(data) - 1}
    cut = tmp_path / "cut.backup"
    cut.write_bytes(data[: size[keep]])
    # The ledger changed after the backup: a restore that half-happened would show.
    assert main(["demo", "--deals", "3", "--user", "later"]) == 0
    before = _dump(cli_db)
    capsys.readouterr()
    # Before the fix: the 99% and 1-byte cuts raised CalledProcessError out of main (a
    # traceback); half was refused as "not a pg_dump archive".
    assert main(["restore", str(cut), "--force"]) == 2
    err = _one_line_error(capsys)
    assert "cut.backup" in err and "nothing changed" in err, err
    assert _dump(cli_db) == before


# --- 2. the PostgreSQL restore streams its script --------------------------------------------

# VmHWM, the peak of this process's own memory since it started: ru_maxrss would also count
# the pytest process it was forked from (Linux keeps the larger across fork and exec).
_PEAK = """
import re, sys
from pathlib import Path
from app.cli import main
code = main(sys.argv[1:])
status = Path("/proc/self/status").read_text()
print(code, re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1))
"""


def _restore_peak_kib(archive: Path) -> int:
    """Restore in a fresh process; that process's peak resident memory (KiB)."""
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, "restore", str(archive), "--force"],
        capture_output=True,
        text=True,
        check=False,
    )
    code, peak = done.stdout.split()[-2:]
    assert code == "0", done.stderr
    return int(peak)


@pg_only
def test_a_postgresql_restore_holds_no_copy_of_the_script(cli_db: str, tmp_path: Path) -> None:
    """The script pg_restore writes is piped to psql: the restoring process's memory does not
    grow with it. Before the fix the whole script was read into Python (capture_output),
    then handed to psql: ~48 MB of script made the process ~100 MB bigger."""
    assert main(["demo", "--deals", "8", "--user", "demo"]) == 0
    small = tmp_path / "small.backup"
    assert main(["backup", str(small)]) == 0
    # 48 notes of 1 MB each: compressed in the archive, ~48 MB in the script.
    columns = [c.name for c in metadata.tables["deal"].columns if c.name != "id"]
    copied = [
        {"notes": "repeat(md5(n::text), 32768)", "title": "title || n"}.get(c, c) for c in columns
    ]
    _sql(
        cli_db,
        f"INSERT INTO deal ({', '.join(columns)})"  # noqa: S608
        f" SELECT {', '.join(copied)} FROM deal, generate_series(1, 6) AS n",
    )
    large = tmp_path / "large.backup"
    assert main(["backup", str(large)]) == 0
    script = tmp_path / "script.sql"
    subprocess.run(["pg_restore", "-f", str(script), str(large)], check=True)
    script_mib = script.stat().st_size / 2**20
    script.unlink()
    assert script_mib > 40
    expected = _dump(cli_db)
    small_kib = _restore_peak_kib(small)
    large_kib = _restore_peak_kib(large)
    assert _dump(cli_db) == expected
    grown_mib = (large_kib - small_kib) / 1024
    # A constant, not the script's size: at most a few pipe buffers' worth of noise.
    assert grown_mib < 8, (grown_mib, script_mib, small_kib, large_kib)


# --- 3. a dangling reference already in a SQLite ledger -------------------------------------


def _rows_by_table(path: str) -> dict[str, tuple[list[str], set[tuple[Any, ...]]]]:
    """Every table's column names and rows, for comparing across migrations."""
    connection = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name != 'alembic_version'"
            )
        ]
        out = {}
        for table in tables:
            cursor = connection.execute(f'SELECT * FROM "{table}"')  # noqa: S608
            out[table] = ([d[0] for d in cursor.description], set(cursor))
        return out
    finally:
        connection.close()


def _projected(columns: list[str], rows: set[tuple[Any, ...]], keep: set[str]) -> set[Any]:
    at = [i for i, name in enumerate(columns) if name in keep]
    return {tuple(row[i] for i in at) for row in rows}


def _old_ledger_with_a_dangling_brand(url: str) -> tuple[str, int, int]:
    """A ledger filled by today's code, taken back to 0018, then a brand deleted by hand
    (foreign keys off, as an older version or a hand edit could): a deal points nowhere."""
    from app.demo import fill_demo

    engine = make_engine(Settings(database_url=url))
    migrate.upgrade(engine)
    with Session(engine) as session:
        fill_demo(session, username="old", deals=12, seed=3, now=clock.utcnow())
        session.commit()
    migrate.downgrade(engine, "0018")
    engine.dispose()
    path = url.removeprefix("sqlite:///")
    connection = sqlite3.connect(path)
    try:
        deal_id, brand_id = connection.execute(
            "SELECT id, brand_id FROM deal ORDER BY id LIMIT 1"
        ).fetchone()
        with connection:
            connection.execute("DELETE FROM brand WHERE id = ?", (brand_id,))
        assert connection.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        connection.close()
    return path, deal_id, brand_id


@sqlite_only
def test_a_dangling_reference_already_there_does_not_stop_the_upgrade(
    databases: Databases,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = databases.new_url()
    path, deal_id, brand_id = _old_ledger_with_a_dangling_brand(url)
    before = _rows_by_table(path)
    monkeypatch.setenv("KOCLEDGER_DATABASE_URL", url)
    monkeypatch.setenv("KOCLEDGER_DATA_DIR", str(tmp_path / "data"))
    # Before the fix: "RuntimeError: migration left broken references" and the ledger stayed at
    # 0018, so `kocledger serve` never started.
    with caplog.at_level(logging.WARNING, logger="app.migrate"):
        assert main(["migrate"]) == 0, capsys.readouterr().err
    logged = [r.getMessage() for r in caplog.records if r.name == "app.migrate"]
    assert any("deal" in m and f"brand_id={brand_id}" in m for m in logged), logged
    after = _rows_by_table(path)
    # Every row of every table is still there, with the values of the columns it had.
    for table, (columns, rows) in before.items():
        now_columns, now_rows = after[table]
        common = set(columns) & set(now_columns)
        assert _projected(columns, rows, common) == _projected(now_columns, now_rows, common)
    connection = sqlite3.connect(path)
    try:
        version = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        assert connection.execute(
            "SELECT brand_id FROM deal WHERE id = ?", (deal_id,)
        ).fetchone() == (brand_id,)
    finally:
        connection.close()
    head = ScriptDirectory.from_config(
        migrate.alembic_config(make_engine(Settings(database_url=url)))
    )
    assert version == head.get_current_head()
    # The app starts on it and serves.
    from fastapi.testclient import TestClient

    from app.main import create_app

    settings = Settings(database_url=url, data_dir=tmp_path / "data", secret_key="k" * 32)
    with TestClient(create_app(settings)) as client:
        assert client.get("/readyz").status_code == 200


BREAKING = '''"""a test-only migration that deletes every brand a deal points to"""

from alembic import op

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DELETE FROM brand WHERE id IN (SELECT brand_id FROM deal)")


def downgrade() -> None:
    pass
'''


@sqlite_only
def test_a_migration_that_breaks_a_reference_still_fails(
    databases: Databases, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = databases.new_url()
    path, _deal_id, _brand_id = _old_ledger_with_a_dangling_brand(url)
    engine = make_engine(Settings(database_url=url))
    migrate.upgrade(engine)  # the pre-existing dangling reference is no obstacle
    root = tmp_path / "project"
    shutil.copytree(migrate.ROOT / "alembic", root / "alembic")
    shutil.copy(migrate.ROOT / "alembic.ini", root / "alembic.ini")
    head = ScriptDirectory.from_config(migrate.alembic_config(engine)).get_current_head()
    (root / "alembic" / "versions" / "9999_break.py").write_text(BREAKING.format(head=head))
    monkeypatch.setattr(migrate, "ROOT", root)
    before = _rows_by_table(path)
    with pytest.raises(migrate.MigrationError, match="broken references"):
        migrate.upgrade(engine)
    engine.dispose()
    assert _rows_by_table(path) == before  # rolled back: every brand is still there
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (head,)
    finally:
        connection.close()


# --- 4. a user's own objects depending on the ledger's tables (PostgreSQL) -------------------


def _users_own_objects(url: str) -> None:
    _sql(
        url,
        "CREATE VIEW my_deals AS SELECT id, title FROM deal",
        "CREATE TABLE my_notes (id integer PRIMARY KEY, deal_id integer REFERENCES deal (id),"
        " body text)",
        "INSERT INTO my_notes SELECT id, id, 'mine' FROM deal",
        "CREATE TABLE my_scratch (id integer PRIMARY KEY, body text)",
        "INSERT INTO my_scratch VALUES (1, 'nothing to do with the ledger')",
    )


@pg_only
def test_a_users_view_stops_the_restore_before_anything_changes(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--deals", "6", "--user", "demo"]) == 0
    archive = tmp_path / "ledger.backup"
    assert main(["backup", str(archive)]) == 0
    assert main(["demo", "--deals", "2", "--user", "later"]) == 0
    _users_own_objects(cli_db)
    before = _dump(cli_db)
    notes = _sql(cli_db, "SELECT * FROM my_notes ORDER BY id")
    capsys.readouterr()
    # Before the fix: psql's three lines (ERROR, DETAIL, HINT "Use DROP ... CASCADE"), and
    # nothing said about my_notes, whose foreign key would have been dropped with it.
    assert main(["restore", str(archive), "--force"]) == 2
    err = _one_line_error(capsys)
    assert "my_deals" in err and "my_notes" in err and "--drop-dependents" in err, err
    assert "nothing changed" in err, err
    assert _dump(cli_db) == before
    assert {"my_deals", "my_notes", "my_scratch"} <= _relations(cli_db)
    assert _sql(cli_db, "SELECT * FROM my_notes ORDER BY id") == notes


@pg_only
def test_drop_dependents_drops_only_what_depends_on_the_ledger(
    cli_db: str, tmp_path: Path, databases: Databases, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--deals", "6", "--user", "demo"]) == 0
    archive = tmp_path / "ledger.backup"
    assert main(["backup", str(archive)]) == 0
    backed_up = _dump(cli_db)
    assert main(["demo", "--deals", "2", "--user", "later"]) == 0
    _users_own_objects(cli_db)
    notes = _sql(cli_db, "SELECT * FROM my_notes ORDER BY id")
    capsys.readouterr()
    assert main(["restore", str(archive), "--force", "--drop-dependents"]) == 0
    err = capsys.readouterr().err
    assert "my_deals" in err and "my_notes" in err, err  # says what it dropped
    assert _dump(cli_db) == backed_up
    relations = _relations(cli_db)
    assert "my_deals" not in relations  # the view on deal: dropped, as asked
    # The user's tables stay with their rows: only my_notes's foreign key went. Before the fix
    # both tables were dropped without a word (a table the archive does not hold was dropped
    # with CASCADE, whoever made it).
    assert {"my_notes", "my_scratch"} <= relations
    assert _sql(cli_db, "SELECT * FROM my_notes ORDER BY id") == notes
    assert _sql(cli_db, "SELECT body FROM my_scratch") == [("nothing to do with the ledger",)]


@pg_only
def test_a_users_own_table_survives_a_restore(cli_db: str, tmp_path: Path) -> None:
    """A table of hers that depends on nothing of the ledger's is not the restore's to drop."""
    assert main(["demo", "--deals", "3", "--user", "demo"]) == 0
    archive = tmp_path / "ledger.backup"
    assert main(["backup", str(archive)]) == 0
    _sql(
        cli_db,
        "CREATE TABLE my_scratch (id integer PRIMARY KEY, body text)",
        "INSERT INTO my_scratch VALUES (1, 'kept')",
    )
    assert main(["restore", str(archive), "--force"]) == 0
    assert _sql(cli_db, "SELECT body FROM my_scratch") == [("kept",)]


# --- found on the way: a database that cannot be reached --------------------------------------


@pg_only
def test_backup_and_restore_say_in_one_line_that_the_database_cannot_be_reached(
    cli_db: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["demo", "--deals", "2", "--user", "demo"]) == 0
    archive = tmp_path / "ledger.backup"
    assert main(["backup", str(archive)]) == 0
    missing = cli_db.rsplit("/", 1)[0] + "/koc_no_such_database"
    monkeypatch.setenv("KOCLEDGER_DATABASE_URL", missing)
    capsys.readouterr()
    # Before: OperationalError and CalledProcessError tracebacks, and the failed backup left an
    # empty file under the name asked for (the next try was refused: "exists").
    assert main(["restore", str(archive), "--force"]) == 2
    assert "koc_no_such_database" in _one_line_error(capsys)
    target = tmp_path / "new.backup"
    assert main(["backup", str(target)]) == 2
    assert "koc_no_such_database" in _one_line_error(capsys)
    assert not target.exists()
