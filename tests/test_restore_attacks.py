"""Backup, restore and migrations under attack (second review, after restore-robust): archives
that are valid but carry more than the ledger, files of a newer version or of another app, a
live database that is damaged, signals in the middle of a restore, names that break lines, the
database password on a command line, a migration's broken reference hidden among old ones, and
sessions that a restore brings back to life.

Each test says what happened before its fix. Run the PostgreSQL ones with
KOCLEDGER_TEST_DATABASE=postgresql."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from sqlmodel import Session

from app import backup, clock, migrate
from app.accounts import service as accounts
from app.cli import main
from app.db import load_models, make_engine
from app.settings import Settings
from tests.conftest import Databases, using_postgres

pg_only = pytest.mark.skipif(not using_postgres(), reason="a PostgreSQL restore")
sqlite_only = pytest.mark.skipif(using_postgres(), reason="a SQLite restore")
METADATA = load_models()


# --- helpers ---------------------------------------------------------------------------------


def _dump(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every ledger table's rows, in primary-key order. On PostgreSQL the reading session
    drops the database's own statement_timeout and idle_in_transaction_session_timeout (a test
    sets 300 ms on the database for the restore it checks): turning a large table's rows into
    tuples between two statements took longer than that on a loaded machine, and the check
    itself was cut off (CI, 2026-12-01)."""
    engine = make_engine(Settings(database_url=url))
    out = {}
    try:
        with engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SET statement_timeout = 0"))
                conn.execute(text("SET idle_in_transaction_session_timeout = 0"))
            for table in METADATA.sorted_tables:
                key = ", ".join(c.name for c in table.primary_key.columns)
                out[table.name] = [
                    tuple(r)
                    for r in conn.execute(text(f"SELECT * FROM {table.name} ORDER BY {key}"))  # noqa: S608
                ]
    finally:
        engine.dispose()
    return out


def _sql(url: str, *statements: str) -> list[Any]:
    """Run statements in one committed transaction; the last one's rows."""
    engine = create_engine(url)
    rows: list[Any] = []
    try:
        with engine.begin() as conn:
            for statement in statements:
                result = conn.execute(text(statement))
                rows = list(result) if result.returns_rows else []
    finally:
        engine.dispose()
    return rows


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    return _is_one_line_error(err)


def _is_one_line_error(err: str) -> str:
    assert "Traceback" not in err, err[-2000:]
    assert len(err.splitlines()) == 1, err[-2000:]
    assert err.startswith("error: "), err[-2000:]
    return err


def _revision(url: str) -> list[tuple[Any, ...]]:
    return _sql(url, "SELECT version_num FROM alembic_version")


