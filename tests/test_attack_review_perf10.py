"""Attacks on issue-15-perf10 (the own percentiles read from inputs kept on each figures row:
filed_on, priced, unit_kind, units, unit_fee). After each attack the percentiles the app shows
(economics.own_history, economics.fees_per_unit) must equal the straightforward recomputation
(own_history_of, fees_per_unit_of), sign of zero included: the pages print -0 and 0 apart."""

from __future__ import annotations

import math
import threading
from datetime import date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app import clock, migrate, spreadsheet
from app.db import make_engine
from app.demo import fill_demo
from app.economics import rollup
from app.economics import service as economics
from app.ledger import service as ledger
from app.ledger.enums import DeliverableKind
from app.ledger.models import Deal, Deliverable
from app.money import MAX_MINOR
from app.settings import Settings
from app.spreadsheet import Sheet, apply, guess_mapping
from bench.consistency import mismatches
from tests import factories
from tests.conftest import Databases, using_postgres
from tests.test_afterwrite_attacks import clear_all

NOW = datetime(2026, 3, 10, 9, 0)
PERIODS = [(None, None), (date(2026, 1, 1), date(2026, 12, 31))]


def _signs(values: Any) -> Any:
    """The value with every float replaced by (float, its sign): -0.0 and 0.0 compare apart."""
    if isinstance(values, float):
        return (values, math.copysign(1.0, values))
    if isinstance(values, (tuple, list)):
        return [_signs(v) for v in values]
    if isinstance(values, dict):
        return {k: _signs(v) for k, v in values.items()}
    return values


def assert_as_reference(db: Session, user_id: int, step: str) -> None:
    for start, end in PERIODS:
        for currency in ("CNY", "USD"):
            args = {"user_id": user_id, "start": start, "end": end, "currency": currency}
            kept = economics.own_history(db, **args)
            fresh = economics.own_history_of(db, **args)
            assert _signs(kept.__dict__) == _signs(fresh.__dict__), (step, start, end, currency)
            fees = {k: sorted(v) for k, v in economics.fees_per_unit(db, **args).items()}
            ref = {k: sorted(v) for k, v in economics.fees_per_unit_of(db, **args).items()}
            assert fees == ref, (step, start, end, currency)


