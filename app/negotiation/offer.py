"""The offer check: hours, net, rates, floor and suggested fees, red flags. Pure.

Money is integer minor units; hours are Decimals; percentages are Decimals (10 = 10%).
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from functools import cached_property

from app.economics.calc import q2
from app.economics.percentiles import quartiles
from app.economics.tax import Context

# Hours for one unit when history is thin (fewer than MIN_HISTORY deals of the kind).
DEFAULT_HOURS: dict[str, Decimal] = {
    "image_note": Decimal("4.5"),
    "video_note": Decimal("10"),
    "live": Decimal("4"),
    "roundup": Decimal("6"),
    "store_visit": Decimal("5"),
    "asset_license": Decimal("1"),
    "other": Decimal("4"),
}
PER_DEAL_HOURS = Decimal("1.5")  # communication around a deal, added to default-based hours
BAD_FACTOR = Decimal("1.5")
MIN_HISTORY = 3
FLOOR_STEP = 10_00  # the walk-away fee is a multiple of 10
SUGGESTED_STEP = 50_00  # the suggested fee is a multiple of 50
DEFAULT_REVISION_HOURS = Decimal("1.5")


@dataclass(frozen=True)
class Offer:
    deliverables: Sequence[tuple[str, int]]
    fee: int
    currency: str = "CNY"
    in_kind_value: int = 0
    compensation: str = "cash"
    included_revision_rounds: int | None = None  # None: unlimited or unspecified
    platform_fee_pct: Decimal = Decimal(0)
    agency_cut_pct: Decimal = Decimal(0)
    payment_days: int | None = None  # None: unspecified
    usage_rights_days: int | None = None
    paid_boost_allowed: bool = False
    exclusivity_days: int | None = None
    expenses: int = 0
    source: str | None = None  # who brought the deal (Source), for the default withholding
    withholding: str | None = None  # None: app.economics.tax.default_withholding


Quartiles = tuple[float, float, float]


@dataclass(frozen=True)
class History:
    """What the creator's own ledger says (all per unit, per kind).

    A history is kept per ledger version (app.negotiation.service.history_of) and read by every
    check until the next write: its quartiles and sorted values are worked out once, on first
    use (each check sorted up to a thousand numbers four times: about 1 ms of a 9 ms check)."""

    hours_per_unit: Mapping[str, Sequence[Decimal]] = field(default_factory=dict)
    fee_per_unit: Mapping[str, Sequence[int]] = field(default_factory=dict)
    effective_hourly: Sequence[float] = ()
    revision_round_hours: Sequence[Decimal] = ()

    # (cached_property writes the instance's __dict__, which a frozen dataclass allows; the
    # fields above are never changed, so what is derived from them holds.)
    @cached_property
    def hours_quartiles(self) -> dict[str, Quartiles | None]:
        return {kind: quartiles(list(v)) for kind, v in self.hours_per_unit.items()}

    @cached_property
    def fee_quartiles(self) -> dict[str, Quartiles | None]:
        return {kind: quartiles(list(v)) for kind, v in self.fee_per_unit.items()}

    @cached_property
    def fees_sorted(self) -> dict[str, list[float]]:
        return {kind: sorted(float(f) for f in v) for kind, v in self.fee_per_unit.items()}

    @cached_property
    def rates_sorted(self) -> list[float]:
        return sorted(float(r) for r in self.effective_hourly)

    @cached_property
    def revision_quartiles(self) -> Quartiles | None:
        return quartiles(list(self.revision_round_hours))


def position_in(value: float | int | Decimal, ordered: Sequence[float]) -> float | None:
    """app.economics.percentiles.position() of a value among values already sorted as floats:
    the same share (strictly below, plus half of those equal), found by bisection."""
    if not ordered:
        return None
    target = float(value)
    below = bisect_left(ordered, target)
    equal = bisect_right(ordered, target) - below
    return (below + equal / 2) / len(ordered)


@dataclass(frozen=True)
class Basis:
    kind: str
    source: str  # "history" or "defaults"
    deals: int
    typical_per_unit: Decimal
    bad_per_unit: Decimal


@dataclass(frozen=True)
class Hours:
    typical: Decimal
    bad: Decimal
    basis: list[Basis]


def estimate_hours(deliverables: Sequence[tuple[str, int]], history: History) -> Hours:
    typical = bad = Decimal(0)
    basis = []
    uses_defaults = False
    for kind, quantity in deliverables:
        samples = history.hours_per_unit.get(kind, ())
        if len(samples) >= MIN_HISTORY:
            q = history.hours_quartiles[kind]
            assert q is not None
            per_typical, per_bad = Decimal(str(q[1])), Decimal(str(q[2]))
            basis.append(Basis(kind, "history", len(samples), q2(per_typical), q2(per_bad)))
            typical += per_typical * quantity
            bad += per_bad * quantity
        else:
            per = DEFAULT_HOURS.get(kind, DEFAULT_HOURS["other"])
            basis.append(Basis(kind, "defaults", len(samples), per, per * BAD_FACTOR))
            typical += per * quantity
            bad += per * quantity * BAD_FACTOR
            uses_defaults = True
    if uses_defaults:
        typical += PER_DEAL_HOURS
        bad += PER_DEAL_HOURS * BAD_FACTOR
    return Hours(q2(typical), q2(bad), basis)


def reaching_creator(fee: int, platform_fee_pct: Decimal, agency_cut_pct: Decimal) -> int:
    """A = F × (1 − platform% − agency%), to the fen, never below zero."""
    share = max(Decimal(0), 100 - platform_fee_pct - agency_cut_pct) / 100
    return int((Decimal(fee) * share).quantize(Decimal(1), ROUND_HALF_UP))


PER_PAYMENT = Context()


def net_of(
    fee: int, *, platform_fee_pct: Decimal, agency_cut_pct: Decimal, ctx: Context = PER_PAYMENT
) -> int:
    """net(F) = A − what the payer withholds on A (A is the base: after fee and cut)."""
    amount = reaching_creator(fee, platform_fee_pct, agency_cut_pct)
    return amount - ctx.tax_on(amount)


def required_net(target_hourly: int, hours: Decimal, expenses: int) -> int:
    """What the fee must net (before expenses are taken off) to pay target × hours."""
    return int((Decimal(target_hourly) * hours).to_integral_value(ROUND_CEILING)) + expenses


def smallest_fee(
    required: int,
    step: int,
    *,
    platform_fee_pct: Decimal,
    agency_cut_pct: Decimal,
    ctx: Context = PER_PAYMENT,
) -> int | None:
    """The smallest multiple of `step` whose net reaches `required` (net is increasing)."""
    if required <= 0:
        return 0
    if 100 - platform_fee_pct - agency_cut_pct <= 0:
        return None

    def enough(k: int) -> bool:
        return (
            net_of(
                k * step,
                platform_fee_pct=platform_fee_pct,
                agency_cut_pct=agency_cut_pct,
                ctx=ctx,
            )
            >= required
        )

    high = 1
    while not enough(high):
        high *= 2
        if high > 10**9:
            return None
    low = high // 2  # enough(low) is False (or low == 0)
    while high - low > 1:
        middle = (low + high) // 2
        if enough(middle):
            high = middle
        else:
            low = middle
    return high * step


@dataclass(frozen=True)
class Flag:
    code: str
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Evaluation:
    offer: Offer
    hours: Hours
    expected_net: int
    effective_hourly_typical: Decimal | None
    effective_hourly_bad: Decimal | None
    target_hourly: int | None
    floor_fee: int | None
    suggested_fee: int | None
    benchmark_fee: int | None
    fee_per_unit: int | None
    fee_position: float | None
    fee_history_count: int
    rate_position: float | None
    rate_history_count: int
    extra_round_price: int | None
    revision_hours: Decimal
    revision_basis: str
    red_flags: list[Flag]
    history_p25_fee: float | None
    withholding: str = "per_payment"  # the method used
    expected_withholding: int = 0  # what the payer withholds on the offer's fee
    base: int = 0  # the offer's base: fee after the platform fee and agency cut


def _per_hour(net: int, hours: Decimal) -> Decimal | None:
    return None if hours <= 0 else q2(Decimal(net) / hours / 100)


def evaluate(
    offer: Offer,
    history: History,
    *,
    target_hourly: int | None,
    ctx: Context = PER_PAYMENT,
    benchmark_fee: int | None = None,
) -> Evaluation:
    """`ctx`: how the offer's payer withholds, with what it paid before this year."""
    hours = estimate_hours(offer.deliverables, history)
    pct = {"platform_fee_pct": offer.platform_fee_pct, "agency_cut_pct": offer.agency_cut_pct}
    expected_net = net_of(offer.fee, ctx=ctx, **pct) - offer.expenses
    typical_rate = _per_hour(expected_net, hours.typical)
    bad_rate = _per_hour(expected_net, hours.bad)
    floor_fee = suggested = extra_round = None
    if target_hourly is not None:
        floor_fee = smallest_fee(
            required_net(target_hourly, hours.typical, offer.expenses),
            FLOOR_STEP,
            ctx=ctx,
            **pct,
        )
        suggested = smallest_fee(
            required_net(target_hourly, hours.bad, offer.expenses),
            SUGGESTED_STEP,
            ctx=ctx,
            **pct,
        )
        if suggested is not None and benchmark_fee is not None:
            suggested = max(suggested, math.ceil(benchmark_fee / SUGGESTED_STEP) * SUGGESTED_STEP)
    revision_hours, revision_basis = revision_round_hours(history)
    if target_hourly is not None:
        # An extra round is paid inside the deal's 次: priced after the offer's own amount.
        inside = ctx.after(
            reaching_creator(offer.fee, offer.platform_fee_pct, offer.agency_cut_pct)
        )
        extra_round = smallest_fee(
            required_net(target_hourly, revision_hours, 0), SUGGESTED_STEP, ctx=inside, **pct
        )
    units = sum(q for _, q in offer.deliverables)
    kinds = {k for k, _ in offer.deliverables}
    fee_per_unit = offer.fee // units if units else None
    own_kind = next(iter(kinds)) if len(kinds) == 1 else None
    own_fees: Sequence[int] = history.fee_per_unit.get(own_kind, ()) if own_kind else ()
    fee_position = (
        position_in(fee_per_unit, history.fees_sorted[own_kind])
        if fee_per_unit is not None and own_fees and own_kind
        else None
    )
    rate_position = (
        position_in(typical_rate, history.rates_sorted)
        if typical_rate is not None and history.effective_hourly
        else None
    )
    p25 = history.fee_quartiles[own_kind] if own_fees and own_kind else None
    flags = red_flags(
        offer,
        typical_rate=typical_rate,
        target_hourly=target_hourly,
        fee_per_unit=fee_per_unit,
        own_fees=own_fees,
        own_p25=p25[0] if p25 else None,
        benchmark_fee=benchmark_fee,
    )
    return Evaluation(
        offer=offer,
        hours=hours,
        expected_net=expected_net,
        effective_hourly_typical=typical_rate,
        effective_hourly_bad=bad_rate,
        target_hourly=target_hourly,
        floor_fee=floor_fee,
        suggested_fee=suggested,
        benchmark_fee=benchmark_fee,
        fee_per_unit=fee_per_unit,
        fee_position=fee_position,
        fee_history_count=len(own_fees),
        rate_position=rate_position,
        rate_history_count=len(history.effective_hourly),
        extra_round_price=extra_round,
        revision_hours=revision_hours,
        revision_basis=revision_basis,
        red_flags=flags,
        history_p25_fee=p25[0] if p25 else None,
        withholding=ctx.method,
        expected_withholding=ctx.tax_on(reaching_creator(offer.fee, **pct)),
        base=reaching_creator(offer.fee, **pct),
    )


