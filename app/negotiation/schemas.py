"""Input of the offer check, shared by the API and the page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError
from sqlmodel._compat import SQLModelConfig

from app.ledger.enums import Compensation, DeliverableKind, Source, Withholding
from app.negotiation.models import RateCardBase
from app.validation import (
    Currency,
    Days,
    MoneyIn,
    OptionalMoneyIn,
    PastedText,
    RequiredText,
    none_if_blank,
)

Pct = Annotated[
    Decimal,
    BeforeValidator(lambda v: "0" if none_if_blank(v) is None else v),
    Field(ge=0, le=100, max_digits=5, decimal_places=2),
]
Rounds = Annotated[Annotated[int, Field(ge=0, le=50)] | None, BeforeValidator(none_if_blank)]


OptionalWithholding = Annotated[Withholding | None, BeforeValidator(none_if_blank)]


def check_cuts(platform_fee_pct: Decimal | int, agency_cut_pct: Decimal | int) -> None:
    """An offer's and the rate card's rule: the platform and the agency leave the creator part
    of the fee."""
    if platform_fee_pct + agency_cut_pct >= 100:
        raise PydanticCustomError(
            "cuts_exceed_fee", "Platform fee and agency cut must stay below 100%"
        )


OptionalSource = Annotated[Source | None, BeforeValidator(none_if_blank)]


class DeliverableIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: DeliverableKind
    quantity: Annotated[int, Field(ge=1, le=100)] = 1


# Keys of a brief parse (POST /offers/parse) that the offer check does not use.
PARSE_ONLY_KEYS = frozenset(
    {
        "brand",
        "agency",
        "deadline",
        "unlimited_revisions",
        "source",
        "fee_is_floor",
        "conflicts",
        "spans",
    }
)


def from_parse_result(data: Any, fields: Any) -> Any:
    """A parse result as an offer: parse-only keys dropped, nulls left to the defaults.

    A parse that found no deliverable or no fee is refused, naming what is missing."""
    if not isinstance(data, dict):
        return data
    missing = [
        name
        for name in ("deliverables", "fee")
        if name in data and (data[name] is None or data[name] == [])
    ]
    if missing:
        raise PydanticCustomError(
            "not_found_in_message",
            "Not found in the message: {missing}",
            {"missing": ", ".join(missing)},
        )
    return {
        k: v for k, v in data.items() if v is not None and (k not in PARSE_ONLY_KEYS or k in fields)
    }


TODAY_MIN, TODAY_MAX = date(1900, 1, 1), date(2999, 12, 31)


class ParseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: PastedText  # 20,000 characters, a line break counted once (as on the page)
    today: date | None = None

    @model_validator(mode="after")
    def _not_blank(self) -> ParseIn:
        if not self.text.strip():
            raise PydanticCustomError("text_empty", "Paste the brand's message")
        return self

    @field_validator("today")
    @classmethod
    def _today_in_range(cls, value: date | None) -> date | None:
        # dates are read relative to today ("两周内", "next year"): near the ends of the
        # calendar that arithmetic overflowed (a 500 for today = 9999-12-31)
        if value is not None and not TODAY_MIN <= value <= TODAY_MAX:
            raise PydanticCustomError(
                "today_out_of_range", "Use a date between 1900-01-01 and 2999-12-31"
            )
        return value


class OfferIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _accept_parse_result(cls, data: Any) -> Any:
        return from_parse_result(data, cls.model_fields)

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
    # Who pays and how it withholds; without `withholding`, the default of the source and the
    # currency (app.economics.tax.default_withholding): a CNY offer with no source is per_payment.
    source: OptionalSource = None
    withholding: OptionalWithholding = None

    @model_validator(mode="after")
    def _cuts_fit(self) -> OfferIn:
        check_cuts(self.platform_fee_pct, self.agency_cut_pct)
        return self


class SaveOfferIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    offer: OfferIn
    brand_id: int
    # The deal's own title type (trimmed, not empty): a title of spaces passed a bare
    # min_length here and was refused by DealCreate inside the route, a 500.
    title: RequiredText
    agency_id: int | None = None


class RateCardIn(RateCardBase):
    # The settings with their checks come from the table's base (app.negotiation.models).
    model_config = SQLModelConfig(extra="forbid", from_attributes=False)
    # A plain pydantic constructor (see app.ledger.schemas.Input): with SQLModel's, a key "cls"
    # in an imported account's rate card was a TypeError (a 500) instead of extra_forbidden.
    __init__ = BaseModel.__init__

    @model_validator(mode="after")
    def _cuts_fit(self) -> RateCardIn:
        check_cuts(self.platform_fee_pct, self.agency_cut_pct)
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
    # The withholding method, its base (after platform fee and agency cut) and amount.
    withholding: str
    base: Money | None
    expected_withholding: Money | None
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
    # The fee of the deal whose 次 the extra round is priced inside.
    inside_deal_of: Money | None


class SurchargesPublic(BaseModel):
    usage_rights: int
    paid_boost: int
    exclusivity: int


class RateCardSettingsPublic(BaseModel):
    platform_fee_pct: int
    agency_cut_pct: int
    withholding: str
    show_niche: bool
    show_platform: bool
    show_hours: bool


class RateCardPublic(BaseModel):
    currency: str
    target_hourly: Money | None
    items: list[RateCardLinePublic]
    extra_revision_round: ExtraRoundPublic
    surcharges_pct: SurchargesPublic
    settings: RateCardSettingsPublic


class SpanPublic(BaseModel):
    start: int
    end: int
    text: str


class ParsedDeliverablePublic(BaseModel):
    kind: str
    quantity: int


class ParsePublic(BaseModel):
    """What `POST /offers/parse` read from a message: the fields of `offers/evaluate` (null
    where not found), the parse-only fields, and where in the text each one came from."""

    deliverables: list[ParsedDeliverablePublic] | None
    fee: str | None
    fee_is_floor: bool | None
    currency: str | None
    in_kind_value: str | None
    included_revision_rounds: int | None
    unlimited_revisions: bool | None
    platform_fee_pct: str | None
    agency_cut_pct: str | None
    payment_days: int | None
    usage_rights_days: int | None
    paid_boost_allowed: bool | None
    exclusivity_days: int | None
    deadline: date | None
    brand: str | None
    agency: str | None
    source: str | None
    conflicts: list[str]
    spans: dict[str, SpanPublic]
