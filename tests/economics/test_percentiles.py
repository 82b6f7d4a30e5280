"""Percentiles match spreadsheets' PERCENTILE.INC; position counts ties as half."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.economics.percentiles import position, quartiles


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], None),
        ([5], (5.0, 5.0, 5.0)),
        ([1, 2], (1.25, 1.5, 1.75)),
        ([1, 2, 3, 4], (1.75, 2.5, 3.25)),
        ([10, 20, 30, 40, 50], (20.0, 30.0, 40.0)),
        ([3, 1, 2], (1.5, 2.0, 2.5)),
    ],
)
def test_quartiles(values: list[int], expected: tuple[float, float, float] | None) -> None:
    assert quartiles(values) == expected


@pytest.mark.parametrize(
    ("value", "values", "expected"),
    [
        (3, [1, 2, 3, 4], 0.625),
        (0, [1, 2], 0.0),
        (9, [1, 2], 1.0),
        (2, [2, 2], 0.5),
        (1, [], None),
    ],
)
def test_position(value: int, values: list[int], expected: float | None) -> None:
    assert position(value, values) == expected


@given(st.lists(st.integers(-1000, 1000), min_size=1, max_size=50))
def test_quartiles_are_ordered_and_within_range(values: list[int]) -> None:
    result = quartiles(values)
    assert result is not None
    p25, median, p75 = result
    assert min(values) <= p25 <= median <= p75 <= max(values)
