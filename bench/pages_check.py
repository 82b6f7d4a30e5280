"""Every main page checked from outside, in both languages, on a local demo instance (127.0.0.1):
axe-core violations (in Debian's Chromium through Playwright), Nu HTML checker errors (vnu-jar),
Lighthouse mobile scores, and the first load's bytes on the wire (HTML + CSS + JS, compressed).

    .venv/bin/python -m bench.pages_check                 # everything
    .venv/bin/python -m bench.pages_check --no-lighthouse # axe, Nu and weight only (~1 min)

The npm tools are installed at the versions pinned in package.json's devDependencies into a
cache folder (KOCLEDGER_TOOLS, default ~/.cache/kocledger-tools); Java 17 runs vnu.jar.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import httpx

from bench.live import chromium, demo_instance

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    "/",
    "/deals",
    "/deals/{deal}",
    "/deals/new",
    "/work/new",
    "/payments/new",
    "/dashboard",
    "/offers/new",
    "/settings",
    "/tax",
    "/rate-card",
    "/collectives",
]
ANON_PAGES = ["/login"]
ASSET = re.compile(r'(?:href|src)="(/static/[^"]+\.(?:css|js)(?:\?v=[0-9a-f]+)?)"')
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
CHROME_FLAGS += "--disable-component-update --disable-sync --no-first-run"


def _tools() -> Path:
    """node_modules with axe-core, vnu-jar and lighthouse at package.json's pinned versions."""
    pins = json.loads((ROOT / "package.json").read_text())["devDependencies"]
    home = Path(os.environ.get("KOCLEDGER_TOOLS", Path.home() / ".cache" / "kocledger-tools"))
    home.mkdir(parents=True, exist_ok=True)
    wanted = [f"{name}@{version}" for name, version in sorted(pins.items())]
    stamp = home / "installed.txt"
    if not stamp.exists() or stamp.read_text() != " ".join(wanted):
        subprocess.run(
            ["npm", "install", "--silent", "--no-audit", "--no-fund", "--no-save", *wanted],
            cwd=home,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        stamp.write_text(" ".join(wanted))
    return home / "node_modules"


def _weight(client: httpx.Client, path: str) -> tuple[int, int]:
    """(compressed HTML bytes, compressed CSS+JS bytes) of a first visit."""
    response = client.get(path, headers={"Accept-Encoding": "gzip"})
    html = response.num_bytes_downloaded
    assets = 0
    for asset in sorted(set(ASSET.findall(response.text))):
        raw = client.get(asset, headers={"Accept-Encoding": "gzip"})
        assets += raw.num_bytes_downloaded
    return html, assets


def _axe(
    browser: Any, base: str, cookies: list[dict[str, str]], path: str, axe_js: Path
) -> list[str]:
    """axe-core's violations on the page, in the light and in the dark colour scheme."""
    found: list[str] = []
    for scheme in ("light", "dark"):
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, bypass_csp=True, color_scheme=scheme
        )
        context.add_cookies([{**c, "url": base} for c in cookies])
        page = context.new_page()
        page.goto(base + path)
        page.add_script_tag(path=str(axe_js))
        result = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".map(v => v.id + ' ' + v.nodes.map(n => n.target.join(' ')).slice(0, 2).join(', '))"
        )
        found += [f"{scheme}: {v}" for v in result]
        context.close()
    return found


def _nu(files: list[Path], vnu: Path) -> dict[str, list[str]]:
    done = subprocess.run(
        ["java", "-jar", str(vnu), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
    )
    found: dict[str, list[str]] = {f.name: [] for f in files}
    for message in json.loads(done.stderr or done.stdout or '{"messages": []}')["messages"]:
        name = Path(message.get("url", "").removeprefix("file:")).name
        found.setdefault(name, []).append(
            f"{message.get('lastLine', '?')}: {message.get('message', '')}"
        )
    return found


def _lighthouse(base: str, path: str, cookie: str | None, tools: Path, out: Path) -> list[int]:
    report = out / "lh.json"
    command = [
        str(tools / ".bin" / "lighthouse"),
        base + path,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        "--only-categories=performance,accessibility,best-practices",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": f"koc_session={cookie}"}))
    env = {**os.environ, "CHROME_PATH": shutil.which("chromium") or "/usr/bin/chromium"}
    subprocess.run(command, env=env, check=False, capture_output=True, timeout=300)
    if not report.exists():
        return [-1, -1, -1]
    categories = json.loads(report.read_text())["categories"]
    report.unlink()
    return [
        round((categories[key]["score"] or 0) * 100)
        for key in ("performance", "accessibility", "best-practices")
    ]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--details", action="store_true", help="print each violation and error")
    parser.add_argument("--only", action="append", help="check only this page (repeatable)")
    args = parser.parse_args()
    tools = _tools()
    axe_js = tools / "axe-core" / "axe.min.js"
    vnu = tools / "vnu-jar" / "build" / "dist" / "vnu.jar"
    rows: list[list[Any]] = []
    details: list[str] = []
    with demo_instance(deals=150) as demo, httpx.Client(base_url=demo.base, timeout=30) as anon:
        client, base, cookie = demo.client, demo.base, demo.cookie
        deal = re.search(r'href="/deals/(\d+)"', client.get("/deals").text)
        assert deal, "no deal in the demo ledger"
        pages = [p.replace("{deal}", deal.group(1)) for p in PAGES]
        anon_pages = list(ANON_PAGES)
        if args.only:
            keep = {p.replace("{deal}", deal.group(1)) for p in args.only}
            pages = [p for p in pages if p in keep or PAGES[pages.index(p)] in keep]
            anon_pages = [p for p in anon_pages if p in keep]
        out = demo.data / "html"
        out.mkdir()
        with chromium("--disable-background-networking") as browser:
            for lang in ("zh-CN", "en"):
                demo.language(lang)
                anon.get(f"/lang/{lang}")
                for path in pages + anon_pages:
                    who = anon if path in ANON_PAGES else client
                    jar = None if path in ANON_PAGES else cookie
                    html_bytes, asset_bytes = _weight(who, path)
                    name = f"{lang}{path.replace('/', '_') or '_'}.html"
                    (out / name).write_text(who.get(path).text)
                    jars = [{"name": "koc_lang", "value": lang}]
                    if jar:
                        jars.append({"name": "koc_session", "value": jar})
                    violations = _axe(browser, base, jars, path, axe_js)
                    scores = (
                        [None, None, None]
                        if args.no_lighthouse
                        else _lighthouse(base, path, jar, tools, demo.data)
                    )
                    details += [f"{lang} {path} axe: {v}" for v in violations]
                    rows.append(
                        [lang, path, len(violations), name, *scores, html_bytes + asset_bytes]
                    )
        nu = _nu(sorted(out.glob("*.html")), vnu)
    print(
        f"{'lang':6} {'page':16} {'axe':>4} {'nu':>4} {'perf':>5} {'a11y':>5} {'bp':>5} {'KB':>6}"
    )
    for lang, path, axe, name, perf, a11y, bp, total in rows:
        errors = nu.get(name, [])
        details += [f"{lang} {path} nu: {e}" for e in errors]

        def show(v: Any) -> str:
            return "-" if v is None else str(v)

        print(
            f"{lang:6} {path:16} {axe:>4} {len(errors):>4} {show(perf):>5} {show(a11y):>5} "
            f"{show(bp):>5} {total / 1024:>6.1f}"
        )
    if args.details:
        print("\n".join(details))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
