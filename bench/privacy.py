"""Collective privacy at full size: each attack's success before (old engine) and after (member-
level DP), and the utility of published medians on a simulated 200-member hub.

    .venv/bin/python -m bench.privacy [--trials 500] [--releases 200]

Figures go to docs/COLLECTIVE-PRIVACY.md and the issue note; nothing here is run by the suite.
"""

from __future__ import annotations

import argparse
import random
import statistics
from dataclasses import replace

from app.collective.package import ContributionRecord, DeliverableCount
from app.collective.privacy import DEFAULTS, PrivacyParams, guessing_bound
from app.collective.release import make_release, private_median
from tests.collective import attacks

TIERS = {"T1": (30, 800), "T2": (60, 2_000), "T3": (110, 5_000)}  # members, typical fee


def _record(rng: random.Random, tier: str, fee: float, hourly: float) -> ContributionRecord:
    return ContributionRecord(
        platform="xiaohongshu",
        deliverables=[DeliverableCount(kind="image_note", quantity=1)],
        follower_tier=tier,
        niche="beauty",
        source_group="direct",
        via_agency=False,
        compensation="cash",
        quarter="2026Q2",
        currency="CNY",
        fee_per_unit=max(10, round(fee / 10) * 10),
        effective_hourly=max(1, round(hourly)),
        hours_total=8.0,
        revision_rounds=1,
        extra_revision_rounds=0,
        hidden_labor_share=0.1,
        days_to_payment="8-30",
        paid_late=rng.random() < 0.2,
    )


def hub(rng: random.Random) -> dict[str, list[ContributionRecord]]:
    """200 members: each her own level (log-normal across members, σ 0.6), 3–10 deals around it
    (σ 0.25), hourly rates following the fee."""
    members: dict[str, list[ContributionRecord]] = {}
    for tier, (count, typical) in TIERS.items():
        for i in range(count):
            level = typical * rng.lognormvariate(0, 0.6)
            rate = level / 12 * rng.lognormvariate(0, 0.3)
            members[f"{tier}-{i}"] = [
                _record(
                    rng,
                    tier,
                    level * rng.lognormvariate(0, 0.25),
                    rate * rng.lognormvariate(0, 0.2),
                )
                for _ in range(rng.randrange(3, 11))
            ]
    return members


def utility(releases: int, params: PrivacyParams) -> None:
    rng = random.Random(11)
    errors: dict[tuple[str, str], list[float]] = {}
    opened: dict[str, int] = {tier: 0 for tier in TIERS}
    for _ in range(releases):
        members = hub(rng)
        body = make_release(members, confirmed=set(members), params=params)
        truth: dict[tuple[str, str], float] = {}
        for tier in TIERS:
            own = [m for name, m in members.items() if name.startswith(tier)]
            truth[(tier, "fee_per_unit")] = statistics.median(
                statistics.median(r.fee_per_unit or 0 for r in m) for m in own
            )
            truth[(tier, "effective_hourly")] = statistics.median(
                statistics.median(r.effective_hourly or 0 for r in m) for m in own
            )
        for cell in body["cells"]:
            if cell["niche"] != "all":
                continue
            opened[cell["tier"]] += 1
            for figure in ("fee_per_unit", "effective_hourly"):
                true = truth[(cell["tier"], figure)]
                found = cell["figures"][figure]
                # A figure left out ("too few values") counts as a 100 % error.
                error = 1.0 if found is None else abs(found["median"] - true) / true
                errors.setdefault((cell["tier"], figure), []).append(error)
    print(
        f"\nUtility on a simulated 200-member hub, {releases} releases, ε per median "
        f"{params.epsilon_quantile}, ε per release {params.epsilon_per_release}:"
    )
    print("| cell (members) | opens | fee median: median rel. error (p90) | hourly: same |")
    print("|---|---|---|---|")
    for tier, (count, _) in TIERS.items():
        row = [f"| {tier} ({count}) | {opened[tier]} of {releases}"]
        for figure in ("fee_per_unit", "effective_hourly"):
            found = sorted(errors.get((tier, figure), []))
            if found:
                row.append(
                    f"{statistics.median(found):.1%} ({found[int(0.9 * (len(found) - 1))]:.1%})"
                )
            else:
                row.append("— (never opens)")
        print(" | ".join(row) + " |")


def tradeoff() -> None:
    rng = random.Random(5)
    print("\nTrade-off: median relative error of one DP median (log-normal spread σ 0.6, 300 runs)")
    print("| ε per median | 30 members | 60 members | 100 members |")
    print("|---|---|---|---|")
    for epsilon in (0.15, 0.3, 0.5, 1.0):
        row = [f"| {epsilon}"]
        for n in (30, 60, 100):
            errs = []
            for _ in range(300):
                values = [2_000 * rng.lognormvariate(0, 0.6) for _ in range(n)]
                true = statistics.median(values)
                got = private_median("fee_per_unit", values, epsilon)
                # None ("too few values") cannot happen with every member holding a value;
                # counted as a 100 % error if it ever did.
                errs.append(1.0 if got is None else abs(got - true) / true)
            row.append(f"{statistics.median(errs):.1%}")
        print(" | ".join(row) + " |")


def attack_table(trials: int) -> None:
    print(
        f"\nAttacks, success rate of the attacker's best strategy ({trials} games each; "
        "a coin toss is 50 %):"
    )
    print("| attack | old engine | new engine | DP bound for the new engine |")
    print("|---|---|---|---|")
    release = DEFAULTS.epsilon_per_release
    delta = 2 * DEFAULTS.delta_target
    rows = [
        (
            "padding at the threshold (her fee low or high)",
            attacks.padding,
            guessing_bound(2 * DEFAULTS.cells_per_member * DEFAULTS.epsilon_quantile, delta),
        ),
        (
            "release minus release (did she upload in between)",
            attacks.release_minus_release,
            guessing_bound(release, delta),
        ),
        (
            "open/closed cell and rounded counts (is she in the cell)",
            attacks.open_closed,
            guessing_bound(release, delta),
        ),
        (
            "currencies (is her USD deal pooled with CNY)",
            attacks.currencies,
            guessing_bound(release, delta),
        ),
    ]
    for name, attack, bound in rows:
        old = attacks.success(attack, "old", trials, seed=1)
        new = attacks.success(attack, "new", trials, seed=2)
        print(f"| {name} | {old:.1%} | {new:.1%} | ≤ {bound:.1%} |")
    old = attacks.card_success("old", trials // 4, seed=3)
    new = attacks.card_success("new", trials // 4, seed=4)
    bound = guessing_bound(2 * DEFAULTS.epsilon_cards, delta)
    print(
        f"| report cards (which of 4 brands she named; per brand) | {old:.1%} | {new:.1%} "
        f"| ≤ {bound:.1%} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=500)
    parser.add_argument("--releases", type=int, default=200)
    args = parser.parse_args()
    print(
        f"Defaults: ε per release {DEFAULTS.epsilon_per_release}, yearly budget "
        f"{DEFAULTS.annual_budget}, δ target per threshold {DEFAULTS.delta_target}"
    )
    attack_table(args.trials)
    utility(args.releases, DEFAULTS)
    utility(args.releases // 2, replace(DEFAULTS, epsilon_quantile=0.5))
    tradeoff()


if __name__ == "__main__":
    main()
