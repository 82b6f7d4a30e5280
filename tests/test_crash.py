"""A short run of bench/crash.py: SIGKILL during concurrent writes loses no acknowledged write,
and the stored figures and rollups still equal the entries. On SQLite one worker; on
PostgreSQL (KOCLEDGER_TEST_DATABASE=postgresql) two workers killed together with kill -9.
Two rounds here (the second starts on what the first kill left); .ci/run runs ten."""

from __future__ import annotations

from pathlib import Path

from bench.crash import run
from tests.conftest import Databases, using_postgres


def test_no_acknowledged_write_is_lost(tmp_path: Path, databases: Databases) -> None:
    if using_postgres():
        result = run(
            rounds=2, writers=4, data_dir=str(tmp_path), database_url=databases.new_url(), workers=2
        )
        assert result["database"] == "postgresql" and result["workers"] == 2
    else:
        result = run(rounds=2, writers=3, data_dir=str(tmp_path))
    assert result["acknowledged"] > 0
    assert result["lost"] == 0 and result["integrity"] == "ok", result
    assert result["figures_match"], result["mismatches"]
