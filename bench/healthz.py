"""/healthz of the app against a bare FastAPI route (issue 15: within 1.5×).

    python -m bench.healthz [--requests 2000]

Starts uvicorn on 127.0.0.1 for each (one worker, same venv), sends N sequential requests over
one keep-alive connection, and prints requests per second, the median and p95 latency, and the
ratio of the medians. Bounded: N requests each, then both servers are stopped.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

import httpx

from bench.live import ROOT, free_port


def _measure(target: str, requests: int, env: dict[str, str]) -> dict[str, float]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", target, "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/healthz"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                httpx.get(url, timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.05)
        times = []
        with httpx.Client(timeout=5) as client:
            for _ in range(200):  # warm-up
                client.get(url)
            began = time.perf_counter()
            for _ in range(requests):
                start = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - start)
                assert response.status_code == 200
            total = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait(timeout=20)
    times.sort()
    return {
        "rps": requests / total,
        "median_ms": statistics.median(times) * 1000,
        "p95_ms": times[int(len(times) * 0.95)] * 1000,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "KOCLEDGER_DATA_DIR": data, "KOCLEDGER_SECRET_KEY": "h" * 40}
        bare = _measure("bench.bare_app:app", args.requests, env)
        app = _measure("app.asgi:app", args.requests, env)
    for name, row in (("bare FastAPI", bare), ("KOC Ledger", app)):
        print(
            f"{name:13} {row['rps']:8.0f} req/s  median {row['median_ms']:.2f} ms"
            f"  p95 {row['p95_ms']:.2f} ms"
        )
    print(f"ratio of medians (app / bare): {app['median_ms'] / bare['median_ms']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
