"""Translations (Babel catalogs compiled in memory) and locale-aware formatting.

Outside app/web/ so exports, drafts and the CLI speak the user's language without any web code;
app/web/i18n.py re-exports it for the web layer."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from app.ledger.enums import LABELS
from app.money import rate_to_minor, to_decimal

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SUPPORTED = ("zh-CN", "en")
DEFAULT_LOCALE = "zh-CN"
_BABEL_NAMES = {"zh-CN": "zh_CN", "en": "en"}


@cache
def translations(locale: str) -> Translations:
    """The locale's catalog, compiled from its .po file once per process."""
    po_path = LOCALE_DIR / _BABEL_NAMES[locale] / "LC_MESSAGES" / "messages.po"
    # A catalog missing from an install shows the English source strings rather than failing.
    if not po_path.exists():
        return Translations()
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=_BABEL_NAMES[locale])
    buffer = BytesIO()
    # Compiled from the .po in memory: no .mo file to keep in step with it, nothing written at run
    # time.
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def negotiate(accept_language: str | None) -> str:
    """Pick zh-CN or en from an Accept-Language header (zh-TW etc. map to Chinese)."""
    if not accept_language:
        return DEFAULT_LOCALE
    ranked: list[tuple[float, str]] = []
    for part in accept_language.split(","):
        piece = part.strip()
        if not piece:
            continue
        name, _, params = piece.partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                # A malformed weight ranks last instead of failing the request.
                quality = 0.0
        ranked.append((quality, name.strip().lower()))
    # sorted() is stable: languages of equal weight keep the browser's order.
    for _quality, name in sorted(ranked, key=lambda item: -item[0]):
        if name.startswith("zh"):
            return "zh-CN"
        if name.startswith("en"):
            return "en"
    return DEFAULT_LOCALE


# --- numbers, formatted once per value --------------------------------------------------------
# Babel's format_* functions parse the locale and the pattern on every call; a page of figures
# formats hundreds of values. Here each locale and pattern is parsed once, and each formatted
# value is kept in a bounded memo (a ledger's figures repeat: the same totals on every view),
# typed: 1, 1.0 and Decimal("1") are kept apart, as Babel may print equal numbers of different
# types differently.
MEMO = 8192  # formatted strings per kind; a few hundred kilobytes at most


@cache
def _babel(locale: str) -> Locale:
    return Locale.parse(locale)


@cache
def _pattern(pattern: str) -> babel_numbers.NumberPattern:
    return babel_numbers.parse_pattern(pattern)


@lru_cache(maxsize=MEMO, typed=True)
def _money(locale: str, minor: int, currency: str) -> str:
    """babel.numbers.format_currency(minor / 100, currency, locale=locale)."""
    loc = _babel(locale)
    return str(loc.currency_formats["standard"].apply(to_decimal(minor), loc, currency=currency))


def _negative(value: Decimal | float) -> bool:
    """The sign, zero included: -0.0 == 0.0 (and Decimal("-0") == 0) with equal hashes, so a memo
    keyed by the value alone would print whichever zero it saw first."""
    if isinstance(value, Decimal):
        return value.is_signed()
    return math.copysign(1.0, value) < 0


@lru_cache(maxsize=MEMO, typed=True)
def _decimal(locale: str, value: Decimal | float, places: int, negative: bool) -> str:
    """babel.numbers.format_decimal(value, format="#,##0.00…", locale=locale)."""
    pattern = "#,##0." + "0" * places if places else "#,##0"
    return str(_pattern(pattern).apply(value, _babel(locale)))


@lru_cache(maxsize=MEMO, typed=True)
def _number(locale: str, value: int) -> str:
    """babel.numbers.format_decimal(value, locale=locale)."""
    loc = _babel(locale)
    return str(loc.decimal_formats[None].apply(value, loc))


@lru_cache(maxsize=MEMO, typed=True)
def _percent(locale: str, value: Decimal | float, negative: bool) -> str:
    """babel.numbers.format_percent(value, format="#,##0%", locale=locale)."""
    return str(_pattern("#,##0%").apply(value, _babel(locale)))


@lru_cache(maxsize=MEMO)
def _date(locale: str, value: dt.date, fmt: str) -> str:
    return str(babel_dates.format_date(value, format=fmt, locale=_babel(locale)))


