"""Tables of the ledger, and the fields each shares with its API models.

One family per entity (the full-stack FastAPI template's ItemBase): `DealBase` declares the
fields that read the same in and out once, with their checks and their column; the table
`Deal(DealBase, table=True)` adds the keys, the money and what only the server writes, and
the API models of app.ledger.schemas (DealIn, DealPublic, ...) inherit the same base. A new
field goes in the base (and a migration); only money, which is a decimal string in the API
and integer minor units (fen) in the table, and fields that read differently in and out are
declared per class. Enum fields are String(32) columns, given explicitly: SQLModel would
otherwise make a database enum type. A table does not validate on construction (SQLModel),
so the checks of a base run in the API models only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator
from pydantic import Field as Check
from pydantic_core import PydanticCustomError
from sqlalchemy import BigInteger, Boolean, Column, DateTime, Index, Integer, String, Text, false
from sqlmodel import Field, SQLModel

import app.db  # noqa: F401 - sets the constraint naming convention before tables exist
from app.ledger.enums import (
    Activity,
    AgencyKind,
    Compensation,
    DeliverableKind,
    Disclosure,
    ExpenseCategory,
    Locale,
    Niche,
    PaymentMethod,
    Platform,
    Source,
    Status,
    Withholding,
)
from app.validation import (
    BriefText,
    Currency,
    DateIn,
    Days,
    LongText,
    OptionalDate,
    OptionalInt,
    RequiredText,
    ShortText,
    TimeZone,
    none_if_blank,
)


def _money(nullable: bool = False) -> Column[int]:
    return Column(BigInteger, nullable=nullable)


def _enum(default: str | None = None, nullable: bool = False) -> Column[str]:
    return Column(String(32), nullable=nullable, default=default)


def _text() -> Column[str]:
    return Column(Text, nullable=False)


# --- field types with their checks (run by the API models; see the module's docstring) ------
OptionalNiche = Annotated[Niche | None, BeforeValidator(none_if_blank)]
OptionalWithholding = Annotated[Withholding | None, BeforeValidator(none_if_blank)]
Minutes = Annotated[int, Check(ge=1, le=1440)]
Followers = Annotated[
    Annotated[int, Check(ge=0, le=2_000_000_000)] | None, BeforeValidator(none_if_blank)
]
Percent = Annotated[Annotated[int, Check(ge=0, le=100)] | None, BeforeValidator(none_if_blank)]
Round = Annotated[Annotated[int, Check(ge=1, le=50)] | None, BeforeValidator(none_if_blank)]


def _web_address(value: str) -> str:
    # Only web links: a javascript: or data: address would run or show content on a click.
    if value and not value.lower().startswith(("http://", "https://")):
        raise PydanticCustomError("url_scheme", "Use a web address starting with https://")
    return value


Url = Annotated[
    str,
    BeforeValidator(lambda v: v.strip() if isinstance(v, str) else v),
    Check(max_length=500),
    AfterValidator(_web_address),
]


# --- keys ----------------------------------------------------------------------------------
# Where a request's session keeps the signed-in account's profile row, once loaded with her
# browser session (app.accounts.service.signed_in): get_profile reads it from there instead of
# asking the database again (Session.info, keyed by user id).
PROFILE_STASH = "koc_profiles"


class Owned(SQLModel):
    """A row of one account's ledger: its id and its owner (deleted with the account)."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")


class DealPart(Owned):
    """A record kept against a deal (deleted with it)."""

    deal_id: int = Field(foreign_key="deal.id", index=True, ondelete="CASCADE")


# --- profile -------------------------------------------------------------------------------
class ProfileBase(SQLModel):
    display_name: ShortText = Field(default="", sa_column=Column(String(200), nullable=False))
    platform: Platform = Field(default=Platform.xiaohongshu, sa_column=_enum())
    follower_count: Followers = None
    niche: OptionalNiche = Field(default=None, sa_column=_enum(nullable=True))
    currency: Currency = Field(default="CNY", sa_column=Column(String(3), nullable=False))
    timezone: TimeZone = Field(
        default="Asia/Shanghai", sa_column=Column(String(64), nullable=False)
    )
    locale: Locale = Field(default=Locale.zh_CN, sa_column=Column(String(8), nullable=False))


