"""Password change, sign out everywhere (settings and CLI), session lifetime (issue 9)."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from app import clock
from app.accounts import service as accounts
from app.accounts.models import UserSession
from app.cli import main
from app.db import make_engine
from app.settings import Settings
from tests.conftest import PASSWORD, Databases, csrf_of, sign_in
from tests.html import one, parse

NEW = "a brand new passphrase"


def _second(client: TestClient) -> TestClient:
    other = TestClient(client.app, base_url="http://testserver", follow_redirects=False)
    sign_in(other)
    return other


def test_password_change_signs_out_other_sessions(signed_in: TestClient, db: Session) -> None:
    phone = _second(signed_in)
    assert phone.get("/").status_code == 200
    token = csrf_of(signed_in)
    response = signed_in.post(
        "/settings/password",
        data={
            "csrf_token": token,
            "current_password": PASSWORD,
            "password": NEW,
            "password_confirm": NEW,
        },
    )
    assert response.status_code == 303, response.text
    assert signed_in.get("/").status_code == 200  # this device: a fresh session
    gone = phone.get("/")
    assert gone.status_code == 303 and gone.headers["location"].startswith("/login")
    fresh = TestClient(signed_in.app, base_url="http://testserver", follow_redirects=False)
    with pytest.raises(AssertionError):
        sign_in(fresh)  # the old password no longer works
    sign_in(fresh, password=NEW)


@pytest.mark.parametrize(
    ("current", "new", "confirm", "field"),
    [
        ("wrong password", NEW, NEW, "current_password"),
        (PASSWORD, NEW, NEW + "x", "password_confirm"),
        (PASSWORD, "short", "short", "password"),
    ],
)
def test_password_change_refusals_keep_the_password(
    signed_in: TestClient, current: str, new: str, confirm: str, field: str
) -> None:
    token = csrf_of(signed_in)
    response = signed_in.post(
        "/settings/password",
        data={
            "csrf_token": token,
            "current_password": current,
            "password": new,
            "password_confirm": confirm,
        },
    )
    assert response.status_code == 422
    form = one(parse(response), "form[action='/settings/password']")
    # the refusal stands beside the field it is about, and only there
    assert [str(n.attributes["id"]) for n in form.css("[aria-invalid=true]")] == [f"pw-{field}"]
    assert one(form, f"#pw-{field}-error").text()
    assert signed_in.get("/").status_code == 200
    other = TestClient(signed_in.app, base_url="http://testserver", follow_redirects=False)
    sign_in(other)  # the old password still works


def test_password_change_needs_csrf(signed_in: TestClient) -> None:
    data = {"current_password": PASSWORD, "password": NEW, "password_confirm": NEW}
    assert signed_in.post("/settings/password", data=data).status_code == 403
    assert signed_in.post("/settings/signout-all", data={}).status_code == 403


def test_sign_out_everywhere(signed_in: TestClient, db: Session) -> None:
    phone = _second(signed_in)
    response = signed_in.post("/settings/signout-all", data={"csrf_token": csrf_of(signed_in)})
    assert response.status_code == 303 and response.headers["location"] == "/login"
    for device in (signed_in, phone):
        assert device.get("/").status_code == 303
    assert db.execute(select(func.count()).select_from(UserSession)).scalar_one() == 0


def test_sessions_last_thirty_days_at_most(signed_in: TestClient, db: Session) -> None:
    row = db.exec(select(UserSession)).one()
    row.created_at = clock.utcnow() - timedelta(days=31)
    db.add(row)
    db.commit()
    assert signed_in.get("/").status_code == 303


def test_session_cookie_lives_thirty_days(client: TestClient, user: Any) -> None:
    token = csrf_of(client, "/login")
    response = client.post(
        "/login", data={"username": "mei", "password": PASSWORD, "csrf_token": token}
    )
    assert f"Max-Age={30 * 24 * 3600}" in response.headers["set-cookie"]


def test_cli_password_and_signout_all(
    databases: Databases, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = databases.new_url()
    monkeypatch.setenv("KOCLEDGER_DATABASE_URL", url)
    monkeypatch.setenv("KOCLEDGER_DATA_DIR", str(tmp_path))
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["user", "create", "mei", "--password-stdin"]) == 0
    engine = make_engine(Settings(database_url=url, data_dir=tmp_path))
    with Session(engine) as db:
        user_id = accounts.find_user(db, username="mei").id
        assert user_id is not None
        for _ in range(2):
            accounts.open_session(db, user_id=user_id, now=clock.utcnow())
    assert main(["user", "signout-all", "mei"]) == 0
    with Session(engine) as db:
        assert db.execute(select(func.count()).select_from(UserSession)).scalar_one() == 0
        accounts.open_session(db, user_id=user_id, now=clock.utcnow())
    monkeypatch.setattr("sys.stdin", io.StringIO(NEW + "\n"))
    assert main(["user", "password", "mei", "--password-stdin"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["user", "password", "mei", "--password-stdin"]) == 2
    assert main(["user", "signout-all", "nobody"]) == 2
    with Session(engine) as db:
        assert db.execute(select(func.count()).select_from(UserSession)).scalar_one() == 0
        assert accounts.authenticate(db, username="mei", password=NEW) is not None
        assert accounts.authenticate(db, username="mei", password=PASSWORD) is None
    engine.dispose()


def test_passwords_are_hashed_with_argon2id_at_the_owasp_setting(
    quick_password_hashes: Any,
) -> None:
    """The suite hashes at the smallest cost (tests/conftest.py); the app's own setting is
    OWASP's first one for argon2id: 19 MiB, two passes, one lane."""
    stored = quick_password_hashes.hash("correct horse battery")
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert quick_password_hashes.verify("correct horse battery", stored)
