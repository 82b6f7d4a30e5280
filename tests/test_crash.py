"""A short run of bench/crash.py: SIGKILL during concurrent writes loses no acknowledged write."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.crash import run
from tests.conftest import using_postgres


@pytest.mark.skipif(using_postgres(), reason="the crash script drives a SQLite instance")
def test_no_acknowledged_write_is_lost(tmp_path: Path) -> None:
    # One short round here; .ci/run runs bench/crash.py with 10 rounds of 4 writers.
    result = run(rounds=1, writers=3, data_dir=str(tmp_path))
    assert result["acknowledged"] > 0
    assert result["lost"] == 0 and result["integrity"] == "ok" and result["figures_match"]
