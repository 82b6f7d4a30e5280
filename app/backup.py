"""Whole-database backup and restore: SQLite's online backup API, or pg_dump / pg_restore."""

from __future__ import annotations

import contextlib
import os
import random
import re
import shutil
import sqlite3
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.schema import MetaData

from app.db import load_models, make_engine
from app.files import private_dir, private_file, secure_sqlite
from app.i18n import Translator
from app.i18n_markers import N_
from app.settings import Settings

PG_MISSING = (
    "pg_dump/pg_restore not found. Install the PostgreSQL client tools of the server's major "
    "version, e.g. `apt-get install postgresql-client`, then run this again."
)


# The script pg_restore writes goes to psql through a buffer of this size, never whole.
CHUNK = 64 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do.

    `sqlstate`: PostgreSQL's code for the error that stopped psql (None when there was none),
    and `tables_taken`: whether psql had taken every ledger table by then."""

    def __init__(
        self, message: str, *, sqlstate: str | None = None, tables_taken: bool = False
    ) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate
        self.tables_taken = tables_taken


# Shown in the user's language (the command's): the ledger's tables stayed in use longer than
# the restore waits for them, and it did not go ahead.
BUSY_MESSAGE = N_(
    "the ledger's tables stayed in use for %(seconds)s s (by the running app or another"
    " connection), so the restore did not go ahead; nothing changed. Try again in a moment, or"
    " stop the app first"
)


class BackupBusy(BackupError):
    """A restore on PostgreSQL that could not take every ledger table within LOCK_DEADLINE."""

    def __init__(self, seconds: float) -> None:
        self.seconds = f"{seconds:g}"
        super().__init__(BUSY_MESSAGE % {"seconds": self.seconds})

    def translated(self, translator: Translator) -> str:
        return translator.gettext(BUSY_MESSAGE, seconds=self.seconds)


@dataclass
class Restored:
    """What a restore did besides replacing the ledger, for the command to say."""

    # The user's objects dropped because they depended on the ledger's tables (asked for).
    dropped: list[str] = field(default_factory=list)
    # Objects in a PostgreSQL archive that are not the ledger's: not restored.
    skipped: list[str] = field(default_factory=list)
    # A damaged SQLite database, moved aside rather than overwritten.
    kept: Path | None = None


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


# A server error as psql prints it with VERBOSITY=verbose: "psql:<stdin>:5: ERROR:  55P03: canceling
# statement due to lock timeout" (the severity and the text in the server's language, libpq's
# two spaces after the severity, the SQLSTATE's five characters).
_VERBOSE_ERROR = re.compile(r"^(?:psql:[^:]*:\d+: )?[^:]+:  (?P<state>[0-9A-Z]{5}): (?P<text>.*)$")


def _psql_error(stderr: str | bytes) -> tuple[str | None, str]:
    """The SQLSTATE and the text of the first server error psql printed (None and its first
    line when there was none: a connection that failed, psql's own complaint). A notice or a
    warning (SQLSTATE class 00 or 01, which verbose psql prints the same way: "NOTICE:  00000:
    drop cascades to view v") is no error."""
    if isinstance(stderr, bytes):
        stderr = stderr.decode(errors="replace")
    for line in stderr.splitlines():
        found = _VERBOSE_ERROR.match(line.strip())
        if found and found["state"][:2] not in {"00", "01"}:
            return found["state"], " ".join(found["text"].split())
    return None, _first_line(stderr)


def _sqlite_path(settings: Settings) -> Path:
    database = make_url(settings.resolved_database_url).database
    if not database:
        raise BackupError("this SQLite database has no file")
    return Path(database)


def _libpq_url(settings: Settings) -> str:
    # pg_dump speaks libpq: the URL without SQLAlchemy's "+psycopg" driver name, and without the
    # password, which any user of the machine could read on a command line (ps, /proc).
    url = make_url(settings.resolved_database_url).set(drivername="postgresql")
    # (URL.set leaves a field alone when given None: the named tuple's own _replace clears it.)
    return url._replace(password=None).render_as_string(hide_password=False)


def _libpq_env(settings: Settings) -> dict[str, str]:
    """The tools' environment: the password goes to libpq as PGPASSWORD (readable only by this
    user, in /proc/PID/environ), not as an argument."""
    env = dict(os.environ)
    password = make_url(settings.resolved_database_url).password
    if password:
        env["PGPASSWORD"] = str(password)
    return env


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
        env=_libpq_env(settings),
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
        try:
            connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
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
        except sqlite3.DatabaseError:
            return True  # a file that cannot be read (damaged, locked) may hold data: --force
    return True  # a hub's PostgreSQL database: always ask for --force


# A restore on PostgreSQL takes every ledger table first, in one LOCK, and goes again when it
# cannot (the served app's writers hold them a few milliseconds at a time) or when PostgreSQL
# aborts it for a deadlock: nothing changed when it stopped. It waits LOCK_DEADLINE seconds in
# all, however many tables and tries that makes, then says the tables stayed busy.
LOCK_DEADLINE = 10.0
# One table's wait within a try (lock_timeout), below PostgreSQL's 1 s deadlock_timeout: a writer
# holding one table and waiting for one the restore took is let go before a deadlock is found.
LOCK_WAIT_MS = 300
# One try's LOCK in all (statement_timeout, never past the deadline): lock_timeout holds for each
# table of the statement, so ~30 tables could each wait LOCK_WAIT_MS while the tables taken
# already keep the app waiting.
LOCK_TRY_MS = 1000
# A try not worth starting (pg_restore and psql start again for each).
LOCK_TRY_MIN = 0.1
# The errors (SQLSTATE, whatever language the server speaks) after which the restore goes again:
# lock_not_available (lock_timeout) and deadlock_detected; query_canceled (statement_timeout) only
# while the tables were being taken (after that, someone cancelled the restore).
BUSY_STATES = frozenset({"55P03", "40P01"})
CANCELED = "57014"
# Printed by psql once every ledger table is taken.
TAKEN = "koc-restore-tables-taken"


def _busy(exc: BackupError) -> bool:
    """A restore stopped by others holding the ledger's tables: it may go again."""
    if exc.sqlstate in BUSY_STATES:
        return True
    return exc.sqlstate == CANCELED and not exc.tables_taken


def _taken(tables: list[tuple[str, str]], budget_ms: int, then: str = "") -> str:
    """SQL taking every table at once, waiting at most LOCK_WAIT_MS for each and budget_ms in
    all, then running `then` under the same bounds, then saying so (TAKEN). What `then` waits
    for (dropping the tables takes their sequences, and with their dependents the user's tables
    holding keys into them: LOCK TABLE takes neither) is bounded too: after TAKEN no lock
    timeout is left, and the restore holds every ledger table while it waits."""
    if not tables:
        return then  # (nothing to take: what follows runs all the same)
    budget_ms = max(budget_ms, 1)  # (0 would be no limit)
    return (
        f"SET LOCAL lock_timeout = '{min(LOCK_WAIT_MS, budget_ms)}ms';\n"
        f"SET LOCAL statement_timeout = '{budget_ms}ms';\n"
        f"LOCK TABLE {', '.join(f'{_quoted(s)}.{_quoted(n)}' for s, n in sorted(tables))}"
        " IN ACCESS EXCLUSIVE MODE;\n"
        f"{then}"
        "SET LOCAL lock_timeout = 0;\nSET LOCAL statement_timeout = 0;\n"
        f"SELECT '{TAKEN}';\n"
    )


def restore(
    settings: Settings, source: Path, *, force: bool, drop_dependents: bool = False
) -> Restored:
    """Replace the database with a backup; refuses to overwrite data without `force`.

    Only the ledger is restored: on PostgreSQL, what else the archive holds (a function, a
    trigger, a view, a table of someone's own) is named and left out. Objects of the user's own
    that depend on the ledger's tables (a view, a foreign key from a table of hers) stop the
    restore before anything changes; with `drop_dependents` they are dropped with the tables
    they depend on. Sessions are not restored: every account signs in again."""
    if not source.exists():
        raise BackupError(f"{source} does not exist")
    if not force and _has_data(settings):
        raise BackupError("the database already holds data; add --force to replace it")
    if settings.is_sqlite:
        return _restore_sqlite(settings, source)
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
    toc = _Toc(listing.stdout, load_models())
    # Another database's dump would replace the ledger: only a KOC Ledger backup is restored.
    if not {"alembic_version", "user_account", "deal"} <= {name for _s, name in toc.tables}:
        raise BackupError(f"{source} is not a KOC Ledger backup (no ledger tables in it)")
    with tempfile.NamedTemporaryFile("w", suffix=".list") as chosen:
        chosen.write("".join(line + "\n" for line in toc.chosen))
        chosen.flush()
        _check_revisions(
            source,
            _archived_revisions(pg_restore, source, toc.revision_entries, _libpq_env(settings)),
        )
        # The ledger's tables here: those the archive holds, and those today's code makes (a
        # later migration than the backup's). A table of the user's own is not ours to drop.
        present = _tables(settings)
        ours = [(s, n) for s, n in present if (s, n) in toc.tables or n in toc.names]
        dependents = _dependents(settings, ours)
        if dependents and not drop_dependents:
            raise BackupError(
                "objects of your own depend on the ledger's tables, which a restore replaces"
                f" ({'; '.join(dependents)}): drop or change them first, or add --drop-dependents"
                " to have the restore drop them; nothing changed"
            )
        # Every table of the ledger goes first, in one DROP within the lock phase's bounds
        # (--clean's drops then find nothing to drop): a table the archive does not hold (made
        # by a later migration than the backup's) with them, whose keys into the archive's tables
        # would stop --clean from dropping those, and the next start migrates the restored
        # database forward again. Their sequences go with them, and asked to, what depends on
        # them (CASCADE); anything else depending on them stops the restore, nothing changed.
        drops = sorted(ours)
        kept = _versions_kept(settings, toc.schema)
        rest = kept + (
            f"DROP TABLE IF EXISTS {', '.join(f'{_quoted(s)}.{_quoted(n)}' for s, n in drops)}"
            f"{' CASCADE' if dependents else ''};\n"
            if drops
            else ""
        )
        # Sessions are not restored: one ended since the backup (a stolen cookie, a lost phone)
        # must not sign in again. Every account signs in again instead.
        epilogue = f"DELETE FROM {_quoted(toc.schema)}.{_quoted('user_session')};\n"  # noqa: S608
        epilogue += _versions_moved_on(toc.schema) if kept.startswith("LOCK") else ""
        # Every ledger table taken at once, first, each try within what is left of LOCK_DEADLINE:
        # a writer of the served app holding one table and waiting for another the restore took
        # is let go within LOCK_WAIT_MS instead of one of the two being aborted for a deadlock
        # (which was the restore each time under two workers posting every 20 ms,
        # tests/test_restore_attacks.py). The restore then goes again after a short pause.
        deadline = time.monotonic() + LOCK_DEADLINE
        while True:
            budget = min(LOCK_TRY_MS, int((deadline - time.monotonic()) * 1000))
            try:
                _stream_restore(
                    settings,
                    [pg_restore, "--clean", "--if-exists", "--no-owner", "-L", chosen.name],
                    psql,
                    source,
                    _taken(ours, budget, rest),
                    epilogue,
                )
                break
            except BackupError as exc:
                if not ours or not _busy(exc):  # (no table to take: no one to wait for)
                    raise
                pause = random.uniform(0.05, 0.25)  # noqa: S311 (a pause, not a secret)
                if time.monotonic() + pause + LOCK_TRY_MIN > deadline:
                    raise BackupBusy(LOCK_DEADLINE) from None
                time.sleep(pause)
    return Restored(dropped=dependents, skipped=toc.skipped)


class _Toc:
    """An archive's table of contents (`pg_restore --list`), split into what is the ledger's
    and what is not. The ledger's: its tables (the models' and alembic_version) in the schema
    of alembic_version, their data, sequences, defaults, keys, checks and indexes. Anything
    else (a function, a trigger, a view, a rule, a policy, a grant, a table of the user's own)
    is not restored: pg_restore runs what an archive holds as written, as the database user."""

    # An entry's kind, and what its tag names: a ledger table, one of its objects by name, or
    # (for "of table") "<table> <name>".
    KINDS: ClassVar[dict[str, str]] = {
        "TABLE DATA": "table",
        "TABLE": "table",
        "SEQUENCE OWNED BY": "sequence",
        "SEQUENCE SET": "sequence",
        "SEQUENCE": "sequence",
        "FK CONSTRAINT": "of table",
        "CONSTRAINT": "of table",
        "DEFAULT": "of table",
        "INDEX": "index",
    }

    def __init__(self, listing: str, models: MetaData) -> None:
        self.names = {table.name for table in models.sorted_tables} | {"alembic_version"}
        own = {
            "table": self.names,
            "of table": self.names,
            "sequence": {
                f"{table.name}_{column.name}_seq"
                for table in models.sorted_tables
                for column in table.columns
            },
            "index": {str(index.name) for table in models.sorted_tables for index in table.indexes},
        }
        # (line, kind or "", schema, tag, what it is): "<id>; <tableoid> <oid> <kind> <schema>
        # <tag> <owner>", where a kind or a tag may hold spaces.
        entries: list[tuple[str, str, str, str, str]] = []
        for line in listing.splitlines():
            if line.startswith(";") or ";" not in line:
                continue
            what = " ".join(line.split(";", 1)[1].split()[2:-1])
            kind = next((k for k in self.KINDS if what.startswith(k + " ")), "")
            named = what[len(kind) :].split() if kind else []
            schema, tag = (named[0], " ".join(named[1:])) if len(named) > 1 else ("", "")
            entries.append((line, kind if tag else "", schema, tag, what))
        schemas = {e[2] for e in entries if e[1] == "TABLE" and e[3] == "alembic_version"}
        self.schema = next(iter(schemas)) if len(schemas) == 1 else ""
        self.tables: set[tuple[str, str]] = set()
        self.chosen: list[str] = []
        self.skipped: list[str] = []
        self.revision_entries: list[str] = []
        for line, kind, schema, tag, what in entries:
            way = self.KINDS.get(kind, "")
            name = tag.split(" ", 1)[0] if way == "of table" else tag
            if not way or schema != self.schema or name not in own[way]:
                self.skipped.append(what)
                continue
            self.chosen.append(line)
            if kind == "TABLE":
                self.tables.add((schema, tag))
            if kind == "TABLE DATA" and tag == "alembic_version":
                self.revision_entries.append(line)


def _archived_revisions(
    pg_restore: str, source: Path, entries: list[str], env: dict[str, str]
) -> list[str]:
    """The database revisions in an archive's alembic_version (its data, written as COPY)."""
    if not entries:
        return []
    with tempfile.NamedTemporaryFile("w", suffix=".list") as chosen:
        chosen.write("".join(line + "\n" for line in entries))
        chosen.flush()
        script = subprocess.run(  # noqa: S603
            [pg_restore, "--data-only", "-L", chosen.name, "-f", "-", str(source)],
            capture_output=True,
            text=True,
            env=env,
        )
    if script.returncode != 0:
        raise BackupError(
            f"{source} cannot be read to its end (damaged or cut short:"
            f" {_first_line(script.stderr)}); nothing changed"
        )
    revisions: list[str] = []
    copying = False
    for line in script.stdout.splitlines():
        if copying and line == "\\.":
            copying = False
        elif copying:
            revisions.append(line)
        elif line.startswith("COPY ") and line.rstrip().endswith("FROM stdin;"):
            copying = True
    return revisions


def _check_revisions(source: Path, revisions: list[str]) -> None:
    """A backup this version of the code cannot run is refused before anything changes: one of
    a newer version (a revision these migrations do not know), or with no revision at all."""
    from app import migrate

    known = migrate.revisions()
    unknown = [revision for revision in revisions if revision not in known]
    if not revisions or unknown:
        said = f"database revision {', '.join(unknown)}" if unknown else "no database revision"
        raise BackupError(
            f"{source} was made by a newer version of KOC Ledger, or is not a KOC Ledger backup"
            f" ({said}, which this version does not know); nothing changed"
        )


# What the views and pages cached in the server's memory are keyed on, per account
# (rollup.cache_key, app.web.pagecache: the account's id, when it was made, and these): bumped
# by every change. A restore sets them back to the backup's, and the next changes would count
# them up to numbers the caches have already seen, with other figures. So an account whose
# version here is ahead of the backup's gets one past it, in the restore's own transaction (or
# on the SQLite copy before it goes in); the others keep the backup's (the same version, the
# same ledger). When the ledger version is ahead, the owing version moves too, ahead or not:
# with the rollup rows' write counts, which the restore brings back as well, it keys the
# period figures (rollup.period_key).
VERSIONS = ("ledger_version", "owing_version")
KEPT = "pg_temp.koc_versions"


def _version_columns(settings: Settings, schema: str) -> list[str]:
    """The version columns the database's profile table has now."""
    engine = make_engine(settings)
    try:
        inspector = sa_inspect(engine)
        if not inspector.has_table("profile", schema=schema):
            return []
        columns = {column["name"] for column in inspector.get_columns("profile", schema=schema)}
        return [name for name in VERSIONS if name in columns]
    finally:
        engine.dispose()


def _versions_kept(settings: Settings, schema: str) -> str:
    """SQL opening the restore's transaction: every account's versions now, kept aside (the
    profile table locked first, so none moves on before the restore commits)."""
    if not (schema.isidentifier() and schema.isascii()):
        return ""  # written into the SQL: plain names only
    columns = _version_columns(settings, schema)
    if not columns or not _has_user_table(settings, schema):
        return ""
    listed = ", ".join(f"p.{name}" for name in columns)
    return (
        f"LOCK TABLE {schema}.profile IN EXCLUSIVE MODE;\n"  # noqa: S608 (plain names)
        f"CREATE TEMP TABLE koc_versions AS SELECT p.user_id, u.created_at, {listed}"
        f" FROM {schema}.profile AS p JOIN {schema}.user_account AS u ON u.id = p.user_id;\n"
    )


def _has_user_table(settings: Settings, schema: str) -> bool:
    engine = make_engine(settings)
    try:
        return sa_inspect(engine).has_table("user_account", schema=schema)
    finally:
        engine.dispose()


def _versions_moved_on(schema: str) -> str:
    """SQL closing the restore's transaction: each version the restored profile table has (an
    older backup may lack one) and that was ahead here, one past where it was."""
    # The ledger version last: the others move when it was ahead, read before it moves.
    names = ", ".join(f"'{name}'" for name in sorted(VERSIONS, key=lambda n: n == "ledger_version"))
    return (
        "DO $koc$ DECLARE name text; BEGIN\n"  # noqa: S608 (plain names, checked before)
        f"    FOREACH name IN ARRAY ARRAY[{names}] LOOP\n"
        "        IF EXISTS (SELECT 1 FROM information_schema.columns\n"
        f"                WHERE table_schema = '{schema}' AND table_name = 'profile'\n"
        "                AND column_name = name)\n"
        "            AND EXISTS (SELECT 1 FROM pg_catalog.pg_attribute\n"
        f"                WHERE attrelid = CAST('{KEPT}' AS regclass) AND attname = name) THEN\n"
        "            EXECUTE pg_catalog.format('UPDATE %1$I.profile AS p'\n"
        "                || ' SET %2$I = GREATEST(p.%2$I, k.%2$I) + 1'\n"
        f"                || ' FROM {KEPT} AS k, %1$I.user_account AS u'\n"
        "                || ' WHERE k.user_id = p.user_id AND u.id = p.user_id'\n"
        "                || ' AND u.created_at = k.created_at AND (p.%2$I < k.%2$I'\n"
        "                || ' OR p.ledger_version < k.ledger_version)',\n"
        f"                '{schema}', name);\n"
        "        END IF;\n"
        "    END LOOP;\n"
        "END $koc$;\n"
    )


def _restore_sqlite(settings: Settings, source: Path) -> Restored:
    if not source.is_file():
        raise BackupError(f"{source} is not a file; nothing changed")
    try:
        check_sqlite_file(source)
        _check_sqlite_contents(source)
    except BackupError as exc:
        raise BackupError(f"{exc}; nothing changed") from None
    target = _sqlite_path(settings)
    target.parent.mkdir(parents=True, exist_ok=True)
    # A copy beside the database first, made fit to go in. Named by this process: what a restore
    # killed midway left (the size of the backup) is removed by the next one.
    _remove_stale_copies(target)
    copy = target.with_name(f".{target.name}.restore-{os.getpid()}")
    _remove_database(copy)
    private_file(copy, exclusive=True)
    kept = None
    try:
        try:
            live_page_size = _page_size(target)
            _copy_sqlite(sqlite3.connect(f"file:{source}?mode=ro", uri=True), copy)
            _fit(copy, live_page_size)
            if live_page_size:
                # Read last, just before the copy goes in: the versions it must be ahead of.
                _sqlite_versions_moved_on(copy, target)
                # Into the live database, under SQLite's locking (all or nothing, and safe while
                # the app is serving).
                secure_sqlite(target)
                _copy_sqlite(sqlite3.connect(f"file:{copy}?mode=ro", uri=True), target)
        except sqlite3.Error as exc:
            raise BackupError(f"the restore failed, nothing changed: {exc}") from None
        if not live_page_size:
            # No database there, or one that cannot be read: the copy takes its place, and a
            # damaged file is moved aside (with its -wal, never to be replayed onto the copy).
            kept = _move_aside(target)
            os.replace(copy, target)
        connection = sqlite3.connect(target)
        try:
            # As the app runs it: readers never wait for the writer.
            connection.execute("PRAGMA journal_mode=WAL")
        finally:
            connection.close()
        secure_sqlite(target)
    finally:
        _remove_database(copy)
    return Restored(kept=kept)


def _sqlite_versions(connection: sqlite3.Connection) -> dict[tuple[Any, Any], dict[str, int]]:
    """Each account's versions (VERSIONS), by (id, when it was made)."""
    columns = {row[1] for row in connection.execute("PRAGMA table_info(profile)")}
    present = [name for name in VERSIONS if name in columns]
    if not present:
        return {}
    listed = ", ".join(f"p.{name}" for name in present)
    rows = connection.execute(
        f"SELECT p.user_id, u.created_at, {listed} FROM profile AS p"  # noqa: S608
        " JOIN user_account AS u ON u.id = p.user_id"
    )
    return {(row[0], row[1]): dict(zip(present, row[2:], strict=True)) for row in rows}


# How far the copy's versions go past the live ones read just before it goes in. The app keeps
# figures keyed by these versions, and a write that commits between that read and the copy moves
# the live version on by one: past it by one, the restored ledger could take the very version of
# figures kept for the ledger it replaced. A copy goes in within seconds, and a SQLite ledger
# takes thousands of writes a second at most, never a million (PostgreSQL restores under a lock).
RESTORE_MARGIN = 1 << 20


def _sqlite_versions_moved_on(copy: Path, live: Path) -> None:
    """VERSIONS in the copy moved RESTORE_MARGIN past the live database's where those are ahead."""
    reader = sqlite3.connect(f"file:{live}?mode=ro", uri=True, timeout=30)
    try:
        now = _sqlite_versions(reader)
    finally:
        reader.close()
    connection = sqlite3.connect(copy)
    try:
        with connection:
            for account, versions in _sqlite_versions(connection).items():
                here = now.get(account, {})
                # The ledger version moves on every write: when it is ahead here, every
                # counter moves (the owing version keys the period figures with the rollup
                # rows' write counts, which the restore brings back: rollup.period_key).
                moved = versions.get("ledger_version", 0) < here.get("ledger_version", -1)
                for name, version in versions.items():
                    ahead = here.get(name)
                    if ahead is not None and (version < ahead or moved):
                        connection.execute(
                            f"UPDATE profile SET {name} = ? WHERE user_id = ?",  # noqa: S608
                            (max(version, ahead) + RESTORE_MARGIN, account[0]),
                        )
    finally:
        connection.close()


def _fit(copy: Path, page_size: int | None) -> None:
    """The copy made fit to go in: its sessions out (one ended since the backup, by a stolen
    cookie or a lost phone, must not sign in again: every account signs in again instead), and
    the live database's page size (a database in WAL mode cannot take another one; nor can the
    copy change its own in WAL mode, which it has from a backup of a live database)."""
    connection = sqlite3.connect(copy)
    try:
        with connection:
            connection.execute("DELETE FROM user_session")
        if page_size and page_size != connection.execute("PRAGMA page_size").fetchone()[0]:
            connection.execute("PRAGMA journal_mode=DELETE")
            connection.execute(f"PRAGMA page_size = {int(page_size)}")
            connection.execute("VACUUM")
    finally:
        connection.close()


def _remove_database(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _remove_stale_copies(target: Path) -> None:
    """The copies of restores killed midway (their process gone) beside the database."""
    prefix = f".{target.name}.restore-"
    for path in target.parent.glob(prefix + "*"):
        pid = path.name.removeprefix(prefix).split("-", 1)[0]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            path.unlink(missing_ok=True)
        except PermissionError:
            pass  # another user's live process


def _copy_sqlite(source: sqlite3.Connection, target: Path) -> None:
    """The whole of `source` into the database at `target` (SQLite's online backup API)."""
    destination = sqlite3.connect(target)
    try:
        with destination:
            source.backup(destination)
    finally:
        destination.close()
        source.close()


def _page_size(path: Path) -> int | None:
    """The page size of the database at `path`; None when there is none, or it is damaged (a
    database that is only busy is waited for, never taken for damaged)."""
    if not path.exists():
        return None
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return int(connection.execute("PRAGMA page_size").fetchone()[0])
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorcode", None) in {
            sqlite3.SQLITE_NOTADB,
            sqlite3.SQLITE_CORRUPT,
        }:
            return None
        raise BackupError(f"cannot use the database, nothing changed: {exc}") from None


def _move_aside(target: Path) -> Path | None:
    """A damaged database file (and its -wal) renamed out of the way, kept; its -shm removed."""
    if not target.exists():
        for suffix in ("-wal", "-shm"):
            target.with_name(target.name + suffix).unlink(missing_ok=True)
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")  # a file name: local time
    kept = target.with_name(f"{target.name}.damaged-{stamp}")
    wal = target.with_name(target.name + "-wal")
    if wal.exists():
        os.replace(wal, kept.with_name(kept.name + "-wal"))
    target.with_name(target.name + "-shm").unlink(missing_ok=True)
    os.replace(target, kept)
    return kept


def _check_sqlite_contents(path: Path) -> None:
    """What a sound SQLite file must not hold to be restored: triggers or views (the ledger has
    none; one that deletes each payment as it is recorded would run on every write), or a
    database revision this version does not know."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        extra = connection.execute(
            "SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'view') ORDER BY name"
        ).fetchall()
        revisions = [r[0] for r in connection.execute("SELECT version_num FROM alembic_version")]
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a KOC Ledger backup ({exc})") from None
    finally:
        connection.close()
    if extra:
        named = "; ".join(f"{kind} {name!r}" for kind, name in extra)
        raise BackupError(
            f"{path} holds what KOC Ledger never makes ({named}): it is not a backup as made by"
            " `kocledger backup`"
        )
    try:
        _check_revisions(path, revisions)
    except BackupError as exc:
        raise BackupError(str(exc).removesuffix("; nothing changed")) from None


class _Relay:
    """How far a restore got: pg_restore's script read to its end, psql gone before taking it
    all, COMMIT sent to psql."""

    script_read = False
    psql_gone = False
    commit_sent = False


def _stream_restore(
    settings: Settings,
    producer_args: list[str],
    psql: str,
    source: Path,
    preamble: str,
    epilogue: str,
) -> None:
    """pg_restore's script piped into psql in one transaction, through a buffer of CHUNK bytes
    (memory stays the same whatever the archive's size). COMMIT is written only after
    pg_restore has read the whole archive and said so: an archive cut short, a psql that
    stops on an error, or this process dying leaves psql without it, and PostgreSQL rolls the
    transaction back when psql goes. (psql --single-transaction commits at the end of its
    input, however that came.) When psql ends abnormally after COMMIT was sent, the
    transaction's own status says whether the restore was committed."""
    env = _libpq_env(settings)
    relay = _Relay()
    interrupted = False
    with (
        tempfile.TemporaryFile() as restore_errors,
        tempfile.TemporaryFile() as psql_errors,
        tempfile.TemporaryFile() as psql_output,
    ):
        # Tables are replaced, not merged: a restore gives back the backup's state.
        producer = subprocess.Popen(  # noqa: S603
            [*producer_args, "-f", "-", str(source)],
            stdout=subprocess.PIPE,
            stderr=restore_errors,
            bufsize=0,
            env=env,
        )
        # Quiet, unaligned rows only (the transaction's id is read back from its output).
        # Errors with their SQLSTATE (VERBOSITY=verbose): what stopped psql is known whatever
        # language the server speaks (lc_messages).
        options = ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-v", "VERBOSITY=verbose"]
        consumer = subprocess.Popen(  # noqa: S603
            [psql, *options, "-d", _libpq_url(settings), "-f", "-"],
            stdin=subprocess.PIPE,
            stdout=psql_output,
            stderr=psql_errors,
            env=env,
        )
        try:
            _relay(producer, consumer, preamble, epilogue, relay)
        except KeyboardInterrupt:
            interrupted = True  # Ctrl-C: the children got it too; nothing is committed unless…
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
        if relay.commit_sent and consumer.returncode == 0:
            return
        if relay.commit_sent:
            # …psql ended after COMMIT was sent: PostgreSQL may have committed before it went.
            psql_output.seek(0)
            status = _transaction_status(settings, psql_output.read())
            if status == "committed":
                return
            if status != "aborted":
                raise BackupError(
                    "psql ended after the restore was sent to be committed, and whether"
                    " PostgreSQL committed it is not known: look at the ledger before anything"
                    " else"
                )
        if interrupted:
            raise BackupError("interrupted; nothing changed")
        if relay.psql_gone or relay.script_read:
            if consumer.returncode < 0:
                raise BackupError(
                    f"psql was stopped (signal {-consumer.returncode}); nothing changed"
                )
            psql_errors.seek(0)
            sqlstate, reason = _psql_error(psql_errors.read())
            psql_output.seek(0)
            taken = TAKEN in psql_output.read().decode(errors="replace")
            raise BackupError(
                f"the restore failed, nothing changed: {reason}",
                sqlstate=sqlstate,
                tables_taken=taken,
            )
        if producer.returncode < 0:
            raise BackupError(
                f"pg_restore was stopped (signal {-producer.returncode}); nothing changed"
            )
        restore_errors.seek(0)
        reason = _first_line(restore_errors.read())
        raise BackupError(
            f"{source} cannot be read to its end (damaged or cut short: {reason}); nothing changed"
        )


# The first thing psql runs in the restore's transaction: its id, printed, so that its fate can
# be asked for when psql ends abnormally.
XACT = "koc-restore-transaction "


def _relay(
    producer: subprocess.Popen[bytes],
    consumer: subprocess.Popen[bytes],
    preamble: str,
    epilogue: str,
    relay: _Relay,
) -> None:
    """BEGIN, the preamble and pg_restore's script into psql, then the epilogue and COMMIT if
    pg_restore read the whole archive."""
    script, psql = producer.stdout, consumer.stdin
    assert script is not None and psql is not None
    try:
        psql.write(f"BEGIN;\nSELECT '{XACT}' || pg_current_xact_id();\n{preamble}".encode())
        while chunk := script.read(CHUNK):
            psql.write(chunk)
        if producer.wait() != 0:
            return  # cut short or unreadable: psql is killed before COMMIT
        relay.script_read = True
        psql.write(f"\n{epilogue}COMMIT;\n".encode())
        relay.commit_sent = True
        psql.close()
        consumer.wait()
    except BrokenPipeError:
        relay.psql_gone = True  # psql stopped at an error (ON_ERROR_STOP), or was stopped


def _transaction_status(settings: Settings, output: bytes) -> str | None:
    """PostgreSQL's word on the restore's transaction ('committed', 'aborted'), from the id
    psql printed first; None when it cannot be told."""
    lines = [line for line in output.decode(errors="replace").splitlines() if line.startswith(XACT)]
    if not lines:
        return None
    xact = lines[0].removeprefix(XACT).strip()
    engine = make_engine(settings)
    try:
        deadline = time.monotonic() + 30
        while True:
            with engine.connect() as connection:
                status = connection.execute(
                    text("SELECT pg_xact_status(CAST(:xact AS xid8))"), {"xact": xact}
                ).scalar()
            # In progress: the server has not yet seen psql go.
            if status != "in progress" or time.monotonic() > deadline:
                return str(status) if status is not None else None
            time.sleep(0.05)
    except DBAPIError:
        return None
    finally:
        engine.dispose()


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
