"""File modes: the data directory 0700; the SQLite file, its WAL and SHM, backups and the
generated secret 0600 — at creation, and fixed on start for files made before (issue 9)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from app import backup, clock, migrate
from app.db import make_engine
from app.settings import Settings
from tests.conftest import using_postgres
from tests.figures import record


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask() -> Iterator[None]:
    old = os.umask(0o022)  # a usual default: files 0644 unless the app says otherwise
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.skipif(using_postgres(), reason="SQLite files; PostgreSQL keeps its own")
def test_sqlite_files_and_backups_are_private(tmp_path: Path, loose_umask: None) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    engine = make_engine(settings)
    migrate.upgrade(engine)
    database = settings.data_dir / "kocledger.sqlite3"
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS probe (x INTEGER)"))
        conn.execute(text("INSERT INTO probe VALUES (1)"))
        live = {
            settings.data_dir: 0o700,
            database: 0o600,
            database.with_name(database.name + "-wal"): 0o600,
            database.with_name(database.name + "-shm"): 0o600,
        }
        seen = {path: mode(path) if path.exists() else None for path in live}
    copy = backup.backup(settings, backup.default_path(settings, clock.utcnow()))
    seen.update({copy: mode(copy), copy.parent: mode(copy.parent)})
    expected = {**live, copy: 0o600, copy.parent: 0o700}
    wrong = [path for path, want in expected.items() if seen[path] != want]
    record("file modes: data dir, database, WAL, SHM, backups", len(expected), len(wrong))
    assert wrong == [], {str(p): oct(seen[p] or 0) for p in wrong}
    engine.dispose()


@pytest.mark.skipif(using_postgres(), reason="SQLite files; PostgreSQL keeps its own")
def test_existing_loose_files_are_fixed_on_start(tmp_path: Path, loose_umask: None) -> None:
    data = tmp_path / "old"
    data.mkdir(mode=0o755)
    database = data / "kocledger.sqlite3"
    for path in (database, data / "kocledger.sqlite3-wal", data / "kocledger.sqlite3-shm"):
        path.touch()
        os.chmod(path, 0o644)
    os.chmod(data, 0o755)  # noqa: S103 - the loose mode an older version left
    make_engine(Settings(data_dir=data)).dispose()
    assert mode(data) == 0o700
    for path in (database, data / "kocledger.sqlite3-wal", data / "kocledger.sqlite3-shm"):
        assert mode(path) == 0o600, path


def test_data_dir_and_secret_are_private(tmp_path: Path, loose_umask: None) -> None:
    settings = Settings(data_dir=tmp_path / "fresh", database_url="sqlite://")
    settings.resolved_secret_key()
    wrong = int(mode(settings.data_dir) != 0o700) + int(
        mode(settings.data_dir / "secret_key") != 0o600
    )
    record("file modes: data dir and generated secret", 2, wrong)
    assert mode(settings.data_dir) == 0o700
    assert mode(settings.data_dir / "secret_key") == 0o600
