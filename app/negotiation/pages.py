"""HTML routes of the negotiation area: offer check, save as deal, rate card and its share."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup
from pydantic import ValidationError

from app import clock
from app.errors import RuleError
from app.i18n import SUPPORTED, Translator, negotiate
from app.i18n_markers import N_
from app.ledger import enums
from app.ledger import service as ledger
from app.lru import Lru
from app.negotiation import service as negotiation
from app.negotiation.drafts import draft, proposed_fee
from app.negotiation.present import basis_text, flag_message, to_offer
from app.negotiation.schemas import OfferIn, RateCardIn
from app.validation import DATE_MAX, DATE_MIN, MESSAGE_MAX_CHARS, message_too_long, plain_message
from app.web.core import (
    DbDep,
    Page,
    UserPage,
    UserPost,
    fragment,
    public_base_url,
    reads_only,
    redirect,
    render,
    templates,
)
from app.web.forms import (
    FieldSpec,
    errors_from_rule,
    errors_from_validation,
    read_form,
    translate_error,
)
from app.web.once import form_retried
from app.web.pagecache import cached_page
from app.web.strict import StrictRoute
from app.web.visible import visible_controls

router = APIRouter(route_class=StrictRoute, include_in_schema=False)
ROWS = 3  # deliverable rows on the form
MAX_ROWS = 8  # a pasted message may fill more (one per kind)
# Fields of "save as a deal" that ride along with the offer form (from a pasted message).
SAVE_FIELDS = ("title", "brand_id", "brand_name", "agency_name", "due_on", "brief_text")


def offer_fields(t: Translator) -> list[FieldSpec]:
    """The offer form's fields in the page's language (made once per language)."""
    return list(_offer_fields(t.locale))


@lru_cache(maxsize=len(SUPPORTED))
def _offer_fields(locale: str) -> tuple[FieldSpec, ...]:
    _ = Translator(locale).gettext
    return (
        FieldSpec("fee", _("Cash fee offered"), "money", wide=False),
        FieldSpec(
            "currency", _("Currency"), "text", wide=False, hint=_("Empty: your profile's currency")
        ),
        FieldSpec("in_kind_value", _("Product value"), "money", wide=False),
        FieldSpec("compensation", _("Compensation"), "select", enums.Compensation, blank=False),
        FieldSpec(
            "included_revision_rounds",
            _("Revision rounds included"),
            "int",
            wide=False,
            hint=_("Empty: unlimited or not said"),
        ),
        FieldSpec(
            "payment_days", _("Paid within (days)"), "int", wide=False, hint=_("Empty: not said")
        ),
        FieldSpec("platform_fee_pct", _("Platform fee (%)"), "int", wide=False),
        FieldSpec("agency_cut_pct", _("Agency cut (%)"), "int", wide=False),
        FieldSpec("source", _("Source"), "select", enums.Source, wide=False),
        FieldSpec(
            "withholding",
            _("How the payer withholds income tax"),
            "select",
            enums.Withholding,
            hint=_(
                "Empty: from the source and currency (Pugongying: platform, cumulative; "
                "other CNY: per payment; other currencies: foreign)"
            ),
        ),
        FieldSpec("usage_rights_days", _("Usage rights (days)"), "int", wide=False),
        FieldSpec("exclusivity_days", _("Exclusivity (days)"), "int", wide=False),
        FieldSpec("paid_boost_allowed", _("They want to boost it with paid ads"), "checkbox"),
        FieldSpec("expenses", _("Your expected expenses"), "money", wide=False),
        FieldSpec(
            "target_hourly",
            _("Target hourly rate"),
            "money",
            wide=False,
            hint=_("Empty: your profile's target rate"),
        ),
    )


def _payload(page: Page) -> tuple[dict[str, Any], dict[str, Any]]:
    """Posted values as typed, and the payload for OfferIn."""
    assert page.form is not None
    # Values are kept as typed (strings) so a refused form shows exactly what was entered.
    values = read_form(page.form, offer_fields(page.t))
    rows = []
    for index in range(1, MAX_ROWS + 1):
        kind = str(page.form.get(f"kind_{index}", ""))
        quantity = str(page.form.get(f"quantity_{index}", "")).strip()
        values[f"kind_{index}"], values[f"quantity_{index}"] = kind, quantity
        # A row left empty is not a deliverable and is not shown again either.
        if not kind and not quantity:
            values.pop(f"kind_{index}"), values.pop(f"quantity_{index}")
        if kind:
            # A kind without a quantity means one: the common case of "an image note".
            rows.append({"kind": kind, "quantity": quantity or "1"})
    payload = {
        k: v
        for k, v in values.items()
        # Blank fields are left out rather than sent as "": OfferIn's defaults (profile currency,
        # target rate) apply to what was not said.
        if not k.startswith(("kind_", "quantity_")) and not (isinstance(v, str) and v.strip() == "")
    }
    payload["deliverables"] = rows
    return values, payload


@dataclass(frozen=True)
class _BrandOptions:
    ids: frozenset[str]  # the brands' ids, as a form posts them
    html: Markup  # their <option>s, none selected


# Per account and ledger version (a brand added, renamed or deleted is a write of the account:
# it moves the version): the form's brand list is neither read nor drawn between two writes.
_BRAND_OPTIONS: Lru[_BrandOptions] = Lru(32, versioned=True)
# A list larger than this (its HTML and ids, in bytes of memory) is read and drawn at each check
# instead, as before: one JSON import may bring 100,000 brands of 200 characters, and such a
# list (99 MB of HTML) stayed in memory until 32 others pushed it out (attack-perf11). So the
# cache holds at most 32 x 256 kB whatever a ledger holds (as app.web.pagecache.MAX_PAGE).
BRAND_OPTIONS_MAX_BYTES = 256 * 1024


def _kept_bytes(kept: _BrandOptions) -> int:
    ids = sys.getsizeof(kept.ids) + sum(sys.getsizeof(i) for i in kept.ids)
    return sys.getsizeof(kept.html) + ids


def brand_options(page: Page, selected: str) -> Markup:
    """The <option>s of the account's brands for the "save as a deal" form, `selected` chosen.

    Kept per ledger version as read at the request's start (before the brands). Only the list
    without a choice is kept: a form that comes back with a brand chosen (a refused save) is
    drawn afresh, so what is kept does not depend on what was posted."""
    key = page.ledger_key()
    kept = _BRAND_OPTIONS.get(key)
    if kept is not None and selected not in kept.ids:
        return kept.html
    brands = ledger.brand_choices(page.db, user_id=page.user_id)
    if kept is None:
        html = fragment(page, "negotiation/_brand_options.html", brands=brands, selected="")
        kept = _BrandOptions(frozenset(str(b.id) for b in brands), html)
        if _kept_bytes(kept) <= BRAND_OPTIONS_MAX_BYTES:
            _BRAND_OPTIONS.put(key, kept)
    if selected not in kept.ids:
        return kept.html
    return fragment(page, "negotiation/_brand_options.html", brands=brands, selected=selected)


@lru_cache(maxsize=64)
def _kind_options(locale: str, selected: str) -> Markup:
    """A deliverable row's <option>s in a language, `selected` chosen (a kind's key, or "")."""
    rendered = templates.get_template("negotiation/_kind_options.html").render(
        t=Translator(locale), enums=enums, selected=selected
    )
    return Markup(rendered)  # noqa: S704 - rendered by the autoescaping environment


KIND_KEYS = frozenset(kind.value for kind in enums.DeliverableKind)


def kind_options(t: Translator, selected: Any) -> Markup:
    """_kind_options() of a posted value: anything but a kind's key chooses none (as before),
    so what is kept is bounded by the languages and kinds, never by what was posted."""
    return _kind_options(
        t.locale, selected if isinstance(selected, str) and selected in KIND_KEYS else ""
    )


def _field_macro() -> Any:
    """_macros.html's `field` macro, callable from here (the one every form draws with)."""
    module: Any = templates.env.get_template("_macros.html").module
    return module.field


