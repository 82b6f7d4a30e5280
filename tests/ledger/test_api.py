"""The JSON API of the ledger, by API.md's names: CRUD, pagination, 401, 404, 422."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests import factories

API = "/api/v1"


def test_no_token_is_401(client: TestClient) -> None:
    assert client.get(f"{API}/deals").status_code == 401
    bad = client.get(f"{API}/deals", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401


def test_openapi_document_is_served(client: TestClient) -> None:
    doc = client.get(f"{API}/openapi.json").json()
    for path in (
        "/api/v1/deals",
        "/api/v1/deals/{deal_id}/work",
        "/api/v1/profile",
        "/api/v1/deals/{deal_id}/in-kind/{part_id}",
        "/api/v1/agencies",
    ):
        assert path in doc["paths"]
    assert client.get(f"{API}/docs").status_code == 404  # interactive docs only when debugging


def test_full_deal_lifecycle(api: TestClient) -> None:
    brand = api.post(f"{API}/brands", json={"name": "Aesop"})
    assert brand.status_code == 201
    agency = api.post(
        f"{API}/agencies", json={"name": "星芒MCN", "kind": "mcn", "typical_cut_pct": 30}
    ).json()
    deal = api.post(
        f"{API}/deals",
        json={
            "title": "Hand balm note",
            "brand_id": brand.json()["id"],
            "agency_id": agency["id"],
            "source": "agency_group",
            "status": "contracted",
            "agreed_fee": "3000",
            "included_revision_rounds": 1,
            "due_on": "2026-04-01",
            "paid_boost_allowed": True,
        },
    )
    assert deal.status_code == 201, deal.text
    body = deal.json()
    assert body["agreed_fee"] == "3000.00" and body["quoted_fee"] is None
    assert body["currency"] == "CNY" and body["disclosure"] == "unknown"
    deal_id = body["id"]

    work = api.post(
        f"{API}/deals/{deal_id}/work",
        json={
            "activity": "revision",
            "minutes": 60,
            "worked_on": "2026-03-02",
            "revision_round": 1,
        },
    )
    assert work.status_code == 201 and work.json()["unpaid"] is False
    payment = api.post(
        f"{API}/deals/{deal_id}/payments",
        json={
            "gross": "3000.00",
            "platform_fee": "300",
            "tax_withheld": "440.00",
            "received_on": "2026-04-20",
            "method": "platform",
        },
    )
    assert payment.status_code == 201
    assert payment.json()["net"] == "2260.00"
    assert (
        api.post(
            f"{API}/deals/{deal_id}/deliverables", json={"kind": "video_note", "quantity": 1}
        ).status_code
        == 201
    )
    assert (
        api.post(
            f"{API}/deals/{deal_id}/expenses",
            json={"amount": "150", "category": "props", "spent_on": "2026-03-01"},
        ).status_code
        == 201
    )
    kind = api.post(f"{API}/deals/{deal_id}/in-kind", json={"item": "护手霜", "value": "399"})
    assert kind.status_code == 201 and kind.json()["kept"] is True

    listing = api.get(f"{API}/deals/{deal_id}/work").json()
    assert listing["total"] == 1 and listing["items"][0]["minutes"] == 60
    patched = api.patch(f"{API}/deals/{deal_id}", json={"status": "paid", "notes": "done"})
    assert patched.status_code == 200 and patched.json()["status"] == "paid"
    assert api.get(f"{API}/deals?status=paid").json()["total"] == 1
    assert api.delete(f"{API}/deals/{deal_id}").status_code == 204
    assert api.get(f"{API}/deals/{deal_id}").status_code == 404


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("agreed_fee", "-1"),
        ("agreed_fee", "1.234"),
        ("agreed_fee", "1e9999"),
        ("agreed_fee", "999999999999"),
        ("agreed_fee", "abc"),
        ("status", "done"),
        ("due_on", "2026-02-30"),
        ("included_revision_rounds", -1),
        ("title", ""),
        ("brand_id", "x"),
        ("currency", "ZZZ"),
        ("protection_days", 99999),
        ("unknown_field", 1),
    ],
)
def test_bad_deal_fields_are_422_naming_the_field(
    api: TestClient, db: Session, user: Any, field: str, value: Any
) -> None:
    brand = factories.brand(db, user)
    response = api.post(f"{API}/deals", json={"title": "t", "brand_id": brand.id, field: value})
    assert response.status_code == 422
    assert any(field in error["loc"] for error in response.json()["detail"])


def test_money_accepts_friendly_forms(api: TestClient, db: Session, user: Any) -> None:
    brand = factories.brand(db, user)
    for raw, expected in (("1234.5", "1234.50"), ("1,234.50", "1234.50"), ("¥1234", "1234.00")):
        body = api.post(
            f"{API}/deals", json={"title": "t", "brand_id": brand.id, "agreed_fee": raw}
        ).json()
        assert body["agreed_fee"] == expected


def test_cross_field_rules_hold_on_patch(api: TestClient, db: Session, user: Any) -> None:
    deal = factories.deal(db, user)
    payment = factories.part(db, deal, "payments", gross="100", received_on="2026-01-01")
    over = api.patch(f"{API}/deals/{deal.id}/payments/{payment.id}", json={"platform_fee": "150"})
    assert over.status_code == 422 and over.json()["detail"][0]["loc"] == ["body", "gross"]
    entry = factories.work(db, deal)
    refused = api.patch(f"{API}/deals/{deal.id}/work/{entry.id}", json={"revision_round": 2})
    assert refused.status_code == 422
    needed = api.patch(f"{API}/deals/{deal.id}/work/{entry.id}", json={"activity": "revision"})
    assert needed.status_code == 422
    both = api.patch(
        f"{API}/deals/{deal.id}/work/{entry.id}", json={"activity": "revision", "revision_round": 2}
    )
    assert both.status_code == 200
    assert api.patch(f"{API}/deals/{deal.id}", json={"title": None}).status_code == 422


def test_brand_of_another_account_is_refused(api: TestClient, db: Session) -> None:
    other = factories.brand(db, _other_user(db))
    response = api.post(f"{API}/deals", json={"title": "t", "brand_id": other.id})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "brand_id"]


def test_profile_read_and_patch(api: TestClient) -> None:
    profile = api.get(f"{API}/profile").json()
    assert profile["currency"] == "CNY" and profile["platform"] == "xiaohongshu"
    patched = api.patch(
        f"{API}/profile", json={"target_hourly": "200", "follower_count": 8600, "locale": "zh-CN"}
    )
    assert patched.status_code == 200
    assert patched.json()["target_hourly"] == "200.00"
    assert api.patch(f"{API}/profile", json={"timezone": "Nowhere/City"}).status_code == 422


def test_pagination(api: TestClient, db: Session, user: Any) -> None:
    brand = factories.brand(db, user)
    for n in range(5):
        factories.deal(db, user, title=f"deal {n}", brand_id=brand.id)
    page = api.get(f"{API}/deals?limit=2&offset=2").json()
    assert page["total"] == 5 and len(page["items"]) == 2
    assert api.get(f"{API}/deals?limit=0").status_code == 422


def _other_user(db: Session) -> Any:
    from tests.conftest import make_user

    return make_user(db, "other", owner=False)
