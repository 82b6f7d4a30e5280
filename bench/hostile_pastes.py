"""Every hostile 20,000-character paste of tests/negotiation/test_brief_attacks*.py, not only
the ones the everyday suite parses (one per rule, marked `kept`: tests/negotiation/hostile.py).

    python -m bench.hostile_pastes

Runs the adversarial-paste tests with KOCLEDGER_HOSTILE_PASTES=all: the same bounds (CPU seconds
per paste, a hard timeout on the child process) over every paste. .ci/run calls it after the
suite. Exits with pytest's status.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = sorted(
    str(p.relative_to(ROOT)) for p in ROOT.glob("tests/negotiation/test_brief_attacks*.py")
)


def main() -> int:
    env = {**os.environ, "KOCLEDGER_HOSTILE_PASTES": "all"}
    command = [sys.executable, "-m", "pytest", "-p", "no:warnings", "-q", "-s"]
    command += [*MODULES, "-k", "adversarial_pastes"]
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
