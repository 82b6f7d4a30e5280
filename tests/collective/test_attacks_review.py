"""An outside review's attacks on the rebuilt collectives (issue 10), each found working before
its fix: see /work/notes/issue-10-review.md for the attack, the result before and after."""

from __future__ import annotations

import json
import random
import statistics
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app import clock
from app.collective import service as collectives
from app.collective.models import Release
from app.collective.privacy import DEFAULTS
from app.collective.release import _quantile_mechanism, make_release
from app.db import autocommit
from app.demo import fill_demo
from tests.collective.test_release import record
from tests.conftest import api_token, csrf_of, make_user, sign_in
from tests.html import one, parse

DAY = date(2026, 8, 3)  # Q3, after its release day


@pytest.mark.commits
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


@pytest.mark.commits
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


def _cell_of_members(have_figure: int, lack_figure: int, seed: int) -> dict[str, list[Any]]:
    """One cell (beauty, T2, image notes, 2026, CNY): some members logged hours, some did not."""
    rng = random.Random(seed)
    members: dict[str, list[Any]] = {}
    for index in range(have_figure + lack_figure):
        mine = [record(rng, fee=rng.randrange(40, 90) * 10) for _ in range(3)]
        if index >= have_figure:
            mine = [r.model_copy(update={"effective_hourly": None}) for r in mine]
        members[f"m{index}"] = mine
    return members


def test_a_figure_few_members_have_is_left_out_not_published_as_noise() -> None:
    """Found: each figure's median was taken over the members who have it, and published
    whatever their number. In a cell of 150 members where nobody logged hours, the release
    said the hourly median was any of the 242 grid points (43,697 an hour, 7 an hour, …), and
    the dashboard and the offer check compared members against it. Now a grid candidate also
    scores the members lacking the figure and a "too few values" candidate wins when they are
    most of the cell: the figure is then left out (same ε)."""
    empty = _cell_of_members(0, 150, seed=11)
    for _ in range(5):
        cells = make_release(empty, confirmed=set(empty), k=5)["cells"]
        assert cells, "a cell of 150 members opens"
        for cell in cells:
            assert cell["figures"]["effective_hourly"] is None, cell
            assert cell["figures"]["fee_per_unit"] is not None
    # Where nearly everyone has it, it is still published, near the truth.
    full = _cell_of_members(140, 10, seed=12)
    truth = statistics.median(
        statistics.median(r.effective_hourly for r in mine)
        for mine in full.values()
        if mine[0].effective_hourly is not None
    )
    for _ in range(5):
        for cell in make_release(full, confirmed=set(full), k=5)["cells"]:
            published = cell["figures"]["effective_hourly"]
            assert published is not None and abs(published["median"] - truth) / truth < 0.5
    # The mechanism costs what the release states per median.
    _, measurement, _ = _quantile_mechanism("effective_hourly", DEFAULTS.epsilon_quantile)
    assert measurement.map(1) <= DEFAULTS.epsilon_quantile * (1 + 1e-9)


def test_a_member_sees_what_all_her_collectives_may_spend_on_her(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    """Attack: an organizer opens a second (third, …) collective for the same members, each
    with a fresh yearly budget of ε 9, and asks them to send their records to each. Every page
    said "a yearly budget of 9"; nothing showed a member that two collectives may now spend
    ε 18 a year on her. Now the preview (before sending) and the privacy endpoint add up the
    budgets of every collective holding her records."""
    fill_demo(db, username=user.username, deals=20, seed=3, now=clock.utcnow())
    for slug in ("first", "second"):
        collectives.create_collective(
            db, user_id=user.id, name=slug, slug=slug, k=3, now=clock.utcnow()
        )
    token = csrf_of(signed_in, "/contribution")
    for slug in ("first", "second"):
        sent = signed_in.post(f"/collectives/{slug}/contribute", data={"csrf_token": token})
        assert sent.status_code == 303, sent.text
    page = signed_in.get("/contribution")
    exposure = one(parse(page), "#exposure").text()
    assert exposure.startswith("Your records are in 2 collectives.") and "ε = 18.0" in exposure
    signed_in.headers.update(api_token(db, user))
    mine = signed_in.get("/api/v1/collectives/first/privacy").json()["my_collectives"]
    assert mine == {"holding_my_records": 2, "annual_budget_together": 18.0}
    # Withdrawn from one: only the other's budget is left.
    assert signed_in.delete("/api/v1/collectives/second/contributions/mine").status_code == 204
    mine = signed_in.get("/api/v1/collectives/first/privacy").json()["my_collectives"]
    assert mine == {"holding_my_records": 1, "annual_budget_together": 9.0}


def test_access_matrix_for_outsiders_unconfirmed_members_and_other_collectives(
    client: TestClient, db: Session, user: Any
) -> None:
    """Every collective route, as an outsider, an unconfirmed member, and a confirmed member of
    another collective asking by this one's slug: 404 or 403, and no digits in a refusal."""
    collectives.create_collective(
        db, user_id=user.id, name="目标", slug="target", k=3, now=clock.utcnow()
    )
    collectives.release_now(db, slug="target", user_id=user.id, today=DAY)
    waiting = make_user(db, "waiting", owner=False)
    code = collectives.create_invite(db, slug="target", user_id=user.id, now=clock.utcnow())
    collectives.join(db, user_id=waiting.id, code=code, now=clock.utcnow())
    outsider = make_user(db, "outsider", owner=False)
    collectives.create_collective(
        db, user_id=outsider.id, name="别处", slug="elsewhere", k=3, now=clock.utcnow()
    )
    package = {"schema": "kocledger.contribution/1", "records": []}
    api = "/api/v1/collectives/target"
    calls = [
        ("get", f"{api}/releases/latest", None),
        ("get", f"{api}/releases/1", None),
        ("post", f"{api}/contributions", package),
        ("get", f"{api}/members", None),
        ("post", f"{api}/members/waiting/confirm", None),
        ("post", f"{api}/invites", None),
        ("post", f"{api}/releases", None),
        ("post", f"{api}/releases/1/withdraw", None),
    ]
    for who, allowed in ((outsider, {404}), (waiting, {403})):
        client.headers.clear()
        client.headers.update(api_token(db, who))
        for method, path, body in calls:
            answer = getattr(client, method)(path, **({"json": body} if body else {}))
            assert answer.status_code in allowed, (who.username, path, answer.status_code)
            assert not any(ch.isdigit() for ch in answer.json()["detail"]), answer.text
    client.headers.clear()
    sign_in(client, "outsider")
    for path in ("/collectives/target", "/collectives/target/releases/1.json"):
        assert client.get(path).status_code == 404
    client.cookies.clear()
    sign_in(client, "waiting")
    assert client.get("/collectives/target/releases/1.json").status_code == 404
    page = client.get("/collectives/target")
    assert page.status_code == 200 and "Release 1" not in page.text
    token = csrf_of(client, "/collectives/target")
    sent = client.post(
        "/collectives/target/contribute",
        data={"csrf_token": token},
        files={"file": ("p.json", json.dumps(package), "application/json")},
    )
    assert sent.status_code == 403
    for path in ("/collectives/target/release", "/collectives/target/invite"):
        assert client.post(path, data={"csrf_token": token}).status_code == 404
    assert (
        db.exec(select(Release)).all()[0].number == 1 and len(db.exec(select(Release)).all()) == 1
    )
