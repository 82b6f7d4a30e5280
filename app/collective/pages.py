"""HTML routes of collectives: my collectives, one collective (member and organizer views), the
contribution preview, benchmark import, and the page that says what is and is not shared."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from app.collective import service as collective
from app.collective.models import MAX_K
from app.collective.release_file import ReleaseFileError
from app.errors import RuleError
from app.i18n_markers import N_
from app.validation import loads_strict
from app.web.core import Page, UserPage, UserPost, redirect, render
from app.web.forms import translate_error
from app.web.strict import StrictRoute

router = APIRouter(route_class=StrictRoute, include_in_schema=False)
# Packages hold at most 5,000 records and release files are of the same order: 20 MB is far above
# either.
MAX_UPLOAD = 20 * 1024 * 1024


def _list_page(page: Page, status: int = 200, **context: Any) -> Response:
    base = {
        "mine": collective.my_collectives(page.db, user_id=page.user_id),
        "errors": {},
        # A new collective is proposed with k = 5 (the fewest members a cell may be published for).
        "values": {"k": "5", "period": "quarterly", "release_day": "1"},
    }
    return render(page, "collective/list.html", status, **{**base, **context})


@router.get("/collectives")
def list_collectives(page: UserPage) -> Response:
    return _list_page(page)


@router.post("/collectives")
def create_collective(page: UserPost) -> Response:
    values = {
        "name": page.text("name"),
        "slug": page.text("slug"),
        "k": page.text("k"),
        "period": page.text("period") or "quarterly",
        "release_day": page.text("release_day") or "1",
    }
    numbers: dict[str, int] = {}
    # Numbers are parsed here so a typo is an error beside its field, in her language.
    for name, default in (("k", "5"), ("release_day", "1")):
        try:
            numbers[name] = int(values[name] or default)
        except ValueError:
            return _list_page(
                page, 422, values=values, errors={name: translate_error(page.t, "int_parsing")}
            )
    try:
        made = collective.create_collective(
            page.db,
            user_id=page.user_id,
            name=values["name"],
            slug=values["slug"],
            k=numbers["k"],
            now=page.now,
            period=values["period"],
            release_day=numbers["release_day"],
        )
    except RuleError as exc:  # raised before anything is written
        # The service's codes become the same messages the form validation gives elsewhere.
        if exc.field == "k" and exc.code == "less_than_equal":
            message = translate_error(page.t, "less_than_equal", {"le": MAX_K})
        elif exc.field == "k":
            message = translate_error(page.t, "greater_than_equal", {"ge": 3})
        elif exc.field == "release_day":
            message = page.t.gettext("Choose a day from 1 to 28.")
        elif exc.field == "period":
            message = page.t.gettext("Choose quarterly, half-yearly or yearly.")
        else:
            message = translate_error(page.t, exc.code)
        return _list_page(page, 422, values=values, errors={exc.field: message})
    return redirect(f"/collectives/{made.slug}")


@router.post("/collectives/join")
def join_collective(page: UserPost) -> Response:
    try:
        joined = collective.join(
            page.db, user_id=page.user_id, code=page.text("code"), now=page.now
        )
    except RuleError as exc:  # the service rolled its claim back
        return _list_page(page, 422, errors={"code": translate_error(page.t, exc.code)})
    return redirect(f"/collectives/{joined.slug}")


PERIOD_LABELS = (N_("quarterly"), N_("half-yearly"), N_("yearly"))


def _collective_page(page: Page, slug: str, status: int = 200, **context: Any) -> Response:
    group, member = collective.membership(page.db, slug=slug, user_id=page.user_id)
    # Only confirmed members read releases; an unconfirmed one sees none of them.
    release = collective.latest(page.db, group) if member.confirmed else None
    body = json.loads(release.body) if release else {"cells": [], "report_cards": []}
    # The organizer sees the members and the release controls; a member sees neither.
    organizer = group.organizer_id == page.user_id
    budget, when = collective.privacy_status(page.db, group, today=page.today)
    return render(
        page,
        "collective/detail.html",
        status,
        group=group,
        member=member,
        release=release,
        cells=body["cells"],
        cards=body["report_cards"],
        organizer=organizer,
        members=collective.members(page.db, slug=slug, user_id=page.user_id) if organizer else [],
        budget=budget,
        when=when,
        # Only releases made without noise can be withdrawn, so only they are listed.
        old_releases=[r for r in collective.releases(page.db, group) if not r.noise]
        if organizer
        else [],
        **context,
    )


# A missing collective, one the caller is not in (NotFound) and an action only the organizer
# or a confirmed member may take (Forbidden) rise to the app's handlers: a 404 page for both.
@router.get("/collectives/{slug}")
def show_collective(page: UserPage, slug: str) -> Response:
    return _collective_page(page, slug)


@router.post("/collectives/{slug}/invite")
def invite(page: UserPost, slug: str) -> Response:
    code = collective.create_invite(page.db, slug=slug, user_id=page.user_id, now=page.now)
    return _collective_page(page, slug, new_code=code)


@router.post("/collectives/{slug}/confirm")
def confirm(page: UserPost, slug: str) -> Response:
    collective.confirm(page.db, slug=slug, user_id=page.user_id, username=page.text("username"))
    return redirect(f"/collectives/{slug}#members")


@router.post("/collectives/{slug}/release")
def make_release(page: UserPost, slug: str) -> Response:
    try:
        collective.release_now(page.db, slug=slug, user_id=page.user_id, today=page.today)
    except collective.Conflict as exc:
        return _refused(page, slug, exc)
    return redirect(f"/collectives/{slug}")


@router.post("/collectives/{slug}/releases/{number}/withdraw")
def withdraw_release(page: UserPost, slug: str, number: int) -> Response:
    try:
        collective.withdraw_release(page.db, slug=slug, user_id=page.user_id, number=number)
    except collective.Conflict as exc:
        return _refused(page, slug, exc)
    return redirect(f"/collectives/{slug}#members")


def _refused(page: Page, slug: str, exc: collective.Conflict) -> Response:
    """The collective's page again, saying why no release was made or withdrawn (409)."""
    return _collective_page(page, slug, 409, release_error=page.t.gettext(exc.message))


