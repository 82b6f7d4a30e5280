"""Spreadsheet import: CSV of deals, payments or work entries (UTF-8, GBK or UTF-16; comma, tab or
semicolon), mapped column by column, checked row by row, applied all or nothing. Pure parts
first (reading, guessing the mapping), then the use case."""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy import insert, update
from sqlmodel import Session, col, select

from app.accounts.models import SheetUpload
from app.db import Sessions
from app.economics import calc, rollup
from app.economics.models import DealFiguresRow
from app.economics.service import refresh_figures, row_values
from app.economics.tax import default_withholding
from app.ledger import schemas as s
from app.ledger import service as ledger
from app.ledger.models import Agency, Brand, Deal, Payment, WorkEntry

log = logging.getLogger(__name__)
MAX_ROWS = 20_000
KINDS = ("deals", "payments", "work")

# Target fields per kind, each with header names it is recognised by (both languages).
FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "deals": {
        "title": ("title", "标题", "合作", "deal", "名称"),
        "brand": ("brand", "品牌"),
        "agency": ("agency", "机构", "中介", "mcn"),
        "status": ("status", "状态"),
        "source": ("source", "来源"),
        "compensation": ("compensation", "报酬形式", "形式"),
        "quoted_fee": ("quoted", "quote", "报价"),
        "agreed_fee": ("agreed", "fee", "约定", "金额"),
        "currency": ("currency", "币种"),
        "brief_received_on": ("brief", "收到"),
        "due_on": ("due", "截止"),
        "delivered_on": ("delivered", "交付", "发布"),
        "payment_due_on": ("payment due", "应付款", "付款日"),
        "included_revision_rounds": ("revision", "修改"),
        "withholding": ("withholding", "扣缴方式", "预扣方式"),
        "vat_invoiced": ("vat", "代开", "增值税"),
        "notes": ("notes", "备注"),
    },
    "payments": {
        "amount_cny": ("amount_cny", "arrived in cny", "人民币到账", "折合人民币"),
        "deal": ("deal", "合作", "title", "标题"),
        "gross": ("gross", "税前", "金额", "amount"),
        "platform_fee": ("platform", "平台"),
        "agency_fee": ("agency", "机构", "抽成"),
        "tax_withheld": ("tax", "税"),
        "received_on": ("received", "date", "到账", "日期"),
        "method": ("method", "方式"),
        "note": ("note", "备注"),
    },
    "work": {
        "deal": ("deal", "合作", "title", "标题"),
        "activity": ("activity", "工作", "内容"),
        "minutes": ("minutes", "分钟", "时长"),
        "worked_on": ("date", "日期", "worked"),
        "revision_round": ("round", "轮"),
        "unpaid": ("unpaid", "无偿"),
        "note": ("note", "备注"),
    },
}
REQUIRED = {
    "deals": {"title", "brand"},
    "payments": {"deal", "gross", "received_on"},
    "work": {"deal", "activity", "minutes", "worked_on"},
}


MAX_COLUMNS = 100
MAX_CELL = 5000  # the longest field (notes) holds 5,000 characters


class SheetError(Exception):
    """A file that cannot be read as a spreadsheet; `code` names why, `ctx` where."""

    def __init__(self, code: str, **ctx: int) -> None:
        super().__init__(code)
        self.code = code
        self.ctx = ctx


@dataclass(frozen=True)
class Sheet:
    header: list[str]
    rows: list[list[str]]


