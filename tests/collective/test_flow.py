"""Two instances on one machine: a creator's and a hub. A contribution goes to the hub, by
file and by API; a release comes back and the offer check compares against it."""

from __future__ import annotations

import random
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app import clock
from app.accounts.models import User
from app.collective.models import Collective, CollectiveMember, Contribution
from app.collective.package import ContributionPackage
from app.db import make_engine
from app.demo import fill_demo
from app.ledger.models import Deal
from app.main import create_app
from app.settings import Settings
from tests.collective.test_release import record
from tests.conftest import Databases, api_token, make_user

API = "/api/v1"


@pytest.fixture
def hub(databases: Databases, tmp_path: Any) -> Any:
    settings = Settings(
        database_url=databases.new_migrated_url(),
        data_dir=tmp_path / "hub",
        secret_key="hub-secret-key",
    )
    engine = make_engine(settings)
    return create_app(settings), engine


def add_peers(engine: Any, slug: str, count: int, rng: random.Random) -> None:
    """Confirmed members with a package each, straight into the hub's database (fast)."""
    with Session(engine) as db:
        group = db.exec(select(Collective).where(Collective.slug == slug)).one()
        for index in range(count):
            user = User(username=f"bulk{index}", password_hash="-", created_at=clock.utcnow())
            db.add(user)
            db.flush()
            db.add(
                CollectiveMember(
                    collective_id=group.id or 0,
                    user_id=user.id or 0,
                    confirmed=True,
                    joined_at=clock.utcnow(),
                )
            )
            package = ContributionPackage.model_validate(
                {
                    "schema": "kocledger.contribution/1",
                    "records": [record(rng, tier="T2") for _ in range(3)],
                }
            )
            db.add(
                Contribution(
                    collective_id=group.id or 0,
                    user_id=user.id or 0,
                    package=package.model_dump_json(by_alias=True),
                    uploaded_at=clock.utcnow(),
                )
            )
        db.commit()


def _client(app: Any, engine: Any, name: str) -> TestClient:
    with Session(engine, expire_on_commit=False) as db:
        user = make_user(db, name, owner=False)
        headers = api_token(db, user)
    client = TestClient(app, base_url="http://testserver")
    client.headers.update(headers)
    return client


