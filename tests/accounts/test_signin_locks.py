"""Sign-in holds no database lock while argon2 runs, and a cookieless sign-in page writes
nothing (issue 9: 60 parallel sign-ins on SQLite blocked other users' writes for 31 s)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.accounts import service as accounts
from app.accounts.models import UserSession
from app.ledger import schemas
from app.ledger import service as ledger
from tests.conftest import PASSWORD, csrf_of, make_user, using_postgres


def _sessions(db: Session) -> int:
    return int(db.execute(select(func.count()).select_from(UserSession)).scalar_one())


def test_cookieless_sign_in_page_writes_no_session(client: TestClient, db: Session) -> None:
    make_user(db)
    for _ in range(5):
        fresh = TestClient(client.app, base_url="http://testserver", follow_redirects=False)
        assert fresh.get("/login").status_code == 200
    assert _sessions(db) == 0
    # ... and the form still works, with its CSRF check.
    token = csrf_of(client, "/login")
    bad = client.post("/login", data={"username": "mei", "password": PASSWORD, "csrf_token": "x"})
    assert bad.status_code == 403
    good = client.post(
        "/login", data={"username": "mei", "password": PASSWORD, "csrf_token": token}
    )
    assert good.status_code == 303
    assert _sessions(db) == 1


def test_login_form_token_is_bound_to_its_cookie(client: TestClient, db: Session) -> None:
    make_user(db)
    token = csrf_of(client, "/login")
    other = TestClient(client.app, base_url="http://testserver", follow_redirects=False)
    other.get("/login")  # a cookie of its own; the first visitor's token does not fit it
    response = other.post(
        "/login", data={"username": "mei", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 403


@pytest.mark.commits
def test_other_writes_proceed_while_a_password_is_hashed(
    client: TestClient, db: Session, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_user(db)
    other = make_user(db, "ling", owner=False)
    written: list[bool] = []
    original = accounts._hasher.verify

    def verify_while_someone_writes(*args: Any, **kwargs: Any) -> Any:
        # Another user's write, with a short wait: it must not find the database locked.
        with engine.connect() as conn:
            if not using_postgres():
                conn.exec_driver_sql("PRAGMA busy_timeout=300")
            else:
                conn.exec_driver_sql("SET lock_timeout = '300ms'")
            with Session(bind=conn) as session:
                try:
                    ledger.create_brand(
                        session, user_id=other.id, data=schemas.BrandCreate(name="During")
                    )
                    written.append(True)
                except Exception:  # the assertion below reports it
                    written.append(False)
        return original(*args, **kwargs)

    monkeypatch.setattr(accounts._hasher, "verify", verify_while_someone_writes)
    token = csrf_of(client, "/login")
    response = client.post(
        "/login", data={"username": "mei", "password": "wrong-password", "csrf_token": token}
    )
    assert response.status_code == 422
    assert written == [True]
