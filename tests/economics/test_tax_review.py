"""Review of issue 11: withholding and the annual reconciliation, table-driven from the rules
(预扣率表一 and 表二, 实施条例 art. 14, 公告2025年第16号, 公告2023年第32号), computed by hand,
not from the code. Figures in yuan; every expected value is worked out in the comment beside it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.economics import tax
from app.economics.tax import TaxPayment

C, P, N, F = tax.PLATFORM_CUMULATIVE, tax.PER_PAYMENT, tax.NO_WITHHOLDING, tax.FOREIGN


def _fen(yuan: str | int) -> int:
    return int(Decimal(str(yuan)) * 100)


# --- 表二: one 次 on base X --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("base", "tax_due"),
    [
        ("800", "0"),  # X ≤ 800: nothing
        ("800.01", "0"),  # (0.01) × 20 % = 0.002 → 0.00
        ("801", "0.20"),  # 1 × 20 %
        ("4000", "640"),  # (4,000 − 800) × 20 %
        ("4000.01", "640"),  # 3,200.008 × 20 % = 640.0016
        ("4001", "640.16"),  # 3,200.80 × 20 %
        ("25000", "4000"),  # T = 20,000 × 20 %
        ("25001", "4000.24"),  # T = 20,000.80 × 30 % − 2,000
        ("62500", "13000"),  # T = 50,000 × 30 % − 2,000
        ("62501", "13000.32"),  # T = 50,000.80 × 40 % − 7,000
        ("1000000", "313000"),  # T = 800,000 × 40 % − 7,000
    ],
)
def test_per_ci_table(base: str, tax_due: str) -> None:
    assert tax.withholding(_fen(base)) == _fen(tax_due)


# --- 表一 in the platform's cumulative method, one month ---------------------------------------
@pytest.mark.parametrize(
    ("base", "tax_due"),
    [
        ("6250", "0"),  # 5,000 − 5,000 = 0
        ("6250.01", "0"),  # 0.008 × 3 % → 0.00
        ("51250", "1080"),  # 41,000 − 5,000 = 36,000 × 3 %
        ("51251.25", "1080.10"),  # 36,001 × 10 % − 2,520
        ("186250", "11880"),  # 149,000 − 5,000 = 144,000 × 10 % − 2,520
        ("381250", "43080"),  # 300,000 × 20 % − 16,920
        ("1206250", "250080"),  # 965,000 − 5,000 = 960,000 × 35 % − 85,920
    ],
)
def test_cumulative_one_month_table(base: str, tax_due: str) -> None:
    paid = TaxPayment(1, 1, C, "xiaohongshu", date(2026, 5, 10), _fen(base))
    assert tax.expected_withholdings([paid]) == {1: _fen(tax_due)}


Row = tuple[str, str, str, int, str]  # received_on, base, method, deal, platform

CASES: list[tuple[str, list[Row], list[str]]] = [
    (
        "cumulative 25,000 a month crosses into 10 % in March",
        [
            ("2026-01-15", "25000", C, 1, "xiaohongshu"),
            ("2026-02-15", "25000", C, 2, "xiaohongshu"),
            ("2026-03-15", "25000", C, 3, "xiaohongshu"),
        ],
        # Jan 15,000 × 3 % = 450; Feb 30,000 × 3 % = 900 − 450; Mar 45,000 × 10 % − 2,520
        # = 1,980 − 900 = 1,080
        ["450", "450", "1080"],
    ),
    (
        "two platforms each have their own deduction",
        [
            ("2026-01-15", "25000", C, 1, "xiaohongshu"),
            ("2026-01-20", "25000", C, 2, "douyin"),
        ],
        ["450", "450"],
    ),
    (
        "two deals on one platform in one month share one month's deduction",
        [
            ("2026-01-15", "25000", C, 1, "xiaohongshu"),
            ("2026-01-20", "25000", C, 2, "xiaohongshu"),
        ],
        # 40,000 − 5,000 = 35,000 × 3 % = 1,050 − 450
        ["450", "600"],
    ),
    (
        "a later small month withholds nothing more (never a refund during the year)",
        [
            ("2026-01-15", "25000", C, 1, "xiaohongshu"),
            ("2026-02-15", "1000", C, 2, "xiaohongshu"),
        ],
        # Feb: 20,800 − 10,000 = 10,800 × 3 % = 324 < 450 → 0
        ["450", "0"],
    ),
    (
        "instalments of one deal in one month are one 次",
        [("2026-03-01", "3000", P, 1, "x"), ("2026-03-31", "3000", P, 1, "x")],
        # 次 of 6,000: 4,800 × 20 % = 960; first part 440, then 520
        ["440", "520"],
    ),
    (
        "instalments of one deal across a year end are two 次",
        [("2025-12-31", "3000", P, 1, "x"), ("2026-01-01", "3000", P, 1, "x")],
        ["440", "440"],
    ),
    (
        "instalments crossing 4,000 inside one 次",
        [("2026-03-01", "800", P, 1, "x"), ("2026-03-02", "3200", P, 1, "x")],
        # 800 → 0; 4,000 → 640
        ["0", "640"],
    ),
    (
        "none and foreign withhold nothing",
        [("2026-03-01", "50000", N, 1, "x"), ("2026-03-01", "50000", F, 2, "x")],
        ["0", "0"],
    ),
]


@pytest.mark.parametrize(("name", "rows", "expected"), CASES, ids=[c[0] for c in CASES])
def test_expected_by_method(name: str, rows: list[Row], expected: list[str]) -> None:
    payments = [
        TaxPayment(i, deal, method, platform, date.fromisoformat(on), _fen(base))
        for i, (on, base, method, deal, platform) in enumerate(rows, 1)
    ]
    got = tax.expected_withholdings(payments)
    assert [got[i] for i in range(1, len(rows) + 1)] == [_fen(e) for e in expected]


def test_platform_cumulative_starts_on_2025_10_01() -> None:
    """公告2025年第16号 is in force from 2025-10-01: before it a platform withheld per 次, and its
    cumulative count for 2025 starts with October."""
    payments = [
        TaxPayment(1, 1, C, "xiaohongshu", date(2025, 9, 15), _fen(25000)),
        TaxPayment(2, 2, C, "xiaohongshu", date(2025, 10, 15), _fen(25000)),
        TaxPayment(3, 3, C, "xiaohongshu", date(2025, 11, 15), _fen(25000)),
    ]
    got = tax.expected_withholdings(payments)
    # Sep: per 次, 20,000 × 20 % = 4,000. Oct: first cumulative month 15,000 × 3 % = 450.
    # Nov: 30,000 × 3 % = 900 − 450 = 450.
    assert got == {1: 4_000_00, 2: 450_00, 3: 450_00}


# --- annual reconciliation and filing (公告2023年第32号) ----------------------------------------
def _filing(
    salary: str, base: str, prepaid: str, *, under: bool = False, foreign: bool = False
) -> tuple[tax.Reconciliation, tax.Filing]:
    rec = tax.reconcile(
        salary=_fen(salary),
        labor_gross=_fen(base),
        deductions=0,
        salary_tax_prepaid=_fen(prepaid),
        labor_tax_withheld=0,
    )
    return rec, tax.filing(rec, underwithheld=under, foreign_income=foreign)


@pytest.mark.parametrize(
    ("salary", "base", "prepaid", "under", "top_up", "required", "reasons"),
    [
        # income exactly 120,000: taxable 60,000 → 3,480 due, nothing prepaid: exempt
        ("120000", "0", "0", False, "3480", False, ["exempt_income"]),
        # a fen more income: 3,480.00 (3,480.001) due and no exemption
        ("120000.01", "0", "0", False, "3480", True, ["top_up"]),
        # income made of labour: 20,000 salary + 100,000 base → counted 100,000, tax 1,480
        ("20000", "100000", "0", False, "1480", False, ["exempt_income"]),
        # top-up exactly 400: salary 200,000 → taxable 140,000 → 11,480; 11,080 prepaid
        ("200000", "0", "11080", False, "400", False, ["exempt_top_up"]),
        ("200000", "0", "11079.99", False, "400.01", True, ["top_up"]),
        # the exception: a payer withheld less than it should
        ("120000", "0", "0", True, "3480", True, ["underwithheld"]),
        ("200000", "0", "11080", True, "400", True, ["underwithheld"]),
        # the exception does not matter when a refund is due
        ("0", "30000", "1000", True, "0", False, ["refund"]),
    ],
)
def test_exemption_boundaries(
    salary: str,
    base: str,
    prepaid: str,
    under: bool,
    top_up: str,
    required: bool,
    reasons: list[str],
) -> None:
    _rec, filing = _filing(salary, base, prepaid, under=under)
    assert filing.top_up == _fen(top_up)
    assert filing.required is required and filing.reasons == reasons


def test_refund_and_foreign_income() -> None:
    # 30,000 base, nothing due (counted 24,000 < 60,000), 1,000 prepaid: file to get it back
    rec, filing = _filing("0", "30000", "1000")
    assert rec.annual_tax == 0 and filing.refund == _fen(1000) and not filing.required
    # foreign income at its CNY value must be declared even with a refund
    _rec, filing = _filing("0", "30000", "1000", foreign=True)
    assert filing.required and filing.reasons == ["foreign_income", "refund"]


def test_salary_and_labour_combine() -> None:
    # salary 100,000 + base 50,000: counted 140,000, taxable 80,000 → 8,000 − 2,520 = 5,480
    rec, _ = _filing("100000", "50000", "0")
    assert rec.counted_income == _fen(140000) and rec.annual_tax == _fen(5480)
    assert rec.income == _fen(150000)


@pytest.mark.parametrize(
    ("salary", "prepaid", "top_up"),
    [
        ("120000", "0", "3480"),  # income ≤ 120,000: would be exempt without foreign income
        ("200000", "11080", "400"),  # top-up ≤ 400: would be exempt without foreign income
    ],
)
def test_foreign_income_makes_the_top_up_due(salary: str, prepaid: str, top_up: str) -> None:
    """Foreign income must be declared (公告2020年第3号), so she files anyway and the top-up is
    paid with that filing: the page must not also say "no filing needed, the top-up is waived"."""
    _rec, filing = _filing(salary, "0", prepaid, foreign=True)
    assert filing.required and filing.top_up == _fen(top_up)
    assert filing.reasons == ["foreign_income", "top_up"]
