"""HTML routes of the economics area: dashboard, tax estimate, calendar feed, CSV exports."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup, escape

from app import clock
from app.db import row_key
from app.economics import calc, charts, exports, periods, tax_rollup, tax_service
from app.economics import service as economics
from app.economics.serialize import filing_reason_texts, parse_fx
from app.errors import NotFound
from app.i18n import Translator
from app.i18n_markers import N_
from app.ledger import enums
from app.ledger import service as ledger
from app.lru import Lru
from app.validation import clamp_date
from app.web.core import (
    DbDep,
    Page,
    UserPage,
    fragment,
    get_settings,
    public_base_url,
    render,
)
from app.web.pagecache import cached_page
from app.web.strict import StrictRoute

router = APIRouter(route_class=StrictRoute, include_in_schema=False)


def _date_param(page: Page, name: str) -> date | None:
    raw = page.request.query_params.get(name)
    if not raw:
        return None
    try:
        return clamp_date(date.fromisoformat(raw))  # to=9999-12-31 means "no end"
    except ValueError:
        return None


def period_of(page: Page) -> periods.Period:
    return periods.resolve(
        page.request.query_params.get("period"),
        today=page.today,
        start=_date_param(page, "from"),
        end=_date_param(page, "to"),
    )


def _month_label(t: Translator, key: str) -> str:
    year, month = int(key) // 100, int(key) % 100
    return t.short_month(date(year, month, 1))


def _labelled(t: Translator, summary: economics.Summary) -> None:
    for b in summary.by_deliverable_kind:
        b.label = t.label(enums.DeliverableKind, b.key)
    for b in summary.by_source:
        b.label = t.label(enums.Source, b.key)
    for b in summary.by_agency:
        if not b.key:
            b.label = t.gettext("Direct")
    for b in summary.by_month:
        b.label = _month_label(t, b.key)


BREAKDOWN_TOP = 10  # brands and agencies listed; the rest are summed in one "others" row


def top_and_others(
    t: Translator, items: list[economics.Breakdown], currency: str
) -> list[economics.Breakdown]:
    """The entries of one currency with the most net income, then one row for the rest: a
    ledger with hundreds of brands renders the same table as one with ten."""
    rows = sorted(
        (b for b in items if b.totals.currency == currency),
        key=lambda b: (-b.totals.net_income, b.label),
    )
    if len(rows) <= BREAKDOWN_TOP + 1:
        return rows
    rest = rows[BREAKDOWN_TOP:]
    others = calc.Totals(currency=currency)
    for item in rest:
        for spec in fields(calc.Totals):
            if spec.name == "currency":
                continue
            value = getattr(item.totals, spec.name)
            if value is not None:
                setattr(others, spec.name, (getattr(others, spec.name) or 0) + value)
    label = t.gettext("Others (%(count)s)", count=len(rest))
    return [*rows[:BREAKDOWN_TOP], economics.Breakdown("", label, others)]


def totals_table(
    t: Translator, items: list[economics.Breakdown], currency: str, first_label: str
) -> Markup:
    """One breakdown's table for the currency shown, as templates/economics/_totals_table.html
    rendered it (byte for byte: tests/economics/test_dashboard_render_same.py), built here: the
    template spent more on attribute lookups and escaping than on the figures."""
    heads = [first_label, t.gettext("Deals"), t.gettext("Hours"), t.gettext("Net income")]
    heads += [t.gettext("Per hour"), t.gettext("Unpaid")]
    out = [
        '<div class="table-scroll" tabindex="0">\n<table>\n  <thead><tr><th scope="col">'
        + '</th><th class="num" scope="col">'.join(str(escape(h)) for h in heads)
        + "</th></tr></thead>\n  <tbody>\n"
    ]
    for b in items:
        s = b.totals
        if s.currency != currency:
            continue
        out.append(
            f'    <tr><th scope="row">{escape(b.label or "—")}</th>'
            f'<td class="num">{escape(s.deals)}</td>'
            f'<td class="num">{escape(t.decimal(s.hours_total, 1))}</td>'
            f'<td class="num">{escape(t.money(s.net_income, s.currency))}</td>'
            f'<td class="num">{escape(t.decimal(s.effective_hourly))}</td>'
            f'<td class="num">{escape(t.percent(s.hidden_labor_share))}</td></tr>\n'
        )
    if len(out) == 1:
        nothing = t.gettext("Nothing in this period.")
        out.append(f'    <tr><td colspan="6" class="muted">{escape(nothing)}</td></tr>\n')
    out.append("  </tbody>\n</table>\n</div>")
    return Markup("".join(out))  # noqa: S704 - every text escaped above


def _rate(value: Any) -> float | None:
    return None if value is None else float(value)


def dashboard_context(page: Page, *, key: tuple[Any, ...] | None = None) -> dict[str, Any]:
    """`key`: dashboard_key()'s, read earlier in this request (its account and imported release
    spare the benchmark's read of the release once it was parsed)."""
    t = page.t
    profile = ledger.get_profile(page.db, user_id=page.user_id)
    period = period_of(page)
    summary = economics.cached_summary(
        page.db,
        user_id=page.user_id,
        start=period.start,
        end=period.end,
        today=page.today,
        target_hourly=profile.target_hourly,
    )
    _labelled(t, summary)
    currencies = sorted(
        summary.totals, key=lambda c: (c != profile.currency, -summary.totals[c].deals, c)
    )
    main = currencies[0] if currencies else profile.currency
    target = None if profile.target_hourly is None else profile.target_hourly / 100
    months = [b for b in summary.by_month if b.totals.currency == main]
    rate_chart = charts.column_chart(
        [(b.label, _rate(b.totals.effective_hourly)) for b in months],
        target=target,
        target_label=t.gettext("target %(rate)s", rate=t.decimal(target, 0)) if target else "",
    )
    hours_chart = charts.stacked_chart(
        [
            (
                b.label,
                float(b.totals.hours_total - b.totals.hours_unpaid),
                float(b.totals.hours_unpaid),
            )
            for b in months
        ],
        paid_label=t.gettext("paid"),
        unpaid_label=t.gettext("unpaid"),
    )
    ranked_brands = sorted(
        [
            (b.label, float(b.totals.effective_hourly))
            for b in summary.by_brand
            if b.totals.currency == main and b.totals.effective_hourly is not None
        ],
        key=lambda item: -item[1],
    )
    past = economics.own_history(
        page.db,
        user_id=page.user_id,
        start=period.start,
        end=period.end,
        currency=main,
        # The summary's count of the period's deals picks how they are read (not what).
        period_deals=summary.totals[main].deals if main in summary.totals else 0,
    )
    history = {
        "effective_hourly": past.effective_hourly,
        "rate_count": past.rate_count,
        "fees": past.fees,
    }
    comparisons = benchmark_comparisons(page, profile, past, key=key) if main == "CNY" else []
    summary.by_brand = top_and_others(t, summary.by_brand, main)
    summary.by_agency = top_and_others(t, summary.by_agency, main)
    tax_year = (period.end or page.today).year
    year_tax = None
    if "CNY" in currencies:
        # From the year's sums (one row), not the year's payments: flat with the ledger.
        year_tax = tax_rollup.YearFigures(
            page.db, user_id=page.user_id, year=tax_year, profile=profile
        )
    return {
        "tax_year": tax_year,
        "tax_cash_hourly": year_tax.cash_hourly if year_tax else None,
        "tax_reconciled": year_tax.reconciled if year_tax else None,
        "tax_refund": year_tax.refund if year_tax else None,
        "profile": profile,
        "period": period,
        "summary": summary,
        "currencies": currencies,
        "main": main,
        "rate_chart": rate_chart,
        "hours_chart": hours_chart,
        "brand_chart": charts.ranking_chart(ranked_brands[:8], target=target),
        "agency_chart": charts.ranking_chart(
            sorted(
                [
                    (b.label, float(b.totals.effective_hourly))
                    for b in summary.by_agency
                    if b.totals.currency == main and b.totals.effective_hourly is not None and b.key
                ],
                key=lambda item: -item[1],
            )[:8],
            target=target,
        ),
        "overdue": economics.overdue_deals(
            page.db, user_id=page.user_id, today=page.today, limit=8
        ),
        "history": history,
        "months": months,
        "periods": [(key, period_label(t, key)) for key in periods.PERIODS],
        "comparisons": comparisons,
    }


