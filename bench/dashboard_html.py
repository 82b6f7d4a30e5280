"""The dashboard's HTML for a set of periods, before and after work-entry posts, written to a
folder with the per-request tokens blanked, so two revisions can be compared byte for byte on
copies of one demo ledger (`diff -r A B`):

    python -m bench.dashboard_html --data COPY_OF_DIR --out A

DIR is a data folder holding a demo ledger (the account "demo"), as for bench.profile; each run
writes to the ledger, so give each revision its own fresh copy.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
from pathlib import Path
from typing import Any

ROUTES = (
    "/dashboard",
    "/dashboard?period=month",
    "/dashboard?period=quarter",
    "/dashboard?period=year",
    "/dashboard?period=all",
    "/dashboard?from=2025-07-01&to=2025-09-30",
    "/dashboard?from=2025-07-15&to=2025-10-14",
    "/dashboard?to=2025-09-30",
    "/dashboard?from=2026-06-01",
    "/dashboard?from=2020-01-01&to=2020-03-31",
    "/dashboard?from=2001-01-01&to=2026-12-31",
)
TOKENS = (
    r'(name="csrf_token" value=")[^"]+',
    r'("X-CSRF-Token": ")[^"]+',
    r'(nonce=")[^"]+',
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--writes", type=int, default=3)
    args = parser.parse_args(argv)
    os.environ["KOCLEDGER_DATA_DIR"] = str(args.data)
    os.environ.pop("KOCLEDGER_DATABASE_URL", None)

    import httpx

    from app.main import create_app

    loop = asyncio.new_event_loop()
    client = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app()), base_url="http://127.0.0.1"
    )

    def get(url: str, **kw: Any) -> Any:
        return loop.run_until_complete(client.get(url, **kw))

    def post(url: str, **kw: Any) -> Any:
        return loop.run_until_complete(client.post(url, **kw))

    def token(html: str) -> str:
        found = re.search(r'name="csrf_token" value="([^"]+)"', html)
        assert found
        return found.group(1)

    login = {
        "username": "demo",
        "password": "demo-password",
        "csrf_token": token(get("/login").text),
    }
    post("/login", data=login)
    deals = list(dict.fromkeys(re.findall(r'href="(/deals/\d+)"', get("/deals").text)))
    csrf = token(get(deals[1]).text)
    args.out.mkdir(parents=True, exist_ok=True)
    n = 0
    for written in range(args.writes + 1):
        for route in ROUTES:
            for hx in (False, True):
                page = get(route, headers={"HX-Request": "true"} if hx else {})
                assert page.status_code == 200, (route, page.status_code)
                html = page.text
                for pattern in TOKENS:
                    html = re.sub(pattern, r"\1X", html)
                head = f"<!-- {route} hx={hx} after {written} writes -->\n"
                (args.out / f"{n:03d}.html").write_text(head + html)
                n += 1
        if written < args.writes:
            work = {"activity": "editing", "minutes": str(15 + written), "worked_on": "2026-11-01"}
            answer = post(
                deals[1] + "/parts/work",
                data={**work, "csrf_token": csrf},
                headers={"HX-Request": "true"},
            )
            assert answer.status_code < 400, answer.status_code
    print(f"{n} pages in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
