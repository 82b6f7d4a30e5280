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
    # Invoiced private work (代开发票) only; null otherwise.
    vat_on_invoice: Money | None
    net_income_after_vat: Money | None


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
    # What the payer withholds on: gross − platform fee − agency cut.
    base: Money
    withholding: str
    tax_withheld: Money
    expected_withholding: Money
    # The older name of expected_withholding, kept for API clients written before it.
    estimated_withholding: Money
    set_aside: Money


class ForeignPaymentPublic(BaseModel):
    payment_id: int
    deal_id: int
    received_on: date
    currency: str
    base: Money
    base_cny: Money | None
    cny_from: str | None
    expected_withholding: Money


class FilingReasonPublic(BaseModel):
    code: str
    message: str


class EffectiveHourlyPublic(BaseModel):
    cash: str | None
    after_reconciliation: str | None
    estimate: bool


class TaxEstimatePublic(BaseModel):
    year: int
    estimate: bool
    currency: str
    payments: list[TaxPaymentPublic]
    foreign_payments: list[ForeignPaymentPublic]
    labor_gross: Money
    labor_base: Money
    labor_tax_withheld: Money
    income: Money
    counted_income: Money
    taxable_income: Money
    annual_tax: Money
    prepaid: Money
    refund: Money
    filing_required: bool
    filing_reasons: list[FilingReasonPublic]
    vat_on_invoices: Money
    effective_hourly: EffectiveHourlyPublic
    net_income_after_reconciliation: Money
