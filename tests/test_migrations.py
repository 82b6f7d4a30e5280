"""Only Alembic creates tables: models and migrations agree; downgrade and upgrade round-trip."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, select
from sqlmodel import Session, col

from app import clock, migrate
from app.db import make_engine, metadata
from app.demo import fill_demo
from app.economics import rollup
from app.economics.models import TaxDealYear, TaxYear
from app.ledger.models import Deal, Payment
from app.settings import Settings
from tests.conftest import Databases


def _engine(databases: Databases) -> object:
    return make_engine(Settings(database_url=databases.new_url()))


def test_models_and_migrations_agree(databases: Databases) -> None:
    engine = make_engine(Settings(database_url=databases.new_url()))
    migrate.upgrade(engine)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, metadata)
    engine.dispose()
    assert diff == []


def test_downgrade_then_upgrade_round_trips(databases: Databases) -> None:
    url = databases.new_url()
    engine = make_engine(Settings(database_url=url))
    migrate.upgrade(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"deal", "work_entry", "payment", "user_account"} <= tables
    migrate.downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(engine)
    assert set(inspect(engine).get_table_names()) == tables
    engine.dispose()
    create_engine(url).dispose()


def test_the_tax_year_sums_are_counted_for_existing_ledgers(databases: Databases) -> None:
    """0018 fills tax_deal_year and tax_year from the payments already there, exactly as the
    app's own recount (tax_rollup.rebuild) would."""
    engine = make_engine(Settings(database_url=databases.new_url()))
    migrate.upgrade(engine)
    with Session(engine) as session:
        fill_demo(session, username="old", deals=40, seed=5, now=clock.utcnow())
        # A foreign deal's payment with and without its CNY value.
        deal = session.execute(select(Deal).limit(1)).scalar_one()
        deal.currency = "USD"
        session.add(deal)
        payments = session.execute(select(Payment).where(col(Payment.deal_id) == deal.id))
        for payment in payments.scalars():
            payment.amount_cny = 7_100_00
        session.commit()
        user_id = deal.user_id
    # The ledger as it was before 0018: its deals and payments, no year sums.
    migrate.downgrade(engine, "0017")
    assert "tax_year" not in inspect(engine).get_table_names()
    migrate.upgrade(engine)

    def rows(session: Session) -> list[set[tuple[Any, ...]]]:
        return [
            {tuple(r) for r in session.execute(select(table.__table__)).all()}  # type: ignore[attr-defined]
            for table in (TaxDealYear, TaxYear)
        ]

    with Session(engine) as session:
        migrated = rows(session)
        assert migrated[0] and migrated[1]
        rollup.rebuild(session, user_id=user_id)
        session.commit()
        assert rows(session) == migrated
    engine.dispose()


def test_widening_a_referenced_column_keeps_the_ledger_and_its_checks(
    databases: Databases,
) -> None:
    """0020 changes brand.category's type, which on SQLite rebuilds brand while deals point
    to it (refused with foreign keys on, so they are off during a migration): every row and
    reference stays, and the pool's connections check foreign keys again afterwards."""
    engine = make_engine(Settings(database_url=databases.new_url()))
    # The demo is filled by today's code (it keeps tables later migrations made), then the
    # ledger taken back to 0018 and brought up again across 0020, twice.
    migrate.upgrade(engine)
    with Session(engine) as session:
        fill_demo(session, username="old", deals=10, seed=7, now=clock.utcnow())
        session.commit()
        before = session.execute(select(Deal.id, Deal.brand_id).order_by(col(Deal.id))).all()
    migrate.downgrade(engine, "0018")
    migrate.upgrade(engine)
    migrate.downgrade(engine, "0018")
    migrate.upgrade(engine)
    with Session(engine) as session:
        after = session.execute(select(Deal.id, Deal.brand_id).order_by(col(Deal.id))).all()
        assert after == before
        if engine.dialect.name == "sqlite":
            assert session.connection().exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_the_history_inputs_are_filled_for_existing_ledgers(databases: Databases) -> None:
    """0025 fills what the own percentiles read of each deal (calc.history_inputs) on the
    figures rows already there, exactly as the app's writes and rebuilds keep it: a cancelled
    deal, a deal of two kinds, one without deliverables or dates, a negative fee (rounded down,
    as Python's //) included."""
    from sqlalchemy import delete, update

    from app.economics import service as economics
    from app.economics.models import DealFiguresRow
    from app.ledger.models import Deliverable
    from bench.consistency import mismatches

    engine = make_engine(Settings(database_url=databases.new_url()))
    migrate.upgrade(engine)
    with Session(engine) as session:
        fill_demo(session, username="old", deals=40, seed=7, now=clock.utcnow())
        ids = list(session.execute(select(col(Deal.id)).order_by(col(Deal.id))).scalars())
        user_id = session.execute(select(col(Deal.user_id))).scalars().first()
        assert user_id is not None
        session.execute(update(Deal).where(col(Deal.id) == ids[0]).values(status="cancelled"))
        session.execute(update(Deal).where(col(Deal.id) == ids[1]).values(agreed_fee=-700))
        session.execute(delete(Deliverable).where(col(Deliverable.deal_id) == ids[2]))
        session.execute(
            update(Deal)
            .where(col(Deal.id) == ids[3])
            .values(delivered_on=None, brief_received_on=None)
        )
        session.add(Deliverable(deal_id=ids[4], user_id=user_id, kind="live", quantity=2))
        session.add(Deliverable(deal_id=ids[1], user_id=user_id, kind="live", quantity=3))
        session.execute(
            delete(Deliverable).where(
                col(Deliverable.deal_id) == ids[1], col(Deliverable.kind) != "live"
            )
        )
        session.commit()
    # The ledger as it was before 0025.
    migrate.downgrade(engine, "0024")
    assert "unit_fee" not in {c["name"] for c in inspect(engine).get_columns("deal_figures")}
    migrate.upgrade(engine)
    names = ("filed_on", "priced", "unit_kind", "units", "unit_fee")
    # (the raw edits above moved some stored figures too: only the history inputs are 0025's)
    assert [m for m in mismatches(engine, user_id) if m.split()[2] in names] == []
    with Session(engine) as session:
        negative = session.get(DealFiguresRow, ids[1])
        assert negative is not None and negative.unit_fee == -700 // 3
        for start, end in ((None, None), (clock.utcnow().date().replace(day=1), None)):
            for currency in ("CNY", "USD"):
                args = {"user_id": user_id, "start": start, "end": end, "currency": currency}
                assert economics.own_history(session, **args) == economics.own_history_of(
                    session, **args
                )
    engine.dispose()


