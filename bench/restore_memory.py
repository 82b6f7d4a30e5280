"""Peak memory of `kocledger restore` on PostgreSQL for a large ledger: the restoring Python
process and the pg_restore and psql it runs.

    python -m bench.restore_memory [--deals 10000] [--notes-mib 0] [--code DIR]

The source ledger (`kocledger demo --deals N`, database koc_bench_restore_<N>) and its archive
(/tmp/kocledger-bench-restore-<N>[-notes<M>].pgdump) are made once and reused. --notes-mib
gives the first deals notes of 1 MiB each, M MiB in all (a bigger script, not a bigger
archive: they compress well). Each run restores into a
fresh database, dropped afterwards. --code runs another checkout's app (e.g. an export of main)
with this venv, to compare before and after. Peaks are VmHWM (each process's own high-water
mark, sampled every 10 ms from this process; the restoring process prints its own at exit)
and /usr/bin/time -v's maximum resident set size (the largest of the process tree).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
TMP = Path(tempfile.gettempdir())
DATA_DIR = str(TMP / "kocledger-bench")
PG = os.environ.get("KOCLEDGER_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")

WRAPPER = """
import re, sys
from pathlib import Path
from app.cli import main
code = main(sys.argv[1:])
hwm = re.search(r"VmHWM:\\s+(\\d+) kB", Path("/proc/self/status").read_text()).group(1)
print(f"VmHWM {hwm}", file=sys.stderr)
raise SystemExit(code)
"""


def _admin(statement: str) -> None:
    engine = create_engine(f"{PG}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(statement))
    engine.dispose()


def _exists(name: str) -> bool:
    engine = create_engine(f"{PG}/postgres")
    with engine.connect() as conn:
        found = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        result = found.first() is not None
    engine.dispose()
    return result


def _cli(code: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, KOCLEDGER_DATABASE_URL=url, KOCLEDGER_DATA_DIR=DATA_DIR)
    env["PYTHONPATH"] = str(code)
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        cwd=code,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )


def _source(deals: int, notes_mib: int, code: Path) -> Path:
    suffix = f"_notes{notes_mib}" if notes_mib else ""
    name = f"koc_bench_restore_{deals}{suffix}"
    url = f"{PG}/{name}"
    archive = TMP / f"kocledger-bench-restore-{deals}{suffix}.pgdump"
    if archive.exists():
        return archive
    if not _exists(name):
        _admin(f'CREATE DATABASE "{name}"')
    engine = create_engine(url)
    with engine.connect() as conn:
        has = conn.execute(text("SELECT to_regclass('deal') IS NOT NULL")).scalar()
        count = conn.execute(text("SELECT count(*) FROM deal")).scalar() if has else 0
    engine.dispose()
    if not count:
        _cli(code, url, "demo", "--deals", str(deals))
        if notes_mib:
            engine = create_engine(url)
            with engine.begin() as conn:
                conn.execute(
                    text(
                        "UPDATE deal SET notes = repeat(md5(id::text), 32768)"
                        " WHERE id IN (SELECT id FROM deal ORDER BY id LIMIT :n)"
                    ),
                    {"n": notes_mib},
                )
            engine.dispose()
    _cli(code, url, "backup", str(archive))
    return archive


def _script_bytes(archive: Path) -> int:
    """The size of the SQL script pg_restore writes, counted as it streams by."""
    process = subprocess.Popen(
        ["pg_restore", "--clean", "--if-exists", "--no-owner", "-f", "-", str(archive)],
        stdout=subprocess.PIPE,
    )
    assert process.stdout is not None
    total = 0
    while chunk := process.stdout.read(1 << 16):
        total += len(chunk)
    process.wait()
    return total


def _descendants(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            found += [child, *_descendants(child)]
    return found


def _watch(root: int, peaks: dict[str, int], done: threading.Event) -> None:
    """Each descendant's VmHWM by command name, the largest seen."""
    while not done.is_set():
        for pid in _descendants(root):
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            name = re.search(r"Name:\s+(\S+)", status)
            hwm = re.search(r"VmHWM:\s+(\d+) kB", status)
            if name and hwm:
                key = name.group(1)
                peaks[key] = max(peaks.get(key, 0), int(hwm.group(1)))
        time.sleep(0.01)


def restore_once(archive: Path, code: Path) -> dict[str, float]:
    target = "koc_bench_restore_target"
    _admin(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{target}"')
    env = dict(os.environ, KOCLEDGER_DATABASE_URL=f"{PG}/{target}", PYTHONPATH=str(code))
    env["KOCLEDGER_DATA_DIR"] = DATA_DIR
    time_v = shutil.which("time") or "/usr/bin/time"
    command = [time_v, "-v", sys.executable, "-c", WRAPPER, "restore", str(archive), "--force"]
    peaks: dict[str, int] = {}
    done = threading.Event()
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=code, env=env, stderr=subprocess.PIPE, text=True)
    watcher = threading.Thread(target=_watch, args=(process.pid, peaks, done))
    watcher.start()
    _out, err = process.communicate()
    seconds = time.monotonic() - started
    done.set()
    watcher.join()
    _admin(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
    if process.returncode != 0:
        raise SystemExit(f"restore failed:\n{err}")
    own = re.search(r"VmHWM (\d+)", err)
    tree = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    assert own and tree, err
    return {
        "python_mib": int(own.group(1)) / 1024,
        "pg_restore_mib": peaks.get("pg_restore", 0) / 1024,
        "psql_mib": peaks.get("psql", 0) / 1024,
        "time_v_max_mib": int(tree.group(1)) / 1024,
        "seconds": seconds,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deals", type=int, default=10000)
    parser.add_argument("--notes-mib", type=int, default=0)
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose app runs")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    archive = _source(args.deals, args.notes_mib, ROOT)
    script = _script_bytes(archive)
    print(f"code: {args.code}")
    print(
        f"ledger: {args.deals} deals, {args.notes_mib} MiB of long notes;"
        f" archive {archive.stat().st_size / 2**20:.1f} MiB;"
        f" SQL script {script / 2**20:.1f} MiB"
    )
    print("| run | python VmHWM MiB | pg_restore MiB | psql MiB | time -v max RSS MiB | s |")
    print("|---|---|---|---|---|---|")
    for run in range(1, args.runs + 1):
        r = restore_once(archive, args.code)
        print(
            f"| {run} | {r['python_mib']:.1f} | {r['pg_restore_mib']:.1f} | {r['psql_mib']:.1f}"
            f" | {r['time_v_max_mib']:.1f} | {r['seconds']:.1f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
