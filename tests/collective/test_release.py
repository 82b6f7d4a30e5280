"""The release engine with member-level differential privacy: what it publishes and how each
member's contribution is bounded. The attacks themselves are in test_attacks.py."""

from __future__ import annotations

import random
from typing import Any

from app.collective.package import ContributionPackage, ContributionRecord
from app.collective.privacy import CELL_FIGURES, DEFAULTS, GRIDS, guessing_bound
from app.collective.release import make_release, member_cells, member_values

K = 5


def record(
    rng: random.Random,
    *,
    niche: str = "beauty",
    kind: str = "image_note",
    tier: str = "T2",
    fee: int | None = None,
    brand: str | None = None,
    late: bool | None = None,
    currency: str = "CNY",
    quarter: str = "2026Q2",
) -> ContributionRecord:
    return ContributionRecord(
        platform="xiaohongshu",
        deliverables=[{"kind": kind, "quantity": 1}],
        follower_tier=tier,
        niche=niche,
        source_group=rng.choice(["platform", "direct"]),
        via_agency=rng.random() < 0.5,
        compensation="cash",
        quarter=quarter,
        currency=currency,
        fee_per_unit=fee if fee is not None else rng.randrange(30, 120) * 10,
        effective_hourly=rng.randrange(20, 300),
        hours_total=rng.randrange(4, 40) / 2,
        revision_rounds=rng.randrange(0, 4),
        extra_revision_rounds=rng.randrange(0, 2),
        hidden_labor_share=rng.randrange(0, 8) * 0.05,
        days_to_payment=rng.choice(["0-7", "8-30", "31-60", "61-90"]),
        paid_late=rng.random() < 0.3 if late is None else late,
        brand=brand,
    )


def collective(size: int, per_member: int = 3, seed: int = 1, **kw: Any) -> dict[str, list[Any]]:
    rng = random.Random(seed)
    return {f"m{i}": [record(rng, **kw) for _ in range(per_member)] for i in range(size)}


def release(
    contributions: dict[str, list[Any]], confirmed: set[str] | None = None
) -> dict[str, Any]:
    return make_release(contributions, confirmed=confirmed or set(contributions), k=K)


def cell(
    result: dict[str, Any], niche: str = "all", currency: str = "CNY"
) -> dict[str, Any] | None:
    return next(
        (
            c
            for c in result["cells"]
            if c["niche"] == niche and c["kind"] == "image_note" and c["currency"] == currency
        ),
        None,
    )


def test_a_large_cell_opens_with_medians_only_and_its_cost() -> None:
    body = release(collective(150))
    found = cell(body)
    assert found is not None and found["currency"] == "CNY"
    assert set(found["figures"]) == set(CELL_FIGURES)
    for name in CELL_FIGURES:
        assert set(found["figures"][name]) == {"median"}
        assert found["figures"][name]["median"] in GRIDS[name]  # from the public grid
    assert 100 <= found["contributors"] <= 200 and found["contributors"] % 5 == 0
    assert body["privacy"]["epsilon"] == DEFAULTS.epsilon_per_release
    assert 0 < body["privacy"]["delta"] < 1e-5


def test_small_collectives_open_nothing() -> None:
    # Ten members: far below the noisy threshold, whatever k the organizer set.
    assert release(collective(10))["cells"] == []


def test_currencies_never_share_a_cell() -> None:
    contributions = collective(150, seed=3)
    rng = random.Random(4)
    for i in range(150):
        contributions[f"usd{i}"] = [record(rng, currency="USD", fee=100) for _ in range(2)]
    body = release(contributions)
    cny, usd = cell(body), cell(body, currency="USD")
    assert cny is not None and usd is not None
    # CNY fees are 300–1,200, USD ones all 100: pooled, the medians would meet.
    assert cny["figures"]["fee_per_unit"]["median"] >= 250
    assert usd["figures"]["fee_per_unit"]["median"] <= 130


def test_each_member_counts_in_at_most_two_cells_with_one_value_each() -> None:
    rng = random.Random(5)
    records = [
        record(rng, niche=niche, kind=kind, tier=tier)
        for niche in ("beauty", "food", "travel")
        for kind in ("image_note", "video_note")
        for tier in ("T1", "T2")
        for _ in range(3)
    ]
    cells = member_cells(records, DEFAULTS.cells_per_member)
    assert len(cells) == 2
    assert sum(1 for c in cells if c[3] == "all") == 1
    values = member_values({"m": records}, DEFAULTS.cells_per_member)
    assert all(len(v) == 1 for v in values.values())  # one member, one value set per cell


def test_sending_many_deals_weighs_no_more_than_one() -> None:
    rng = random.Random(6)
    many = {"big": [record(rng, fee=99_990) for _ in range(500)], "small": [record(rng, fee=500)]}
    values = member_values(many, DEFAULTS.cells_per_member)
    assert all(len(v) == 2 for v in values.values())  # two members, two values


def test_a_sybil_flood_of_unconfirmed_accounts_counts_for_nothing() -> None:
    contributions = collective(2, seed=8)
    for i in range(200):
        contributions[f"sybil{i}"] = [record(random.Random(200 + i)) for _ in range(3)]
    assert release(contributions, confirmed={"m0", "m1"})["cells"] == []


def test_report_cards_open_on_many_naming_members_with_a_noisy_share() -> None:
    rng = random.Random(10)
    contributions = {
        f"m{i}": [record(rng, brand="三顿半", late=i % 4 == 0) for _ in range(2)]
        for i in range(260)
    }
    cards = release(contributions)["report_cards"]
    assert len(cards) == 1 and cards[0]["name"] == "三顿半"
    assert 200 <= cards[0]["contributors"] <= 320
    assert 0.05 <= cards[0]["share_paid_late"] <= 0.45  # 25 % paid late, with noise
    assert set(cards[0]) == {"name", "kind", "contributors", "share_paid_late"}
    few = {m: r for m, r in list(contributions.items())[:20]}
    assert release(few)["report_cards"] == []


def test_the_guessing_bound() -> None:
    assert guessing_bound(0.0) == 0.5
    assert 0.89 < guessing_bound(DEFAULTS.epsilon_per_release) < 0.91


FORBIDDEN = {
    "name",
    "handle",
    "note",
    "notes",
    "title",
    "date",
    "delivered_on",
    "due_on",
    "follower_count",
    "followers",
    "disclosure",
    "deal_id",
    "id",
    "contact",
    "url",
}


def test_no_field_carries_identity() -> None:
    fields = set(ContributionRecord.model_fields) | set(ContributionPackage.model_fields)
    assert fields & FORBIDDEN == set()
    body = release(collective(80))
    keys: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            keys.update(value)
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk({"cells": body["cells"], "report_cards": body["report_cards"]})
    assert keys & (FORBIDDEN - {"name"}) == set()
