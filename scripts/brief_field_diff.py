"""Per file and per field, what the brief parser gets right on the tuned and seen corpus at two
git refs (or a ref and the work tree): every field one of them gets right and the other misses.

    python scripts/brief_field_diff.py main            # main against the work tree
    python scripts/brief_field_diff.py main HEAD~1     # two refs

Each side's app/ is taken from its ref (git archive into a temporary folder), the corpus from
the work tree, so a file both sides know is scored against the same expected fields. Held-out
files are never read. Exits 1 when the second side loses a field the first gets right."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("tuned", "seen")

DUMP = """
import json, sys
from datetime import date
from app.negotiation.brief import parse_brief
from tests.negotiation.test_brief_corpus import FIELDS, hit, load
out = {}
for strict in (False, True):
    for name, item in load(*sys.argv[1:]):
        got = parse_brief(item["text"], date.fromisoformat(item["today"]),
                          item.get("known_brands", ()))
        row = out.setdefault(name, {})
        for f in FIELDS:
            key = f + (" (strict)" if strict else "")
            if strict and f != "brand":
                continue
            row[key] = [hit(f, item, got, strict), repr(got.get(f))]
print(json.dumps(out))
"""


def dump(ref: str | None) -> dict[str, dict[str, list[object]]]:
    """Each file's fields: [right, the value given], with app/ at ref (None: the work tree)."""
    with tempfile.TemporaryDirectory() as tmp:
        code = ROOT
        if ref is not None:
            code = Path(tmp)
            archive = subprocess.run(
                ["git", "-C", str(ROOT), "archive", ref, "app"], check=True, capture_output=True
            ).stdout
            subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
            # the corpus and scorer from the work tree, so both sides share expected fields
            (code / "tests").symlink_to(ROOT / "tests")
        done = subprocess.run(
            [sys.executable, "-c", DUMP, *PARTS],
            cwd=code,
            env={"PYTHONPATH": str(code), "PATH": "/usr/bin:/bin"},
            check=True,
            capture_output=True,
            text=True,
        )
        return json.loads(done.stdout)  # type: ignore[no-any-return]


def main() -> int:
    refs = [a for a in sys.argv[1:] if not a.startswith("-")]
    before_ref = refs[0] if refs else "main"
    after_ref = refs[1] if len(refs) > 1 else None
    before, after = dump(before_ref), dump(after_ref)
    lost, gained = [], []
    for name in sorted(set(before) & set(after)):
        for field, (ok_before, got_before) in before[name].items():
            ok_after, got_after = after[name][field]
            if ok_before and not ok_after:
                lost.append(f"  LOST   {name} {field}: {got_before} → {got_after}")
            elif ok_after and not ok_before:
                gained.append(f"  gained {name} {field}: {got_before} → {got_after}")
    only = sorted(set(after) - set(before))
    print(f"{before_ref} → {after_ref or 'work tree'}: {len(set(before) & set(after))} files")
    print(f"lost {len(lost)}, gained {len(gained)}")
    print("\n".join(lost + gained))
    if only:
        print(f"files only the second side scored: {len(only)}")
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
