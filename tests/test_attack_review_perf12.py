"""Attack review of issue-15-perf12 (the offer check's and the rate card's history read from
deal_figures alone, each deal's minutes per revision round kept as deal_figures.revision_minutes,
migration 0026). After every kind of write, the history the offer check and the rate card read
(negotiation.history_of) must equal the recount from the raw tables that main did before the
merge (economics.offer_history_of, through the deal table and the work entries). Each test
names what it tries; the ones that found a fault failed before the fix (see
/work/notes/attack-perf12.md), the others are guards that held."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, select, text, update
from sqlmodel import Session, col

from app import clock, migrate
from app.accounts import service as accounts
from app.db import make_engine
from app.demo import fill_demo
from app.economics import calc
from app.economics import service as economics
from app.economics.models import DealFiguresRow
from app.ledger import service as ledger
from app.ledger.models import Deal, WorkEntry
from app.negotiation import service as negotiation
from app.negotiation.offer import History
from app.settings import Settings
from app.spreadsheet import Sheet, apply
from bench.live import LiveServer, at_once, status_of
from tests import factories
from tests.conftest import PASSWORD, Databases, api_token, make_user


def _recount(db: Session, user_id: int, currency: str = "CNY") -> History:
    """The History main built before the merge: from the deals, deliverables, work entries."""
    return negotiation.history_from(
        economics.offer_history_of(db, user_id=user_id, currency=currency)
    )


def _sorted(history: History) -> tuple[Any, ...]:
    return (
        {k: sorted(v) for k, v in history.hours_per_unit.items()},
        {k: sorted(v) for k, v in history.fee_per_unit.items()},
        sorted(repr(r) for r in history.effective_hourly),
        sorted(history.revision_round_hours),
    )


def _shown(db: Session, user_id: int, currency: str = "CNY") -> History:
    negotiation._HISTORY.clear()
    return negotiation.history_of(db, user_id=user_id, currency=currency)


def _kept_equals_recount(db: Session, user_id: int) -> None:
    """Every figures row's revision_minutes equals calc.revision_minutes of its entries."""
    for deal_id, kept in db.execute(
        select(col(DealFiguresRow.deal_id), col(DealFiguresRow.revision_minutes)).where(
            col(DealFiguresRow.user_id) == user_id
        )
    ).all():
        entries = db.execute(
            select(
                col(WorkEntry.minutes), col(WorkEntry.activity), col(WorkEntry.revision_round)
            ).where(col(WorkEntry.deal_id) == deal_id)
        ).all()
        fresh = calc.revision_minutes(calc.WorkItem(m, a, r) for m, a, r in entries)
        assert economics.minutes_of(kept) == fresh, (deal_id, kept, fresh)


# --- a ledger from before stored figures ------------------------------------------------------
def test_a_ledger_from_before_stored_figures_keeps_its_revision_rounds(
    databases: Databases,
) -> None:
    """FOUND. A ledger made before deal_figures existed (0001: an old install upgraded, or an
    old backup restored) has its deals but no figures rows until the dashboard's
    ensure_figures fills them; 0002 creates the table empty and 0026 only fills rows that
    exist. Main before the merge priced an extra revision round from the work entries of the
    newest deals (through the deal table), so the rate card and the offer check showed her
    rounds; now they read figures rows only, so her rounds were gone (revision_round_hours
    [] against [0.75, 0.5]) until she happened to open the dashboard. The history now makes
    the figures of such deals first (ensure_figures, once per account and process)."""
    engine = make_engine(Settings(database_url=databases.new_url()))
    migrate.upgrade(engine)
    with Session(engine) as db:
        user = make_user(db, "old")
        deal = factories.deal(db, user, agreed_fee="3000", status="delivered")
        factories.part(db, deal, "deliverables", kind="image_note")
        factories.work(db, deal, "revision", 45, revision_round=1)
        factories.work(db, deal, "revision", 30, revision_round=2)
        user_id = user.id
    # The ledger as 0001 had it (no deal_figures), then upgraded again.
    migrate.downgrade(engine, "0001")
    migrate.upgrade(engine)
    economics._FIGURED.clear()
    try:
        with Session(engine) as db:
            assert db.execute(select(DealFiguresRow)).first() is None
            before = _recount(db, user_id)
            assert sorted(before.revision_round_hours) == [0.5, 0.75]
            shown = _shown(db, user_id)
            # Main before the merge read these rounds (its fees were from the kept columns).
            assert sorted(shown.revision_round_hours) == [0.5, 0.75]
            # And the rest equals the recount of the ledger as it is now (with its figures).
            assert _sorted(shown) == _sorted(_recount(db, user_id))
    finally:
        negotiation._HISTORY.clear()
        engine.dispose()