BAND_TEXT = {
    "q1": N_("You are below the collective's 25th percentile."),
    "q2": N_("You are between the collective's 25th percentile and its median."),
    "q3": N_("You are between the collective's median and its 75th percentile."),
    "q4": N_("You are above the collective's 75th percentile."),
    "below": N_("You are below the collective's median."),
    "above": N_("You are at or above the collective's median."),
}


def benchmark_comparisons(
    page: Page, profile: Any, past: Any, *, key: tuple[Any, ...] | None = None
) -> list[dict[str, Any]]:
    """For each deliverable kind with an imported benchmark cell: the box and where you sit.
    `key`: dashboard_key()'s (the account first, the latest imported release last)."""
    from app.collective.package import tier_of
    from app.collective.service import benchmark_cells, latest_benchmark_cells

    t = page.t
    out = []
    kinds = ("image_note", "video_note", "live", "roundup", "store_visit")
    wanted = {
        "user_id": page.user_id,
        "kinds": kinds,
        "tier": tier_of(profile.follower_count),
        "niche": profile.niche,
        "platform": profile.platform,
        "currency": profile.currency,
    }
    if key is None:
        cells = benchmark_cells(page.db, **wanted)  # one read of the release for five kinds
    else:
        cells = latest_benchmark_cells(page.db, account=key[:3], latest=key[-1], **wanted)
    for kind in kinds:
        cell = cells.get(kind)
        if cell is None:
            continue
        figures = cell.get("figures") or {}
        for name, yours in (
            ("fee_per_unit", (past.fees.get(kind) or (None,))[0]),
            ("effective_hourly", past.effective_hourly),
        ):
            q = figures.get(name)
            if not q:
                continue
            you = None
            if yours is not None:
                you = yours[1] / 100 if name == "fee_per_unit" else yours[1]
            title = (
                t.gettext("Fee per %(kind)s", kind=t.label(enums.DeliverableKind, kind))
                if name == "fee_per_unit"
                else t.gettext("Effective hourly")
            )
            where = None
            if you is not None:
                where = t.gettext(
                    BAND_TEXT[charts.band(you, q.get("p25"), q["median"], q.get("p75"))]
                )
            out.append(
                {
                    "title": title,
                    "source": cell.get("source", ""),
                    "tier": cell.get("tier"),
                    "contributors": cell.get("contributors"),
                    "chart": charts.box_plot(
                        q.get("p25"), q["median"], q.get("p75"), you, you_label=t.gettext("you")
                    ),
                    "without_noise": cell.get("without_noise", False),
                    "where": where,
                    "q": q,
                    "you": you,
                }
            )
    return out