@lru_cache(maxsize=256)
def _quiet_field(locale: str, name: str, value: str | bool) -> Markup:
    """An offer field drawn with a value a form starts with (empty, unticked, or one of a
    select's choices), without error or note: the same few per language, kept."""
    spec = next(f for f in _offer_fields(locale) if f.name == name)
    drawn: Markup = _field_macro()(spec, {name: value}, {}, Translator(locale), "", None)
    return drawn


def _quiet(spec: FieldSpec, value: Any, t: Translator) -> bool:
    if value == "" or value is False or value is True:
        return value == "" or spec.kind == "checkbox"
    return (
        spec.kind == "select"
        and isinstance(value, str)
        and value in {key for key, _label in spec.choices(t)}
    )


def offer_form_fields(
    t: Translator, values: dict[str, Any], errors: dict[str, str], found: dict[str, str] | None
) -> Markup:
    """The offer form's fields, as _macros.html's `fields` draws them: a field the visitor left
    as it was (empty, unticked, a choice), with no error or note beside it, comes from
    _quiet_field(); one with a typed value is drawn afresh. (So what is kept depends on the
    language, the field and its choices, never on what was typed.)"""
    macro = None
    drawn = []
    for spec in _offer_fields(t.locale):
        value = values.get(spec.name, "")
        if (
            not errors.get(spec.name)
            and not (found and found.get(spec.name))
            and _quiet(spec, value, t)
        ):
            drawn.append(_quiet_field(t.locale, spec.name, value))
        else:
            macro = macro or _field_macro()
            drawn.append(macro(spec, values, errors, t, "", found))
    return Markup("").join(drawn)