# --- 1. a deal's rate that rounds to a negative zero ----------------------------------------
def test_a_loss_too_small_for_a_cent_an_hour_stays_negative_zero(
    signed_in: TestClient, db: Session, user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A deal that lost ¥0.01 over 3 hours has the rate -0.0033/h: calc.rate_value gives -0.0
    (as float(Decimal('-0.00')), the deal page's rate), and the dashboard's own percentiles
    printed it as -0 before perf10. The kept path read the rate back as the integer 0 of
    cents and printed 0."""
    deal = factories.deal(
        db, user, agreed_fee="0.00", status="delivered", delivered_on="2026-03-02"
    )
    factories.part(db, deal, "expenses", amount="0.01", spent_on="2026-03-02")
    factories.work(db, deal, "shooting", 180, worked_on=date(2026, 3, 2))
    assert_as_reference(db, user.id, "negative zero rate")
    # The dashboard as shown, against the same page with the reference percentiles.
    shown = signed_in.get("/dashboard?period=all").text
    clear_all(signed_in.app)
    monkeypatch.setattr(economics, "own_history", economics.own_history_of)
    reference = signed_in.get("/dashboard?period=all").text
    own = lambda html: html.split('id="own-history"')[1].split("</section>")[0]  # noqa: E731
    assert own(shown) == own(reference)


# --- 2. a spreadsheet import of hours racing a deal edit (PostgreSQL) ------------------------
@pytest.mark.commits
@pytest.mark.skipif(not using_postgres(), reason="SQLite's BEGIN IMMEDIATE serialises writers")
def test_an_hours_import_racing_a_deal_edit_keeps_the_deals_new_terms(
    client: TestClient, db: Session, user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Importing hours for two deals reads the deals, then refreshes each one's figures under
    its lock without reading it again (lock_deal(reload=False)); rollup.rebuild reads them
    back from the session's identity map. A deal cancelled (or its fee dropped) by another
    request in between kept priced = True and its old fee per unit on its figures row: the
    rate card and the offer check counted a cancelled deal's fee."""
    sessions = client.app.state.sessions  # type: ignore[attr-defined]
    made = []
    for n in range(2):
        deal = factories.deal(
            db,
            user,
            title=f"deal {n}",
            agreed_fee="900.00",
            status="delivered",
            delivered_on=f"2026-03-0{n + 1}",
        )
        factories.part(db, deal, "deliverables", kind="video_note", quantity=3)
        made.append(deal)
    target = made[1].id

    real = spreadsheet.refresh_figures
    raced = {"n": 0}

    def cancel() -> None:
        with sessions() as other:  # another request on its own connection
            victim = other.get(Deal, target)
            assert victim is not None
            ledger.update_deal(other, victim, changes={"status": "cancelled"})

    racer = threading.Thread(target=cancel)

    def refresh(session: Session, deal: Deal) -> Any:
        if not raced["n"]:
            raced["n"] += 1
            # The other request runs now: without the deal's lock held by the import it
            # commits at once (before the import refreshes that deal); with it, it waits for the
            # import's commit and refreshes the figures itself afterwards.
            racer.start()
            racer.join(timeout=2)
        return real(session, deal)

    monkeypatch.setattr(spreadsheet, "refresh_figures", refresh)
    header = ["deal", "activity", "minutes", "worked_on"]
    sheet = Sheet(header, [[str(d.id), "shooting", "60", "2026-03-05"] for d in made])
    mapping = guess_mapping("work", header)
    mapping.update({"deal": 0, "activity": 1, "minutes": 2, "worked_on": 3})
    with sessions() as importer:
        written, errors = apply(
            importer, user_id=user.id, kind="work", sheet=sheet, mapping=mapping, now=NOW
        )
    racer.join(timeout=30)
    assert not racer.is_alive()
    assert (written, errors) == (2, []) and raced["n"] == 1
    with sessions() as fresh:
        assert fresh.get(Deal, target).status == "cancelled"  # type: ignore[union-attr]
        assert_as_reference(fresh, user.id, "hours import racing a cancellation")


# --- 3. migration 0025 on an old ledger with odd rows ----------------------------------------
ODD: list[tuple[str, dict[str, Any], list[tuple[str, int]]]] = [
    ("zero units", {"agreed_fee": 90_000}, [("video_note", 0)]),
    ("zero and one", {"agreed_fee": 90_000}, [("video_note", 0), ("video_note", 1)]),
    ("negative units", {"agreed_fee": 70_000}, [("live", -2)]),
    ("negative fee, negative units", {"agreed_fee": -70_001}, [("live", -3)]),
    ("negative fee", {"agreed_fee": -1}, [("roundup", 1000)]),
    ("money maximum", {"agreed_fee": MAX_MINOR}, [("image_note", 1)]),
    ("maximum over three", {"agreed_fee": MAX_MINOR}, [("image_note", 3)]),
    ("year 9999", {"agreed_fee": 5_000, "delivered_on": date(9999, 12, 31)}, [("live", 1)]),
    ("no dates", {"agreed_fee": 5_000, "delivered_on": None, "brief_received_on": None}, []),
    ("every kind", {"agreed_fee": 5_000}, [(k, 1) for k in DeliverableKind]),
]


def test_0025_fills_odd_rows_as_the_app_keeps_them(databases: Databases) -> None:
    """Rows an old ledger may hold though today's forms refuse them (written by hand or by an
    older import: quantities of 0 or below, fees at the money maximum, dates out of the forms'
    range), downgraded to 0024 and upgraded: each figures row's kept inputs equal
    calc.history_inputs and the percentiles equal the straightforward ones."""
    engine = make_engine(Settings(database_url=databases.new_url()))
    migrate.upgrade(engine)
    with Session(engine) as session:
        fill_demo(session, username="old", deals=5, seed=3, now=clock.utcnow())
        user_id = session.execute(select(col(Deal.user_id))).scalars().first()
        brand_id = session.execute(select(col(Deal.brand_id))).scalars().first()
        for title, values, parts in ODD:
            deal = Deal(
                user_id=user_id,
                brand_id=brand_id,
                title=title,
                status="delivered",
                currency="CNY",
                created_at=NOW,
                **{"delivered_on": date(2026, 3, 1), **values},
            )
            session.add(deal)
            session.flush()
            for kind, quantity in parts:
                session.add(
                    Deliverable(deal_id=deal.id, user_id=user_id, kind=kind, quantity=quantity)
                )
        session.flush()
        assert user_id is not None
        rollup.rebuild(session, user_id=user_id)  # (rebuild needs the figures rows: below)
        session.commit()
    with Session(engine) as session:
        economics.ensure_figures(session, user_id=user_id)
    migrate.downgrade(engine, "0024")
    migrate.upgrade(engine)
    names = ("filed_on", "priced", "unit_kind", "units", "unit_fee")
    assert [m for m in mismatches(engine, user_id) if m.split()[2] in names] == []
    with Session(engine) as session:
        assert_as_reference(session, user_id, "after 0025")
    engine.dispose()