def revision_round_hours(history: History) -> tuple[Decimal, str]:
    if history.revision_round_hours:
        q = history.revision_quartiles
        assert q is not None
        return q2(Decimal(str(q[1]))), "history"
    return DEFAULT_REVISION_HOURS, "defaults"


def red_flags(
    offer: Offer,
    *,
    typical_rate: Decimal | None,
    target_hourly: int | None,
    fee_per_unit: int | None,
    own_fees: Sequence[int],
    own_p25: float | None,
    benchmark_fee: int | None,
) -> list[Flag]:
    flags = []
    if offer.included_revision_rounds is None:
        flags.append(Flag("unlimited_revisions"))
    if offer.payment_days is None or offer.payment_days > 60:
        flags.append(
            Flag(
                "long_payment_terms",
                {"days": "" if offer.payment_days is None else str(offer.payment_days)},
            )
        )
    if (offer.usage_rights_days or 0) > 0 or offer.paid_boost_allowed:
        flags.append(Flag("unpaid_usage_rights"))
    if (offer.exclusivity_days or 0) > 0:
        flags.append(Flag("exclusivity", {"days": str(offer.exclusivity_days)}))
    if offer.fee == 0 and (offer.in_kind_value > 0 or offer.compensation == "in_kind"):
        flags.append(Flag("product_only"))
    if offer.agency_cut_pct > 30:
        flags.append(Flag("high_agency_cut", {"pct": f"{offer.agency_cut_pct.normalize():f}"}))
    if target_hourly is not None and (typical_rate is None or typical_rate * 100 < target_hourly):
        flags.append(Flag("below_target"))
    if (
        fee_per_unit is not None
        and len(own_fees) >= MIN_HISTORY
        and own_p25 is not None
        and fee_per_unit < own_p25
    ):
        flags.append(Flag("below_history"))
    if benchmark_fee is not None and offer.fee < benchmark_fee:
        flags.append(Flag("below_benchmark"))
    return flags