def _offer_page(page: Page, status: int = 200, **context: Any) -> Response:
    values = context.get("values") or {}
    # Show as many rows as were filled (a pasted message may fill more than the usual three), never
    # fewer than ROWS.
    filled = [i for i in range(1, MAX_ROWS + 1) if values.get(f"kind_{i}")]
    base = {
        "fields": offer_fields(page.t),
        "row_numbers": range(1, max([ROWS, *filled]) + 1),  # the deliverable rows shown
        "found": {},
        "brief": None,
        "sources": list(enums.Source),
        "values": {"kind_1": "image_note", "quantity_1": "1", "compensation": "cash"},
        "errors": {},
        "result": None,
        "brand_options": brand_options(page, str(values.get("brand_id") or "")),
        "kind_options": lambda selected: kind_options(page.t, selected),
    }
    both = {**base, **context}
    both["fields_html"] = offer_form_fields(page.t, both["values"], both["errors"], both["found"])
    return render(page, "negotiation/offer.html", status, **both)


@router.get("/offers/new")
def new_offer(page: UserPage) -> Response:
    return _offer_page(page)


def _evaluate(page: Page) -> tuple[dict[str, Any], Any, dict[str, str]]:
    values, payload = _payload(page)
    try:
        data = OfferIn.model_validate(payload)
    except ValidationError as exc:
        errors = errors_from_validation(page.t, exc)
        # The list has no control of its own on the page: its error goes beside the first row.
        if "deliverables" in errors:
            errors["kind_1"] = errors.pop("deliverables")
        return values, None, errors
    return values, data, {}


def plain_text(value: str) -> str:
    """Posted text as it was typed: a browser sends each line break as CR LF (so a message of
    15,000 characters and 5,001 lines arrived as 20,001 and was refused as too long), and a
    NUL cannot be stored in PostgreSQL (a pasted or parsed NUL made saving a 500). The same
    rule as the API's and the deal's (app.validation.plain_message), so the limit counts alike."""
    return plain_message(value)


def _too_long(page: Page) -> str:
    return page.t.gettext(
        "Too long: at most %(max_length)s characters.", max_length=MESSAGE_MAX_CHARS
    )


def _message(page: Page) -> str:
    return plain_text(page.text("brief_text", strip=False))


def _save_values(page: Page) -> dict[str, str]:
    """The "save as a deal" fields as posted (kept when the offer is checked again)."""
    values = {
        name: plain_text(page.text(name)).strip() for name in SAVE_FIELDS if name != "brief_text"
    }
    values["brief_text"] = _message(page)[:MESSAGE_MAX_CHARS]
    return values


