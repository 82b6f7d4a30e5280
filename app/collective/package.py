"""The contribution package (kocledger.contribution/1): what may leave a ledger, and nothing
else. Built by one pure function; validated strictly when a hub receives it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from app.economics import calc

SCHEMA = "kocledger.contribution/1"
TIERS = ("T0", "T1", "T2", "T3", "T4", "T5")
# Follower counts become tiers: an exact count would point at one account.
TIER_BOUNDS = (1_000, 5_000, 10_000, 50_000, 500_000)
# Days to payment in ranges, for the same reason: an exact day count and a quarter can single out a
# deal.
BUCKETS = ("0-7", "8-30", "31-60", "61-90", "91+", "never")
# Sources are pooled into three groups: the exact source is finer than a cell needs.
PLATFORM_SOURCES = {"pgy_invite", "pgy_recruit", "co_code"}
AGENCY_SOURCES = {"agency_group"}

# The package's own closed lists, not the ledger's enums: what may leave a ledger changes only with
# the schema's version.
Platform = Literal[
    "xiaohongshu", "douyin", "bilibili", "weibo", "wechat_channels", "kuaishou", "other"
]
Kind = Literal[
    "image_note", "video_note", "live", "roundup", "store_visit", "asset_license", "other"
]
Niche = Literal[
    "beauty",
    "fashion",
    "food",
    "travel",
    "home",
    "parenting",
    "fitness",
    "tech",
    "pets",
    "education",
    "lifestyle",
    "other",
]


def tier_of(followers: int | None) -> str | None:
    if followers is None:
        return None
    for index, bound in enumerate(TIER_BOUNDS):
        if followers < bound:
            return TIERS[index]
    return TIERS[-1]


def bucket_of(days: int | None, *, paid: bool) -> str:
    # Not paid (yet) is a bucket of its own, apart from "91+": an unpaid deal is not a slow one.
    if not paid or days is None:
        return "never"
    for limit, name in ((7, "0-7"), (30, "8-30"), (60, "31-60"), (90, "61-90")):
        if days <= limit:
            return name
    return "91+"


def quarter_of(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def _round_to(value: Decimal, step: Decimal) -> Decimal:
    # Rounding is part of the anonymization: figures leave only at the precision a cell needs.
    return (value / step).quantize(Decimal(1), ROUND_HALF_UP) * step


class DeliverableCount(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Kind
    quantity: Annotated[int, Field(ge=1, le=100)]


class ContributionRecord(BaseModel):
    """One deal, anonymized: no names of people, no text, no exact dates or counts."""

    model_config = ConfigDict(extra="forbid")
    platform: Platform
    deliverables: Annotated[list[DeliverableCount], Field(min_length=1, max_length=10)]
    follower_tier: Literal["T0", "T1", "T2", "T3", "T4", "T5"]
    niche: Niche
    source_group: Literal["platform", "direct", "agency"]
    via_agency: bool
    compensation: Literal["cash", "in_kind", "mixed", "rebate", "commission", "none"]
    quarter: Annotated[str, Field(pattern=r"^20[0-9]{2}Q[1-4]$")]
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    fee_per_unit: Annotated[int | None, Field(ge=0, le=10_000_000, multiple_of=10)] = None
    effective_hourly: Annotated[int | None, Field(ge=-100_000, le=100_000)] = None
    hours_total: Annotated[float, Field(ge=0, le=2_000)]
    revision_rounds: Annotated[int, Field(ge=0, le=50)]
    extra_revision_rounds: Annotated[int, Field(ge=0, le=50)]
    hidden_labor_share: Annotated[float | None, Field(ge=0, le=1)] = None
    days_to_payment: Literal["0-7", "8-30", "31-60", "61-90", "91+", "never"]
    paid_late: bool
    brand: Annotated[str | None, Field(min_length=1, max_length=100)] = None
    agency: Annotated[str | None, Field(min_length=1, max_length=100)] = None

    @field_validator("hours_total")
    @classmethod
    def _half_hours(cls, value: float) -> float:
        if (value * 2) != int(value * 2):
            raise ValueError("hours_total must be rounded to 0.5")
        return value

    @field_validator("hidden_labor_share")
    @classmethod
    def _twentieths(cls, value: float | None) -> float | None:
        if value is not None and abs(value * 20 - round(value * 20)) > 1e-9:
            raise ValueError("hidden_labor_share must be rounded to 0.05")
        return value


class ContributionPackage(BaseModel):
    model_config = ConfigDict(extra="forbid")
    schema_: Literal["kocledger.contribution/1"] = Field(alias="schema")
    records: Annotated[list[ContributionRecord], Field(max_length=5_000)]


@dataclass(frozen=True)
class DealFacts:
    """What the builder reads from one deal of a ledger."""

    ref: int  # stays on this instance, for the preview; never in the package
    platform: str
    kinds: Sequence[tuple[str, int]]
    followers: int | None
    niche: str | None
    source: str
    via_agency: bool
    compensation: str
    day: date | None
    currency: str
    agreed_fee: int | None
    status: str
    figures: calc.DealFigures
    payment_due_on: date | None
    brand: str
    agency: str | None


def build_record(
    deal: DealFacts, *, today: date, share_brand: bool = False, share_agency: bool = False
) -> ContributionRecord | None:
    """The anonymized record of a deal, or None when it has too little to say."""
    tier = tier_of(deal.followers)
    # Without a date, a deliverable or a follower count a record fits no cell; a cancelled deal says
    # nothing about prices.
    if deal.day is None or not deal.kinds or tier is None or deal.status == "cancelled":
        return None
    f = deal.figures
    units = sum(q for _, q in deal.kinds)
    fee = None
    if deal.agreed_fee is not None and units:
        # Per unit, in whole tens of the currency: comparable across deals of different sizes.
        fee = int(_round_to(Decimal(deal.agreed_fee) / 100 / units, Decimal(10)))
    rate = calc.rate(f.net_income, f.minutes_total)
    share = calc.share(f.minutes_unpaid, f.minutes_total)
    paid = f.paid_in_full_on is not None
    # Late: paid after the due date, or still owing past it.
    late = (
        paid
        and deal.payment_due_on is not None
        and f.paid_in_full_on is not None
        and f.paid_in_full_on > deal.payment_due_on
    ) or (
        not paid
        and f.outstanding > 0
        and deal.payment_due_on is not None
        and deal.payment_due_on < today
    )
    # An agency source, or any deal through an agency, counts as "agency": the cut changes what
    # reaches the creator.
    group = (
        "platform"
        if deal.source in PLATFORM_SOURCES
        else "agency"
        if deal.source in AGENCY_SOURCES or deal.via_agency
        else "direct"
    )
    return ContributionRecord(
        platform=deal.platform,
        # Sorted: the order deliverables were logged in says nothing and must not tell deals apart.
        deliverables=[DeliverableCount(kind=k, quantity=q) for k, q in sorted(deal.kinds)],
        follower_tier=tier,
        # A deal without a niche pools with "other" rather than being left out.
        niche=deal.niche or "other",
        source_group=group,
        via_agency=deal.via_agency,
        compensation=deal.compensation,
        quarter=quarter_of(deal.day),
        currency=deal.currency,
        fee_per_unit=fee,
        effective_hourly=None if rate is None else int(rate.quantize(Decimal(1), ROUND_HALF_UP)),
        # Half hours and twentieths: coarse enough not to identify a deal, fine enough for medians.
        hours_total=float(_round_to(Decimal(f.minutes_total) / 60, Decimal("0.5"))),
        revision_rounds=f.revision_rounds,
        extra_revision_rounds=f.extra_revision_rounds,
        hidden_labor_share=None if share is None else float(_round_to(share, Decimal("0.05"))),
        days_to_payment=bucket_of(f.days_to_payment, paid=paid),
        paid_late=bool(late),
        # A brand or agency is named only when she chose to name it (for report cards).
        brand=deal.brand[:100] if share_brand else None,
        agency=(deal.agency or "")[:100] or None if share_agency else None,
    )


def build_package(
    deals: Sequence[DealFacts],
    *,
    today: date,
    dropped: frozenset[int] = frozenset(),
    named_brands: frozenset[str] = frozenset(),
    named_agencies: frozenset[str] = frozenset(),
) -> tuple[ContributionPackage, list[tuple[int, ContributionRecord]], list[LeftOut]]:
    """The package, each record beside the deal it came from (for the preview only), and the
    deals left out because a figure is outside what a package can carry (a rate from a
    one-minute paid deal, a date outside 2000–2099, a fee of 10M or more per unit, more than
    2,000 hours): never an error, a note beside the deal instead."""
    pairs = []
    left_out = []
    for deal in deals:
        if deal.ref in dropped:
            continue
        try:
            record = build_record(
                deal,
                today=today,
                share_brand=deal.brand in named_brands,
                share_agency=deal.agency in named_agencies if deal.agency else False,
            )
        # A figure the package cannot carry leaves the deal out with a note, never the whole
        # package.
        except ValidationError as exc:
            fields = sorted({str(e["loc"][0]) for e in exc.errors() if e["loc"]})
            left_out.append(LeftOut(ref=deal.ref, fields=tuple(fields)))
            continue
        if record is not None:
            pairs.append((deal.ref, record))
    package = ContributionPackage.model_validate(
        # A package holds at most 5,000 records (what a hub accepts); the preview shows the same
        # ones.
        {"schema": SCHEMA, "records": [r for _, r in pairs][:5_000]}
    )
    return package, pairs[:5_000], left_out


@dataclass(frozen=True)
class LeftOut:
    """A deal the package leaves out, and the figures of it that are out of range."""

    ref: int
    fields: tuple[str, ...]