# --- huge hours ------------------------------------------------------------------------------
def test_a_deal_of_over_a_billion_minutes_still_has_a_rate(
    api: TestClient, db: Session, user: Any
) -> None:
    """FOUND (PostgreSQL). The rate of a deal is worked out in SQL now
    ((net × 120 + minutes) // (minutes × 2)), and minutes_total is a 32-bit column: from
    2^30 minutes (about 746,000 work entries of 24 hours, 38 spreadsheet imports of 20,000
    rows; the column holds up to 2^31) `minutes × 2` is "integer out of range", so the rate
    card and the offer check answered 500 on PostgreSQL, where main worked the rate out in
    Python (calc.rate_value). The figures row is set as the app keeps it for such a deal (a
    refresh of 746,000 entries takes minutes in a test). The multiplication is now in 64
    bits (on SQLite every integer is 64-bit: a guard there)."""
    deal = factories.deal(db, user, agreed_fee="3000", status="delivered")
    factories.part(db, deal, "deliverables", kind="image_note")
    minutes = 746_000 * 1440  # 1,074,240,000 > 2^30
    db.execute(
        update(DealFiguresRow)
        .where(col(DealFiguresRow.deal_id) == deal.id)
        .values(minutes_total=minutes)
    )
    db.flush()
    shown = _shown(db, user.id)
    assert shown.effective_hourly == [calc.rate_value(300000, minutes)]
    assert _sorted(shown) == _sorted(_recount(db, user.id))
    own = economics.own_history(db, user_id=user.id, start=None, end=None, currency="CNY")
    assert own.rate_count == 1
    negotiation._HISTORY.clear()
    assert api.get("/api/v1/rate-card").status_code == 200


# --- hostile values --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "body",
    [
        {"revision_round": 0},
        {"revision_round": -1},
        {"revision_round": 9999},
        {"revision_round": None},
        {"revision_round": 2**63},
        {"revision_round": "NaN"},
        {"minutes": 10**12},
        {"minutes": 0},
        {"minutes": -30},
        {"minutes": "NaN"},
        {"minutes": None},
        {"worked_on": "9999-12-31"},
        {"deal_id": 1},
        {"activity": "revision ", "revision_round": 1},
    ],
)
def test_hostile_revision_entries_are_refused_and_change_nothing(
    api: TestClient, db: Session, user: Any, body: dict[str, Any]
) -> None:
    """Guard: round numbers 0, negative, 9999, 2^63, NaN and None; minutes of 10^12, 0,
    negative, NaN, None; year 9999; a deal id in the body: refused (422) when posted and when
    patched onto an existing revision entry; the kept minutes and the history stay equal to
    the recount."""
    deal = factories.deal(db, user, agreed_fee="3000", status="delivered")
    entry = factories.work(db, deal, "revision", 45, revision_round=1)
    good = {"activity": "revision", "minutes": 30, "revision_round": 2, "worked_on": "2026-11-05"}
    posted = api.post(f"/api/v1/deals/{deal.id}/work", json={**good, **body})
    patched = api.patch(f"/api/v1/deals/{deal.id}/work/{entry.id}", json=body)
    assert posted.status_code == 422, posted.text
    assert patched.status_code == 422, patched.text
    db.expire_all()
    _kept_equals_recount(db, user.id)
    assert _sorted(_shown(db, user.id)) == _sorted(_recount(db, user.id))


