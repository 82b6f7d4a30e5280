"""Attack review of issue-15-deal13: a part's post reads and checks its deal before it takes the
write lock (web.core.writes_late), then writes in a transaction of its own (db.write_next).

What the first transaction checked must still hold when the second one writes."""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete as sa_delete
from sqlmodel import Session, func, select

from app import clock
from app.ledger import pages
from app.ledger import service as ledger
from app.ledger.models import Deal, WorkEntry
from app.ledger.schemas import DealCreate
from tests import factories
from tests.conftest import csrf_of, make_user, post_work_entry, using_postgres

HTMX = {"HX-Request": "true"}
FORM = "application/x-www-form-urlencoded"


@pytest.mark.skipif(using_postgres(), reason="PostgreSQL's sequences never give an id twice")
def test_a_part_posted_to_a_deal_deleted_and_its_id_given_to_another_account_is_refused(
    signed_in: TestClient,
    db: Session,
    user: Any,
    sessions: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """SQLite gives a deleted deal's id (the largest) to the next deal made, whoever makes it.
    Between the post's ownership check (deferred) and its write (BEGIN IMMEDIATE), her deal is
    deleted (another tab) and another account makes a deal: the write must not land in it."""
    victim = make_user(db, "victim", owner=False)
    mine = factories.deal(db, user, title="Mine", agreed_fee="100")
    token = csrf_of(signed_in, f"/deals/{mine.id}")
    real = pages.write_next
    theirs: list[int] = []

    def delete_then_another_account_makes_a_deal(session: Session) -> None:
        with sessions() as other:
            ledger.delete_deal(other, other.get(Deal, mine.id))
            brand = factories.brand(other, victim)
            made = ledger.create_deal(
                other,
                user_id=victim.id,
                data=DealCreate.model_validate({"title": "Theirs", "brand_id": brand.id}),
                now=clock.utcnow(),
            )
            theirs.append(made.id or 0)
        real(session)

    monkeypatch.setattr(pages, "write_next", delete_then_another_account_makes_a_deal)
    answer = post_work_entry(signed_in, mine.id, token)
    assert theirs == [mine.id]  # the id was given again
    assert answer.status_code == 404
    written = db.exec(
        select(func.count()).select_from(WorkEntry).where(WorkEntry.deal_id == mine.id)
    ).one()
    assert written == 0  # nothing in the victim's deal


def test_a_part_posted_to_a_deal_deleted_after_the_check_is_a_404_and_writes_nothing(
    signed_in: TestClient,
    db: Session,
    user: Any,
    sessions: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mine = factories.deal(db, user, title="Mine", agreed_fee="100")
    other = factories.deal(db, user, title="Other", agreed_fee="100")  # so the id is not reused
    token = csrf_of(signed_in, f"/deals/{mine.id}")
    real = pages.write_next

    def deleted_meanwhile(session: Session) -> None:
        with sessions() as elsewhere:
            ledger.delete_deal(elsewhere, elsewhere.get(Deal, mine.id))
        real(session)

    monkeypatch.setattr(pages, "write_next", deleted_meanwhile)
    for slug, form in FIELDS.items():
        answer = signed_in.post(
            f"/deals/{mine.id}/parts/{slug}",
            data={**form, "csrf_token": token},
            headers=HTMX,
        )
        assert answer.status_code == 404, (slug, answer.text[-300:])
        monkeypatch.setattr(pages, "write_next", real)
    assert db.get(Deal, other.id) is not None
    assert consistency_now(db, user.id) == []


HOSTILE = (
    "NaN",
    "-nan",
    "inf",
    "1e309",
    "9" * 40,
    "-9" * 20,
    "1_000",
    "０.５",  # full-width digits
    "\ud800",
    "a\x00b",
    "9999-12-31",
    "10000-01-01",
    "0000-01-01",
    "",
    " " * 3,
    "𝟘",
)
FIELDS = {
    "work": {"activity": "editing", "minutes": "15", "worked_on": "2026-11-01"},
    "payments": {"gross": "10", "received_on": "2026-11-01", "method": "bank"},
    "expenses": {"amount": "10", "spent_on": "2026-11-01", "category": "props"},
    "deliverables": {"kind": "image_note", "quantity": "1"},
    "in-kind": {"item": "x", "value": "1"},
}


@pytest.mark.parametrize("htmx", [True, False])
def test_hostile_values_in_every_field_of_every_part_form_are_never_a_500(
    signed_in: TestClient, db: Session, user: Any, htmx: bool
) -> None:
    deal = factories.deal(db, user, title="Mine", agreed_fee="100")
    token = csrf_of(signed_in, f"/deals/{deal.id}")
    statuses: dict[int, int] = {}
    kept: list[tuple[str, str, str, bool]] = []
    for slug, good in FIELDS.items():
        for name in good:
            for bad in HOSTILE:
                data = {**good, name: bad, "csrf_token": token}
                # (as bytes: a lone surrogate goes as its UTF-8-like bytes, which a client can send)
                body = "&".join(
                    f"{k}={quote(v.encode('utf-8', 'surrogatepass'))}" for k, v in data.items()
                )
                answer = signed_in.post(
                    f"/deals/{deal.id}/parts/{slug}",
                    content=body.encode(),
                    headers={**(HTMX if htmx else {}), "Content-Type": FORM},
                )
                statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1
                assert answer.status_code in (200, 303, 422), (slug, name, bad, answer.text[:300])
                typed = name not in ("activity", "category", "kind", "method", "kept")
                if answer.status_code == 422 and typed and bad.strip() and bad.isprintable():
                    kept.append((slug, name, bad, html.escape(bad) in answer.text))
    assert statuses.get(422, 0) > 0
    # A refused form comes back with what she typed in it.
    assert [k for k in kept if not k[3]] == []
    problems = consistency_now(db, user.id)
    assert problems == []


def consistency_now(db: Session, user_id: int) -> list[str]:
    """The stored figures against a recount of the parts, on the test's own connection."""
    from app.economics import calc
    from app.economics.models import DealFiguresRow
    from app.economics.service import load_inputs, row_values

    found: list[str] = []
    db.expire_all()
    for deal in db.exec(select(Deal).where(Deal.user_id == user_id)).all():
        expected = row_values(calc.deal_figures(load_inputs(db, deal)))
        row = db.get(DealFiguresRow, deal.id)
        assert row is not None
        for name, value in expected.items():
            if getattr(row, name) != value:
                found.append(f"deal {deal.id}: {name} stored {getattr(row, name)}, is {value}")
    return found


# --- a burst of form posts (the deferred path) with edits, moves and deletions, two workers ---
@pytest.mark.concurrency
def test_form_posts_racing_edits_moves_and_deletions_keep_the_figures_on_two_workers(
    databases: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Parts posted through the deal page's forms (checked deferred, written after: the path
    under attack), 8 at a time, with the same deals moved to another month, changed to another
    currency, their parts deleted, and some deals deleted mid-burst; another account posts to
    the same deal ids. After it: no 500, nothing written into another account's deal, and the
    stored figures and rollups equal a recount (bench.consistency)."""
    import itertools
    from functools import partial

    import httpx

    from app.accounts import service as accounts
    from app.db import make_engine
    from app.settings import Settings
    from bench.consistency import mismatches
    from bench.live import LiveServer, at_once, status_of
    from tests.conftest import PASSWORD

    data = tmp_path_factory.mktemp("deal13")
    url, env = databases.live_env(data)
    engine = make_engine(Settings(database_url=url, data_dir=data))
    with Session(engine) as setup:
        users = {}
        for name in ("ann", "bob"):
            made = accounts.create_user(setup, username=name, password=PASSWORD, now=clock.utcnow())
            users[name] = made.id
        token, _ = accounts.create_token(setup, user_id=users["ann"], label="t", now=clock.utcnow())
    live = LiveServer(env, workers=2, log=data / "server.log").start()
    clients: list[httpx.Client] = []
    try:
        api = live.api(token)
        clients.append(api)
        browsers = [live.browser("ann", PASSWORD) for _ in range(3)]
        thief, thief_csrf = live.browser("bob", PASSWORD)
        clients += [b for b, _ in browsers] + [thief]
        brand = api.post("/brands", json={"name": "B"}).json()["id"]
        deals = [
            api.post(
                "/deals",
                json={
                    "title": f"d{n}",
                    "brand_id": brand,
                    "agreed_fee": "300.00",
                    "delivered_on": "2026-10-15",
                    "status": "delivered",
                },
            ).json()["id"]
            for n in range(6)
        ]
        forms = {
            "work": {
                "activity": "revision",
                "minutes": "25",
                "worked_on": "2026-10-20",
                "revision_round": "2",
            },
            "payments": {"gross": "120.00", "received_on": "2026-10-21", "platform_fee": "3.00"},
            "expenses": {"amount": "7.50", "spent_on": "2026-10-22", "category": "props"},
            "in-kind": {"item": "lamp", "value": "40.00", "kept": "on"},
            "deliverables": {"kind": "video_note", "quantity": "2"},
        }
        seen: list[Any] = []
        for rnd in range(3):
            calls: list[Any] = []
            for i, deal in enumerate(deals):
                for n, (slug, form) in enumerate(forms.items()):
                    client, csrf = browsers[(i + n) % len(browsers)]
                    calls.append(
                        partial(
                            client.post,
                            f"/deals/{deal}/parts/{slug}",
                            data={**form, "csrf_token": csrf},
                            headers=HTMX if n % 2 else {},
                        )
                    )
                    calls.append(
                        partial(
                            thief.post,
                            f"/deals/{deal}/parts/{slug}",
                            data={**form, "csrf_token": thief_csrf},
                        )
                    )
                month = ("2026-09-30", "2026-11-01", "2026-10-15")[(i + rnd) % 3]
                currency = ("CNY", "USD")[(i + rnd) % 2]
                calls.append(
                    partial(
                        api.patch,
                        f"/deals/{deal}",
                        json={"delivered_on": month, "currency": currency},
                    )
                )
                calls.append(partial(_delete_some_parts, api, deal))
            gone = deals.pop(0)
            calls.append(partial(api.delete, f"/deals/{gone}"))
            shuffled = list(itertools.chain(calls[1::2], calls[0::2]))
            for result in at_once(shuffled, parallel=8):
                seen.append(status_of(result))
                if status_of(result) == 422:
                    print("422", result.request.url, result.text[-600:])
        with Session(engine) as check:
            foreign = check.exec(
                select(func.count()).select_from(WorkEntry).where(WorkEntry.user_id == users["bob"])
            ).one()
        assert foreign == 0
        assert set(seen) <= {200, 201, 204, 303, 404}, (
            sorted(set(map(str, seen))),
            live.log_tail(),
        )
        assert mismatches(engine, users["ann"]) == []
    finally:
        for client in clients:
            client.close()
        live.stop()
        engine.dispose()


def _delete_some_parts(api: Any, deal: int) -> Any:
    """Delete the first part of each kind the deal has now (a 404 if it went meanwhile)."""
    status = api.get(f"/deals/{deal}")
    for kind in ("work", "payments", "expenses", "in-kind", "deliverables"):
        found = api.get(f"/deals/{deal}/{kind}")
        if found.status_code != 200 or not found.json()["items"]:
            continue
        status = api.delete(f"/deals/{deal}/{kind}/{found.json()['items'][0]['id']}")
    return status


# --- the browser session's once-a-minute stamp inside the deferred transaction --------------
@pytest.mark.commits
def test_a_part_post_whose_browser_session_ends_before_its_stamp_is_not_a_500(
    signed_in: TestClient, db: Session, user: Any, engine: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The post reads its browser session (deferred on SQLite), then stamps it (a write, once a
    minute). The session is ended meanwhile (signed out in another tab, which commits): on
    SQLite the stamp's upgrade fails (the snapshot is stale) and rolls back, on PostgreSQL it
    updates no row. Either way she is not signed in any more: never a 500."""
    from datetime import timedelta

    from sqlalchemy import update

    from app.accounts import service as accounts
    from app.accounts.models import UserSession

    deal = factories.deal(db, user, title="Mine", agreed_fee="100")
    token = csrf_of(signed_in, f"/deals/{deal.id}")
    old = clock.utcnow() - timedelta(minutes=5)
    db.execute(update(UserSession).values(last_seen_at=old))
    db.commit()
    real = accounts.touch_session

    def ended_in_another_tab(session: Session, row: Any, *, now: Any) -> Any:
        with Session(engine) as other:
            other.execute(sa_delete(UserSession))
            other.commit()
        return real(session, row, now=now)

    monkeypatch.setattr(accounts, "touch_session", ended_in_another_tab)
    answer = post_work_entry(signed_in, deal.id, token)
    # Sent to sign in again (htmx: 204 with HX-Redirect), as any post without a session is.
    assert answer.status_code == 204, answer.text[-500:]
    assert answer.headers["HX-Redirect"].startswith("/login")
    written = db.exec(
        select(func.count()).select_from(WorkEntry).where(WorkEntry.deal_id == deal.id)
    ).one()
    assert written == 0


@pytest.mark.commits
def test_a_page_whose_browser_session_ends_before_its_stamp_is_not_a_500(
    signed_in: TestClient, db: Session, user: Any, engine: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same race on a page (a GET: deferred on SQLite too): sent to sign in again."""
    from datetime import timedelta

    from sqlalchemy import update

    from app.accounts import service as accounts
    from app.accounts.models import UserSession

    deal = factories.deal(db, user, title="Mine", agreed_fee="100")
    db.execute(update(UserSession).values(last_seen_at=clock.utcnow() - timedelta(minutes=5)))
    db.commit()
    real = accounts.touch_session

    def ended_in_another_tab(session: Session, row: Any, *, now: Any) -> Any:
        with Session(engine) as other:
            other.execute(sa_delete(UserSession))
            other.commit()
        return real(session, row, now=now)

    monkeypatch.setattr(accounts, "touch_session", ended_in_another_tab)
    answer = signed_in.get(f"/deals/{deal.id}")
    assert answer.status_code == 303, answer.text[-500:]
    assert answer.headers["location"].startswith("/login")