def period_label(t: Translator, key: str) -> str:
    return {
        "month": t.gettext("This month"),
        "quarter": t.gettext("This quarter"),
        "year": t.gettext("This year"),
        "12m": t.gettext("12 months"),
        "all": t.gettext("All time"),
        "custom": t.gettext("Custom"),
    }[key]


# Rendered dashboard bodies by account, ledger version, period, day, language, profile and
# imported benchmark: a repeated view renders only the page around it. A few dozen entries of
# tens of kilobytes each.
_BODIES: Lru[Markup] = Lru(48, versioned=True)


def dashboard_key(page: Page, profile: Any) -> tuple[Any, ...]:
    from app.collective.service import latest_import

    period = period_of(page)
    return (
        *page.ledger_key(),  # the account and its ledger version, read at the request's start
        period,
        page.today,
        page.t.locale,
        page.t.timezone,
        row_key(profile),
        latest_import(page.db, user_id=page.user_id),
    )


@router.get("/dashboard")
def show_dashboard(page: UserPage) -> Response:
    def build() -> Response:
        key = dashboard_key(page, ledger.get_profile(page.db, user_id=page.user_id))
        body = _BODIES.get(key)
        if body is None:
            body = fragment(
                page,
                "economics/_dashboard_body.html",
                svg=charts.svg,
                totals_table=lambda items, currency, label: totals_table(
                    page.t, items, currency, label
                ),
                **dashboard_context(page, key=key),
            )
            _BODIES.put(key, body)
        return render(page, "economics/dashboard.html", body=body)

    # The whole page too (its frame has the language form and the tab bar). What the body's
    # key adds to the page's is in it already: the period and dates are in the query string,
    # and a change of the profile or an imported release is a write of the account's rows,
    # which moves the ledger version (app.economics.rollup).
    return cached_page(page, "dashboard", build)


