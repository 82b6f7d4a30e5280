"""HTML routes for importing a spreadsheet: upload, map columns with a preview, apply with a
progress bar (all or nothing)."""

from __future__ import annotations

import functools
import json
import threading
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from app import clock
from app.accounts.models import SheetUpload
from app.i18n import Translator
from app.i18n_markers import N_
from app.ledger import service as ledger
from app.spreadsheet import (
    FIELDS,
    KINDS,
    REQUIRED,
    SheetError,
    fail_if_interrupted,
    guess_mapping,
    run_upload,
    save_upload,
    sheet_of,
    start_upload,
)
from app.web.core import Page, UserPage, UserPost, redirect, render
from app.web.forms import translate_error
from app.web.strict import StrictRoute

router = APIRouter(route_class=StrictRoute, include_in_schema=False)
MAX_UPLOAD = 20 * 1024 * 1024

# The spreadsheet reader raises codes; their words are chosen here, in the reader's language.
SHEET_MESSAGES = {
    "sheet_empty": N_("The file has no rows under its header."),
    "sheet_too_long": N_("At most 20,000 rows at a time."),
    "sheet_encoding": N_("Save the file as CSV (UTF-8 or GBK) and try again."),
    "sheet_nul": N_(
        "The file holds NUL characters. Save it as CSV (UTF-8) or as Unicode text and try again."
    ),
    "sheet_too_wide": N_("At most 100 columns; this file has %(count)s."),
    "sheet_cell_too_long": N_(
        "Row %(row)s, column %(column)s is longer than 5,000 characters. A quote mark that is "
        "never closed often causes this."
    ),
    "sheet_deal_unknown": N_("No deal called “%(value)s”."),
    "sheet_deal_ambiguous": N_("Several deals are called “%(value)s”: use the deal ID."),
    "sheet_interrupted": N_(
        "The import was interrupted (the server restarted) and nothing was imported. "
        "Check the columns and press Import to run it again."
    ),
    "sheet_failed": N_("Nothing was imported: the file could not be written. Try again."),
    "sheet_deal_gone": N_(
        "Nothing was imported: a deal in the file was deleted meanwhile. Check the file and "
        "try again."
    ),
}


def kind_label(t: Translator, kind: str) -> str:
    return {
        "deals": t.gettext("Deals"),
        "payments": t.gettext("Payments"),
        "work": t.gettext("Work log"),
    }[kind]


def field_label(t: Translator, name: str) -> str:
    labels = {
        "title": N_("Title"),
        "brand": N_("Brand"),
        "agency": N_("Through agency"),
        "status": N_("Status"),
        "source": N_("Source"),
        "compensation": N_("Compensation"),
        "quoted_fee": N_("Your quote"),
        "agreed_fee": N_("Agreed fee"),
        "currency": N_("Currency"),
        "brief_received_on": N_("Brief received"),
        "due_on": N_("Due"),
        "delivered_on": N_("Delivered"),
        "payment_due_on": N_("Payment due"),
        "included_revision_rounds": N_("Revision rounds included"),
        "withholding": N_("How the payer withholds income tax"),
        "vat_invoiced": N_("Invoiced through the tax office (代开发票)"),
        "amount_cny": N_("Arrived in CNY"),
        "notes": N_("Notes"),
        "deal": N_("Deal (ID or title)"),
        "gross": N_("Gross amount"),
        "platform_fee": N_("Platform fee"),
        "agency_fee": N_("Agency cut"),
        "tax_withheld": N_("Tax withheld"),
        "received_on": N_("Received on"),
        "method": N_("Method"),
        "note": N_("Note"),
        "activity": N_("Activity"),
        "minutes": N_("Minutes"),
        "worked_on": N_("Date"),
        "revision_round": N_("Revision round"),
        "unpaid": N_("Unpaid"),
    }
    return t.gettext(labels[name])


def message(t: Translator, code: str, ctx: dict[str, Any]) -> str:
    if code in SHEET_MESSAGES:
        # Only plain values go into a message: a cell's content is shown as text, never as markup.
        values = {k: v for k, v in ctx.items() if isinstance(v, str | int)}
        return (
            t.gettext(SHEET_MESSAGES[code], **values) if values else t.gettext(SHEET_MESSAGES[code])
        )
    return translate_error(t, code, ctx)


def describe(t: Translator, kind: str, error: dict[str, Any]) -> str:
    """ "Row 4 · Agreed fee: The amount cannot be negative." in the user's language."""
    field = error["field"]
    if not error["row"]:  # about the whole file, not one row
        return message(t, error["code"], error["ctx"])
    name = field_label(t, field) if field in FIELDS[kind] else field
    return (
        f"{t.gettext('Row %(n)s', n=error['row'])} · {name}: "
        f"{message(t, error['code'], error['ctx'])}"
    )


def _upload(page: Page, upload_id: int) -> SheetUpload:
    return ledger.get_owned(page.db, SheetUpload, user_id=page.user_id, obj_id=upload_id)


