"""Spreadsheet import: encodings and separators, mapping, per-row errors, all or nothing."""

from __future__ import annotations

import json
import time
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from app.ledger.models import Deal, Payment, WorkEntry
from app.spreadsheet import Sheet, SheetError, apply, guess_mapping, read_sheet
from tests import factories
from tests.conftest import csrf_of

NOW = datetime(2026, 3, 1, 9, 0)  # spreadsheet.py never reads the clock; the caller says when

DEALS_ZH = (
    '标题,品牌,约定报酬,状态,交付日期\n春季精华,珀莱雅,"1,200",paid,2026-03-01\n'
    "防晒,蕉下,800,delivered,2026-04-02\n"
)


@pytest.mark.parametrize(
    ("raw", "header"),
    [
        (DEALS_ZH.encode("utf-8-sig"), "标题"),
        (DEALS_ZH.encode("gbk"), "标题"),
        (DEALS_ZH.replace(",", "\t").replace('"1\t200"', "1200").encode(), "标题"),
    ],
)
def test_reads_utf8_gbk_and_tabs(raw: bytes, header: str) -> None:
    sheet = read_sheet(raw)
    assert sheet.header[0] == header and len(sheet.rows) == 2


def test_refuses_empty() -> None:
    with pytest.raises(SheetError):
        read_sheet(b"title\n")


def test_guesses_the_mapping() -> None:
    mapping = guess_mapping("deals", ["标题", "品牌", "约定报酬", "状态", "交付日期"])
    assert mapping["title"] == 0 and mapping["brand"] == 1 and mapping["agreed_fee"] == 2
    assert mapping["status"] == 3 and mapping["delivered_on"] == 4


def test_all_or_nothing(db: Session, user: Any) -> None:
    sheet = read_sheet(DEALS_ZH.encode())
    mapping = guess_mapping("deals", sheet.header)
    bad = Sheet(sheet.header, [*sheet.rows, ["坏行", "品牌", "-5", "paid", "2026-02-30"]])
    written, errors = apply(db, now=NOW, user_id=user.id, kind="deals", sheet=bad, mapping=mapping)
    assert written == 0 and {e.field for e in errors} == {"agreed_fee", "delivered_on"}
    assert all(e.row == 4 for e in errors)
    assert db.exec(select(func.count()).select_from(Deal)).one() == 0
    written, errors = apply(
        db, now=NOW, user_id=user.id, kind="deals", sheet=sheet, mapping=mapping
    )
    assert written == 2 and errors == []
    fees = sorted(d.agreed_fee for d in db.exec(select(Deal)).all())
    assert fees == [80000, 120000]


def test_payments_and_work_find_their_deal(db: Session, user: Any) -> None:
    deal = factories.deal(db, user, title="春季精华")
    payments = read_sheet("deal,gross,tax,date\n春季精华,3000,440,2026-04-20\n".encode())
    written, errors = apply(
        db,
        now=NOW,
        user_id=user.id,
        kind="payments",
        sheet=payments,
        mapping=guess_mapping("payments", payments.header),
    )
    assert (written, errors) == (1, [])
    assert db.exec(select(Payment)).one().tax_withheld == 44000
    work = read_sheet(
        f"合作,工作内容,分钟,日期,无偿\n{deal.id},editing,90,2026-04-01,是\n"
        "没有这个,editing,30,2026-04-01,\n".encode()
    )
    written, errors = apply(
        db,
        now=NOW,
        user_id=user.id,
        kind="work",
        sheet=work,
        mapping=guess_mapping("work", work.header),
    )
    assert written == 0 and errors[0].code == "sheet_deal_unknown" and errors[0].row == 3
    fixed = Sheet(work.header, work.rows[:1])
    assert apply(
        db,
        now=NOW,
        user_id=user.id,
        kind="work",
        sheet=fixed,
        mapping=guess_mapping("work", work.header),
    ) == (1, [])
    assert db.exec(select(WorkEntry)).one().unpaid is True


