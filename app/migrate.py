"""Apply and revert Alembic migrations from code (the CLI and the tests use this)."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from alembic import command

ROOT = Path(__file__).resolve().parent.parent  # where alembic.ini and alembic/ are
log = logging.getLogger(__name__)


class MigrationError(RuntimeError):
    """A migration run that was rolled back; the message says why."""


def alembic_config(engine: Engine) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "alembic"))
    config.set_main_option(
        "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
    )
    return config


@contextmanager
def _migrating(engine: Engine) -> Iterator[Connection]:
    """One transaction for the whole run. On SQLite, foreign keys are off while it runs (the
    pragma is a no-op inside a transaction, so it is set on the driver's connection first):
    changing a column's type rebuilds the table, and dropping the old copy of a table others
    point to (brand, profile) is refused with them on. Before commit, every reference is
    checked; one the run broke fails it and rolls it back. One broken before it (by hand, or by
    an older version) is not the run's to fail on: it is logged and left as it was."""
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        driver = connection.connection  # the DBAPI connection: no transaction is begun
        if sqlite:
            driver.cursor().execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                before = _broken_references(connection) if sqlite else []
                yield connection
                if sqlite:
                    after = _broken_references(connection)
                    new = Counter(k for k, _r in after) - Counter(k for k, _r in before)
                    if new:
                        made = [(k, r) for k, r in after if k in new]
                        raise MigrationError(
                            f"migration left broken references: {_described(made)}"
                        )
                    if after:
                        log.warning(
                            "broken references already in the database before the migrations,"
                            " kept as they were: %s",
                            _described(after),
                        )
        finally:
            if sqlite:
                driver.cursor().execute("PRAGMA foreign_keys=ON")


# A broken reference: (table, parent table, the table's columns, their values, the row's primary
# key). A table rebuilt by a migration keeps its rows' values and primary keys, not always their
# rowids or its foreign keys' order. With the primary key, a reference a migration broke is
# never taken for an old one it mended (the same values, in another row).
Reference = tuple[str, str, tuple[str, ...], tuple[Any, ...], tuple[Any, ...]]


def _broken_references(connection: Connection) -> list[tuple[Reference, Any]]:
    """SQLite's foreign_key_check: each broken reference, with the rowid of its row."""
    found: list[tuple[Reference, Any]] = []
    keys: dict[str, dict[int, list[str]]] = {}
    primary: dict[str, list[str]] = {}
    for table, rowid, parent, fkid in connection.exec_driver_sql("PRAGMA foreign_key_check"):
        if table not in keys:
            keys[table] = {}
            for fk in connection.exec_driver_sql(f"PRAGMA foreign_key_list({_quoted(table)})"):
                keys[table].setdefault(fk[0], []).append(fk[3])  # id, seq, table, from, …
            columns_info = connection.exec_driver_sql(f"PRAGMA table_info({_quoted(table)})")
            # cid, name, type, notnull, default, pk (its position in the key, 0 when not in it)
            primary[table] = [c[1] for c in sorted(columns_info, key=lambda c: c[5]) if c[5]]
        columns = tuple(keys[table].get(fkid, ()))
        values: tuple[Any, ...] = (rowid,)  # a WITHOUT ROWID table: no better handle
        row_key: tuple[Any, ...] = ()
        if rowid is not None and columns:
            listed = ", ".join(_quoted(c) for c in (*columns, *primary[table]))
            row = tuple(
                connection.exec_driver_sql(
                    f"SELECT {listed} FROM {_quoted(table)} WHERE rowid = ?",  # noqa: S608
                    (rowid,),
                ).one()
            )
            values, row_key = row[: len(columns)], row[len(columns) :]
        found.append(((table, parent, columns, values, row_key), rowid))
    return found


def _described(references: list[tuple[Reference, Any]], most: int = 10) -> str:
    said = [
        f"{table} rowid {rowid} "
        f"({', '.join(f'{c}={v!r}' for c, v in zip(columns, values, strict=False))} -> {parent})"
        for (table, parent, columns, values, _key), rowid in references[:most]
    ]
    more = len(references) - most
    return "; ".join(said) + (f"; and {more} more" if more > 0 else "")


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def revisions() -> set[str]:
    """Every database revision these migrations know (a backup with another is of a newer
    version of KOC Ledger, or not of KOC Ledger)."""
    script = ScriptDirectory(str(ROOT / "alembic"))
    return {revision.revision for revision in script.walk_revisions()}


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = alembic_config(engine)
    with _migrating(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    config = alembic_config(engine)
    with _migrating(engine) as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
