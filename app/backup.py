"""Whole-database backup and restore: SQLite's online backup API, or pg_dump / pg_restore."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import text
from sqlalchemy.engine import make_url

from app.db import make_engine
from app.files import private_dir, private_file, secure_sqlite
from app.settings import Settings

PG_MISSING = (
    "pg_dump/pg_restore not found. Install the PostgreSQL client tools of the server's major "
    "version, e.g. `apt-get install postgresql-client`, then run this again."
)


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


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
        raise BackupError(PG_MISSING)
    # Arguments are a list (no shell); the URL comes from our own settings.
    subprocess.run(  # noqa: S603
        [
            pg_dump,
            # The custom format: compressed, and pg_restore can list it (checked before a restore).
            "-Fc",
            "--no-owner",
            "-f",
            str(target),
            _libpq_url(settings),
        ],
        check=True,
    )
    return target


def check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not a sound KOC Ledger SQLite database."""
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
        raise BackupError(f"{path} failed the integrity check: {result}")
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


def restore(settings: Settings, source: Path, *, force: bool) -> None:
    """Replace the database with a backup; refuses to overwrite data without `force`."""
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
    _restore(settings, source)
    if past > 0:
        _move_versions_past(settings, past)


def _restore(settings: Settings, source: Path) -> None:
    if settings.is_sqlite:
        check_sqlite_file(source)
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
        return
    pg_restore = shutil.which("pg_restore")
    if pg_restore is None:
        raise BackupError(PG_MISSING)
    # Listing the archive first: a file that is not one fails here, before anything is dropped.
    listing = subprocess.run(  # noqa: S603
        [pg_restore, "--list", str(source)],
        capture_output=True,
        text=True,
    )
    if listing.returncode != 0:
        raise BackupError(f"{source} is not a pg_dump archive: {listing.stderr.strip()}")
    psql = shutil.which("psql")
    if psql is None:
        raise BackupError(PG_MISSING)
    # A table the archive does not hold (made by a later migration than the backup's) would
    # stay, and its keys into the archive's tables stop --clean from dropping them: it is
    # dropped too, and the next start migrates the restored database forward again.
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
    extra = sorted(set(_tables(settings)) - archived)
    drops = "".join(f"DROP TABLE IF EXISTS {_quoted(s)}.{_quoted(n)} CASCADE;" for s, n in extra)
    script = subprocess.run(  # noqa: S603
        # Tables are replaced, not merged: a restore gives back the backup's state.
        [pg_restore, "--clean", "--if-exists", "--no-owner", "-f", "-", str(source)],
        capture_output=True,
        check=True,
    ).stdout
    # All or nothing (one transaction): a restore that fails leaves the database as it was.
    command = [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction"]
    done = subprocess.run(  # noqa: S603
        [*command, "-d", _libpq_url(settings), "-c", drops or "SELECT 1", "-f", "-"],
        input=script,
        capture_output=True,
    )
    if done.returncode != 0:
        raise BackupError(f"the restore failed, nothing changed: {done.stderr.decode().strip()}")


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
    columns = _version_columns(settings)
    if not columns:
        return 0
    engine = make_engine(settings)
    try:
        with engine.begin() as connection:
            greatest = ", ".join(f"coalesce(max({c}), 0)" for c in columns)
            query = text(f"SELECT {greatest} FROM profile")  # noqa: S608 - names from _VERSIONS
            return max(int(v) for v in connection.execute(query).one())
    finally:
        engine.dispose()


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