@pytest.mark.commits  # a second app (or a background thread) must see the rows
def test_pages_with_progress(signed_in: TestClient, db: Session, user: Any) -> None:
    token = csrf_of(signed_in, "/import")
    # three batches of the import (1,000 rows each), the last one partial
    rows = "".join(f"Deal {n},Brand {n % 7},{100 + n},paid,2026-03-01\n" for n in range(2_500))
    raw = ("title,brand,agreed fee,status,delivered\n" + rows).encode()
    response = signed_in.post(
        "/import",
        data={"csrf_token": token, "kind": "deals"},
        files={"file": ("sheet.csv", raw, "text/csv")},
    )
    assert response.status_code == 303
    path = response.headers["location"]
    page = signed_in.get(path)
    assert "Deal 0" in page.text and 'name="map_title"' in page.text
    started = signed_in.post(
        path,
        data={
            "csrf_token": token,
            "map_title": "0",
            "map_brand": "1",
            "map_agreed_fee": "2",
            "map_status": "3",
            "map_delivered_on": "4",
        },
    )
    assert started.status_code == 303
    for _ in range(600):  # bounded wait for the background import
        page = signed_in.get(path)
        if "<progress" not in page.text:
            break
        time.sleep(0.1)
    assert "Imported 2500 rows." in page.text
    assert db.exec(select(func.count()).select_from(Deal)).one() == 2_500
    bad = signed_in.post(
        "/import",
        data={"csrf_token": token, "kind": "deals"},
        files={"file": ("e.csv", b"title\n", "text/csv")},
    )
    assert bad.status_code == 422


@pytest.mark.parametrize("kind", ["payments", "work"])
def test_deal_ids_resolve_only_in_the_importing_account(db: Session, user: Any, kind: str) -> None:
    """Issue 9: a `deal` column holding another user's deal id wrote into that deal."""
    from tests.conftest import make_user

    victim = make_user(db, "victim", owner=False)
    theirs = factories.deal(db, victim, title="Their deal", agreed_fee="100")
    mine = factories.deal(db, user, title="Mine")
    header = "deal,gross,date\n" if kind == "payments" else "deal,activity,minutes,date\n"
    line = "{},50,2026-04-20\n" if kind == "payments" else "{},editing,30,2026-04-01\n"
    for ref in (theirs.id, 2**31 - 1, 999_999):  # another account's, unknown, unknown
        sheet = read_sheet((header + line.format(mine.id) + line.format(ref)).encode())
        written, errors = apply(
            db,
            now=NOW,
            user_id=user.id,
            kind=kind,
            sheet=sheet,
            mapping=guess_mapping(kind, sheet.header),
        )
        assert written == 0
        assert [(e.row, e.field, e.code) for e in errors] == [(3, "deal", "sheet_deal_unknown")]
    table: Any = Payment if kind == "payments" else WorkEntry
    assert db.exec(select(func.count()).select_from(table)).one() == 0


@pytest.mark.commits  # the import runs in a background thread
def test_a_failed_import_never_shows_raw_sql(signed_in: TestClient, db: Session, user: Any) -> None:
    """An id the database refuses (here: no such deal) must not come back as SQL text."""
    token = csrf_of(signed_in, "/import")
    raw = b"deal,gross,date\n424242,50,2026-04-20\n"
    response = signed_in.post(
        "/import",
        data={"csrf_token": token, "kind": "payments"},
        files={"file": ("p.csv", raw, "text/csv")},
    )
    path = response.headers["location"]
    signed_in.post(
        path, data={"csrf_token": token, "map_deal": "0", "map_gross": "1", "map_received_on": "2"}
    )
    text = wait_for_import(signed_in, path)
    assert "No deal called “424242”" in text
    for word in ("INSERT", "FOREIGN KEY", "sqlalche", "IntegrityError"):
        assert word not in text


def wait_for_import(client: TestClient, path: str) -> str:
    """The import page once the background import has finished (bounded wait)."""
    for _ in range(300):
        page = client.get(path)
        if "<progress" not in page.text:
            return page.text
        time.sleep(0.05)
    raise AssertionError("the import did not finish")


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b'title,brand\n"stray,quote\n' + b"x," * 70_000 + b"\n", "sheet_cell_too_long"),
        (b"title,brand\n" + b"a" * 131_073 + b",b\n", "sheet_cell_too_long"),
        (b"title,brand,notes\nx,y," + b"n" * 5001 + b"\n", "sheet_cell_too_long"),
        (
            b",".join(b"c%d" % n for n in range(100_000)) + b"\n" + b"1," * 99_999 + b"1\n",
            "sheet_too_wide",
        ),
        (b"title,brand\nx\x00y,b\n", "sheet_nul"),
    ],
)
def test_refuses_what_it_cannot_hold(raw: bytes, code: str) -> None:
    with pytest.raises(SheetError) as caught:
        read_sheet(raw)
    assert caught.value.code == code


