"""The property tests at their full size: every example count the tests name, not the quarter
the everyday suite runs (tests/conftest.py `examples`).

    python -m bench.properties [--scale 1.0]

Runs pytest on the modules that hold property tests, with KOCLEDGER_EXAMPLES_SCALE set;
.ci/run calls it after the suite. Exits with pytest's status.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = [
    "tests/economics/test_calc.py",
    "tests/economics/test_tax_payment_store.py",
    "tests/economics/test_tax_year_sums.py",
    "tests/negotiation/test_offer.py",
    "tests/negotiation/test_brief_fuzz.py",
    "tests/test_money.py",
    "tests/test_fuzz_api.py",
    "tests/test_afterwrite_attacks.py",
]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0, help="times the examples named")
    args = parser.parse_args()
    env = {**os.environ, "KOCLEDGER_EXAMPLES_SCALE": str(args.scale)}
    command = [sys.executable, "-m", "pytest", "-p", "no:warnings", "-q", *MODULES]
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
