"""The economics API's responses, so /api/v1/openapi.json describes each of them.

Money and rates are two-place decimal strings, hours are numbers (serialize.py makes them);
FastAPI validates every response against these models, so the two cannot drift apart.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

Money = str  # "1234.50": minor units written with two places
Rate = str  # "86.25": per hour, or a share such as "0.35"


class FiguresPublic(BaseModel):
    """What one deal and a sum of deals both report (ECONOMICS.md's shared names)."""

    currency: str
    hours_total: float
    hours_unpaid: float
    gross_received: Money
    fees: Money
    tax_withheld: Money
    net_received: Money
    expenses: Money
    in_kind_value: Money
    net_income: Money
    effective_hourly: Rate | None
    effective_hourly_with_in_kind: Rate | None
    hidden_labor_share: Rate | None
    unpaid_value: Money | None
    outstanding: Money


class DealEconomicsPublic(FiguresPublic):
    minutes_total: int
    minutes_unpaid: int
    hours_paid: float
    revision_rounds: int
    extra_revision_rounds: int
    nominal_hourly: Rate | None
    overdue: bool
    days_overdue: int | None
    paid_in_full_on: date | None
    days_to_payment: int | None


class TotalsPublic(FiguresPublic):
    deals: int
    deals_without_hours: int
    overdue_count: int


class BreakdownPublic(TotalsPublic):
    key: str
    label: str


class CurrencySummaryPublic(TotalsPublic):
    by_brand: list[BreakdownPublic]
    by_agency: list[BreakdownPublic]
    by_deliverable_kind: list[BreakdownPublic]
    by_source: list[BreakdownPublic]
    by_month: list[BreakdownPublic]


class SummaryPublic(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    from_: date | None = Field(alias="from")
    to: date | None
    currencies: list[CurrencySummaryPublic]


class TaxPaymentPublic(BaseModel):
    payment_id: int
    deal_id: int
    received_on: date
    gross: Money
    tax_withheld: Money
    estimated_withholding: Money
    set_aside: Money


class TaxEstimatePublic(BaseModel):
    year: int
    estimate: bool
    currency: str
    payments: list[TaxPaymentPublic]
    labor_gross: Money
    labor_tax_withheld: Money
    counted_income: Money
    taxable_income: Money
    annual_tax: Money
    prepaid: Money
    refund: Money
