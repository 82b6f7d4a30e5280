"""Libraries measured against the brief parser's own rules on the tuned corpus (issue 13).

    pip install cn2an==0.5.24 dateparser==1.5.0   # only for this measurement
    python -m bench.brief_libs

- Chinese numerals: every Chinese-numeral amount the money rule finds in the corpus, read by our
  `cn_to_int` and by `cn2an.cn2an(..., "smart")`; agreement, and the import time of each.
- Deadlines: `dateparser.search.search_dates` (zh + en, relative to the message's `today`, future
  preferred), last date found, against the expected `deadline`; and the parser's own rules.
Neither library is a dependency of the app: this script decides whether one should be.
"""

from __future__ import annotations

import json
import re
import time
from datetime import date
from pathlib import Path

from app.negotiation.brief import CN_NUM, cn_to_int, parse_brief

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "briefs" / "tuned"


def main() -> None:
    items = [json.loads(p.read_text("utf-8")) for p in sorted(CORPUS.glob("*.json"))]
    numerals = sorted(
        {m.group(0) for it in items for m in re.finditer(CN_NUM + "{2,}", it["text"])}
        | {"一千二", "三千五百", "两万五", "八百", "两次", "十五", "三千五", "1.5万"}
    )
    t0 = time.perf_counter()
    import cn2an

    cn2an_import = time.perf_counter() - t0
    agree = differ = 0
    for text in numerals:
        ours = cn_to_int(text)
        try:
            theirs: object = cn2an.cn2an(text, "smart")
        except ValueError:
            theirs = None
        if ours == theirs:
            agree += 1
        else:
            differ += 1
            print(f"  numeral {text!r}: ours {ours} cn2an {theirs}")
    print(f"numerals: {len(numerals)}, agree {agree}, differ {differ}")
    print(f"cn2an import: {cn2an_import * 1000:.0f} ms (ours: part of a ~40 ms module import)")

    t0 = time.perf_counter()
    from dateparser.search import search_dates

    dp_import = time.perf_counter() - t0
    hits_dp = hits_ours = 0
    dp_time = ours_time = 0.0
    for it in items:
        today = date.fromisoformat(it["today"])
        want = it["expected"]["deadline"]
        t0 = time.perf_counter()
        found = search_dates(
            it["text"],
            languages=["zh", "en"],
            settings={
                "RELATIVE_BASE": __import__("datetime").datetime(
                    today.year, today.month, today.day
                ),
                "PREFER_DATES_FROM": "future",
            },
        )
        dp_time += time.perf_counter() - t0
        got = found[-1][1].date().isoformat() if found else None
        hits_dp += got == want
        t0 = time.perf_counter()
        ours = parse_brief(it["text"], today)["deadline"]
        ours_time += time.perf_counter() - t0
        hits_ours += ours == want
    n = len(items)
    print(
        f"deadline, dateparser: {hits_dp}/{n} ({hits_dp / n:.0%}), {dp_time / n * 1000:.0f} ms/msg"
    )
    print(
        f"deadline, our rules:  {hits_ours}/{n} ({hits_ours / n:.0%}), "
        f"{ours_time / n * 1000:.0f} ms/msg for the whole parse"
    )
    print(f"dateparser import: {dp_import * 1000:.0f} ms")


if __name__ == "__main__":
    main()
