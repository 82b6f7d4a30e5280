"""Field-level accuracy of the brief parser on the corpus in tests/briefs/.

tests/briefs/tuned/ is the part the rules were tuned on; tests/briefs/heldout/ was written by
someone else and kept out of sight while tuning. Each part prints its accuracy per field.
Run `python -m tests.negotiation.test_brief_corpus tuned -v` to see every miss.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.negotiation.brief import FIELDS, parse_brief

CORPUS = Path(__file__).resolve().parent.parent / "briefs"
MONEY_FIELDS = {"fee", "in_kind_value", "platform_fee_pct", "agency_cut_pct"}
# measured on the held-out part once, after tuning stopped (see /work/notes/issue-13.md)
HELDOUT_OVERALL, HELDOUT_FIELD = 0.90, 0.85


def norm(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name == "deliverables":
        return Counter((d["kind"], int(d["quantity"])) for d in value) or None
    if name in MONEY_FIELDS:
        return Decimal(str(value))
    if isinstance(value, str):
        return value.strip()
    return value


def load(part: str) -> list[tuple[str, dict[str, Any]]]:
    return [
        (p.name, json.loads(p.read_text(encoding="utf-8")))
        for p in sorted((CORPUS / part).glob("*.json"))
    ]


def score(part: str, verbose: bool = False) -> tuple[dict[str, float], float, int]:
    items = load(part)
    hits: Counter[str] = Counter()
    for name, item in items:
        got = parse_brief(item["text"], date.fromisoformat(item["today"]))
        for f in FIELDS:
            want = norm(f, item["expected"].get(f))
            have = norm(f, got.get(f))
            if want == have:
                hits[f] += 1
            elif verbose:
                print(f"  {name} {f}: expected {item['expected'].get(f)!r} got {got.get(f)!r}")
    n = len(items)
    per_field = {f: hits[f] / n for f in FIELDS} if n else {}
    overall = sum(hits.values()) / (n * len(FIELDS)) if n else 0.0
    return per_field, overall, n


def report(part: str, per_field: dict[str, float], overall: float, n: int) -> str:
    lines = [f"{part}: {n} messages", f"{'field':28} accuracy"]
    lines += [f"{f:28} {per_field[f] * 100:6.1f} %" for f in FIELDS]
    lines.append(f"{'OVERALL':28} {overall * 100:6.1f} %")
    return "\n".join(lines)


def test_tuned_part() -> None:
    per_field, overall, n = score("tuned")
    print("\n" + report("tuned", per_field, overall, n))
    assert n >= 56
    assert overall >= 0.95, report("tuned", per_field, overall, n)


def test_heldout_part_overall() -> None:
    per_field, overall, n = score("heldout")
    if n == 0:
        pytest.skip("no held-out messages in tests/briefs/heldout/")
    print("\n" + report("heldout", per_field, overall, n))
    assert n >= 28
    assert overall >= HELDOUT_OVERALL, report("heldout", per_field, overall, n)


@pytest.mark.xfail(
    strict=True,
    reason=(
        "measured once on the held-out part after tuning stopped (2026-11-29, commit f18de1f): "
        "overall 91.0 %, but brand 59.4 %, source 75.0 %, fee 84.4 % and deadline 84.4 % are "
        "below 85 % (see /work/notes/issue-13.md); not tuned on the held-out part"
    ),
)
def test_heldout_part_every_field() -> None:
    per_field, overall, n = score("heldout")
    if n == 0:
        pytest.skip("no held-out messages in tests/briefs/heldout/")
    weak = {f: v for f, v in per_field.items() if v < HELDOUT_FIELD}
    assert not weak, report("heldout", per_field, overall, n)


def test_every_message_parses_without_error() -> None:
    for part in ("tuned", "heldout"):
        for name, item in load(part):
            got = parse_brief(item["text"], date.fromisoformat(item["today"]))
            for field, span in got["spans"].items():
                assert item["text"][span["start"] : span["end"]] == span["text"], (name, field)


if __name__ == "__main__":
    part = sys.argv[1] if len(sys.argv) > 1 else "tuned"
    pf, ov, count = score(part, verbose="-v" in sys.argv)
    print(report(part, pf, ov, count))
