"""HTML routes of the ledger: home, deals and their parts, quick work log, timers."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import attrgetter
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from markupsafe import Markup, escape
from pydantic import ValidationError

from app.db import read_next, table_of, write_next
from app.economics import calc
from app.economics import service as economics
from app.errors import NotFound, RuleError
from app.i18n import Translator
from app.ledger import enums
from app.ledger import service as ledger
from app.ledger.chase import CHASE_MINUTES, Chase, reminders
from app.ledger.forms import DEAL_ESSENTIALS, PART_FIELDS, deal_fields
from app.ledger.models import Agency, Brand, Deal
from app.ledger.schemas import DealCreate, DealPublic, WorkCreate
from app.lru import Lru
from app.web.core import (
    Page,
    UserPage,
    UserPost,
    fragment,
    redirect,
    render,
    safe_next,
    templates,
    writes_late,
)
from app.web.forms import (
    FieldSpec,
    errors_from_rule,
    errors_from_validation,
    posted_changes,
    read_form,
    translate_error,
)
from app.web.pagecache import cached_page
from app.web.strict import StrictRoute

router = APIRouter(route_class=StrictRoute, include_in_schema=False)
PAGE_SIZE = 30
# The deal page shows each kind of part's newest entries only, and a link to all of them: a
# long retainer's hundreds of work entries would otherwise make the page, and every write that
# re-renders a section, grow without bound (issue 15).
SECTION_ROWS = 20
# The full list of one kind of part, a page at a time.
PART_PAGE_SIZE = 100


def _deal_of(page: UserPage, deal_id: int) -> Deal:
    """The signed-in creator's deal; NotFound (a 404, answered by the app) for anyone else's."""
    return ledger.get_owned(page.db, Deal, user_id=page.user_id, obj_id=deal_id)


# The kind of part named in the URL; an unknown one is a missing page, not a 422.
def _spec_of(slug: str) -> ledger.PartSpec:
    spec = ledger.PARTS.get(slug)
    if spec is None:
        raise NotFound
    return spec


def _part_of(
    page: UserPage, deal: Annotated[Deal, Depends(_deal_of)], slug: str, part_id: int
) -> Any:
    return ledger.get_part(page.db, _spec_of(slug), deal=deal, part_id=part_id)


# FastAPI resolves a request's dependencies once: these share the route's Page (declare the
# page first, so a POST's CSRF check runs before anything is looked up).
DealDep = Annotated[Deal, Depends(_deal_of)]
SpecDep = Annotated[ledger.PartSpec, Depends(_spec_of)]
PartDep = Annotated[Any, Depends(_part_of)]


def _posted(page: Page, specs: list[FieldSpec]) -> dict[str, Any]:
    assert page.form is not None
    return read_form(page.form, specs)


def _without_blanks(values: dict[str, Any]) -> dict[str, Any]:
    """Blank inputs are left out, so the model's defaults (or 'required') apply."""
    return {k: v for k, v in values.items() if not (isinstance(v, str) and v.strip() == "")}


def _as_form_values(model: Any, obj: Any) -> dict[str, Any]:
    # Through the output model: money as "1234.50" and dates as text, as an edit form shows them.
    data: dict[str, Any] = model.model_validate(obj).model_dump(mode="json")
    return {k: ("" if v is None else v) for k, v in data.items()}


# --- home ------------------------------------------------------------------------------------
@router.get("/")
def show_home(page: UserPage) -> Response:
    def build() -> Response:
        due_soon, awaiting = ledger.home_lists(page.db, user_id=page.user_id, today=page.today)
        return render(
            page,
            "ledger/home.html",
            due_soon=due_soon,
            awaiting=awaiting,
            timers=ledger.running_timers(page.db, user_id=page.user_id),
        )

    return cached_page(page, "home", build)


# --- deals -----------------------------------------------------------------------------------
@router.get("/deals")
def list_deals(page: UserPage) -> Response:
    return cached_page(page, "deals", lambda: _deal_list(page))