@router.post("/offers/check")
@reads_only
def check_offer(page: UserPost) -> Response:
    values, data, errors = _evaluate(page)
    values.update(_save_values(page))
    if data is None:
        return _offer_page(page, 422, values=values, errors=errors)
    return _checked_page(page, values, data)


def _checked_page(
    page: Page, values: dict[str, Any], data: OfferIn, status: int = 200, **context: Any
) -> Response:
    profile = ledger.get_profile(page.db, user_id=page.user_id)
    # A target typed for this offer wins over the profile's for this check only; nothing is saved.
    target = data.target_hourly if data.target_hourly is not None else profile.target_hourly
    offer = to_offer(data, profile.currency)
    # The imported release's quartiles, read once for the check and the boxes beside it.
    benchmark = negotiation.benchmark_for(page.db, user_id=page.user_id, offer=offer)
    result = negotiation.check_offer(
        page.db,
        user_id=page.user_id,
        offer=offer,
        target_hourly=target,
        today=page.today,
        benchmark=benchmark,
    )
    card = negotiation.draft_terms(page.db, user_id=page.user_id)
    return _offer_page(
        page,
        status,
        values=values,
        result=result,
        benchmarks=_benchmark_boxes(page, result, benchmark),
        flags=[flag_message(page.t, f) for f in result.red_flags],
        basis=basis_text(page.t, result),
        proposed=proposed_fee(result),
        drafts={
            # Both languages whatever the page's: the brand may write in either.
            "zh": draft(Translator("zh-CN"), result, card),
            "en": draft(Translator("en"), result, card),
        },
        **context,
    )


# --- a pasted message ------------------------------------------------------------------------
FOUND_LABELS = {
    "deliverables": N_("Deliverables"),
    "fee": N_("Fee"),
    "currency": N_("Currency"),
    "in_kind_value": N_("Product value"),
    "included_revision_rounds": N_("Revision rounds"),
    "unlimited_revisions": N_("Revisions"),
    "platform_fee_pct": N_("Platform fee"),
    "agency_cut_pct": N_("Agency cut"),
    "payment_days": N_("Payment"),
    "usage_rights_days": N_("Usage rights"),
    "paid_boost_allowed": N_("Paid boost"),
    "exclusivity_days": N_("Exclusivity"),
    "deadline": N_("Due"),
    "brand": N_("Brand"),
    "agency": N_("Agency"),
    "source": N_("Source"),
}
# the form field each parsed field fills
FORM_FIELD = {
    "deliverables": "kind_1",
    "deadline": "due_on",
    "brand": "brand_name",
    "agency": "agency_name",
    "unlimited_revisions": "included_revision_rounds",
}


def values_from_parse(parsed: dict[str, Any], text: str, t: Translator) -> dict[str, str]:
    """The offer form, filled with what the message says; what it does not say stays empty."""
    values: dict[str, str] = {}
    for index, d in enumerate((parsed["deliverables"] or [])[:MAX_ROWS], 1):
        values[f"kind_{index}"], values[f"quantity_{index}"] = d["kind"], str(d["quantity"])
    for name in (
        "fee",
        "currency",
        "in_kind_value",
        "included_revision_rounds",
        "platform_fee_pct",
        "agency_cut_pct",
        "payment_days",
        "usage_rights_days",
        "exclusivity_days",
    ):
        value = parsed.get(name)
        values[name] = "" if value is None else str(value)
    if parsed.get("paid_boost_allowed"):
        values["paid_boost_allowed"] = "on"
    # A fee read as 0.00 is no cash fee: with products it is an in-kind offer.
    has_fee = parsed.get("fee") not in (None, "0.00")
    has_goods = parsed.get("in_kind_value") is not None
    values["compensation"] = (
        "mixed" if has_fee and has_goods else "in_kind" if has_goods else "cash"
    )
    values["brand_name"] = parsed.get("brand") or ""
    values["agency_name"] = parsed.get("agency") or ""
    values["due_on"] = parsed.get("deadline") or ""
    values["source"] = parsed.get("source") or ""
    values["brief_text"] = text
    kinds = [
        f"{t.label(enums.DeliverableKind, d['kind'])} ×{d['quantity']}"
        for d in parsed["deliverables"] or []
    ]
    # A title she can keep or change: the brand and what they want, as the deal list shows it.
    values["title"] = " · ".join(
        part for part in (parsed.get("brand") or "", ", ".join(kinds)) if part
    )[:200]
    return values


