"""The release engine: every rule of COLLECTIVE.md, applied to the members' latest packages.
Pure: contributions in, a release (or the reason there can be none) out.

Rules, each enforced here and tested in tests/collective:
- fixed cells: platform × deliverable kind × follower tier × niche (and "all") × year;
- a cell needs ≥ k distinct confirmed contributors and ≥ 2k records, no contributor with more
  than half its records, and a figure needs ≥ 3 distinct values to be shown;
- published: p25 / median / p75 only, and the contributor count rounded down to a multiple of 5;
- complementary suppression inside each parent ("all niches") and its niches;
- batching: a new release only when ≥ k contributors joined, changed or left;
- report cards: only for names given by ≥ k distinct contributors, never split.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.collective.package import BUCKETS, ContributionRecord
from app.economics.percentiles import quartiles

MIN_K = 3
FIGURES = (
    "fee_per_unit",
    "effective_hourly",
    "hours",
    "days_to_payment",
    "extra_revision_rounds",
    "hidden_labor_share",
)
Cell = tuple[str, str, str, str, int]  # platform, kind, tier, niche ("all"), year


@dataclass
class CellData:
    records: list[tuple[str, ContributionRecord]] = field(default_factory=list)

    @property
    def contributors(self) -> set[str]:
        return {member for member, _ in self.records}


def fingerprint(records: Sequence[ContributionRecord]) -> str:
    text = json.dumps([r.model_dump(mode="json") for r in records], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def changed_members(previous: Mapping[str, str], current: Mapping[str, str]) -> int:
    """How many contributors joined, changed their package or left since the last release."""
    return sum(1 for m in set(previous) | set(current) if previous.get(m) != current.get(m))


def _values(name: str, records: Sequence[ContributionRecord]) -> list[float]:
    out: list[float] = []
    for record in records:
        if name == "fee_per_unit":
            # A price per unit says something only for a deal of one kind.
            if record.fee_per_unit is not None and len(record.deliverables) == 1:
                out.append(float(record.fee_per_unit))
        elif name == "effective_hourly":
            if record.effective_hourly is not None:
                out.append(float(record.effective_hourly))
        elif name == "hours":
            out.append(record.hours_total)
        elif name == "days_to_payment":
            out.append(float(BUCKETS.index(record.days_to_payment)))
        elif name == "extra_revision_rounds":
            out.append(float(record.extra_revision_rounds))
        elif record.hidden_labor_share is not None:
            out.append(record.hidden_labor_share)
    return out


def _figures(records: Sequence[ContributionRecord]) -> dict[str, Any] | None:
    figures: dict[str, Any] = {}
    for name in FIGURES:
        values = _values(name, records)
        q = quartiles(values) if len(set(values)) >= 3 else None
        if q is None:
            figures[name] = None
        elif name == "days_to_payment":
            figures[name] = {
                key: BUCKETS[round(v)] for key, v in zip(("p25", "median", "p75"), q, strict=True)
            }
        else:
            figures[name] = dict(
                zip(("p25", "median", "p75"), (round(v, 2) for v in q), strict=True)
            )
    if all(value is None for value in figures.values()):
        return None  # all values equal in every figure: nothing safe to show
    return figures


def _publishable(cell: CellData, k: int) -> bool:
    contributors = cell.contributors
    if len(contributors) < k or len(cell.records) < 2 * k:
        return False
    counts: dict[str, int] = defaultdict(int)
    for member, _ in cell.records:
        counts[member] += 1
    return max(counts.values()) * 2 <= len(cell.records)


def cells_of(contributions: Mapping[str, Sequence[ContributionRecord]]) -> dict[Cell, CellData]:
    cells: dict[Cell, CellData] = defaultdict(CellData)
    for member, records in contributions.items():
        for record in records:
            year = int(record.quarter[:4])
            for kind in {d.kind for d in record.deliverables}:
                for niche in (record.niche, "all"):
                    cells[
                        (record.platform, kind, record.follower_tier, niche, year)
                    ].records.append((member, record))
    return cells


def _suppress_complements(
    published: dict[Cell, dict[str, Any]], cells: Mapping[Cell, CellData], k: int
) -> None:
    parents = [c for c in cells if c[3] == "all"]
    for parent in parents:
        children = [
            c
            for c in cells
            if c[3] != "all"
            and (c[0], c[1], c[2], c[4]) == (parent[0], parent[1], parent[2], parent[4])
        ]
        while parent in published:
            hidden = [c for c in children if c not in published]
            hidden_contributors = (
                set().union(*(cells[c].contributors for c in hidden)) if hidden else set()
            )
            exposed = (len(hidden) == 1) or (0 < len(hidden_contributors) < k)
            if not exposed:
                break
            shown = sorted(
                (c for c in children if c in published),
                key=lambda c: (len(cells[c].contributors), len(cells[c].records), c),
            )
            if shown:
                del published[shown[0]]
            else:
                del published[parent]


@dataclass(frozen=True)
class Refusal:
    reason: str
    changed: int
    needed: int


def make_release(
    contributions: Mapping[str, Sequence[ContributionRecord]],
    *,
    confirmed: set[str],
    k: int,
    previous: Mapping[str, str] | None,
) -> dict[str, Any] | Refusal:
    """The release body (cells and report cards) and the fingerprints it was made from."""
    k = max(MIN_K, k)
    counted = {m: list(r) for m, r in contributions.items() if m in confirmed and r}
    prints = {m: fingerprint(r) for m, r in counted.items()}
    changed = changed_members(previous or {}, prints)
    if changed < k:
        return Refusal("batching", changed, k)
    cells = cells_of(counted)
    published: dict[Cell, dict[str, Any]] = {}
    for cell, data in cells.items():
        if _publishable(data, k):
            figures = _figures([r for _, r in data.records])
            if figures is not None:
                published[cell] = figures
    _suppress_complements(published, cells, k)
    return {
        "cells": [
            {
                "platform": c[0],
                "kind": c[1],
                "tier": c[2],
                "niche": c[3],
                "year": c[4],
                "contributors": len(cells[c].contributors) // 5 * 5,
                "figures": figures,
            }
            for c, figures in sorted(published.items())
        ],
        "report_cards": report_cards(counted, k),
        "fingerprints": prints,
    }


def report_cards(
    contributions: Mapping[str, Sequence[ContributionRecord]], k: int
) -> list[dict[str, Any]]:
    named: dict[tuple[str, str], list[tuple[str, ContributionRecord]]] = defaultdict(list)
    for member, records in contributions.items():
        for record in records:
            if record.brand:
                named[(record.brand.strip(), "brand")].append((member, record))
            if record.agency:
                named[(record.agency.strip(), "agency")].append((member, record))
    cards = []
    for (name, kind), items in sorted(named.items()):
        contributors = {m for m, _ in items}
        if len(contributors) < k:
            continue
        records = [r for _, r in items]
        buckets = quartiles([float(BUCKETS.index(r.days_to_payment)) for r in records])
        extra = quartiles([float(r.extra_revision_rounds) for r in records])
        cards.append(
            {
                "name": name,
                "kind": kind,
                "contributors": len(contributors) // 5 * 5,
                "median_days_to_payment_bucket": BUCKETS[round(buckets[1])] if buckets else None,
                "share_paid_late": round(sum(r.paid_late for r in records) / len(records), 2),
                "share_with_unpaid_revisions": round(
                    sum(r.extra_revision_rounds > 0 for r in records) / len(records), 2
                ),
                "median_extra_revision_rounds": extra[1] if extra else None,
            }
        )
    return cards
