"""Fixtures: one migrated database per run (SQLite, or PostgreSQL when asked), emptied per test.

Set KOCLEDGER_TEST_DATABASE=postgresql to run everything on PostgreSQL; the run creates a
database of its own on KOCLEDGER_TEST_PG (default postgresql+psycopg://postgres@127.0.0.1:5432)
and drops it at the end, so runs never see each other's leftovers.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app import clock, migrate
from app.accounts import service as accounts
from app.db import autocommit, make_engine, metadata
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

    def drop_all(self) -> None:
        if not self.made:
            return
        admin = create_engine(f"{PG_BASE}/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for name in self.made:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    dbs = Databases(tmp_path_factory.mktemp("db"))
    yield dbs
    dbs.drop_all()


@pytest.fixture(scope="session")
def settings(databases: Databases, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        database_url=databases.new_url(),
        data_dir=tmp_path_factory.mktemp("data"),
        secret_key="test-secret-key-xyz",
    )


@pytest.fixture(scope="session")
def app_instance(settings: Settings) -> Any:
    migrate.upgrade(make_engine(settings))
    return create_app(settings)


@pytest.fixture
def engine(app_instance: Any) -> Iterator[Engine]:
    engine: Engine = app_instance.state.engine
    yield engine
    # Empty every table after each test, children first.
    with engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def db(engine: Engine) -> Iterator[Session]:
    # Autocommit: the test's own reads never hold a lock or an old snapshot between requests.
    with Session(autocommit(engine), expire_on_commit=False) as session:
        yield session


@pytest.fixture
def client(app_instance: Any, engine: Engine) -> Iterator[TestClient]:
    with TestClient(app_instance, base_url="http://testserver", follow_redirects=False) as c:
        yield c


def make_user(db: Session, username: str = "mei", *, owner: bool = True, locale: str = "en") -> Any:
    return accounts.create_user(
        db, username=username, password=PASSWORD, now=clock.utcnow(), is_owner=owner, locale=locale
    )


def csrf_of(client: TestClient, path: str = "/settings") -> str:
    response = client.get(path)
    match = CSRF.search(response.text)
    assert match, f"no CSRF token on {path} ({response.status_code})"
    return match.group(1)


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
