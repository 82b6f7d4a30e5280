"""Database engine and sessions: SQLite pragmas for durability, PostgreSQL via psycopg 3."""

from __future__ import annotations

import importlib
import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, Table, event, make_url
from sqlalchemy import exc as sa_exc
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, SQLModel, create_engine

from app.files import secure_sqlite
from app.settings import Settings

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION
metadata: MetaData = SQLModel.metadata
# The modules whose tables make up the ledger: they register on `metadata` when imported
# (Alembic's env.py, and a restore telling the ledger's tables from a user's own).
MODEL_MODULES = (
    "app.accounts.models",
    "app.ledger.models",
    "app.economics.models",
    "app.negotiation.models",
    "app.collective.models",
    "app.web.once",  # the one-time form tokens' table
)


def load_models() -> MetaData:
    """`metadata` with every table of the ledger on it."""
    for module in MODEL_MODULES:
        importlib.import_module(module)
    return metadata


# Transactions take SQLite's write lock at BEGIN (so a writer never fails halfway with
# "database is locked"), except on an engine made with read_only(): reads run in parallel.
READ_ONLY = "koc_read_only"
SQLITE_CACHE_KIB = 512
# What any other statement waits for a lock (readers hardly ever do, in WAL mode).
BUSY_TIMEOUT_MS = 30000
AUTOCOMMIT = "koc_autocommit"


def make_engine(settings: Settings) -> Engine:
    url = settings.resolved_database_url
    if url.startswith("sqlite"):
        settings.ensure_data_dir()
        database = make_url(url).database
        if database and database != ":memory:" and not database.startswith("file:"):
            secure_sqlite(Path(database))
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, pool_size=8
        )
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own is deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # Each pooled connection keeps its own page cache (2 MB by default, filled by a large
        # ledger): 512 KiB each keeps a server's memory flat; the operating system caches the
        # file anyway (PERFORMANCE.md, memory).
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        options = conn.get_execution_options()
        if options.get(AUTOCOMMIT, False):
            return  # every statement is its own transaction
        if options.get(READ_ONLY, False):
            conn.exec_driver_sql("BEGIN")
        else:
            try:
                begin_immediate(conn.connection.driver_connection)
            except sqlite3.Error as exc:
                # Wrapped as SQLAlchemy wraps what it runs itself: "database is locked" after the
                # wait must be the OperationalError that the 503 page (app.web.asgi) and
                # touch_session look for, not the driver's bare error (a 500 with a traceback).
                raise sa_exc.DBAPIError.instance(
                    "BEGIN IMMEDIATE", None, exc, sqlite3.Error, dialect=conn.dialect
                ) from exc


# How long a writer waits for SQLite's write lock in all, and how often it asks again.
WRITE_WAIT_S = 30.0
WRITE_POLL_S = (0.0005, 0.001, 0.002)


def begin_immediate(
    dbapi: Any, *, wait_s: float = WRITE_WAIT_S, clock: Any = time.monotonic
) -> None:
    """BEGIN IMMEDIATE: take SQLite's write lock, waiting for it at most wait_s.

    SQLite's own busy handler sleeps 1, 2, 5, 10 … then 100 ms at a time between asks, so a
    writer behind another that holds the lock for 20 ms could sleep 100 ms past its release,
    and one unlucky writer among four kept losing (a work-entry post took 2.4 s under four
    posting at once). Here the lock is asked for every 0.5–2 ms instead (the connection's busy
    timeout off for this statement alone), until wait_s has passed; then "database is locked"
    is raised, as SQLite's own timeout would."""
    dbapi.execute("PRAGMA busy_timeout=0")
    try:
        deadline = clock() + wait_s
        tries = 0
        while True:
            try:
                dbapi.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if exc.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY or clock() >= deadline:
                    raise
            time.sleep(WRITE_POLL_S[min(tries, len(WRITE_POLL_S) - 1)])
            tries += 1
    finally:
        dbapi.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


class Sessions:
    """Opens the app's sessions. Kept on app.state so the tests can swap in one that binds
    every session to a single connection whose transaction they roll back."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # The read-only variant made once (execution_options builds an OptionEngine on the same
        # pool each time it is called: a few dozen microseconds per GET, issue 15).
        self._reading = read_only(engine)

    def __call__(self, *, reads_only: bool = False) -> Session:
        bind = self._reading if reads_only else self.engine
        return Session(bind, expire_on_commit=False)


def read_only(engine: Engine | Connection) -> Engine | Connection:
    """The same pool, with deferred transactions (for GET requests); a connection (the tests'
    session-wide one) stays itself, with the same option."""
    return engine.execution_options(**{READ_ONLY: True})


def read_next(session: Session) -> None:
    """Begin the session's next transaction deferred (plain BEGIN on SQLite, as a GET's): for a
    request that has committed its write and only reads from here on, e.g. to render its
    answer, which would otherwise hold SQLite's write lock from its first read to the end of
    the request while other writers queue for it. A write after it would have to upgrade the
    lock (and fail if another writer committed meanwhile): call it only where nothing more is
    written. Nothing happens while a transaction is open (its lock is kept to its end), or when
    the session is bound to one connection (the tests' sessions, each in a savepoint)."""
    if session.in_transaction() or not isinstance(session.get_bind(), Engine):
        return
    session.connection(execution_options={READ_ONLY: True})


def write_next(session: Session) -> None:
    """End the session's transaction begun by read_next() (it only read: a write in it would
    have to upgrade SQLite's lock, and fails if another writer committed since it began), so
    the next one begins with BEGIN IMMEDIATE as a writer's does. What it loaded stays in the
    session (expire_on_commit is off): a writer reads again under its locks what it changes
    (ledger.create_part's lock_deal)."""
    if session.in_transaction():
        session.commit()


def autocommit(engine: Engine) -> Engine:
    """Each statement commits by itself: for tools and tests that must never hold a lock."""
    if engine.dialect.name == "sqlite":
        return engine.execution_options(**{AUTOCOMMIT: True})
    return engine.execution_options(isolation_level="AUTOCOMMIT")


def table_of(model: type[SQLModel]) -> Table:
    """The Core table behind a table model, typed (SQLModel does not declare `__table__` to type
    checkers): for bulk and dialect-specific statements."""
    table = sa_inspect(model).local_table
    assert isinstance(table, Table)
    return table


def upsert_insert(dialect: str) -> Any:
    """The `insert` with ON CONFLICT of a dialect (PostgreSQL's or SQLite's). PostgreSQL's
    dialect package (2.3 MB of Python objects) is imported only by a server that uses it."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert


def row_key(row: SQLModel) -> tuple[tuple[str, Any], ...]:
    """A row's column values sorted by name, for a cache key. Read as held rather than through
    model_dump: a field whose type is an enum holds the plain string its column returned, and
    pydantic would warn on every such value."""
    return tuple(sorted((c.key, getattr(row, c.key)) for c in sa_inspect(type(row)).columns))
