"""China individual labor-remuneration (劳务报酬) tax estimates of ECONOMICS.md. Pure; CNY fen."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# Annual comprehensive-income table: (upper bound in fen or None, rate %, quick deduction fen)
ANNUAL_BRACKETS: tuple[tuple[int | None, int, int], ...] = (
    (36_000_00, 3, 0),
    (144_000_00, 10, 2_520_00),
    (300_000_00, 20, 16_920_00),
    (420_000_00, 25, 31_920_00),
    (660_000_00, 30, 52_920_00),
    (960_000_00, 35, 85_920_00),
    (None, 45, 181_920_00),
)
BASIC_DEDUCTION = 60_000_00


def _round_fen(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def withholding(gross: int) -> int:
    """Tax a payer withholds on one payment of `gross` fen: 3,000 -> 440.00; 10,000 -> 1,600."""
    if gross <= 800_00:
        return 0
    taxable = Decimal(gross - 800_00) if gross <= 4_000_00 else Decimal(gross) * Decimal("0.8")
    if taxable <= 20_000_00:
        tax = taxable * Decimal("0.2")
    elif taxable <= 50_000_00:
        tax = taxable * Decimal("0.3") - 2_000_00
    else:
        tax = taxable * Decimal("0.4") - 7_000_00
    return _round_fen(tax)


def annual_tax(taxable: int) -> int:
    for upper, rate, quick in ANNUAL_BRACKETS:
        if upper is None or taxable <= upper:
            return max(0, _round_fen(Decimal(taxable) * rate / 100 - quick))
    raise AssertionError("unreachable")  # pragma: no cover


@dataclass(frozen=True)
class Reconciliation:
    counted_income: int
    taxable_income: int
    annual_tax: int
    prepaid: int
    refund: int  # negative: a top-up is due


def reconcile(
    *,
    salary: int,
    labor_gross: int,
    deductions: int,
    salary_tax_prepaid: int,
    labor_tax_withheld: int,
) -> Reconciliation:
    """Year-end estimate: counted = salary + 80% of labor remuneration; refund = prepaid − tax."""
    counted = salary + _round_fen(Decimal(labor_gross) * Decimal("0.8"))
    taxable = max(0, counted - BASIC_DEDUCTION - deductions)
    tax = annual_tax(taxable)
    prepaid = salary_tax_prepaid + labor_tax_withheld
    return Reconciliation(counted, taxable, tax, prepaid, prepaid - tax)
