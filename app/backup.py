"""Whole-database backup and restore: SQLite's online backup API, or pg_dump / pg_restore."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from app.db import load_models, make_engine
from app.files import private_dir, private_file, secure_sqlite
from app.settings import Settings

PG_MISSING = (
    "pg_dump/pg_restore not found. Install the PostgreSQL client tools of the server's major "
    "version, e.g. `apt-get install postgresql-client`, then run this again."
)


# The script pg_restore writes goes to psql through a buffer of this size, never whole.
CHUNK = 64 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


def _first_line(stderr: str | bytes) -> str:
    """The first line of a tool's complaint (one line of error for the command line)."""
    if isinstance(stderr, bytes):
        stderr = stderr.decode(errors="replace")
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if "ERROR:" in line or "error:" in line]
    line = (errors or lines or ["no message"])[0]
    # psql's "psql:<stdin>:179: ERROR:  …" and pg_restore's "pg_restore: error: …"
    for marker in ("ERROR:", "error:"):
        if marker in line:
            line = line.split(marker, 1)[1].strip()
            break
    return " ".join(line.split())


def _sqlite_path(settings: Settings) -> Path:
    database = make_url(settings.resolved_database_url).database
    if not database:
        raise BackupError("this SQLite database has no file")
    return Path(database)


