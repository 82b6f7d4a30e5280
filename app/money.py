"""Money as integer minor units: parsing user input and writing decimal strings. Pure."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# One hundred million in major units is far above any creator's deal; beyond it is a typo.
MAX_MINOR = 100_000_000 * 100

# What people type around an amount: grouping commas (also the full-width ，), a currency code in
# front, 元 or 块 behind.
_STRIP = re.compile(r"[\s,，_]|^(?:CNY|RMB|USD|EUR|HKD)|(?:元|块)$", re.IGNORECASE)
_SYMBOLS = "¥￥$€£"
# After stripping, only digits and one point: no exponent ("1e5"), no sign, no second point.
_PLAIN = re.compile(r"^\d+(?:\.\d*)?$|^\.\d+$")


class MoneyError(ValueError):
    """A money input that cannot be accepted; `code` names the reason for translation."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def parse_money(raw: str | int | float | Decimal) -> int:
    """Parse `1234.5`, `1,234.50`, `¥1234` into minor units; refuse anything doubtful."""
    # bool is an int in Python: true must not become one fen.
    if isinstance(raw, bool):
        raise MoneyError("money_invalid")
    if isinstance(raw, int):
        value = Decimal(raw)
    elif isinstance(raw, float):
        # repr gives the float's shortest form (0.1, not 0.1000000000000000055…).
        value = Decimal(repr(raw))
    elif isinstance(raw, Decimal):
        value = raw
    else:
        text = raw.strip()
        # Negative amounts are refused by name (both the hyphen and the minus sign), not as
        # "invalid".
        if text.startswith("-") or text.startswith("−"):
            raise MoneyError("money_negative")
        text = text.lstrip(_SYMBOLS)
        if text.startswith("-"):
            raise MoneyError("money_negative")
        text = _STRIP.sub("", text.strip())
        text = text.lstrip(_SYMBOLS)
        if not text:
            raise MoneyError("money_invalid")
        if not _PLAIN.match(text):
            raise MoneyError("money_invalid")
        try:
            value = Decimal(text)
        except InvalidOperation as exc:  # pragma: no cover - the regex rules it out
            raise MoneyError("money_invalid") from exc
    if not value.is_finite():
        raise MoneyError("money_invalid")
    if value < 0:
        raise MoneyError("money_negative")
    exponent = value.normalize().as_tuple().exponent
    # More than two places would be rounded silently: refused instead ("1.005" is a typo, not a
    # price).
    if isinstance(exponent, int) and exponent < -2:
        raise MoneyError("money_precision")
    minor = int(value * 100)
    if minor > MAX_MINOR:
        raise MoneyError("money_too_large")
    return minor


def to_decimal_string(minor: int) -> str:
    """Minor units as the API's decimal string with two places: 123450 -> "1234.50"."""
    sign = "-" if minor < 0 else ""
    # Integer arithmetic only: no float ever touches money on the way out.
    whole, cents = divmod(abs(minor), 100)
    return f"{sign}{whole}.{cents:02d}"


def to_decimal(minor: int) -> Decimal:
    return Decimal(minor) / 100


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def rate_to_minor(rate: Decimal | None) -> int | None:
    """A rate kept in major units to two places (calc.rate), as minor units: exact, no rounding."""
    return None if rate is None else int(rate * 100)


def meets(rate: Decimal | None, target_minor: int | None) -> bool | None:
    """Whether a rate reaches a target hourly in minor units; None when either is unknown."""
    minor = rate_to_minor(rate)
    if minor is None or target_minor is None:
        return None
    return minor >= target_minor