def highlighted(text: str, spans: dict[str, dict[str, Any]], t: Translator) -> list[dict[str, Any]]:
    """The message cut into plain and marked pieces; each mark names the fields it gave."""
    marks: dict[tuple[int, int], list[str]] = {}
    for name, span in spans.items():
        if name in FOUND_LABELS and span["end"] > span["start"]:
            marks.setdefault((span["start"], span["end"]), []).append(t.gettext(FOUND_LABELS[name]))
    pieces: list[dict[str, Any]] = []
    at = 0
    for (start, end), labels in sorted(marks.items()):
        # (overlaps are possible: two rules may read the same words)
        if start < at:
            continue  # overlaps a mark already made
        if start > at:
            pieces.append({"text": text[at:start], "labels": None})
        pieces.append({"text": text[start:end], "labels": ", ".join(dict.fromkeys(labels))})
        at = end
    if at < len(text):
        pieces.append({"text": text[at:], "labels": None})
    return pieces


def _paste_errors(page: Page, text: str) -> dict[str, str]:
    if not text.strip():
        return {"brief_text": page.t.gettext("Paste the brand's message first.")}
    if message_too_long(text):
        return {"brief_text": _too_long(page)}
    return {}


@router.get("/offers/paste")
def paste_page(page: UserPage) -> Response:
    return render(page, "negotiation/paste.html", text="", errors={})


@router.post("/offers/paste")
def read_pasted(page: UserPost) -> Response:
    text = _message(page)
    errors = _paste_errors(page, text)
    if errors:
        return render(
            page, "negotiation/paste.html", 422, text=text[:MESSAGE_MAX_CHARS], errors=errors
        )
    parsed = negotiation.parse_message(page.db, user_id=page.user_id, text=text, today=page.today)
    values = values_from_parse(parsed, text, page.t)
    # Each filled field says which words it came from, so she can check it against the message.
    found = {
        FORM_FIELD.get(name, name): page.t.gettext(
            # (direction controls shown, as in the marked message: they could reorder it)
            "From the message: «%(text)s»",
            text=visible_controls(" ".join(span["text"].split())[:120]),
        )
        for name, span in parsed["spans"].items()
        if name in FOUND_LABELS
    }
    # Only these two are needed to check an offer; the rest have defaults.
    missing = [
        page.t.gettext(FOUND_LABELS[name])
        for name in ("deliverables", "fee")
        if parsed.get(name) is None
    ]
    brief = {
        "pieces": highlighted(text, parsed["spans"], page.t),
        "missing": missing,
        "conflicts": [page.t.gettext(FOUND_LABELS[c]) for c in parsed["conflicts"]],
        "floor": bool(parsed.get("fee_is_floor")),
        "unlimited": parsed.get("unlimited_revisions") is True,
    }
    payload = {
        k: v for k, v in values.items() if k in {f.name for f in offer_fields(page.t)} and v != ""
    }
    if parsed["deliverables"]:
        payload["deliverables"] = parsed["deliverables"]
    # Enough to check: the page shows the result at once; otherwise the filled form, to complete.
    if parsed["fee"] is not None and parsed["deliverables"]:
        try:
            data = OfferIn.model_validate(payload)
        except ValidationError as exc:
            return _offer_page(
                page,
                values=values,
                errors=errors_from_validation(page.t, exc),
                found=found,
                brief=brief,
            )
        return _checked_page(page, values, data, found=found, brief=brief)
    return _offer_page(page, values=values, found=found, brief=brief)


