"""ECONOMICS.md figures as JSON: money and rates as two-place strings, hours as numbers."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from app.economics.calc import DealEconomics, Totals
from app.economics.service import Breakdown, Summary
from app.economics.tax import (
    EXEMPT_SMALL_INCOME,
    EXEMPT_SMALL_TOP_UP,
    FILE_FOREIGN,
    FILE_REFUND,
    FILE_TOP_UP,
    FILE_UNDERWITHHELD,
    NOTHING_DUE,
    Filing,
)
from app.economics.tax_service import TaxEstimate
from app.i18n_markers import N_
from app.money import to_decimal_string
from app.web.i18n import Translator

FILING_TEXTS = {
    FILE_FOREIGN: N_("Filing required: income from a foreign payer must be declared."),
    FILE_UNDERWITHHELD: N_(
        "Filing required: a payer withheld less than it should, so the exemption does not apply."
    ),
    FILE_TOP_UP: N_("Filing required: a top-up of %(amount)s is due."),
    EXEMPT_SMALL_INCOME: N_(
        "No filing needed: income is at most 120,000 and the top-up of %(amount)s is waived."
    ),
    EXEMPT_SMALL_TOP_UP: N_("No filing needed: the top-up of %(amount)s is at most 400."),
    NOTHING_DUE: N_("No filing needed: what was prepaid matches the tax."),
}

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
    "vat_on_invoice",
    "net_income_after_vat",
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
    out["net_income_after_vat"] = figure_value("net_income_after_vat", e.net_income_after_vat)
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


def parse_fx(items: list[str]) -> dict[str, Decimal]:
    """`USD:7.1834` → {"USD": Decimal("7.1834")}: CNY per unit, given by the creator."""
    out: dict[str, Decimal] = {}
    for item in items:
        code, _, value = item.partition(":")
        code = code.strip().upper()
        if len(code) != 3 or not code.isalpha() or code == "CNY":
            raise ValueError(N_("Use a three-letter currency other than CNY, e.g. USD:7.18"))
        try:
            rate = Decimal(value.strip())
        except InvalidOperation as exc:
            raise ValueError(N_("Give the rate as a number, e.g. USD:7.18")) from exc
        if not rate.is_finite() or not Decimal("0.0001") <= rate <= Decimal(100_000):
            raise ValueError(N_("The rate must be between 0.0001 and 100000 yuan per unit"))
        out[code] = rate
    return out


def filing_reason_texts(t: Translator, filing: Filing) -> list[str]:
    texts = []
    for code in filing.reasons:
        if code == FILE_REFUND:
            texts.append(
                t.gettext("File to get %(amount)s back.", amount=t.money(filing.refund, "CNY"))
            )
        elif code in (FILE_TOP_UP, EXEMPT_SMALL_INCOME, EXEMPT_SMALL_TOP_UP):
            texts.append(t.gettext(FILING_TEXTS[code], amount=t.money(filing.top_up, "CNY")))
        else:
            texts.append(t.gettext(FILING_TEXTS[code]))
    return texts


def tax_json(result: TaxEstimate, t: Translator) -> dict[str, Any]:
    money = to_decimal_string
    rec = result.reconciliation
    net_after, hourly_after = result.reconciled()
    cash_hourly = result.cash_hourly()
    return {
        "year": result.year,
        "estimate": True,
        "currency": "CNY",
        "payments": [
            {
                "payment_id": p.payment_id,
                "deal_id": p.deal_id,
                "received_on": p.received_on.isoformat(),
                "gross": money(p.gross),
                "base": money(p.base),
                "withholding": p.withholding,
                "tax_withheld": money(p.tax_withheld),
                "expected_withholding": money(p.expected_withholding),
                "estimated_withholding": money(p.expected_withholding),
                "set_aside": money(p.set_aside),
            }
            for p in result.payments
        ],
        "foreign_payments": [
            {
                "payment_id": f.payment_id,
                "deal_id": f.deal_id,
                "received_on": f.received_on.isoformat(),
                "currency": f.currency,
                "base": money(f.base),
                "base_cny": None if f.base_cny is None else money(f.base_cny),
                "cny_from": f.source,
                "expected_withholding": "0.00",
            }
            for f in result.foreign
        ],
        "labor_gross": money(result.labor_gross),
        "labor_base": money(result.labor_gross),
        "labor_tax_withheld": money(result.labor_tax_withheld),
        "income": money(rec.income),
        "counted_income": money(rec.counted_income),
        "taxable_income": money(rec.taxable_income),
        "annual_tax": money(rec.annual_tax),
        "prepaid": money(rec.prepaid),
        "refund": money(rec.refund),
        "filing_required": result.filing.required,
        "filing_reasons": [
            {"code": code, "message": text}
            for code, text in zip(
                result.filing.reasons, filing_reason_texts(t, result.filing), strict=True
            )
        ],
        "vat_on_invoices": money(result.vat),
        "effective_hourly": {
            "cash": None if cash_hourly is None else f"{cash_hourly:.2f}",
            "after_reconciliation": None if hourly_after is None else f"{hourly_after:.2f}",
            "estimate": True,
        },
        "net_income_after_reconciliation": money(net_after),
    }