def test_the_revision_minutes_are_filled_for_existing_ledgers(databases: Databases) -> None:
    """0026 fills each figures row's minutes per revision round (calc.revision_minutes) from
    the work entries already there, exactly as the app's writes keep them: a round logged in
    several entries, an entry without a round number (an old ledger), a deal without revisions,
    one of another currency; the offer history read from the rows then equals the recount."""
    from sqlalchemy import insert

    from app.economics import service as economics
    from app.economics.models import DealFiguresRow
    from app.ledger.models import WorkEntry
    from bench.consistency import mismatches

    engine = make_engine(Settings(database_url=databases.new_url()))
    migrate.upgrade(engine)
    with Session(engine) as session:
        fill_demo(session, username="old", deals=40, seed=11, now=clock.utcnow())
        ids = list(session.execute(select(col(Deal.id)).order_by(col(Deal.id))).scalars())
        user_id = session.execute(select(col(Deal.user_id))).scalars().first()
        assert user_id is not None
        entry = {
            "user_id": user_id,
            "activity": "revision",
            "worked_on": clock.utcnow().date(),
            "note": "",
        }
        session.execute(
            insert(WorkEntry),
            [
                {**entry, "deal_id": ids[0], "minutes": 40, "revision_round": 2},
                {**entry, "deal_id": ids[0], "minutes": 25, "revision_round": 2},
                {**entry, "deal_id": ids[0], "minutes": 10, "revision_round": 1},
                {**entry, "deal_id": ids[1], "minutes": 33, "revision_round": None},
                {**entry, "deal_id": ids[1], "minutes": 7, "revision_round": 3},
            ],
        )
        for deal_id in ids[:2]:
            deal = session.get(Deal, deal_id)
            assert deal is not None
            economics.refresh_figures(session, deal)
        session.commit()
        kept = {
            row.deal_id: row.revision_minutes
            for row in session.execute(select(DealFiguresRow)).scalars()
        }
    assert kept[ids[0]] is not None and kept[ids[0]].startswith("10,65")
    assert kept[ids[1]] is not None and kept[ids[1]].startswith("33,")
    assert sum(v is None for v in kept.values()) > 0  # deals without revisions
    assert sum(v is not None for v in kept.values()) > 2
    # The ledger as it was before 0026.
    migrate.downgrade(engine, "0025")
    assert "revision_minutes" not in {
        c["name"] for c in inspect(engine).get_columns("deal_figures")
    }
    migrate.upgrade(engine)
    assert mismatches(engine, user_id) == []
    with Session(engine) as session:
        assert {
            row.deal_id: row.revision_minutes
            for row in session.execute(select(DealFiguresRow)).scalars()
        } == kept
        for currency in ("CNY", "USD"):
            args = {"user_id": user_id, "currency": currency}
            mine, fresh = (
                economics.offer_history(session, **args),
                economics.offer_history_of(session, **args),
            )
            assert sorted(mine.rounds) == sorted(fresh.rounds)
    engine.dispose()


def _schema(engine: Any) -> dict[str, Any]:
    found = inspect(engine)
    return {
        table: (
            sorted((c["name"], str(c["type"]), c["nullable"]) for c in found.get_columns(table)),
            sorted((i["name"], tuple(i["column_names"])) for i in found.get_indexes(table)),
            sorted(str(fk) for fk in found.get_foreign_keys(table)),
            sorted(str(c) for c in found.get_check_constraints(table)),
        )
        for table in sorted(found.get_table_names())
    }


