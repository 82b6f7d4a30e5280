"""The creator's rate-card settings (one per account), and the fields they share with the API.

`RateCardBase` declares each setting once, with its check and its column; the table and
app.negotiation.schemas.RateCardIn inherit it (see app.ledger.models for the pattern).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator
from pydantic import Field as Check
from sqlalchemy import Boolean, Column, ForeignKey, Integer, String
from sqlmodel import Field, SQLModel

import app.db  # noqa: F401 - sets the constraint naming convention before tables exist
from app.ledger.enums import Withholding


def _method_of_flag(value: object) -> object:
    # An older export's true/false is read as per_payment/none.
    if isinstance(value, bool):
        return Withholding.per_payment if value else Withholding.none
    return value


def _flag() -> Column[bool]:
    return Column(Boolean, nullable=False, server_default="0")


class RateCardBase(SQLModel):
    platform_fee_pct: Annotated[int, Check(ge=0, le=90)] = 0
    agency_cut_pct: Annotated[int, Check(ge=0, le=90)] = 0
    usage_rights_pct: Annotated[int, Check(ge=0, le=500)] = 30
    paid_boost_pct: Annotated[int, Check(ge=0, le=500)] = 30
    exclusivity_pct: Annotated[int, Check(ge=0, le=500)] = 20
    # How payers withhold on the card's prices (app.economics.tax.METHODS).
    withholding: Annotated[Withholding, BeforeValidator(_method_of_flag)] = Field(
        default=Withholding.per_payment,
        sa_column=Column(String(32), nullable=False, server_default="per_payment"),
    )
    # The public card shows niche, platform and hours only where the creator ticks them: they
    # point an attacker at her cells in a collective (docs/COLLECTIVE-PRIVACY.md).
    show_niche: bool = Field(default=False, sa_column=_flag())
    show_platform: bool = Field(default=False, sa_column=_flag())
    show_hours: bool = Field(default=False, sa_column=_flag())


class RateCard(RateCardBase, table=True):
    __tablename__ = "rate_card"

    user_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
        )
    )
    # Read-only share link (None: not shared); a new one revokes the old.
    share_token: str | None = Field(
        default=None, sa_column=Column(String(64), unique=True, nullable=True)
    )