# --- other accounts --------------------------------------------------------------------------
def test_another_accounts_deal_takes_no_revision_work(
    client: TestClient, db: Session, user: Any
) -> None:
    """Guard: with another account's deal and entry ids, in the path (POST, PATCH, DELETE of
    work) and in the body (deal_id of a PATCH), or in a spreadsheet import's deal column,
    nothing is written; neither account's kept minutes nor history move, and each equals its
    recount (and another account's rounds never reach hers)."""
    other = make_user(db, "yan", owner=False)
    theirs = factories.deal(db, other, agreed_fee="3000", status="delivered")
    their_entry = factories.work(db, theirs, "revision", 50, revision_round=1)
    mine = factories.deal(db, user, agreed_fee="3000", status="delivered")
    my_entry = factories.work(db, mine, "revision", 20, revision_round=1)
    bearer = api_token(db, user)
    body = {"activity": "revision", "minutes": 600, "revision_round": 3, "worked_on": "2026-11-05"}
    answers = [
        client.post(f"/api/v1/deals/{theirs.id}/work", json=body, headers=bearer),
        client.patch(
            f"/api/v1/deals/{theirs.id}/work/{their_entry.id}",
            json={"minutes": 600},
            headers=bearer,
        ),
        client.patch(
            f"/api/v1/deals/{mine.id}/work/{their_entry.id}", json={"minutes": 600}, headers=bearer
        ),
        client.patch(
            f"/api/v1/deals/{mine.id}/work/{my_entry.id}",
            json={"deal_id": theirs.id},
            headers=bearer,
        ),
        client.delete(f"/api/v1/deals/{theirs.id}/work/{their_entry.id}", headers=bearer),
    ]
    assert [a.status_code for a in answers] == [404, 404, 404, 422, 404]
    sheet = Sheet(
        header=["deal", "activity", "minutes", "round", "date"],
        rows=[[str(theirs.id), "revision", "600", "4", "2026-11-05"]],
    )
    written, errors = apply(
        db,
        user_id=user.id,
        kind="work",
        sheet=sheet,
        mapping={"deal": 0, "activity": 1, "minutes": 2, "revision_round": 3, "worked_on": 4},
        now=clock.utcnow(),
    )
    assert written == 0 and errors
    db.expire_all()
    for account in (user.id, other.id):
        _kept_equals_recount(db, account)
        assert _sorted(_shown(db, account)) == _sorted(_recount(db, account))
    assert sorted(_shown(db, user.id).revision_round_hours) == [Decimal(20) / 60]
    assert sorted(_shown(db, other.id).revision_round_hours) == [Decimal(50) / 60]


