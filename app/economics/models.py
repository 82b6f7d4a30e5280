"""Stored per-deal sums (ECONOMICS.md figures that do not depend on the clock).

Kept up to date by the ledger services on every write, so the dashboard adds them up in SQL
instead of recomputing every deal on every request.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    false,
)
from sqlmodel import Field, SQLModel

import app.db  # noqa: F401 - sets the constraint naming convention before tables exist


class DealFiguresRow(SQLModel, table=True):
    __tablename__ = "deal_figures"
    # The few deals with money outstanding are found without reading the rest.
    __table_args__ = (
        Index("ix_deal_figures_user_id_outstanding", "user_id", "outstanding"),
        # The newest deals of a currency (own percentiles, offer check, rate card), read from
        # this table alone; the own percentiles' columns after the key, so they read only the
        # index (alembic 0027).
        Index(
            "ix_deal_figures_history",
            "user_id",
            "currency",
            "deal_id",
            "filed_on",
            "minutes_total",
            "net_income",
            "priced",
            "unit_kind",
            "unit_fee",
        ),
        # The same columns led by the month, then the deal: the own percentiles of a period
        # read each of its months newest deal first and merge them by deal id, so a period's
        # read stops at its newest deals, whatever was filed after it
        # (economics.service._merged_statement, alembic 0029; 0028 had filed_on before
        # deal_id). Keyed by filed_month, which no other read filters on, so the deal-id read
        # of all time or of a long period (by filed_on) is never planned on it.
        Index(
            "ix_deal_figures_history_month",
            "user_id",
            "currency",
            "filed_month",
            "deal_id",
            "filed_on",
            "minutes_total",
            "net_income",
            "priced",
            "unit_kind",
            "unit_fee",
        ),
    )

    deal_id: int = Field(
        sa_column=Column(Integer, ForeignKey("deal.id", ondelete="CASCADE"), primary_key=True)
    )
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
    # Where the deal was counted in the rollups, so a change can take it out again.
    rollup_keys: str = Field(
        default="", sa_column=Column(String(500), nullable=False, server_default="")
    )
    # What the own percentiles read of the deal (calc.history_inputs), kept with its figures by
    # the same writes (refresh_figures, rollup.rebuild): its date, whether it has an agreed
    # fee and is not cancelled, its one kind of deliverable, units and fee per unit.
    filed_on: date | None = None
    # yyyymm of filed_on (the rollups' month of the deal), NULL without a date: the key of the
    # month-led index of the own percentiles (alembic 0028).
    filed_month: int | None = None
    priced: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=false())
    )
    unit_kind: str | None = Field(default=None, sa_column=Column(String(32), nullable=True))
    units: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))
    unit_fee: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    # The minutes of each of its revision rounds (calc.revision_minutes), comma-separated in
    # round order, NULL without revisions: the offer check's and the rate card's length of a
    # round, read from this table alone (economics.offer_history).
    revision_minutes: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class FiguresRollup(SQLModel, table=True):
    """Sums of deal figures per account, currency, month and breakdown key.

    `dimension` is "all", "brand", "agency", "source" or "kind"; `key` the brand or agency id,
    source or deliverable kind ("" for "all" and for deals without an agency). `month` is
    yyyymm of the deal's date (delivered_on, else brief_received_on), 0 when it has none.
    Maintained by deltas on every change, so a dashboard reads months × keys rows, whatever
    the size of the ledger.
    """

    __tablename__ = "figures_rollup"
    # A period's rows by index (the key starts with the currency, so a period read every
    # month of the account's rows without it).
    __table_args__ = (
        Index("ix_figures_rollup_user_id_month", "user_id", "month"),
        # The rows written since a cached period's sums were made (rollup.changed_rows).
        Index("ix_figures_rollup_user_id_stamp", "user_id", "stamp"),
    )

    user_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
        )
    )
    currency: str = Field(sa_column=Column(String(3), primary_key=True))
    month: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    dimension: str = Field(sa_column=Column(String(8), primary_key=True))
    key: str = Field(sa_column=Column(String(40), primary_key=True))
    deals: int = 0
    deals_without_hours: int = 0
    minutes_total: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    minutes_unpaid: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    rated_net_income: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    rated_in_kind_value: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    rated_minutes: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    gross_received: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    fees: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    tax_withheld: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    expenses: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    in_kind_value: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    outstanding: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    # Σ per-deal value of unpaid minutes at the profile's target when last written.
    unpaid_value: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    # How many times the row was written since the rollups were last rebuilt (every write of a
    # deal filed here, even one that moves no sum): with the account's owing version, which a
    # rebuild moves, the sum over a period's rows changes whenever anything filed in the period
    # does (rollup.period_key).
    changes: int = Field(
        default=0, sa_column=Column(BigInteger, nullable=False, server_default="0")
    )
    # The account's ledger version when the row was last written (rows of a rebuild: the
    # rebuild's). Every writer of rollup rows has moved the version first, holding the profile
    # row to its commit, so versions are committed in order: the rows written after a reader
    # saw a row stamped S are exactly those stamped above S, read by index, and a cached
    # period's sums move by just those rows (app.economics.service.cached_summary). A rebuild,
    # which also deletes rows, moves the owing version, which those sums are kept under.
    stamp: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, server_default="0"))


def _sum_column() -> Column[int]:
    return Column(BigInteger, nullable=False, server_default="0")


class TaxDealYear(SQLModel, table=True):
    """What one deal was paid in one calendar year (its payments by `received_on`), with the
    deal's net income and minutes when last written: the inputs of the year's tax figures
    (ECONOMICS.md, tax; docs/TAX.md A1 and R1) that come from that deal.

    One row per deal and year with payments, kept in the same transaction as every write to
    the deal (refresh_figures) and rebuilt with the rollups. `base` is Σ (gross − platform fee
    − agency cut, at least 0) in the deal's currency; `amount_cny` Σ the entered CNY values of
    a foreign deal's payments, `unconverted` how many have none.
    """

    __tablename__ = "tax_deal_year"
    __table_args__ = (Index("ix_tax_deal_year_user_id_year", "user_id", "year"),)

    deal_id: int = Field(
        sa_column=Column(Integer, ForeignKey("deal.id", ondelete="CASCADE"), primary_key=True)
    )
    year: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    user_id: int = Field(
        sa_column=Column(Integer, ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False)
    )
    currency: str = Field(sa_column=Column(String(3), nullable=False))
    payments: int = Field(default=0, sa_column=_sum_column())
    base: int = Field(default=0, sa_column=_sum_column())
    tax_withheld: int = Field(default=0, sa_column=_sum_column())
    amount_cny: int = Field(default=0, sa_column=_sum_column())
    unconverted: int = Field(default=0, sa_column=_sum_column())
    net_income: int = Field(default=0, sa_column=_sum_column())
    minutes_total: int = Field(default=0, sa_column=_sum_column())
    # From each payment's expected withholding (tax_payment), CNY deals only: Σ what the payer
    # should have withheld and did not, how many payments were under-withheld, Σ VAT of an
    # invoiced deal at the profile's rate, and how many payments the deal's "foreign" method
    # covers.
    set_aside: int = Field(default=0, sa_column=_sum_column())
    underwithheld: int = Field(default=0, sa_column=_sum_column())
    vat: int = Field(default=0, sa_column=_sum_column())
    foreign_method: int = Field(default=0, sa_column=_sum_column())


class TaxPayment(SQLModel, table=True):
    """What the payer of one payment of a CNY deal should withhold (ECONOMICS.md, tax;
    tax.expected_withholdings), with the inputs it was worked out from.

    It depends on the earlier payments of the same 次 (per_payment: the deal's own month) or,
    for platform-cumulative deals, of the same platform and year, so a write to a deal works
    out again its own payments and its platform-years (app.economics.tax_rollup.refile), under
    the account's lock. `platform` is the deal's platform when its method is cumulative, else
    "". No foreign keys to the payment or the deal: another writer of the account may hold
    their rows while this one, holding the account's lock, updates the rows of a whole
    platform-year; a deleted payment's row goes when its deal is filed again.
    """

    __tablename__ = "tax_payment"
    __table_args__ = (
        Index("ix_tax_payment_deal_id", "deal_id"),
        Index("ix_tax_payment_user_id_platform_year", "user_id", "platform", "year"),
    )

    payment_id: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    user_id: int = Field(
        sa_column=Column(Integer, ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False)
    )
    deal_id: int = Field(sa_column=Column(Integer, nullable=False))
    year: int = Field(sa_column=Column(Integer, nullable=False))
    received_on: date = Field(sa_column=Column(Date, nullable=False))
    base: int = Field(default=0, sa_column=_sum_column())
    method: str = Field(sa_column=Column(String(32), nullable=False))
    platform: str = Field(
        default="", sa_column=Column(String(32), nullable=False, server_default="")
    )
    expected: int = Field(default=0, sa_column=_sum_column())


class TaxYear(SQLModel, table=True):
    """The year's sums of tax_deal_year per account, maintained by deltas like the rollups:
    the dashboard's tax figures read one row, whatever the size of the ledger.

    CNY deals (those whose payments the PRC withholding rules see): `deals` paid this year,
    their `payments`, Σ `base`, Σ `tax_withheld`, Σ `net_income`, and the same over the deals
    with hours (`timed_*`). Foreign deals: their payments, Σ entered CNY amounts and how many
    payments have none.
    """

    __tablename__ = "tax_year"

    user_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
        )
    )
    year: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    deals: int = Field(default=0, sa_column=_sum_column())
    payments: int = Field(default=0, sa_column=_sum_column())
    base: int = Field(default=0, sa_column=_sum_column())
    tax_withheld: int = Field(default=0, sa_column=_sum_column())
    net_income: int = Field(default=0, sa_column=_sum_column())
    timed_deals: int = Field(default=0, sa_column=_sum_column())
    timed_base: int = Field(default=0, sa_column=_sum_column())
    timed_net_income: int = Field(default=0, sa_column=_sum_column())
    timed_minutes: int = Field(default=0, sa_column=_sum_column())
    foreign_payments: int = Field(default=0, sa_column=_sum_column())
    foreign_cny: int = Field(default=0, sa_column=_sum_column())
    foreign_unconverted: int = Field(default=0, sa_column=_sum_column())
    set_aside: int = Field(default=0, sa_column=_sum_column())
    underwithheld: int = Field(default=0, sa_column=_sum_column())
    vat: int = Field(default=0, sa_column=_sum_column())
    foreign_method: int = Field(default=0, sa_column=_sum_column())
