"""Every privacy parameter of a collective's releases, in one place, with its reason.

Read docs/COLLECTIVE-PRIVACY.md first: the threat model, what ε means for a member, and the
utility table these defaults were chosen from (bench/privacy.py prints it).

Neighbouring collectives differ by one member's whole contribution (added or removed), so every
ε below is *member-level*: it bounds what a release says about a member, whatever she sent.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# Releases: one per period, fixed in advance; quarterly unless the organizer picks otherwise.
PERIODS = {"quarterly": 3, "half-yearly": 6, "yearly": 12}
DEFAULT_PERIOD = "quarterly"

# Figures published per cell: medians only (each extra quantile costs as much as a median, and
# the utility target cannot be met at a single-digit yearly ε with more of them).
CELL_FIGURES = ("fee_per_unit", "effective_hourly")


def _log_grid(low: float, high: float, ratio: float, step: int) -> tuple[int, ...]:
    """Public candidates from low to high, each `ratio` times the last, rounded to `step`."""
    out: list[int] = []
    value = low
    while value <= high * (1 + 1e-9):
        candidate = int(round(value / step) * step)
        if not out or candidate > out[-1]:
            out.append(candidate)
        value *= ratio
    return tuple(out)


# Fixed, public candidate grids: the published quantile is always one of these numbers, so it is
# never a member's own value. Log-spaced for money (a 5 % step: a candidate is at most 2.5 %
# from any value), chosen before any data is seen.
GRIDS: dict[str, tuple[int, ...]] = {
    # fee per deliverable unit, in major units (yuan, dollars): 10 … 10,000,000
    "fee_per_unit": _log_grid(10, 10_000_000, 1.05, 10),
    # effective hourly, whole units; negative rates score as the lowest candidate (0)
    "effective_hourly": (0, *_log_grid(1, 100_000, 1.05, 1)),
}


@dataclass(frozen=True)
class PrivacyParams:
    """Defaults for one release. ε is per member per release, summed over every mechanism."""

    # A member counts in at most this many cells: her busiest niche cell and its "all niches"
    # parent (the two compose, so both are charged). More cells would divide her budget further.
    cells_per_member: int = 2
    # Report cards: a member counts for at most this many brand or agency names (her most named).
    names_per_member: int = 2
    # Which cells open: a noisy member count (Laplace, OpenDP's threshold mechanism) must pass a
    # threshold high enough that a cell of one member opens with probability ≤ delta_target.
    epsilon_open: float = 0.55
    # Each published median (exponential mechanism over the public grid).
    epsilon_quantile: float = 0.3
    # Report cards: which names open (noisy count of naming members against a threshold) …
    epsilon_names: float = 0.25
    # … and the one share on a card: a noisy count of naming members who were paid late by that
    # name, over the noisy count of naming members (other card figures are no longer published).
    epsilon_card_share: float = 0.2
    # The chance that a threshold lets a cell (or name) of a single member through.
    delta_target: float = 1e-6
    # Yearly ε per member: four quarterly releases at the default cost fit, a fifth does not.
    annual_budget: float = 9.0

    @property
    def epsilon_cells(self) -> float:
        return self.epsilon_open + self.cells_per_member * len(CELL_FIGURES) * self.epsilon_quantile

    @property
    def epsilon_cards(self) -> float:
        return self.epsilon_names + self.epsilon_card_share

    @property
    def epsilon_per_release(self) -> float:
        return round(self.epsilon_cells + self.epsilon_cards, 6)


DEFAULTS = PrivacyParams()


def guessing_bound(epsilon: float, delta: float = 0.0) -> float:
    """The best chance an attacker has of telling which of two equally likely worlds is true
    (victim in or out, her fee this or that) after a release costing (ε, δ): e^ε/(1+e^ε) + δ."""
    return 1 / (1 + math.exp(-epsilon)) + delta
