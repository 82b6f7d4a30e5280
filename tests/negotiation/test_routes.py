"""The offer check and rate card end to end: API fields, page, save as deal, shared card."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app import clock
from app.demo import fill_demo
from app.ledger import service as ledger
from app.ledger.models import Deal, Deliverable, InKindItem
from tests import factories
from tests.conftest import csrf_of
from tests.html import error_beside, one, pairs, parse, texts, value_of

API = "/api/v1"
OFFER = {"deliverables": [{"kind": "video_note", "quantity": 1}], "fee": "800"}


def test_fresh_account_offer_check(api: TestClient, db: Session, user: Any) -> None:
    ledger.update_profile(db, user_id=user.id, changes={"target_hourly": 15000})
    body = api.post(f"{API}/offers/evaluate", json=OFFER).json()
    assert body["estimated_hours"] == {
        "typical": 11.5,
        "bad": 17.25,
        "basis": [
            {
                "kind": "video_note",
                "basis": "defaults",
                "deals": 0,
                "typical_per_unit": 10.0,
                "bad_per_unit": 15.0,
            }
        ],
    }
    assert body["expected_net"] == "800.00"
    assert body["effective_hourly"] == {"typical": "69.57", "bad": "46.38"}
    assert body["floor_fee"] == "1960.00" and body["suggested_fee"] == "3050.00"
    assert body["target_hourly"] == "150.00"
    assert [f["code"] for f in body["red_flags"]] == [
        "unlimited_revisions",
        "long_payment_terms",
        "below_target",
    ]
    assert "¥3,050," in body["drafts"]["en"] and "¥3,050，" in body["drafts"]["zh"]
    assert "修改" in body["drafts"]["zh"] and "revisions" in body["drafts"]["en"]


def test_offer_with_history(api: TestClient, db: Session, user: Any) -> None:
    fill_demo(db, username=user.username, deals=120, seed=5, now=clock.utcnow())
    body = api.post(
        f"{API}/offers/evaluate",
        json={
            "deliverables": [{"kind": "image_note", "quantity": 1}],
            "fee": "500",
            "included_revision_rounds": 1,
            "payment_days": 30,
            "platform_fee_pct": "10",
        },
    ).json()
    basis = body["estimated_hours"]["basis"][0]
    assert basis["basis"] == "history" and basis["deals"] >= 3
    assert body["percentiles"]["fee_per_unit"]["own_deals"] >= 3
    assert 0 <= body["percentiles"]["fee_per_unit"]["own"] <= 1
    assert body["floor_fee"] is not None


def test_offer_validation(api: TestClient) -> None:
    for bad in (
        {"deliverables": []},
        {"deliverables": [{"kind": "poster"}]},
        {**OFFER, "fee": "-3"},
        {**OFFER, "platform_fee_pct": "60", "agency_cut_pct": "40"},
        {**OFFER, "payment_days": -1},
    ):
        assert api.post(f"{API}/offers/evaluate", json=bad).status_code == 422, bad


def test_save_refuses_a_title_of_spaces_beside_the_field(api: TestClient, db: Session) -> None:
    """The deal's title is trimmed and must not be empty: a title of spaces is a 422 naming
    it, as on POST /deals (it was a 500: SaveOfferIn let it through and DealCreate refused it
    inside the route). Nothing is saved."""
    brand = api.post(f"{API}/brands", json={"name": "Aesop"}).json()["id"]
    for title in ("   ", "\t\n"):
        answer = api.post(
            f"{API}/offers/save", json={"offer": OFFER, "brand_id": brand, "title": title}
        )
        assert answer.status_code == 422, answer.text
        assert answer.json()["detail"][0]["loc"][-1] == "title"
    assert db.exec(select(Deal)).all() == []
    saved = api.post(
        f"{API}/offers/save", json={"offer": OFFER, "brand_id": brand, "title": "  Spring  "}
    )
    assert saved.status_code == 201 and saved.json()["title"] == "Spring"


def test_offer_page_and_save_as_deal(signed_in: TestClient, db: Session, user: Any) -> None:
    token = csrf_of(signed_in, "/offers/new")
    form = {
        "csrf_token": token,
        "kind_1": "video_note",
        "quantity_1": "1",
        "kind_2": "image_note",
        "quantity_2": "2",
        "fee": "2000",
        "compensation": "mixed",
        "in_kind_value": "300",
        "usage_rights_days": "90",
        "target_hourly": "150",
    }
    page = signed_in.post("/offers/check", data=form)
    assert page.status_code == 200
    doc = parse(page)
    result = pairs(doc, "#result dl.flow > div")
    assert result["Your target"] == "CN¥150.00"
    assert result["Walk-away fee"].startswith("CN¥") and result["Ask for"].startswith("CN¥")
    assert len(pairs(doc, "#result .kpi", ".label", ".big")) == 2
    # 90 days of usage rights given with the fee: flagged
    assert any("usage" in flag.lower() for flag in texts(doc, "#result ul.flags li"))
    # The counter-offer asks for the suggested fee, in both languages.
    ask = result["Ask for"].removeprefix("CN¥").removesuffix(".00")
    assert f"¥{ask}" in one(doc, "#draft-en").text()
    assert ask.replace(",", "") in one(doc, "#draft-zh").text().replace(",", "")
    bad = signed_in.post("/offers/check", data={**form, "fee": "abc"})
    assert bad.status_code == 422
    assert value_of(parse(bad), "fee") == "abc" and error_beside(parse(bad), "fee")
    missing = signed_in.post("/offers/save", data=form)
    assert missing.status_code == 422
    saved = signed_in.post(
        "/offers/save", data={**form, "title": "Spring set", "brand_name": "完美日记"}
    )
    assert saved.status_code == 303
    deal = db.exec(select(Deal).where(Deal.title == "Spring set")).one()
    assert deal.status == "negotiating" and deal.quoted_fee == 200000
    assert deal.usage_rights_days == 90
    kept = db.exec(select(InKindItem).where(InKindItem.deal_id == deal.id)).one()
    assert kept.value == 30000
    kinds = sorted(
        d.kind for d in db.exec(select(Deliverable).where(Deliverable.deal_id == deal.id)).all()
    )
    assert kinds == ["image_note", "video_note"]


def test_rate_card_and_share(
    signed_in: TestClient, api: TestClient, db: Session, user: Any, client: TestClient
) -> None:
    ledger.update_profile(
        db, user_id=user.id, changes={"target_hourly": 20000, "display_name": "小美"}
    )
    card = api.get(f"{API}/rate-card").json()
    items = {i["kind"]: i for i in card["items"]}
    # image note: 4.5 + 1.5 = 6 h × 200 = 1,200 net → 0.8F + 160 ≥ 1,200 → F ≥ 1,300
    assert items["image_note"]["hours"] == 6.0 and items["image_note"]["fee"] == "1300.00"
    # an extra round (1.5 h × 200 = 300 net) is paid inside the image note's 次 of 1,300:
    # 20 % of it is withheld → 0.8F ≥ 300 → F ≥ 375 → 400 (priced alone it was 300)
    assert card["extra_revision_round"]["price"] == "400.00"
    assert card["extra_revision_round"]["inside_deal_of"] == "1300.00"
    assert card["settings"]["withholding"] == "per_payment"
    token = csrf_of(signed_in, "/rate-card")
    bad = signed_in.post(
        "/rate-card", data={"csrf_token": token, "platform_fee_pct": "60", "agency_cut_pct": "50"}
    )
    assert bad.status_code == 422
    signed_in.post("/rate-card/share", data={"csrf_token": token, "action": "start"})
    page = parse(signed_in.get("/rate-card"))
    url = one(page, "#share-url").text().strip().replace("http://testserver", "")
    factories.deal(db, user, title="SECRET DEAL", notes="private note")
    shared = client.get(url + "?lang=zh-CN")
    assert shared.status_code == 200
    card = parse(shared)
    assert texts(card, "h1") == ["小美"]
    fees = pairs(card, ".ratecard tbody tr", "th", "td:last-child")
    assert fees["图文笔记"] == "¥1,300.00"  # the API's image note, as shown
    # Nothing of her ledger, anywhere in the page (markup and attributes included).
    assert "SECRET DEAL" not in shared.text and "private note" not in shared.text
    english = parse(client.get(url + "?lang=en"))
    assert "Image note" in pairs(english, ".ratecard tbody tr", "th", "td:last-child")
    # Niche, platform and hours point an attacker at her collective cells: off by default.
    ledger.update_profile(db, user_id=user.id, changes={"niche": "beauty", "platform": "douyin"})
    english = parse(client.get(url + "?lang=en"))
    assert texts(english, "main > p.muted")[0] == "Rate card"
    assert texts(english, ".ratecard thead th") == ["Deliverable", "Fee"]
    own = parse(signed_in.get("/rate-card"))  # her own view keeps the hours
    assert texts(own, ".ratecard thead th") == ["Deliverable", "Hours", "Fee"]
    signed_in.post(
        "/rate-card",
        data={"csrf_token": token, "show_niche": "on", "show_platform": "on", "show_hours": "on"},
    )
    english = parse(client.get(url + "?lang=en"))
    assert texts(english, "main > p.muted")[0] == "Rate card · Beauty · Douyin"
    assert texts(english, ".ratecard thead th") == ["Deliverable", "Hours", "Fee"]
    signed_in.post("/rate-card/share", data={"csrf_token": token, "action": "stop"})
    assert client.get(url).status_code == 404
    assert client.get("/card/not-a-real-token-at-all").status_code == 404


def test_reading_the_rate_card_writes_nothing(signed_in: Any, db: Any, user: Any) -> None:
    """The offer check and the rate card page only read: the card's row is made when the
    creator first saves it, not when a page shows its defaults."""
    from app.negotiation.models import RateCard

    token = csrf_of(signed_in, "/offers/new")
    form = {"csrf_token": token, "kind_1": "image_note", "quantity_1": "1", "fee": "3000"}
    assert signed_in.post("/offers/check", data=form).status_code == 200
    assert signed_in.get("/rate-card").status_code == 200
    assert db.exec(select(RateCard)).all() == []


@pytest.mark.commits
def test_rate_card_made_once_when_two_first_requests_race(db: Any, user: Any) -> None:
    """Both first saves find no row; the second insert must not fail (it was a 500 under four
    concurrent offer checks on a new account, when reading the card made its row)."""
    from sqlmodel import Session as OrmSession

    from app.negotiation import service as negotiation
    from app.negotiation.models import RateCard

    engine = db.get_bind()  # autocommit: each statement its own transaction, as in requests
    with OrmSession(engine) as first, OrmSession(engine) as second:
        assert second.get(RateCard, user.id) is None  # the second request looked first...
        negotiation.update_rate_card(first, user_id=user.id, changes={})  # ...the first made it
        second.expire_all()
        original_get = second.get
        calls = []

        def stale_get(*args: Any, **kwargs: Any) -> Any:
            calls.append(1)
            return None if len(calls) == 1 else original_get(*args, **kwargs)

        second.get = stale_get  # type: ignore[method-assign]
        card = negotiation.update_rate_card(second, user_id=user.id, changes={})
        assert card.user_id == user.id and card.platform_fee_pct == 0
    assert len(db.exec(select(RateCard)).all()) == 1
