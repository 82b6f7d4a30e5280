"""Input of the offer check, shared by the API and the page."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from app.ledger.enums import Compensation, DeliverableKind, Source, Withholding
from app.validation import Currency, Days, MoneyIn, OptionalMoneyIn, _none_if_blank

Pct = Annotated[
    Decimal,
    BeforeValidator(lambda v: "0" if _none_if_blank(v) is None else v),
    Field(ge=0, le=100, max_digits=5, decimal_places=2),
]
Rounds = Annotated[Annotated[int, Field(ge=0, le=50)] | None, BeforeValidator(_none_if_blank)]


def _method_of_flag(value: object) -> object:
    if isinstance(value, bool):
        return Withholding.per_payment if value else Withholding.none
    return value


OptionalWithholding = Annotated[Withholding | None, BeforeValidator(_none_if_blank)]
OptionalSource = Annotated[Source | None, BeforeValidator(_none_if_blank)]


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
    # Who pays and how it withholds; without `withholding`, the default of the source and the
    # currency (app.economics.tax.default_withholding): a CNY offer with no source is per_payment.
    source: OptionalSource = None
    withholding: OptionalWithholding = None

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
    # How payers withhold on the card's prices; an older export's true/false is read as
    # per_payment/none.
    withholding: Annotated[Withholding, BeforeValidator(_method_of_flag)] = Withholding.per_payment
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
