"""Tables of the ledger. Money columns are integer minor units (fen); enums are strings."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Column, DateTime, Index, Integer, String, Text, false
from sqlmodel import Field, SQLModel

import app.db  # noqa: F401 - sets the constraint naming convention before tables exist


def _money(nullable: bool = False) -> Column[int]:
    return Column(BigInteger, nullable=nullable)


def _enum(default: str | None = None, nullable: bool = False) -> Column[str]:
    return Column(String(32), nullable=nullable, default=default)


class Profile(SQLModel, table=True):
    __tablename__ = "profile"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", unique=True, ondelete="CASCADE")
    display_name: str = Field(default="", sa_column=Column(String(100), nullable=False))
    platform: str = Field(default="xiaohongshu", sa_column=_enum())
    follower_count: int | None = None
    niche: str | None = Field(default=None, sa_column=_enum(nullable=True))
    currency: str = Field(default="CNY", sa_column=Column(String(3), nullable=False))
    timezone: str = Field(default="Asia/Shanghai", sa_column=Column(String(64), nullable=False))
    target_hourly: int | None = Field(default=None, sa_column=_money(nullable=True))
    annual_salary: int = Field(default=0, sa_column=_money())
    annual_deductions: int = Field(default=0, sa_column=_money())
    salary_tax_prepaid: int = Field(default=0, sa_column=_money())
    locale: str = Field(default="zh-CN", sa_column=Column(String(8), nullable=False))
    # VAT charged when the tax office issues an invoice for private work (代开发票), in basis
    # points (100 = 1 %); docs/TAX.md gives its source.
    invoice_vat_bp: int = Field(
        default=100, sa_column=Column(Integer, nullable=False, server_default="100")
    )
    # Bumped by every change to the ledger: cached views of it are keyed on this.
    ledger_version: int = Field(
        default=0, sa_column=Column(Integer, nullable=False, server_default="0")
    )
    # Bumped when the set of deals owing money changes (a deal starts or stops owing, or an
    # owing deal's payment date or breakdown keys change): the overdue counts are keyed on it,
    # so a work entry does not recount them.
    owing_version: int = Field(
        default=0, sa_column=Column(Integer, nullable=False, server_default="0")
    )
    # SHA-256 of the private calendar feed's secret (None: no feed); the secret itself is
    # shown once when made, like an API token. Revoked by making a new one.
    calendar_token_hash: str | None = Field(
        default=None, sa_column=Column(String(64), unique=True, nullable=True)
    )


class Brand(SQLModel, table=True):
    __tablename__ = "brand"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    name: str = Field(sa_column=Column(String(200), nullable=False))
    category: str = Field(default="", sa_column=Column(String(100), nullable=False))
    contact: str = Field(default="", sa_column=Column(String(200), nullable=False))
    notes: str = Field(default="", sa_column=Column(Text, nullable=False))


class Agency(SQLModel, table=True):
    __tablename__ = "agency"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    name: str = Field(sa_column=Column(String(200), nullable=False))
    kind: str = Field(default="agency", sa_column=_enum())
    typical_cut_pct: int | None = None
    notes: str = Field(default="", sa_column=Column(Text, nullable=False))


class Deal(SQLModel, table=True):
    __tablename__ = "deal"
    __table_args__ = (
        Index("ix_deal_user_id_created_at", "user_id", "created_at"),
        # Home: who owes you (by payment date) and what is due soon (open deals by due date).
        Index("ix_deal_user_id_payment_due_on", "user_id", "payment_due_on"),
        Index("ix_deal_user_id_status_due_on", "user_id", "status", "due_on"),
        # Home: the running timers (a few, or none) without reading every deal.
        Index("ix_deal_user_id_timer_started_at", "user_id", "timer_started_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    title: str = Field(sa_column=Column(String(200), nullable=False))
    brand_id: int = Field(foreign_key="brand.id", index=True, ondelete="RESTRICT")
    agency_id: int | None = Field(
        default=None, foreign_key="agency.id", index=True, ondelete="SET NULL"
    )
    platform: str = Field(default="xiaohongshu", sa_column=_enum())
    source: str = Field(default="other", sa_column=_enum())
    disclosure: str = Field(default="unknown", sa_column=_enum())
    status: str = Field(default="lead", sa_column=_enum())
    compensation: str = Field(default="cash", sa_column=_enum())
    currency: str = Field(default="CNY", sa_column=Column(String(3), nullable=False))
    quoted_fee: int | None = Field(default=None, sa_column=_money(nullable=True))
    agreed_fee: int | None = Field(default=None, sa_column=_money(nullable=True))
    included_revision_rounds: int = 1
    follower_count: int | None = None
    niche: str | None = Field(default=None, sa_column=_enum(nullable=True))
    brief_received_on: date | None = None
    due_on: date | None = None
    delivered_on: date | None = None
    payment_due_on: date | None = None
    protection_days: int | None = None
    usage_rights_days: int | None = None
    exclusivity_days: int | None = None
    paid_boost_allowed: bool = False
    # How the payer withholds income tax (app.economics.tax.METHODS); default from the source
    # and the currency (app.economics.tax.default_withholding).
    withholding: str = Field(default="per_payment", sa_column=_enum())
    # Private work invoiced through the tax office (代开发票): VAT is paid on it.
    vat_invoiced: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=false())
    )
    notes: str = Field(default="", sa_column=Column(Text, nullable=False))
    # The brand's message as pasted: the record of what was offered (issue 13).
    brief_text: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    # A running timer: its start is kept on the server so it survives reloads.
    timer_started_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    timer_activity: str | None = Field(default=None, sa_column=_enum(nullable=True))


class Deliverable(SQLModel, table=True):
    __tablename__ = "deliverable"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    deal_id: int = Field(foreign_key="deal.id", index=True, ondelete="CASCADE")
    kind: str = Field(sa_column=_enum())
    quantity: int = 1
    due_on: date | None = None
    posted_on: date | None = None
    url: str = Field(default="", sa_column=Column(String(500), nullable=False))


class WorkEntry(SQLModel, table=True):
    __tablename__ = "work_entry"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    deal_id: int = Field(foreign_key="deal.id", index=True, ondelete="CASCADE")
    activity: str = Field(sa_column=_enum())
    minutes: int
    worked_on: date
    revision_round: int | None = None
    unpaid: bool = False
    note: str = Field(default="", sa_column=Column(Text, nullable=False))


class Payment(SQLModel, table=True):
    __tablename__ = "payment"
    # The tax page sums and lists a year's payments.
    __table_args__ = (Index("ix_payment_user_id_received_on", "user_id", "received_on"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    deal_id: int = Field(foreign_key="deal.id", index=True, ondelete="CASCADE")
    gross: int = Field(sa_column=_money())
    platform_fee: int = Field(default=0, sa_column=_money())
    agency_fee: int = Field(default=0, sa_column=_money())
    tax_withheld: int = Field(default=0, sa_column=_money())
    # A payment in another currency: what arrived in CNY, when the creator entered it.
    amount_cny: int | None = Field(default=None, sa_column=_money(nullable=True))
    received_on: date
    method: str = Field(default="bank", sa_column=_enum())
    note: str = Field(default="", sa_column=Column(Text, nullable=False))


class Expense(SQLModel, table=True):
    __tablename__ = "expense"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    deal_id: int = Field(foreign_key="deal.id", index=True, ondelete="CASCADE")
    amount: int = Field(sa_column=_money())
    category: str = Field(default="other", sa_column=_enum())
    spent_on: date
    note: str = Field(default="", sa_column=Column(Text, nullable=False))


class InKindItem(SQLModel, table=True):
    __tablename__ = "in_kind_item"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    deal_id: int = Field(foreign_key="deal.id", index=True, ondelete="CASCADE")
    item: str = Field(sa_column=Column(String(200), nullable=False))
    value: int = Field(default=0, sa_column=_money())
    kept: bool = True
