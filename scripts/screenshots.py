"""Screenshots of the main pages at 390 px in both languages for the README (docs/screenshots/),
from a local demo instance on 127.0.0.1, through Debian's Chromium; palette PNGs, kept small.

    .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import io
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PAGES = {
    "home": "/",
    "deals": "/deals",
    "deal": "/deals/{deal}",
    "new-deal": "/deals/new",
    "log-work": "/work/new",
    "dashboard": "/dashboard",
    "remind": "/deals/{late}/remind",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found
    return found.group(1)


def main() -> int:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "KOCLEDGER_DATA_DIR": data}
        env.pop("KOCLEDGER_DATABASE_URL", None)
        cli = [sys.executable, "-m", "app.cli"]
        subprocess.run(
            [*cli, "demo", "--deals", "80", "--user", "demo"], env=env, check=True, cwd=ROOT
        )
        port = _free_port()
        server = subprocess.Popen(
            [*cli, "serve", "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            client = httpx.Client(base_url=base, timeout=30)
            for _ in range(100):
                try:
                    client.get("/healthz")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            client.post(
                "/login",
                data={
                    "username": "demo",
                    "password": "demo-password",
                    "csrf_token": _csrf(client.get("/login").text),
                },
            )
            cookie = client.cookies.get("koc_session")
            deals = re.findall(r'href="/deals/(\d+)"', client.get("/deals?status=paid").text)
            late = ""
            for status in ("delivered", "disputed"):
                for candidate in re.findall(
                    r'href="/deals/(\d+)"', client.get(f"/deals?status={status}").text
                ):
                    if f"/deals/{candidate}/remind" in client.get(f"/deals/{candidate}").text:
                        late = candidate
                        break
                if late:
                    break
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                    args=["--no-sandbox", "--disable-gpu"],
                )
                for lang in ("zh-CN", "en"):
                    client.post(
                        "/lang",
                        data={
                            "locale": lang,
                            "next": "/",
                            "csrf_token": _csrf(client.get("/").text),
                        },
                    )
                    for scheme, names in (("light", list(PAGES)), ("dark", ["home", "deal"])):
                        context = browser.new_context(
                            viewport={"width": 390, "height": 844},
                            device_scale_factor=1,
                            color_scheme=scheme,
                        )
                        context.add_cookies([{"name": "koc_session", "value": cookie, "url": base}])
                        page = context.new_page()
                        for name in names:
                            path = PAGES[name]
                            if "{late}" in path and not late:
                                continue
                            page.goto(
                                base + path.replace("{deal}", deals[0]).replace("{late}", late)
                            )
                            page.wait_for_timeout(300)
                            png = page.screenshot(full_page=False)
                            image = Image.open(io.BytesIO(png)).convert("RGB")
                            image = image.quantize(colors=96, method=Image.Quantize.MEDIANCUT)
                            suffix = "" if scheme == "light" else "-dark"
                            image.save(OUT / f"{lang}-{name}{suffix}.png", optimize=True)
                        context.close()
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    for file in sorted(OUT.glob("*.png")):
        print(f"{file.name:28} {file.stat().st_size / 1024:6.1f} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
