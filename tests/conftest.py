"""Fixtures: one database per run (SQLite, or PostgreSQL when asked), migrated once; each test
runs inside a transaction that is rolled back at its end, so no test sees another's rows.

The app and the test share one connection: every session either opens joins the test's
transaction through a SAVEPOINT (`join_transaction_mode="create_savepoint"`), so the app's own
commits and rollbacks behave as usual. Tests that need real commits — a second app or engine on
the same database, a background thread — are marked `commits`; their rows are deleted afterwards.

Set KOCLEDGER_TEST_DATABASE=postgresql to run everything on PostgreSQL; the run creates a
database of its own on KOCLEDGER_TEST_PG (default postgresql+psycopg://postgres@127.0.0.1:5432)
and drops it at the end, so runs never see each other's leftovers.
"""

from __future__ import annotations

import os
import re
import sqlite3
import sys
import uuid
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

# With PYTHONDONTWRITEBYTECODE set (as on this machine and in .ci/run) every process of a run
# compiled the app and rewrote the asserts of every test module again: 10 s of CPU per xdist
# worker before the first test, 4 s with the compiled files kept. They are kept out of the tree,
# under .pytest_cache/pycache (PYTHONPYCACHEPREFIX, when set, is used as it is).
if sys.dont_write_bytecode:
    sys.dont_write_bytecode = False
    if sys.pycache_prefix is None:
        sys.pycache_prefix = str(Path(__file__).resolve().parents[1] / ".pytest_cache" / "pycache")

import pytest
from anyio.from_thread import BlockingPortal, start_blocking_portal
from fastapi.testclient import TestClient
from hypothesis import HealthCheck
from hypothesis import settings as settings_profiles
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from app import clock, migrate
from app.accounts import service as accounts
from app.db import Sessions, autocommit, make_engine, metadata
from app.main import create_app
from app.settings import Settings