@lru_cache(maxsize=MEMO)
def _skeleton(locale: str, skeleton: str, value: dt.date) -> str:
    return str(babel_dates.format_skeleton(skeleton, value, locale=_babel(locale)))


@dataclass
class Translator:
    """Everything a template or message needs to speak the user's language."""

    locale: str
    timezone: str = "Asia/Shanghai"
    _tr: Translations = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # An unknown locale (an old cookie, a hand-edited one) falls back rather than failing every
        # page.
        if self.locale not in SUPPORTED:
            self.locale = DEFAULT_LOCALE
        self._tr = translations(self.locale)

    @property
    def babel_locale(self) -> str:
        return _BABEL_NAMES[self.locale]

    @property
    def html_lang(self) -> str:
        return "zh-Hans" if self.locale == "zh-CN" else "en"

    def gettext(self, message: str, **values: Any) -> str:
        text: str = self._tr.gettext(message)
        # %-formatting after the lookup: the catalog holds the msgid with its placeholders.
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, n: int, **values: Any) -> str:
        text: str = self._tr.ngettext(singular, plural, n)
        # Plural messages name their count "num", as Babel extracts them.
        return text % {"num": n, **values}

    def label(self, enum_type: Any, value: str | None) -> str:
        if value is None:
            return ""
        # A stored value no longer in the enum is shown as stored, not as an error.
        return self.gettext(LABELS[enum_type].get(value, value))

    def options(self, enum_type: Any) -> list[tuple[str, str]]:
        return [(key, self.gettext(text)) for key, text in LABELS[enum_type].items()]

    # --- formatting -----------------------------------------------------------------------
    def money(self, minor: int | None, currency: str = "CNY") -> str:
        if minor is None:
            return "—"
        return _money(self.babel_locale, int(minor), currency)

    def whole(self, minor: int | None) -> str:
        """An amount as whole units without its sign, for a column headed by its currency (a
        phone's width holds three of them beside a label; three full amounts did not fit)."""
        if minor is None:
            return "—"
        return self.decimal(to_decimal(int(minor)), 0)

    def hourly(self, rate: Decimal | None, currency: str = "CNY") -> str:
        """A rate per hour (major units, as calc keeps it) as money; "—" when unknown."""
        return self.money(rate_to_minor(rate), currency)

    def decimal(self, value: Decimal | float | None, places: int = 2) -> str:
        if value is None:
            return "—"
        # A fixed number of places: figures in a column line up.
        return _decimal(self.babel_locale, value, places, _negative(value))

    def number(self, value: int | None) -> str:
        if value is None:
            return "—"
        return _number(self.babel_locale, value)

    def percent(self, value: Decimal | float | None) -> str:
        if value is None:
            return "—"
        return _percent(self.babel_locale, value, _negative(value))

    def date(self, value: dt.date | None, fmt: str = "medium") -> str:
        if value is None:
            return "—"
        return _date(self.babel_locale, value, fmt)

    def short_date(self, value: dt.date | None) -> str:
        if value is None:
            return "—"
        # A skeleton, not a pattern: each language orders month and day its own way ("3月5日", "Mar
        # 5").
        return _skeleton(self.babel_locale, "MMMd", value)

    def short_month(self, value: dt.date) -> str:
        return _skeleton(self.babel_locale, "MMM", value)

    def time(self, value: dt.datetime | None) -> str:
        if value is None:
            return "—"
        # Times are stored in UTC; SQLite returns them without their zone.
        if value.tzinfo is None:
            value = value.replace(tzinfo=ZoneInfo("UTC"))
        # Shown in the account's time zone, not the server's.
        local = value.astimezone(ZoneInfo(self.timezone))
        return str(babel_dates.format_time(local, format="short", locale=self.babel_locale))

    def minutes(self, minutes: int | None) -> str:
        if minutes is None:
            return "—"
        hours, rest = divmod(minutes, 60)
        if hours and rest:
            return self.gettext("%(h)s h %(m)s min", h=hours, m=rest)
        if hours:
            return self.gettext("%(h)s h", h=hours)
        return self.gettext("%(m)s min", m=rest)
