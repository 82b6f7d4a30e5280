"""The offer check's rules as tables, and the gross-up's properties."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.negotiation.offer import (
    History,
    Offer,
    estimate_hours,
    evaluate,
    net_of,
    required_net,
    smallest_fee,
)

D = Decimal


def test_defaults_for_a_fresh_account() -> None:
    hours = estimate_hours([("video_note", 1)], History())
    assert hours.typical == D("11.50") and hours.bad == D("17.25")
    assert hours.basis[0].source == "defaults" and hours.basis[0].deals == 0


def test_history_needs_three_deals() -> None:
    two = History(hours_per_unit={"image_note": [D(4), D(6)]})
    assert estimate_hours([("image_note", 1)], two).basis[0].source == "defaults"
    three = History(hours_per_unit={"image_note": [D(4), D(6), D(8)]})
    hours = estimate_hours([("image_note", 2)], three)
    assert hours.basis[0].source == "history" and hours.typical == D("12.00")
    assert hours.bad == D("14.00")  # p75 of 4, 6, 8 = 7, times two


def test_mixed_history_and_defaults() -> None:
    history = History(hours_per_unit={"image_note": [D(4), D(4), D(4)]})
    hours = estimate_hours([("image_note", 1), ("live", 1)], history)
    assert hours.typical == D("4") + D("4") + D("1.5")
    assert hours.bad == D("4") + D("6") + D("2.25")


@pytest.mark.parametrize(
    ("fee", "pf", "ac", "net"),
    [
        (80000, 0, 0, 80000),
        (300000, 10, 0, 232000),
        (300000, 0, 0, 256000),
        (1000000, 0, 0, 840000),
        (100000, 50, 50, 0),
    ],
)
def test_net(fee: int, pf: int, ac: int, net: int) -> None:
    assert net_of(fee, platform_fee_pct=D(pf), agency_cut_pct=D(ac)) == net


def test_worked_offer_fresh_account() -> None:
    # ¥800 for a video note, unlimited revisions, no payment date, target ¥150/h.
    result = evaluate(
        Offer(deliverables=[("video_note", 1)], fee=80000), History(), target_hourly=15000
    )
    assert result.hours.typical == D("11.50") and result.hours.bad == D("17.25")
    assert result.expected_net == 80000  # 800 is not above the 800 threshold
    assert result.effective_hourly_typical == D("69.57")
    # 150 × 11.5 = 1,725 net; net(F) = 0.8F + 160 below 4,000 → F ≥ 1,956.25 → 1,960
    assert result.floor_fee == 196000
    # 150 × 17.25 = 2,587.50 → F ≥ 3,034.375 → 3,050
    assert result.suggested_fee == 305000
    codes = [f.code for f in result.red_flags]
    assert codes == ["unlimited_revisions", "long_payment_terms", "below_target"]
    # 1.5 h × 150 = 225 net. The round is paid inside the deal's 次 (base 800 + F): the payer
    # withholds 20 % of F, so 0.8 F ≥ 225 → F ≥ 281.25 → 300 (priced alone it was 250).
    assert result.extra_round_price == 30000


def test_flags() -> None:
    offer = Offer(
        deliverables=[("image_note", 1)],
        fee=0,
        in_kind_value=39900,
        compensation="in_kind",
        included_revision_rounds=1,
        payment_days=30,
        usage_rights_days=90,
        exclusivity_days=30,
        agency_cut_pct=D(40),
    )
    history = History(fee_per_unit={"image_note": [50000, 60000, 70000]})
    codes = {
        f.code for f in evaluate(offer, history, target_hourly=None, benchmark_fee=30000).red_flags
    }
    assert codes == {
        "unpaid_usage_rights",
        "exclusivity",
        "product_only",
        "high_agency_cut",
        "below_history",
        "below_benchmark",
    }


def test_benchmark_raises_the_suggestion() -> None:
    base = evaluate(
        Offer(deliverables=[("image_note", 1)], fee=50000), History(), target_hourly=10000
    )
    raised = evaluate(
        Offer(deliverables=[("image_note", 1)], fee=50000),
        History(),
        target_hourly=10000,
        benchmark_fee=(base.suggested_fee or 0) + 12345,
    )
    assert raised.suggested_fee == (base.suggested_fee or 0) + 15000


percent = st.decimals(min_value=0, max_value=45, places=1)


@settings(max_examples=2000)
@given(
    st.integers(0, 5_000_000),
    st.integers(1, 100_000),
    st.decimals(0, 80, places=2),
    percent,
    percent,
    st.sampled_from([10_00, 50_00]),
)
def test_gross_up_is_the_smallest_that_covers(
    expenses: int, target: int, hours: Decimal, pf: Decimal, ac: Decimal, step: int
) -> None:
    required = required_net(target, hours, expenses)
    fee = smallest_fee(required, step, platform_fee_pct=pf, agency_cut_pct=ac)
    assert fee is not None and fee % step == 0
    assert net_of(fee, platform_fee_pct=pf, agency_cut_pct=ac) >= required
    if fee > 0:
        assert net_of(fee - step, platform_fee_pct=pf, agency_cut_pct=ac) < required


@given(st.integers(0, 10**9), st.integers(0, 10**9))
def test_net_never_falls_as_the_fee_rises(a: int, b: int) -> None:
    low, high = sorted((a, b))
    zero = D(0)
    assert net_of(low, platform_fee_pct=zero, agency_cut_pct=zero) <= net_of(
        high, platform_fee_pct=zero, agency_cut_pct=zero
    )
