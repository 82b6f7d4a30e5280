"""The release engine: member-level differential privacy (OpenDP) over the members' latest
packages. Pure apart from the mechanisms' own randomness: contributions in, a release out.

What a release publishes, and how (parameters and their reasons: app/collective/privacy.py):
- cells are fixed: platform × deliverable kind × follower tier × niche (and "all") × year ×
  currency; a member counts in at most `cells_per_member` of them (her busiest niche cell and
  its "all niches" parent) with ONE value per figure there — her own median;
- which cells open: OpenDP's Laplace threshold on the member counts (no k, 2k, half rule or
  complementary suppression on exact counts: decided on exact counts they leaked);
- per open cell: the median of each figure, picked from a fixed public grid by the exponential
  mechanism (OpenDP quantile scores + report-noisy-max), and the noisy member count rounded
  down to 5;
- report cards: names open on a noisy count of naming members (each member names at most
  `names_per_member`); shares are noisy counts over the noisy count of namers;
- the release states its cost: `privacy: {epsilon, delta}` per member.
Nothing here compares packages between releases: scheduling (service.py) limits how many
releases there are, the budget limits what they may cost in total.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from app.collective.package import ContributionRecord
from app.collective.privacy import CELL_FIGURES, DEFAULTS, GRIDS, PrivacyParams

# No cell or name opens for fewer members than this, whatever k an organizer sets.
MIN_K = 3
Cell = tuple[str, str, str, str, int, str]  # platform, kind, tier, niche ("all"), year, currency


def _cell_key(cell: Cell) -> str:
    return "|".join(str(part) for part in cell)


def _cell_of(key: str) -> Cell:
    p, kind, tier, niche, year, currency = key.split("|")
    return (p, kind, tier, niche, int(year), currency)


# --- the mechanisms (OpenDP) -----------------------------------------------------------------
@lru_cache(maxsize=1)
def _opendp() -> Any:
    """OpenDP, loaded when a release is first made: its native library holds about 25 MB, which
    a server that never makes a release (most of them) need not carry."""
    import opendp.prelude as dp

    dp.enable_features("contrib")
    return dp


# Building a mechanism (and searching its threshold) is slow; its inputs repeat across releases.
@lru_cache(maxsize=64)
def _threshold_mechanism(contributions: int, epsilon: float, delta: float, floor: int) -> Any:
    """Laplace threshold over a map of counts where one member touches ≤ `contributions` keys
    by 1 each: noise scale for ε, and the lowest threshold whose δ is within `delta`."""
    dp = _opendp()
    domain = dp.map_domain(dp.atom_domain(T=str), dp.atom_domain(T=int))
    metric = dp.l01inf_distance(dp.absolute_distance(T=int))
    scale = contributions / epsilon
    d_in = (contributions, contributions, 1)

    def make(threshold: int) -> Any:
        return dp.m.make_laplace_threshold(domain, metric, scale=scale, threshold=threshold)

    low, high = max(floor, 2), max(floor, 2)
    # Double until δ is small enough, then bisect: the lowest threshold meeting δ keeps the most
    # cells open.
    while make(high).map(d_in)[1] > delta:
        low, high = high, high * 2
    while low < high:
        middle = (low + high) // 2
        if make(middle).map(d_in)[1] <= delta:
            high = middle
        else:
            low = middle + 1
    measurement = make(high)
    return measurement, measurement.map(d_in), high


@lru_cache(maxsize=16)
def _quantile_mechanism(figure: str, epsilon: float) -> Any:
    """The exponential mechanism for the median over the figure's public grid, plus one more
    candidate, "too few values" (⊥), costing ε when one member is added or removed.

    A member in a cell may lack a figure (no single-kind deal, no hours logged). Scoring only
    the members who have it, a cell where few or none do published a median that was pure
    noise (any of 242 grid points, e.g. 43,697 an hour). So each grid candidate scores
    |#below − #above| over the members who have the figure (OpenDP's quantile scores) plus the
    number who lack it, and ⊥ scores the number who have it: ⊥ wins when most of the cell
    lacks the figure, and the figure is then left out. One member added or removed moves every
    score by at most 1 (the same L∞ sensitivity as the quantile scores alone), so the noisy
    max (OpenDP) at the same scale costs the same ε as before."""
    dp = _opendp()
    grid = list(GRIDS[figure])
    scores: Any = dp.t.make_quantile_score_candidates(
        dp.vector_domain(dp.atom_domain(T=int)), dp.symmetric_distance(), grid, 0.5
    )
    assert scores.map(1) <= 1  # each candidate's score moves by ≤ 1 per member

    def make(scale: float) -> Any:
        return dp.m.make_noisy_max(
            dp.vector_domain(dp.atom_domain(T="u64")),
            dp.linf_distance(T="u64"),
            dp.max_divergence(),
            scale,
            negate=True,  # the lowest score wins
        )

    per_unit = make(1.0).map(1)  # ε at scale 1; ε falls as 1/scale
    measurement = make(per_unit / epsilon)
    assert measurement.map(1) <= epsilon * (1 + 1e-9)
    return scores, measurement, grid


@lru_cache(maxsize=16)
def _count_mechanism(sensitivity: int, epsilon: float) -> Any:
    """Discrete Laplace on a vector of counts whose L1 sensitivity per member is given."""
    dp = _opendp()
    measurement: Any = dp.m.make_laplace(
        dp.vector_domain(dp.atom_domain(T=int)), dp.l1_distance(T=int), scale=sensitivity / epsilon
    )
    assert measurement.map(sensitivity) <= epsilon * (1 + 1e-9)
    return measurement


def private_median(
    figure: str, values: Sequence[float], epsilon: float, missing: int = 0
) -> int | None:
    """A median from the public grid (one value per member), ε-DP in one member; None when
    the members lacking the figure (`missing`) outweigh those who have it (see above)."""
    scores, measurement, grid = _quantile_mechanism(figure, epsilon)
    # Values outside the grid count at its ends: the grid is public, the values are not.
    clamped = [min(max(round(v), grid[0]), grid[-1]) for v in values]
    candidates = [int(score) + missing for score in scores(clamped)]
    chosen = int(measurement([*candidates, len(clamped)]))
    # The extra last candidate is "too few values" (⊥): no median is published.
    return None if chosen == len(grid) else int(grid[chosen])


def noisy_counts(counts: Sequence[int], sensitivity: int, epsilon: float) -> list[int]:
    if not counts:
        return []
    return [int(c) for c in _count_mechanism(sensitivity, epsilon)(list(counts))]


def open_by_threshold(
    counts: Mapping[str, int], *, contributions: int, epsilon: float, delta: float, floor: int
) -> tuple[dict[str, int], tuple[float, float], int]:
    """Keys whose noisy count passes the threshold, with those noisy counts; the (ε, δ) spent."""
    measurement, spent, threshold = _threshold_mechanism(contributions, epsilon, delta, floor)
    opened = measurement(dict(counts)) if counts else {}
    return {str(k): int(v) for k, v in opened.items()}, spent, threshold


def release_delta(params: PrivacyParams = DEFAULTS, k: int = 5) -> float:
    """The δ a release states: the two thresholds' (cells, report-card names)."""
    cells = _threshold_mechanism(
        params.cells_per_member, params.epsilon_open, params.delta_target, max(MIN_K, k)
    )[1][1]
    names = _threshold_mechanism(
        params.names_per_member, params.epsilon_names, params.delta_target, max(MIN_K, k)
    )[1][1]
    # Three significant figures: δ is stated, not computed with, by the reader.
    return float(f"{cells + names:.3g}")


