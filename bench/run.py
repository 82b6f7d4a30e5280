"""Latency of the main pages at two ledger sizes, as ratios to the floor (QUALITY.md).

    python -m bench.run [--sizes 100 10000] [--requests 40]

For each size: a fresh SQLite database in a temporary folder, `kocledger demo --deals N`, a
server started with `kocledger serve` on 127.0.0.1, then sequential requests (bounded count)
to the floor route (/healthz: no database, no template) and to each page. Prints p50/p95 in
milliseconds, each p50 as a multiple of the floor's p50 measured in the same run, and the
server's peak RSS.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(size: int, requests: int) -> list[tuple[str, float, float]]:
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "KOCLEDGER_DATA_DIR": data}
        env.pop("KOCLEDGER_DATABASE_URL", None)
        cli = [sys.executable, "-m", "app.cli"]
        started = time.perf_counter()
        subprocess.run(
            [*cli, "demo", "--deals", str(size), "--user", "demo"],
            env=env,
            check=True,
            cwd=ROOT,
            capture_output=True,
        )
        fill = time.perf_counter() - started
        token = subprocess.run(
            [*cli, "token", "create", "demo"],
            env=env,
            check=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
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
            page = client.get("/login").text
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
            client.post(
                "/login", data={"username": "demo", "password": "demo-password", "csrf_token": csrf}
            )
            deal_path = re.search(r'href="(/deals/\d+)"', client.get("/deals").text).group(1)  # type: ignore[union-attr]
            csrf = re.search(
                r'name="csrf_token" value="([^"]+)"',  # type: ignore[union-attr]
                client.get(deal_path).text,
            ).group(1)
            bearer = {"Authorization": f"Bearer {token}"}
            routes = {
                "floor /healthz": lambda: client.get("/healthz"),
                "dashboard": lambda: client.get("/dashboard"),
                "deal list": lambda: client.get("/deals"),
                "deal page": lambda: client.get(deal_path),
                "work-entry post": lambda: client.post(
                    deal_path + "/parts/work",
                    headers={"HX-Request": "true"},
                    data={
                        "csrf_token": csrf,
                        "activity": "editing",
                        "minutes": "15",
                        "worked_on": "2026-11-01",
                    },
                ),
                "GET /api/v1/summary": lambda: client.get("/api/v1/summary", headers=bearer),
            }
            post_work = routes["work-entry post"]
            routes["dashboard after a write"] = lambda: client.get("/dashboard")
            results = []
            for name, call in routes.items():
                call()  # warm up
                samples = []
                for _ in range(requests):
                    if name == "dashboard after a write":
                        post_work()  # cached views are stale now: measure the recount
                    t0 = time.perf_counter()
                    response = call()
                    samples.append((time.perf_counter() - t0) * 1000)
                    assert response.status_code < 400, (name, response.status_code)
                p50, p95 = _percentiles(samples)
                results.append((name, p50, p95))
            rss = _peak_rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"\n{size} deals (demo filled in {fill:.1f} s); server peak RSS {rss:.0f} MB")
    return results


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 10000])
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    table: dict[int, list[tuple[str, float, float]]] = {}
    for size in args.sizes:
        table[size] = measure(size, args.requests)
        floor = table[size][0][1]
        print(f"{'route':24} {'p50 ms':>8} {'p95 ms':>8} {'× floor':>8}")
        for name, p50, p95 in table[size]:
            print(f"{name:24} {p50:8.1f} {p95:8.1f} {p50 / floor:8.1f}")
    if len(args.sizes) > 1:
        small, large = args.sizes[0], args.sizes[-1]
        print(f"\np50 at {large} deals ÷ p50 at {small} deals")
        for (name, small_p50, _), (_, large_p50, _) in zip(table[small], table[large], strict=True):
            print(f"{name:24} {large_p50 / small_p50:8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
