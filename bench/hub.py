"""Hub scale (QUALITY.md): 200 members, 20,000 contributed records — time to make a release
with the pure engine, and the size of what it publishes.

    python -m bench.hub [--members 200] [--records 100]
"""

from __future__ import annotations

import argparse
import random
import time

from app.collective.package import ContributionRecord
from app.collective.release import make_release

NICHES = ["beauty", "fashion", "food", "travel", "home", "parenting", "fitness", "tech"]
KINDS = ["image_note", "image_note", "video_note", "store_visit"]


def synthetic(rng: random.Random) -> ContributionRecord:
    tier = rng.choice(["T0", "T1", "T1", "T2", "T2", "T3", "T4"])
    return ContributionRecord(
        platform="xiaohongshu",
        deliverables=[{"kind": rng.choice(KINDS), "quantity": 1}],
        follower_tier=tier,
        niche=rng.choice(NICHES),
        source_group="direct",
        via_agency=rng.random() < 0.5,
        compensation="cash",
        quarter=f"{rng.choice([2025, 2026])}Q{rng.randint(1, 4)}",
        currency="CNY",
        fee_per_unit=rng.randrange(5, 300) * 10,
        effective_hourly=rng.randrange(10, 400),
        hours_total=rng.randrange(2, 60) / 2,
        revision_rounds=rng.randrange(0, 4),
        extra_revision_rounds=rng.randrange(0, 2),
        hidden_labor_share=rng.randrange(0, 10) / 20,
        days_to_payment=rng.choice(["0-7", "8-30", "31-60", "61-90", "91+", "never"]),
        paid_late=rng.random() < 0.3,
        brand=rng.choice([None, "三顿半", "完美日记", "蕉下"]),
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--records", type=int, default=100)
    args = parser.parse_args()
    rng = random.Random(1)
    contributions = {
        f"m{i}": [synthetic(rng) for _ in range(args.records)] for i in range(args.members)
    }
    started = time.perf_counter()
    result = make_release(contributions, confirmed=set(contributions), k=5)
    elapsed = time.perf_counter() - started
    print(
        f"{args.members} members, {args.members * args.records} records: release made in "
        f"{elapsed:.2f} s; {len(result['cells'])} cells and {len(result['report_cards'])} "
        f"report cards published"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