def _decode(raw: bytes) -> str:
    """UTF-16 (Excel's "Unicode text", with its byte order mark), UTF-8 or GBK."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise SheetError("sheet_encoding") from exc
    head = raw[:4096]
    if len(head) >= 4 and head.count(b"\x00") * 3 > len(head):  # UTF-16 without its mark
        for encoding in ("utf-16-le", "utf-16-be"):
            zeros = head[1::2] if encoding == "utf-16-le" else head[0::2]
            if zeros.count(0) * 2 > len(zeros):
                try:
                    return raw.decode(encoding)
                except UnicodeDecodeError:
                    break
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SheetError("sheet_encoding")  # pragma: no cover - gb18030 decodes any byte string


def read_sheet(raw: bytes) -> Sheet:
    text = _decode(raw)
    if "\x00" in text:  # PostgreSQL cannot store it, and no spreadsheet cell means it
        raise SheetError("sheet_nul")
    if not text.strip():
        raise SheetError("sheet_empty")
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel_tab if sample.count("\t") > sample.count(",") else csv.excel
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text), dialect)
    number = 0  # as a spreadsheet numbers its rows, the header being row 1
    while True:
        number += 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # a cell over the csv module's limit (128 KB): a stray quote
            raise SheetError("sheet_cell_too_long", row=number, column=1) from exc
        if len(row) > MAX_COLUMNS:
            raise SheetError("sheet_too_wide", count=len(row))
        for index, cell in enumerate(row):
            if len(cell) > MAX_CELL:
                raise SheetError("sheet_cell_too_long", row=number, column=index + 1)
        if any(c.strip() for c in row):
            rows.append(row)
            if len(rows) - 1 > MAX_ROWS:
                raise SheetError("sheet_too_long")
    if len(rows) < 2:
        raise SheetError("sheet_empty")
    header = [h.strip() for h in rows[0]]
    width = len(header)
    return Sheet(header, [(row + [""] * width)[:width] for row in rows[1:]])


def guess_mapping(kind: str, header: Sequence[str]) -> dict[str, int | None]:
    """For each target field, the first column whose header names it (or None)."""
    mapping: dict[str, int | None] = {}
    used: set[int] = set()
    for target, names in FIELDS[kind].items():
        mapping[target] = None
        for index, column in enumerate(header):
            text = column.lower()
            if index not in used and any(name in text for name in names):
                mapping[target] = index
                used.add(index)
                break
    return mapping


def mapped(row: Sequence[str], mapping: dict[str, int | None]) -> dict[str, str]:
    return {
        target: row[index].strip()
        for target, index in mapping.items()
        if index is not None and index < len(row) and row[index].strip() != ""
    }


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based, as the spreadsheet numbers data rows (the header is row 1)
    field: str
    code: str
    ctx: dict[str, Any]


def _truthy(value: str) -> bool:
    return value.strip().lower() in {"1", "yes", "y", "true", "是", "无偿", "x", "✓"}


def apply(
    session: Session,
    *,
    user_id: int,
    kind: str,
    sheet: Sheet,
    mapping: dict[str, int | None],
    now: datetime,
    writer: Session | None = None,
    progress: Callable[[int], None] | None = None,
    finish: Callable[[Session], bool] | None = None,
) -> tuple[int, list[RowError]]:
    """Check every row, then write all of them in one transaction; or nothing, with errors.

    `session` only reads; `writer` (default: the same session) takes the write lock once,
    for the writing alone."""
    missing = [f for f in REQUIRED[kind] if mapping.get(f) is None]
    if missing:
        return 0, [RowError(1, f, "missing", {}) for f in sorted(missing)]
    deals_by_title: dict[str, list[int]] = {}
    owned: set[int] = set()  # ids in the file resolve only among the importer's own deals
    if kind != "deals":
        for deal_id, title in session.execute(
            select(col(Deal.id), col(Deal.title)).where(col(Deal.user_id) == user_id)
        ).all():
            owned.add(deal_id)
            deals_by_title.setdefault(title.strip().lower(), []).append(deal_id)
    errors: list[RowError] = []
    prepared: list[tuple[Any, dict[str, Any]]] = []
    for number, row in enumerate(sheet.rows, start=2):
        values = mapped(row, mapping)
        extra: dict[str, Any] = {}
        if kind == "deals":
            extra = {"brand": values.pop("brand", ""), "agency": values.pop("agency", "")}
            if not extra["brand"]:
                errors.append(RowError(number, "brand", "missing", {}))
                continue
            values["brand_id"] = "1"  # brands are found or made by name when written
            if "vat_invoiced" in values:
                values["vat_invoiced"] = str(_truthy(values["vat_invoiced"]))
            model: Any = s.DealCreate
        else:
            deal_ref = values.pop("deal", "")
            ids = deals_by_title.get(deal_ref.lower(), [])
            if deal_ref.isascii() and deal_ref.isdigit() and int(deal_ref) in owned:
                ids = [int(deal_ref)]
            if len(ids) != 1:
                errors.append(
                    RowError(
                        number,
                        "deal",
                        "sheet_deal_unknown" if not ids else "sheet_deal_ambiguous",
                        {"value": deal_ref[:60]},
                    )
                )
                continue
            extra = {"deal_id": ids[0]}
            if kind == "work":
                if "unpaid" in values:
                    values["unpaid"] = str(_truthy(values["unpaid"]))
                model = s.WorkCreate
            else:
                model = s.PaymentCreate
        try:
            data = model.model_validate(values)
        except ValidationError as exc:
            for error in exc.errors()[:3]:
                field = next((p for p in error["loc"] if isinstance(p, str)), "")
                errors.append(
                    RowError(
                        number,
                        field or _rule_field(error["type"]),
                        error["type"],
                        dict(error.get("ctx") or {}),
                    )
                )
            continue
        prepared.append((data, extra))
        if progress and number % 200 == 0:
            progress(number - 1)  # rows checked; the writing happens in one short step
    if errors:
        return 0, errors
    session.rollback()  # end the read before the write lock is taken
    written = _write(
        writer or session,
        user_id=user_id,
        kind=kind,
        prepared=prepared,
        finish=finish,
        now=now,
    )
    return written, []


def _rule_field(code: str) -> str:
    return {"deductions_exceed_gross": "gross"}.get(code, "revision_round")


def _write(
    session: Session,
    *,
    user_id: int,
    kind: str,
    prepared: list[tuple[Any, dict[str, Any]]],
    finish: Callable[[Session], bool] | None,
    now: datetime,
) -> int:
    """All rows in one transaction; `finish` runs inside it last (to mark the upload done
    atomically with its rows) and may refuse, which rolls everything back."""
    touched: set[int] = set()
    try:
        if kind == "deals":
            brands = {
                name.lower(): id_
                for id_, name in session.execute(
                    select(col(Brand.id), col(Brand.name)).where(col(Brand.user_id) == user_id)
                )
            }
            agencies = {
                name.lower(): id_
                for id_, name in session.execute(
                    select(col(Agency.id), col(Agency.name)).where(col(Agency.user_id) == user_id)
                )
            }
            profile = ledger.get_profile(session, user_id=user_id)
            rows = []
            for data, extra in prepared:
                values = ledger.plain_values(data.model_dump())
                values["brand_id"] = _named(session, Brand, brands, extra["brand"], user_id)
                values["agency_id"] = (
                    _named(session, Agency, agencies, extra["agency"], user_id)
                    if extra["agency"]
                    else None
                )
                values["currency"] = values["currency"] or profile.currency
                if values["withholding"] is None:
                    values["withholding"] = default_withholding(
                        values["source"], values["currency"]
                    )
                rows.append({**values, "user_id": user_id, "created_at": now})
            for start in range(0, len(rows), 1000):  # in batches, ids back in order
                batch = rows[start : start + 1000]
                ids = (
                    session.execute(
                        insert(Deal).returning(col(Deal.id), sort_by_parameter_order=True), batch
                    )
                    .scalars()
                    .all()
                )
                # A new deal has no parts yet: its figures follow from the deal alone.
                session.execute(
                    insert(DealFiguresRow),
                    [
                        {
                            "deal_id": id_,
                            "user_id": user_id,
                            **row_values(
                                calc.deal_figures(
                                    calc.DealInputs(
                                        status=row["status"],
                                        currency=row["currency"],
                                        agreed_fee=row["agreed_fee"],
                                        included_revision_rounds=row["included_revision_rounds"],
                                    )
                                )
                            ),
                        }
                        for id_, row in zip(ids, batch, strict=True)
                    ],
                )
        else:
            table: Any = WorkEntry if kind == "work" else Payment
            # Checked again under the write lock: a deal deleted since the check, or never the
            # importer's, stops the whole import with a message instead of a database error.
            still_owned = set(
                session.execute(select(col(Deal.id)).where(col(Deal.user_id) == user_id))
                .scalars()
                .all()
            )
            if any(extra["deal_id"] not in still_owned for _, extra in prepared):
                raise SheetError("sheet_deal_gone")
            for data, extra in prepared:
                session.add(
                    table(
                        user_id=user_id,
                        deal_id=extra["deal_id"],
                        **ledger.plain_values(data.model_dump()),
                    )
                )
                touched.add(extra["deal_id"])
        session.flush()
        if touched:
            # Locked and read again as they are now, in id order before the account's profile
            # row (the order every writer takes; ledger.delete_object does the same): a deal
            # another request changed since this import began (cancelled, its fee or dates
            # moved) is figured with its new terms, not with a copy read before its lock
            # (refresh_figures does not read it again, and rollup.rebuild reuses the copy).
            found = (
                select(Deal)
                .where(col(Deal.id).in_(touched))
                .order_by(col(Deal.id))
                .with_for_update(key_share=True)
                .execution_options(populate_existing=True)
            )
            for deal in session.execute(found).scalars().all():
                refresh_figures(session, deal)
        rollup.rebuild(session, user_id=user_id)
        if finish is not None and not finish(session):
            raise SheetError("sheet_superseded")
        session.commit()
    except Exception:
        session.rollback()
        raise
    return len(prepared)


def _named(session: Session, table: Any, known: dict[str, int], name: str, user_id: int) -> int:
    key = name.strip().lower()
    if key not in known:
        row = table(user_id=user_id, name=name.strip()[:200], notes="")
        session.add(row)
        session.flush()
        known[key] = row.id
    return known[key]


# --- an upload, kept until it is applied --------------------------------------------------
# Its state lives in the database (status, attempt, done of total, heartbeat), so any worker
# shows the progress and a run nobody carries any more (a restart) is noticed and failed.
STALE = timedelta(seconds=90)  # a run whose heartbeat is older was interrupted
BEAT = timedelta(seconds=1)  # at most one progress write a second


def save_upload(session: Session, upload: SheetUpload) -> None:
    session.add(upload)
    session.commit()


def sheet_of(upload: SheetUpload) -> Sheet:
    data = json.loads(upload.content)
    return Sheet(data["header"], data["rows"])


def _this_run(upload_id: int, attempt: int) -> Any:
    return update(SheetUpload).where(
        col(SheetUpload.id) == upload_id,
        col(SheetUpload.attempt) == attempt,
        col(SheetUpload.status) == "running",
    )


def is_stale(upload: SheetUpload, now: datetime) -> bool:
    """A running import whose heartbeat is too old: nobody carries it any more."""
    if upload.status != "running":
        return False
    beat = upload.heartbeat_at
    if beat is None:
        return True
    if beat.tzinfo is None:  # SQLite gives naive datetimes back
        beat = beat.replace(tzinfo=UTC)
    return now - beat > STALE


def fail_if_interrupted(session: Session, upload: SheetUpload, now: datetime) -> None:
    """Fail a run nobody is carrying any more, in plain words; nothing of it was written (its
    rows and its "done" commit together), so it can simply run again."""
    if not is_stale(upload, now):
        return
    result = json.loads(upload.result) if upload.result else {}
    result["errors"] = [{"row": 0, "field": "", "code": "sheet_interrupted", "ctx": {}}]
    session.execute(
        _this_run(upload.id or 0, upload.attempt).values(
            status="new", result=json.dumps(result, ensure_ascii=False)
        )
    )
    session.commit()
    session.refresh(upload)


def start_upload(
    session: Session, upload: SheetUpload, mapping: dict[str, int | None], now: datetime
) -> int | None:
    """Mark the upload running with the mapping chosen, and return the attempt to run; None
    when another post claimed it first (a conditional update: two clicks start one run)."""
    attempt = upload.attempt + 1  # read before the update refreshes the object
    claimed = session.execute(
        update(SheetUpload)
        .where(
            col(SheetUpload.id) == upload.id,
            col(SheetUpload.attempt) == attempt - 1,
            col(SheetUpload.status) == upload.status,
        )
        .values(
            status="running",
            attempt=attempt,
            done=0,
            total=len(sheet_of(upload).rows),
            heartbeat_at=now,
            result=json.dumps({"mapping": mapping}),
        )
    )
    session.commit()
    return attempt if getattr(claimed, "rowcount", 0) == 1 else None


def run_upload(
    sessions: Sessions,
    *,
    upload_id: int,
    user_id: int,
    mapping: dict[str, int | None],
    attempt: int,
    now: datetime,
    clock: Callable[[], datetime],
) -> None:
    """Check and write an upload (in a background thread, so a 10,000-row file shows its
    progress as rows done of rows in all), then keep the outcome on the upload. Progress and
    outcome go to the database; `clock` dates the heartbeats (the caller's clock)."""
    with sessions(reads_only=True) as db:
        upload = db.get(SheetUpload, upload_id)
        assert upload is not None
        sheet = sheet_of(upload)
        kind = upload.kind
        db.rollback()
    last_beat = clock()

    def progress(done: int) -> None:
        nonlocal last_beat
        moment = clock()
        if moment - last_beat < BEAT:
            return
        last_beat = moment
        with sessions() as beat:
            beat.execute(_this_run(upload_id, attempt).values(done=done, heartbeat_at=moment))
            beat.commit()

    outcome: dict[str, Any] = {"mapping": mapping}

    def finish(writer: Session) -> bool:
        """In the transaction that writes the rows: they and "done" commit together."""
        outcome.update(written=len(sheet.rows), errors=[])
        marked = writer.execute(
            _this_run(upload_id, attempt).values(
                status="done",
                done=len(sheet.rows),
                heartbeat_at=clock(),
                result=json.dumps(outcome, ensure_ascii=False),
            )
        )
        return getattr(marked, "rowcount", 0) == 1

    try:
        with sessions(reads_only=True) as reader, sessions() as writer:
            _written, errors = apply(
                reader,
                user_id=user_id,
                kind=kind,
                sheet=sheet,
                mapping=mapping,
                now=now,
                writer=writer,
                progress=progress,
                finish=finish,
            )
        if not errors:
            return  # marked done by finish(), in the same transaction as the rows
        outcome.update(written=None, errors=[e.__dict__ for e in errors])
    except SheetError as exc:  # a rule found only under the write lock; nothing was written
        if exc.code == "sheet_superseded":
            return  # this run was declared interrupted meanwhile: the newer state stands
        outcome.update(errors=[{"row": 0, "field": "", "code": exc.code, "ctx": {}}])
    except Exception:  # reported to the user in plain words (never the database's text)
        log.exception("spreadsheet import %s failed", upload_id)
        outcome.update(errors=[{"row": 0, "field": "", "code": "sheet_failed", "ctx": {}}])
    with sessions() as db:
        db.execute(
            _this_run(upload_id, attempt).values(
                status="new", result=json.dumps(outcome, ensure_ascii=False, default=str)
            )
        )
        db.commit()
