"""The offer check's rules as tables, and the gross-up's properties."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.economics import tax
from app.economics.tax import Context
from app.negotiation.offer import (
    History,
    Offer,
    estimate_hours,
    evaluate,
    net_of,
    required_net,
    smallest_fee,
)
from tests.conftest import examples

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


@settings(max_examples=examples(2000))
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


# --- withholding methods (docs/TAX.md) ---------------------------------------------------------
contexts = st.one_of(
    st.builds(Context, st.just(tax.PER_PAYMENT), same_time_base=st.integers(0, 10**8)),
    st.builds(
        Context,
        st.just(tax.PLATFORM_CUMULATIVE),
        ytd_base=st.integers(0, 10**8),
        months=st.integers(1, 12),
        withheld_before=st.integers(0, 10**7),
    ),
    st.builds(Context, st.sampled_from([tax.NO_WITHHOLDING, tax.FOREIGN])),
)


@settings(max_examples=examples(1500))
@given(
    st.integers(0, 5_000_000),
    st.integers(1, 100_000),
    st.decimals(0, 80, places=2),
    percent,
    percent,
    contexts,
)
def test_floor_nets_the_target_under_each_method(
    expenses: int, target: int, hours: Decimal, pf: Decimal, ac: Decimal, ctx: Context
) -> None:
    required = required_net(target, hours, expenses)
    fee = smallest_fee(required, 10_00, platform_fee_pct=pf, agency_cut_pct=ac, ctx=ctx)
    assert fee is not None
    assert net_of(fee, platform_fee_pct=pf, agency_cut_pct=ac, ctx=ctx) >= required
    if fee > 0:
        assert net_of(fee - 10_00, platform_fee_pct=pf, agency_cut_pct=ac, ctx=ctx) < required


def test_foreign_offer_nets_the_fee() -> None:
    # US$1,000 from a foreign brand: no PRC withholding, the offer nets US$1,000.
    offer = Offer(deliverables=[("video_note", 1)], fee=1_000_00, currency="USD")
    ctx = Context(tax.default_withholding(offer.source, offer.currency))
    result = evaluate(offer, History(), target_hourly=None, ctx=ctx)
    assert result.withholding == "foreign" and result.expected_net == 1_000_00
    assert result.expected_withholding == 0


def test_platform_offer_is_not_grossed_up_for_withholding_it_never_sees() -> None:
    # First 蒲公英 deal of the year, ¥3,000 after the platform's cut: the platform withholds 0
    # (2,400 counted < 5,000 for the month), so the walk-away fee needs no gross-up.
    offer = Offer(deliverables=[("image_note", 1)], fee=3_000_00)
    hours = estimate_hours(offer.deliverables, History()).typical  # 6 h
    per = evaluate(offer, History(), target_hourly=400_00)
    cum = evaluate(offer, History(), target_hourly=400_00, ctx=Context(tax.PLATFORM_CUMULATIVE))
    assert hours == D("6.00")
    assert per.expected_net == 2_560_00 and cum.expected_net == 3_000_00
    # 2,400 net: per 次 0.8F + 160 ≥ 2,400 → 2,800; cumulatively nothing withheld → 2,400
    assert per.floor_fee == 2_800_00 and cum.floor_fee == 2_400_00


def test_extra_round_inside_the_deals_ci() -> None:
    # A ¥10,000 deal, one extra round of 1.5 h at ¥200/h = ¥300 net. Inside the 次 the payer
    # withholds 16 % of it (0.8 × 20 %): 0.84F ≥ 300 → 357.14 → 400. Alone it would be 300.
    offer = Offer(deliverables=[("video_note", 1)], fee=10_000_00)
    result = evaluate(offer, History(), target_hourly=200_00)
    assert result.extra_round_price == 400_00
    alone = smallest_fee(300_00, 50_00, platform_fee_pct=D(0), agency_cut_pct=D(0))
    assert alone == 300_00  # alone ≤ 800: nothing withheld
