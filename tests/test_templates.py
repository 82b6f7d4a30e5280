"""Every template compiles; htmx and CSP settings stay as QUALITY.md requires."""

from __future__ import annotations

import json
import re
from pathlib import Path

from app.web.core import ROOT, templates


def test_every_template_compiles() -> None:
    names = [
        p.relative_to(ROOT / "templates").as_posix() for p in (ROOT / "templates").rglob("*.html")
    ]
    assert len(names) > 15
    for name in names:
        templates.env.get_template(name)


def test_no_inline_script_or_style_in_templates() -> None:
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), path
        assert " style=" not in text and "<style" not in text, path
        assert not re.search(r"\son[a-z]+=", text), path  # no inline event handlers


def test_htmx_is_configured_for_a_strict_csp() -> None:
    base = (ROOT / "templates" / "base.html").read_text()
    config = json.loads(re.search(r"name=\"htmx-config\" content='([^']+)'", base).group(1))  # type: ignore[union-attr]
    assert config["allowEval"] is False and config["includeIndicatorStyles"] is False


def test_vendored_htmx_matches_package_json() -> None:
    pinned = json.loads(Path(ROOT / "package.json").read_text())["dependencies"]
    assert (ROOT / "static" / "vendor" / f"htmx-{pinned['htmx.org']}.min.js").exists()
    assert f"htmx-{pinned['htmx.org']}.min.js" in (ROOT / "templates" / "base.html").read_text()