def test_reads_excel_unicode_text() -> None:
    """Excel's "Unicode text": UTF-16 with a byte order mark, tab-separated."""
    text = "标题\t品牌\t约定报酬\n春季精华\t珀莱雅\t1200\n防晒\t蕉下\t800\n"
    for raw in (
        text.encode("utf-16"),
        b"\xff\xfe" + text.encode("utf-16-le"),
        b"\xfe\xff" + text.encode("utf-16-be"),
    ):
        sheet = read_sheet(raw)
        assert sheet.header == ["标题", "品牌", "约定报酬"]
        assert sheet.rows == [["春季精华", "珀莱雅", "1200"], ["防晒", "蕉下", "800"]]


@pytest.mark.parametrize(
    "raw",
    [
        b'title,brand\n"stray,quote\n' + b"x," * 70_000 + b"\n",
        b"title,brand\n" + b"a" * 131_073 + b",b\n",
        b",".join(b"c%d" % n for n in range(100_000)) + b"\n" + b"1," * 99_999 + b"1\n",
        b"title,brand\nx\x00y,b\n",
    ],
)
def test_upload_page_says_why(signed_in: TestClient, raw: bytes) -> None:
    token = csrf_of(signed_in, "/import")
    response = signed_in.post(
        "/import",
        data={"csrf_token": token, "kind": "deals"},
        files={"file": ("bad\x00name.csv", raw, "text/csv")},
    )
    assert response.status_code == 422
    assert len(response.content) < 200_000
    assert any(
        words in response.text for words in ("5,000 characters", "100 columns", "NUL characters")
    ), response.text[-2000:]


def _stuck_upload(db: Session, user: Any, **values: Any) -> Any:
    from app import clock
    from app.accounts.models import SheetUpload

    rows = [[f"Deal {n}", "Brand", "100"] for n in range(3)]
    upload = SheetUpload(
        user_id=user.id,
        kind="deals",
        filename="s.csv",
        content=json.dumps({"header": ["title", "brand", "fee"], "rows": rows}),
        created_at=clock.utcnow(),
        status="running",
        result=json.dumps({"mapping": {"title": 0, "brand": 1, "agreed_fee": 2}}),
        **values,
    )
    db.add(upload)
    db.commit()
    return upload


@pytest.mark.commits  # the import runs in a background thread
def test_an_import_interrupted_by_a_restart_is_failed_cleanly_and_runs_again(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    """Issue 9: after a restart mid-import the page polled "0 of N" forever."""
    upload = _stuck_upload(db, user)  # "running", and no worker carries it any more
    page = signed_in.get(f"/import/{upload.id}")
    assert "<progress" not in page.text
    assert "interrupted" in page.text and 'name="map_title"' in page.text
    token = csrf_of(signed_in, "/import")
    signed_in.post(
        f"/import/{upload.id}",
        data={"csrf_token": token, "map_title": "0", "map_brand": "1", "map_agreed_fee": "2"},
    )
    assert "Imported 3 rows." in wait_for_import(signed_in, f"/import/{upload.id}")
    assert db.exec(select(func.count()).select_from(Deal)).one() == 3


def test_progress_is_read_from_the_database(signed_in: TestClient, db: Session, user: Any) -> None:
    """Any worker shows a run's progress: it is stored, not held in one process's memory."""
    from app import clock

    upload = _stuck_upload(db, user, done=2, total=3, attempt=1, heartbeat_at=clock.utcnow())
    page = signed_in.get(f"/import/{upload.id}")
    assert "<progress" in page.text and "2 of 3 rows checked" in page.text


def test_an_interrupted_run_that_wakes_up_writes_nothing(
    db: Session, user: Any, sessions: Any
) -> None:
    from app import clock
    from app.spreadsheet import run_upload

    upload = _stuck_upload(db, user, attempt=2)  # a newer run (2) owns the upload now
    run_upload(
        sessions,
        upload_id=upload.id,
        user_id=user.id,
        mapping={"title": 0, "brand": 1, "agreed_fee": 2},
        attempt=1,
        now=NOW,
        clock=clock.utcnow,
    )
    assert db.exec(select(func.count()).select_from(Deal)).one() == 0
    db.refresh(upload)
    assert upload.status == "running" and upload.attempt == 2