# --- migration -------------------------------------------------------------------------------
def test_0026_with_odd_rows_agrees_with_the_app(databases: Databases) -> None:
    """Guard: 0026 down and up again over a ledger with revision entries without a round
    number only, rounds split over entries, a deleted deal, a deal whose figures row is gone
    (and made again by ensure_figures), a cancelled deal, one in another currency: each kept
    revision_minutes equals the app's recount, and the history equals main's."""
    engine = make_engine(Settings(database_url=databases.new_url()))
    migrate.upgrade(engine)
    with Session(engine) as db:
        user = make_user(db, "odd")
        made = []
        for currency, status in [("CNY", "delivered"), ("CNY", "cancelled"), ("USD", "paid")]:
            deal = factories.deal(db, user, agreed_fee="3000", status=status, currency=currency)
            factories.part(db, deal, "deliverables", kind="image_note")
            made.append(deal)
        factories.work(db, made[0], "revision", 40, revision_round=2)
        factories.work(db, made[0], "revision", 25, revision_round=2)
        factories.work(db, made[0], "shooting", 300)
        factories.work(db, made[1], "revision", 15, revision_round=1)
        factories.work(db, made[2], "revision", 90, revision_round=1)
        gone = factories.deal(db, user, agreed_fee="3000", status="delivered")
        factories.work(db, gone, "revision", 500, revision_round=1)
        ledger.delete_deal(db, gone)
        # Entries without a round number (an old ledger): written by hand.
        db.execute(
            text(
                "INSERT INTO work_entry (user_id, deal_id, activity, minutes, worked_on, "
                "revision_round, unpaid, note) VALUES (:u, :d, 'revision', :m, '2026-11-05', "
                "NULL, :f, '')"
            ),
            [
                {"u": user.id, "d": made[1].id, "m": 11, "f": False},
                {"u": user.id, "d": made[1].id, "m": 4, "f": True},
            ],
        )
        db.commit()
        user_id = user.id
        ids = [d.id for d in made]
        lost = ids[0]
    migrate.downgrade(engine, "0025")
    with Session(engine) as db:
        db.execute(delete(DealFiguresRow).where(col(DealFiguresRow.deal_id) == lost))
        db.commit()
    migrate.upgrade(engine)
    economics._FIGURED.clear()
    try:
        with Session(engine) as db:
            kept = dict(
                db.execute(
                    select(col(DealFiguresRow.deal_id), col(DealFiguresRow.revision_minutes))
                ).all()
            )
            assert kept[ids[1]] == "15,15"
            assert kept[ids[2]] == "90"
            assert lost not in kept
            for currency in ("CNY", "USD"):
                assert _sorted(_shown(db, user_id, currency)) == _sorted(
                    _recount(db, user_id, currency)
                )
            _kept_equals_recount(db, user_id)
            assert db.get(DealFiguresRow, lost) is not None
            assert db.get(DealFiguresRow, lost).revision_minutes == "65"  # type: ignore[union-attr]
    finally:
        negotiation._HISTORY.clear()
        engine.dispose()


