"""The creator's rate-card settings (one per account)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String
from sqlmodel import Field, SQLModel

import app.db  # noqa: F401 - sets the constraint naming convention before tables exist


class RateCard(SQLModel, table=True):
    __tablename__ = "rate_card"

    user_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
        )
    )
    platform_fee_pct: int = 0
    agency_cut_pct: int = 0
    usage_rights_pct: int = 30
    paid_boost_pct: int = 30
    exclusivity_pct: int = 20
    # How payers withhold on the card's prices (app.economics.tax.METHODS).
    withholding: str = Field(
        default="per_payment",
        sa_column=Column(String(32), nullable=False, server_default="per_payment"),
    )
    # The public card shows niche, platform and hours only where the creator ticks them: they
    # point an attacker at her cells in a collective (docs/COLLECTIVE-PRIVACY.md).
    show_niche: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default="0")
    )
    show_platform: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default="0")
    )
    show_hours: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default="0")
    )
    # Read-only share link (None: not shared); a new one revokes the old.
    share_token: str | None = Field(
        default=None, sa_column=Column(String(64), unique=True, nullable=True)
    )
