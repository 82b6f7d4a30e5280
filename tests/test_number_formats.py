"""The Translator's precompiled, memoized number and date formats print exactly what Babel's own
format_currency / format_decimal / format_percent print, in both languages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from babel import dates, numbers
from hypothesis import given
from hypothesis import strategies as st

from app.i18n import Translator

LOCALES = {"zh-CN": "zh_CN", "en": "en"}
decimals = st.one_of(
    st.decimals(-(10**9), 10**9, places=2, allow_nan=False, allow_infinity=False),
    st.decimals(-(10**6), 10**6, places=6, allow_nan=False, allow_infinity=False),
    st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False),
    st.integers(-(10**12), 10**12),
)


@given(
    locale=st.sampled_from(sorted(LOCALES)),
    minor=st.integers(-(10**13), 10**13),
    currency=st.sampled_from(["CNY", "USD", "EUR", "JPY"]),
)
def test_money(locale: str, minor: int, currency: str) -> None:
    expected = numbers.format_currency(Decimal(minor) / 100, currency, locale=LOCALES[locale])
    assert Translator(locale).money(minor, currency) == expected


@given(locale=st.sampled_from(sorted(LOCALES)), value=decimals, places=st.integers(0, 3))
def test_decimal_and_percent(locale: str, value: Decimal | float, places: int) -> None:
    t = Translator(locale)
    pattern = "#,##0." + "0" * places if places else "#,##0"
    assert t.decimal(value, places) == numbers.format_decimal(
        value, format=pattern, locale=LOCALES[locale]
    )
    assert t.percent(value) == numbers.format_percent(
        value, format="#,##0%", locale=LOCALES[locale]
    )


@given(locale=st.sampled_from(sorted(LOCALES)), value=st.integers(-(10**12), 10**12))
def test_number(locale: str, value: int) -> None:
    assert Translator(locale).number(value) == numbers.format_decimal(value, locale=LOCALES[locale])


def test_signed_zeros_are_kept_apart() -> None:
    # -0.0 == 0.0 with one hash: the memo must not print the first zero it saw for both
    # (found by CI's random examples).
    t = Translator("en")
    for zero, minus in (
        (0.0, -0.0),
        (Decimal("0"), Decimal("-0")),
        (Decimal("0.00"), Decimal("-0.00")),
    ):
        for value in (zero, minus, zero):
            assert t.decimal(value, 1) == numbers.format_decimal(
                value, format="#,##0.0", locale="en"
            )
            assert t.percent(value) == numbers.format_percent(value, format="#,##0%", locale="en")


def test_equal_numbers_of_other_types_are_kept_apart() -> None:
    t = Translator("en")
    assert t.decimal(Decimal("2.5"), 0) == numbers.format_decimal(
        Decimal("2.5"), format="#,##0", locale="en"
    )
    assert t.decimal(2.5, 0) == numbers.format_decimal(2.5, format="#,##0", locale="en")
    assert t.money(None) == t.decimal(None) == t.percent(None) == t.number(None) == "—"


@given(
    locale=st.sampled_from(sorted(LOCALES)),
    value=st.dates(),
    fmt=st.sampled_from(["short", "medium", "long"]),
)
def test_dates(locale: str, value: date, fmt: str) -> None:
    t = Translator(locale)
    loc = LOCALES[locale]
    assert t.date(value, fmt) == dates.format_date(value, format=fmt, locale=loc)
    assert t.short_date(value) == dates.format_skeleton("MMMd", value, locale=loc)
    assert t.short_month(value) == dates.format_skeleton("MMM", value, locale=loc)
