"""The review's attacks, each as the attacker's best strategy on simulated collectives: against
the new engine its success stays within what the ε protecting the secret allows; against the old
engine (kept in legacy_engine.py) the same attack succeeds, so each assertion can fail.

Trials are few to keep the suite fast; bench/privacy.py runs them at full size."""

from __future__ import annotations

import math
import random
from datetime import date

import pytest

from app.collective import schedule
from app.collective.privacy import DEFAULTS, PrivacyParams, guessing_bound
from tests.collective import attacks, legacy_engine

TRIALS = 80
OLD_TRIALS = 200  # the old engine is cheap to run
EPS_Q = DEFAULTS.epsilon_quantile
RELEASE = DEFAULTS.epsilon_per_release
DELTA = 2 * DEFAULTS.delta_target
# The ε protecting each attack's secret (see the attack's docstring in attacks.py):
BOUNDS = {
    # her fee, one value in each of her two cells, changed: 2 × (2 cells × one median)
    "padding": guessing_bound(2 * DEFAULTS.cells_per_member * EPS_Q, DELTA),
    # her presence: "before" does not depend on her, so the release "after" is all that does
    # (one per period: the schedule allows no more)
    "release_minus_release": guessing_bound(RELEASE, DELTA),
    # her presence, from one release
    "open_closed": guessing_bound(RELEASE, DELTA),
    "currencies": guessing_bound(RELEASE, DELTA),
    # one brand named or not: her names changed, 2 × the report cards' ε
    "report_cards": guessing_bound(2 * DEFAULTS.epsilon_cards, 2 * DELTA),
}
ATTACKS = {
    "padding": attacks.padding,
    "release_minus_release": attacks.release_minus_release,
    "open_closed": attacks.open_closed,
    "currencies": attacks.currencies,
}


def within(rate: float, bound: float, trials: int) -> bool:
    """The measured success is within the bound, allowing three standard errors of chance."""
    return rate <= bound + 3 * math.sqrt(bound * (1 - bound) / trials) + 1e-9


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_attack_is_bounded_by_epsilon_and_beat_the_old_engine(name: str) -> None:
    old = attacks.success(ATTACKS[name], "old", OLD_TRIALS, seed=1)
    new = attacks.success(ATTACKS[name], "new", TRIALS, seed=2)
    assert within(new, BOUNDS[name], TRIALS), (name, new, BOUNDS[name])
    assert old >= 0.95 and not within(old, BOUNDS[name], OLD_TRIALS), (name, old)


def test_report_cards_reveal_no_more_than_epsilon_allows() -> None:
    old = attacks.card_success("old", 50, seed=3)
    new = attacks.card_success("new", 25, seed=4)
    guesses = 25 * len(attacks.BRANDS)
    assert within(new, BOUNDS["report_cards"], guesses), new
    assert old == 1.0 and not within(old, BOUNDS["report_cards"], 50 * len(attacks.BRANDS))


def test_batching_fell_to_colluders_reordering_but_the_schedule_does_not() -> None:
    # Old engine: four colluders reorder their records and the victim uploads: five "changes",
    # so batching lets the organizer make a release right after hers.
    rng = random.Random(5)
    base = {f"m{i}": [attacks.rec(rng.randrange(50, 150) * 10) for _ in range(3)] for i in range(9)}
    first = legacy_engine.make_release(base, confirmed=set(base), k=5, previous=None)
    assert not isinstance(first, legacy_engine.Refusal)
    after = {m: list(reversed(r)) if m in {"m0", "m1", "m2", "m3"} else r for m, r in base.items()}
    after["victim"] = [attacks.rec(2_000)] * 3
    second = legacy_engine.make_release(
        after, confirmed=set(after), k=5, previous=first["fingerprints"]
    )
    assert not isinstance(second, legacy_engine.Refusal)
    # New: sixty requests in one quarter make one release; a year holds what the budget allows.
    room = schedule.budget([], epsilon_per_release=RELEASE, annual_budget=DEFAULTS.annual_budget)
    made: list[str] = []
    spent: list[float] = []
    for day in range(1, 366):
        today = date(2026, 1, 1).toordinal() + day - 1
        for _ in range(60 if day < 80 else 1):
            when = schedule.due(
                date.fromordinal(today),
                period="quarterly",
                release_day=1,
                released_periods=made,
                budget_left=schedule.budget(
                    spent, epsilon_per_release=RELEASE, annual_budget=room.annual_budget
                ),
            )
            if when.allowed:
                made.append(when.period)
                spent.append(RELEASE)
    assert made == ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]
    assert sum(spent) <= DEFAULTS.annual_budget < 10


def test_the_attacks_are_not_straw_men_without_noise(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same strategies, against the new engine with its noise all but turned off, win: so
    what holds them at chance above is the noise, not a weak attacker."""
    loud = PrivacyParams(
        epsilon_open=40, epsilon_quantile=40, epsilon_names=40, epsilon_card_share=40
    )
    monkeypatch.setattr(attacks, "PARAMS", loud)
    assert attacks.success(attacks.padding, "new", 60, seed=6) > 0.85
    assert attacks.success(attacks.open_closed, "new", 60, seed=7) > 0.95
    assert attacks.success(attacks.release_minus_release, "new", 60, seed=8) > 0.95
    assert attacks.card_success("new", 15, seed=9) > 0.95
