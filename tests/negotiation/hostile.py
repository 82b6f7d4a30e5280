"""Which hostile 20,000-character pastes a run parses (tests/negotiation/test_brief_attacks*.py).

Each paste costs 0.15-1.2 s of CPU. A list marks with `kept` one paste for each rule (or family
of rules) it aims at: the everyday suite parses those, `python -m bench.hostile_pastes` (called
by .ci/run) every paste, with the same bounds."""

from __future__ import annotations

import os


class _Kept(str):
    __slots__ = ()


def kept(text: str) -> str:
    """Marks a paste the everyday suite parses."""
    return _Kept(text)


def chosen(texts: list[str]) -> list[str]:
    """The kept pastes of a list, or all of them when bench.hostile_pastes runs."""
    every = os.environ.get("KOCLEDGER_HOSTILE_PASTES") == "all"
    return [str(text) for text in texts if every or isinstance(text, _Kept)]