def test_the_filed_months_are_filled_for_existing_ledgers(databases: Databases) -> None:
    """0028 fills each figures row's filed_month (yyyymm of filed_on, NULL without a date)
    exactly as the app's writes keep it, years 1 and 9999 included; taken back to 0027 the
    schema is 0027's own; the own percentiles read by the month-led index then equal the
    recount (attack-hist31)."""
    from datetime import date

    from sqlalchemy import update

    from app.economics import service as economics
    from app.economics.models import DealFiguresRow
    from bench.consistency import mismatches

    fresh = make_engine(Settings(database_url=databases.new_url()))
    migrate.upgrade(fresh, "0027")
    schema_0027 = _schema(fresh)
    fresh.dispose()

    engine = make_engine(Settings(database_url=databases.new_url()))
    migrate.upgrade(engine)
    with Session(engine) as session:
        fill_demo(session, username="old", deals=40, seed=13, now=clock.utcnow())
        ids = list(session.execute(select(col(Deal.id)).order_by(col(Deal.id))).scalars())
        user_id = session.execute(select(col(Deal.user_id))).scalars().first()
        assert user_id is not None
        moved = {
            ids[0]: {"delivered_on": date(1, 1, 1)},
            ids[1]: {"delivered_on": date(9999, 12, 31)},
            ids[2]: {"delivered_on": None, "brief_received_on": date(1, 12, 31)},
            ids[3]: {"delivered_on": None, "brief_received_on": None},
        }
        for deal_id, values in moved.items():
            session.execute(update(Deal).where(col(Deal.id) == deal_id).values(**values))
        rollup.rebuild(session, user_id=user_id)
        session.commit()
        kept = {
            row.deal_id: row.filed_month
            for row in session.execute(select(DealFiguresRow)).scalars()
        }
    assert [kept[i] for i in ids[:4]] == [101, 999912, 112, None]
    for _ in range(2):
        migrate.downgrade(engine, "0027")
        assert _schema(engine) == schema_0027
        migrate.upgrade(engine)
    # (the raw edits above moved some stored figures too: only the dates' are checked)
    names = ("filed_on", "filed_month")
    assert [m for m in mismatches(engine, user_id) if m.split()[2] in names] == []
    with Session(engine) as session:
        assert {
            row.deal_id: row.filed_month
            for row in session.execute(select(DealFiguresRow)).scalars()
        } == kept
        periods = [(date(1, 1, 1), date(1, 12, 31)), (date(9999, 12, 1), None), (None, None)]
        today = clock.utcnow().date()
        periods += [(date(today.year, m, 1), date(today.year, m, 28)) for m in range(1, 13)]
        for start, end in periods:
            args = {"user_id": user_id, "start": start, "end": end, "currency": "CNY"}
            reference = economics.own_history_of(session, **args)
            for count in (0, 10**6):
                assert economics.own_history(session, **args, period_deals=count) == reference
    engine.dispose()


def test_the_month_index_is_keyed_by_deal_after_the_month(databases: Databases) -> None:
    """0029 replaces 0028's month-led index (user_id, currency, filed_month, filed_on, deal_id,
    …) by one with deal_id right after the month, which the merged read of a period walks newest
    first; taken back to 0028 the schema is 0028's own, and up again the percentiles of a ledger
    equal the recount by every read."""
    from datetime import date

    from tests.history import assert_reads_agree

    fresh = make_engine(Settings(database_url=databases.new_url()))
    migrate.upgrade(fresh, "0028")
    schema_0028 = _schema(fresh)
    fresh.dispose()

    engine = make_engine(Settings(database_url=databases.new_url()))
    migrate.upgrade(engine)
    indexes = {i["name"]: i["column_names"] for i in inspect(engine).get_indexes("deal_figures")}
    assert "ix_deal_figures_history_dated" not in indexes
    assert indexes["ix_deal_figures_history_month"][:5] == [
        "user_id",
        "currency",
        "filed_month",
        "deal_id",
        "filed_on",
    ]
    with Session(engine) as session:
        fill_demo(session, username="old", deals=60, seed=29, now=clock.utcnow())
        session.commit()
        user_id = session.execute(select(col(Deal.user_id))).scalars().first()
        assert user_id is not None
    for _ in range(2):
        migrate.downgrade(engine, "0028")
        assert _schema(engine) == schema_0028
        migrate.upgrade(engine)
    today = clock.utcnow().date()
    periods: list[tuple[date | None, date | None]] = [(None, None), (None, today)]
    periods += [(date(today.year - 1, m, 1), date(today.year, m, 28)) for m in (1, 6, 12)]
    periods += [(date(today.year, m, 1), date(today.year, m, 28)) for m in range(1, 13)]
    with Session(engine) as session:
        assert_reads_agree(session, user_id=user_id, periods=periods, currencies=["CNY"])
    engine.dispose()
