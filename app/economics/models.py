"""Stored per-deal sums (ECONOMICS.md figures that do not depend on the clock).

Kept up to date by the ledger services on every write, so the dashboard adds them up in SQL
instead of recomputing every deal on every request.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Column, ForeignKey, Integer, String
from sqlmodel import Field, SQLModel

import app.db  # noqa: F401 - sets the constraint naming convention before tables exist


class DealFiguresRow(SQLModel, table=True):
    __tablename__ = "deal_figures"

    deal_id: int = Field(sa_column=Column(Integer, ForeignKey("deal.id", ondelete="CASCADE"),
                                          primary_key=True))
    user_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    currency: str = Field(sa_column=Column(String(3), nullable=False))
    minutes_total: int = 0
    minutes_unpaid: int = 0
    revision_rounds: int = 0
    extra_revision_rounds: int = 0
    gross_received: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    fees: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    tax_withheld: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    expenses: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    in_kind_value: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    net_income: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    outstanding: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    paid_in_full_on: date | None = None
    days_to_payment: int | None = None