def _deal_list(page: Page) -> Response:
    params = page.request.query_params
    status = params.get("status") or None
    if status not in enums.Status.__members__:
        status = None
    query = (params.get("q") or "").strip()[:100]
    try:
        offset = min(max(0, int(params.get("offset", "0"))), ledger.MAX_ID)
    except ValueError:
        offset = 0
    rows, total = ledger.list_deals(
        page.db,
        user_id=page.user_id,
        status=status,
        query=query or None,
        limit=PAGE_SIZE,
        offset=offset,
    )
    context: dict[str, Any] = {
        "rows": rows,
        "total": total,
        "status": status,
        "q": query,
        # Where "More" continues from; None on the last page.
        "next_offset": offset + PAGE_SIZE if offset + PAGE_SIZE < total else None,
    }
    if page.htmx and page.request.headers.get("HX-Target") == "deal-rows":
        return render(page, "ledger/_deal_rows.html", **context)
    return render(page, "ledger/deals.html", **context)


def _deal_form_fields(page: Page) -> list[FieldSpec]:
    brands, _ = ledger.list_brands(page.db, user_id=page.user_id)
    agencies, _ = ledger.list_agencies(page.db, user_id=page.user_id)
    return deal_fields(
        page.t, [(b.name, b.name) for b in brands], [(a.name, a.name) for a in agencies]
    )


def _deal_form(
    page: Page, status: int, *, deal: Deal | None, values: dict[str, Any], errors: dict[str, str]
) -> Response:
    fields = _deal_form_fields(page)
    more = fields[DEAL_ESSENTIALS:]
    return render(
        page,
        "ledger/deal_form.html",
        status,
        deal=deal,
        essentials=fields[:DEAL_ESSENTIALS],
        more=more,
        # The less-used fields fold away on a new deal, unless one of them has an error to show.
        more_open=deal is not None or any(f.name in errors for f in more),
        # (suggestions for the brand and agency name fields)
        brand_names=fields[1].choices(page.t),
        agency_names=fields[2].choices(page.t),
        values=values,
        errors=errors,
    )


@router.get("/deals/new")
def new_deal(page: UserPage) -> Response:
    profile = ledger.get_profile(page.db, user_id=page.user_id)
    values = {
        "status": "lead",
        "source": "brand_dm",
        "compensation": "cash",
        "platform": profile.platform,
        "disclosure": "unknown",
        "included_revision_rounds": "1",
        # A new deal starts as a lead received today, on the creator's own platform.
        "brief_received_on": page.today.isoformat(),
        # "New deal" from a brand's or an agency's page arrives with it filled in.
        "brand_name": _name_of(page, Brand, page.request.query_params.get("brand_id", "")),
        "agency_name": _name_of(page, Agency, page.request.query_params.get("agency_id", "")),
    }
    return _deal_form(page, 200, deal=None, values=values, errors={})


def _name_of(page: Page, table: type[Brand] | type[Agency], raw: str | None) -> str:
    """The name of one of the account's brands or agencies given by id ("" for anyone else's)."""
    # Not something that can be an id: nothing to look up.
    if not raw or not raw.isdigit() or len(raw) > 9:
        return ""
    try:
        return ledger.get_owned(page.db, table, user_id=page.user_id, obj_id=int(raw)).name
    except NotFound:
        return ""


def _read_deal_form(page: Page) -> tuple[dict[str, Any], DealCreate | None, dict[str, str]]:
    """What was typed, the deal it makes (its brand and agency still unresolved: brand_id 0),
    and the errors beside the fields."""
    values: dict[str, Any] = _posted(page, _deal_form_fields(page))
    # A client that still posts ids (an older page, a script) names one of its own brands.
    # An id that is not one of the account's own (another account's, unknown) is refused
    # beside the field, never silently dropped (issue 9).
    foreign: list[str] = []
    for field, table in (("brand", Brand), ("agency", Agency)):
        if not str(values.get(f"{field}_name", "")).strip():
            posted_id = page.text(f"{field}_id")
            values[f"{field}_name"] = _name_of(page, table, posted_id)
            if posted_id.strip() and not values[f"{field}_name"]:
                foreign.append(field)
    clean = _without_blanks(values)
    errors: dict[str, str] = {
        f"{field}_name": translate_error(page.t, f"unknown_{field}", {}) for field in foreign
    }
    # Names are resolved after validation (_with_links): a refused form must not add a brand.
    brand_name = ledger.clean_name(str(clean.pop("brand_name", "")))
    clean.pop("agency_name", None)
    data = None
    try:
        # The same model as the API's, with a placeholder brand: every other field is checked by the
        # same rules.
        data = DealCreate.model_validate({**clean, "brand_id": 0, "agency_id": None})
    except ValidationError as exc:
        errors = {**errors, **errors_from_validation(page.t, exc)}
    if not brand_name and "brand_name" not in errors:
        errors["brand_name"] = page.t.gettext("This field is required.")
    return values, (None if errors else data), errors