PG_BASE = os.environ.get("KOCLEDGER_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PASSWORD = "correct horse battery"


def using_postgres() -> bool:
    return os.environ.get("KOCLEDGER_TEST_DATABASE", "sqlite").startswith("postgres")


class Databases:
    """Makes throwaway databases of the chosen kind (for the suite and for migration tests)."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.made: list[str] = []
        self._template: Path | None = None

    def new_url(self) -> str:
        name = f"koc_test_{uuid.uuid4().hex[:12]}"
        if not using_postgres():
            return f"sqlite:///{(self.tmp / (name + '.sqlite3')).as_posix()}"
        admin = create_engine(f"{PG_BASE}/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        self.made.append(name)
        return f"{PG_BASE}/{name}"

    def live_env(self, data: Path, **extra: str) -> tuple[str, dict[str, str]]:
        """A new migrated database and the environment of a `kocledger serve` on it with `data`
        as its data folder (the live-server tests: concurrency, throttle, stamps)."""
        url = self.new_migrated_url()
        env = {
            **os.environ,
            "KOCLEDGER_DATABASE_URL": url,
            "KOCLEDGER_DATA_DIR": str(data),
            "KOCLEDGER_SECRET_KEY": "live-test-secret-key-0123456789",
            **extra,
        }
        return url, env

    def new_migrated_url(self) -> str:
        """A new database already at the newest revision, for tests where the migration is not
        what is under test (live servers, a hub): on SQLite a copy of a file migrated once per
        process, as a migration run costs about 0.35 s of CPU; PostgreSQL migrates each one."""
        url = self.new_url()
        if using_postgres():
            engine = make_engine(Settings(database_url=url, data_dir=self.tmp))
            migrate.upgrade(engine)
            engine.dispose()
            return url
        if self._template is None:
            template = self.tmp / "migrated-template.sqlite3"
            url_of_template = f"sqlite:///{template.as_posix()}"
            engine = make_engine(Settings(database_url=url_of_template, data_dir=self.tmp))
            migrate.upgrade(engine)
            engine.dispose()
            self._template = template
        # SQLite's backup API: a consistent copy whatever the journal mode left beside the file.
        target = url.removeprefix("sqlite:///")
        with (
            closing(sqlite3.connect(self._template)) as source,
            closing(sqlite3.connect(target)) as copy,
        ):
            source.backup(copy)
        return url

    def drop_all(self) -> None:
        if not self.made:
            return
        admin = create_engine(f"{PG_BASE}/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for name in self.made:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


settings_profiles.register_profile(
    # A busy or slow machine must never fail a property test: no deadline, no health check
    # about slow data generation or filtering (the checks themselves still run in full).
    "suite",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    print_blob=True,
)
settings_profiles.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))
# Property tests name the examples a thorough run takes; the everyday suite runs a quarter of
# them (never fewer than `least`), `python -m bench.properties` (called by .ci/run) all of them.
EXAMPLES_SCALE = float(os.environ.get("KOCLEDGER_EXAMPLES_SCALE", "0.25"))


def examples(thorough: int, least: int = 25) -> int:
    return max(least, round(thorough * EXAMPLES_SCALE))


@pytest.fixture(scope="session", autouse=True)
def quick_password_hashes() -> Iterator[Any]:
    """argon2id at its smallest cost inside this process: at the production cost (19 MiB,
    t=2) making and signing in the accounts of the tests took a tenth of the suite. Yields the
    production hasher, whose setting is checked on its own; servers run as processes (the
    concurrency and crash tests) keep it."""
    real, real_dummy = accounts._hasher, accounts._DUMMY_HASH
    accounts._hasher = PasswordHash((Argon2Hasher(memory_cost=1024, time_cost=1, parallelism=1),))
    accounts._DUMMY_HASH = accounts._hasher.hash("not-a-real-password")
    yield real
    accounts._hasher, accounts._DUMMY_HASH = real, real_dummy


class BoundSessions(Sessions):
    """Sessions for the app under test: all on the test's connection, each in a savepoint."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def __call__(self, *, reads_only: bool = False) -> Session:
        return Session(
            bind=self.connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    dbs = Databases(tmp_path_factory.mktemp("db"))
    yield dbs
    dbs.drop_all()


@pytest.fixture(scope="session")
def settings(databases: Databases, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        database_url=databases.new_migrated_url(),
        data_dir=tmp_path_factory.mktemp("data"),
        secret_key="test-secret-key-xyz",
    )


@pytest.fixture(scope="session")
def app_instance(settings: Settings) -> Any:
    migrate.upgrade(make_engine(settings))
    return create_app(settings)


@pytest.fixture
def engine(app_instance: Any) -> Engine:
    engine: Engine = app_instance.state.engine
    return engine


@pytest.fixture
def sessions(
    app_instance: Any, engine: Engine, request: pytest.FixtureRequest
) -> Iterator[Sessions]:
    """How this test's sessions are opened: in a rolled-back transaction, or for real."""
    if request.node.get_closest_marker("commits") is not None:
        yield app_instance.state.sessions
        # Empty every table after the test, children first.
        with engine.begin() as conn:
            for table in reversed(metadata.sorted_tables):
                conn.execute(table.delete())
        return
    connection = engine.connect()
    outer = connection.begin()
    bound = BoundSessions(connection)
    app_instance.state.sessions = bound
    try:
        yield bound
    finally:
        app_instance.state.sessions = Sessions(engine)
        outer.rollback()
        connection.close()


@pytest.fixture
def db(sessions: Sessions, engine: Engine) -> Iterator[Session]:
    if isinstance(sessions, BoundSessions):
        with sessions() as session:
            yield session
        return
    # Autocommit: the test's own reads never hold a lock or an old snapshot between requests.
    with Session(autocommit(engine), expire_on_commit=False) as session:
        yield session


@pytest.fixture(scope="session")
def portal() -> Iterator[BlockingPortal]:
    """One event loop thread for the test clients of this process."""
    with start_blocking_portal() as loop:
        yield loop


@pytest.fixture
def client(app_instance: Any, sessions: Sessions, portal: BlockingPortal) -> Iterator[TestClient]:
    """A client on the process's event loop thread. `with TestClient(...)` started a thread and
    loop for each of ~1,100 tests (5 ms of CPU apiece) and ran the lifespan, which this app does
    not have (create_app registers no startup or shutdown handler)."""
    c = TestClient(app_instance, base_url="http://testserver", follow_redirects=False)
    c.portal = portal  # what entering the client sets: its requests run on this loop
    try:
        yield c
    finally:
        c.portal = None
        c.close()


def make_user(db: Session, username: str = "mei", *, owner: bool = True, locale: str = "en") -> Any:
    return accounts.create_user(
        db, username=username, password=PASSWORD, now=clock.utcnow(), is_owner=owner, locale=locale
    )


def csrf_of(client: TestClient, path: str = "/settings") -> str:
    response = client.get(path)
    match = CSRF.search(response.text)
    assert match, f"no CSRF token on {path} ({response.status_code})"
    return match.group(1)


def post_work_entry(client: TestClient, deal_id: int | None, token: str) -> Any:
    """A work entry posted on a deal page as htmx posts it (15 minutes of editing)."""
    form = {"activity": "editing", "minutes": "15", "worked_on": "2026-11-01", "csrf_token": token}
    return client.post(f"/deals/{deal_id}/parts/work", data=form, headers={"HX-Request": "true"})


def sign_in(client: TestClient, username: str = "mei", password: str = PASSWORD) -> None:
    token = csrf_of(client, "/login")
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token, "next": "/"},
    )
    assert response.status_code == 303, response.text


