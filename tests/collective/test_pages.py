"""The collective pages: create, invite, join, confirm, send from the ledger, release, import."""

from __future__ import annotations

import io
import json
import random
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app import clock
from app.collective import service as collectives
from app.collective.models import Release
from app.demo import fill_demo
from app.errors import RuleError
from tests.collective.test_release import record
from tests.conftest import csrf_of, make_user, sign_in
from tests.html import one, parse, texts


def test_collective_pages(signed_in: TestClient, db: Session, user: Any, app_instance: Any) -> None:
    fill_demo(db, username=user.username, deals=40, seed=21, now=clock.utcnow())
    token = csrf_of(signed_in, "/collectives")
    bad = signed_in.post(
        "/collectives", data={"csrf_token": token, "name": "X", "slug": "Bad Slug!", "k": "5"}
    )
    assert bad.status_code == 422
    low = signed_in.post(
        "/collectives", data={"csrf_token": token, "name": "X", "slug": "krew", "k": "2"}
    )
    assert low.status_code == 422
    made = signed_in.post(
        "/collectives", data={"csrf_token": token, "name": "美妆互助", "slug": "krew", "k": "3"}
    )
    assert made.status_code == 303 and made.headers["location"] == "/collectives/krew"
    page = signed_in.post("/collectives/krew/invite", data={"csrf_token": token})
    code = one(parse(page), "#members .notice .token").text()

    friend = TestClient(app_instance, base_url="http://testserver", follow_redirects=False)
    make_user(db, "friend", owner=False)
    sign_in(friend, "friend")
    friend_token = csrf_of(friend, "/collectives")
    assert (
        friend.post(
            "/collectives/join", data={"csrf_token": friend_token, "code": "nope"}
        ).status_code
        == 422
    )
    assert (
        friend.post(
            "/collectives/join", data={"csrf_token": friend_token, "code": code}
        ).status_code
        == 303
    )
    waiting = parse(friend.get("/collectives/krew"))
    assert "not confirmed you yet" in one(waiting, "p.notice.warn").text()
    assert waiting.css("#contribute, #members") == []  # nothing to send or run yet
    assert (
        friend.post("/collectives/krew/release", data={"csrf_token": friend_token}).status_code
        == 404
    )

    preview = signed_in.get("/contribution?to=krew")
    assert preview.status_code == 200
    shown = parse(preview)
    # one row a deal, each with its own "leave out" box
    assert len(shown.css("tbody input[type=checkbox][name=drop]")) == len(shown.css("tbody tr"))
    assert any("美妆互助: each release costs every member ε = 2.2" in p for p in texts(shown, "p"))
    package = signed_in.get("/contribution.json").json()
    assert package["schema"] == "kocledger.contribution/1"
    sent = signed_in.post(
        "/collectives/krew/contribute", data={"csrf_token": token, "drop": ["1", "2"]}
    )
    assert sent.status_code == 303 and "sent=" in sent.headers["location"]
    rng = random.Random(1)
    upload = {
        "schema": "kocledger.contribution/1",
        "records": [record(rng).model_dump(mode="json") for _ in range(8)],
    }
    unconfirmed = friend.post(
        "/collectives/krew/contribute",
        data={"csrf_token": friend_token},
        files={"file": ("p.json", json.dumps(upload), "application/json")},
    )
    assert unconfirmed.status_code == 403
    assert one(parse(unconfirmed), "#upload-refused").text() == (
        "Only members the organizer has confirmed can send records."
    )
    signed_in.post("/collectives/krew/confirm", data={"csrf_token": token, "username": "friend"})
    assert (
        friend.post(
            "/collectives/krew/contribute",
            data={"csrf_token": friend_token},
            files={"file": ("p.json", json.dumps(upload), "application/json")},
        ).status_code
        == 303
    )
    for index in range(3):
        peer = make_user(db, f"peer{index}", owner=False)
        group = collectives.join(
            db,
            user_id=peer.id,
            code=collectives.create_invite(db, slug="krew", user_id=user.id, now=clock.utcnow()),
            now=clock.utcnow(),
        )
        collectives.confirm(db, slug=group.slug, user_id=user.id, username=f"peer{index}")
        collectives.contribute(
            db,
            slug="krew",
            user_id=peer.id,
            now=clock.utcnow(),
            package=collectives.validate_package(
                {
                    "schema": "kocledger.contribution/1",
                    "records": [record(rng).model_dump(mode="json") for _ in range(6)],
                }
            ),
        )
    budget = one(parse(signed_in.get("/collectives/krew")), "#privacy")
    assert texts(budget, "h2") == ["Privacy budget"]
    assert "Spent this year: 0.00" in texts(budget, "p")[0]
    assert (
        signed_in.post("/collectives/krew/release", data={"csrf_token": token}).status_code == 303
    )
    again = signed_in.post("/collectives/krew/release", data={"csrf_token": token})
    assert again.status_code == 409
    assert "already has its release" in one(parse(again), "#members p.error[role=alert]").text()
    detail = parse(signed_in.get("/collectives/krew"))
    assert texts(detail, "main section.card h2")[0].startswith("Release 1 · ")
    assert "ε = 2.20" in texts(detail, "main section.card p.muted.small")[0]
    release = signed_in.get("/collectives/krew/releases/1.json")
    assert release.status_code == 200 and release.json()["number"] == 1
    imported = signed_in.post(
        "/benchmarks",
        data={"csrf_token": token},
        files={"file": ("r.json", io.BytesIO(release.content), "application/json")},
    )
    assert imported.status_code == 303
    assert _benchmarks(signed_in)[0].startswith("美妆互助 #1")
    assert (
        signed_in.post(
            "/benchmarks",
            data={"csrf_token": token},
            files={"file": ("r.json", b"{}", "application/json")},
        ).status_code
        == 422
    )
    about = signed_in.get("/about/collectives")
    assert about.status_code == 200
    assert any("can read your records as you sent them" in p for p in texts(parse(about), "p, li"))


