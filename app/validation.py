"""Shared input types: money, trimmed text, currency codes; errors carry codes for translation."""

from __future__ import annotations

import json
import math
from datetime import date, datetime
from typing import Annotated, Any
from zoneinfo import available_timezones

from babel.numbers import list_currencies
from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    PlainSerializer,
    ValidationInfo,
    WithJsonSchema,
)
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


def _storable(value: str, info: ValidationInfo) -> str:
    # Output models (from_attributes: read from a stored row) show text as it was stored: a
    # ledger an older version kept with a NUL must still be listed and exported.
    if info.config is not None and info.config.get("from_attributes"):
        return value
    if text_unstorable(value):
        raise PydanticCustomError("text_unstorable", TEXT_MESSAGES["text_unstorable"])
    return value


Storable = AfterValidator(_storable)
RequiredText = Annotated[
    str, BeforeValidator(_strip), Field(min_length=1, max_length=200), Storable
]
ShortText = Annotated[str, BeforeValidator(_strip), Field(max_length=200), Storable]
LongText = Annotated[str, BeforeValidator(_strip), Field(max_length=5000), Storable]


# A pasted message (a brand's brief): kept as it was, up to 20,000 characters.
MESSAGE_MAX_CHARS = 20_000


def plain_message(value: str) -> str:
    """A message as typed: line breaks as LF (a browser posts CR LF, a Windows clipboard holds
    it) and no NUL (PostgreSQL cannot store it). Its length is the message's length wherever
    it arrives (the page, the API, a deal's record), so one limit means one thing."""
    return value.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def message_too_long(value: str) -> bool:
    return len(plain_message(value)) > MESSAGE_MAX_CHARS


def _plain_message(value: Any) -> Any:
    return plain_message(value) if isinstance(value, str) else value


def _message_fits(value: str) -> str:
    # counted as plain_message counts it, but the text itself is left as sent: the spans of a
    # parse are offsets into the client's own text
    if message_too_long(value):
        raise PydanticCustomError(
            "string_too_long",
            "String should have at most {max_length} characters",
            {"max_length": MESSAGE_MAX_CHARS},
        )
    return value


BriefText = Annotated[
    str, BeforeValidator(_plain_message), Field(max_length=MESSAGE_MAX_CHARS), Storable
]
# A message to read (POST /offers/parse): as sent, its length counted as BriefText's.
PastedText = Annotated[str, Field(min_length=1), AfterValidator(_message_fits)]
Currency = Annotated[str, AfterValidator(_check_currency), Field(min_length=3, max_length=3)]
TimeZone = Annotated[str, AfterValidator(_check_timezone)]
# Dates a ledger holds: 2000–2099 (as the collective's quarters), so that date arithmetic
# (due + 120 days, the day after an event) can never leave the calendar.
DATE_MIN = date(2000, 1, 1)
DATE_MAX = date(2099, 12, 31)


def _date_in_range(value: date | None) -> date | None:
    if value is not None and not DATE_MIN <= value <= DATE_MAX:
        raise PydanticCustomError(
            "date_out_of_range", "Enter a date between 2000-01-01 and 2099-12-31"
        )
    return value


def clamp_date(value: date | None) -> date | None:
    """A date from a filter (from/to), brought into the range a ledger holds."""
    return None if value is None else min(max(value, DATE_MIN), DATE_MAX)


DateIn = Annotated[date, AfterValidator(_date_in_range)]


def _datetime_in_range(value: datetime) -> datetime:
    # PostgreSQL's timestamptz refuses year 1 or 9999 once shifted to UTC (a 500 on import).
    _date_in_range(value.date())
    return value


DateTimeIn = Annotated[datetime, AfterValidator(_datetime_in_range)]
OptionalDate = Annotated[
    date | None, BeforeValidator(none_if_blank), AfterValidator(_date_in_range)
]
OptionalInt = Annotated[int | None, BeforeValidator(none_if_blank)]
Days = Annotated[Annotated[int, Field(ge=0, le=3650)] | None, BeforeValidator(none_if_blank)]


# --- hostile JSON and text ---------------------------------------------------------------------
# JSON numbers must be finite (no NaN, Infinity, 1e309) and of sane length; text must be storable
# (no NUL, which PostgreSQL refuses, and no lone surrogate, which UTF-8 cannot encode). Checked
# once where JSON is parsed (API bodies and uploaded files), so no field can forget it.
MAX_INT_DIGITS = 30
TEXT_MESSAGES = {
    "number_not_finite": "Enter a finite number (not NaN, Infinity or beyond 1e308)",
    "number_too_long": "That number is too long",
    "json_too_deep": "This JSON is nested too deeply",
    "text_unstorable": "This text contains a character that cannot be stored (NUL or a broken "
    "surrogate)",
}


class JsonRejected(ValueError):
    """A parsed JSON document with an unacceptable value at `loc`."""

    def __init__(self, loc: tuple[str | int, ...], code: str) -> None:
        super().__init__(TEXT_MESSAGES[code])
        self.loc = loc
        self.code = code
        self.message = TEXT_MESSAGES[code]


class _Bad:
    """Stands in for a refused number while parsing, so the walk can say where it was."""

    __slots__ = ("code",)

    def __init__(self, code: str) -> None:
        self.code = code


def _parse_float(text: str) -> Any:
    value = float(text)
    return value if math.isfinite(value) else _Bad("number_not_finite")


def _parse_int(text: str) -> Any:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        return _Bad("number_too_long")
    return int(text)


def text_unstorable(text: str) -> bool:
    """True when a string holds NUL or a lone surrogate (it cannot be stored or encoded)."""
    if "\x00" in text:
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def find_unacceptable(value: Any, loc: tuple[str | int, ...] = ()) -> JsonRejected | None:
    """The first refused value in a parsed document (iteratively: deep documents are fine)."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(value, loc)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, _Bad):
            return JsonRejected(where, item.code)
        if isinstance(item, float) and not math.isfinite(item):
            return JsonRejected(where, "number_not_finite")
        if isinstance(item, str):
            if text_unstorable(item):
                return JsonRejected(where, "text_unstorable")
        elif isinstance(item, dict):
            for key, child in item.items():
                if isinstance(key, str) and text_unstorable(key):
                    return JsonRejected(
                        (*where, key.encode("utf-8", "replace").decode()), "text_unstorable"
                    )
                stack.append((child, (*where, key)))
        elif isinstance(item, list):
            stack.extend((child, (*where, index)) for index, child in enumerate(item))
    return None


def loads_strict(raw: bytes | str) -> Any:
    """json.loads that refuses non-finite or overlong numbers, NUL and lone surrogates.

    Raises json.JSONDecodeError for text that is not JSON, JsonRejected (with the value's
    location) for JSON holding a refused value."""
    try:
        document = json.loads(
            raw,
            parse_float=_parse_float,
            parse_int=_parse_int,
            parse_constant=lambda _name: _Bad("number_not_finite"),
        )
        problem = find_unacceptable(document)
    except RecursionError:
        # "[[[[…" a thousand deep exhausts Python's stack in the parser or in the walk above:
        # refused like any other unacceptable document, for every caller at once.
        raise JsonRejected((), "json_too_deep") from None
    if problem is not None:
        raise problem
    return document