# --- bounding each member's contribution -----------------------------------------------------
def _value(name: str, record: ContributionRecord) -> float | None:
    if name == "fee_per_unit":
        # A price per unit says something only for a deal of one kind.
        if record.fee_per_unit is not None and len(record.deliverables) == 1:
            return float(record.fee_per_unit)
        return None
    return None if record.effective_hourly is None else float(record.effective_hourly)


def member_cells(
    records: Sequence[ContributionRecord], cap: int
) -> dict[Cell, list[ContributionRecord]]:
    """The ≤ `cap` cells one member counts in: her niche cells by how many of her deals they
    hold (ties by name), each with its "all niches" parent, both charged against the cap."""
    leaves: dict[Cell, list[ContributionRecord]] = defaultdict(list)
    for record in records:
        # Cells are per year; the quarter a record carries is finer than any cell.
        year = int(record.quarter[:4])
        for kind in sorted({d.kind for d in record.deliverables}):
            cell = (
                record.platform,
                kind,
                record.follower_tier,
                record.niche,
                year,
                record.currency,
            )
            leaves[cell].append(record)
    chosen: dict[Cell, list[ContributionRecord]] = {}
    # Her busiest cells first; ties by name so the choice is the same on every run.
    for leaf in sorted(leaves, key=lambda c: (-len(leaves[c]), _cell_key(c))):
        parent = (leaf[0], leaf[1], leaf[2], "all", leaf[4], leaf[5])
        # A leaf comes with its parent: both must fit under the cap.
        if len(chosen) + 2 > cap:
            break
        chosen[leaf] = leaves[leaf]
        # Her records of the same kind/tier/year/currency in other niches stay out: the parent
        # holds what she sent for this leaf, so her contribution stays bounded.
        chosen[parent] = leaves[leaf]
    return chosen


