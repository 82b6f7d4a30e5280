"""The SQL each main page issues does not grow with the ledger (QUALITY.md: no query per row).

Two accounts in one database, filled by the demo generator: 10 deals and 1,000 deals. Each
page is requested as the first view after a write (so no cached view hides the work), with a
`before_cursor_execute` listener counting the statements it sends.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, select, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from app import clock
from app.accounts import service as accounts
from app.demo import DEMO_PASSWORD, fill_demo
from app.economics import rollup
from app.ledger import service as ledger
from app.ledger.models import Deal
from tests import factories
from tests.collective.test_benchmark_file import RELEASE
from tests.conftest import api_token, csrf_of, sign_in

PERIODS = ("month", "quarter", "year", "12m", "all")


def _user_id(db: Session, username: str) -> int:
    user_id: int = accounts.find_user(db, username=username).id
    return user_id


@contextmanager
def counting(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _page_counts(
    client: TestClient, engine: Engine, db: Session, username: str, bearer: dict[str, str]
) -> dict[str, int]:
    sign_in(client, username, DEMO_PASSWORD)
    deal_id = db.execute(
        select(col(Deal.id))
        .where(col(Deal.user_id) == _user_id(db, username))
        .order_by(col(Deal.id).desc())
        .limit(1)
    ).scalar_one()
    deal = f"/deals/{deal_id}"
    csrf = csrf_of(client, deal)

    def write() -> Any:
        return client.post(
            deal + "/parts/work",
            headers={"HX-Request": "true"},
            data={
                "csrf_token": csrf,
                "activity": "editing",
                "minutes": "15",
                "worked_on": clock.today_in("Asia/Shanghai").isoformat(),
            },
        )

    offer = {
        "csrf_token": csrf,
        "fee": "3000",
        "compensation": "cash",
        "kind_1": "image_note",
        "quantity_1": "1",
    }
    pages: dict[str, Callable[[], Any]] = {
        "home": lambda: client.get("/"),
        "deal list": lambda: client.get("/deals"),
        "deal page": lambda: client.get(deal),
        **{
            f"dashboard {p}": (lambda p=p: client.get(f"/dashboard?period={p}"))  # type: ignore[misc]
            for p in PERIODS
        },
        "summary API": lambda: client.get("/api/v1/summary", headers=bearer),
        "offer check": lambda: client.post("/offers/check", data=offer),
        "tax page": lambda: client.get("/tax"),
        "rate card": lambda: client.get("/rate-card"),
        "work-entry post": write,
    }
    counts = {}
    for name, call in pages.items():
        worst = 0
        for _ in range(2):  # the first view after a write, then a repeat view
            assert write().status_code == 200
            with counting(engine) as statements:
                response = call()
            assert response.status_code == 200, (name, response.status_code)
            worst = max(worst, len(statements))
            if name.startswith("dashboard"):
                # The year's tax figures come from the year's sums (tax_year), not from the
                # year's payments: no statement of the dashboard reads the payment table.
                reads = [s for s in statements if re.search(r"\b(FROM|JOIN) payment\b", s)]
                assert not reads, (name, reads)
            if name in ("rate card", "offer check"):
                # The history (hours per unit, fees per unit, rates, revision rounds) comes from
                # what each deal's figures row keeps (economics.offer_history), not from the
                # newest deals' deliverables and work entries read again after every write.
                reads = [
                    s
                    for s in statements
                    if re.search(r"\b(FROM|JOIN) (work_entry|deliverable|deal)\b", s)
                ]
                assert not reads, (name, reads)
        counts[name] = worst
    client.cookies.clear()
    return counts


@pytest.fixture
def two_ledgers(db: Session) -> dict[str, dict[str, str]]:
    now = clock.utcnow()
    fill_demo(db, username="small", deals=10, seed=3, now=now)
    # Ten deals spread over 18 months leave this month empty, and an empty period skips some
    # statements: date the small ledger's newest deals today so both ledgers fill every period.
    small = _user_id(db, "small")
    newest = (
        db.execute(
            select(col(Deal.id))
            .where(col(Deal.user_id) == small)
            .order_by(col(Deal.id).desc())
            .limit(3)
        )
        .scalars()
        .all()
    )
    # (her today, in the account's time zone, where the dashboard's month is: the UTC date is
    # the day before from 16:00 to 24:00 UTC, and then this month stayed empty after all)
    today = clock.today_in(ledger.get_profile(db, user_id=small).timezone)
    db.execute(
        update(Deal)
        .where(col(Deal.id).in_(newest))
        .values(brief_received_on=today, delivered_on=today)
    )
    rollup.rebuild(db, user_id=small)
    db.commit()
    fill_demo(db, username="large", deals=1000, seed=3, now=now)
    return {
        name: api_token(db, accounts.find_user(db, username=name)) for name in ("small", "large")
    }


def test_queries_per_page_do_not_grow_with_the_ledger(
    client: TestClient, engine: Engine, db: Session, two_ledgers: dict[str, dict[str, str]]
) -> None:
    small = _page_counts(client, engine, db, "small", two_ledgers["small"])
    large = _page_counts(client, engine, db, "large", two_ledgers["large"])
    grown = {name: (small[name], large[name]) for name in small if large[name] > small[name]}
    report = ", ".join(f"{name}: {small[name]}→{large[name]}" for name in small)
    print("\nSQL statements per page, 10 → 1,000 deals:", report)
    assert not grown, f"statements grow with the ledger (10 → 1,000 deals): {grown}"
    # Each page's statement count is small in absolute terms too.
    assert max(large.values()) <= 40, report


def test_the_counter_sees_a_query_per_row(engine: Engine, db: Session) -> None:
    """The listener counts what a per-row loop sends (the test above could not fail otherwise)."""
    fill_demo(db, username="rows", deals=5, seed=1, now=clock.utcnow())
    ids = db.execute(select(col(Deal.id))).scalars().all()
    with counting(engine) as statements:
        for deal_id in ids:
            db.get(Deal, deal_id, populate_existing=True)
    assert len(statements) == len(ids) == 5
    assert all(re.search(r"\bFROM deal\b", s) for s in statements)


def test_a_repeated_summary_api_answer_costs_one_statement(
    api: TestClient, engine: Engine, db: Session, user: Any
) -> None:
    """The summary document kept per ledger version: the token, its account and the account's
    profile (language, time zone, version) are read in one statement, and nothing else is.
    (Before: the token, then the account, then the profile, then the version: four.)"""
    factories.deal(db, user, agreed_fee="800", delivered_on="2026-11-03")
    first = api.get("/api/v1/summary")
    assert first.status_code == 200
    with counting(engine) as statements:
        again = api.get("/api/v1/summary")
    assert again.status_code == 200
    assert again.content == first.content
    assert len(_queries(statements)) == 1, statements
    # A write still moves the version: the next answer is worked out again and shows it.
    factories.deal(db, user, agreed_fee="300", delivered_on="2026-11-04")
    after = api.get("/api/v1/summary").json()
    assert [c["deals"] for c in after["currencies"]] == [2]
    with counting(engine) as statements:
        api.get("/api/v1/summary", headers={"Authorization": "Bearer koc_revoked-or-unknown"})
    assert len(_queries(statements)) == 1


def _queries(statements: list[str]) -> list[str]:
    """The statements but the test's own savepoints (each request runs inside one)."""
    return [s for s in statements if not re.match(r"(SAVEPOINT|RELEASE|ROLLBACK)\b", s)]