def test_releases_made_without_noise_are_labelled_withdrawn_and_flagged(
    signed_in: TestClient, db: Session, user: Any, app_instance: Any
) -> None:
    group = collectives.create_collective(
        db, user_id=user.id, name="旧组", slug="old", k=3, now=clock.utcnow()
    )
    old_cell = {
        "platform": "xiaohongshu",
        "kind": "image_note",
        "tier": "T2",
        "niche": "all",
        "year": 2026,
        "contributors": 10,
        "figures": {"fee_per_unit": {"p25": 400, "median": 650, "p75": 900}},
    }
    db.add(
        Release(
            collective_id=group.id or 0,
            number=1,
            made_on=clock.utcnow().date(),
            k=3,
            noise=False,
            body=json.dumps({"cells": [old_cell], "report_cards": []}),
        )
    )
    db.commit()
    detail = parse(signed_in.get("/collectives/old"))
    assert "made without noise" in one(detail, "main section.card p.notice.warn").text()
    assert texts(detail, "#members .item .sub") == ["confirmed", "made without noise"]
    document = signed_in.get("/collectives/old/releases/1.json").json()
    assert document["schema"] == "kocledger.release/1" and document["made_without_noise"]
    token = csrf_of(signed_in, "/benchmarks")
    signed_in.post(
        "/benchmarks",
        data={"csrf_token": token},
        files={"file": ("r.json", json.dumps(document), "application/json")},
    )
    assert _benchmarks(signed_in)[0].endswith("made without noise")
    assert (
        signed_in.post(
            "/collectives/old/releases/1/withdraw", data={"csrf_token": token}
        ).status_code
        == 303
    )
    assert signed_in.get("/collectives/old/releases/1.json").status_code == 404
    # The no-noise release does not occupy this period: a noisy one can be made.
    assert signed_in.post("/collectives/old/release", data={"csrf_token": token}).status_code == 303
    refused = signed_in.post("/collectives/old/releases/2/withdraw", data={"csrf_token": token})
    assert refused.status_code == 409
    assert texts(parse(refused), "#members p.error") == [
        "Only releases made without noise can be withdrawn."
    ]


def _benchmarks(client: TestClient) -> list[str]:
    """The imported releases listed on /benchmarks, newest first: "name #n · note"."""
    return [texts(row, "span")[0] for row in parse(client.get("/benchmarks")).css("section li.row")]