def member_values(
    contributions: Mapping[str, Sequence[ContributionRecord]], cap: int
) -> dict[Cell, dict[str, dict[str, float]]]:
    """Per cell, per member, her own median of each figure (one value per member)."""
    out: dict[Cell, dict[str, dict[str, float]]] = defaultdict(dict)
    for member, records in contributions.items():
        for cell, mine in member_cells(records, cap).items():
            figures: dict[str, float] = {}
            for name in CELL_FIGURES:
                values = [v for v in (_value(name, r) for r in mine) if v is not None]
                if values:
                    # One value per member and figure: her median. Many deals of one member weigh no
                    # more than one.
                    figures[name] = float(statistics.median(values))
            out[cell][member] = figures
    return out


def _names_of(records: Sequence[ContributionRecord], cap: int) -> dict[tuple[str, str], list[Any]]:
    named: dict[tuple[str, str], list[ContributionRecord]] = defaultdict(list)
    for record in records:
        if record.brand and record.brand.strip():
            named[("brand", record.brand.strip())].append(record)
        if record.agency and record.agency.strip():
            named[("agency", record.agency.strip())].append(record)
    # At most `cap` names per member, the ones she named most: her influence on report cards stays
    # bounded.
    ranked = sorted(named, key=lambda n: (-len(named[n]), n))[:cap]
    return {name: named[name] for name in ranked}


# --- the release -----------------------------------------------------------------------------
def make_release(
    contributions: Mapping[str, Sequence[ContributionRecord]],
    *,
    confirmed: set[str],
    k: int = 5,
    params: PrivacyParams = DEFAULTS,
) -> dict[str, Any]:
    """Cells, report cards and the release's privacy cost. The organizer's k only raises the
    threshold; it never lowers what the privacy parameters demand."""
    # Only confirmed members count: a flood of new accounts cannot open cells.
    counted = {m: list(r) for m, r in contributions.items() if m in confirmed and r}
    cells, cells_delta = _cells(counted, params, max(MIN_K, k))
    cards, cards_delta = report_cards(counted, params, max(MIN_K, k))
    return {
        "cells": cells,
        "report_cards": cards,
        "privacy": {
            "epsilon": params.epsilon_per_release,
            "delta": float(f"{cells_delta + cards_delta:.3g}"),
        },
    }


def _cells(
    counted: Mapping[str, Sequence[ContributionRecord]], params: PrivacyParams, k: int
) -> tuple[list[dict[str, Any]], float]:
    values = member_values(counted, params.cells_per_member)
    opened, (_, delta), _ = open_by_threshold(
        {_cell_key(c): len(members) for c, members in values.items()},
        contributions=params.cells_per_member,
        epsilon=params.epsilon_open,
        delta=params.delta_target,
        floor=k,
    )
    out = []
    for key in sorted(opened):
        cell = _cell_of(key)
        figures: dict[str, Any] = {}
        for name in CELL_FIGURES:
            own = [f[name] for f in values[cell].values() if name in f]
            median = private_median(
                name, own, params.epsilon_quantile, missing=len(values[cell]) - len(own)
            )
            figures[name] = None if median is None else {"median": median}
        out.append(
            {
                "platform": cell[0],
                "kind": cell[1],
                "tier": cell[2],
                "niche": cell[3],
                "year": cell[4],
                "currency": cell[5],
                # The noisy count, rounded down to 5: small counts would say more than the noise
                # hides.
                "contributors": max(0, opened[key]) // 5 * 5,
                "figures": figures,
            }
        )
    return out, delta


def report_cards(
    counted: Mapping[str, Sequence[ContributionRecord]], params: PrivacyParams, k: int
) -> tuple[list[dict[str, Any]], float]:
    cap = params.names_per_member
    namers: dict[tuple[str, str], dict[str, list[ContributionRecord]]] = defaultdict(dict)
    for member, records in counted.items():
        for name, mine in _names_of(records, cap).items():
            namers[name][member] = mine
    opened, (_, delta), _ = open_by_threshold(
        {f"{kind}|{name}": len(ms) for (kind, name), ms in namers.items()},
        contributions=cap,
        epsilon=params.epsilon_names,
        delta=params.delta_target,
        floor=k,
    )
    keys = sorted(opened)
    names = [(key.split("|", 1)[0], key.split("|", 1)[1]) for key in keys]
    late = noisy_counts(
        # Members (not deals) who were paid late by the name: one member counts once.
        [sum(any(r.paid_late for r in mine) for mine in namers[n].values()) for n in names],
        cap,
        params.epsilon_card_share,
    )
    cards = []
    for index, (kind, label) in enumerate(names):
        # A noisy count can be zero or below: the share is then taken over one.
        total = max(1, opened[keys[index]])
        cards.append(
            {
                "name": label,
                "kind": kind,
                "contributors": total // 5 * 5,
                "share_paid_late": _share(late[index], total),
            }
        )
    return cards, delta


def _share(count: int, total: int) -> float:
    # Noise can push the share outside 0–1: clamped, then rounded to twentieths like the package's
    # shares.
    return round(min(1.0, max(0.0, count / total)) * 20) / 20


def relative_error(published: float, truth: float) -> float:
    return abs(published - truth) / truth if truth else math.inf
