"""The deal page's part sections show the newest SECTION_ROWS entries of each kind, read with
a LIMIT, beside the true count and a plain link to all of them (issue 15: work bounded by the
rows on the page, not by how many entries a long deal holds). Totals still cover every entry."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app.economics import calc
from app.economics import service as economics
from app.ledger import pages
from app.ledger import service as ledger
from app.ledger.models import Deal, InKindItem, Payment, WorkEntry
from tests import factories
from tests.conftest import csrf_of
from tests.html import hrefs, one, parse, texts

HTMX = {"HX-Request": "true"}
N = pages.SECTION_ROWS
START = date(2026, 1, 1)


def _long_deal(db: Session, user: Any, entries: int = 3 * N) -> tuple[Deal, list[Any]]:
    """A deal with `entries` work entries of 60 minutes, one a day from START (oldest first)."""
    deal = factories.deal(db, user, agreed_fee="5000")
    rows = [
        factories.work(db, deal, minutes=60, worked_on=START + timedelta(days=i))
        for i in range(entries)
    ]
    return deal, rows


@contextmanager
def reading_work(engine: Engine) -> Iterator[dict[str, Any]]:
    """Work entries loaded as rows by the ORM, and the statements that read the table."""
    seen: dict[str, Any] = {"loaded": 0, "statements": []}

    def loaded(*_args: Any) -> None:
        seen["loaded"] += 1

    def statement(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        if re.search(r"\b(FROM|JOIN) work_entry\b", sql):
            seen["statements"].append(sql)

    event.listen(WorkEntry, "load", loaded)
    event.listen(engine, "before_cursor_execute", statement)
    try:
        yield seen
    finally:
        event.remove(WorkEntry, "load", loaded)
        event.remove(engine, "before_cursor_execute", statement)


def _bounded(sql: str) -> bool:
    """A read of work entries that cannot return more than a page: a LIMIT, one row's key, or
    sums grouped by a bounded set of keys."""
    flat = " ".join(sql.split()).lower()
    return (
        " limit " in flat
        or "work_entry.id = " in flat
        or ("group by" in flat and "sum(" in flat)
        or flat.startswith(("insert", "update", "delete"))
        or "count(" in flat
    )


def _work_rows(response: Any) -> list[str]:
    return [li.attributes.get("id") or "" for li in parse(response).css("#section-work li[id]")]


@pytest.mark.parametrize("entries", [N + 1, 4 * N])
def test_the_deal_page_and_a_part_post_read_at_most_a_section_of_rows(
    signed_in: TestClient, engine: Engine, db: Session, user: Any, entries: int
) -> None:
    """Fails on the code before (every entry loaded: 21 and 80 rows; statements without LIMIT)."""
    deal, rows = _long_deal(db, user, entries)
    url = f"/deals/{deal.id}"
    token = csrf_of(signed_in, "/")  # (the deal page's first view is the one measured: no cache)
    with reading_work(engine) as seen:
        page = signed_in.get(url)
    assert page.status_code == 200
    assert seen["loaded"] <= N, seen["loaded"]
    assert all(_bounded(sql) for sql in seen["statements"]), seen["statements"]
    # The newest N, oldest first as before; the header counts them all.
    assert _work_rows(page) == [f"work-{row.id}" for row in rows[-N:]]
    assert one(parse(page), "#section-work h2 .count").text().strip() == str(entries)

    posts = {
        "add": (f"{url}/parts/work", {"minutes": "30", "worked_on": "2026-12-01"}),
        "edit": (f"{url}/parts/work/{rows[-1].id}", {"minutes": "45", "worked_on": "2027-01-01"}),
        "delete": (f"{url}/parts/work/{rows[-2].id}/delete", {}),
    }
    for name, (target, values) in posts.items():
        data = {"csrf_token": token, "activity": "shooting", **values}
        with reading_work(engine) as seen:
            answer = signed_in.post(target, headers=HTMX, data=data)
        assert answer.status_code == 200, (name, answer.text)
        # (the edited or deleted entry itself is read by its id before it is changed)
        assert seen["loaded"] <= N + 2, (name, seen["loaded"])
        assert all(_bounded(sql) for sql in seen["statements"]), (name, seen["statements"])
        assert len(_work_rows(answer)) == N, name


def test_totals_cover_every_entry_beyond_the_shown_ones(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    deal, _rows = _long_deal(db, user, 2 * N + 5)
    # Rounds past the included one are unpaid; a payment a day, two on the first.
    factories.work(db, deal, activity="revision", minutes=90, revision_round=3, worked_on=START)
    for i in range(N + 3):
        factories.part(db, deal, "payments", gross="100", received_on=START + timedelta(days=i))
    factories.part(db, deal, "payments", gross="4000", platform_fee="10", received_on=START)
    factories.part(db, deal, "expenses", amount="12.5", spent_on=START, category="props")
    factories.part(db, deal, "in-kind", item="精华", value="300", kept=True)
    factories.part(db, deal, "in-kind", item="面膜", value="50", kept=False)
    db.expire_all()
    fresh = db.get(Deal, deal.id)
    assert fresh is not None
    # The figures from every row one by one (as load_inputs read them before) ...
    work = db.exec(select(WorkEntry).where(col(WorkEntry.deal_id) == deal.id)).all()
    paid = db.exec(select(Payment).where(col(Payment.deal_id) == deal.id)).all()
    kind = db.exec(select(InKindItem).where(col(InKindItem.deal_id) == deal.id)).all()
    one_by_one = calc.DealInputs(
        status=fresh.status,
        currency=fresh.currency,
        agreed_fee=fresh.agreed_fee,
        included_revision_rounds=fresh.included_revision_rounds,
        delivered_on=fresh.delivered_on,
        payment_due_on=fresh.payment_due_on,
        work=[calc.WorkItem(w.minutes, w.activity, w.revision_round, w.unpaid) for w in work],
        payments=[
            calc.PaymentItem(
                p.gross, p.received_on, p.platform_fee, p.agency_fee, p.tax_withheld, p.id or 0
            )
            for p in paid
        ],
        expenses=[1250],
        in_kind=[calc.InKindItem(i.value, i.kept) for i in kind],
    )
    expected = calc.deal_figures(one_by_one)
    # ... equal the figures from the sums, and the stored ones.
    assert calc.deal_figures(economics.load_inputs(db, fresh)) == expected
    assert expected.minutes_total == (2 * N + 5) * 60 + 90
    assert expected.minutes_unpaid == 90
    assert expected.gross_received == (N + 3) * 100_00 + 4000_00
    assert expected.paid_in_full_on == START + timedelta(days=9)  # 4,100 on the first day
    # The page shows the totals of every row, and every count in full.
    page = parse(signed_in.get(f"/deals/{deal.id}"))
    flow = " ".join(texts(page, "#economics .flow div", " "))
    assert "6,300.00" in flow and "10.00" in flow and "12.50" in flow, flow
    assert one(page, "#section-work h2 .count").text().strip() == str(2 * N + 6)
    assert one(page, "#section-payments h2 .count").text().strip() == str(N + 4)
    assert len(page.css("#section-payments li[id]")) == N


def _switch(client: TestClient, locale: str) -> None:
    token = csrf_of(client, "/")
    client.post("/lang", data={"csrf_token": token, "locale": locale, "next": "/"})


@pytest.mark.parametrize(
    ("locale", "show_all", "newest"),
    [
        ("en", "Show all ({})", "The newest {} of {}."),
        ("zh-CN", "查看全部（{}）", "显示最新的 {} 条，共 {} 条。"),
    ],
)
def test_show_all_is_a_plain_link_to_every_entry(
    signed_in: TestClient,
    db: Session,
    user: Any,
    monkeypatch: pytest.MonkeyPatch,
    locale: str,
    show_all: str,
    newest: str,
) -> None:
    total = N + 7
    deal, rows = _long_deal(db, user, total)
    _switch(signed_in, locale)
    page = signed_in.get(f"/deals/{deal.id}")  # no HX-Request: as without JavaScript
    doc = parse(page)
    link = [a for a in doc.css("#section-work a") if a.text().strip() == show_all.format(total)]
    assert len(link) == 1, texts(doc, "#section-work a")
    assert link[0].attributes["href"] == f"/deals/{deal.id}/parts/work"
    assert newest.format(N, total) in one(doc, "#section-work").text()
    # Sections holding no more than they show carry no link.
    assert f"/deals/{deal.id}/parts/payments" not in hrefs(doc)

    everything = signed_in.get(f"/deals/{deal.id}/parts/work")
    assert everything.status_code == 200
    listed = [li.attributes["id"] for li in parse(everything).css("li[id]")]
    assert listed == [f"work-{row.id}" for row in rows]  # the deal page's order, oldest first
    # No htmx on the full list: its edit and delete are plain, and come back to it.
    assert "data-hx-" not in one(parse(everything), "#list-work").html

    # A page at a time: the newest page first, the older ones behind a plain link.
    monkeypatch.setattr(pages, "PART_PAGE_SIZE", 10)
    last = parse(signed_in.get(f"/deals/{deal.id}/parts/work"))
    assert [li.attributes["id"] for li in last.css("li[id]")] == [
        f"work-{row.id}" for row in rows[20:]
    ]
    older = f"/deals/{deal.id}/parts/work?page=2"
    assert older in hrefs(last)
    middle = signed_in.get(older)
    assert [li.attributes["id"] for li in parse(middle).css("li[id]")] == [
        f"work-{row.id}" for row in rows[10:20]
    ]
    # Editing an old entry there without JavaScript comes back to the same page of the list.
    edit = [
        h
        for h in hrefs(parse(middle))
        if h.startswith(f"/deals/{deal.id}/parts/work/{rows[12].id}/edit")
    ]
    assert len(edit) == 1 and "next=" in edit[0], edit
    form = parse(signed_in.get(edit[0]))
    assert one(form, "form.stack input[name=next]").attributes["value"] == older
    token = csrf_of(signed_in, f"/deals/{deal.id}")
    saved = signed_in.post(
        f"/deals/{deal.id}/parts/work/{rows[12].id}",
        data={
            "csrf_token": token,
            "next": older,
            "activity": "editing",
            "minutes": "75",
            "worked_on": (START + timedelta(days=12)).isoformat(),
        },
    )
    assert saved.status_code == 303 and saved.headers["location"] == older
    gone = signed_in.post(
        f"/deals/{deal.id}/parts/work/{rows[13].id}/delete",
        data={"csrf_token": token, "next": older},
    )
    assert gone.status_code == 303 and gone.headers["location"] == older
    # An address from elsewhere is not followed.
    away = signed_in.post(
        f"/deals/{deal.id}/parts/work/{rows[14].id}/delete",
        data={"csrf_token": token, "next": "//evil.example/"},
    )
    assert away.headers["location"] == f"/deals/{deal.id}#section-work"


def test_an_entry_edited_out_of_the_newest_stays_in_sight(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    """An htmx edit that dates the entry before the ones shown answers the section with it
    still there (first, with a note), not gone from under her finger."""
    deal, rows = _long_deal(db, user, N + 5)
    token = csrf_of(signed_in, f"/deals/{deal.id}")
    moved = rows[-1]
    answer = signed_in.post(
        f"/deals/{deal.id}/parts/work/{moved.id}",
        headers=HTMX,
        data={
            "csrf_token": token,
            "activity": "shooting",
            "minutes": "60",
            "worked_on": "2025-06-01",
        },
    )
    assert answer.status_code == 200
    shown = _work_rows(answer)
    assert shown[0] == f"work-{moved.id}" and len(shown) == N + 1
    assert shown[1:] == [f"work-{row.id}" for row in rows[-N - 1 : -1]]
    assert "older than the ones below" in one(parse(answer), "#section-work").text()
    assert f"/deals/{deal.id}/parts/work" in hrefs(parse(answer))
    # The page itself shows the newest N again; the moved entry is first in the full list.
    assert f"work-{moved.id}" not in _work_rows(signed_in.get(f"/deals/{deal.id}"))
    everything = parse(signed_in.get(f"/deals/{deal.id}/parts/work"))
    assert everything.css("li[id]")[0].attributes["id"] == f"work-{moved.id}"


def test_the_full_list_is_the_owners_only(signed_in: TestClient, db: Session, user: Any) -> None:
    deal, _rows = _long_deal(db, user, 2)
    assert signed_in.get(f"/deals/{deal.id}/parts/nothing").status_code == 404
    assert signed_in.get(f"/deals/{deal.id + 1000}/parts/work").status_code == 404
    assert signed_in.get(f"/deals/{deal.id}/parts/work?page=x").status_code == 200
    assert signed_in.get(f"/deals/{deal.id}/parts/work?page=-5").status_code == 200


def test_a_kept_row_is_shown_in_the_language_and_currency_of_the_moment(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    """The section rows are kept rendered (pages._ROWS) by what they show: the same rows shown
    again after a switch of language, or after the deal's currency changed, are in the new
    language and currency (a key without them served the first text; shown failing so)."""
    deal = factories.deal(db, user)
    factories.part(db, deal, "payments", gross="1234.56", received_on=date(2026, 3, 2))
    entry = factories.work(db, deal, activity="editing", minutes=45)

    def rows() -> str:
        page = parse(signed_in.get(f"/deals/{deal.id}"))
        return " ".join(texts(page, f"#work-{entry.id} .title, #section-payments li[id]", " "))

    _switch(signed_in, "en")
    english = rows()
    assert "Editing" in english and "CN¥1,234.56" in english, english
    _switch(signed_in, "zh-CN")
    chinese = rows()
    assert "剪辑" in chinese and "Editing" not in chinese, chinese
    ledger.update_deal(db, deal, changes={"currency": "USD"})
    dollars = rows()
    assert "US$1,234.56" in dollars and "¥" not in dollars, dollars
