"""An outside review's attacks on the rebuilt collectives (issue 10), each found working before
its fix: see /work/notes/issue-10-review.md for the attack, the result before and after."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app import clock
from app.collective import service as collectives
from app.collective.models import Release
from app.db import autocommit
from tests.conftest import api_token, csrf_of, make_user

DAY = date(2026, 8, 3)  # Q3, after its release day


def test_two_release_requests_at_once_make_one_release(
    db: Session, engine: Engine, user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Attack: the organizer (or the organizer and the cron job) asks for a release twice at the
    same moment. The second request checks the schedule while the first is still computing its
    noise; the first commits; the second then numbers its release after the first and commits
    too: two releases in one period, twice the ε, beyond the schedule (and, near the end of the
    year, beyond the budget). Under read-committed isolation (PostgreSQL) this is what two
    concurrent requests do; the autocommit sessions here interleave the same way."""
    collectives.create_collective(
        db, user_id=user.id, name="竞速", slug="race", k=3, now=clock.utcnow()
    )
    real = collectives.make_release
    calls: list[int] = []

    def slow_release(*args: Any, **kwargs: Any) -> dict[str, Any]:
        calls.append(1)
        if len(calls) == 1:
            # While the first request is computing, a second one runs start to finish.
            with Session(autocommit(engine), expire_on_commit=False) as other:
                made = collectives.release_now(other, slug="race", user_id=user.id, today=DAY)
                assert made.number == 1
        return real(*args, **kwargs)

    monkeypatch.setattr(collectives, "make_release", slow_release)
    with pytest.raises(collectives.Conflict):
        collectives.release_now(db, slug="race", user_id=user.id, today=DAY)
    db.rollback()
    made = db.exec(select(Release).where(Release.period == "2026Q3")).all()
    assert len(made) == 1, [(r.number, r.period) for r in made]


def test_the_cron_job_and_the_organizer_at_once_make_one_release(
    db: Session, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same race through `kocledger collectives release-due` run while the organizer asks."""
    organizer = make_user(db, "organizer", owner=False)
    collectives.create_collective(
        db, user_id=organizer.id, name="定时", slug="cron", k=3, now=clock.utcnow()
    )
    real = collectives.make_release
    calls: list[int] = []

    def slow_release(*args: Any, **kwargs: Any) -> dict[str, Any]:
        calls.append(1)
        if len(calls) == 1:
            with Session(autocommit(engine), expire_on_commit=False) as other:
                collectives.release_now(other, slug="cron", user_id=organizer.id, today=DAY)
        return real(*args, **kwargs)

    monkeypatch.setattr(collectives, "make_release", slow_release)
    outcome = collectives.release_due(db, today=DAY)
    assert outcome == [("cron", "already_released")]
    assert len(db.exec(select(Release)).all()) == 1


def test_a_huge_k_from_the_form_is_refused_not_a_500_for_every_member(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    """Attack: an organizer types k = 2147483648 in the HTML form (the API caps k at 1000, the
    form did not). The collective was created; then the privacy endpoint every member reads
    before contributing, and every release request, failed with a 500 (OpenDP's threshold is
    an i32; on PostgreSQL the insert itself overflowed)."""
    token = csrf_of(signed_in, "/collectives")
    for k in ("2147483648", "1001"):
        made = signed_in.post(
            "/collectives", data={"csrf_token": token, "name": "大k", "slug": "bigk", "k": k}
        )
        assert made.status_code == 422, (k, made.status_code)
        assert "1000" in made.text
    made = signed_in.post(
        "/collectives", data={"csrf_token": token, "name": "大k", "slug": "bigk", "k": "1000"}
    )
    assert made.status_code == 303
    signed_in.headers.update(api_token(db, user))
    assert signed_in.get("/api/v1/collectives/bigk/privacy").status_code == 200
