"""Brief parsing speed (issue 13): parse a 2,000-character message; target under 50 ms.

    python -m bench.brief [--chars 2000] [--runs 200]

Builds a realistic thread of the given length from the tuned corpus (several offers, Chinese,
English and mixed, emoji and full-width digits), parses it `runs` times with a fixed `today`
and prints the median, the 95th percentile and the worst time, plus the import time of the
parser module (measured in a fresh interpreter) and the time of the hostile inputs the tests
use at the 20,000-character limit.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "briefs" / "tuned"


def message(chars: int) -> str:
    texts = [json.loads(p.read_text("utf-8"))["text"] for p in sorted(CORPUS.glob("*.json"))]
    out = ""
    i = 0
    while len(out) < chars:
        out += texts[i % len(texts)] + "\n\n"
        i += 1
    return out[:chars]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chars", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    started = time.perf_counter()
    from app.negotiation.brief import parse_brief

    first_import = time.perf_counter() - started
    fresh = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import app.negotiation.brief"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    line = [
        row for row in fresh.stderr.splitlines() if row.rstrip().endswith("app.negotiation.brief")
    ]
    import_us = int(line[-1].split("|")[1]) if line else -1
    text = message(args.chars)
    today = date(2026, 11, 29)
    parse_brief(text, today)  # warm
    times = []
    cpu = []
    for _ in range(args.runs):
        t0, c0 = time.perf_counter(), time.process_time()
        parse_brief(text, today)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"message: {len(text)} characters, {args.runs} runs")
    print(
        f"parse: median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, "
        f"worst {times[-1]:.1f} ms (target < 50 ms)"
    )
    print(
        f"CPU time (this process only; the machine is shared): median "
        f"{statistics.median(cpu):.1f} ms, mean {statistics.fmean(cpu):.1f} ms"
    )
    print(f"import of app.negotiation.brief: {import_us / 1000:.1f} ms cumulative (fresh)")
    print(f"first import in this process: {first_import * 1000:.1f} ms")
    hostile = {
        "20,000 chars of thread": message(20_000),
        "'12/' x 6,000": "12/" * 6000,
        "'12月1日' x 4,000": "12月1日" * 4000,
        "'下周六' x 6,000": "下周六" * 6000,
        "'A' x 20,000": "A" * 20_000,
        "'图文1篇+' x 4,000": "图文1篇+" * 4000,
    }
    for name, sample in hostile.items():
        t0 = time.perf_counter()
        parse_brief(sample, today)
        print(f"hostile {name}: {(time.perf_counter() - t0) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
