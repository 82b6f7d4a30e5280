"""Shared input types: money, trimmed text, currency codes; errors carry codes for translation."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from zoneinfo import available_timezones

from babel.numbers import list_currencies
from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer, WithJsonSchema
from pydantic_core import PydanticCustomError

from app.money import MoneyError, parse_money, to_decimal_string

_MONEY_SCHEMA = WithJsonSchema(
    {"type": "string", "pattern": r"^\d+(\.\d{1,2})?$", "examples": ["1234.50"]}
)
_MONEY_MESSAGES = {
    "money_invalid": "Enter an amount such as 1234.50",
    "money_negative": "The amount cannot be negative",
    "money_precision": "Use at most two decimal places",
    "money_too_large": "The amount is too large",
}


def _parse_money_input(value: Any) -> int:
    if value is None:
        raise PydanticCustomError("missing", "Field required")
    if not isinstance(value, str | int | float):
        raise PydanticCustomError("money_invalid", _MONEY_MESSAGES["money_invalid"])
    try:
        return parse_money(value)
    except MoneyError as exc:
        raise PydanticCustomError(exc.code, _MONEY_MESSAGES[exc.code]) from exc


def none_if_blank(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


_CURRENCIES = frozenset(list_currencies())
_TIMEZONES = frozenset(available_timezones())


def _check_currency(value: str) -> str:
    code = value.strip().upper()
    if code not in _CURRENCIES:
        raise PydanticCustomError("currency_unknown", "Unknown currency code")
    return code


def _check_timezone(value: str) -> str:
    if value not in _TIMEZONES:
        raise PydanticCustomError("timezone_unknown", "Unknown time zone")
    return value


# Money in: a decimal string (or number of major units); held as integer minor units.
MoneyIn = Annotated[int, BeforeValidator(_parse_money_input), _MONEY_SCHEMA]
OptionalMoneyIn = Annotated[
    int | None,
    BeforeValidator(lambda v: None if none_if_blank(v) is None else _parse_money_input(v)),
    WithJsonSchema({"anyOf": [{"type": "string", "examples": ["1234.50"]}, {"type": "null"}]}),
]
# Money out: minor units written as "1234.50".
MoneyOut = Annotated[int, PlainSerializer(to_decimal_string, return_type=str), _MONEY_SCHEMA]
OptionalMoneyOut = Annotated[
    int | None,
    PlainSerializer(lambda v: None if v is None else to_decimal_string(v), return_type=str | None),
]

RequiredText = Annotated[str, BeforeValidator(_strip), Field(min_length=1, max_length=200)]
ShortText = Annotated[str, BeforeValidator(_strip), Field(max_length=200)]
LongText = Annotated[str, BeforeValidator(_strip), Field(max_length=5000)]
# A pasted message (a brand's brief): kept as it was, up to 20,000 characters.
BriefText = Annotated[str, Field(max_length=20_000)]
Currency = Annotated[str, AfterValidator(_check_currency), Field(min_length=3, max_length=3)]
TimeZone = Annotated[str, AfterValidator(_check_timezone)]
OptionalDate = Annotated[date | None, BeforeValidator(none_if_blank)]
OptionalInt = Annotated[int | None, BeforeValidator(none_if_blank)]
Days = Annotated[Annotated[int, Field(ge=0, le=3650)] | None, BeforeValidator(none_if_blank)]
