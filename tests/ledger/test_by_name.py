"""A deal's brand and agency typed by name, on the form and through the API."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.ledger import service as ledger
from app.ledger.models import Agency, Brand, Deal
from tests import factories
from tests.conftest import csrf_of, make_user

API = "/api/v1"


def _brands(db: Session, user_id: int) -> list[str]:
    db.expire_all()
    return sorted(b.name for b in db.exec(select(Brand).where(Brand.user_id == user_id)).all())


def test_a_lead_from_a_new_brand_needs_only_title_and_brand(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    form = signed_in.get("/deals/new").text
    assert 'list="brand-names"' in form and '<datalist id="brand-names">' in form
    token = csrf_of(signed_in, "/deals/new")
    response = signed_in.post(
        "/deals", data={"csrf_token": token, "title": "DM lead", "brand_name": "  Hey  Tea "}
    )
    assert response.status_code == 303, response.text
    deal = db.exec(select(Deal).where(Deal.title == "DM lead")).one()
    brand = db.get(Brand, deal.brand_id)
    assert brand is not None and brand.name == "Hey Tea" and brand.user_id == user.id
    assert deal.status == "lead" and deal.agency_id is None


def test_an_existing_brand_is_matched_ignoring_case_and_offered(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    brand = factories.brand(db, user, "Sanddun Coffee")
    assert '<option value="Sanddun Coffee">' in signed_in.get("/deals/new").text
    token = csrf_of(signed_in, "/deals/new")
    for title in ("One", "Two"):
        response = signed_in.post(
            "/deals",
            data={
                "csrf_token": token,
                "title": title,
                "brand_name": "sanddun  COFFEE",
                "agency_name": "Star Agency",
            },
        )
        assert response.status_code == 303
    deals = db.exec(select(Deal).where(Deal.user_id == user.id)).all()
    assert {d.brand_id for d in deals} == {brand.id}
    agencies = db.exec(select(Agency).where(Agency.user_id == user.id)).all()
    assert [a.name for a in agencies] == ["Star Agency"]  # made once, then matched
    assert {d.agency_id for d in deals} == {agencies[0].id}


def test_another_accounts_brand_is_never_matched(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    other = make_user(db, "rival", owner=False)
    theirs = factories.brand(db, other, "Shared Name")
    token = csrf_of(signed_in, "/deals/new")
    signed_in.post(
        "/deals", data={"csrf_token": token, "title": "Mine", "brand_name": "shared name"}
    )
    deal = db.exec(select(Deal).where(Deal.title == "Mine")).one()
    assert deal.brand_id != theirs.id
    assert _brands(db, user.id) == ["shared name"]
    assert _brands(db, other.id) == ["Shared Name"]
    # Nor offered as you type.
    assert "Shared Name" not in signed_in.get("/deals/new").text


def test_a_bad_deal_adds_no_brand_and_keeps_what_was_typed(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    token = csrf_of(signed_in, "/deals/new")
    response = signed_in.post(
        "/deals",
        data={"csrf_token": token, "title": "", "brand_name": "Ghost", "agreed_fee": "-1"},
    )
    assert response.status_code == 422
    assert 'value="Ghost"' in response.text and "This field is required." in response.text
    assert '<details class="more" open>' in response.text  # the fee error is shown, not hidden
    assert _brands(db, user.id) == []
    missing = signed_in.post("/deals", data={"csrf_token": token, "title": "No brand"})
    assert missing.status_code == 422 and 'id="brand_name-error"' in missing.text


def test_editing_a_deal_can_move_it_to_a_brand_by_name(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    deal = factories.deal(db, user, title="Move me")
    page = signed_in.get(f"/deals/{deal.id}/edit").text
    old = db.get(Brand, deal.brand_id)
    assert old is not None and f'value="{old.name}"' in page
    token = csrf_of(signed_in, f"/deals/{deal.id}/edit")
    response = signed_in.post(
        f"/deals/{deal.id}",
        data={
            "csrf_token": token,
            "title": "Moved",
            "brand_name": "New Home",
            "status": "lead",
            "source": "brand_dm",
            "compensation": "cash",
            "platform": "xiaohongshu",
            "disclosure": "unknown",
            "included_revision_rounds": "1",
        },
    )
    assert response.status_code == 303
    db.expire_all()
    moved = db.get(Deal, deal.id)
    assert moved is not None
    brand = db.get(Brand, moved.brand_id)
    assert brand is not None and brand.name == "New Home" and brand.user_id == user.id


def test_api_takes_brand_and_agency_names(api: TestClient, db: Session, user: Any) -> None:
    mine = factories.brand(db, user, "Perfect Diary")
    other = make_user(db, "rival", owner=False)
    theirs = factories.brand(db, other, "Their Brand")
    one = api.post(f"{API}/deals", json={"title": "a", "brand_name": "PERFECT diary"})
    assert one.status_code == 201, one.text
    assert one.json()["brand_id"] == mine.id
    two = api.post(
        f"{API}/deals", json={"title": "b", "brand_name": "their brand", "agency_name": "MCN X"}
    )
    assert two.status_code == 201
    assert two.json()["brand_id"] not in (mine.id, theirs.id)
    assert two.json()["agency_id"] is not None
    assert _brands(db, other.id) == ["Their Brand"]
    both = api.post(f"{API}/deals", json={"title": "c", "brand_id": mine.id, "brand_name": "x"})
    assert both.status_code == 422
    neither = api.post(f"{API}/deals", json={"title": "c"})
    assert neither.status_code == 422
    blank = api.post(f"{API}/deals", json={"title": "c", "brand_name": "   "})
    assert blank.status_code == 422
    long = api.post(f"{API}/deals", json={"title": "c", "brand_name": "x" * 201})
    assert long.status_code == 422
    bad = api.post(f"{API}/deals", json={"title": "", "brand_name": "Never Made"})
    assert bad.status_code == 422
    assert "Never Made" not in _brands(db, user.id)


def test_find_or_create_is_per_account(db: Session) -> None:
    a = make_user(db, "a1", owner=False)
    b = make_user(db, "b1", owner=False)
    first = ledger.find_or_create_brand(db, a, "Ｍix")
    db.commit()
    assert ledger.find_or_create_brand(db, a.id, "ｍix").id == first.id
    assert ledger.find_or_create_brand(db, b, "Ｍix").id != first.id


def test_a_posted_brand_id_must_be_ones_own(signed_in: TestClient, db: Session, user: Any) -> None:
    mine = factories.brand(db, user, "Mine Co")
    other = make_user(db, "rival", owner=False)
    theirs = factories.brand(db, other, "Theirs Co")
    token = csrf_of(signed_in, "/deals/new")
    ok = signed_in.post("/deals", data={"csrf_token": token, "title": "A", "brand_id": mine.id})
    assert ok.status_code == 303
    refused = signed_in.post(
        "/deals", data={"csrf_token": token, "title": "B", "brand_id": theirs.id}
    )
    assert refused.status_code == 422 and 'id="brand_name-error"' in refused.text
    titles = [d.title for d in db.exec(select(Deal).where(Deal.user_id == user.id)).all()]
    assert titles == ["A"]