def _libpq_url(settings: Settings) -> str:
    # pg_dump speaks libpq: the URL without SQLAlchemy's "+psycopg" driver name.
    url = make_url(settings.resolved_database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def default_path(settings: Settings, now: datetime) -> Path:
    suffix = "sqlite3" if settings.is_sqlite else "pgdump"
    return settings.data_dir / "backups" / f"kocledger-{now:%Y%m%d-%H%M%S}.{suffix}"


def backup(settings: Settings, target: Path) -> Path:
    """Copy the live database to `target`; safe while the app is serving."""
    # The default folder is made private (0700); a folder she named is hers to set.
    if target.parent == settings.data_dir / "backups":
        private_dir(target.parent)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
    try:
        private_file(target, exclusive=True)  # 0600 from the start, never overwritten
    except FileExistsError:
        raise BackupError(f"{target} exists; choose another name") from None
    if settings.is_sqlite:
        source = sqlite3.connect(_sqlite_path(settings))
        destination = sqlite3.connect(target)
        try:
            with destination:
                source.backup(destination)  # pages copied under SQLite's own locking
        finally:
            destination.close()
            source.close()
        # A backup is checked as soon as it is made: a bad copy is found now, not on the day it is
        # needed.
        check_sqlite_file(target)
        return target
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        target.unlink()
        raise BackupError(PG_MISSING)
    # Arguments are a list (no shell); the URL comes from our own settings.
    dumped = subprocess.run(  # noqa: S603
        [
            pg_dump,
            # The custom format: compressed, and pg_restore can list it (checked before a restore).
            "-Fc",
            "--no-owner",
            "-f",
            str(target),
            _libpq_url(settings),
        ],
        capture_output=True,
        text=True,
    )
    if dumped.returncode != 0:
        # What it wrote is no backup: the name stays free for the next try.
        target.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed, no backup written: {_first_line(dumped.stderr)}")
    return target


def _sqlite_cut_short(path: Path) -> str | None:
    """Why a SQLite file is shorter than its header says it is, or None. SQLite reads missing
    pages as empty: a copy cut short in the free space of its last page passes the integrity
    check, and one cut elsewhere fails it in hundreds of lines."""
    with path.open("rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return None  # not SQLite at all: sqlite3 says so
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The header's page count is valid only when written by the same change as the counter.
    if pages == 0 or header[24:28] != header[92:96]:
        return None
    size = path.stat().st_size
    if size < pages * page_size:
        return f"{path} is cut short ({size} bytes of {pages * page_size})"
    return None


def check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not a sound KOC Ledger SQLite database."""
    short = _sqlite_cut_short(path)
    if short:
        raise BackupError(short)
    try:
        # Read-only: checking a file must never change it (or create it).
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = connection.execute("PRAGMA integrity_check").fetchone()
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a SQLite database: {exc}") from exc
    if not result or result[0] != "ok":
        problems = str(result[0] if result else "no answer").splitlines()
        first = next((p for p in problems if not p.startswith("***")), problems[0])
        raise BackupError(f"{path} failed the integrity check ({first.strip()})")
    # A sound SQLite file of something else is refused too: restoring it would leave an empty app.
    if not {"alembic_version", "deal", "user_account"} <= tables:
        raise BackupError(f"{path} is not a KOC Ledger backup")


def _has_data(settings: Settings) -> bool:
    if settings.is_sqlite:
        path = _sqlite_path(settings)
        if not path.exists():
            return False
        connection = sqlite3.connect(path)
        try:
            names = {
                r[0]
                for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if "user_account" not in names:
                return False
            return bool(connection.execute("SELECT count(*) FROM user_account").fetchone()[0])
        finally:
            connection.close()
    return True  # a hub's PostgreSQL database: always ask for --force


def restore(
    settings: Settings, source: Path, *, force: bool, drop_dependents: bool = False
) -> list[str]:
    """Replace the database with a backup; refuses to overwrite data without `force`.

    On PostgreSQL, objects of the user's own that depend on the ledger's tables (a view, a
    foreign key from a table of hers) stop the restore before anything changes; with
    `drop_dependents` they are dropped with the tables they depend on. Returns what was
    dropped so."""
    if not source.exists():
        raise BackupError(f"{source} does not exist")
    if _has_data(settings) and not force:
        raise BackupError("the database already holds data; add --force to replace it")
    # Cached views are kept per account and ledger version (app.web.pagecache): when a ledger
    # is replaced, the restored one's versions are moved past every version the replaced one
    # reached, so a server still running keeps nothing it cached of the replaced ledger under a
    # restored version. (Into an empty database nothing can have been cached: the restore is
    # row for row.) The versions are counters for caches, not ledger data.
    past = _newest_version(settings)
    dropped = _replace(settings, source, drop_dependents=drop_dependents)
    if past > 0:
        _move_versions_past(settings, past)
    return dropped


def _replace(settings: Settings, source: Path, *, drop_dependents: bool) -> list[str]:
    if settings.is_sqlite:
        _restore_sqlite(settings, source)
        return []
    pg_restore, psql = shutil.which("pg_restore"), shutil.which("psql")
    if pg_restore is None or psql is None:
        raise BackupError(PG_MISSING)
    # Listing the archive first: a file that is not one fails here, before anything is dropped.
    listing = subprocess.run(  # noqa: S603
        [pg_restore, "--list", str(source)],
        capture_output=True,
        text=True,
    )
    if listing.returncode != 0:
        raise BackupError(
            f"{source} cannot be read as a pg_dump archive (another kind of file, or one damaged"
            f" or cut short: {_first_line(listing.stderr)}); nothing changed"
        )
    archived = {
        (fields[3], fields[4])
        for line in listing.stdout.splitlines()
        if not line.startswith(";") and ";" in line
        for fields in [line.split(";", 1)[1].split()]
        if len(fields) >= 5 and fields[2] == "TABLE"
    }
    # Another database's dump would replace the ledger: only a KOC Ledger backup is restored.
    if not {"alembic_version", "user_account", "deal"} <= {name for _schema, name in archived}:
        raise BackupError(f"{source} is not a KOC Ledger backup (no ledger tables in it)")
    # The ledger's tables here: those the archive holds, and those today's code makes (a
    # later migration than the backup's). A table of the user's own is not ours to drop.
    present = _tables(settings)
    others = [(s, n) for s, n in present if (s, n) not in archived]
    # (The models cost some 7 MB to load: only when there is a table to tell.)
    known = {table.name for table in load_models().sorted_tables} if others else set()
    ours = [(s, n) for s, n in present if (s, n) in archived or n in known]
    dependents = _dependents(settings, ours)
    if dependents and not drop_dependents:
        raise BackupError(
            "objects of your own depend on the ledger's tables, which a restore replaces"
            f" ({'; '.join(dependents)}): drop or change them first, or add --drop-dependents"
            " to have the restore drop them; nothing changed"
        )
    # A table the archive does not hold (made by a later migration than the backup's) would
    # stay, and its keys into the archive's tables stop --clean from dropping them: it is
    # dropped too, and the next start migrates the restored database forward again. Asked to,
    # every table of the ledger goes first with what depends on it (--clean's drops then find
    # nothing to drop).
    drops = sorted(ours if dependents else set(ours) - archived)
    preamble = (
        f"DROP TABLE IF EXISTS {', '.join(f'{_quoted(s)}.{_quoted(n)}' for s, n in drops)}"
        " CASCADE;\n"
        if drops
        else ""
    )
    _stream_restore(pg_restore, psql, source, _libpq_url(settings), preamble)
    return dependents


def _restore_sqlite(settings: Settings, source: Path) -> None:
    try:
        check_sqlite_file(source)
    except BackupError as exc:
        raise BackupError(f"{exc}; nothing changed") from None
    target = _sqlite_path(settings)
    target.parent.mkdir(parents=True, exist_ok=True)
    # The database file private (0600) before any data is copied into it.
    secure_sqlite(target)
    backup_source = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    destination = sqlite3.connect(target)
    try:
        with destination:
            backup_source.backup(destination)
        # As the app runs it: readers never wait for the writer.
        destination.execute("PRAGMA journal_mode=WAL")
    finally:
        destination.close()
        backup_source.close()


def _stream_restore(pg_restore: str, psql: str, source: Path, url: str, preamble: str) -> None:
    """pg_restore's script piped into psql in one transaction, through a buffer of CHUNK bytes
    (memory stays the same whatever the archive's size). COMMIT is written only after
    pg_restore has read the whole archive and said so: an archive cut short, a psql that
    stops on an error, or this process dying leaves psql without it, and PostgreSQL rolls the
    transaction back when psql goes. (psql --single-transaction commits at the end of its
    input, however that came.)"""
    with tempfile.TemporaryFile() as restore_errors, tempfile.TemporaryFile() as psql_errors:
        # Tables are replaced, not merged: a restore gives back the backup's state.
        producer = subprocess.Popen(  # noqa: S603
            [pg_restore, "--clean", "--if-exists", "--no-owner", "-f", "-", str(source)],
            stdout=subprocess.PIPE,
            stderr=restore_errors,
            bufsize=0,
        )
        consumer = subprocess.Popen(  # noqa: S603
            [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", "-"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=psql_errors,
        )
        try:
            script_read, committed = _relay(producer, consumer, preamble)
        finally:
            # psql killed, not left to read an end of input: nothing it was given is committed.
            for process in (consumer, producer):
                if process.poll() is None:
                    process.kill()
                process.wait()
            for stream in (producer.stdout, consumer.stdin):
                if stream is not None:
                    with contextlib.suppress(BrokenPipeError):
                        stream.close()
        if committed:
            return
        if not script_read:
            restore_errors.seek(0)
            reason = _first_line(restore_errors.read())
            raise BackupError(
                f"{source} cannot be read to its end (damaged or cut short: {reason});"
                " nothing changed"
            )
        psql_errors.seek(0)
        raise BackupError(f"the restore failed, nothing changed: {_first_line(psql_errors.read())}")


def _relay(
    producer: subprocess.Popen[bytes], consumer: subprocess.Popen[bytes], preamble: str
) -> tuple[bool, bool]:
    """BEGIN, the preamble and pg_restore's script into psql, then COMMIT if pg_restore read
    the whole archive. Returns (the whole script was read, psql committed it)."""
    script, psql = producer.stdout, consumer.stdin
    assert script is not None and psql is not None
    try:
        psql.write(f"BEGIN;\n{preamble}".encode())
        while chunk := script.read(CHUNK):
            psql.write(chunk)
        if producer.wait() != 0:
            return False, False  # cut short or unreadable: psql is killed before COMMIT
        psql.write(b"\nCOMMIT;\n")
        psql.close()
    except BrokenPipeError:
        return True, False  # psql stopped at an error (ON_ERROR_STOP): it says which
    return True, consumer.wait() == 0


def _dependents(settings: Settings, tables: list[tuple[str, str]]) -> list[str]:
    """What depends on these tables (or on their row types or sequences) and is not part of
    them: a user's view, a foreign key or column of a table of hers, a function. Dropping the
    tables fails because of these; each is named as PostgreSQL names it."""
    if not tables:
        return []
    engine = make_engine(settings)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text(DEPENDENTS),
                {"schemas": [s for s, _n in tables], "names": [n for _s, n in tables]},
            )
            return [row[0] for row in rows]
    finally:
        engine.dispose()


# pg_depend's normal dependencies on the tables, their row types and their own sequences, from
# objects whose table (a constraint's, a view's rule's, a default's, a trigger's) is not one of
# them; a view is named by its relation rather than its _RETURN rule.
DEPENDENTS = """
WITH ours AS (
    SELECT c.oid FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN unnest(CAST(:schemas AS text[]), CAST(:names AS text[])) AS t(nspname, relname)
        ON t.nspname = n.nspname AND t.relname = c.relname
    WHERE c.relkind IN ('r', 'p')
), targets AS (
    SELECT CAST('pg_class' AS regclass) AS cls, oid AS obj FROM ours
    UNION ALL
    SELECT CAST('pg_type' AS regclass), reltype FROM pg_class WHERE oid IN (SELECT oid FROM ours)
    UNION ALL
    SELECT CAST('pg_class' AS regclass), d.objid FROM pg_depend d
    WHERE d.classid = CAST('pg_class' AS regclass) AND d.refclassid = CAST('pg_class' AS regclass)
        AND d.refobjid IN (SELECT oid FROM ours) AND d.deptype IN ('a', 'i')
), dependents AS (
    SELECT d.classid, d.objid, d.objsubid,
        CASE d.classid
            WHEN CAST('pg_constraint' AS regclass)
                THEN (SELECT conrelid FROM pg_constraint WHERE oid = d.objid)
            WHEN CAST('pg_rewrite' AS regclass)
                THEN (SELECT ev_class FROM pg_rewrite WHERE oid = d.objid)
            WHEN CAST('pg_attrdef' AS regclass)
                THEN (SELECT adrelid FROM pg_attrdef WHERE oid = d.objid)
            WHEN CAST('pg_trigger' AS regclass)
                THEN (SELECT tgrelid FROM pg_trigger WHERE oid = d.objid)
            WHEN CAST('pg_policy' AS regclass)
                THEN (SELECT polrelid FROM pg_policy WHERE oid = d.objid)
            WHEN CAST('pg_class' AS regclass) THEN d.objid
        END AS relation
    FROM pg_depend d
    JOIN targets t ON d.refclassid = t.cls AND d.refobjid = t.obj
    WHERE d.deptype = 'n'
)
SELECT DISTINCT
    CASE WHEN classid = CAST('pg_rewrite' AS regclass)
        THEN pg_describe_object(CAST('pg_class' AS regclass), relation, 0)
        ELSE pg_describe_object(classid, objid, objsubid)
    END AS what
FROM dependents
WHERE relation IS NULL OR relation NOT IN (SELECT oid FROM ours)
ORDER BY what
"""


_VERSIONS = ("ledger_version", "owing_version")


def _version_columns(settings: Settings) -> list[str]:
    """The profile table's version columns (none in a database without it, or older)."""
    if settings.is_sqlite and not _sqlite_path(settings).exists():
        return []
    engine = make_engine(settings)
    try:
        inspector = sa_inspect(engine)
        if "profile" not in inspector.get_table_names():
            return []
        names = {column["name"] for column in inspector.get_columns("profile")}
        return [name for name in _VERSIONS if name in names]
    finally:
        engine.dispose()


def _newest_version(settings: Settings) -> int:
    """The highest version of the database being replaced; 0 when it has none or cannot be
    read (the restore itself then says what is wrong with it, or replaces it)."""
    try:
        columns = _version_columns(settings)
        if not columns:
            return 0
        engine = make_engine(settings)
        try:
            with engine.begin() as connection:
                greatest = ", ".join(f"coalesce(max({c}), 0)" for c in columns)
                query = text(f"SELECT {greatest} FROM profile")  # noqa: S608 - from _VERSIONS
                return max(int(v) for v in connection.execute(query).one())
        finally:
            engine.dispose()
    except (SQLAlchemyError, sqlite3.DatabaseError, OSError):
        return 0


def _move_versions_past(settings: Settings, past: int) -> None:
    columns = _version_columns(settings)
    if not columns:
        return
    engine = make_engine(settings)
    try:
        with engine.begin() as connection:
            moves = ", ".join(f"{c} = {c} + :jump" for c in columns)
            connection.execute(text(f"UPDATE profile SET {moves}"), {"jump": past + 1})  # noqa: S608 - column names from _VERSIONS
    finally:
        engine.dispose()


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _tables(settings: Settings) -> list[tuple[str, str]]:
    """The database's own tables (schema, name) in its default schema, as pg_restore lists them."""
    engine = make_engine(settings)
    try:
        inspector = sa_inspect(engine)
        schema = inspector.default_schema_name or "public"
        return [(schema, name) for name in inspector.get_table_names()]
    finally:
        engine.dispose()
