"""HTML routes of the ledger: full pages, htmx fragments, 303 redirects and 422 re-renders."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app import clock
from app.ledger.models import Deal, Payment, WorkEntry
from tests import factories
from tests.conftest import api_token, csrf_of, make_user
from tests.html import error_beside, hrefs, one, parse, texts, value_of

HTMX = {"HX-Request": "true"}


def test_home_lists_quick_actions(signed_in: TestClient) -> None:
    page = signed_in.get("/")
    assert page.status_code == 200
    assert {"/deals/new", "/work/new", "/payments/new"} <= hrefs(parse(page))


def test_create_deal_redirects_to_its_page(signed_in: TestClient, db: Session, user: Any) -> None:
    brand = factories.brand(db, user)
    token = csrf_of(signed_in, "/deals/new")
    response = signed_in.post(
        "/deals",
        data={
            "csrf_token": token,
            "title": "Serum video",
            "brand_name": brand.name,
            "status": "negotiating",
            "source": "brand_dm",
            "compensation": "cash",
            "platform": "xiaohongshu",
            "disclosure": "unknown",
            "agreed_fee": "¥1,234.5",
            "included_revision_rounds": "2",
        },
    )
    assert response.status_code == 303
    deal = db.exec(select(Deal)).one()
    assert response.headers["location"] == f"/deals/{deal.id}"
    assert deal.agreed_fee == 123450 and deal.currency == "CNY"
    doc = parse(signed_in.get(f"/deals/{deal.id}"))
    assert texts(doc, "h1") == ["Serum video"]
    assert doc.body is not None and "1,234.50" in doc.body.text()


def test_bad_deal_input_rerenders_with_messages_and_values(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    brand = factories.brand(db, user)
    token = csrf_of(signed_in, "/deals/new")
    response = signed_in.post(
        "/deals",
        data={
            "csrf_token": token,
            "title": "Typed title",
            "brand_name": brand.name,
            "agreed_fee": "-5",
            "quoted_fee": "12.345",
            "due_on": "2026-02-30",
            "included_revision_rounds": "two",
            "status": "bogus",
        },
    )
    assert response.status_code == 422
    doc = parse(response)
    assert value_of(doc, "title") == "Typed title" and value_of(doc, "agreed_fee") == "-5"
    assert error_beside(doc, "title") == ""
    assert error_beside(doc, "agreed_fee") == "The amount cannot be negative."
    assert error_beside(doc, "quoted_fee") == "Use at most two decimal places."
    assert error_beside(doc, "due_on") == "Enter a real date (YYYY-MM-DD)."
    assert error_beside(doc, "included_revision_rounds") == "Enter a whole number."
    assert error_beside(doc, "status") == "Choose one of the options."
    assert db.exec(select(Deal)).first() is None


def test_work_entry_added_in_place_with_htmx(signed_in: TestClient, db: Session, user: Any) -> None:
    deal = factories.deal(db, user)
    token = csrf_of(signed_in, f"/deals/{deal.id}")
    response = signed_in.post(
        f"/deals/{deal.id}/parts/work",
        headers=HTMX,
        data={
            "csrf_token": token,
            "activity": "shooting",
            "minutes": "90",
            "worked_on": "2026-03-02",
        },
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section class="card" id="section-work">')
    assert "<html" not in response.text
    assert any("1 h 30 min" in row for row in texts(parse(response), "#section-work li"))


def test_work_entry_without_js_redirects(signed_in: TestClient, db: Session, user: Any) -> None:
    deal = factories.deal(db, user)
    token = csrf_of(signed_in, f"/deals/{deal.id}")
    response = signed_in.post(
        f"/deals/{deal.id}/parts/work",
        data={
            "csrf_token": token,
            "activity": "editing",
            "minutes": "30",
            "worked_on": "2026-03-02",
        },
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/deals/{deal.id}#section-work"


def test_revision_round_rules_show_beside_the_field(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    deal = factories.deal(db, user)
    token = csrf_of(signed_in, f"/deals/{deal.id}")
    response = signed_in.post(
        f"/deals/{deal.id}/parts/work",
        headers=HTMX,
        data={
            "csrf_token": token,
            "activity": "revision",
            "minutes": "30",
            "worked_on": "2026-03-02",
        },
    )
    assert response.status_code == 422
    doc = parse(response)
    assert error_beside(doc, "revision_round") == "A revision needs its round number."
    assert one(doc, '[name="revision_round"]').attributes["id"] == "new-work-revision_round"
    response = signed_in.post(
        f"/deals/{deal.id}/parts/work",
        headers=HTMX,
        data={
            "csrf_token": token,
            "activity": "editing",
            "minutes": "30",
            "worked_on": "2026-03-02",
            "revision_round": "1",
        },
    )
    assert response.status_code == 422
    assert error_beside(parse(response), "revision_round") == "Only revisions have a round number."
    assert db.exec(select(WorkEntry)).first() is None


def test_payment_deductions_cannot_exceed_gross(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    deal = factories.deal(db, user)
    token = csrf_of(signed_in, f"/deals/{deal.id}")
    response = signed_in.post(
        f"/deals/{deal.id}/parts/payments",
        data={
            "csrf_token": token,
            "gross": "100",
            "platform_fee": "60",
            "tax_withheld": "50",
            "received_on": "2026-03-02",
            "method": "bank",
        },
    )
    assert response.status_code == 422
    doc = parse(response)
    assert "Fees and tax together cannot exceed the gross amount." in texts(doc, "p.error")
    assert value_of(doc, "platform_fee") == "60" and value_of(doc, "gross") == "100"
    assert db.exec(select(Payment)).first() is None


def test_edit_and_delete_a_part_in_place(signed_in: TestClient, db: Session, user: Any) -> None:
    deal = factories.deal(db, user)
    entry = factories.work(db, deal, minutes=45)
    form = signed_in.get(f"/deals/{deal.id}/parts/work/{entry.id}/edit", headers=HTMX)
    assert form.status_code == 200 and "<html" not in form.text
    assert value_of(parse(form), "minutes") == "45"
    token = csrf_of(signed_in, f"/deals/{deal.id}")
    bad = signed_in.post(
        f"/deals/{deal.id}/parts/work/{entry.id}",
        headers=HTMX,
        data={
            "csrf_token": token,
            "activity": "shooting",
            "minutes": "0",
            "worked_on": "2026-03-01",
        },
    )
    assert bad.status_code == 422 and bad.headers["HX-Retarget"] == f"#work-{entry.id}"
    good = signed_in.post(
        f"/deals/{deal.id}/parts/work/{entry.id}",
        headers=HTMX,
        data={
            "csrf_token": token,
            "activity": "shooting",
            "minutes": "50",
            "worked_on": "2026-03-01",
        },
    )
    assert good.status_code == 200 and "50 min" in good.text
    gone = signed_in.post(
        f"/deals/{deal.id}/parts/work/{entry.id}/delete", headers=HTMX, data={"csrf_token": token}
    )
    assert gone.status_code == 200
    db.expire_all()
    assert db.exec(select(WorkEntry)).first() is None


def test_deals_list_filters_and_searches(signed_in: TestClient, db: Session, user: Any) -> None:
    factories.deal(db, user, title="Lipstick image note", status="paid")
    factories.deal(db, user, title="Coffee video", status="lead")
    listed = texts(parse(signed_in.get("/deals?status=paid")), "#deal-rows a.row .title")
    assert listed == ["Lipstick image note"]
    fragment = signed_in.get("/deals?q=coffee", headers={**HTMX, "HX-Target": "deal-rows"})
    assert fragment.text.lstrip().startswith('<section class="card" id="deal-rows">')
    assert texts(parse(fragment), "#deal-rows a.row .title") == ["Coffee video"]


def test_log_work_in_three_taps(signed_in: TestClient, db: Session, user: Any) -> None:
    deal = factories.deal(db, user)
    token = csrf_of(signed_in, "/work/new")
    response = signed_in.post(
        "/work",
        data={
            "csrf_token": token,
            "deal_id": str(deal.id),
            "activity": "revision",
            "minutes": "40",
        },
    )
    assert response.status_code == 303
    entry = db.exec(select(WorkEntry)).one()
    assert entry.revision_round == 1 and entry.minutes == 40
    missing = signed_in.post(
        "/work", data={"csrf_token": token, "activity": "editing", "minutes": "abc"}
    )
    assert missing.status_code == 422
    doc = parse(missing)
    assert "Choose a deal." in texts(doc, "p.error")  # under the radio group of deals
    assert error_beside(doc, "minutes") == "Enter a whole number."


def test_timer_survives_and_logs_minutes(signed_in: TestClient, db: Session, user: Any) -> None:
    deal = factories.deal(db, user)
    token = csrf_of(signed_in, f"/deals/{deal.id}")
    assert (
        signed_in.post(
            f"/deals/{deal.id}/timer/start", data={"csrf_token": token, "activity": "editing"}
        ).status_code
        == 303
    )
    home = parse(signed_in.get("/"))
    (timer,) = home.css("section.timer")
    assert timer.css_first("a").attributes["href"] == f"/deals/{deal.id}"
    assert "Editing" in texts(timer, ".muted.small")[0]
    started = datetime.fromisoformat(str(one(timer, ".clock").attributes["data-timer-start"]))
    if started.tzinfo is None:  # SQLite keeps UTC without its offset
        started = started.replace(tzinfo=UTC)
    assert abs((clock.utcnow() - started).total_seconds()) < 60  # kept on the server
    assert one(timer, "form").attributes["action"] == f"/deals/{deal.id}/timer/stop"
    assert (
        signed_in.post(f"/deals/{deal.id}/timer/stop", data={"csrf_token": token}).status_code
        == 303
    )
    entry = db.exec(select(WorkEntry)).one()
    assert entry.activity == "editing" and entry.minutes == 1


def test_a_timer_with_an_activity_no_longer_known_still_stops(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    # A hand-edited or older database: the stored activity is no member (was a 500 for ever).
    deal = factories.deal(db, user)
    deal.timer_started_at = clock.utcnow()
    deal.timer_activity = "bogus"
    db.add(deal)
    db.commit()
    token = csrf_of(signed_in, f"/deals/{deal.id}")
    stopped = signed_in.post(f"/deals/{deal.id}/timer/stop", data={"csrf_token": token})
    assert stopped.status_code == 303
    entry = db.exec(select(WorkEntry)).one()
    assert entry.activity == "other" and entry.minutes == 1


def test_quick_payment(signed_in: TestClient, db: Session, user: Any) -> None:
    deal = factories.deal(db, user, agreed_fee="3000", status="delivered")
    token = csrf_of(signed_in, "/payments/new")
    response = signed_in.post(
        "/payments",
        data={
            "csrf_token": token,
            "deal_id": str(deal.id),
            "gross": "3000",
            "platform_fee": "300",
            "tax_withheld": "440",
            "received_on": "2026-03-05",
            "method": "platform",
        },
    )
    assert response.status_code == 303
    assert db.exec(select(Payment)).one().tax_withheld == 44000


def test_brand_pages_and_delete_rule(signed_in: TestClient, db: Session, user: Any) -> None:
    token = csrf_of(signed_in, "/brands/new")
    assert signed_in.post("/brands", data={"csrf_token": token, "name": ""}).status_code == 422
    response = signed_in.post("/brands", data={"csrf_token": token, "name": "三顿半"})
    assert response.status_code == 303
    brand_path = response.headers["location"]
    brand_id = int(brand_path.rsplit("/", 1)[1])
    factories.deal(db, user, brand_id=brand_id, title="Coffee")
    page = signed_in.get(brand_path)
    assert "三顿半" in page.text and "Coffee" in page.text
    refused = signed_in.post(brand_path + "/delete", data={"csrf_token": token})
    assert refused.status_code == 422
    assert signed_in.get("/agencies").status_code == 200


def test_settings_save_and_tokens(signed_in: TestClient) -> None:
    token = csrf_of(signed_in, "/settings")
    bad = signed_in.post(
        "/settings",
        data={
            "csrf_token": token,
            "locale": "en",
            "currency": "XXQ",
            "timezone": "Mars/Base",
            "target_hourly": "abc",
            "platform": "xiaohongshu",
        },
    )
    assert bad.status_code == 422
    shown = parse(bad)
    profile = one(shown, "form[action='/settings']")
    assert error_beside(profile, "currency").startswith("Unknown currency code")
    assert error_beside(profile, "timezone").startswith("Unknown time zone")
    assert error_beside(profile, "target_hourly")  # and the amount, each beside its field
    assert value_of(profile, "currency") == "XXQ"  # what was typed is kept
    ok = signed_in.post(
        "/settings",
        data={
            "csrf_token": token,
            "locale": "en",
            "currency": "cny",
            "timezone": "Asia/Shanghai",
            "target_hourly": "200",
            "platform": "xiaohongshu",
            "follower_count": "8600",
        },
    )
    assert ok.status_code == 303
    created = signed_in.post("/settings/tokens", data={"csrf_token": token, "label": "laptop"})
    assert created.status_code == 200
    shown = parse(created)
    secret = one(shown, "#tokens #new-token").text()
    assert secret.startswith("koc_")
    assert texts(shown, "#tokens li.item .title") == ["laptop"]
    api = signed_in.get("/api/v1/profile", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 200  # the token shown is the one that works


def test_language_switch_is_remembered(signed_in: TestClient) -> None:
    token = csrf_of(signed_in, "/")
    signed_in.post("/lang", data={"csrf_token": token, "locale": "zh-CN", "next": "/deals"})
    assert (
        "新建合作" in signed_in.get("/deals").text
        or 'lang="zh-Hans"' in signed_in.get("/deals").text
    )


def test_the_same_form_twice_makes_one_row(signed_in: TestClient, db: Session, user: Any) -> None:
    deal = factories.deal(db, user)
    token = csrf_of(signed_in, f"/deals/{deal.id}")
    form = {
        "csrf_token": token,
        "activity": "editing",
        "minutes": "30",
        "worked_on": "2026-03-02",
        "submit_token": "retry-me-123",
    }
    for _ in range(2):  # a phone retrying on a bad connection
        assert (
            signed_in.post(f"/deals/{deal.id}/parts/work", headers=HTMX, data=form).status_code
            == 200
        )
    quick = {
        "csrf_token": token,
        "deal_id": str(deal.id),
        "activity": "shooting",
        "minutes": "20",
        "submit_token": "retry-me-456",
    }
    for _ in range(2):
        assert signed_in.post("/work", data=quick).status_code == 303
    assert len(db.exec(select(WorkEntry)).all()) == 2
    brand = factories.brand(db, user, "Again")
    new_deal = {
        "csrf_token": token,
        "title": "Twice",
        "brand_name": brand.name,
        "status": "lead",
        "source": "brand_dm",
        "compensation": "cash",
        "platform": "xiaohongshu",
        "disclosure": "unknown",
        "included_revision_rounds": "1",
        "submit_token": "retry-me-789",
    }
    for _ in range(2):
        assert signed_in.post("/deals", data=new_deal).status_code == 303
    assert len(db.exec(select(Deal).where(Deal.title == "Twice")).all()) == 1
    page = signed_in.get(f"/deals/{deal.id}")
    assert page.text.count('name="submit_token"') == 5


def test_errors_are_answered_once_by_the_app(signed_in: TestClient, db: Session, user: Any) -> None:
    """NotFound and RuleError rise out of routes and their dependencies to one handler each."""
    other = make_user(db, "lan", owner=False)
    theirs = factories.deal(db, other)
    for path in (f"/deals/{theirs.id}", f"/deals/{theirs.id}/parts/work/1/edit", "/brands/999"):
        missing = signed_in.get(path)
        doc = parse(missing)
        assert missing.status_code == 404, path
        # Signed in, the 404 keeps the navigation and the account's language.
        assert doc.css_first("nav.tabbar") is not None, path
        assert one(doc, "html").attributes["lang"] == "en"
    mine = factories.deal(db, user)
    token = csrf_of(signed_in, f"/deals/{mine.id}")
    unknown = signed_in.post(f"/deals/{mine.id}/parts/bogus", data={"csrf_token": token})
    assert unknown.status_code == 404
    headers = api_token(db, user)
    api_missing = signed_in.get(f"/api/v1/deals/{theirs.id}", headers=headers)
    assert api_missing.status_code == 404 and api_missing.json() == {"detail": "Not found"}
    in_use = signed_in.delete(f"/api/v1/brands/{mine.brand_id}", headers=headers)
    assert in_use.status_code == 422
    assert in_use.json()["detail"][0]["loc"] == ["body", "brand"]
    assert in_use.json()["detail"][0]["type"] == "brand_in_use"


def test_the_deals_list_pages_on_with_more(signed_in: TestClient, db: Session, user: Any) -> None:
    from app.ledger.pages import PAGE_SIZE

    brand = factories.brand(db, user)
    for n in range(PAGE_SIZE + 1):
        factories.deal(db, user, brand_id=brand.id, title=f"Deal {n}")
    first = parse(signed_in.get("/deals"))
    assert len(first.css("#deal-rows a.row")) == PAGE_SIZE
    assert (
        one(first, "#deal-rows a.button.block").attributes["href"] == f"/deals?offset={PAGE_SIZE}"
    )
    last = parse(signed_in.get(f"/deals?offset={PAGE_SIZE}"))
    assert len(last.css("#deal-rows a.row")) == 1
    assert last.css("#deal-rows a.button.block") == []  # nothing more after the last page
