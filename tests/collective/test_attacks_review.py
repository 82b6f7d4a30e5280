"""An outside review's attacks on the rebuilt collectives (issue 10), each found working before
its fix: see /work/notes/issue-10-review.md for the attack, the result before and after."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app import clock
from app.collective import service as collectives
from app.collective.models import Release
from app.db import autocommit
from tests.conftest import make_user

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
