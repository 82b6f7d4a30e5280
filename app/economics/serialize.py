"""ECONOMICS.md figures as JSON: money and rates as two-place strings, hours as numbers."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from decimal import Decimal
from typing import Any

from app.economics.calc import DealEconomics, Totals
from app.economics.service import Breakdown, Summary
from app.money import to_decimal_string

MONEY = {
    "gross_received",
    "fees",
    "tax_withheld",
    "net_received",
    "expenses",
    "in_kind_value",
    "net_income",
    "unpaid_value",
    "outstanding",
    "agreed_fee",
}
RATES = {
    "effective_hourly",
    "effective_hourly_with_in_kind",
    "nominal_hourly",
    "hidden_labor_share",
}
HOURS = {"hours_total", "hours_unpaid", "hours_paid"}


def figure_value(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name in MONEY:
        return to_decimal_string(value)
    if name in RATES:
        return f"{value:.2f}"
    if name in HOURS:
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value


def deal_economics_json(e: DealEconomics) -> dict[str, Any]:
    out = {f.name: figure_value(f.name, getattr(e, f.name)) for f in fields(e)}
    out.pop("agreed_fee", None)
    return out


TOTAL_FIELDS = (
    "deals",
    "deals_without_hours",
    "hours_total",
    "hours_unpaid",
    "gross_received",
    "fees",
    "tax_withheld",
    "net_received",
    "expenses",
    "in_kind_value",
    "net_income",
    "effective_hourly",
    "effective_hourly_with_in_kind",
    "hidden_labor_share",
    "outstanding",
    "overdue_count",
    "unpaid_value",
)


def totals_json(t: Totals) -> dict[str, Any]:
    return {
        "currency": t.currency,
        **{name: figure_value(name, getattr(t, name)) for name in TOTAL_FIELDS},
    }


def _breakdown_json(b: Breakdown) -> dict[str, Any]:
    data = totals_json(b.totals)
    return {"key": b.key, "label": b.label, **data}


def summary_json(summary: Summary) -> dict[str, Any]:
    currencies = []
    for currency, totals in sorted(summary.totals.items()):
        entry = totals_json(totals)
        for name in ("by_brand", "by_agency", "by_deliverable_kind", "by_source", "by_month"):
            entry[name] = [
                _breakdown_json(b) for b in getattr(summary, name) if b.totals.currency == currency
            ]
        currencies.append(entry)
    return {
        "from": summary.start.isoformat() if summary.start else None,
        "to": summary.end.isoformat() if summary.end else None,
        "currencies": currencies,
    }
