"""Which hostile 20,000-character pastes a run parses (tests/negotiation/test_brief_attacks*.py).

Each paste costs 0.15-1.2 s of CPU. A list marks with `kept` one paste for each rule (or family
of rules) it aims at: the everyday suite parses those, `python -m bench.hostile_pastes` (called
by .ci/run) every paste, with the same bounds."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from app.negotiation.brief import MAX_CHARS


class _Kept(str):
    __slots__ = ()


def kept(text: str) -> str:
    """Marks a paste the everyday suite parses."""
    return _Kept(text)


def chosen(texts: list[str]) -> list[str]:
    """The kept pastes of a list, or all of them when bench.hostile_pastes runs."""
    every = os.environ.get("KOCLEDGER_HOSTILE_PASTES") == "all"
    return [str(text) for text in texts if every or isinstance(text, _Kept)]


def fill(unit: str) -> str:
    """One hostile unit repeated to the 20,000-character limit."""
    return (unit * (MAX_CHARS // len(unit) + 1))[:MAX_CHARS]


def mix(*parts: str) -> str:
    """Several hostile runs in one 20,000-character paste: each run fills an equal share on
    its own line (a line-start rule sees each run as one long line)."""
    share = MAX_CHARS // len(parts) - 1
    out = "\n".join((p * (share // len(p) + 1))[:share] for p in parts)
    return (out + parts[-1] * 2)[:MAX_CHARS]


# An ordinary message of the limit's length, and what parsing it costs on a quiet machine of
# the kind the bars were set on. The same machine ran three times slower at other hours (the
# framework's floor 1.1 ms one night, 2.9 ms the next morning), and a CI run beside its own
# second worker slower again: a bar in seconds measured the machine, not the rule.
PLAIN = "今天天气不错，我们去公园散步吧。"
PLAIN_SECONDS = 0.12


def worst_in_child(texts: list[str]) -> tuple[float, str]:
    """The slowest parse of texts, timed in a child process with a hard timeout, so a rule
    that backtracks fails the test instead of hanging the suite. In the quiet machine's
    seconds: scaled down by how much slower an ordinary message of the same length parsed in
    the same child (never up: a faster machine is held to the same bar)."""
    seconds = seconds_in_child([fill(PLAIN), *texts])
    scale = min(1.0, PLAIN_SECONDS / max(seconds[0], 1e-9))
    return max(zip((t * scale for t in seconds[1:]), (text[:12] for text in texts), strict=True))


def seconds_in_child(texts: list[str]) -> list[float]:
    """The CPU time of each parse of texts, in order, in one child process with a hard timeout.
    Compared with each other, they measure a rule's growth on a machine of any speed or load
    (on a busy two-core machine CPU time per parse rose 2-3x)."""
    script = (
        "import json, sys, time\n"
        "from datetime import date\n"
        "from app.negotiation.brief import parse_brief\n"
        "seconds = []\n"
        "for text in json.load(sys.stdin):\n"
        "    t = time.process_time()\n"
        "    parse_brief(text, date(2026, 11, 29))\n"
        "    seconds.append(time.process_time() - t)\n"
        "print(json.dumps(seconds))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        timeout=120,  # a backtracking rule takes hours on 20,000 characters
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return [float(seconds) for seconds in json.loads(done.stdout)]


# A plain bilingual text of the limit's length: what a rule's growth is measured against.
PLAIN_TEXT = fill("今天天气不错，我们去公园散步吧。The weather is nice today, let us walk. ")


def worst_against_plain(texts: list[str]) -> tuple[tuple[float, str], float]:
    """The slowest parse of texts (seconds, first characters) and the parse of PLAIN_TEXT, in
    the same child: a rule that grows with the text shows as a multiple of the plain parse on a
    machine of any speed or load."""
    *seconds, plain = seconds_in_child([*texts, PLAIN_TEXT])
    worst = max(zip(seconds, (text[:12] for text in texts), strict=True))
    print(f"worst {worst[0]:.3f} s {worst[1]!r}, plain text {plain:.3f} s")
    return worst, plain
