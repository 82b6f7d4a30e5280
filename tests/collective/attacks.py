"""The review's attacks, as the attacker's best strategy against each engine, on simulated
collectives. Used by test_attacks.py (few trials) and bench/privacy.py (many).

Each attack is a game: a secret bit (the victim's fee is low or high; she is in the cell or not;
she named the brand or not) is drawn at random, the collective is released, the attacker — who
knows or controls every other record — guesses the bit. Success is the share of right guesses;
differential privacy caps it at e^ε/(1+e^ε) + δ for the ε the secret is protected by.

"old" is the engine before this change (a copy of it lives in legacy_engine.py), "new" is
app.collective.release. The attacker tailors the setup to the engine's rules, as a real one
would: k and rounded counts for the old one, the noisy threshold for the new one.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any

from app.collective.package import ContributionRecord, DeliverableCount
from app.collective.privacy import DEFAULTS
from app.collective.release import _threshold_mechanism, make_release
from tests.collective import legacy_engine

K = 5
Records = dict[str, list[ContributionRecord]]


def rec(
    fee: int,
    *,
    niche: str = "beauty",
    tier: str = "T2",
    currency: str = "CNY",
    brand: str | None = None,
    hourly: int = 100,
    late: bool = False,
) -> ContributionRecord:
    return ContributionRecord(
        platform="xiaohongshu",
        deliverables=[DeliverableCount(kind="image_note", quantity=1)],
        follower_tier=tier,
        niche=niche,
        source_group="direct",
        via_agency=False,
        compensation="cash",
        quarter="2026Q2",
        currency=currency,
        fee_per_unit=fee,
        effective_hourly=hourly,
        hours_total=8.0,
        revision_rounds=1,
        extra_revision_rounds=0,
        hidden_labor_share=0.1,
        days_to_payment="8-30",
        paid_late=late,
        brand=brand,
    )


def old_engine(contributions: Records) -> dict[str, Any]:
    result = legacy_engine.make_release(
        contributions, confirmed=set(contributions), k=K, previous=None
    )
    assert not isinstance(result, legacy_engine.Refusal)
    return result


# The new engine's parameters; the attacker knows them (they are public). A check may swap in
# weaker ones to show the attacks then succeed.
PARAMS = DEFAULTS


def new_engine(contributions: Records) -> dict[str, Any]:
    return make_release(contributions, confirmed=set(contributions), k=K, params=PARAMS)


Engine = Callable[[Records], dict[str, Any]]
ENGINES: dict[str, Engine] = {"old": old_engine, "new": new_engine}


def find(release: dict[str, Any], niche: str, currency: str = "CNY") -> dict[str, Any] | None:
    for cell in release["cells"]:
        if (
            cell["niche"] == niche
            and cell["kind"] == "image_note"
            and cell["tier"] == "T2"
            and cell.get("currency", currency) == currency
        ):
            return dict(cell)
    return None


def threshold() -> int:
    """The new engine's opening threshold (public: it follows from the parameters)."""
    return int(
        _threshold_mechanism(PARAMS.cells_per_member, PARAMS.epsilon_open, PARAMS.delta_target, K)[
            2
        ]
    )


# --- 1. padding at the threshold: the organizer's accounts surround the victim's fee ----------
LOW, HIGH = 1_000, 3_000


def padding(engine: str, rng: random.Random) -> bool:
    secret = rng.random() < 0.5
    victim = HIGH if secret else LOW
    # Padding just below the low guess and just above the high one. Old engine: as many below as
    # above, so the interpolated median is the victim's fee exactly. New engine (medians from a
    # grid): one more below than above, so the best-scoring candidates stop at her fee when it
    # is low and run on to the high guess when it is high.
    below = 4 if engine == "old" else threshold()
    above = below if engine == "old" else below - 1
    contributions: Records = {"victim": [rec(victim), rec(victim)]}
    for i in range(below):
        contributions[f"low{i}"] = [rec(LOW - 30), rec(LOW - 30)]
    for i in range(above):
        contributions[f"high{i}"] = [rec(HIGH + 10), rec(HIGH + 10)]
    cell = find(ENGINES[engine](contributions), "beauty")
    if cell is None or not cell["figures"].get("fee_per_unit"):
        return rng.random() < 0.5
    median = float(cell["figures"]["fee_per_unit"]["median"])
    if engine == "old":
        guess = abs(math.log(median / HIGH)) < abs(math.log(median / LOW))
    else:
        guess = median > LOW * 1.03
    return guess == secret