def _benchmark_boxes(
    page: Page, result: Any, found: negotiation.Benchmark | None
) -> list[dict[str, Any]]:
    """The offer's fee per unit against the imported benchmark (benchmark_for() of the offer):
    a box with "you"."""
    from app.economics import charts

    boxes = []
    for kind, q in (found or {}).items():
        # A fee per unit is only meaningful for an offer of one kind of deliverable; with several
        # kinds the fee cannot be split between them honestly.
        if q is None or result.fee_per_unit is None or len(result.offer.deliverables) != 1:
            continue
        # Benchmarks are in major units (yuan), the offer in fen.
        you = result.fee_per_unit / 100
        boxes.append(
            {
                "kind": kind,
                "q": q,
                "chart": charts.box_plot(
                    q.get("p25"),
                    q["median"],
                    q.get("p75"),
                    you,
                    you_label=page.t.gettext("this offer"),
                ),
            }
        )
    return boxes


@router.post("/offers/save")
def save_offer(page: UserPost) -> Response:
    values, data, errors = _evaluate(page)
    assert page.form is not None
    values.update(_save_values(page))
    title, brand_raw = values["title"][:200], values["brand_id"]
    brand_name, agency_name = values["brand_name"][:200], values["agency_name"][:200]
    if not title:
        errors["title"] = page.t.gettext("This field is required.")
    if not brand_raw and not brand_name:
        errors["brand_id"] = page.t.gettext("Choose one of your brands.")
    due_on: date | None = None
    if values["due_on"]:
        try:
            due_on = date.fromisoformat(values["due_on"])
        except ValueError:
            errors["due_on"] = page.t.gettext("Enter a real date (YYYY-MM-DD).")
        else:
            # A date the ledger does not hold (2000-2099), named beside the date, not the brand.
            if not DATE_MIN <= due_on <= DATE_MAX:
                errors["due_on"] = translate_error(page.t, "date_out_of_range")
    if message_too_long(_message(page)):
        errors["brief_text"] = _too_long(page)
    if data is None:
        return _offer_page(page, 422, values=values, errors=errors)
    # (the save fields are checked here, not by OfferIn, because checking an offer needs none of
    # them)
    if errors:  # the offer is fine: show it checked, with the save fields to correct
        return _checked_page(page, values, data, 422, errors=errors)
    profile = ledger.get_profile(page.db, user_id=page.user_id)
    try:
        # The same form posted again (a double tap, a phone retrying): one deal, one brand. The
        # token is claimed in the deal's transaction: a save refused below can be sent again.
        if form_retried(page):
            return redirect("/deals")
        if brand_raw:
            brand_id = int(brand_raw)
        else:
            brand_id = (
                ledger.find_or_create_brand(page.db, user_id=page.user_id, name=brand_name).id or 0
            )
        agency_id = None
        if agency_name:
            agency_id = ledger.find_or_create_agency(
                page.db, user_id=page.user_id, name=agency_name
            ).id
        deal = negotiation.save_as_deal(
            page.db,
            user_id=page.user_id,
            offer=to_offer(data, profile.currency),
            brand_id=brand_id,
            title=title,
            agency_id=agency_id,
            now=page.now,
            today=page.today,
            brief_text=values["brief_text"],
            due_on=due_on,
        )
    except ValidationError as exc:
        # A field of the deal refused by its own rules: named beside that field.
        page.db.rollback()
        return _checked_page(page, values, data, 422, errors=_save_errors(page, exc))
    # ValueError: a brand id that is not a number (a tampered form); RuleError: one that is not
    # hers.
    except (RuleError, ValueError) as exc:
        # A brand or agency made by name above must not stay behind when the deal is refused.
        page.db.rollback()
        errors = (
            errors_from_rule(page.t, exc)
            if isinstance(exc, RuleError)
            else {"brand_id": page.t.gettext("Choose one of your brands.")}
        )
        return _checked_page(page, values, data, 422, errors=errors)
    return redirect(f"/deals/{deal.id}")


def _save_errors(page: Page, exc: ValidationError) -> dict[str, str]:
    """The deal's errors beside the controls of the page that show them; any other beside the
    offer's fields (errors["__all__"]), never dropped."""
    shown = {f.name for f in offer_fields(page.t)} | set(SAVE_FIELDS)
    errors: dict[str, str] = {}
    for name, message in errors_from_validation(page.t, exc).items():
        name = {"quoted_fee": "fee"}.get(name, name)
        errors.setdefault(name if name in shown else "__all__", message)
    return errors


