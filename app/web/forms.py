"""HTML forms: read posted fields into input models, and turn errors into translated messages."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from app.errors import RuleError
from app.i18n_markers import N_
from app.web.i18n import Translator

# Error type (pydantic's or ours) -> message; %(name)s takes values from the error's ctx.
ERROR_MESSAGES: dict[str, str] = {
    "missing": N_("This field is required."),
    "string_too_short": N_("This field is required."),
    "string_too_long": N_("Too long: at most %(max_length)s characters."),
    "int_parsing": N_("Enter a whole number."),
    "int_type": N_("Enter a whole number."),
    "int_from_float": N_("Enter a whole number."),
    "greater_than_equal": N_("Must be at least %(ge)s."),
    "less_than_equal": N_("Must be at most %(le)s."),
    "enum": N_("Choose one of the options."),
    "literal_error": N_("Choose one of the options."),
    "date_parsing": N_("Enter a real date (YYYY-MM-DD)."),
    "date_from_datetime_parsing": N_("Enter a real date (YYYY-MM-DD)."),
    "date_from_datetime_inexact": N_("Enter a real date (YYYY-MM-DD)."),
    "date_type": N_("Enter a real date (YYYY-MM-DD)."),
    "date_out_of_range": N_("Enter a date between 2000-01-01 and 2099-12-31."),
    "bool_parsing": N_("Choose yes or no."),
    "extra_forbidden": N_("This field is not expected."),
    "money_invalid": N_("Enter an amount such as 1234.50."),
    "money_negative": N_("The amount cannot be negative."),
    "money_precision": N_("Use at most two decimal places."),
    "money_too_large": N_("That amount is too large."),
    "deductions_exceed_gross": N_("Fees and tax together cannot exceed the gross amount."),
    "revision_round_required": N_("A revision needs its round number."),
    "revision_round_refused": N_("Only revisions have a round number."),
    "currency_unknown": N_("Unknown currency code, e.g. CNY or USD."),
    "timezone_unknown": N_("Unknown time zone, e.g. Asia/Shanghai."),
    "unknown_brand": N_("Choose one of your brands."),
    "unknown_agency": N_("Choose one of your agencies."),
    "brand_in_use": N_("This brand still has deals; delete or move them first."),
    "username_invalid": N_("Use 2–64 letters, digits, dots, dashes or underscores."),
    "username_taken": N_("That username is taken."),
    "password_short": N_("Use at least 8 characters."),
    "password_long": N_("That password is too long."),
    "password_mismatch": N_("The two passwords differ."),
    "login_failed": N_("Wrong username or password."),
    "url_scheme": N_("Use a web address starting with https://"),
    "slug_invalid": N_("Use 2–39 lowercase letters, digits or dashes."),
    "slug_taken": N_("That address is taken."),
    "invite_invalid": N_("That invite code is not valid or was already used."),
    "cuts_exceed_fee": N_("Platform fee and agency cut together must stay below 100 percent."),
    "number_not_finite": N_("Enter a finite number (not NaN, Infinity or beyond 1e308)."),
    "number_too_long": N_("That number is too long."),
    "json_too_deep": N_("This file or request is nested too deeply to read."),
    "text_unstorable": N_(
        "This text holds a character that cannot be stored (NUL or a broken character)."
    ),
    "finite_number": N_("Enter a finite number (not NaN, Infinity or beyond 1e308)."),
    "login_throttled": N_("Too many failed sign-ins. Wait 15 minutes and try again."),
}
FALLBACK = N_("This value is not valid.")


def translate_error(t: Translator, code: str, ctx: Mapping[str, Any] | None = None) -> str:
    template = ERROR_MESSAGES.get(code, FALLBACK)
    values = {k: v for k, v in (ctx or {}).items() if isinstance(v, int | float | str)}
    try:
        return t.gettext(template, **values) if "%(" in template else t.gettext(template)
    except (KeyError, ValueError):
        return t.gettext(FALLBACK)


def errors_from_validation(t: Translator, exc: ValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for error in exc.errors():
        loc = [part for part in error["loc"] if isinstance(part, str)]
        # A model-level rule names no field; it belongs beside the field it is about.
        name = loc[0] if loc else _field_for_rule(error["type"])
        errors.setdefault(name, translate_error(t, error["type"], error.get("ctx")))
    return errors


def errors_from_rule(t: Translator, exc: RuleError) -> dict[str, str]:
    return {exc.field: translate_error(t, exc.code)}


def _field_for_rule(code: str) -> str:
    return {
        "deductions_exceed_gross": "gross",
        "revision_round_required": "revision_round",
        "revision_round_refused": "revision_round",
    }.get(code, "__all__")


@dataclass(frozen=True)
class FieldSpec:
    """How one input is drawn: its name, label, kind and options."""

    name: str
    label: str
    kind: str = "text"  # text, textarea, money, int, date, select, checkbox, url, password
    options: Any = None  # an enum type for selects, or a callable giving (value, label) pairs
    required: bool = False
    hint: str = ""
    blank: bool = True  # a select offers an empty choice
    wide: bool = True
    attrs: dict[str, str] = field(default_factory=dict)

    def choices(self, t: Translator) -> list[tuple[str, str]]:
        if self.options is None:
            return []
        if isinstance(self.options, type):
            return t.options(self.options)
        return list(self.options())


def read_form(form: Mapping[str, Any], specs: Iterable[FieldSpec]) -> dict[str, Any]:
    """Posted strings for the named fields; unticked checkboxes become False."""
    values: dict[str, Any] = {}
    for spec in specs:
        if spec.kind == "checkbox":
            values[spec.name] = spec.name in form and form[spec.name] not in ("", "0", "off")
        else:
            raw = form.get(spec.name, "")
            values[spec.name] = raw if isinstance(raw, str) else ""
    return values


def posted_changes(
    form: Mapping[str, Any],
    specs: Iterable[FieldSpec],
    data: Any,
    *,
    links: Iterable[str] = (),
    kept_unless_posted: Iterable[str] = (),
) -> dict[str, Any]:
    """What an edit form changes: the validated model's fields that the form has.

    An edit form posts every field it has, and each is written (a blank one becomes its
    default). A field of the model that the form does not have is left as stored, never reset
    to its default: review 13 found a deal's pasted message erased by every edit that way.
    `links`: fields set from other inputs (a brand's id from its name). `kept_unless_posted`:
    fields left as stored when the post does not carry them (a page cached before the field
    was added to the form)."""
    on_form = {spec.name for spec in specs} | set(links)
    kept = set(kept_unless_posted)
    changes: dict[str, Any] = data.model_dump()
    for name in list(changes):
        if name not in on_form or (name in kept and name not in form):
            del changes[name]
    return changes
