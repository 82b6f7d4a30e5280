"""Scheduled releases and the budget (pure), and deals a package cannot carry (left out with a
note, never an error)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from app.collective import schedule
from app.collective.package import DealFacts, build_package
from app.economics.calc import DealFigures

ROOM = schedule.budget([], epsilon_per_release=2.2, annual_budget=9.0)


def test_one_release_per_period_on_or_after_its_day() -> None:
    early = schedule.due(
        date(2026, 7, 3), period="quarterly", release_day=5, released_periods=[], budget_left=ROOM
    )
    assert not early.allowed and early.reason == "not_yet" and early.release_on == date(2026, 7, 5)
    ok = schedule.due(
        date(2026, 7, 5), period="quarterly", release_day=5, released_periods=[], budget_left=ROOM
    )
    assert ok.allowed and ok.period == "2026Q3" and ok.next_release_on == date(2026, 10, 5)
    again = schedule.due(
        date(2026, 9, 30),
        period="quarterly",
        release_day=5,
        released_periods=["2026Q3"],
        budget_left=ROOM,
    )
    assert not again.allowed and again.reason == "already_released"
    assert schedule.period_of(date(2026, 12, 31), "half-yearly")[0] == "2026H2"
    assert schedule.next_period_start(date(2026, 12, 31), "yearly") == date(2027, 1, 1)


def test_a_release_that_would_overspend_is_refused() -> None:
    spent = schedule.budget([2.2, 2.2, 2.2, 2.2], epsilon_per_release=2.2, annual_budget=9.0)
    assert spent.remaining == pytest.approx(0.2)
    refused = schedule.due(
        date(2026, 12, 1), period="quarterly", release_day=1, released_periods=[], budget_left=spent
    )
    assert not refused.allowed and refused.reason == "over_budget"


def facts(**changes: object) -> DealFacts:
    base = DealFacts(
        ref=1,
        platform="xiaohongshu",
        kinds=[("image_note", 1)],
        followers=20_000,
        niche="beauty",
        source="direct",
        via_agency=False,
        compensation="cash",
        day=date(2026, 5, 2),
        currency="CNY",
        agreed_fee=300_000,
        status="paid",
        figures=DealFigures(
            currency="CNY",
            minutes_total=600,
            minutes_unpaid=60,
            revision_rounds=1,
            extra_revision_rounds=0,
            gross_received=300_000,
            fees=0,
            tax_withheld=0,
            expenses=0,
            in_kind_value=0,
            outstanding=0,
            paid_in_full_on=date(2026, 5, 20),
            days_to_payment=18,
        ),
        payment_due_on=date(2026, 5, 30),
        brand="三顿半",
        agency=None,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"figures": replace(facts().figures, minutes_total=1)}, "effective_hourly"),
        ({"day": date(1999, 12, 31)}, "quarter"),
        ({"day": date(2100, 1, 1)}, "quarter"),
        ({"agreed_fee": 2_000_000_000}, "fee_per_unit"),
        ({"figures": replace(facts().figures, minutes_total=2_001 * 60)}, "hours_total"),
    ],
)
def test_out_of_range_deals_are_left_out_with_a_note(change: dict[str, object], field: str) -> None:
    good = facts(ref=1)
    bad = facts(ref=2, **change)
    package, pairs, left_out = build_package([good, bad], today=date(2026, 6, 1))
    assert [ref for ref, _ in pairs] == [1] and len(package.records) == 1
    assert len(left_out) == 1 and left_out[0].ref == 2 and field in left_out[0].fields