def _with_links(page: Page, data: DealCreate, values: dict[str, Any]) -> DealCreate:
    """The deal with its brand and agency found by name, or added in the same transaction."""
    brand = ledger.find_or_create_brand(page.db, page.user_id, str(values.get("brand_name", "")))
    agency_name = ledger.clean_name(str(values.get("agency_name", "")))
    agency = (
        ledger.find_or_create_agency(page.db, page.user_id, agency_name) if agency_name else None
    )
    return data.model_copy(
        update={"brand_id": brand.id, "agency_id": agency.id if agency else None}
    )


@router.post("/deals")
def create_deal(page: UserPost) -> Response:
    values, data, errors = _read_deal_form(page)
    if data is None:
        return _deal_form(page, 422, deal=None, values=values, errors=errors)
    try:
        if _retried(page):
            return redirect("/deals")
        data = _with_links(page, data, values)
        deal = ledger.create_deal(page.db, user_id=page.user_id, data=data, now=page.now)
    except RuleError as exc:
        page.db.rollback()
        return _deal_form(page, 422, deal=None, values=values, errors=errors_from_rule(page.t, exc))
    return redirect(f"/deals/{deal.id}")


def deal_context(page: Page, deal: Deal) -> dict[str, Any]:
    """Everything the deal page shows; its htmx fragments are rendered from this too."""
    brand, agency = ledger.deal_brand_and_agency(page.db, deal)
    # Every section at once: the deal page is one screen, not a page per kind of record.
    sections = {slug: section_context(page, deal, slug) for slug in ledger.PARTS}
    return {
        "deal": deal,
        "brand": brand,
        "agency": agency,
        "sections": sections,
        "economics": _deal_economics(page, deal),
    }


def _deal_economics(page: Page, deal: Deal) -> Any:
    profile = ledger.get_profile(page.db, user_id=page.user_id)
    return economics.deal_economics(
        page.db,
        deal,
        target_hourly=profile.target_hourly,
        today=page.today,
        vat_bp=profile.invoice_vat_bp,
    )


def _new_part_values(page: Page, slug: str) -> dict[str, Any]:
    today = page.today.isoformat()
    # The most common entry of each kind, so a phone needs the fewest taps.
    defaults: dict[str, dict[str, Any]] = {
        "deliverables": {"kind": "image_note", "quantity": "1"},
        "work": {"activity": "shooting", "worked_on": today},
        "payments": {"received_on": today, "method": "bank"},
        "expenses": {"spent_on": today, "category": "props"},
        "in-kind": {"kept": True},
    }
    return defaults[slug]


# The "Add" forms' fields with their defaults, by kind of part, language and day: the same on
# every deal page (and every section a write answers with) of that day, and about a fifth of
# rendering a deal page (pyinstrument, 10,000 deals). Bounded: 5 kinds x languages x days.
_NEW_PART_FIELDS: Lru[Markup] = Lru(32)


def _new_part_fields(page: Page, slug: str) -> Markup:
    key = (slug, page.t.locale, page.today)
    found = _NEW_PART_FIELDS.get(key)
    if found is None:
        # The macro the section calls, called here: the very text it would give in place.
        # (a macro, unknown to type checkers; it gives Markup, as in the template)
        macros: Any = templates.get_template("_macros.html").module
        found = macros.fields(
            PART_FIELDS[slug](page.t),
            _new_part_values(page, slug),
            {},
            page.t,
            prefix=f"new-{slug}-",
        )
        _NEW_PART_FIELDS.put(key, found)
    return found


