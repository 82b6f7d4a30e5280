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


def _imports(relative: str) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse((ROOT / relative).read_text())):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names.append(node.module or "")
    return names


PAGES = sorted(str(path.relative_to(ROOT)) for path in ROOT.glob("app/*/*pages.py"))
AREAS = ("app.accounts", "app.ledger", "app.economics", "app.negotiation", "app.collective")


@pytest.mark.parametrize("relative", PAGES)
def test_page_modules_leave_the_database_to_services(relative: str) -> None:
    for name in _imports(relative):
        assert not name.startswith(("sqlalchemy", "sqlmodel")), f"{relative} imports {name}"
        assert not (name.endswith("pages") and name != "app.web"), f"{relative} imports {name}"
    assert ".commit()" not in (ROOT / relative).read_text(), f"{relative} commits"


def _catches(relative: str, name: str) -> int:
    """How many `except` clauses of the module name the exception `name`."""
    count = 0
    for node in ast.walk(ast.parse((ROOT / relative).read_text())):
        if isinstance(node, ast.ExceptHandler) and node.type is not None:
            caught = node.type.elts if isinstance(node.type, ast.Tuple) else [node.type]
            count += any(ast.unparse(c).split(".")[-1] == name for c in caught)
    return count


@pytest.mark.parametrize("relative", PAGES)
def test_page_modules_leave_missing_objects_to_the_handlers(relative: str) -> None:
    """NotFound and Forbidden rise to the app's handlers (one 404, HTML or JSON); a page
    keeps at most two local catches, where a missing object is an answer, not an error."""
    assert _catches(relative, "NotFound") <= 2, relative
    assert _catches(relative, "Forbidden") == 0, relative


@pytest.mark.parametrize("relative", sorted(p.name for p in (ROOT / "app/web").glob("*.py")))
def test_web_plumbing_imports_no_area(relative: str) -> None:
    for name in _imports(f"app/web/{relative}"):
        assert not name.startswith(AREAS), f"app/web/{relative} imports {name}"


@pytest.mark.parametrize(
    "relative",
    ["app/economics/exports.py", "app/negotiation/drafts.py", "app/negotiation/present.py"],
)
def test_documents_are_made_without_web_code(relative: str) -> None:
    for name in _imports(relative):
        assert not name.startswith(("app.web", "fastapi", "starlette")), f"{relative}: {name}"


def test_the_spreadsheet_import_never_reads_the_clock() -> None:
    tree = ast.parse((ROOT / "app/spreadsheet.py").read_text())
    assert "app.clock" not in _imports("app/spreadsheet.py")
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "app":
            assert "clock" not in [alias.name for alias in node.names]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            assert node.func.attr not in FORBIDDEN_CALLS, "app/spreadsheet.py reads the clock"


ARITHMETIC = ("Add", "Sub", "Mul", "Div", "FloorDiv", "Mod", "Pow", "Neg")


@pytest.mark.parametrize(
    "relative", sorted(str(p.relative_to(ROOT)) for p in (ROOT / "templates").rglob("*.html"))
)
def test_templates_do_no_arithmetic(relative: str) -> None:
    """Money, rates and offsets arrive computed (view models, Translator.hourly): a template that
    multiplies or subtracts is restating a rule that lives in Python."""
    from jinja2 import Environment, nodes

    env = Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
    tree = env.parse((ROOT / relative).read_text())
    found = [
        f"line {node.lineno}: {type(node).__name__}"
        for node in tree.find_all(tuple(getattr(nodes, name) for name in ARITHMETIC))
    ]
    assert not found, f"{relative} computes: {found}"


def test_no_type_ignore_in_the_app() -> None:
    # Typed escapes instead (app.db.table_of for a model's Core table): an ignore hides the
    # next real error on the same line.
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "app").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "type: ignore" in line
    ]
    assert found == []