# --- rate card -------------------------------------------------------------------------------
def card_fields(t: Translator) -> list[FieldSpec]:
    _ = t.gettext
    return [
        FieldSpec("platform_fee_pct", _("Platform fee (%)"), "int", wide=False),
        FieldSpec("agency_cut_pct", _("Agency cut (%)"), "int", wide=False),
        FieldSpec("usage_rights_pct", _("Usage rights surcharge (%)"), "int", wide=False),
        FieldSpec("paid_boost_pct", _("Paid boost surcharge (%)"), "int", wide=False),
        FieldSpec("exclusivity_pct", _("Exclusivity surcharge (%)"), "int", wide=False),
        FieldSpec(
            "withholding",
            _("How the payer withholds income tax"),
            "select",
            enums.Withholding,
            blank=False,
        ),
        FieldSpec("show_niche", _("Show my niche on the shared card"), "checkbox"),
        FieldSpec("show_platform", _("Show my platform on the shared card"), "checkbox"),
        FieldSpec("show_hours", _("Show hours per deliverable on the shared card"), "checkbox"),
    ]


def _card_page(
    page: Page,
    status: int = 200,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    card = negotiation.rate_card(page.db, user_id=page.user_id, today=page.today)
    s = card.settings
    share = None
    if s.share_token:
        share = public_base_url(page.request, page.settings) + f"/card/{s.share_token}"
    return render(
        page,
        "negotiation/rate_card.html",
        status,
        card=card,
        fields=card_fields(page.t),
        share_url=share,
        errors=errors or {},
        values=values or {name: getattr(s, name) for name in RateCardIn.model_fields},
    )


@router.get("/rate-card")
def show_rate_card(page: UserPage) -> Response:
    return cached_page(page, "rate card", lambda: _card_page(page))


@router.post("/rate-card")
def update_rate_card(page: UserPost) -> Response:
    assert page.form is not None
    values = read_form(page.form, card_fields(page.t))
    try:
        # Empty fields keep the model's defaults rather than failing as "not a number".
        data = RateCardIn.model_validate({k: v for k, v in values.items() if v != ""})
    except ValidationError as exc:
        return _card_page(page, 422, values=values, errors=errors_from_validation(page.t, exc))
    negotiation.update_rate_card(page.db, user_id=page.user_id, changes=data.model_dump())
    return redirect("/rate-card")


@router.post("/rate-card/share")
def share_rate_card(page: UserPost) -> Response:
    assert page.form is not None
    # "start" on a card already shared makes a new link: the old address stops working.
    negotiation.share_rate_card(page.db, user_id=page.user_id, on=page.form.get("action") != "stop")
    return redirect("/rate-card#share")


@router.get("/card/{token}")
def shared_card(request: Request, db: DbDep, token: str) -> Response:
    """The read-only card: rates only, nothing private (no deals, names or notes)."""
    settings = negotiation.card_by_token(db, token)
    if settings is None:
        # Plain text, not the app's 404 page: a visitor with a stale link is not signed in and needs
        # no navigation.
        return Response("Not found", status_code=404, media_type="text/plain")
    # The visitor's language, not the owner's: a brand reading the card chooses it.
    locale = request.query_params.get("lang")
    if locale not in SUPPORTED:
        locale = negotiate(request.headers.get("accept-language"))
    t = Translator(locale)
    # The card is priced from the owner's history as of her own today, in her time zone.
    profile = ledger.get_profile(db, user_id=settings.user_id)
    card = negotiation.rate_card(
        db, user_id=settings.user_id, today=clock.today_in(profile.timezone)
    )
    html = templates.get_template("negotiation/shared_card.html").render(
        t=t,
        _=t.gettext,
        card=card,
        profile=profile,
        token=token,
        enums=enums,
        user=None,
        page=None,
        public=True,
    )
    return Response(
        html,
        media_type="text/html; charset=utf-8",
        # The token is the only key to the card: never cached by a proxy, never sent on as a
        # Referer.
        headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"},
    )