# --- 2. release minus release: one release before the victim's upload, one after ------------
def release_minus_release(engine: str, rng: random.Random) -> bool:
    """Under the old engine four colluders reordering their records satisfied batching; under
    the new one the schedule allows one release per period, so "before" and "after" are two
    periods' releases (each costing its ε)."""
    secret = rng.random() < 0.5  # did the victim upload between the two releases?
    others = threshold() - 1 if engine == "new" else 9
    base: Records = {f"m{i}": [rec(rng.randrange(50, 150) * 10)] * 2 for i in range(others)}
    before = ENGINES[engine](base)
    after_data = dict(base)
    if secret:
        after_data["victim"] = [rec(2_000), rec(2_000)]
    after = ENGINES[engine](after_data)
    a, b = find(before, "beauty"), find(after, "beauty")
    count_a = a["contributors"] if a else -1
    count_b = b["contributors"] if b else -1
    guess = count_b > count_a
    return guess == secret


# --- 3. open/closed and rounded counts (parent minus child) ----------------------------------
def open_closed(engine: str, rng: random.Random) -> bool:
    secret = rng.random() < 0.5  # is the victim in the food niche cell?
    # Old: 9 known food members; the victim makes 10 and the rounded count jumps from 5 to 10.
    # New: one fewer than the threshold; the victim tips the noisy count over it.
    others = 9 if engine == "old" else threshold() - 1
    contributions: Records = {
        f"f{i}": [rec(rng.randrange(50, 150) * 10, niche="food")] * 2 for i in range(others)
    }
    if secret:
        contributions["victim"] = [rec(1_500, niche="food")] * 2
    cell = find(ENGINES[engine](contributions), "food")
    # Old: the rounded count tells; new: whether the cell opened is all there is to read.
    least = 10 if engine == "old" else 0
    guess = cell is not None and cell["contributors"] >= least
    return guess == secret


# --- 4. report cards: which brands did the victim work with? ---------------------------------
BRANDS = ("A", "B", "C", "D")


def report_cards(engine: str, rng: random.Random) -> tuple[int, int]:
    """(right guesses, brands guessed): colluders bring every brand one namer short of the bar;
    the victim names two brands at random; a card appearing says she named it."""
    named = set(rng.sample(BRANDS, 2))
    if engine == "old":
        short = K - 1
    else:
        short = int(
            _threshold_mechanism(
                PARAMS.names_per_member, PARAMS.epsilon_names, PARAMS.delta_target, K
            )[2]
        )
        short -= 1
    contributions: Records = {}
    for brand in BRANDS:
        for i in range(short):
            contributions[f"{brand}{i}"] = [rec(1_000, brand=brand)]
    contributions["victim"] = [rec(1_000, brand=b, late=True) for b in sorted(named)]
    shown = {card["name"] for card in ENGINES[engine](contributions)["report_cards"]}
    right = sum((brand in shown) == (brand in named) for brand in BRANDS)
    return right, len(BRANDS)


# --- 5. currencies: is the victim's USD fee pooled into the CNY cell? ------------------------
def currencies(engine: str, rng: random.Random) -> bool:
    secret = rng.random() < 0.5  # did the victim (paid in USD) contribute?
    contributions: Records = {
        f"m{i}": [rec(rng.randrange(50, 150) * 10)] * 2
        for i in range(9 if engine == "old" else 2 * threshold())
    }
    if secret:
        contributions["victim"] = [rec(300, currency="USD")] * 2
    # Under the old engine the CNY cell pooled both currencies: its rounded count moves.
    release = ENGINES[engine](contributions)
    cell = find(release, "beauty", currency="CNY")
    if engine == "old":
        guess = cell is not None and cell["contributors"] >= 10
    else:
        # Under the new one the CNY cell never holds her; her USD cell is all there is to read.
        guess = find(release, "beauty", currency="USD") is not None
    return guess == secret


def success(
    attack: Callable[[str, random.Random], bool], engine: str, trials: int, seed: int
) -> float:
    rng = random.Random(seed)
    return sum(attack(engine, rng) for _ in range(trials)) / trials


def card_success(engine: str, trials: int, seed: int) -> float:
    rng = random.Random(seed)
    right = total = 0
    for _ in range(trials):
        r, t = report_cards(engine, rng)
        right, total = right + r, total + t
    return right / total