class Profile(ProfileBase, table=True):
    __tablename__ = "profile"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", unique=True, ondelete="CASCADE")
    target_hourly: int | None = Field(default=None, sa_column=_money(nullable=True))
    annual_salary: int = Field(default=0, sa_column=_money())
    annual_deductions: int = Field(default=0, sa_column=_money())
    salary_tax_prepaid: int = Field(default=0, sa_column=_money())
    # VAT charged when the tax office issues an invoice for private work (代开发票), in basis
    # points (100 = 1 %); docs/TAX.md gives its source. The API reads and writes a percent.
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


# --- brands and agencies -------------------------------------------------------------------
class BrandBase(SQLModel):
    name: RequiredText = Field(sa_column=Column(String(200), nullable=False))
    category: ShortText = Field(default="", sa_column=Column(String(200), nullable=False))
    contact: ShortText = Field(default="", sa_column=Column(String(200), nullable=False))
    notes: LongText = Field(default="", sa_column=_text())


class Brand(BrandBase, Owned, table=True):
    __tablename__ = "brand"


class AgencyBase(SQLModel):
    name: RequiredText = Field(sa_column=Column(String(200), nullable=False))
    kind: AgencyKind = Field(default=AgencyKind.agency, sa_column=_enum())
    typical_cut_pct: Percent = None
    notes: LongText = Field(default="", sa_column=_text())


class Agency(AgencyBase, Owned, table=True):
    __tablename__ = "agency"


# --- deals ---------------------------------------------------------------------------------
class DealBase(SQLModel):
    """A deal's fields that read as they are written: each is declared once, here."""

    title: RequiredText = Field(sa_column=Column(String(200), nullable=False))
    agency_id: OptionalInt = Field(
        default=None, foreign_key="agency.id", index=True, ondelete="SET NULL"
    )
    platform: Platform = Field(default=Platform.xiaohongshu, sa_column=_enum())
    source: Source = Field(default=Source.other, sa_column=_enum())
    disclosure: Disclosure = Field(default=Disclosure.unknown, sa_column=_enum())
    status: Status = Field(default=Status.lead, sa_column=_enum())
    compensation: Compensation = Field(default=Compensation.cash, sa_column=_enum())
    included_revision_rounds: Annotated[int, Check(ge=0, le=50)] = 1
    follower_count: Followers = None
    niche: OptionalNiche = Field(default=None, sa_column=_enum(nullable=True))
    brief_received_on: OptionalDate = None
    due_on: OptionalDate = None
    delivered_on: OptionalDate = None
    payment_due_on: OptionalDate = None
    protection_days: Days = None
    usage_rights_days: Days = None
    exclusivity_days: Days = None
    paid_boost_allowed: bool = False
    # How the payer withholds income tax (app.economics.tax.METHODS). In the API, None asks
    # for the default of the source and the currency (app.economics.tax.default_withholding);
    # the table stores the method itself (Deal redeclares it).
    withholding: OptionalWithholding = None
    # Private work invoiced through the tax office (代开发票): VAT is paid on it.
    vat_invoiced: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=false())
    )
    notes: LongText = Field(default="", sa_column=_text())
    # The brand's message as pasted: the record of what was offered (issue 13).
    brief_text: BriefText = Field(
        default="", sa_column=Column(Text, nullable=False, server_default="")
    )