@router.get("/import")
def new_import(page: UserPage) -> Response:
    return render(page, "ledger/import.html", kinds=KINDS, kind="deals", error=None)


@router.post("/import")
async def upload_sheet(page: UserPost) -> Response:
    from app.spreadsheet import read_sheet

    assert page.form is not None
    kind = str(page.form.get("kind", ""))
    file = page.form.get("file")
    error = None
    if kind not in KINDS:
        # An unknown kind (a tampered form) is refused and the form shown again for deals.
        kind, error = "deals", translate_error(page.t, "enum")
    elif not isinstance(file, UploadFile):
        error = page.t.gettext("Choose a CSV file.")
    else:
        raw = await file.read(MAX_UPLOAD + 1)
        if len(raw) > MAX_UPLOAD:
            error = page.t.gettext("That file is larger than 20 MB.")
        else:
            try:
                sheet = read_sheet(raw)
            except SheetError as exc:
                error = message(page.t, exc.code, exc.ctx)
            else:
                upload = SheetUpload(
                    user_id=page.user_id,
                    kind=kind,
                    filename=_printable(file.filename or "")[:200],
                    created_at=page.now,
                    # The parsed rows are kept on the server between the upload and the mapping: the
                    # file is read once.
                    content=json.dumps(
                        {"header": sheet.header, "rows": sheet.rows}, ensure_ascii=False
                    ),
                )
                # Database work off the event loop: other requests go on while a large file is
                # stored.
                await run_in_threadpool(save_upload, page.db, upload)
                return redirect(f"/import/{upload.id}")
    return await run_in_threadpool(
        render, page, "ledger/import.html", 422, kinds=KINDS, kind=kind, error=error
    )


def _printable(name: str) -> str:
    """A file name as it can be stored and shown: no NUL, control or broken characters."""
    # A name from the browser may hold lone surrogates (invalid UTF-8): replaced, or PostgreSQL
    # refuses the row.
    name = name.encode("utf-8", "replace").decode("utf-8")
    return "".join(ch for ch in name if ch.isprintable())


@router.get("/import/{upload_id}")
def show_import(page: UserPage, upload_id: int) -> Response:
    upload = _upload(page, upload_id)  # NotFound: the app answers 404
    fail_if_interrupted(page.db, upload, page.now)
    sheet = sheet_of(upload)
    result = json.loads(upload.result) if upload.result else {}
    # The mapping she chose last time, else a guess from the column names.
    mapping = result.get("mapping") or guess_mapping(upload.kind, sheet.header)
    preview = [
        [row[i] if i is not None and i < len(row) else "" for i in mapping.values()]
        # Five rows are enough to see whether the columns are mapped right.
        for row in sheet.rows[:5]
    ]
    # The first fifty errors, with the total beside them: a file with thousands of bad rows stays
    # readable.
    errors = [describe(page.t, upload.kind, e) for e in result.get("errors", [])[:50]]
    total = upload.total or len(sheet.rows)
    return render(
        page,
        "ledger/import_map.html",
        upload=upload,
        sheet=sheet,
        mapping=mapping,
        targets=list(FIELDS[upload.kind]),
        required=REQUIRED[upload.kind],
        preview=preview,
        errors=errors,
        error_count=len(result.get("errors", [])),
        written=result.get("written"),
        done=min(upload.done, total),
        total=total,
        field_label=field_label,
        kind_label=kind_label(page.t, upload.kind),
    )


@router.post("/import/{upload_id}")
def apply_import(page: UserPost, upload_id: int) -> Response:
    upload = _upload(page, upload_id)  # NotFound: the app answers 404
    fail_if_interrupted(page.db, upload, page.now)
    # A second press (or a retried post) neither starts the import again nor imports twice.
    if upload.status in {"running", "done"}:
        return redirect(f"/import/{upload_id}")
    assert page.form is not None
    sheet = sheet_of(upload)
    mapping: dict[str, int | None] = {}
    for target in FIELDS[upload.kind]:
        raw = str(page.form.get(f"map_{target}", ""))
        # isascii: "²".isdigit() is true, but int("²") fails
        column = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 6 else None
        # A column that does not exist maps to nothing (as if left unmapped), never an IndexError.
        mapping[target] = column if column is not None and column < len(sheet.header) else None
    attempt = start_upload(page.db, upload, mapping, page.now)
    if attempt is not None:  # None: another post started this import a moment ago
        job = functools.partial(
            run_upload,
            # The thread opens sessions of its own: the request's session ends with the request.
            page.request.app.state.sessions,
            upload_id=upload_id,
            user_id=page.user_id,
            mapping=mapping,
            attempt=attempt,
            now=page.now,
            # The clock is passed in: the import stamps its heartbeat with it, and tests can drive
            # it.
            clock=clock.utcnow,
        )
        # In the background, so the page can show progress; daemon: a shutdown does not wait for it
        # (a restart is detected by its heartbeat).
        threading.Thread(target=job, daemon=True).start()
    return redirect(f"/import/{upload_id}")
