"""Phone first load (QUALITY.md): bytes of each main page's HTML, CSS and JS as sent
(gzip-compressed; pages carry a CSRF token masked afresh per response), with a demo ledger.
bench/pages_check.py prints the same column beside axe, Nu and Lighthouse.

    python -m bench.weight
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from fastapi.testclient import TestClient
from sqlmodel import Session

from app import clock, migrate
from app.db import make_engine
from app.demo import DEMO_PASSWORD, fill_demo
from app.main import create_app
from app.settings import Settings

PAGES = ["/", "/deals", "/deals/1", "/work/new", "/dashboard", "/offers/new", "/settings"]
ASSET = re.compile(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"')


def main() -> int:
    with tempfile.TemporaryDirectory() as data:
        settings = Settings(data_dir=Path(data), secret_key="weight-bench-secret")
        engine = make_engine(settings)
        migrate.upgrade(engine)
        with Session(engine) as db:
            fill_demo(db, username="demo", deals=200, seed=3, now=clock.utcnow())
        client = TestClient(create_app(settings))
        page = client.get("/login").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        client.post(
            "/login", data={"username": "demo", "password": DEMO_PASSWORD, "csrf_token": token}
        )
        print(f"{'page':16} {'html':>8} {'css+js':>8} {'total':>8}  (bytes on the wire)")
        for path in PAGES:
            response = client.get(path, headers={"Accept-Encoding": "gzip"})
            html = int(response.headers.get("content-length", len(response.content)))
            assets = 0
            for asset in sorted(set(ASSET.findall(response.text))):
                raw = client.get(asset, headers={"Accept-Encoding": "gzip"})
                assets += int(raw.headers.get("content-length", len(raw.content)))
            print(f"{path:16} {html:>8} {assets:>8} {html + assets:>8}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