@router.get("/collectives/{slug}/releases/{number}.json")
def download_release(page: UserPage, slug: str, number: int) -> Response:
    release = collective.get_release(page.db, slug=slug, user_id=page.user_id, number=number)
    group, _ = collective.membership(page.db, slug=slug, user_id=page.user_id)
    # The same document the API serves, so a downloaded file imports anywhere.
    body = json.dumps(collective.release_document(group.name, release), ensure_ascii=False)
    return Response(
        body,
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{slug}-release-{number}.json"'},
    )


@router.post("/collectives/{slug}/contribute")
async def contribute(page: UserPost, slug: str) -> Response:
    """Send a package: this ledger's (from the preview's choices) or an uploaded file."""
    assert page.form is not None
    upload = page.form.get("file")
    try:
        if isinstance(upload, UploadFile):
            raw = await upload.read(MAX_UPLOAD + 1)
            document = loads_strict(raw.decode("utf-8-sig")) if len(raw) <= MAX_UPLOAD else None
        else:
            choices = _choices(page)
            # The package is built again from the preview's choices (what she saw is what is sent);
            # database work goes off the event loop.
            package, _, _ = await run_in_threadpool(
                collective.my_package, page.db, user_id=page.user_id, today=page.today, **choices
            )
            document = package.model_dump(mode="json", by_alias=True)
        # Both ways are validated the same: a package built here must pass what a hub checks.
        checked = collective.validate_package(document)
        count = await run_in_threadpool(
            collective.contribute,
            page.db,
            slug=slug,
            user_id=page.user_id,
            package=checked,
            now=page.now,
        )
    except collective.Unconfirmed:  # said on the page, where the upload was offered
        detail = page.t.gettext("Only members the organizer has confirmed can send records.")
        return await run_in_threadpool(_collective_page, page, slug, 403, upload_error=detail)
    # A bad file is explained on the collective's page, beside the upload.
    except (ValueError, UnicodeDecodeError, RuleError) as exc:
        detail = exc.message if isinstance(exc, RuleError) else str(exc)[:200]
        return await run_in_threadpool(_collective_page, page, slug, 422, upload_error=detail)
    return redirect(f"/collectives/{slug}?sent={count}")


@router.post("/collectives/{slug}/withdraw")
def withdraw(page: UserPost, slug: str) -> Response:
    collective.withdraw(page.db, slug=slug, user_id=page.user_id)
    return redirect(f"/collectives/{slug}")