# --- tax -------------------------------------------------------------------------------------
TAX_ROWS = 50  # payments listed; the sums cover the whole year


@router.get("/tax")
def show_tax(page: UserPage) -> Response:
    return cached_page(page, "tax", lambda: _tax_page(page))


def _tax_page(page: Page) -> Response:
    try:
        year = int(page.request.query_params.get("year", page.today.year))
    except ValueError:
        year = page.today.year
    year = min(2100, max(2000, year))
    profile = ledger.get_profile(page.db, user_id=page.user_id)
    # One or more rates, e.g. "USD:7.1 EUR:7.8" (spaces, commas or repeated fields)
    typed = [
        part
        for value in page.request.query_params.getlist("fx")[:20]
        for part in value.replace(",", " ").replace("，", " ").split()
    ][:20]
    fx_error = None
    try:
        rates = parse_fx(typed)
    except ValueError as exc:
        rates, fx_error = {}, page.t.gettext(str(exc))
    result = tax_service.page_estimate(
        page.db, user_id=page.user_id, year=year, profile=profile, fx=rates, rows=TAX_ROWS
    )
    status = 422 if fx_error else 200
    return render(
        page,
        "economics/tax.html",
        status,
        result=result,
        shown_payments=result.payments,  # the newest; the sums count them all
        year=year,
        years=[y for y in (year - 1, year, year + 1) if 2000 <= y <= 2100],  # the year links
        profile=profile,
        filing_texts=filing_reason_texts(page.t, result.filing),
        reconciled=result.reconciled,
        cash_hourly=result.cash_hourly,
        fx_typed=" ".join(typed),
        fx_values=typed,
        fx_error=fx_error,
    )


# --- calendar feed ---------------------------------------------------------------------------
@router.get("/calendar/{token}.ics")
def calendar_feed(request: Request, db: DbDep, token: str) -> Response:
    """The private feed: the secret in the address is the only credential (stored hashed)."""
    profile = ledger.profile_by_calendar_token(db, token)
    if profile is None:
        return Response("Not found", status_code=404, media_type="text/plain")
    t = Translator(profile.locale, profile.timezone)
    body = exports.calendar_feed(
        db,
        t,
        user_id=profile.user_id,
        today=clock.today_in(profile.timezone),
        base_url=public_base_url(request, get_settings(request)),
        now=clock.utcnow(),
    )
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, max-age=300"},
    )


# --- CSV exports -----------------------------------------------------------------------------
@router.get("/export/{kind}.csv")
def export_csv(page: UserPage, kind: str) -> Response:
    start, end = _date_param(page, "from"), _date_param(page, "to")
    profile = ledger.get_profile(page.db, user_id=page.user_id)
    if kind == "deals":
        status = page.request.query_params.get("status") or None
        body = exports.deals_csv(
            page.db,
            page.t,
            user_id=page.user_id,
            start=start,
            end=end,
            status=status if status in enums.Status.__members__ else None,
            query=(page.request.query_params.get("q") or "")[:100] or None,
            target_hourly=profile.target_hourly,
            today=page.today,
        )
    elif kind == "work":
        body = exports.work_csv(page.db, page.t, user_id=page.user_id, start=start, end=end)
    elif kind == "payments":
        body = exports.payments_csv(page.db, page.t, user_id=page.user_id, start=start, end=end)
    else:
        raise NotFound
    name = f"kocledger-{kind}-{page.today.isoformat()}.csv"
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