def section_context(
    page: Page,
    deal: Deal,
    slug: str,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    kept: Any = None,
) -> dict[str, Any]:
    """One kind of part on the deal page: its newest SECTION_ROWS rows and the true count.

    `kept` is a part just edited: when the edit moved it out of the newest rows (an older
    date), it is still shown, first, marked as older, so it does not vanish under her finger."""
    spec = ledger.PARTS[slug]
    rows, total = ledger.newest_parts(page.db, spec, deal=deal, limit=SECTION_ROWS)
    more = total > len(rows)
    older_id = None
    if kept is not None and all(row.id != kept.id for row in rows):
        rows = [kept, *rows]
        older_id = kept.id
    # Worked-out figures travel beside the rows: the templates show them and compute nothing.
    figures = {row.id: row_figures(deal, slug, row) for row in rows}
    return {
        "slug": slug,
        "rows": rows,
        "total": total,
        "shown": total if not more else SECTION_ROWS,
        "more": more,
        "older_id": older_id,
        "figures": figures,
        "row_html": _row_renderer(page, deal, slug, figures),
        "fields": PART_FIELDS[slug](page.t),
        "form_values": values if values is not None else _new_part_values(page, slug),
        "form_errors": errors or {},
        # The "Add" form's fields as kept when it shows the defaults (else rendered in place).
        "form_fields": _new_part_fields(page, slug) if values is None and not errors else None,
        "open": bool(errors),
        "title": section_title(page.t, slug),
    }


# Rows of the deal page's sections as templates/ledger/_part_row.html renders them, by
# everything the template reads (the template itself, the language, the kind of part, the
# deal's id and currency, every column of the row, its worked-out figures), with a marker where
# the CSRF token goes: a write answers with its section, whose other rows are mostly the ones
# the last answer showed, and rendering them again was a third of a work entry's post
# (pyinstrument, 10,000 deals). The text is a function of the key alone, so sharing an entry
# between deals or accounts shows nothing that is not in the key. Bounded: 512 rows of at most
# ROW_MAX_CHARS characters of text and key strings together (at most 4 bytes a character: 8 MB,
# the page cache's bound). A row over it (a note of thousands of characters, kept in the key and
# again, escaped, in the text) is rendered each time: such rows held 124 KB each, 63 MB for 512
# (attack-post15).
_ROWS: Lru[str] = Lru(512)
ROW_MAX_CHARS = 3072
_ROW_CSRF = "kocrowcsrf" + secrets.token_hex(12)  # letters and digits: escaping keeps it
_COLUMNS: dict[type[Any], Callable[[Any], tuple[Any, ...]]] = {}


def _columns_of(table: type[Any]) -> Callable[[Any], tuple[Any, ...]]:
    """A row's every column, as one tuple (for a table of more than one column)."""
    read = _COLUMNS.get(table)
    if read is None:
        read = attrgetter(*(column.key for column in table_of(table).columns))
        _COLUMNS[table] = read
    return read


def _row_renderer(
    page: Page, deal: Deal, slug: str, figures: dict[Any, RowFigures]
) -> Callable[[Any, str], Markup]:
    """What the section template calls for each row: the row's text, rendered from
    ledger/_part_row.html with the names an include would give it, kept in _ROWS."""
    template = templates.get_template("ledger/_part_row.html")
    t = page.t
    shared = (template, t.locale, t.timezone, slug, deal.id, deal.currency)

    def row_html(item: Any, csrf_token: str) -> Markup:
        shown = figures[item.id]
        columns = _columns_of(type(item))(item)
        key = (*shared, shown, columns)
        text = _ROWS.get(key)
        if text is None:
            # the names render() gives a page (app.web.core.fragment), the token a marker
            text = str(
                fragment(
                    page,
                    "ledger/_part_row.html",
                    csrf_token=_ROW_CSRF,
                    slug=slug,
                    item=item,
                    figures=shown,
                    deal=deal,
                )
            )
            held = len(text) + sum(len(value) for value in columns if isinstance(value, str))
            if held <= ROW_MAX_CHARS:
                _ROWS.put(key, text)
        # (the token as the template would have written it, escaped)
        return Markup(text.replace(_ROW_CSRF, str(escape(csrf_token))))  # noqa: S704 - rendered by the autoescaping environment

    return row_html


@dataclass(frozen=True)
class RowFigures:
    """What a part's row shows that is worked out, not stored (by calc's rules)."""

    net: int | None = None  # a payment: what reached the creator
    unpaid: bool = False  # a work entry: unpaid by the deal's terms


def row_figures(deal: Deal, slug: str, row: Any) -> RowFigures:
    if slug == "payments":
        return RowFigures(
            net=calc.net_of(row.gross, row.platform_fee + row.agency_fee, row.tax_withheld)
        )
    if slug == "work":
        item = calc.WorkItem(row.minutes, row.activity, row.revision_round, row.unpaid)
        return RowFigures(unpaid=calc.is_unpaid(item, deal.included_revision_rounds))
    return RowFigures()


