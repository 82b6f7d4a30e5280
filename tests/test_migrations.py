"""Only Alembic creates tables: models and migrations agree; downgrade and upgrade round-trip."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from app import migrate
from app.db import make_engine, metadata
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