# --- two workers -----------------------------------------------------------------------------
@pytest.mark.concurrency
@pytest.mark.commits
def test_revision_work_from_two_workers_keeps_the_recount(
    databases: Databases, tmp_path: Path
) -> None:
    """Guard: `kocledger serve --workers 2` (SQLite; PostgreSQL at READ COMMITTED), two
    accounts; eight at a time, revision entries posted to one deal (rounds 1-3, a round over
    several entries), entries edited (minutes, round) and deleted, while the deal is moved
    (currency CNY/USD, cancelled and delivered again, dates) and a second deal of hers is made
    and deleted, with rate cards read by both workers between. After every burst each kept
    revision_minutes equals the recount of its entries, and the rate card both workers serve
    equals the one worked out from the raw tables (main's reads); the other account's card
    never moves."""
    url, env = databases.live_env(tmp_path)
    engine = make_engine(Settings(database_url=url, data_dir=tmp_path))
    tokens: dict[str, str] = {}
    ids: dict[str, int] = {}
    with Session(engine) as db:
        for name in ("hua", "lin"):
            made = accounts.create_user(db, username=name, password=PASSWORD, now=clock.utcnow())
            assert made.id is not None
            ids[name] = made.id
            tokens[name], _ = accounts.create_token(
                db, user_id=made.id, label="p12", now=clock.utcnow()
            )
    live = LiveServer(env, workers=2, log=tmp_path / "server.log").start()
    apis = {name: live.api(token) for name, token in tokens.items()}
    try:
        deals: dict[str, int] = {}
        for name, api in apis.items():
            brand = api.post("/brands", json={"name": f"B {name}"}).json()["id"]
            body = {"title": name, "brand_id": brand, "agreed_fee": "900.00", "status": "delivered"}
            deals[name] = api.post("/deals", json=body).json()["id"]
            api.post(f"/deals/{deals[name]}/deliverables", json={"kind": "image_note"})
            api.post(
                f"/deals/{deals[name]}/work",
                json={"activity": "shooting", "minutes": 120, "worked_on": "2026-11-01"},
            )
        other_card = apis["lin"].get("/rate-card").json()
        api, deal = apis["hua"], deals["hua"]
        brand = api.get("/brands").json()["items"][0]["id"]
        seen: Counter[int | str] = Counter()
        for burst in range(4):
            calls: list[Callable[[], Any]] = []
            for n in range(8):
                body = {
                    "activity": "revision",
                    "minutes": 10 + 7 * n + burst,
                    "revision_round": 1 + (n + burst) % 3,
                    "worked_on": "2026-11-05",
                }
                calls.append(partial(api.post, f"/deals/{deal}/work", json=body))
            moves: list[dict[str, Any]] = [
                {"currency": "USD", "delivered_on": "2099-12-31"},
                {"status": "cancelled", "currency": "CNY"},
                {"status": "delivered", "delivered_on": "2026-11-06", "currency": "CNY"},
                {"currency": "CNY", "brief_received_on": None},
            ]
            calls.append(partial(api.patch, f"/deals/{deal}", json=moves[burst]))
            items = api.get(f"/deals/{deal}/work", params={"limit": 100}).json()["items"]
            revisions = [i for i in items if i["activity"] == "revision"]
            if revisions:
                first = revisions[0]["id"]
                calls.append(partial(api.delete, f"/deals/{deal}/work/{first}"))
            if len(revisions) > 1:
                body = {"minutes": 61, "revision_round": 4}
                calls.append(
                    partial(api.patch, f"/deals/{deal}/work/{revisions[1]['id']}", json=body)
                )
            extra = {"title": f"x{burst}", "brand_id": brand, "agreed_fee": "100.00"}
            calls.append(partial(api.post, "/deals", json=extra))
            calls += [partial(api.get, "/rate-card") for _ in range(4)]
            calls += [partial(apis["lin"].get, "/rate-card") for _ in range(2)]
            seen.update(status_of(r) for r in at_once(calls, parallel=8))
            with Session(engine) as db:
                _kept_equals_recount(db, ids["hua"])
                _kept_equals_recount(db, ids["lin"])
                currency = ledger.get_profile(db, user_id=ids["hua"]).currency
                expected = _recount(db, ids["hua"], currency)
                assert _sorted(
                    negotiation.history_from(
                        economics.offer_history(db, user_id=ids["hua"], currency=currency)
                    )
                ) == _sorted(expected)
                # The card worked out here from the raw tables' history (main's reads).
                negotiation._HISTORY.clear()
                with patch.object(negotiation, "history_of", return_value=expected):
                    local = negotiation.rate_card(
                        db, user_id=ids["hua"], today=clock.today_in("UTC")
                    )
                negotiation._HISTORY.clear()
            assert burst == 0 or expected.revision_round_hours  # (burst 0: moved to USD)
            for _ in range(4):
                with live.api(tokens["hua"]) as fresh:
                    card = fresh.get("/rate-card").json()
                assert card["currency"] == local.currency
                assert card["extra_revision_round"]["hours"] == float(local.revision_hours)
                assert card["extra_revision_round"]["basis"] == local.revision_basis
                assert [i["hours"] for i in card["items"]] == [float(x.hours) for x in local.lines]
                with live.api(tokens["lin"]) as fresh:
                    assert fresh.get("/rate-card").json() == other_card
        assert set(seen) <= {200, 201, 204, 404}, seen
        assert seen[201] >= 32
    finally:
        for client in apis.values():
            client.close()
        live.stop()
        engine.dispose()


# --- the demo --------------------------------------------------------------------------------
def test_the_demo_keeps_what_a_recount_gives(db: Session) -> None:
    """Guard: the demo command's bulk rows (figures made from plain dicts, calc.inputs_from_rows)
    keep each deal's minutes per round as a recount of its entries does, and the history
    equals main's in both currencies."""
    fill_demo(db, username="demo12", deals=60, seed=5, now=clock.utcnow())
    user_id = db.execute(select(col(Deal.user_id))).scalars().first()
    assert user_id is not None
    _kept_equals_recount(db, user_id)
    assert db.execute(
        select(DealFiguresRow).where(col(DealFiguresRow.revision_minutes).is_not(None))
    ).first()
    for currency in ("CNY", "USD"):
        assert _sorted(_shown(db, user_id, currency)) == _sorted(_recount(db, user_id, currency))
    negotiation._HISTORY.clear()