@pytest.fixture
def user(db: Session) -> Any:
    return make_user(db)


@pytest.fixture
def signed_in(client: TestClient, user: Any) -> TestClient:
    sign_in(client)
    return client


def api_token(db: Session, user: Any) -> dict[str, str]:
    secret, _row = accounts.create_token(db, user_id=user.id, label="test", now=clock.utcnow())
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def api(client: TestClient, db: Session, user: Any) -> TestClient:
    client.headers.update(api_token(db, user))
    return client


# The README's test command (`pytest`, no test named) runs the suite on two processes through
# pytest-xdist, a whole test file to a worker at a time (module fixtures, such as the live server
# of the concurrency tests or the demo site of the width checks, are made once): on the 2-core
# machine the suite mostly kept one core busy. Naming tests (`pytest tests/x.py`), `-n 0`,
# `-p no:xdist` or --pdb runs them in this one process, as before.
TEST_WORKERS = 2


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    if (
        config.pluginmanager.hasplugin("xdist")
        and config.args_source is pytest.Config.ArgsSource.TESTPATHS
        and getattr(config.option, "numprocesses", 0) is None  # no -n given
        and not hasattr(config, "workerinput")  # this is not a worker itself
        and not config.option.usepdb
        and not config.option.collectonly
    ):
        config.option.numprocesses = TEST_WORKERS
        if config.option.dist == "no":
            config.option.dist = "loadfile"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under xdist the lint tests go first: mypy --strict is the longest single test (10-20 s on
    a clone without .mypy_cache), and a worker that got it last would hold up the end."""
    if hasattr(config, "workerinput"):
        items.sort(key=lambda item: not item.nodeid.startswith("tests/test_lint.py::"))


def pytest_collection_finish(session: pytest.Session) -> None:
    """mypy --strict runs beside the tests when its test is among them (tests/test_lint.py)."""
    from tests import test_lint

    if hasattr(session.config, "workerinput"):
        return  # under pytest-xdist each worker collects every test but runs only some
    if any(item.nodeid.endswith(test_lint.MYPY_TEST) for item in session.items):
        test_lint.start_mypy()


def pytest_sessionfinish(session: pytest.Session) -> None:
    from tests import test_lint

    test_lint.stop_mypy()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Iterator[None]:
    """In CI (KOCLEDGER_REQUIRE_CONCURRENCY=1) a skipped concurrency test is a failure: the
    races must really run, on SQLite and on PostgreSQL."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if (
        report.skipped
        and item.get_closest_marker("concurrency") is not None
        and os.environ.get("KOCLEDGER_REQUIRE_CONCURRENCY")
    ):
        report.outcome = "failed"
        report.longrepr = f"concurrency test skipped in CI: {report.longrepr}"
