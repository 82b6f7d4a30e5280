"""Withholding and annual reconciliation of ECONOMICS.md, by the document's examples."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.economics import tax
from app.economics.tax import TaxPayment, annual_tax, reconcile, withholding


@pytest.mark.parametrize(
    ("gross", "tax"),
    [
        (0, 0),
        (800_00, 0),
        (800_01, 0),
        (1_000_00, 40_00),
        (3_000_00, 440_00),
        (4_000_00, 640_00),
        (4_000_01, 640_00),
        (10_000_00, 1_600_00),
        (25_000_00, 4_000_00),
        (25_000_01, 4_000_00),
        (50_000_00, 10_000_00),
        (62_500_00, 13_000_00),
        (100_000_00, 25_000_00),
    ],
)
def test_withholding(gross: int, tax: int) -> None:
    assert withholding(gross) == tax


@pytest.mark.parametrize(
    ("taxable", "tax"),
    [
        (0, 0),
        (36_000_00, 1_080_00),
        (100_000_00, 7_480_00),
        (144_000_00, 11_880_00),
        (300_000_00, 43_080_00),
        (1_000_000_00, 268_080_00),
    ],
)
def test_annual_table(taxable: int, tax: int) -> None:
    assert annual_tax(taxable) == tax


def test_part_timer_gets_a_refund() -> None:
    # Salary 80,000; ten 3,000 gigs each withheld 440; 12,000 deductions; 600 prepaid on salary.
    result = reconcile(
        salary=80_000_00,
        labor_gross=30_000_00,
        deductions=12_000_00,
        salary_tax_prepaid=600_00,
        labor_tax_withheld=4_400_00,
    )
    assert result.counted_income == 104_000_00
    assert result.taxable_income == 32_000_00
    assert result.annual_tax == 960_00
    assert result.prepaid == 5_000_00 and result.refund == 4_040_00


@given(st.integers(min_value=0, max_value=10**10))
def test_withholding_never_exceeds_gross_and_grows(gross: int) -> None:
    assert 0 <= withholding(gross) <= gross
    assert withholding(gross + 100) >= withholding(gross)


# --- withholding by method (docs/TAX.md, rules W1–W4) ------------------------------------------
def _pay(pid: int, on: str, base: str, method: str = tax.PER_PAYMENT, deal: int = 1) -> TaxPayment:
    return TaxPayment(pid, deal, method, "xiaohongshu", date.fromisoformat(on), _fen(base))


def _fen(yuan: str) -> int:
    return int(Decimal(yuan) * 100)


CUM = tax.PLATFORM_CUMULATIVE
CASES = [
    # (name, payments as (date, base, method, deal), expected withholding per payment in yuan)
    (
        "W2 cumulative crosses a bracket in month 3",
        [
            ("2026-01-15", "25000", CUM, 1),
            ("2026-02-15", "25000", CUM, 2),
            ("2026-03-15", "25000", CUM, 3),
        ],
        ["450", "450", "1080"],
    ),
    (
        "W2 cumulative ¥3,000 a month: nothing withheld",
        [
            ("2026-01-10", "3000", CUM, 1),
            ("2026-02-10", "3000", CUM, 2),
            ("2026-03-10", "3000", CUM, 3),
        ],
        ["0", "0", "0"],
    ),
    (
        "W2 a month without income ends the run of months",
        [("2026-01-15", "25000", CUM, 1), ("2026-03-15", "25000", CUM, 2)],
        ["450", "600"],
    ),
    (
        "W2 two payments in one month share the month's deduction",
        [("2026-01-05", "25000", CUM, 1), ("2026-01-25", "25000", CUM, 2)],
        ["450", "600"],
    ),
    (
        "W1 two ¥2,000 instalments of one deal in one month are one 次",
        [("2026-03-01", "2000", tax.PER_PAYMENT, 1), ("2026-03-20", "2000", tax.PER_PAYMENT, 1)],
        ["240", "400"],
    ),
    (
        "W1 instalments in two months are two 次",
        [("2026-03-01", "2000", tax.PER_PAYMENT, 1), ("2026-04-01", "2000", tax.PER_PAYMENT, 1)],
        ["240", "240"],
    ),
    (
        "W1 two deals in one month are two 次",
        [("2026-03-01", "2000", tax.PER_PAYMENT, 1), ("2026-03-02", "2000", tax.PER_PAYMENT, 2)],
        ["240", "240"],
    ),
    (
        "W1 ¥10,000 through an agency keeping ¥1,000: base 9,000",
        [
            (
                "2026-05-01",
                str(Decimal(tax.base_of(10_000_00, 0, 1_000_00)) / 100),
                tax.PER_PAYMENT,
                1,
            )
        ],
        ["1440"],
    ),
    (
        "W3/W4 none and foreign: nothing",
        [("2026-05-01", "9000", tax.NO_WITHHOLDING, 1), ("2026-05-01", "9000", tax.FOREIGN, 2)],
        ["0", "0"],
    ),
]


@pytest.mark.parametrize(("name", "rows", "expected"), CASES, ids=[c[0] for c in CASES])
def test_expected_withholding(
    name: str, rows: list[tuple[str, str, str, int]], expected: list[str]
) -> None:
    payments = [
        _pay(i, on, base, method, deal) for i, (on, base, method, deal) in enumerate(rows, 1)
    ]
    got = tax.expected_withholdings(payments)
    assert [got[i] for i in range(1, len(rows) + 1)] == [_fen(y) for y in expected]


def test_platforms_and_years_are_separate() -> None:
    a = TaxPayment(1, 1, CUM, "xiaohongshu", date(2026, 1, 15), 25_000_00)
    b = TaxPayment(2, 2, CUM, "douyin", date(2026, 2, 15), 25_000_00)
    c = TaxPayment(3, 3, CUM, "xiaohongshu", date(2027, 1, 15), 25_000_00)
    assert tax.expected_withholdings([a, b, c]) == {1: 450_00, 2: 450_00, 3: 450_00}


@pytest.mark.parametrize(
    ("months", "month", "counted"),
    [(set(), 1, 1), ({1, 2}, 3, 3), ({1}, 3, 1), ({1, 3}, 4, 2), ({2, 3}, 3, 2), ({5}, 3, 1)],
)
def test_counted_months(months: set[int], month: int, counted: int) -> None:
    assert tax.counted_months(months, month) == counted


@pytest.mark.parametrize(
    ("source", "currency", "method"),
    [
        ("pgy_invite", "CNY", CUM),
        ("pgy_recruit", "CNY", CUM),
        ("brand_dm", "CNY", tax.PER_PAYMENT),
        (None, "CNY", tax.PER_PAYMENT),
        (None, None, tax.PER_PAYMENT),
        ("pgy_invite", "USD", tax.FOREIGN),
        ("agency_group", "usd", tax.FOREIGN),
    ],
)
def test_default_withholding(source: str | None, currency: str | None, method: str) -> None:
    assert tax.default_withholding(source, currency) == method


# --- filing (docs/TAX.md, rule F1) -------------------------------------------------------------
def _rec(salary: int, base: int, withheld: int) -> tax.Reconciliation:
    return reconcile(
        salary=salary,
        labor_gross=base,
        deductions=0,
        salary_tax_prepaid=0,
        labor_tax_withheld=withheld,
    )


FILING_CASES = [
    # (name, salary, base, withheld, underwithheld, foreign, required, reasons)
    (
        "income ≤ 120,000 with a top-up: exempt",
        60_000_00,
        50_000_00,
        0,
        False,
        False,
        False,
        [tax.EXEMPT_SMALL_INCOME],
    ),
    (
        "... unless a payer withheld too little",
        60_000_00,
        50_000_00,
        0,
        True,
        False,
        True,
        [tax.FILE_UNDERWITHHELD],
    ),
    (
        "top-up ≤ 400 above 120,000: exempt",
        110_000_00,
        21_000_00,
        3_800_00,
        False,
        False,
        False,
        [tax.EXEMPT_SMALL_TOP_UP],
    ),
    (
        "... unless a payer withheld too little",
        110_000_00,
        21_000_00,
        3_800_00,
        True,
        False,
        True,
        [tax.FILE_UNDERWITHHELD],
    ),
    (
        "top-up > 400 above 120,000: required",
        110_000_00,
        50_000_00,
        0,
        False,
        False,
        True,
        [tax.FILE_TOP_UP],
    ),
    (
        "refund: worth filing, not required",
        0,
        30_000_00,
        4_400_00,
        False,
        False,
        False,
        [tax.FILE_REFUND],
    ),
    (
        "foreign income: required",
        0,
        30_000_00,
        0,
        False,
        True,
        True,
        [tax.FILE_FOREIGN, tax.NOTHING_DUE],
    ),
    ("nothing due", 0, 0, 0, False, False, False, [tax.NOTHING_DUE]),
]


@pytest.mark.parametrize(
    ("name", "salary", "base", "withheld", "under", "foreign", "required", "reasons"),
    FILING_CASES,
    ids=[c[0] for c in FILING_CASES],
)
def test_filing(
    name: str,
    salary: int,
    base: int,
    withheld: int,
    under: bool,
    foreign: bool,
    required: bool,
    reasons: list[str],
) -> None:
    rec = _rec(salary, base, withheld)
    result = tax.filing(rec, underwithheld=under, foreign_income=foreign)
    assert result.required is required and result.reasons == reasons


def test_filing_figures() -> None:
    # 60,000 salary + 50,000 base: counted 100,000, taxable 40,000 → 1,480 to pay, income 110,000
    rec = _rec(60_000_00, 50_000_00, 0)
    assert rec.income == 110_000_00 and rec.annual_tax == 1_480_00 and rec.refund == -1_480_00
    # 110,000 + 21,000: counted 126,800, taxable 66,800 → 4,160; 3,800 withheld → top-up 360
    rec = _rec(110_000_00, 21_000_00, 3_800_00)
    assert rec.counted_income == 126_800_00 and rec.annual_tax == 4_160_00
    assert rec.refund == -360_00 and rec.income == 131_000_00
    # ten ¥3,000 deals through 蒲公英 alone: 24,000 counted, no tax; 4,400 withheld comes back
    rec = _rec(0, 30_000_00, 4_400_00)
    assert rec.annual_tax == 0 and rec.refund == 4_400_00
    assert tax.filing(rec, underwithheld=False, foreign_income=False).refund == 4_400_00


# --- refund shares, VAT ------------------------------------------------------------------------
@given(
    st.lists(st.integers(min_value=0, max_value=10**8), min_size=1, max_size=8),
    st.integers(min_value=-(10**7), max_value=10**7),
)
def test_refund_shares_add_up(bases: list[int], refund: int) -> None:
    deals = [tax.DealShare(i, b, 0, 60) for i, b in enumerate(bases, 1)]
    shares = tax.refund_shares(deals, refund)
    assert sum(shares.values()) == (refund if sum(bases) > 0 else 0)


def test_reconciled_hourly() -> None:
    deals = [tax.DealShare(1, 3_000_00, 2_000_00, 600), tax.DealShare(2, 1_000_00, 800_00, 0)]
    net, rate = tax.reconciled_hourly(deals, 400_00)
    # deal 1 takes 3/4 of the 400 refund: (2,000 + 300) / 10 h = 230.00; deal 2 has no hours
    assert net == 3_200_00 and rate == Decimal("230.00")
    assert tax.reconciled_hourly([tax.DealShare(1, 100, 100, 0)], 0) == (100, None)


@pytest.mark.parametrize(
    ("base", "bp", "vat"),
    [(10_100_00, 100, 100_00), (10_300_00, 300, 300_00), (5_000_00, 0, 0), (0, 100, 0)],
)
def test_vat_on_invoice(base: int, bp: int, vat: int) -> None:
    assert tax.vat_on(base, bp) == vat
