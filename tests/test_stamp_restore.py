"""A SQLite restore while the app serves, against the period sums kept per account and owing
version (issue 15, 141101d) and the views kept per ledger version.

The restore reads the live database's versions, sets the copy's one past them, and then copies
it in. A write that commits between the two (the app serving: test_restore_attacks'
test_a_restore_while_two_workers_serve) moves the live versions to numbers the restored ledger
then has too: the kept sums of that version (the written deal in them) were taken for the
restored ledger's, whose rows are stamped below them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app import backup, clock
from app.accounts import service as accounts
from app.cli import main
from app.db import make_engine
from app.economics import api as economics_api
from app.economics import service as economics_service
from app.settings import Settings
from tests.conftest import Databases, using_postgres

pytestmark = pytest.mark.skipif(using_postgres(), reason="a SQLite restore")


def _clear() -> None:
    for cache in (
        economics_api._SUMMARY_JSON,
        economics_service._SUMMARIES,
        economics_service._PERIOD_SUMS,
        economics_service._OVERDUE,
    ):
        cache.clear()


@pytest.mark.parametrize(
    "then",
    [
        "read",
        "write",
    ],
)
def test_a_write_between_the_restores_version_read_and_its_copy_is_not_kept(
    databases: Databases, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, then: str
) -> None:
    url = databases.new_url()
    monkeypatch.setenv("KOCLEDGER_DATABASE_URL", url)
    monkeypatch.setenv("KOCLEDGER_DATA_DIR", str(tmp_path / "data"))
    assert main(["demo", "--deals", "6", "--user", "demo"]) == 0
    engine = make_engine(Settings(database_url=url))
    try:
        with Session(engine) as session:
            user = accounts.find_user(session, username="demo")
            assert user.id is not None
            token, _row = accounts.create_token(
                session, user_id=user.id, label="race", now=clock.utcnow()
            )
    finally:
        engine.dispose()
    archive = tmp_path / "ledger.backup"
    assert main(["backup", str(archive)]) == 0
    settings = Settings(database_url=url, data_dir=tmp_path / "data", secret_key="k" * 32)
    today = clock.utcnow().date()
    month = {"from": str(today.replace(day=1)), "to": str(today)}
    _clear()
    with TestClient(create_app(settings), headers={"Authorization": f"Bearer {token}"}) as client:
        brand = client.post("/api/v1/brands", json={"name": "Racing"}).json()["id"]

        def new_deal(title: str) -> None:
            body = {
                "title": title,
                "brand_id": brand,
                "agreed_fee": "6543.00",
                "status": "delivered",
                "delivered_on": str(today),
                "payment_due_on": str(today),
            }
            assert client.post("/api/v1/deals", json=body).status_code == 201

        new_deal("after the backup")  # the live ledger moves ahead of the backup's
        for period in (month, {}):
            assert client.get("/api/v1/summary", params=period).status_code == 200
        real = backup._copy_sqlite
        copies: list[Any] = []

        def copy_with_a_write_first(source: Any, target: Path) -> None:
            copies.append(target)
            if target == backup._sqlite_path(settings):  # the copy going into the live file
                new_deal("while the restore runs")  # serving: the versions read are passed
                for period in (month, {}):
                    assert client.get("/api/v1/summary", params=period).status_code == 200
            real(source, target)

        monkeypatch.setattr(backup, "_copy_sqlite", copy_with_a_write_first)
        assert main(["restore", str(archive), "--force"]) == 0
        assert len(copies) == 2
        if then == "write":  # a work entry on a deal the backup holds, this month
            kept = client.get("/api/v1/deals", params={"limit": 1}).json()["items"][0]["id"]
            work = {"activity": "editing", "minutes": 15, "worked_on": str(today)}
            assert client.post(f"/api/v1/deals/{kept}/work", json=work).status_code == 201
        served = [client.get("/api/v1/summary", params=p).json() for p in (month, {})]
        _clear()
        fresh = [client.get("/api/v1/summary", params=p).json() for p in (month, {})]
        assert served == fresh


def create_app(settings: Settings) -> Any:
    from app.main import create_app as make

    return make(settings)
