"""Pure modules import nothing from the web or the database and never read the clock."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PURE = [
    "app/money.py",
    "app/economics/tax.py",
    "app/economics/calc.py",
    "app/economics/percentiles.py",
    "app/economics/periods.py",
    "app/economics/charts.py",
    "app/negotiation/offer.py",
    "app/collective/package.py",
    "app/collective/release.py",
]
FORBIDDEN_IMPORTS = (
    "fastapi",
    "starlette",
    "sqlalchemy",
    "sqlmodel",
    "app.web",
    "app.db",
    "app.clock",
    "jinja2",
    "time",
)
FORBIDDEN_CALLS = {"now", "today", "utcnow", "time", "monotonic"}


@pytest.mark.parametrize("relative", PURE)
def test_pure_module(relative: str) -> None:
    path = ROOT / relative
    if not path.exists():
        pytest.skip(f"{relative} not written yet")
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            names = []
        for name in names:
            assert not name.startswith(FORBIDDEN_IMPORTS), f"{relative} imports {name}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            assert node.func.attr not in FORBIDDEN_CALLS, f"{relative} reads the clock"


def test_services_never_import_fastapi() -> None:
    for path in ROOT.glob("app/*/service.py"):
        text = path.read_text()
        assert "fastapi" not in text and "starlette" not in text, path