def section_title(t: Translator, slug: str) -> str:
    return {
        "deliverables": t.gettext("Deliverables"),
        "work": t.gettext("Work log"),
        "payments": t.gettext("Payments"),
        "expenses": t.gettext("Expenses"),
        "in-kind": t.gettext("Products received"),
    }[slug]


@router.get("/deals/{deal_id}")
def show_deal(page: UserPage, deal: DealDep) -> Response:
    return cached_page(
        page, "deal", lambda: render(page, "ledger/deal.html", **deal_context(page, deal))
    )


@router.get("/deals/{deal_id}/edit")
def edit_deal(page: UserPage, deal: DealDep) -> Response:
    values = _as_form_values(DealPublic, deal)
    # The form names its brand and agency; ids stay on the server.
    values["brand_name"] = _name_of(page, Brand, str(deal.brand_id))
    values["agency_name"] = _name_of(page, Agency, str(deal.agency_id or ""))
    return _deal_form(page, 200, deal=deal, values=values, errors={})


@router.post("/deals/{deal_id}")
def update_deal(page: UserPost, deal: DealDep) -> Response:
    values, data, errors = _read_deal_form(page)
    if data is None:
        return _deal_form(page, 422, deal=deal, values=values, errors=errors)
    try:
        data = _with_links(page, data, values)
        assert page.form is not None
        # What the form has is written; the rest stays as stored. The brand's message stays
        # too when a post does not carry it (a page from before it was on the form): an edit
        # never erases the record of what was offered (review 13).
        changes = posted_changes(
            page.form,
            _deal_form_fields(page),
            data,
            links=("brand_id", "agency_id"),
            kept_unless_posted=("brief_text",),
        )
        ledger.update_deal(page.db, deal, changes=changes)
    except RuleError as exc:
        page.db.rollback()
        return _deal_form(page, 422, deal=deal, values=values, errors=errors_from_rule(page.t, exc))
    return redirect(f"/deals/{deal.id}")


@router.post("/deals/{deal_id}/delete")
def delete_deal(page: UserPost, deal: DealDep) -> Response:
    ledger.delete_deal(page.db, deal)
    return redirect("/deals")


# --- the timer -------------------------------------------------------------------------------
@router.post("/deals/{deal_id}/timer/start")
def start_timer(page: UserPost, deal: DealDep) -> Response:
    assert page.form is not None
    activity = page.form.get("activity", "other")
    # An unknown activity (a stale page, a script) is filed as "other" rather than refused: the time
    # was spent.
    if activity not in enums.Activity.__members__:
        activity = "other"
    # A second start (a double tap, two devices) keeps the first start time.
    if deal.timer_started_at is None:
        ledger.start_timer(page.db, deal, activity=str(activity), now=page.now)
    return redirect(_back(page, f"/deals/{deal.id}"))


@router.post("/deals/{deal_id}/timer/stop")
def stop_timer(page: UserPost, deal: DealDep) -> Response:
    if _retried(page):  # sent again from the phone's outbox: stopped already
        return redirect(_back(page, f"/deals/{deal.id}") + "#section-work")
    stopped = _stopped_at(page, deal)
    # The entry is dated by her own calendar, not the server's.
    today = stopped.astimezone(ZoneInfo(page.t.timezone)).date()
    ledger.stop_timer(page.db, deal, now=stopped, today=today)
    return redirect(_back(page, f"/deals/{deal.id}") + "#section-work")


def _stopped_at(page: Page, deal: Deal) -> datetime:
    """When the stop was tapped: now, or, for a stop kept on the phone while offline, the time
    it was queued (never before the timer started, never in the future)."""
    raw = page.text("queued_at")
    started = deal.timer_started_at
    if not raw or len(raw) > 40 or started is None:
        return page.now
    try:
        queued = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return page.now
    # A time without its zone cannot be placed: the stop counts as now.
    if queued.tzinfo is None:
        return page.now
    # SQLite gives the stored UTC time back without its zone.
    if started.tzinfo is None:
        started = started.replace(tzinfo=UTC)
    return min(max(queued, started), page.now)


def _back(page: Page, default: str) -> str:
    assert page.form is not None
    return safe_next(page.form.get("next"), default)