def _reading(statements: list[str], table: str) -> list[str]:
    return [s for s in statements if re.search(rf"\b(FROM|JOIN) {table}\b", s)]


def test_an_offer_check_reads_the_release_and_the_brands_once(
    signed_in: TestClient, engine: Engine, db: Session, user: Any
) -> None:
    """The imported release is read once for the check and for the boxes beside it (it was
    read twice), and the form's brand list at most once, without counting the brands (the
    list is kept per ledger version since issue-15-perf11: here the form's GET kept it)."""
    fill_demo(db, username=user.username, deals=20, seed=3, now=clock.utcnow())
    imported = signed_in.post(
        "/api/v1/benchmarks/import", json=RELEASE, headers=api_token(db, user)
    )
    assert imported.status_code == 201, imported.text
    token = csrf_of(signed_in, "/offers/new")
    offer = {"csrf_token": token, "kind_1": "image_note", "quantity_1": "1", "fee": "300"}
    with counting(engine) as statements:
        check = signed_in.post("/offers/check", data=offer)
    assert check.status_code == 200
    assert "this offer" in check.text or "本报价" in check.text  # the benchmark's box is shown
    assert len(_reading(statements, "imported_benchmark")) == 1, statements
    brands = _reading(statements, "brand")
    assert len(brands) <= 1 and "count(" not in "".join(brands).lower(), brands


def test_a_dashboard_after_a_write_reads_the_names_once(
    signed_in: TestClient, engine: Engine, db: Session, user: Any
) -> None:
    """The summary made afresh after a write names its brands and agencies in one statement
    (made, then named again for the copy shown: two)."""
    fill_demo(db, username=user.username, deals=20, seed=3, now=clock.utcnow())
    first = signed_in.get("/dashboard?period=all")
    assert first.status_code == 200
    deal = (
        db.execute(
            select(col(Deal.id)).where(col(Deal.user_id) == user.id).order_by(col(Deal.id).desc())
        )
        .scalars()
        .first()
    )
    token = csrf_of(signed_in, f"/deals/{deal}")
    wrote = signed_in.post(
        f"/deals/{deal}/parts/work",
        headers={"HX-Request": "true"},
        data={
            "csrf_token": token,
            "activity": "editing",
            "minutes": "15",
            "worked_on": clock.today_in("Asia/Shanghai").isoformat(),
        },
    )
    assert wrote.status_code == 200
    with counting(engine) as statements:
        again = signed_in.get("/dashboard?period=all")
    assert again.status_code == 200
    # (the overdue list joins the brand table too, for its rows' names)
    named = [s for s in _reading(statements, "brand") if "AS dim" in s]
    assert len(named) == 1, statements
    # The breakdown still shows the brands by name, as before the write.
    names = re.findall(r"<td[^>]*>([^<]+)</td>", first.text)
    assert names and all(name in again.text for name in names[:5])
