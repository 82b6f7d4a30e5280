"""Crash safety: kill the server with SIGKILL during concurrent writes; no acknowledged write
may be lost and the database must stay sound (QUALITY.md).

    python -m bench.crash [--rounds 20] [--writers 4]

Runs `kocledger serve` on 127.0.0.1 against a fresh SQLite database (or
KOCLEDGER_DATABASE_URL), sends work-entry POSTs from several threads, kills the server
mid-stream, restarts it, and repeats. Every request loop is bounded. Prints rounds, writes
acknowledged, writes found, writes lost and the integrity check.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _start(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except httpx.TransportError:
            time.sleep(0.05)
    server.kill()
    raise RuntimeError("the server did not start")


def run(rounds: int, writers: int, data_dir: str, seed: int = 1) -> dict[str, object]:
    rng = random.Random(seed)
    env = {**os.environ, "KOCLEDGER_DATA_DIR": data_dir}
    cli = [sys.executable, "-m", "app.cli"]
    subprocess.run(
        [*cli, "user", "create", "crash", "--password-stdin"],
        input=b"crash-test-pw\n",
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    token = subprocess.run(
        [*cli, "token", "create", "crash"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    headers = {"Authorization": f"Bearer {token}"}
    acknowledged: set[str] = set()
    lock = threading.Lock()
    deal_id = None
    for round_no in range(rounds):
        port = _free_port()
        server = _start(env, port)
        base = f"http://127.0.0.1:{port}/api/v1"
        if deal_id is None:
            brand = httpx.post(f"{base}/brands", json={"name": "Crash"}, headers=headers).json()
            deal_id = httpx.post(
                f"{base}/deals",
                json={"title": "crash", "brand_id": brand["id"], "agreed_fee": "1000"},
                headers=headers,
            ).json()["id"]
        stop = threading.Event()

        def write(
            worker: int,
            round_no: int = round_no,
            base: str = base,
            stop: threading.Event = stop,
            deal_id: int = deal_id,
        ) -> None:
            with httpx.Client(timeout=5, headers=headers) as client:
                for seq in range(10_000):  # bounded; the kill ends it far sooner
                    if stop.is_set():
                        return
                    note = f"r{round_no}-w{worker}-{seq}"
                    try:
                        response = client.post(
                            f"{base}/deals/{deal_id}/work",
                            json={
                                "activity": "editing",
                                "minutes": 1,
                                "worked_on": "2026-01-01",
                                "note": note,
                            },
                        )
                    except httpx.TransportError:
                        return
                    if response.status_code == 201:
                        with lock:
                            acknowledged.add(note)

        threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
        for thread in threads:
            thread.start()
        time.sleep(rng.uniform(0.3, 1.2))
        os.kill(server.pid, signal.SIGKILL)
        server.wait()
        stop.set()
        for thread in threads:
            thread.join(timeout=10)
    database = Path(data_dir) / "kocledger.sqlite3"
    connection = sqlite3.connect(database)
    found = {row[0] for row in connection.execute("SELECT note FROM work_entry")}
    integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
    minutes = connection.execute("SELECT minutes_total FROM deal_figures").fetchone()[0]
    entries = connection.execute("SELECT count(*) FROM work_entry").fetchone()[0]
    connection.close()
    return {
        "rounds": rounds,
        "writers": writers,
        "acknowledged": len(acknowledged),
        "found": len(acknowledged & found),
        "lost": len(acknowledged - found),
        "integrity": integrity,
        "figures_match": minutes == entries,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--writers", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        result = run(args.rounds, args.writers, data_dir)
    print(f"{'rounds':>8} {'writers':>8} {'acked':>8} {'found':>8} {'lost':>6} integrity  figures")
    print(
        f"{result['rounds']:>8} {result['writers']:>8} {result['acknowledged']:>8} "
        f"{result['found']:>8} {result['lost']:>6} {result['integrity']:<10} "
        f"{'match' if result['figures_match'] else 'MISMATCH'}"
    )
    return (
        0 if result["lost"] == 0 and result["integrity"] == "ok" and result["figures_match"] else 1
    )


if __name__ == "__main__":
    raise SystemExit(main())
