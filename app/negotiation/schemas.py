"""Input of the offer check, shared by the API and the page."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from app.ledger.enums import Compensation, DeliverableKind
from app.validation import Currency, Days, MoneyIn, OptionalMoneyIn, none_if_blank

Pct = Annotated[
    Decimal,
    BeforeValidator(lambda v: "0" if none_if_blank(v) is None else v),
    Field(ge=0, le=100, max_digits=5, decimal_places=2),
]
Rounds = Annotated[Annotated[int, Field(ge=0, le=50)] | None, BeforeValidator(none_if_blank)]


class DeliverableIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: DeliverableKind
    quantity: Annotated[int, Field(ge=1, le=100)] = 1


class OfferIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    deliverables: Annotated[list[DeliverableIn], Field(min_length=1, max_length=20)]
    fee: MoneyIn = 0
    currency: Currency | None = None
    in_kind_value: MoneyIn = 0
    compensation: Compensation = Compensation.cash
    included_revision_rounds: Rounds = None
    platform_fee_pct: Pct = Decimal(0)
    agency_cut_pct: Pct = Decimal(0)
    payment_days: Days = None
    usage_rights_days: Days = None
    paid_boost_allowed: bool = False
    exclusivity_days: Days = None
    expenses: MoneyIn = 0
    target_hourly: OptionalMoneyIn = None

    @model_validator(mode="after")
    def _cuts_fit(self) -> OfferIn:
        if self.platform_fee_pct + self.agency_cut_pct >= 100:
            raise PydanticCustomError(
                "cuts_exceed_fee", "Platform fee and agency cut must stay below 100%"
            )
        return self


class SaveOfferIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    offer: OfferIn
    brand_id: int
    title: Annotated[str, Field(min_length=1, max_length=200)]
    agency_id: int | None = None


class RateCardIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    platform_fee_pct: Annotated[int, Field(ge=0, le=90)] = 0
    agency_cut_pct: Annotated[int, Field(ge=0, le=90)] = 0
    usage_rights_pct: Annotated[int, Field(ge=0, le=500)] = 30
    paid_boost_pct: Annotated[int, Field(ge=0, le=500)] = 30
    exclusivity_pct: Annotated[int, Field(ge=0, le=500)] = 20
    withholding: bool = True
    show_niche: bool = False
    show_platform: bool = False
    show_hours: bool = False

    @model_validator(mode="after")
    def _cuts_fit(self) -> RateCardIn:
        if self.platform_fee_pct + self.agency_cut_pct >= 100:
            raise PydanticCustomError(
                "cuts_exceed_fee", "Platform fee and agency cut must stay below 100%"
            )
        return self


# --- responses (so /api/v1/openapi.json describes them; FastAPI checks each against these) --
Money = str  # "1234.50"


class HoursBasisPublic(BaseModel):
    kind: str
    basis: str  # "own" history, or the documented "defaults"
    deals: int
    typical_per_unit: float
    bad_per_unit: float


class EstimatedHoursPublic(BaseModel):
    typical: float
    bad: float
    basis: list[HoursBasisPublic]


class RangePublic(BaseModel):
    typical: Money | None
    bad: Money | None


class PercentilePublic(BaseModel):
    value: Money | None
    own: float | None  # where the offer falls among the creator's own deals, 0–1
    own_deals: int
    benchmark: dict[str, dict[str, object] | None] | None  # from an imported release


class PercentilesPublic(BaseModel):
    fee_per_unit: PercentilePublic
    effective_hourly: PercentilePublic


class FlagPublic(BaseModel):
    code: str
    message: str


class DraftsPublic(BaseModel):
    zh: str
    en: str


class EvaluationPublic(BaseModel):
    currency: str
    estimated_hours: EstimatedHoursPublic
    expected_net: Money | None
    effective_hourly: RangePublic
    target_hourly: Money | None
    floor_fee: Money | None
    suggested_fee: Money | None
    extra_round_price: Money | None
    percentiles: PercentilesPublic
    red_flags: list[FlagPublic]
    drafts: DraftsPublic


class RateCardLinePublic(BaseModel):
    kind: str
    hours: float
    basis: str
    deals: int
    fee: Money | None


class ExtraRoundPublic(BaseModel):
    hours: float
    basis: str
    price: Money | None


class SurchargesPublic(BaseModel):
    usage_rights: int
    paid_boost: int
    exclusivity: int


class RateCardSettingsPublic(BaseModel):
    platform_fee_pct: int
    agency_cut_pct: int
    withholding: bool


class RateCardPublic(BaseModel):
    currency: str
    target_hourly: Money | None
    items: list[RateCardLinePublic]
    extra_revision_round: ExtraRoundPublic
    surcharges_pct: SurchargesPublic
    settings: RateCardSettingsPublic