@pytest.fixture
def cli_db(databases: Databases, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = databases.new_url()
    monkeypatch.setenv("KOCLEDGER_DATABASE_URL", url)
    monkeypatch.setenv("KOCLEDGER_DATA_DIR", str(tmp_path / "data"))
    return url


def _use(monkeypatch: pytest.MonkeyPatch, url: str) -> str:
    monkeypatch.setenv("KOCLEDGER_DATABASE_URL", url)
    return url


def _sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def _is_superuser(url: str) -> bool:
    return bool(_sql(url, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")[0][0])


# --- 1. a pg_dump archive that holds more than the ledger (PostgreSQL) ------------------------


@pg_only
def test_an_archive_with_extra_objects_restores_the_ledger_and_nothing_else(
    cli_db: str,
    tmp_path: Path,
    databases: Databases,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A real pg_dump archive of a database holding the ledger plus: a function that runs a
    program on the database server, a materialized view that calls it (pg_restore refreshes
    it, so it runs during the restore), and a trigger on `deal` that copies every new deal
    into a table of the archive's maker. Before the fix all of it was restored: the program
    ran (as the database's superuser), and the trigger stayed on the ledger's `deal` table,
    copying every deal the user made afterwards."""
    marker = f"/tmp/koc-restore-attack-{uuid.uuid4().hex}"  # noqa: S108 (on the DB server)
    superuser = _is_superuser(cli_db)
    assert main(["demo", "--deals", "4", "--user", "maker"]) == 0
    # The program reads what COPY gives it (a program that does not can break COPY's pipe).
    program = f"COPY (SELECT 1) TO PROGRAM 'cat >/dev/null; touch {marker}';" if superuser else ""
    _sql(
        cli_db,
        "CREATE FUNCTION evil() RETURNS int LANGUAGE plpgsql AS"
        f" $$ BEGIN {program} RETURN 1; END $$",
        "CREATE MATERIALIZED VIEW evil_mv AS SELECT evil() AS x",
        "CREATE TABLE spied (title text)",
        "CREATE FUNCTION spy() RETURNS trigger LANGUAGE plpgsql AS"
        " $$ BEGIN INSERT INTO spied VALUES (NEW.title); RETURN NEW; END $$",
        "CREATE TRIGGER spy AFTER INSERT ON deal FOR EACH ROW EXECUTE FUNCTION spy()",
    )
    if superuser:
        _sql(cli_db, f"COPY (SELECT 1) TO PROGRAM 'cat >/dev/null; rm -f {marker}'")
    archived = _dump(cli_db)
    archive = tmp_path / "crafted.backup"
    assert main(["backup", str(archive)]) == 0

    victim = _use(monkeypatch, databases.new_url())
    assert main(["demo", "--deals", "3", "--user", "victim"]) == 0
    capsys.readouterr()
    try:
        code = main(["restore", str(archive), "--force"])
        ran = (
            superuser
            and _sql(victim, f"SELECT (pg_stat_file('{marker}', true)).size IS NOT NULL")[0][0]
        )
    finally:
        if superuser:  # the marker removed whatever the outcome
            _sql(victim, f"COPY (SELECT 1) TO PROGRAM 'cat >/dev/null; rm -f {marker}'")
    assert not ran, "the archive ran a program on the database server"
    assert code == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err
    # The ledger is the archive's; what is not the ledger's is named, not restored.
    assert _dump(victim) == archived
    assert "evil" in err and "spy" in err, err
    found = _sql(
        victim,
        "SELECT (SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal),"
        " (SELECT count(*) FROM pg_proc WHERE proname IN ('evil', 'spy')),"
        " (SELECT count(*) FROM pg_class WHERE relname IN ('evil_mv', 'spied'))",
    )
    assert found == [(0, 0, 0)], found


@pg_only
def test_a_users_table_in_the_backup_keeps_the_rows_added_since(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """README: "a restore replaces the ledger's tables only … your tables themselves stay".
    pg_dump copies the whole database, so a table of the user's own is in the backup too.
    Before the fix the restore replaced it with its copy in the backup: the rows she added
    since were gone, without a word."""
    assert main(["demo", "--deals", "3", "--user", "demo"]) == 0
    _sql(
        cli_db,
        "CREATE TABLE my_scratch (id integer PRIMARY KEY, body text)",
        "INSERT INTO my_scratch VALUES (1, 'before the backup')",
    )
    archive = tmp_path / "ledger.backup"
    assert main(["backup", str(archive)]) == 0
    _sql(cli_db, "INSERT INTO my_scratch VALUES (2, 'after the backup')")
    assert main(["restore", str(archive), "--force"]) == 0
    assert "my_scratch" in capsys.readouterr().err  # named as not restored
    assert _sql(cli_db, "SELECT id, body FROM my_scratch ORDER BY id") == [
        (1, "before the backup"),
        (2, "after the backup"),
    ]


SCHEMA = """
SELECT 'index', indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'
UNION ALL
SELECT 'constraint', conrelid::regclass::text || '.' || conname, pg_get_constraintdef(oid)
    FROM pg_constraint WHERE connamespace = 'public'::regnamespace
UNION ALL
SELECT 'default', c.relname || '.' || a.attname, pg_get_expr(d.adbin, d.adrelid)
    FROM pg_attrdef d
    JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
    JOIN pg_class c ON c.oid = d.adrelid
    WHERE c.relnamespace = 'public'::regnamespace
UNION ALL
SELECT 'sequence', sequencename, coalesce(last_value, 0)::text FROM pg_sequences
UNION ALL
SELECT 'column', table_name || '.' || column_name, data_type || coalesce(is_nullable, '')
    FROM information_schema.columns WHERE table_schema = 'public'
UNION ALL
SELECT 'relation', relname, relkind::text FROM pg_class
    WHERE relnamespace = 'public'::regnamespace
ORDER BY 1, 2, 3
"""


@pg_only
def test_a_restore_gives_back_every_index_constraint_default_and_sequence(
    cli_db: str, tmp_path: Path, databases: Databases, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What guards the filter above: an honest backup restored into an empty database has
    the same schema as the database it came from (indexes, keys, checks, defaults, sequences
    and their values), not only the same rows."""
    assert main(["demo", "--deals", "5", "--user", "demo"]) == 0
    archive = tmp_path / "ledger.backup"
    assert main(["backup", str(archive)]) == 0
    expected = _sql(cli_db, SCHEMA)
    assert len(expected) > 300
    fresh = _use(monkeypatch, databases.new_url())
    assert main(["restore", str(archive), "--force"]) == 0
    assert _sql(fresh, SCHEMA) == expected


@pg_only
@pytest.mark.xfail(
    strict=True,
    reason="the archive's own definitions of the ledger's tables are run as written: a"
    " constraint (or default, or check calling a function) added to `deal` by whoever made the"
    " archive comes with it. Refusing it needs the archive's schema compared with the one the"
    " migrations make at the archive's revision (a scratch database), not a TOC filter.",
)
def test_a_crafted_constraint_on_a_ledger_table_is_refused(
    cli_db: str,
    tmp_path: Path,
    databases: Databases,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["demo", "--deals", "3", "--user", "maker"]) == 0
    # NOT VALID: the rows in the archive pass; every deal made after the restore fails.
    _sql(cli_db, "ALTER TABLE deal ADD CONSTRAINT sabotage CHECK (id < 0) NOT VALID")
    archive = tmp_path / "crafted.backup"
    assert main(["backup", str(archive)]) == 0
    victim = _use(monkeypatch, databases.new_url())
    assert main(["demo", "--deals", "3", "--user", "victim"]) == 0
    before = _dump(victim)
    capsys.readouterr()
    assert main(["restore", str(archive), "--force"]) == 2
    _one_line_error(capsys)
    assert _dump(victim) == before


def _rewrite_toc(data: bytes, kind: bytes, tag: bytes, extra: bytes) -> bytes:
    """A pg_dump custom archive (format 1.14 or later) with `extra` appended to the definition
    of one entry of its table of contents: what someone editing the file by hand can do. The
    data blocks after the TOC move by as many bytes; their offsets are moved with them."""
    at = 5 + 3  # "PGDMP", version
    int_size, off_size = data[at], data[at + 1]
    version = (data[5], data[6])
    assert data[:5] == b"PGDMP" and version >= (1, 14) and data[at + 2] == 1  # custom format
    at += 3

    def read_int() -> int:
        nonlocal at
        sign, value = data[at], int.from_bytes(data[at + 1 : at + 1 + int_size], "little")
        at += 1 + int_size
        return -value if sign else value

    def read_str() -> bytes | None:
        nonlocal at
        size = read_int()
        if size < 0:
            return None
        at += size
        return data[at - size : at]

    def int_bytes(value: int) -> bytes:
        return bytes([value < 0]) + abs(value).to_bytes(int_size, "little")

    def str_bytes(value: bytes | None) -> bytes:
        return int_bytes(-1) if value is None else int_bytes(len(value)) + value

    if version >= (1, 15):
        at += 1  # compression algorithm
    else:
        read_int()  # compression level
    for _ in range(7):
        read_int()  # the time it was made
    for _ in range(3):
        read_str()  # database name, server and pg_dump versions
    start = at
    entries = []
    for _ in range(read_int()):
        ints = [read_int(), read_int()]
        strs = [read_str() for _ in range(4)]  # tableoid, oid, tag, kind
        ints.append(read_int())  # section
        strs += [read_str() for _ in range(8)]  # defn, drop, copy, schema, tablespace, am, …
        deps = []
        while (dep := read_str()) is not None:
            deps.append(dep)
        state, offset = data[at], int.from_bytes(data[at + 1 : at + 1 + off_size], "little")
        at += 1 + off_size
        if strs[2] == tag and strs[3] == kind:
            strs[4] = (strs[4] or b"") + extra
        entries.append((ints, strs, deps, state, offset))
    end = at

    def toc(moved: int) -> bytes:
        out = int_bytes(len(entries))
        for ints, strs, deps, state, offset in entries:
            out += int_bytes(ints[0]) + int_bytes(ints[1])
            out += b"".join(str_bytes(v) for v in strs[:4]) + int_bytes(ints[2])
            out += b"".join(str_bytes(v) for v in strs[4:])
            out += b"".join(str_bytes(d) for d in deps) + str_bytes(None)
            offset += moved if state == 2 else 0  # 2: the data block's offset is set
            out += bytes([state]) + offset.to_bytes(off_size, "little")
        return out

    moved = len(toc(0)) - (end - start)
    return data[:start] + toc(moved) + data[end:]


@pg_only
def test_a_psql_command_hidden_in_an_archive_does_not_run(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    r"""The script goes through psql, whose backslash commands run programs on this machine
    (`\!`), as the user running the restore. An archive edited by hand to hold one in the
    definition of `deal`: pg_restore (15.14 and later) opens its script with `\restrict <a
    random key>`, and psql refuses every backslash command until `\unrestrict` with that key.
    Held (before and after this review); with older client tools the command would run."""
    assert main(["demo", "--deals", "3", "--user", "demo"]) == 0
    archive = tmp_path / "ledger.backup"
    assert main(["backup", str(archive)]) == 0
    marker = tmp_path / "psql-ran-a-program"
    crafted = tmp_path / "crafted.backup"
    crafted.write_bytes(
        _rewrite_toc(archive.read_bytes(), b"TABLE", b"deal", f"\n\\! touch {marker}\n".encode())
    )
    listed = subprocess.run(["pg_restore", "-f", "-", str(crafted)], capture_output=True)
    assert f"\\! touch {marker}".encode() in listed.stdout  # the archive is valid and holds it
    assert main(["demo", "--deals", "2", "--user", "later"]) == 0
    before = _dump(cli_db)
    capsys.readouterr()
    assert main(["restore", str(crafted), "--force"]) == 2
    assert "nothing changed" in _one_line_error(capsys)
    assert not marker.exists()
    assert _dump(cli_db) == before


@pg_only
@pytest.mark.xfail(
    strict=True,
    reason="an archive edited by hand can put any SQL in the definition of a ledger table's own"
    " entry, and pg_restore writes it out as is: the TOC filter sees names, not statements."
    " Refusing it needs the restored schema compared with the migrations' (as the test above),"
    " or the restore run as a role that can do no more than fill the ledger's tables.",
)
def test_sql_hidden_in_a_ledger_tables_definition_does_not_run(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--deals", "3", "--user", "demo"]) == 0
    archive = tmp_path / "ledger.backup"
    assert main(["backup", str(archive)]) == 0
    crafted = tmp_path / "crafted.backup"
    crafted.write_bytes(
        _rewrite_toc(
            archive.read_bytes(), b"TABLE", b"deal", b"\nCREATE TABLE public.injected (x int);\n"
        )
    )
    main(["restore", str(crafted), "--force"])
    assert _sql(cli_db, "SELECT to_regclass('public.injected')") == [(None,)]


# --- 2. a backup from a newer version, or another app's file ---------------------------------


def _future(url: str) -> None:
    _sql(url, "UPDATE alembic_version SET version_num = '9999_from_the_future'")


def test_a_backup_of_a_newer_version_is_refused_before_anything_changes(
    cli_db: str,
    tmp_path: Path,
    databases: Databases,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A backup whose database revision this code does not know (made by a newer KOC Ledger,
    or another app with tables of the same names). Before the fix it was restored (exit 0),
    and then `kocledger migrate` (and so `serve`) failed with alembic's CommandError as a
    traceback: the ledger was replaced by one this version cannot run."""
    assert main(["demo", "--deals", "3", "--user", "newer"]) == 0
    _future(cli_db)
    archive = tmp_path / "newer.backup"
    assert main(["backup", str(archive)]) == 0
    victim = _use(monkeypatch, databases.new_url())
    assert main(["demo", "--deals", "3", "--user", "victim"]) == 0
    before, revision = _dump(victim), _revision(victim)
    capsys.readouterr()
    assert main(["restore", str(archive), "--force"]) == 2
    err = _one_line_error(capsys)
    assert "9999_from_the_future" in err and "nothing changed" in err, err
    assert _dump(victim) == before
    assert _revision(victim) == revision


def test_migrate_on_a_database_of_a_newer_version_is_one_line(
    cli_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: alembic's CommandError ("Can't locate revision …") came out of `kocledger
    migrate` as a traceback, and `serve` printed it before "the migrations did not finish"."""
    assert main(["demo", "--deals", "2", "--user", "newer"]) == 0
    _future(cli_db)
    capsys.readouterr()
    assert main(["migrate"]) == 2
    err = _one_line_error(capsys)
    assert "9999_from_the_future" in err, err
    capsys.readouterr()
    # Any other command migrates first: the same one line.
    assert main(["token", "create", "newer"]) == 2
    assert "9999_from_the_future" in _one_line_error(capsys)


# --- 3. SQLite files that are valid but not what they seem -----------------------------------


@sqlite_only
def test_a_sqlite_backup_with_a_trigger_is_refused(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A KOC Ledger SQLite file with one thing added: a trigger that deletes each payment as
    soon as it is recorded. The ledger makes no triggers or views. Before the fix it was
    restored, and every payment recorded afterwards vanished on commit."""
    assert main(["demo", "--deals", "3", "--user", "demo"]) == 0
    archive = tmp_path / "crafted.sqlite3"
    assert main(["backup", str(archive)]) == 0
    connection = sqlite3.connect(archive)
    with connection:
        connection.execute(
            "CREATE TRIGGER payment_gone AFTER INSERT ON payment"
            " BEGIN DELETE FROM payment WHERE id = NEW.id; END"
        )
    connection.close()
    assert main(["demo", "--deals", "2", "--user", "later"]) == 0
    before = _dump(cli_db)
    capsys.readouterr()
    assert main(["restore", str(archive), "--force"]) == 2
    err = _one_line_error(capsys)
    assert "payment_gone" in err and "nothing changed" in err, err
    assert _dump(cli_db) == before


@sqlite_only
def test_a_sqlite_backup_with_another_page_size_restores(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A sound backup whose page size differs from the live database's (made with the
    sqlite3 shell's VACUUM INTO after `PRAGMA page_size`, or by an older build). The live
    database is in WAL mode, where SQLite cannot change the page size. Before the fix:
    `sqlite3.OperationalError: attempt to write a readonly database`, as a traceback."""
    assert main(["demo", "--deals", "4", "--user", "demo"]) == 0
    plain = tmp_path / "plain.sqlite3"
    assert main(["backup", str(plain)]) == 0
    expected = _dump(cli_db)
    other = tmp_path / "8k.sqlite3"
    connection = sqlite3.connect(plain)
    connection.execute("PRAGMA page_size = 8192")
    connection.execute(f"VACUUM INTO '{other}'")
    connection.close()
    connection = sqlite3.connect(other)
    # In WAL mode, as a backup of a live database is: a page size that cannot be changed there.
    assert connection.execute("PRAGMA journal_mode=WAL").fetchone() == ("wal",)
    assert connection.execute("PRAGMA page_size").fetchone() == (8192,)
    connection.close()
    assert main(["demo", "--deals", "2", "--user", "later"]) == 0
    capsys.readouterr()
    assert main(["restore", str(other), "--force"]) == 0, capsys.readouterr().err
    assert _dump(cli_db) == expected
    connection = sqlite3.connect(_sqlite_path(cli_db))
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        connection.close()


@sqlite_only
def test_a_damaged_live_database_can_be_restored_over(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The day a restore is needed most: the live database file is damaged (its header
    overwritten). Before the fix `restore --force` stopped with `sqlite3.DatabaseError: file is
    not a database` as a traceback (from checking whether the database held data), so the
    backup could not be restored at all."""
    assert main(["demo", "--deals", "4", "--user", "demo"]) == 0
    archive = tmp_path / "good.sqlite3"
    assert main(["backup", str(archive)]) == 0
    expected = _dump(cli_db)
    live = _sqlite_path(cli_db)
    for side in ("-wal", "-shm"):
        Path(f"{live}{side}").unlink(missing_ok=True)
    with live.open("r+b") as handle:
        handle.write(b"this is no longer a database" * 8)
    capsys.readouterr()
    # Without --force: one line (a file that cannot be read may hold data).
    assert main(["restore", str(archive)]) == 2
    assert "--force" in _one_line_error(capsys)
    assert main(["restore", str(archive), "--force"]) == 0, capsys.readouterr().err
    assert _dump(cli_db) == expected
    # The damaged file is kept beside it, not thrown away.
    assert any(p.name.startswith(live.name + ".damaged") for p in live.parent.iterdir())


def test_files_that_are_not_files_are_one_line(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: `restore DIRECTORY` raised IsADirectoryError, and `backup FILE/name` (a folder
    that is a file) FileExistsError, both as tracebacks."""
    assert main(["demo", "--deals", "2", "--user", "demo"]) == 0
    folder = tmp_path / "a-folder"
    folder.mkdir()
    before = _dump(cli_db)
    capsys.readouterr()
    assert main(["restore", str(folder), "--force"]) == 2
    assert "a-folder" in _one_line_error(capsys)
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    assert main(["backup", str(a_file / "backup.sqlite3")]) == 2
    assert "a-file" in _one_line_error(capsys)
    assert _dump(cli_db) == before


# --- 4. signals in the middle of a PostgreSQL restore -----------------------------------------


def _large_archive(url: str, tmp_path: Path) -> Path:
    """A backup whose restore script is ~64 MiB (64 deals with 1 MiB notes), so that a restore
    takes a few seconds and can be interrupted in the middle."""
    assert main(["demo", "--deals", "8", "--user", "demo"]) == 0
    columns = [c.name for c in METADATA.tables["deal"].columns if c.name != "id"]
    copied = [
        {"notes": "repeat(md5(n::text), 32768)", "title": "title || n"}.get(c, c) for c in columns
    ]
    _sql(
        url,
        f"INSERT INTO deal ({', '.join(columns)})"  # noqa: S608
        f" SELECT {', '.join(copied)} FROM deal, generate_series(1, 7) AS n",
    )
    archive = tmp_path / "large.backup"
    assert main(["backup", str(archive)]) == 0
    return archive


def _children(parent: int) -> dict[int, str]:
    """The live child processes of `parent`: pid → command name."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) == parent and fields[0] != "Z":
            found[int(entry.name)] = name
    return found


def _io(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/io").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _when_child_has_moved(
    parent: int, name: str, field: str, act: Callable[[int], None], least: int = 8 * 2**20
) -> threading.Thread:
    """A thread that waits for `parent`'s child `name` to have read or written (`field`:
    rchar, wchar) `least` bytes, then calls `act(child pid)` once."""

    def watch() -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            for pid, command in _children(parent).items():
                if command == name and _io(pid, field) >= least:
                    act(pid)
                    return
            time.sleep(0.01)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


def _restore_process(archive: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", "restore", str(archive), "--force"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _no_restore_left(url: str) -> None:
    """psql's session gone from the server (its transaction rolled back or committed)."""
    name = url.rsplit("/", 1)[1]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        left = _sql(
            url,
            "SELECT count(*) FROM pg_stat_activity"  # noqa: S608
            f" WHERE datname = '{name}' AND application_name = 'psql'",
        )[0][0]
        if left == 0:
            return
        time.sleep(0.1)
    raise AssertionError("psql's session is still there")


@pg_only
@pytest.mark.parametrize("victim", ["psql", "pg_restore"])
def test_psql_or_pg_restore_killed_midway_changes_nothing(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], victim: str
) -> None:
    archive = _large_archive(cli_db, tmp_path)
    assert main(["demo", "--deals", "2", "--user", "later"]) == 0
    before = _dump(cli_db)
    capsys.readouterr()
    field = "rchar" if victim == "psql" else "wchar"
    watcher = _when_child_has_moved(
        os.getpid(), victim, field, lambda pid: os.kill(pid, signal.SIGKILL)
    )
    assert main(["restore", str(archive), "--force"]) == 2
    watcher.join(5)
    err = _one_line_error(capsys)
    assert "nothing changed" in err, err
    # Before the fix a killed pg_restore was reported as an archive "damaged or cut short".
    assert "damaged" not in err and "cut short" not in err, err
    assert victim in err, err
    _no_restore_left(cli_db)
    assert _dump(cli_db) == before


@pg_only
def test_ctrl_c_in_the_middle_of_a_restore_is_one_line_and_changes_nothing(
    cli_db: str, tmp_path: Path
) -> None:
    """Ctrl-C sends SIGINT to the whole foreground group: the command, pg_restore and psql.
    Before the fix: the database was unchanged, but the command ended with a KeyboardInterrupt
    traceback."""
    archive = _large_archive(cli_db, tmp_path)
    assert main(["demo", "--deals", "2", "--user", "later"]) == 0
    before = _dump(cli_db)
    process = _restore_process(archive)
    watcher = _when_child_has_moved(
        process.pid, "psql", "rchar", lambda _pid: os.killpg(process.pid, signal.SIGINT)
    )
    _out, err = process.communicate(timeout=120)
    watcher.join(5)
    assert process.returncode not in (0, None)
    _is_one_line_error(err.strip())
    assert "nothing changed" in err, err
    _no_restore_left(cli_db)
    assert _dump(cli_db) == before


@pg_only
def test_the_restore_killed_midway_leaves_the_database_as_it_was(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SIGKILL of the kocledger process itself: no cleanup of its own runs. psql sees its
    input end without COMMIT; PostgreSQL rolls back. The next start and the next restore work."""
    archive = _large_archive(cli_db, tmp_path)
    expected = _dump(cli_db)
    assert main(["demo", "--deals", "2", "--user", "later"]) == 0
    before = _dump(cli_db)
    process = _restore_process(archive)
    watcher = _when_child_has_moved(
        process.pid, "psql", "rchar", lambda _pid: os.kill(process.pid, signal.SIGKILL)
    )
    process.communicate(timeout=120)
    watcher.join(5)
    assert process.returncode == -signal.SIGKILL
    _no_restore_left(cli_db)
    assert _dump(cli_db) == before
    capsys.readouterr()
    assert main(["migrate"]) == 0
    assert main(["restore", str(archive), "--force"]) == 0
    assert _dump(cli_db) == expected


@pg_only
def test_psql_dying_after_the_commit_is_not_reported_as_nothing_changed(
    cli_db: str,
    tmp_path: Path,
    databases: Databases,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """psql ended by a signal after PostgreSQL committed the restore (the OOM killer, a
    Ctrl-C a moment too late): a psql that runs the real one, then kills itself. Before the
    fix the command said "the restore failed, nothing changed" (exit 2) about a database that
    had been replaced."""
    assert main(["demo", "--deals", "4", "--user", "demo"]) == 0
    archive = tmp_path / "ledger.backup"
    assert main(["backup", str(archive)]) == 0
    expected = _dump(cli_db)
    assert main(["demo", "--deals", "2", "--user", "later"]) == 0
    before = _dump(cli_db)
    real = shutil.which("psql")
    assert real
    wrapper = tmp_path / "bin" / "psql"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\n"{real}" "$@"\nkill -9 $$\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{wrapper.parent}{os.pathsep}{os.environ['PATH']}")
    capsys.readouterr()
    code = main(["restore", str(archive), "--force"])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    now = _dump(cli_db)
    if code == 0:
        assert now == expected
    else:
        assert "nothing changed" not in err or now == before, err


@sqlite_only
def test_a_sqlite_restore_killed_midway_changes_nothing_and_leaves_nothing(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SIGKILL while the copy of the backup is being made beside the database: the database
    is as it was, and the next restore removes the copy left behind (as large as the backup:
    before, each restore killed so left one more)."""
    assert main(["demo", "--deals", "8", "--user", "demo"]) == 0
    path = _sqlite_path(cli_db)
    connection = sqlite3.connect(path)
    with connection:
        columns = [r[1] for r in connection.execute("PRAGMA table_info(deal)") if r[1] != "id"]
        copied = [
            {"notes": "printf('%.*c', 1048576, 'x') || n.value", "title": "title || n.value"}.get(
                c, c
            )
            for c in columns
        ]
        connection.execute(
            f"INSERT INTO deal ({', '.join(columns)}) SELECT {', '.join(copied)} FROM deal,"  # noqa: S608
            " (WITH RECURSIVE s(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM s"
            " WHERE value < 8) SELECT value FROM s) AS n"
        )
    connection.close()
    archive = tmp_path / "large.sqlite3"
    assert main(["backup", str(archive)]) == 0
    expected = _dump(cli_db)
    assert main(["demo", "--deals", "2", "--user", "later"]) == 0
    before = _dump(cli_db)
    process = _restore_process(archive)
    copy = path.with_name(f".{path.name}.restore-{process.pid}")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if copy.exists() and copy.stat().st_size > 8 * 2**20:
            process.kill()
            break
        time.sleep(0.005)
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL, "the restore ended before it could be killed"
    assert _dump(cli_db) == before
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        connection.close()
    assert copy.exists()  # what the killed restore left
    capsys.readouterr()
    assert main(["restore", str(archive), "--force"]) == 0
    assert _dump(cli_db) == expected
    assert not [p.name for p in path.parent.iterdir() if ".restore-" in p.name]


# --- 5. names and messages --------------------------------------------------------------------


@pg_only
def test_a_user_objects_name_with_a_newline_or_quotes_stays_one_line(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Object names are the user's: quotes, semicolons, a newline. The message naming them
    must stay one line (before the fix a newline in a view's name split it in two), and
    nothing in a name is run."""
    assert main(["demo", "--deals", "3", "--user", "demo"]) == 0
    archive = tmp_path / "ledger.backup"
    assert main(["backup", str(archive)]) == 0
    expected = _dump(cli_db)
    assert main(["demo", "--deals", "2", "--user", "later"]) == 0
    _sql(
        cli_db,
        'CREATE VIEW "my""; DROP TABLE user_account; --" AS SELECT id FROM deal',
        'CREATE VIEW "two\nlines" AS SELECT id FROM deal',
    )
    before = _dump(cli_db)
    capsys.readouterr()
    assert main(["restore", str(archive), "--force"]) == 2
    err = _one_line_error(capsys)
    assert "DROP TABLE user_account" in err and "two" in err and "lines" in err, err
    assert _dump(cli_db) == before
    assert main(["restore", str(archive), "--force", "--drop-dependents"]) == 0
    out = capsys.readouterr().err
    assert "Traceback" not in out
    dropped = [line for line in out.splitlines() if line.startswith("dropped")]
    assert len(dropped) == 2, out  # each dropped object on one line of its own
    assert _dump(cli_db) == expected


@pg_only
def test_the_database_password_is_not_on_a_command_line(
    cli_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pg_dump, pg_restore and psql were given the whole URL, password included, as an
    argument: any user of the machine sees it in `ps` or /proc/PID/cmdline while a backup or
    restore runs. libpq reads it from PGPASSWORD (or ~/.pgpass) instead."""
    secret = "s3cret-" + uuid.uuid4().hex[:8]
    # The test server trusts local connections: a password in the URL is accepted and unused.
    url = cli_db.replace("postgres@", f"postgres:{secret}@", 1)
    assert secret in url
    monkeypatch.setenv("KOCLEDGER_DATABASE_URL", url)
    assert main(["demo", "--deals", "2", "--user", "demo"]) == 0
    seen: list[tuple[list[str], dict[str, str]]] = []
    real_run, real_popen = subprocess.run, subprocess.Popen

    def run(args: list[str], **kwargs: Any) -> Any:
        seen.append((list(args), dict(kwargs.get("env") or os.environ)))
        return real_run(args, **kwargs)

    class Popen(real_popen):  # type: ignore[type-arg, valid-type, misc]
        def __init__(self, args: list[str], **kwargs: Any) -> None:
            seen.append((list(args), dict(kwargs.get("env") or os.environ)))
            super().__init__(args, **kwargs)

    monkeypatch.setattr(backup.subprocess, "run", run)
    monkeypatch.setattr(backup.subprocess, "Popen", Popen)
    # What the children get from this process's own environment is not what is tested.
    monkeypatch.delenv("PGPASSWORD", raising=False)
    archive = tmp_path / "ledger.backup"
    assert main(["backup", str(archive)]) == 0
    assert main(["restore", str(archive), "--force"]) == 0
    tools = [(args, env) for args, env in seen if Path(args[0]).name.startswith(("pg_", "psql"))]
    assert {Path(args[0]).name for args, _env in tools} >= {"pg_dump", "pg_restore", "psql"}
    for args, env in tools:
        assert not any(secret in arg for arg in args), args
        if any("127.0.0.1" in arg for arg in args):  # the ones that connect
            assert env.get("PGPASSWORD") == secret, args


# --- 6. a migration's broken reference hidden among old ones (SQLite) ------------------------

SWAP = '''"""a test-only migration: mends the old dangling deal and breaks another the same way"""

from alembic import op

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE deal SET brand_id = {good} WHERE id = {mended}")
    op.execute("UPDATE deal SET brand_id = {missing} WHERE id = {broken}")


def downgrade() -> None:
    pass
'''


@sqlite_only
def test_a_migration_that_breaks_a_reference_like_an_old_one_still_fails(
    databases: Databases, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check compares broken references before and after by their values, counted. A
    migration that mends the old dangling deal and points another deal at the same missing
    brand leaves the same count of the same values. Before the fix the migration passed: a
    reference the run broke, hidden by one it mended."""
    from app.demo import fill_demo

    url = databases.new_url()
    engine = make_engine(Settings(database_url=url))
    migrate.upgrade(engine)
    with Session(engine) as session:
        fill_demo(session, username="old", deals=12, seed=3, now=clock.utcnow())
        session.commit()
    path = _sqlite_path(url)
    connection = sqlite3.connect(path)
    try:
        (mended, missing), (broken, good) = connection.execute(
            "SELECT id, brand_id FROM deal WHERE brand_id IS NOT NULL ORDER BY id"
        ).fetchall()[:2]
        assert missing != good
        # One deal dangling (foreign keys are off on this connection): `mended` -> `missing`.
        with connection:
            connection.execute(
                "UPDATE deal SET brand_id = ? WHERE brand_id = ? AND id != ?",
                (good, missing, mended),
            )
            connection.execute("DELETE FROM brand WHERE id = ?", (missing,))
        assert len(connection.execute("PRAGMA foreign_key_check").fetchall()) == 1
    finally:
        connection.close()
    root = tmp_path / "project"
    shutil.copytree(migrate.ROOT / "alembic", root / "alembic")
    shutil.copy(migrate.ROOT / "alembic.ini", root / "alembic.ini")
    head = ScriptDirectory.from_config(migrate.alembic_config(engine)).get_current_head()
    (root / "alembic" / "versions" / "9999_swap.py").write_text(
        SWAP.format(head=head, good=good, mended=mended, missing=missing, broken=broken)
    )
    monkeypatch.setattr(migrate, "ROOT", root)
    with pytest.raises(migrate.MigrationError, match="broken references"):
        migrate.upgrade(engine)
    engine.dispose()
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (head,)
        for deal, brand in ((broken, good), (mended, missing)):
            found = connection.execute("SELECT brand_id FROM deal WHERE id = ?", (deal,))
            assert found.fetchone() == (brand,)  # rolled back
    finally:
        connection.close()


# --- 7. sessions a restore brings back --------------------------------------------------------


def test_a_restore_does_not_bring_back_sessions_ended_since_the_backup(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """She signs out everywhere (a phone lost, a cookie stolen) after last night's backup; a
    week later the ledger is restored from it. Before the fix the session rows came back with
    the backup, so the stolen cookie signed in again. Every account is signed out by a restore
    (sessions are the one thing in the ledger that is cheaper to make again than to trust)."""
    assert main(["demo", "--deals", "2", "--user", "demo"]) == 0
    engine = make_engine(Settings(database_url=cli_db))
    try:
        with Session(engine) as session:
            user = accounts.find_user(session, username="demo")
            stolen, _row = accounts.open_session(session, user_id=user.id, now=clock.utcnow())
    finally:
        engine.dispose()
    archive = tmp_path / "ledger.backup"
    assert main(["backup", str(archive)]) == 0
    assert main(["user", "signout-all", "demo"]) == 0
    capsys.readouterr()
    assert main(["restore", str(archive), "--force"]) == 0
    assert "signed out" in capsys.readouterr().err
    digest = accounts._digest(stolen)
    left = f"SELECT count(*) FROM user_session WHERE token_hash = '{digest}'"  # noqa: S608
    assert _sql(cli_db, left) == [(0,)]


# --- 8. a restore while the app is serving (two workers) ----------------------------------------


@pytest.mark.concurrency
def test_a_restore_while_two_workers_serve(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """DEPLOY.md says to stop the workers first; someone will not. Two workers serve API reads
    and writes (brands) while `kocledger restore` runs. What users see: no error (a write
    waits while the restore holds the tables, then goes in), and no write acknowledged after
    the restore ended is missing. (Writes acknowledged before the restore took the tables are
    replaced by the backup's state: that is what a restore is.) Held before and after this
    review."""
    import httpx

    from bench.live import LiveServer

    assert main(["demo", "--deals", "20", "--user", "demo"]) == 0
    engine = make_engine(Settings(database_url=cli_db))
    try:
        with Session(engine) as session:
            user = accounts.find_user(session, username="demo")
            assert user.id is not None
            token, _row = accounts.create_token(
                session, user_id=user.id, label="race", now=clock.utcnow()
            )
    finally:
        engine.dispose()
    archive = tmp_path / "ledger.backup"
    assert main(["backup", str(archive)]) == 0  # the token is in it: it works after the restore
    env = {**os.environ, "KOCLEDGER_SECRET_KEY": "restore-while-serving-key-0123456789"}
    server = LiveServer(env, workers=2, log=tmp_path / "server.log").start()
    log: list[tuple[float, float, str, int, str]] = []  # started, ended, kind, status, name
    stop = threading.Event()

    def client(kind: str, n: int) -> None:
        with server.api(token) as api:
            for i in range(400):
                if stop.is_set():
                    return
                started, name = time.monotonic(), f"b-{n}-{i}"
                try:
                    if kind == "post":
                        status = api.post("/brands", json={"name": name}).status_code
                    else:
                        status = api.get("/brands", params={"limit": 5}).status_code
                except httpx.HTTPError:
                    status = 0
                log.append((started, time.monotonic(), kind, status, name))
                time.sleep(0.02)

    threads = [
        threading.Thread(target=client, args=(kind, n))
        for n, kind in enumerate(["post", "post", "get", "get"])
    ]
    try:
        for thread in threads:
            thread.start()
        time.sleep(1)
        began = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "app.cli", "restore", str(archive), "--force"],
            capture_output=True,
            text=True,
            env=env,
        )
        ended = time.monotonic()
        time.sleep(1.5)
    finally:
        stop.set()
        for thread in threads:
            thread.join(60)
        server.stop()
    assert done.returncode == 0, done.stderr
    statuses = {(kind, status) for _s, _e, kind, status, _n in log}
    assert statuses <= {("post", 201), ("get", 200)}, sorted(statuses)
    names = {row[0] for row in _sql(cli_db, "SELECT name FROM brand")}
    after = [name for s, _e, kind, _st, name in log if kind == "post" and s > ended]
    assert after and all(name in names for name in after)
    during = [n for s, e, kind, _st, n in log if kind == "post" and s >= began and e <= ended]
    print(f"writes during the restore: {len(during)}, replaced: {len(set(during) - names)}")


def test_views_cached_per_ledger_version_are_not_served_stale_after_a_restore(
    cli_db: str, tmp_path: Path
) -> None:
    """The summary (and the other views cached per ledger version) is kept in memory by each
    worker, keyed by the account and its ledger version. A restore sets the version back to
    the backup's; the next writes count it up again to numbers the cache has already seen with
    other figures. A restore while the app serves (test above: no error, so nobody notices)
    then left the summary showing the figures of before the restore."""
    from fastapi.testclient import TestClient

    from app.economics import api as economics_api
    from app.economics import service as economics_service
    from app.main import create_app

    assert main(["demo", "--deals", "6", "--user", "demo"]) == 0
    engine = make_engine(Settings(database_url=cli_db))
    try:
        with Session(engine) as session:
            user = accounts.find_user(session, username="demo")
            assert user.id is not None
            token, _row = accounts.create_token(
                session, user_id=user.id, label="cache", now=clock.utcnow()
            )
    finally:
        engine.dispose()
    archive = tmp_path / "ledger.backup"
    assert main(["backup", str(archive)]) == 0
    settings = Settings(database_url=cli_db, data_dir=tmp_path / "data", secret_key="k" * 32)
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(settings), headers=headers) as client:
        deal = client.get("/api/v1/deals", params={"limit": 1}).json()["items"][0]["id"]

        def pay(gross: str) -> None:
            body = {"gross": gross, "received_on": clock.utcnow().date().isoformat()}
            assert client.post(f"/api/v1/deals/{deal}/payments", json=body).status_code == 201

        pay("100.00")
        pay("100.00")
        assert client.get("/api/v1/summary").status_code == 200  # kept at this version
        assert main(["restore", str(archive), "--force"]) == 0
        pay("7777.00")
        pay("7777.00")  # the same version number again, other figures
        served = client.get("/api/v1/summary").json()
        for cache in (
            economics_api._SUMMARY_JSON,
            economics_service._SUMMARIES,
            economics_service._PERIOD_SUMS,
            economics_service._OVERDUE,
        ):
            cache.clear()
        assert served == client.get("/api/v1/summary").json()


# --- 9. a restore that cannot take the ledger's tables (PostgreSQL) --------------------------


def _blocker(url: str, table: str = "deal") -> Any:
    """A second connection in an open transaction that wrote to a ledger table (it holds the
    table until it ends, as a served writer would for much longer than it should)."""
    import psycopg

    connection = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))
    connection.execute(f"UPDATE {table} SET id = id WHERE id = (SELECT min(id) FROM {table})")  # noqa: S608
    return connection


def _ledger_then_later(url: str, tmp_path: Path) -> tuple[Path, dict[str, Any], dict[str, Any]]:
    """A backup of a ledger, and the ledger moved on since: the archive, its state, today's."""
    assert main(["demo", "--deals", "2", "--user", "demo"]) == 0
    archive = tmp_path / "ledger.backup"
    assert main(["backup", str(archive)]) == 0
    expected = _dump(url)
    assert main(["demo", "--deals", "2", "--user", "later"]) == 0
    return archive, expected, _dump(url)


@pytest.mark.parametrize(
    ("stderr", "state", "reason"),
    [
        (
            "psql:<stdin>:5: ERROR:  55P03: canceling statement due to lock timeout\n"
            "LOCATION:  ProcessInterrupts, postgres.c:3344\n",
            "55P03",
            "canceling statement due to lock timeout",
        ),
        (
            "psql:<stdin>:5: FEHLER:  55P03: storniere Anfrage wegen Zeitüberschreitung einer"
            " Sperre\n",
            "55P03",
            "storniere Anfrage wegen Zeitüberschreitung einer Sperre",
        ),
        (
            "psql:<stdin>:9: 错误:  40P01: 检测到死锁\nDETAIL:  Process 1 waits for …\n",
            "40P01",
            "检测到死锁",
        ),
        ("psql:<stdin>:5: ОШИБКА:  57014: выполнение оператора отменено\n", "57014", None),
        (
            'psql: error: connection to server at "127.0.0.1", port 5432 failed: FATAL:  '
            'database "x" does not exist\n',
            None,
            None,
        ),
    ],
)
def test_what_stopped_psql_is_read_from_its_sqlstate_in_any_language(
    stderr: str, state: str | None, reason: str | None
) -> None:
    """Before: the restore went again only when psql's message held the English words
    "deadlock detected" or "lock timeout"; a server speaking German (lc_messages) stopped it at
    the first lock timeout."""
    found_state, found_reason = backup._psql_error(stderr)
    assert found_state == state
    if reason is not None:
        assert found_reason == reason
    assert state is None or not found_reason.startswith(state)  # the code is not the reason


def test_the_busy_message_is_in_the_terminals_language(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def busy(*_args: Any, **_kwargs: Any) -> backup.Restored:
        raise backup.BackupBusy(10.0)

    monkeypatch.setattr(backup, "restore", busy)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert main(["restore", str(tmp_path / "x.backup"), "--force"]) == 2
    err = _one_line_error(capsys)
    assert "10 秒" in err and "没有任何改动" in err and "再试" in err, err
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert main(["restore", str(tmp_path / "x.backup"), "--force"]) == 2
    err = _one_line_error(capsys)
    assert "10 s" in err and "nothing changed" in err and "Try again" in err, err


@pg_only
@pytest.mark.commits
def test_a_steady_blocker_makes_the_restore_give_up_within_the_deadline(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A connection that wrote to one ledger table and does not end its transaction. Before:
    40 tries of 300 ms each and a pause, the command gave up after 20-25 s with PostgreSQL's
    "canceling statement due to lock timeout" (and a try could wait 300 ms per table)."""
    archive, _expected, before = _ledger_then_later(cli_db, tmp_path)
    monkeypatch.setattr(backup, "LOCK_DEADLINE", 2.0, raising=False)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    capsys.readouterr()
    blocker = _blocker(cli_db)
    try:
        began = time.monotonic()
        code = main(["restore", str(archive), "--force"])
        took = time.monotonic() - began
    finally:
        blocker.rollback()
        blocker.close()
    err = _one_line_error(capsys)
    assert code == 2, err
    print(f"gave up after {took:.2f} s")
    assert took < 2.0 + 1.5, took  # the deadline, and the archive read before it starts
    assert "stayed in use for 2 s" in err and "nothing changed" in err, err
    _no_restore_left(cli_db)
    assert _dump(cli_db) == before


@pg_only
@pytest.mark.commits
def test_a_blocker_released_midway_lets_the_restore_finish(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The blocker ends its transaction after 1 s, within the deadline: the restore, which went
    again meanwhile, takes the tables and finishes."""
    archive, expected, _before = _ledger_then_later(cli_db, tmp_path)
    monkeypatch.setattr(backup, "LOCK_DEADLINE", 6.0, raising=False)
    blocker = _blocker(cli_db)
    release = threading.Timer(1.0, blocker.rollback)
    try:
        release.start()
        began = time.monotonic()
        code = main(["restore", str(archive), "--force"])
        took = time.monotonic() - began
    finally:
        release.join(10)
        blocker.close()
    assert code == 0, capsys.readouterr().err
    print(f"restored after {took:.2f} s")
    assert 1.0 <= took < 6.0, took
    assert _dump(cli_db) == expected


# PostgreSQL's own German (postgres-15.mo) for what a restore meets when the tables are busy.
GERMAN = {
    "ERROR:": "FEHLER:",
    "canceling statement due to lock timeout": (
        "storniere Anfrage wegen Zeitüberschreitung einer Sperre"
    ),
    "canceling statement due to statement timeout": (
        "storniere Anfrage wegen Zeitüberschreitung der Anfrage"
    ),
    "deadlock detected": "Verklemmung (Deadlock) entdeckt",
}


@pg_only
@pytest.mark.commits
def test_a_server_speaking_another_language_still_lets_the_restore_go_again(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """lc_messages = 'de_DE.UTF-8' on the server (this machine has no such locale, so the real
    psql's complaints are put into PostgreSQL's own German on their way out, as the server would
    have written them). Before: the first lock timeout, "storniere Anfrage wegen
    Zeitüberschreitung einer Sperre", was not recognised and the restore failed at once."""
    real = shutil.which("psql")
    assert real is not None
    folder = tmp_path / "bin"
    folder.mkdir()
    wrapper = folder / "psql"
    wrapper.write_text(
        f"#!{sys.executable}\n"
        "import subprocess, sys\n"
        f"done = subprocess.run([{real!r}, *sys.argv[1:]], stderr=subprocess.PIPE)\n"
        "err = done.stderr.decode()\n"
        f"for english, german in {GERMAN!r}.items():\n"
        "    err = err.replace(english, german)\n"
        "sys.stderr.write(err)\n"
        "sys.exit(done.returncode)\n"
    )
    wrapper.chmod(0o755)
    archive, expected, _before = _ledger_then_later(cli_db, tmp_path)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(backup, "LOCK_DEADLINE", 6.0, raising=False)
    assert shutil.which("psql") == str(wrapper)
    blocker = _blocker(cli_db, "brand")
    release = threading.Timer(1.0, blocker.rollback)
    try:
        release.start()
        code = main(["restore", str(archive), "--force"])
    finally:
        release.join(10)
        blocker.close()
    assert code == 0, capsys.readouterr().err
    assert _dump(cli_db) == expected


# --- found on the way -------------------------------------------------------------------------


def test_demo_with_a_name_the_accounts_refuse_is_one_line(
    cli_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found while setting up the probes: `kocledger demo --user a` (a name too short) ended
    with app.errors.RuleError as a traceback."""
    capsys.readouterr()
    assert main(["demo", "--deals", "2", "--user", "a"]) == 2
    assert "username" in _one_line_error(capsys)


@pytest.fixture(autouse=True)
def _no_leftover_children() -> Iterator[None]:
    yield
    for pid, name in _children(os.getpid()).items():
        if name in {"psql", "pg_restore", "pg_dump"}:
            os.kill(pid, signal.SIGKILL)
