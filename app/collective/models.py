"""Tables of collectives (on the hub) and of imported benchmarks (on a member's instance).

Where a table and an API model share fields, a base declares them once with their checks and
columns (see app.ledger.models): `CollectiveBase` (the table and CollectiveIn) and
`ImportedBase` (the table and the Imported answer).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field as Check
from sqlalchemy import Boolean, Column, DateTime, Float, ForeignKey, Integer, String, Text
from sqlmodel import Field, SQLModel

import app.db  # noqa: F401 - sets the constraint naming convention before tables exist

Period = Literal["quarterly", "half-yearly", "yearly"]
# Above this the threshold no longer fits OpenDP's counts (i32): every privacy or release
# request would fail.
MAX_K = 1000


class CollectiveBase(SQLModel):
    name: Annotated[str, Check(min_length=1, max_length=100)] = Field(
        sa_column=Column(String(100), nullable=False)
    )
    # The collective's address, kept in lower case (service.create_collective).
    slug: Annotated[str, Check(min_length=2, max_length=39)] = Field(
        sa_column=Column(String(40), unique=True, nullable=False)
    )
    k: Annotated[int, Check(ge=3, le=MAX_K)] = 5
    # Scheduled releases (docs/COLLECTIVE-PRIVACY.md): one per period, on or after its day.
    period: Period = Field(
        default="quarterly",
        sa_column=Column(String(20), nullable=False, server_default="quarterly"),
    )
    # The day of the period's first month (1–28) from which its release may be made.
    release_day: Annotated[int, Check(ge=1, le=28)] = Field(
        default=1, sa_column=Column(Integer, nullable=False, server_default="1")
    )


class Collective(CollectiveBase, table=True):
    __tablename__ = "collective"

    id: int | None = Field(default=None, primary_key=True)
    annual_budget: float = Field(
        default=9.0, sa_column=Column(Float, nullable=False, server_default="9.0")
    )  # ε per member per calendar year
    organizer_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class CollectiveMember(SQLModel, table=True):
    __tablename__ = "collective_member"

    collective_id: int = Field(
        sa_column=Column(Integer, ForeignKey("collective.id", ondelete="CASCADE"), primary_key=True)
    )
    user_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
        )
    )
    # Only confirmed members count as contributors (a flood of accounts unlocks nothing).
    confirmed: bool = False
    joined_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class CollectiveInvite(SQLModel, table=True):
    __tablename__ = "collective_invite"

    id: int | None = Field(default=None, primary_key=True)
    collective_id: int = Field(foreign_key="collective.id", index=True, ondelete="CASCADE")
    code: str = Field(sa_column=Column(String(40), unique=True, nullable=False))
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    used_by: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")


class Contribution(SQLModel, table=True):
    """A member's latest package; a new upload replaces it."""

    __tablename__ = "contribution"

    collective_id: int = Field(
        sa_column=Column(Integer, ForeignKey("collective.id", ondelete="CASCADE"), primary_key=True)
    )
    user_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
        )
    )
    package: str = Field(sa_column=Column(Text, nullable=False))
    uploaded_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class Release(SQLModel, table=True):
    """A numbered, dated, immutable release of aggregates."""

    __tablename__ = "collective_release"

    collective_id: int = Field(
        sa_column=Column(Integer, ForeignKey("collective.id", ondelete="CASCADE"), primary_key=True)
    )
    number: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    made_on: date
    k: int
    body: str = Field(sa_column=Column(Text, nullable=False))  # cells and report cards
    # The privacy cost per member. Releases made before noise (schema 1) have noise=False and
    # are labelled "made without noise"; the organizer may withdraw them.
    noise: bool = Field(default=True, sa_column=Column(Boolean, nullable=False, server_default="0"))
    epsilon: float = Field(default=0.0, sa_column=Column(Float, nullable=False, server_default="0"))
    delta: float = Field(default=0.0, sa_column=Column(Float, nullable=False, server_default="0"))
    period: str = Field(default="", sa_column=Column(String(10), nullable=False, server_default=""))
    withdrawn: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default="0")
    )


class ImportedBase(SQLModel):
    collective: str = Field(sa_column=Column(String(100), nullable=False))
    number: int
    made_on: date


class ImportedBenchmark(ImportedBase, table=True):
    """A release brought home to a member's own instance."""

    __tablename__ = "imported_benchmark"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    body: str = Field(sa_column=Column(Text, nullable=False))
    # A release made before noise (schema 1): flagged wherever it is used.
    without_noise: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default="0")
    )
    imported_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