# --- parts of a deal, added, edited and deleted in place ------------------------------------
def _section(page: Page, deal: Deal, slug: str, status: int = 200, **kwargs: Any) -> Response:
    # The answer to a write (committed, or rolled back on a refused form) only reads: it is read
    # and rendered without SQLite's write lock, which other writers are waiting for.
    read_next(page.db)
    context = section_context(page, deal, slug, **kwargs)
    if page.htmx:
        # The section, and the economics panel swapped out of band; not the whole page.
        return render(
            page,
            "ledger/_part_section.html",
            status,
            deal=deal,
            section=context,
            economics=_deal_economics(page, deal),
            oob_economics=True,
        )
    # Without JavaScript: the whole page, with this section's form and errors in place.
    full = deal_context(page, deal)
    full["sections"][slug] = context
    return render(page, "ledger/deal.html", status, **full)


@router.post("/deals/{deal_id}/parts/{slug}")
@writes_late
def create_part(page: UserPost, deal: DealDep, slug: str, spec: SpecDep) -> Response:
    values = _posted(page, PART_FIELDS[slug](page.t))
    try:
        data = spec.create.model_validate(_without_blanks(values))
        # Read and checked so far without the write lock: taken from here to the commit.
        write_next(page.db)
        if not _retried(page):
            ledger.create_part(page.db, spec, deal=deal, data=data)
    except ValidationError as exc:
        return _section(
            page, deal, slug, 422, values=values, errors=errors_from_validation(page.t, exc)
        )
    except RuleError as exc:
        page.db.rollback()
        return _section(page, deal, slug, 422, values=values, errors=errors_from_rule(page.t, exc))
    if page.htmx:
        return _section(page, deal, slug)
    return redirect(f"/deals/{deal.id}#section-{slug}")


def _retried(page: Page) -> bool:
    """The same form posted again (a phone retrying): do nothing the second time."""
    # (imported here: only forms that write need it)
    from app.web.once import form_retried

    return form_retried(page)


