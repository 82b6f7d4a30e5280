"""Scheduled releases and the yearly privacy budget. Pure: the day is always passed in.

A collective releases at most once per period (quarterly by default), on or after the period's
release day, never in between; every release spends ε per member from a calendar-year budget.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from app.collective.privacy import PERIODS


def period_of(day: date, period: str) -> tuple[str, date]:
    """The label of the period holding `day` (2026Q3, 2026H2, 2026) and its first day."""
    months = PERIODS[period]
    index = (day.month - 1) // months
    start = date(day.year, index * months + 1, 1)
    if months == 3:
        return f"{day.year}Q{index + 1}", start
    if months == 6:
        return f"{day.year}H{index + 1}", start
    return f"{day.year}", start


def next_period_start(day: date, period: str) -> date:
    months = PERIODS[period]
    _, start = period_of(day, period)
    # (months past December roll into the next year)
    month = start.month + months
    return date(start.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


@dataclass(frozen=True)
class Budget:
    epsilon_per_release: float
    annual_budget: float
    spent: float
    remaining: float


def budget(
    spent_this_year: Iterable[float], *, epsilon_per_release: float, annual_budget: float
) -> Budget:
    spent = round(sum(spent_this_year), 6)
    return Budget(
        epsilon_per_release=epsilon_per_release,
        annual_budget=annual_budget,
        spent=spent,
        remaining=round(max(0.0, annual_budget - spent), 6),
    )


@dataclass(frozen=True)
class Due:
    """Whether a release may be made today, and if not, why (no counts of members in it)."""

    period: str
    release_on: date
    allowed: bool
    reason: str  # "" | "not_yet" | "already_released" | "over_budget"
    next_release_on: date


def due(
    today: date,
    *,
    period: str,
    release_day: int,
    released_periods: Iterable[str],
    budget_left: Budget,
) -> Due:
    label, start = period_of(today, period)
    release_on = start.replace(day=max(1, min(28, release_day)))
    following = next_period_start(today, period).replace(day=max(1, min(28, release_day)))
    if label in set(released_periods):
        return Due(label, release_on, False, "already_released", following)
    if today < release_on:
        return Due(label, release_on, False, "not_yet", release_on)
    if budget_left.epsilon_per_release > budget_left.remaining + 1e-9:
        return Due(label, release_on, False, "over_budget", following)
    return Due(label, release_on, True, "", following)
