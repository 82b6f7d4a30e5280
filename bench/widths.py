"""The width check at every width: 320, 360 and 390 px on every page of the demo ledger, in both
languages (the everyday suite checks 320 and 390 px: tests/browser/test_widths.py).

    python -m bench.widths

Runs tests/browser/test_widths.py with KOCLEDGER_WIDTHS=all; .ci/run calls it after the suite.
Exits with pytest's status.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    env = {**os.environ, "KOCLEDGER_WIDTHS": "all"}
    command = [sys.executable, "-m", "pytest", "-p", "no:warnings", "-q"]
    command += ["tests/browser/test_widths.py"]
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