def _part_form(
    page: Page,
    deal: Deal,
    slug: str,
    part: Any,
    status: int = 200,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    spec = ledger.PARTS[slug]
    # Where the form came from when not the deal page (the full list, at its page): saved or
    # cancelled, she goes back there.
    source = page.form.get("next") if page.form is not None else None
    back = safe_next(source or page.request.query_params.get("next"), "")
    context = {
        "deal": deal,
        "slug": slug,
        "part": part,
        "next": back,
        "fields": PART_FIELDS[slug](page.t),
        "values": values if values is not None else _as_form_values(spec.public, part),
        "errors": errors or {},
        "title": section_title(page.t, slug),
    }
    # Edited in place in its row with htmx, on a page of its own without.
    template = "ledger/_part_edit.html" if page.htmx else "ledger/part_edit.html"
    response = render(page, template, status, **context)
    if page.htmx and status == 422:
        # The form was posted to replace the whole section; its errors go back in the row.
        response.headers["HX-Retarget"] = f"#{slug}-{part.id}"
        response.headers["HX-Reswap"] = "innerHTML"
    return response


@router.get("/deals/{deal_id}/parts/{slug}/{part_id}/edit")
def edit_part(page: UserPage, deal: DealDep, slug: str, part: PartDep) -> Response:
    return _part_form(page, deal, slug, part)


@router.post("/deals/{deal_id}/parts/{slug}/{part_id}")
def update_part(page: UserPost, deal: DealDep, slug: str, part: PartDep) -> Response:
    spec = ledger.PARTS[slug]  # the part was found, so the slug is known
    values = _posted(page, PART_FIELDS[slug](page.t))
    try:
        data = spec.create.model_validate(_without_blanks(values))
        assert page.form is not None
        changes = posted_changes(page.form, PART_FIELDS[slug](page.t), data)
        part = ledger.update_part(page.db, spec, part, changes=changes)
    except ValidationError as exc:
        return _part_form(
            page, deal, slug, part, 422, values=values, errors=errors_from_validation(page.t, exc)
        )
    except RuleError as exc:
        page.db.rollback()
        return _part_form(
            page, deal, slug, part, 422, values=values, errors=errors_from_rule(page.t, exc)
        )
    if page.htmx:
        # The row just edited stays in sight even when its new date moved it out of the newest.
        return _section(page, deal, slug, kept=part)
    return redirect(_back(page, f"/deals/{deal.id}#section-{slug}"))


@router.post("/deals/{deal_id}/parts/{slug}/{part_id}/delete")
def delete_part(page: UserPost, deal: DealDep, slug: str, part: PartDep) -> Response:
    ledger.delete_part(page.db, part)
    if page.htmx:
        return _section(page, deal, slug)
    return redirect(_back(page, f"/deals/{deal.id}#section-{slug}"))


@router.get("/deals/{deal_id}/parts/{slug}")
def list_parts(page: UserPage, deal: DealDep, slug: str, spec: SpecDep) -> Response:
    """Every part of one kind, a page at a time, in the deal page's order (oldest first); the
    last page (the newest) first. Plain links and forms: it works without JavaScript, and an
    edit or a delete comes back to the same page."""
    total = ledger.count_parts(page.db, spec, deal=deal)
    pages = max(1, -(-total // PART_PAGE_SIZE))
    try:
        number = int(page.request.query_params.get("page", pages))
    except ValueError:
        number = pages
    number = min(max(number, 1), pages)
    rows = ledger.list_parts(
        page.db, spec, deal=deal, limit=PART_PAGE_SIZE, offset=(number - 1) * PART_PAGE_SIZE
    )
    here = f"/deals/{deal.id}/parts/{slug}?page={number}"
    return render(
        page,
        "ledger/part_list.html",
        deal=deal,
        slug=slug,
        title=section_title(page.t, slug),
        rows=rows,
        figures_of={row.id: row_figures(deal, slug, row) for row in rows},
        total=total,
        number=number,
        pages=pages,
        older=number - 1 if number > 1 else None,
        newer=number + 1 if number < pages else None,
        here=here,
    )


# --- quick entries from home: pick a deal, fill in the rest ------------------------------------
def _chosen_deal(page: Page, raw: str) -> Deal | None:
    """The deal picked in a quick form; None (an error beside the field) when it is not one."""
    # Only something that can be an id reaches the database: no digits in other scripts, no overlong
    # numbers.
    if not (raw.isascii() and raw.isdigit() and len(raw) < 19):
        return None
    try:
        return _deal_of(page, int(raw))
    except NotFound:
        return None


def _quick_entry(
    page: Page, model: Any, values: dict[str, Any], deal: Deal | None
) -> tuple[Any, dict[str, str]]:
    """The validated entry (or None) and every error, the deal's among them."""
    errors = {} if deal is not None else {"deal_id": page.t.gettext("Choose a deal.")}
    try:
        # deal_id is the form's, not the model's: it is checked above, as one of her deals.
        data = model.model_validate(
            _without_blanks({k: v for k, v in values.items() if k != "deal_id"})
        )
    except ValidationError as exc:
        return None, {**errors_from_validation(page.t, exc), **errors}
    return (data if not errors else None), errors


# --- log work in three taps ------------------------------------------------------------------
QUICK_ACTIVITIES = (
    "shooting",
    "editing",
    "copywriting",
    "revision",
    "negotiation",
    "payment_chasing",
    "scripting",
    "brief",
    "trial",
    "comment_upkeep",
    "reporting",
    "logistics",
    "travel",
    "other",
)
# One tap each; anything else is typed.
QUICK_MINUTES = (15, 30, 45, 60, 90, 120)


def _log_work_page(
    page: Page,
    status: int = 200,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    # Open deals first, newest first: the ones she is most likely working on, as buttons.
    deals = ledger.deal_choices(page.db, user_id=page.user_id, limit=12)
    default_deal = page.request.query_params.get("deal_id") or (str(deals[0].id) if deals else "")
    return render(
        page,
        "ledger/log_work.html",
        status,
        deals=deals,
        activities=QUICK_ACTIVITIES,
        quick_minutes=QUICK_MINUTES,
        values=values
        or {"deal_id": default_deal, "activity": "shooting", "worked_on": page.today.isoformat()},
        errors=errors or {},
    )


@router.get("/work/new")
def new_work(page: UserPage) -> Response:
    return _log_work_page(page)


@router.post("/work")
def log_work(page: UserPost) -> Response:
    assert page.form is not None
    form = page.form
    values: dict[str, Any] = {
        name: str(form.get(name, ""))
        for name in ("deal_id", "activity", "minutes", "worked_on", "revision_round")
    }
    # A checkbox is sent only when ticked.
    values["unpaid"] = "unpaid" in form
    if not values["worked_on"]:
        values["worked_on"] = page.today.isoformat()
    deal = _chosen_deal(page, values["deal_id"])
    if deal is not None and values["activity"] == "revision" and not values["revision_round"]:
        # A revision without its round number is the next round: one tap less, and the rule that a
        # revision has a round still holds.
        values["revision_round"] = str(ledger.next_round(page.db, deal))
    data, errors = _quick_entry(page, WorkCreate, values, deal)
    if data is None or deal is None:
        return _log_work_page(page, 422, values=values, errors=errors)
    # A retried form (the same submit token) writes nothing; create_part commits the token.
    if not _retried(page):
        ledger.create_part(page.db, ledger.PARTS["work"], deal=deal, data=data)
    return redirect(f"/deals/{deal.id}?logged=1#section-work")


# --- log a payment from home -----------------------------------------------------------------
def _log_payment_page(
    page: Page,
    status: int = 200,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    # A payment can come for any deal, long after it was done: a longer list, in a select.
    deals = ledger.deal_choices(page.db, user_id=page.user_id, limit=200)
    default_deal = page.request.query_params.get("deal_id") or (str(deals[0].id) if deals else "")
    return render(
        page,
        "ledger/log_payment.html",
        status,
        deals=deals,
        fields=PART_FIELDS["payments"](page.t),
        values=values
        or {"deal_id": default_deal, "method": "bank", "received_on": page.today.isoformat()},
        errors=errors or {},
    )


@router.get("/payments/new")
def new_payment(page: UserPage) -> Response:
    return _log_payment_page(page)


@router.post("/payments")
def log_payment(page: UserPost) -> Response:
    assert page.form is not None
    spec = ledger.PARTS["payments"]
    values = _posted(page, PART_FIELDS["payments"](page.t))
    values["deal_id"] = str(page.form.get("deal_id", ""))
    deal = _chosen_deal(page, values["deal_id"])
    data, errors = _quick_entry(page, spec.create, values, deal)
    if data is None or deal is None:
        return _log_payment_page(page, 422, values=values, errors=errors)
    if not _retried(page):
        ledger.create_part(page.db, spec, deal=deal, data=data)
    return redirect(f"/deals/{deal.id}#section-payments")


# --- chasing a late payment ------------------------------------------------------------------
def _chase(page: Page, deal: Deal) -> tuple[Any, dict[str, str]]:
    economics_ = _deal_economics(page, deal)
    # The reminder names the brand as the creator knows it.
    brand = page.db.get(Brand, deal.brand_id)
    deliverables = ledger.list_parts(page.db, ledger.PARTS["deliverables"], deal=deal)
    chase = Chase(
        title=deal.title,
        brand=brand.name if brand else "",
        outstanding=economics_.outstanding,
        currency=deal.currency,
        agreed_fee=deal.agreed_fee,
        deliverables=tuple((d.kind, d.quantity) for d in deliverables),
        delivered_on=deal.delivered_on,
        payment_due_on=deal.payment_due_on,
        days_overdue=economics_.days_overdue,
    )
    return economics_, reminders(chase)


@router.get("/deals/{deal_id}/remind")
def remind_page(page: UserPage, deal: DealDep) -> Response:
    economics_, drafts = _chase(page, deal)
    return render(
        page,
        "ledger/remind.html",
        deal=deal,
        e=economics_,
        drafts=drafts,
        chase_minutes=CHASE_MINUTES,
    )


@router.post("/deals/{deal_id}/remind")
def log_chasing(page: UserPost, deal: DealDep) -> Response:
    """One tap: the minutes spent chasing, logged as unpaid payment-chasing work."""
    raw = page.text("minutes")
    # isascii and short: '²' is a digit to isdigit, and int() of 5,000 digits raises
    # Only the offered choices: the tap is the whole form.
    if not (raw.isascii() and raw.isdigit() and len(raw) < 4) or int(raw) not in CHASE_MINUTES:
        economics_, drafts = _chase(page, deal)
        return render(
            page,
            "ledger/remind.html",
            422,
            deal=deal,
            e=economics_,
            drafts=drafts,
            chase_minutes=CHASE_MINUTES,
            error=page.t.gettext("Choose one of the options."),
        )
    if not _retried(page):
        data = WorkCreate(
            activity=enums.Activity.payment_chasing,
            minutes=int(raw),
            worked_on=page.today,
            # Chasing a late payment is work nobody pays for.
            unpaid=True,
        )
        ledger.create_part(page.db, ledger.PARTS["work"], deal=deal, data=data)
    return redirect(f"/deals/{deal.id}#section-work")
