"""HTML routes of the negotiation area: offer check, save as deal, rate card and its share."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError

from app import clock
from app.errors import RuleError
from app.ledger import enums
from app.ledger import service as ledger
from app.negotiation import service as negotiation
from app.negotiation.drafts import draft, proposed_fee
from app.negotiation.present import basis_text, flag_message, to_offer
from app.negotiation.schemas import OfferIn, RateCardIn
from app.web.core import DbDep, Page, UserPage, UserPost, redirect, render, templates
from app.web.forms import FieldSpec, errors_from_rule, errors_from_validation, read_form
from app.web.i18n import SUPPORTED, Translator, negotiate
from app.web.strict import StrictRoute

router = APIRouter(route_class=StrictRoute, include_in_schema=False)
ROWS = 3  # deliverable rows on the form


def offer_fields(t: Translator) -> list[FieldSpec]:
    _ = t.gettext
    return [
        FieldSpec("fee", _("Cash fee offered"), "money", wide=False),
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
            hint=_("Empty: your profile's"),
        ),
    ]


def _payload(page: Page) -> tuple[dict[str, Any], dict[str, Any]]:
    """Posted values as typed, and the payload for OfferIn."""
    assert page.form is not None
    values = read_form(page.form, offer_fields(page.t))
    rows = []
    for index in range(1, ROWS + 1):
        kind = str(page.form.get(f"kind_{index}", ""))
        quantity = str(page.form.get(f"quantity_{index}", "")).strip()
        values[f"kind_{index}"], values[f"quantity_{index}"] = kind, quantity
        if kind:
            rows.append({"kind": kind, "quantity": quantity or "1"})
    payload = {
        k: v
        for k, v in values.items()
        if not k.startswith(("kind_", "quantity_")) and not (isinstance(v, str) and v.strip() == "")
    }
    payload["deliverables"] = rows
    return values, payload


def _offer_page(page: Page, status: int = 200, **context: Any) -> Response:
    brands, _ = ledger.list_brands(page.db, user_id=page.user_id)
    base = {
        "fields": offer_fields(page.t),
        "rows": ROWS,
        "values": {"kind_1": "image_note", "quantity_1": "1", "compensation": "cash"},
        "errors": {},
        "result": None,
        "brands": brands,
    }
    return render(page, "negotiation/offer.html", status, **{**base, **context})


@router.get("/offers/new")
def new_offer(page: UserPage) -> Response:
    return _offer_page(page)


def _evaluate(page: Page) -> tuple[dict[str, Any], Any, dict[str, str]]:
    values, payload = _payload(page)
    try:
        data = OfferIn.model_validate(payload)
    except ValidationError as exc:
        errors = errors_from_validation(page.t, exc)
        if "deliverables" in errors:
            errors["kind_1"] = errors.pop("deliverables")
        return values, None, errors
    return values, data, {}


@router.post("/offers/check")
def check_offer(page: UserPost) -> Response:
    values, data, errors = _evaluate(page)
    if data is None:
        return _offer_page(page, 422, values=values, errors=errors)
    profile = ledger.get_profile(page.db, user_id=page.user_id)
    target = data.target_hourly if data.target_hourly is not None else profile.target_hourly
    result = negotiation.check_offer(
        page.db,
        user_id=page.user_id,
        offer=to_offer(data, profile.currency),
        target_hourly=target,
        today=page.today,
    )
    card = negotiation.rate_card_settings(page.db, user_id=page.user_id)
    return _offer_page(
        page,
        values=values,
        result=result,
        benchmarks=_benchmark_boxes(page, result),
        flags=[flag_message(page.t, f) for f in result.red_flags],
        basis=basis_text(page.t, result),
        proposed=proposed_fee(result),
        drafts={
            "zh": draft(Translator("zh-CN"), result, card),
            "en": draft(Translator("en"), result, card),
        },
    )


def _benchmark_boxes(page: Page, result: Any) -> list[dict[str, Any]]:
    """The offer's fee per unit against the imported benchmark: a box with "you"."""
    from app.economics import charts

    found = negotiation.benchmark_for(page.db, user_id=page.user_id, offer=result.offer)
    boxes = []
    for kind, q in (found or {}).items():
        if q is None or result.fee_per_unit is None or len(result.offer.deliverables) != 1:
            continue
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
    title = str(page.form.get("title", "")).strip()[:200]
    brand_raw = str(page.form.get("brand_id", ""))
    brand_name = str(page.form.get("brand_name", "")).strip()[:200]
    values.update({"title": title, "brand_id": brand_raw, "brand_name": brand_name})
    if not title:
        errors["title"] = page.t.gettext("This field is required.")
    if not brand_raw and not brand_name:
        errors["brand_id"] = page.t.gettext("Choose one of your brands.")
    if data is None or errors:
        return _offer_page(page, 422, values=values, errors=errors)
    profile = ledger.get_profile(page.db, user_id=page.user_id)
    try:
        if brand_raw:
            brand_id = int(brand_raw)
        else:
            from app.ledger.schemas import BrandCreate

            brand_id = (
                ledger.create_brand(
                    page.db, user_id=page.user_id, data=BrandCreate(name=brand_name)
                ).id
                or 0
            )
        deal = negotiation.save_as_deal(
            page.db,
            user_id=page.user_id,
            offer=to_offer(data, profile.currency),
            brand_id=brand_id,
            title=title,
            agency_id=None,
            now=page.now,
            today=page.today,
        )
    except (RuleError, ValueError) as exc:
        page.db.rollback()
        errors = (
            errors_from_rule(page.t, exc)
            if isinstance(exc, RuleError)
            else {"brand_id": page.t.gettext("Choose one of your brands.")}
        )
        return _offer_page(page, 422, values=values, errors=errors)
    return redirect(f"/deals/{deal.id}")


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
        share = str(page.request.base_url).rstrip("/") + f"/card/{s.share_token}"
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
    return _card_page(page)


@router.post("/rate-card")
def update_rate_card(page: UserPost) -> Response:
    assert page.form is not None
    values = read_form(page.form, card_fields(page.t))
    try:
        data = RateCardIn.model_validate({k: v for k, v in values.items() if v != ""})
    except ValidationError as exc:
        return _card_page(page, 422, values=values, errors=errors_from_validation(page.t, exc))
    negotiation.update_rate_card(page.db, user_id=page.user_id, changes=data.model_dump())
    return redirect("/rate-card")


@router.post("/rate-card/share")
def share_rate_card(page: UserPost) -> Response:
    assert page.form is not None
    negotiation.share_rate_card(page.db, user_id=page.user_id, on=page.form.get("action") != "stop")
    return redirect("/rate-card#share")


@router.get("/card/{token}")
def shared_card(request: Request, db: DbDep, token: str) -> Response:
    """The read-only card: rates only, nothing private (no deals, names or notes)."""
    settings = negotiation.card_by_token(db, token)
    if settings is None:
        return Response("Not found", status_code=404, media_type="text/plain")
    locale = request.query_params.get("lang")
    if locale not in SUPPORTED:
        locale = negotiate(request.headers.get("accept-language"))
    t = Translator(locale)
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
        headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"},
    )
