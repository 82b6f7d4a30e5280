"""Percentiles as ECONOMICS.md defines them (PERCENTILE.INC) and a value's position. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from statistics import quantiles


def quartiles(values: Sequence[float | int | Decimal]) -> tuple[float, float, float] | None:
    """(p25, median, p75) by linear interpolation between closest ranks; None when empty."""
    data = sorted(float(v) for v in values)
    if not data:
        return None
    if len(data) == 1:
        return data[0], data[0], data[0]
    p25, median, p75 = quantiles(data, n=4, method="inclusive")
    return p25, median, p75


def position(value: float | int | Decimal, values: Sequence[float | int | Decimal]) -> float | None:
    """Share of values strictly below, plus half the share equal to it (0..1)."""
    if not values:
        return None
    target = float(value)
    below = sum(1 for v in values if float(v) < target)
    equal = sum(1 for v in values if float(v) == target)
    return (below + equal / 2) / len(values)