def test_dashboard_and_offer_show_the_benchmark(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    fill_demo(db, username=user.username, deals=60, seed=22, now=clock.utcnow())
    cell = {
        "platform": "xiaohongshu",
        "kind": "image_note",
        "tier": "T2",
        "niche": "beauty",
        "year": 2026,
        "contributors": 10,
        "figures": {
            "fee_per_unit": {"p25": 400, "median": 650, "p75": 900},
            "effective_hourly": {"p25": 60, "median": 95, "p75": 150},
            "hours": None,
            "days_to_payment": None,
            "extra_revision_rounds": None,
            "hidden_labor_share": None,
        },
    }
    collectives.import_benchmark(
        db,
        user_id=user.id,
        now=clock.utcnow(),
        document={
            "schema": "kocledger.release/1",
            "collective": "互助组",
            "number": 3,
            "made_on": "2026-11-01",
            "cells": [cell],
            "report_cards": [],
        },
    )
    bench = one(parse(signed_in.get("/dashboard?period=all")), "#benchmark")
    assert texts(bench, "h2") == ["Compared with your collective"]
    assert all("互助组 #3" in h for h in texts(bench, "h3"))
    # each comparison marks where "you" are: a line and its label
    assert len(bench.css("svg line.you")) >= 1 and len(bench.css("svg text.you")) >= 1
    assert any("Middle half of peers: 400 – 900, median 650." in p for p in texts(bench, "p"))
    token = csrf_of(signed_in, "/offers/new")
    page = signed_in.post(
        "/offers/check",
        data={"csrf_token": token, "kind_1": "image_note", "quantity_1": "1", "fee": "300"},
    )
    result = one(parse(page), "#result")
    (heading,) = [h for h in texts(result, "h3") if "among your collective's peers" in h]
    assert "互助组 #3" in heading and "made without noise" in heading  # schema 1: flagged
    assert texts(result, "svg text.you")[0].startswith("this offer")
    assert "⚠ The fee is below the median of your collective's benchmark." in texts(
        result, "ul.flags li"
    )


def test_a_noisy_release_feeds_the_dashboard_with_its_median(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    fill_demo(db, username=user.username, deals=60, seed=22, now=clock.utcnow())
    cell = {
        "platform": "xiaohongshu",
        "kind": "image_note",
        "tier": "T2",
        "niche": "all",
        "year": 2026,
        "currency": "CNY",
        "contributors": 80,
        "figures": {"fee_per_unit": {"median": 650}, "effective_hourly": {"median": 95}},
    }
    document = {
        "schema": "kocledger.release/2",
        "collective": "互助组",
        "number": 4,
        "made_on": "2026-10-01",
        "period": "2026Q4",
        "privacy": {"epsilon": 2.2, "delta": 2e-6},
        # The USD cell first: the CNY profile must still get the CNY one.
        "cells": [{**cell, "currency": "USD", "figures": {"fee_per_unit": {"median": 9}}}, cell],
        "report_cards": [],
    }
    bad = {**document, "cells": [{**cell, "currency": "cny"}]}
    with pytest.raises(RuleError):
        collectives.import_benchmark(db, user_id=user.id, now=clock.utcnow(), document=bad)
    collectives.import_benchmark(db, user_id=user.id, now=clock.utcnow(), document=document)
    bench = one(parse(signed_in.get("/dashboard?period=all")), "#benchmark")
    notes = texts(bench, "p")
    assert any(n.startswith("Median of peers: 650.") for n in notes)
    assert not any("without noise" in n for n in notes + texts(bench, "h3"))


def test_deals_out_of_the_package_ranges_are_left_out_not_a_500(
    signed_in: TestClient, api: TestClient, db: Session, user: Any
) -> None:
    from datetime import date

    from sqlmodel import select

    from app.ledger.models import Deal

    fill_demo(db, username=user.username, deals=12, seed=23, now=clock.utcnow())
    deals = db.exec(select(Deal).where(Deal.user_id == user.id).order_by(Deal.id)).all()
    old, rich = deals[0], deals[1]
    old.delivered_on, old.brief_received_on = date(1999, 12, 31), date(1999, 12, 1)
    rich.agreed_fee = 5_000_000_000  # 50 million yuan for one unit
    db.add(old)
    db.add(rich)
    db.commit()
    page = signed_in.get("/contribution")
    assert page.status_code == 200
    (note,) = parse(page).css("main p.notice.warn[role=status]")
    assert note.text().startswith("2 deals are left out")
    assert len(note.css(".token")) == 2  # each named
    answer = api.get("/api/v1/contribution")
    assert answer.status_code == 200
    left = answer.headers["X-Left-Out"]
    assert f"{old.id}:quarter" in left and f"{rich.id}:" in left
    assert collectives.validate_package(answer.json()).records


def test_budget_and_the_cron_command(signed_in: TestClient, db: Session, user: Any) -> None:
    group = collectives.create_collective(
        db, user_id=user.id, name="预算组", slug="budget", k=3, now=clock.utcnow()
    )
    today = clock.utcnow().date()
    made = collectives.release_due(db, today=today)
    assert ("budget", 1) in made
    assert ("budget", "already_released") in collectives.release_due(db, today=today)
    # A yearly budget smaller than the next release's cost: refused (409), nothing published.
    other = collectives.create_collective(
        db, user_id=user.id, name="小预算", slug="tight", k=3, now=clock.utcnow()
    )
    other.annual_budget = 1.0
    db.add(other)
    db.commit()
    token = csrf_of(signed_in, "/collectives/tight")
    refused = signed_in.post("/collectives/tight/release", data={"csrf_token": token})
    assert refused.status_code == 409
    assert texts(parse(refused), "#members p.error") == [
        "A new release would exceed this year's privacy budget."
    ]
    assert ("tight", "over_budget") in collectives.release_due(db, today=today)
    assert group.period == "quarterly" and group.release_day == 1
