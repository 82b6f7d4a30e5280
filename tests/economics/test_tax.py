"""Withholding and annual reconciliation of ECONOMICS.md, by the document's examples."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.economics.tax import annual_tax, reconcile, withholding


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


def test_withholding_in_sql_equals_the_pure_function(db: Any) -> None:
    """The tax page sums a year's set-aside in the database; it must agree with withholding()."""
    import random

    from sqlalchemy import literal, select

    from app.economics.tax_service import withholding_sql

    edges = [800_00, 4_000_00, 25_000_00, 62_500_00]
    values = {0, 1, 5, 10**11, *(e + d for e in edges for d in range(-7, 8))}
    rng = random.Random(15)
    values |= {rng.randrange(0, 200_000_00) for _ in range(3000)}
    values |= {rng.randrange(0, 10**10) for _ in range(500)}
    ordered = sorted(values)
    for start in range(0, len(ordered), 400):
        chunk = ordered[start : start + 400]
        row = db.execute(select(*[withholding_sql(literal(g)) for g in chunk])).one()
        assert [int(v) for v in row] == [withholding(g) for g in chunk]
