"""The test command fails when ruff or mypy --strict complain."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MYPY_TEST = "tests/test_lint.py::test_mypy_strict"
_running: list[subprocess.Popen[str]] = []


def _tool(name: str) -> list[str]:
    beside = Path(sys.executable).parent / name
    return [str(beside)] if beside.exists() else [shutil.which(name) or name]


def start_mypy() -> None:
    """Starts mypy --strict beside the tests (conftest.py, once the test is collected): on a
    clone without .mypy_cache it takes 10-20 s of one core, and the suite mostly keeps one core
    busy, so the test below only collects its answer."""
    if not _running:
        _running.append(
            subprocess.Popen(
                [*_tool("mypy")],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
        )


def stop_mypy() -> None:
    """Ends a mypy the session started but did not wait for (an interrupted or -x run)."""
    for process in _running:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_ruff() -> None:
    result = subprocess.run(
        [*_tool("ruff"), "check", "app", "tests", "scripts", "bench", "alembic/env.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict() -> None:
    start_mypy()  # started already unless this test was picked out by other means
    process = _running[0]
    output, _ = process.communicate(timeout=600)
    assert process.returncode == 0, output


def test_ruff_format() -> None:
    result = subprocess.run(
        [*_tool("ruff"), "format", "--check", "app", "tests", "scripts", "bench", "alembic/env.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