def test_contribution_goes_to_the_hub_and_a_release_comes_home(
    api: TestClient, db: Session, user: Any, hub: Any
) -> None:
    fill_demo(db, username=user.username, deals=60, seed=12, now=clock.utcnow())
    package = api.get(f"{API}/contribution").json()
    assert package["schema"] == "kocledger.contribution/1" and len(package["records"]) > 20
    assert all(r["brand"] is None for r in package["records"])
    # The user's own first three deals (on PostgreSQL ids keep counting across tests).
    first = db.exec(select(Deal.id).where(Deal.user_id == user.id).order_by(Deal.id)).all()[:3]
    dropped = api.get(f"{API}/contribution", params={"drop": first}).json()
    assert len(dropped["records"]) <= len(package["records"]) - 3 + 1

    app, engine = hub
    organizer = _client(app, engine, "organizer")
    assert (
        organizer.post(
            f"{API}/collectives", json={"name": "小红书互助组", "slug": "krew", "k": 2}
        ).status_code
        == 422
    )
    assert (
        organizer.post(
            f"{API}/collectives", json={"name": "小红书互助组", "slug": "krew", "k": 3}
        ).status_code
        == 201
    )
    creator = _client(app, engine, "creator")
    outsider = _client(app, engine, "outsider")
    code = organizer.post(f"{API}/collectives/krew/invites").json()["code"]
    assert creator.post(f"{API}/collectives/join", json={"code": code}).status_code == 200
    assert creator.post(f"{API}/collectives/krew/invites").status_code == 403
    assert outsider.get(f"{API}/collectives/krew/releases/latest").status_code == 404
    assert outsider.post(f"{API}/collectives/krew/contributions", json=package).status_code == 404

    # By file: the package, as downloaded, uploaded to the hub.
    # Not confirmed yet: she can neither send records nor read releases (no counts in the answer).
    refused = creator.post(f"{API}/collectives/krew/contributions", json=package)
    assert refused.status_code == 403 and not any(ch.isdigit() for ch in refused.json()["detail"])
    assert creator.get(f"{API}/collectives/krew/releases/latest").status_code == 403
    assert organizer.post(f"{API}/collectives/krew/members/creator/confirm").status_code == 200
    bad = dict(package, records=[{**package["records"][0], "title": "leak"}])
    refused = creator.post(f"{API}/collectives/krew/contributions", json=bad)
    assert refused.status_code == 422 and "records[0].title" in refused.text
    assert creator.post(f"{API}/collectives/krew/contributions", json=package).json()[
        "records"
    ] == len(package["records"])
    # The privacy budget, shown before anyone contributes.
    privacy = creator.get(f"{API}/collectives/krew/privacy").json()
    assert privacy["spent"] == 0 and privacy["remaining"] == privacy["annual_budget"] == 9.0
    assert privacy["epsilon_per_release"] == pytest.approx(2.2) and privacy["release_allowed"]
    assert outsider.get(f"{API}/collectives/krew/privacy").status_code == 404
    # Peers (synthetic, through the API as well).
    rng = random.Random(3)
    peers = []
    for index in range(6):
        peer = _client(app, engine, f"peer{index}")
        peer.post(
            f"{API}/collectives/join",
            json={"code": organizer.post(f"{API}/collectives/krew/invites").json()["code"]},
        )
        records = [record(rng, tier="T2").model_dump(mode="json") for _ in range(6)]
        assert (
            peer.post(
                f"{API}/collectives/krew/contributions",
                json={"schema": "kocledger.contribution/1", "records": records},
            ).status_code
            == 403
        )
        peers.append(peer)
    # Unconfirmed peers could not send; once confirmed they can.
    for index, peer in enumerate(peers):
        assert (
            organizer.post(f"{API}/collectives/krew/members/peer{index}/confirm").status_code == 200
        )
        records = [record(rng, tier="T2").model_dump(mode="json") for _ in range(6)]
        sent = peer.post(
            f"{API}/collectives/krew/contributions",
            json={"schema": "kocledger.contribution/1", "records": records},
        )
        assert sent.status_code == 200
    # A cell opens only on a noisy count of well over 50 members: add confirmed peers directly.
    add_peers(engine, "krew", 120, rng)
    made = organizer.post(f"{API}/collectives/krew/releases")
    assert made.status_code == 201 and made.json()["number"] == 1
    assert made.json()["privacy"]["epsilon"] == pytest.approx(2.2)
    again = organizer.post(f"{API}/collectives/krew/releases")
    assert again.status_code == 409 and not any(ch.isdigit() for ch in again.json()["detail"])
    assert creator.post(f"{API}/collectives/krew/releases").status_code == 403
    assert creator.get(f"{API}/collectives/krew/privacy").json()["spent"] == pytest.approx(2.2)
    release = creator.get(f"{API}/collectives/krew/releases/latest").json()
    assert release["schema"] == "kocledger.release/2" and release["privacy"]["delta"] < 1e-5
    assert release["cells"] and all(c["currency"] == "CNY" for c in release["cells"])
    assert creator.get(f"{API}/collectives/krew/releases/1").json() == release
    assert creator.delete(f"{API}/collectives/krew/contributions/mine").status_code == 204

    # Back home: the release is imported and the offer check compares against it.
    assert api.post(f"{API}/benchmarks/import", json={"schema": "x"}).status_code == 422
    assert api.post(f"{API}/benchmarks/import", json=release).status_code == 201
    # The demo profile has 8,600 followers (tier T2) in beauty.
    cell = next(
        c
        for c in release["cells"]
        if c["tier"] == "T2" and c["niche"] == "beauty" and c["kind"] == "image_note"
    )
    offer = api.post(
        f"{API}/offers/evaluate",
        json={"deliverables": [{"kind": cell["kind"], "quantity": 1}], "fee": "10"},
    ).json()
    benchmark = offer["percentiles"]["fee_per_unit"]["benchmark"]
    assert benchmark["image_note"]["median"] == cell["figures"]["fee_per_unit"]["median"]
    assert "below_benchmark" in {f["code"] for f in offer["red_flags"]}
