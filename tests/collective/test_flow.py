"""Two instances on one machine: a creator's and a hub. A contribution goes to the hub, by
file and by API; a release comes back and the offer check compares against it."""

from __future__ import annotations

import random
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app import clock, migrate
from app.db import make_engine
from app.demo import fill_demo
from app.main import create_app
from app.settings import Settings
from tests.collective.test_release import record
from tests.conftest import Databases, api_token, make_user

API = "/api/v1"


@pytest.fixture
def hub(databases: Databases, tmp_path: Any) -> Any:
    settings = Settings(
        database_url=databases.new_url(), data_dir=tmp_path / "hub", secret_key="hub-secret-key"
    )
    engine = make_engine(settings)
    migrate.upgrade(engine)
    return create_app(settings), engine


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
    dropped = api.get(f"{API}/contribution", params={"drop": [1, 2, 3]}).json()
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
    bad = dict(package, records=[{**package["records"][0], "title": "leak"}])
    refused = creator.post(f"{API}/collectives/krew/contributions", json=bad)
    assert refused.status_code == 422 and "records[0].title" in refused.text
    assert creator.post(f"{API}/collectives/krew/contributions", json=package).json()[
        "records"
    ] == len(package["records"])
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
        peer.post(
            f"{API}/collectives/krew/contributions",
            json={"schema": "kocledger.contribution/1", "records": records},
        )
        peers.append(peer)
    # Nobody is confirmed yet: no contributors, no release.
    assert organizer.post(f"{API}/collectives/krew/releases").status_code == 409
    for name in ["creator", *[f"peer{i}" for i in range(6)]]:
        assert organizer.post(f"{API}/collectives/krew/members/{name}/confirm").status_code == 200
    made = organizer.post(f"{API}/collectives/krew/releases")
    assert made.status_code == 201 and made.json()["number"] == 1
    assert organizer.post(f"{API}/collectives/krew/releases").status_code == 409  # batching
    release = creator.get(f"{API}/collectives/krew/releases/latest").json()
    assert release["cells"] and creator.get(f"{API}/collectives/krew/releases/1").json() == release
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
