"""The kocledger command: user create, token create, demo data that follows DOMAIN.md."""

from __future__ import annotations

import io
from pathlib import Path
from statistics import median

import pytest
from sqlmodel import Session, func, select

from app.cli import main
from app.db import make_engine
from app.ledger.models import Deal, Deliverable, Payment, WorkEntry
from app.settings import Settings
from tests.conftest import Databases


@pytest.fixture
def cli_env(databases: Databases, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = databases.new_url()
    monkeypatch.setenv("KOCLEDGER_DATABASE_URL", url)
    monkeypatch.setenv("KOCLEDGER_DATA_DIR", str(tmp_path))
    return url


def test_user_and_token(
    cli_env: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("a long password\n"))
    assert main(["user", "create", "mei", "--password-stdin"]) == 0
    assert main(["token", "create", "mei", "--label", "laptop"]) == 0
    token = capsys.readouterr().out.strip()
    assert token.startswith("koc_") and "\n" not in token
    assert main(["token", "create", "nobody"]) == 2
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["user", "create", "other", "--password-stdin"]) == 2


def test_demo_follows_the_domain_ranges(cli_env: str) -> None:
    assert main(["demo", "--deals", "300", "--user", "demo"]) == 0
    engine = make_engine(Settings(database_url=cli_env))
    with Session(engine) as db:
        assert db.exec(select(func.count()).select_from(Deal)).one() == 300
        kinds = dict(
            db.exec(select(Deliverable.kind, func.count()).group_by(Deliverable.kind)).all()
        )
        assert kinds["image_note"] > kinds["video_note"] > 0
        image_minutes = db.exec(
            select(func.sum(WorkEntry.minutes))
            .join(Deliverable, Deliverable.deal_id == WorkEntry.deal_id)
            .where(
                Deliverable.kind == "image_note",
                Deliverable.quantity == 1,
                WorkEntry.activity.in_(["shooting", "editing", "copywriting"]),
            )  # type: ignore[attr-defined]
            .group_by(WorkEntry.deal_id)
        ).all()
        assert 3 * 60 <= median(image_minutes) <= 6 * 60
        paid = db.exec(select(func.count()).select_from(Payment)).one()
        assert 100 < paid < 300
        revisions = db.exec(
            select(func.count()).select_from(WorkEntry).where(WorkEntry.activity == "revision")
        ).one()
        assert revisions > 50
    engine.dispose()


@pytest.mark.parametrize("kind", ["postgresql", "sqlite"])
def test_serve_with_an_unreachable_database_says_why_and_serves_nothing(
    kind: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    """The migrations run in a child process before the server starts: when they cannot reach
    the database, one line says so (no tracebacks of two processes) and no server starts."""
    url = (
        "postgresql+psycopg://nobody@127.0.0.1:1/nowhere"  # nothing listens on port 1
        if kind == "postgresql"
        else f"sqlite:///{tmp_path}/missing-dir/sub/ledger.db"
    )
    monkeypatch.setenv("KOCLEDGER_DATABASE_URL", url)
    monkeypatch.setenv("KOCLEDGER_DATA_DIR", str(tmp_path))
    if kind == "sqlite":  # a directory that cannot be made: not even the file can be opened
        (tmp_path / "missing-dir").write_text("a file, not a directory")
    started: list[object] = []
    monkeypatch.setattr("uvicorn.run", lambda *a, **k: started.append(a))
    code = main(["serve", "--port", "1"])
    err = capfd.readouterr().err
    assert code != 0
    assert started == []
    assert "Traceback" not in err, err
    assert "error: cannot migrate the database" in err, err
    assert "the server was not started" in err, err


@pytest.mark.parametrize("proxies", ["*", "10.0.0.1, *", " * "])
def test_a_proxy_of_any_address_is_refused_in_one_line(
    proxies: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """With "*", uvicorn believes the left-most X-Forwarded-For entry, which the client writes:
    each guess could name a new client and the per-client sign-in limit would not hold. The
    server must not start (nor any command run), and must say why in one line, no traceback."""
    monkeypatch.setenv("KOCLEDGER_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("KOCLEDGER_TRUSTED_PROXIES", proxies)
    assert main(["migrate"]) == 2  # the setting is read before any command runs
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "KOCLEDGER_TRUSTED_PROXIES" in err and "Traceback" not in err
    monkeypatch.setenv("KOCLEDGER_TRUSTED_PROXIES", "10.0.0.1, 127.0.0.1")
    assert Settings().trusted_proxy_set == {"10.0.0.1", "127.0.0.1"}
