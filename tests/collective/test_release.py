"""The attacker in the tests: small cells, parent minus children, release minus release, sybil
floods and dominant contributors never recover one member's figure."""

from __future__ import annotations

import random
from typing import Any

import pytest

from app.collective.package import ContributionPackage, ContributionRecord
from app.collective.release import Refusal, cells_of, make_release

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
) -> ContributionRecord:
    return ContributionRecord(
        platform="xiaohongshu",
        deliverables=[{"kind": kind, "quantity": 1}],
        follower_tier=tier,
        niche=niche,
        source_group=rng.choice(["platform", "direct"]),
        via_agency=rng.random() < 0.5,
        compensation="cash",
        quarter="2026Q2",
        currency="CNY",
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
    contributions: dict[str, list[Any]],
    confirmed: set[str] | None = None,
    previous: dict[str, str] | None = None,
) -> dict[str, Any]:
    result = make_release(
        contributions, confirmed=confirmed or set(contributions), k=K, previous=previous
    )
    assert not isinstance(result, Refusal), result
    return result


def cell(result: dict[str, Any], niche: str = "all") -> dict[str, Any] | None:
    return next(
        (c for c in result["cells"] if c["niche"] == niche and c["kind"] == "image_note"), None
    )


@pytest.mark.parametrize("size", [4, 6, 20, 200])
def test_cells_need_k_contributors_and_2k_records(size: int) -> None:
    result = make_release(collective(size), confirmed=set(collective(size)), k=K, previous=None)
    if size < K:
        assert isinstance(result, Refusal) or result["cells"] == []
    else:
        found = cell(result)  # type: ignore[arg-type]
        assert found is not None and found["contributors"] == size // 5 * 5
        assert set(found["figures"]["fee_per_unit"]) == {"p25", "median", "p75"}


def test_never_min_max_sum_or_mean() -> None:
    body = release(collective(20))
    text = str(body["cells"])
    for word in ("min", "max", "sum", "mean", "average"):
        assert f"'{word}" not in text


def test_records_alone_do_not_open_a_cell() -> None:
    # Five contributors but only nine records (< 2k): suppressed.
    contributions = collective(5, per_member=1)
    contributions["m0"] += [record(random.Random(9)) for _ in range(4)]
    assert cell(release(contributions)) is None


def test_a_dominant_contributor_closes_the_cell() -> None:
    contributions = collective(5, per_member=2)
    contributions["m0"] = [record(random.Random(i)) for i in range(12)]  # 12 of 20 records
    assert cell(release(contributions)) is None


def test_equal_values_show_nothing() -> None:
    rng = random.Random(2)
    contributions = {f"m{i}": [record(rng, fee=500) for _ in range(2)] for i in range(6)}
    found = cell(release(contributions))
    assert found is None or found["figures"]["fee_per_unit"] is None


def test_parent_minus_children_isolates_nobody() -> None:
    # Seven beauty creators and one lone food creator: food is suppressed, and so must be
    # something else, or "all niches" minus "beauty" would be the food creator alone.
    contributions = collective(7, seed=3)
    rng = random.Random(4)
    contributions["lone"] = [record(rng, niche="food") for _ in range(3)]
    body = release(contributions)
    shown = {c["niche"] for c in body["cells"] if c["kind"] == "image_note"}
    assert "food" not in shown
    assert not ({"all", "beauty"} <= shown)


def test_every_published_parent_hides_at_least_k_or_nobody() -> None:
    rng = random.Random(5)
    niches = ["beauty", "food", "travel", "tech"]
    contributions = {
        f"m{i}": [record(rng, niche=niches[i % 4 if i < 18 else 3]) for _ in range(3)]
        for i in range(23)
    }
    body = release(contributions)
    cells = cells_of(contributions)
    published = {
        (c["platform"], c["kind"], c["tier"], c["niche"], c["year"]) for c in body["cells"]
    }
    for key in published:
        if key[3] != "all":
            continue
        hidden = [
            c
            for c in cells
            if c[3] != "all" and c[:3] == key[:3] and c[4] == key[4] and c not in published
        ]
        members = set().union(*(cells[c].contributors for c in hidden)) if hidden else set()
        assert len(members) == 0 or len(members) >= K
        assert len(hidden) != 1


def test_release_minus_release_needs_k_changes() -> None:
    contributions = collective(20, seed=6)
    first = release(contributions)
    joined = dict(contributions, newcomer=[record(random.Random(7)) for _ in range(3)])
    refused = make_release(joined, confirmed=set(joined), k=K, previous=first["fingerprints"])
    assert isinstance(refused, Refusal) and refused.changed == 1 and refused.needed == K
    left = {m: r for m, r in contributions.items() if m != "m3"}
    assert isinstance(
        make_release(left, confirmed=set(left), k=K, previous=first["fingerprints"]), Refusal
    )
    for i in range(K):
        joined[f"new{i}"] = [record(random.Random(100 + i)) for _ in range(3)]
    assert not isinstance(
        make_release(joined, confirmed=set(joined), k=K, previous=first["fingerprints"]), Refusal
    )


def test_a_sybil_flood_of_unconfirmed_accounts_unlocks_nothing() -> None:
    contributions = collective(2, seed=8)
    for i in range(30):
        contributions[f"sybil{i}"] = [record(random.Random(200 + i)) for _ in range(3)]
    result = make_release(contributions, confirmed={"m0", "m1"}, k=K, previous=None)
    assert isinstance(result, Refusal) or result["cells"] == []


def test_report_cards_need_k_naming_contributors() -> None:
    rng = random.Random(10)
    contributions = {
        f"m{i}": [record(rng, brand="三顿半" if i < 4 else None, late=True) for _ in range(2)]
        for i in range(10)
    }
    assert release(contributions)["report_cards"] == []
    contributions["m9"] = [record(rng, brand="三顿半", late=False) for _ in range(2)]
    cards = release(contributions)["report_cards"]
    assert len(cards) == 1 and cards[0]["contributors"] == 5
    assert cards[0]["share_paid_late"] == 0.8
    assert "tier" not in cards[0] and "niche" not in cards[0]


def test_k_below_three_is_raised_to_three() -> None:
    result = make_release(collective(3), confirmed=set(collective(3)), k=1, previous=None)
    assert not isinstance(result, Refusal)


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
    body = release(collective(20))
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