class Deal(DealBase, Owned, table=True):
    __tablename__ = "deal"
    __table_args__ = (
        Index("ix_deal_user_id_created_at", "user_id", "created_at"),
        # Home: who owes you (by payment date) and what is due soon (open deals by due date).
        Index("ix_deal_user_id_payment_due_on", "user_id", "payment_due_on"),
        Index("ix_deal_user_id_status_due_on", "user_id", "status", "due_on"),
        # Home: the running timers (a few, or none) without reading every deal.
        Index("ix_deal_user_id_timer_started_at", "user_id", "timer_started_at"),
    )

    brand_id: int = Field(foreign_key="brand.id", index=True, ondelete="RESTRICT")
    # Stored as the method (never None): create_deal fills in the default.
    withholding: Withholding = Field(default=Withholding.per_payment, sa_column=_enum())
    currency: str = Field(default="CNY", sa_column=Column(String(3), nullable=False))
    quoted_fee: int | None = Field(default=None, sa_column=_money(nullable=True))
    agreed_fee: int | None = Field(default=None, sa_column=_money(nullable=True))
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    # A running timer: its start is kept on the server so it survives reloads.
    timer_started_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    timer_activity: str | None = Field(default=None, sa_column=_enum(nullable=True))


# --- the parts of a deal -------------------------------------------------------------------
class DeliverableBase(SQLModel):
    kind: DeliverableKind = Field(sa_column=_enum())
    quantity: Annotated[int, Check(ge=1, le=1000)] = 1
    due_on: OptionalDate = None
    posted_on: OptionalDate = None
    url: Url = Field(default="", sa_column=Column(String(500), nullable=False))


class Deliverable(DeliverableBase, DealPart, table=True):
    __tablename__ = "deliverable"
    # Covering the own history's read of the newest deals' kinds and units (index only, no
    # table rows: economics.fees_per_unit, negotiation.history_of).
    __table_args__ = (Index("ix_deliverable_deal_id_kind_quantity", "deal_id", "kind", "quantity"),)


class WorkBase(SQLModel):
    activity: Activity = Field(sa_column=_enum())
    minutes: Minutes
    worked_on: DateIn
    revision_round: Round = None
    unpaid: bool = False
    note: LongText = Field(default="", sa_column=_text())


class WorkEntry(WorkBase, DealPart, table=True):
    __tablename__ = "work_entry"
    # Covering the rate card's read of revision rounds of the newest deals (index only).
    __table_args__ = (
        Index("ix_work_entry_deal_id_activity", "deal_id", "activity", "revision_round", "minutes"),
        # The deal page's newest entries, read by index with a limit.
        Index("ix_work_entry_deal_id_worked_on", "deal_id", "worked_on", "id"),
    )


class PaymentBase(SQLModel):
    received_on: DateIn
    method: PaymentMethod = Field(default=PaymentMethod.bank, sa_column=_enum())
    note: LongText = Field(default="", sa_column=_text())


class Payment(PaymentBase, DealPart, table=True):
    __tablename__ = "payment"
    # The tax page sums and lists a year's payments; the deal page shows a deal's newest.
    __table_args__ = (
        Index("ix_payment_user_id_received_on", "user_id", "received_on"),
        Index("ix_payment_deal_id_received_on", "deal_id", "received_on", "id"),
    )

    gross: int = Field(sa_column=_money())
    platform_fee: int = Field(default=0, sa_column=_money())
    agency_fee: int = Field(default=0, sa_column=_money())
    tax_withheld: int = Field(default=0, sa_column=_money())
    # A payment in another currency: what arrived in CNY, when the creator entered it.
    amount_cny: int | None = Field(default=None, sa_column=_money(nullable=True))


class ExpenseBase(SQLModel):
    category: ExpenseCategory = Field(default=ExpenseCategory.other, sa_column=_enum())
    spent_on: DateIn
    note: LongText = Field(default="", sa_column=_text())


class Expense(ExpenseBase, DealPart, table=True):
    __tablename__ = "expense"
    # The deal page's newest expenses, read by index with a limit.
    __table_args__ = (Index("ix_expense_deal_id_spent_on", "deal_id", "spent_on", "id"),)

    amount: int = Field(sa_column=_money())


class InKindBase(SQLModel):
    item: RequiredText = Field(sa_column=Column(String(200), nullable=False))
    kept: bool = True


class InKindItem(InKindBase, DealPart, table=True):
    __tablename__ = "in_kind_item"

    value: int = Field(default=0, sa_column=_money())