# --- the preview: every record exactly as it will leave --------------------------------------
def _choices(page: Page) -> dict[str, frozenset[Any]]:
    # The preview's choices travel in the query string (GET) and in the form that sends (POST): read
    # from either.
    source = page.form if page.form is not None else page.request.query_params
    dropped = frozenset(
        # Anything that is not a deal id is ignored: the worst case is a deal not dropped, and the
        # preview shows it.
        int(v)
        for v in source.getlist("drop")
        if isinstance(v, str) and v.isdigit() and len(v) < 10
    )
    # Brands and agencies she chose to name (for report cards); everything else leaves unnamed.
    brands = frozenset(str(v)[:100] for v in source.getlist("brand"))
    agencies = frozenset(str(v)[:100] for v in source.getlist("agency"))
    return {"dropped": dropped, "brands": brands, "agencies": agencies}


@router.get("/contribution")
def preview(page: UserPage) -> Response:
    choices = _choices(page)
    facts = collective.ledger_facts(page.db, user_id=page.user_id)
    package, pairs, left_out = collective.my_package(
        page.db, user_id=page.user_id, today=page.today, **choices
    )
    # Titles for her eyes only: the preview shows which deal each record came from; they never
    # leave.
    titles = {f.ref: f"{f.brand} · {f.day or ''}" for f in facts}
    brand_names = sorted({f.brand for f in facts})
    agency_names = sorted({f.agency for f in facts if f.agency})
    return render(
        page,
        "collective/preview.html",
        pairs=pairs,
        titles=titles,
        brand_names=brand_names,
        agency_names=agency_names,
        choices=choices,
        groups=[
            (group, confirmed, collective.privacy_status(page.db, group, today=page.today)[0])
            for group, confirmed in collective.my_collectives(page.db, user_id=page.user_id)
        ],
        query=str(page.request.url.query),
        # What all her collectives may spend on her together, shown before she sends to one more.
        exposure=collective.exposure(page.db, user_id=page.user_id),
        total=len(package.records),
        left_out=left_out,
    )


@router.get("/contribution.json")
def download_package(page: UserPage) -> Response:
    package, _, _ = collective.my_package(
        page.db, user_id=page.user_id, today=page.today, **_choices(page)
    )
    return Response(
        # The file as it would be sent (to another instance's hub, by hand).
        package.model_dump_json(by_alias=True, indent=1),
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="contribution.json"'},
    )


# --- benchmarks brought home -----------------------------------------------------------------
def _benchmarks_page(page: Page, status: int = 200, error: str | None = None) -> Response:
    rows = collective.imported_benchmarks(page.db, user_id=page.user_id)
    return render(page, "collective/benchmarks.html", status, rows=rows, error=error)


@router.get("/benchmarks")
def show_benchmarks(page: UserPage) -> Response:
    return _benchmarks_page(page)


@router.post("/benchmarks")
async def import_benchmark(page: UserPost) -> Response:
    assert page.form is not None
    upload = page.form.get("file")
    error = page.t.gettext("That is not a KOC Ledger release file.")
    if isinstance(upload, UploadFile):
        raw = await upload.read(MAX_UPLOAD + 1)
        try:
            document = loads_strict(raw.decode("utf-8-sig")) if len(raw) <= MAX_UPLOAD else None
            await run_in_threadpool(
                collective.import_benchmark,
                page.db,
                user_id=page.user_id,
                document=document,
                now=page.now,
            )
            return redirect("/benchmarks")
        except ReleaseFileError as exc:
            # The first few problems, each at its place in the file: enough to fix it, short enough
            # to read.
            error = " ".join([error, *(_located(page, e) for e in exc.errors[:5])])
        except (ValueError, UnicodeDecodeError, RuleError):
            pass
    return await run_in_threadpool(_benchmarks_page, page, 422, error)


def _located(page: Page, error: dict[str, Any]) -> str:
    """ "cells[0].figures.fee_per_unit.p25: This field is required." in the user's language."""
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error["loc"])
    return (
        f"{where.lstrip('.') or 'file'}: {translate_error(page.t, error['type'], error.get('ctx'))}"
    )


@router.get("/about/collectives")
def about(page: UserPage) -> Response:
    return render(page, "collective/about.html")
