"""Review of issue 11: hostile and careless input on the new fields and routes, and the API and
the page agreeing on one base and method (docs/TAX.md)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests import factories
from tests.conftest import make_user
from tests.html import parse, texts

API = "/api/v1"


@pytest.mark.parametrize("year", ["0", "-1", "9999", "abc", "1999", "2101", "2026.5", "1e3"])
def test_estimate_year_out_of_range_is_422(api: TestClient, year: str) -> None:
    response = api.get(f"{API}/tax/estimate?year={year}")
    assert response.status_code == 422, response.text


@pytest.mark.parametrize("year", ["0", "-1", "9999", "abc", "", "99999999999999999999999"])
def test_tax_page_year_never_500(signed_in: TestClient, year: str) -> None:
    response = signed_in.get(f"/tax?year={year}")
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    "fx",
    [
        "USD:0",
        "USD:-1",
        "USD:-0",
        "USD:NaN",
        "USD:sNaN",
        "USD:Infinity",
        "USD:-Infinity",
        "USD:1e100000",
        "USD:100000.01",
        "USD:",
        ":",
        "USD",
        "USD:7.1:3",
        "CNY:1",
        "usd:0x10",
        "US$:7",
        "USD:7,1",
    ],
)
def test_fx_hostile_is_422(api: TestClient, signed_in: TestClient, fx: str) -> None:
    assert api.get(f"{API}/tax/estimate", params={"year": 2026, "fx": fx}).status_code == 422
    page = signed_in.get("/tax", params={"year": 2026, "fx": fx})
    assert page.status_code in (200, 422) and page.status_code != 500


def test_fx_huge_rate_on_huge_amount(api: TestClient, db: Session, user: Any) -> None:
    deal = factories.deal(db, user, currency="USD")
    factories.part(db, deal, "payments", gross="100000000", received_on="2026-03-01")
    response = api.get(f"{API}/tax/estimate", params={"year": 2026, "fx": "USD:100000"})
    assert response.status_code == 200, response.text
    assert response.json()["foreign_payments"][0]["base_cny"] == "10000000000000.00"


def test_other_accounts_deal_ids(api: TestClient, db: Session, user: Any) -> None:
    other = make_user(db, "lan")
    theirs = factories.deal(db, other, source="pgy_invite")
    paid = factories.part(db, theirs, "payments", gross="25000", received_on="2026-01-15")
    assert api.patch(f"{API}/deals/{theirs.id}", json={"withholding": "none"}).status_code == 404
    assert api.get(f"{API}/deals/{theirs.id}/economics").status_code == 404
    assert (
        api.patch(
            f"{API}/deals/{theirs.id}/payments/{paid.id}", json={"amount_cny": "1"}
        ).status_code
        == 404
    )
    mine = factories.deal(db, user)
    assert (
        api.patch(f"{API}/deals/{mine.id}/payments/{paid.id}", json={"amount_cny": "1"}).status_code
        == 404
    )
    db.refresh(theirs)
    assert theirs.withholding == "platform_cumulative"


@pytest.mark.parametrize(
    "body",
    [
        {"withholding": ""},
        {"withholding": "PER_PAYMENT"},
        {"withholding": ["none"]},
        {"withholding": {"x": 1}},
        {"withholding": True},
        {"vat_invoiced": "maybe"},
        {"vat_invoiced": None},
    ],
)
def test_deal_patch_hostile(api: TestClient, db: Session, user: Any, body: dict[str, Any]) -> None:
    deal = factories.deal(db, user, source="brand_dm")
    response = api.patch(f"{API}/deals/{deal.id}", json=body)
    assert response.status_code in (200, 422), response.text
    if response.status_code == 200:
        # blank means the default; never a value outside the methods
        assert response.json()["withholding"] in (
            "platform_cumulative",
            "per_payment",
            "none",
            "foreign",
        )
        assert response.json()["vat_invoiced"] in (True, False)


def test_switching_method_after_payments(api: TestClient, db: Session, user: Any) -> None:
    deal = factories.deal(db, user, source="pgy_invite")
    factories.part(db, deal, "payments", gross="3000", tax_withheld="0", received_on="2026-02-01")
    before = api.get(f"{API}/tax/estimate?year=2026").json()
    assert before["payments"][0]["expected_withholding"] == "0.00"
    assert (
        api.patch(f"{API}/deals/{deal.id}", json={"withholding": "per_payment"}).status_code == 200
    )
    after = api.get(f"{API}/tax/estimate?year=2026").json()
    assert after["payments"][0]["withholding"] == "per_payment"
    assert after["payments"][0]["expected_withholding"] == "440.00"
    assert after["payments"][0]["set_aside"] == "440.00"


def test_amount_cny_on_a_cny_payment_changes_nothing(
    api: TestClient, db: Session, user: Any
) -> None:
    deal = factories.deal(db, user)
    response = api.post(
        f"{API}/deals/{deal.id}/payments",
        json={"gross": "3000", "amount_cny": "99999", "received_on": "2026-02-01"},
    )
    assert response.status_code in (201, 422), response.text
    body = api.get(f"{API}/tax/estimate?year=2026").json()
    assert body["labor_base"] in ("3000.00", "0.00")  # never the stray 99,999


def test_non_cny_offer_withholds_no_prc_tax(api: TestClient) -> None:
    """A deal in another currency is foreign income in the estimate whatever its method; the
    offer check must not apply the CNY tables to dollars either."""
    body = {
        "deliverables": [{"kind": "video_note"}],
        "fee": "10000",
        "currency": "USD",
        "withholding": "per_payment",
    }
    response = api.post(f"{API}/offers/evaluate", json=body)
    assert response.status_code in (200, 422), response.text
    if response.status_code == 200:
        assert response.json()["expected_withholding"] == "0.00"
        assert response.json()["expected_net"] == "10000.00"


def test_api_and_page_agree(api: TestClient, signed_in: TestClient, db: Session, user: Any) -> None:
    from app import clock

    year = clock.today_in("Asia/Shanghai").year
    agency = factories.deal(db, user, source="agency_group")
    factories.part(
        db,
        agency,
        "payments",
        gross="10000",
        agency_fee="1000",
        platform_fee="500",
        tax_withheld="0",
        received_on=f"{year}-01-05",
    )
    pgy = factories.deal(db, user, source="pgy_invite")
    factories.part(db, pgy, "payments", gross="25000", received_on=f"{year}-01-15")
    body = api.get(f"{API}/tax/estimate?year={year}").json()
    # agency deal: base 8,500 → 8,500 × 0.8 × 20 % = 1,360; pgy 25,000 → 450
    assert [(p["base"], p["expected_withholding"]) for p in body["payments"]] == [
        ("8500.00", "1360.00"),
        ("25000.00", "450.00"),
    ]
    rows = parse(signed_in.get(f"/tax?year={year}")).css("table tbody tr")
    # base (and the gross it came from), withheld, what the payer would withhold
    assert [texts(row, "td.num", " ")[::2] for row in rows] == [
        ["CN¥8,500.00 gross CN¥10,000.00", "CN¥1,360.00"],
        ["CN¥25,000.00", "CN¥450.00"],
    ]


@pytest.mark.parametrize(
    ("where", "value"),
    [
        ("deal", "half"),
        ("deal", 3),
        ("deal", True),
        ("deal", ["none"]),
        ("card", "maybe"),
        ("card", 1),
        ("card", None),
    ],
)
def test_account_import_with_a_bogus_method_is_refused(
    db: Session, user: Any, where: str, value: Any
) -> None:
    import json

    from sqlmodel import select

    from app import clock
    from app.ledger.models import Deal
    from app.negotiation.models import RateCard
    from app.transfer import TransferError, export_account, import_account

    factories.deal(db, user, source="pgy_invite", title="a")
    db.add(RateCard(user_id=user.id, withholding="platform_cumulative"))
    db.commit()
    document = json.loads(json.dumps(export_account(db, user_id=user.id, now=clock.utcnow())))
    if where == "deal":
        document["deals"][0]["withholding"] = value
    else:
        document["rate_card"]["withholding"] = value
    other = make_user(db, "lan", owner=False)
    with pytest.raises(TransferError):
        import_account(db, user_id=other.id, document=document)
    assert db.exec(select(Deal).where(Deal.user_id == other.id)).all() == []  # type: ignore[arg-type]


def test_settings_import_page_with_a_bogus_method(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    import json

    from app import clock
    from app.transfer import export_account
    from tests.conftest import csrf_of

    factories.deal(db, user, source="pgy_invite", title="a")
    document = export_account(db, user_id=user.id, now=clock.utcnow())
    document["deals"][0]["withholding"] = "<script>x</script>"
    token = csrf_of(signed_in, "/settings")
    response = signed_in.post(
        "/settings/import",
        data={"csrf_token": token},
        files={"file": ("a.json", json.dumps(document, default=str).encode(), "application/json")},
    )
    assert response.status_code == 422, response.status_code
    assert "<script>x</script>" not in response.text


def test_demo_methods_match_what_its_payers_withheld(db: Session) -> None:
    """The demo's private payers withhold nothing: their deals must say so (`none`), or the demo's
    tax page tells every visitor that payers under-withheld and to set money aside."""
    from sqlmodel import select

    from app import clock
    from app.accounts.models import User
    from app.demo import fill_demo
    from app.economics import tax_service
    from app.ledger import service as ledger

    now = clock.utcnow()
    fill_demo(db, username="demo", deals=120, seed=7, now=now)
    demo = db.exec(select(User).where(User.username == "demo")).one()
    profile = ledger.get_profile(db, user_id=demo.id)
    years = {now.year - 1, now.year}
    checked = 0
    for year in years:
        result = tax_service.estimate(db, user_id=demo.id, year=year, profile=profile)
        for p in result.payments:
            if p.withholding != "platform_cumulative":
                checked += 1
                assert p.tax_withheld >= p.expected_withholding, (p.withholding, p.base)
    assert checked > 0


def test_rate_card_in_another_currency_withholds_no_prc_tax(
    api: TestClient, db: Session, user: Any
) -> None:
    """The rate card is priced in the profile's currency: a dollar card never gets the CNY
    per-次 table (as the offer check and the estimate)."""
    from app.ledger import service as ledger

    ledger.update_profile(db, user_id=user.id, changes={"target_hourly": 20000})
    cny = {i["kind"]: i["fee"] for i in api.get(f"{API}/rate-card").json()["items"]}
    assert cny["image_note"] == "1300.00"  # per 次: 0.8F + 160 ≥ 1,200
    ledger.update_profile(db, user_id=user.id, changes={"currency": "USD"})
    usd = {i["kind"]: i["fee"] for i in api.get(f"{API}/rate-card").json()["items"]}
    assert usd["image_note"] == "1200.00"  # 6 h × 200, nothing withheld


@pytest.mark.parametrize("value", ["-1", "NaN", "Infinity", "1e5", "0.001", "abc", [], {}, True])
def test_amount_cny_hostile_is_422(api: TestClient, db: Session, user: Any, value: Any) -> None:
    deal = factories.deal(db, user, currency="USD")
    response = api.post(
        f"{API}/deals/{deal.id}/payments",
        json={"gross": "100", "amount_cny": value, "received_on": "2026-02-01"},
    )
    assert response.status_code == 422, (value, response.text)
    paid = factories.part(db, deal, "payments", gross="100", received_on="2026-02-01")
    patched = api.patch(f"{API}/deals/{deal.id}/payments/{paid.id}", json={"amount_cny": value})
    assert patched.status_code == 422, (value, patched.text)
    cleared = api.patch(f"{API}/deals/{deal.id}/payments/{paid.id}", json={"amount_cny": None})
    assert cleared.status_code == 200 and cleared.json()["amount_cny"] is None
