"""Issue 11: the tax page, the offer check and the API agree on one base (after the platform fee
and the agency cut) and on each deal's withholding method (docs/TAX.md)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.ledger import service as ledger
from tests import factories
from tests.conftest import csrf_of, make_user
from tests.html import one, pairs, parse, texts

API = "/api/v1"


def _brand(api: TestClient, name: str = "花西子") -> int:
    return int(api.post(f"{API}/brands", json={"name": name}).json()["id"])


def test_deal_method_defaults_and_changes(api: TestClient) -> None:
    brand = _brand(api)
    made = {
        body: api.post(f"{API}/deals", json={"title": "t", "brand_id": brand, **body}).json()
        for body in ()
    }
    assert made == {}
    pgy = api.post(f"{API}/deals", json={"title": "a", "brand_id": brand, "source": "pgy_invite"})
    dm = api.post(f"{API}/deals", json={"title": "b", "brand_id": brand, "source": "brand_dm"})
    usd = api.post(
        f"{API}/deals",
        json={"title": "c", "brand_id": brand, "source": "pgy_recruit", "currency": "USD"},
    )
    none = api.post(f"{API}/deals", json={"title": "d", "brand_id": brand, "withholding": "none"})
    assert pgy.status_code == 201 and pgy.json()["withholding"] == "platform_cumulative"
    assert dm.json()["withholding"] == "per_payment"
    assert usd.json()["withholding"] == "foreign"
    assert none.json()["withholding"] == "none" and none.json()["vat_invoiced"] is False
    deal_id = dm.json()["id"]
    changed = api.patch(f"{API}/deals/{deal_id}", json={"withholding": "none"})
    assert changed.json()["withholding"] == "none"
    # back to the default of the (new) source
    back = api.patch(f"{API}/deals/{deal_id}", json={"withholding": None, "source": "pgy_invite"})
    assert back.json()["withholding"] == "platform_cumulative"
    bad = api.post(f"{API}/deals", json={"title": "e", "brand_id": brand, "withholding": "half"})
    assert bad.status_code == 422 and "withholding" in str(bad.json()["detail"])
    assert api.patch(f"{API}/deals/{deal_id}", json={"withholding": 3}).status_code == 422


def _estimate(api: TestClient, query: str = "year=2026") -> dict[str, Any]:
    response = api.get(f"{API}/tax/estimate?{query}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_agency_cut_is_out_of_the_base(api: TestClient, db: Session, user: Any) -> None:
    # ¥10,000 through an agency that keeps ¥1,000: the payer withholds on 9,000 → 1,440
    deal = factories.deal(db, user, source="agency_group")
    factories.part(
        db,
        deal,
        "payments",
        gross="10000",
        agency_fee="1000",
        tax_withheld="1440",
        received_on="2026-05-01",
    )
    body = _estimate(api)
    (p,) = body["payments"]
    assert p["base"] == "9000.00" and p["expected_withholding"] == "1440.00"
    assert p["estimated_withholding"] == "1440.00" and p["withholding"] == "per_payment"
    assert p["set_aside"] == "0.00"
    assert body["counted_income"] == "7200.00"  # 80 % of 9,000, not of 10,000
    # nothing is due on 7,200: the 1,440 comes back, filing is worth it but not required
    assert body["refund"] == "1440.00" and body["filing_required"] is False
    assert body["filing_reasons"][0]["code"] == "refund"
    assert "1,440.00" in body["filing_reasons"][0]["message"]


def test_platform_cumulative_through_the_api(api: TestClient, db: Session, user: Any) -> None:
    deal = factories.deal(db, user, source="pgy_invite")
    for month in ("01", "02", "03"):
        factories.part(
            db, deal, "payments", gross="25000", tax_withheld="0", received_on=f"2026-{month}-15"
        )
    body = _estimate(api)
    assert [p["expected_withholding"] for p in body["payments"]] == ["450.00", "450.00", "1080.00"]
    assert all(p["withholding"] == "platform_cumulative" for p in body["payments"])
    small = factories.deal(db, make_user(db, "lan"), source="pgy_recruit")
    assert small.withholding == "platform_cumulative"


def test_instalments_are_one_ci(api: TestClient, db: Session, user: Any) -> None:
    deal = factories.deal(db, user, source="brand_dm")
    factories.part(db, deal, "payments", gross="2000", received_on="2026-03-01")
    factories.part(db, deal, "payments", gross="2000", received_on="2026-03-25")
    later = factories.deal(db, user, source="brand_dm")
    factories.part(db, later, "payments", gross="2000", received_on="2026-03-01")
    factories.part(db, later, "payments", gross="2000", received_on="2026-04-02")
    body = _estimate(api)
    by_deal: dict[int, list[str]] = {}
    for p in body["payments"]:
        by_deal.setdefault(p["deal_id"], []).append(p["expected_withholding"])
    assert by_deal[deal.id] == ["240.00", "400.00"]  # 640 on the 次 of 4,000
    assert by_deal[later.id] == ["240.00", "240.00"]  # two months, two 次


def test_exemption_and_its_exception(api: TestClient, db: Session, user: Any) -> None:
    ledger.update_profile(
        db, user_id=user.id, changes={"annual_salary": 11000000, "salary_tax_prepaid": 44000}
    )
    deal = factories.deal(db, user, source="brand_dm")
    # 110,000 salary + 21,000 base: tax 4,160; 440 + 3,360 prepaid → top-up 360 ≤ 400: exempt
    payment = factories.part(
        db, deal, "payments", gross="21000", tax_withheld="3360", received_on="2026-06-01"
    )
    body = _estimate(api)
    assert body["payments"][0]["expected_withholding"] == "3360.00"
    assert body["refund"] == "-360.00" and body["filing_required"] is False
    assert [r["code"] for r in body["filing_reasons"]] == ["exempt_top_up"]
    # the same top-up, but the payer withheld 60 less than it should: no exemption
    ledger.update_part(db, ledger.PARTS["payments"], payment, changes={"tax_withheld": 330000})
    ledger.update_profile(db, user_id=user.id, changes={"salary_tax_prepaid": 50000})
    body = _estimate(api)
    assert body["refund"] == "-360.00" and body["filing_required"] is True
    assert [r["code"] for r in body["filing_reasons"]] == ["underwithheld"]
    assert body["payments"][0]["set_aside"] == "60.00"
    # income ≤ 120,000 with a top-up: exempt (salary 60,000, base 50,000, nothing withheld by a
    # payer that withholds nothing)
    ledger.update_profile(
        db, user_id=user.id, changes={"annual_salary": 6000000, "salary_tax_prepaid": 0}
    )
    ledger.update_deal(db, deal, changes={"withholding": "none"})
    ledger.update_part(
        db, ledger.PARTS["payments"], payment, changes={"gross": 5000000, "tax_withheld": 0}
    )
    body = _estimate(api)
    assert body["annual_tax"] == "1480.00" and body["filing_required"] is False
    assert [r["code"] for r in body["filing_reasons"]] == ["exempt_income"]


def test_foreign_income_is_counted_and_declared(api: TestClient, db: Session, user: Any) -> None:
    deal = factories.deal(db, user, currency="USD", source="brand_dm")
    assert deal.withholding == "foreign"
    factories.part(db, deal, "payments", gross="1000", received_on="2026-08-01")
    body = _estimate(api)
    assert body["payments"] == [] and body["counted_income"] == "0.00"
    (f,) = body["foreign_payments"]
    assert f["base"] == "1000.00" and f["base_cny"] is None and f["cny_from"] == "missing"
    assert body["filing_required"] is True
    assert body["filing_reasons"][0]["code"] == "foreign_income"
    body = _estimate(api, "year=2026&fx=USD:7.1")
    assert body["foreign_payments"][0]["base_cny"] == "7100.00"
    assert body["labor_base"] == "7100.00" and body["counted_income"] == "5680.00"
    entered = factories.deal(db, user, currency="EUR")
    factories.part(db, entered, "payments", gross="100", amount_cny="780", received_on="2026-09-01")
    body = _estimate(api, "year=2026&fx=USD:7.1")
    assert body["labor_base"] == "7880.00"
    for bad in ("USD:abc", "CNY:1", "US:7", "USD:0", "USD:nan", "USD:1e9"):
        response = api.get(f"{API}/tax/estimate?year=2026&fx={bad}")
        assert response.status_code == 422, bad


def test_offer_evaluate_takes_the_method(api: TestClient, db: Session, user: Any) -> None:
    base = {"deliverables": [{"kind": "image_note"}], "fee": "3000", "target_hourly": "400"}
    plain = api.post(f"{API}/offers/evaluate", json=base).json()
    assert plain["withholding"] == "per_payment" and plain["expected_withholding"] == "440.00"
    assert plain["base"] == "3000.00" and plain["floor_fee"] == "2800.00"
    pgy = api.post(f"{API}/offers/evaluate", json={**base, "source": "pgy_invite"}).json()
    assert pgy["withholding"] == "platform_cumulative" and pgy["expected_withholding"] == "0.00"
    assert pgy["floor_fee"] == "2400.00"
    usd = api.post(
        f"{API}/offers/evaluate",
        json={"deliverables": [{"kind": "video_note"}], "fee": "1000", "currency": "USD"},
    ).json()
    assert usd["withholding"] == "foreign" and usd["expected_net"] == "1000.00"
    agency = api.post(
        f"{API}/offers/evaluate", json={**base, "fee": "10000", "agency_cut_pct": "10"}
    ).json()
    assert agency["base"] == "9000.00" and agency["expected_withholding"] == "1440.00"
    chosen = api.post(f"{API}/offers/evaluate", json={**base, "withholding": "none"}).json()
    assert chosen["expected_net"] == "3000.00"
    bad = api.post(f"{API}/offers/evaluate", json={**base, "withholding": "nope"})
    assert bad.status_code == 422


def test_offer_uses_this_years_platform_income(api: TestClient, db: Session, user: Any) -> None:
    # 75,000 already paid through 蒲公英 this year, in this month: the next ¥25,000 is taxed at
    # the cumulative rate of that month.
    from app import clock

    today = clock.today_in("Asia/Shanghai")
    deal = factories.deal(db, user, source="pgy_invite")
    factories.part(
        db, deal, "payments", gross="75000", received_on=today.replace(day=1).isoformat()
    )
    body = {"deliverables": [{"kind": "video_note"}], "fee": "25000", "source": "pgy_invite"}
    result = api.post(f"{API}/offers/evaluate", json=body).json()
    # one counted month (this one): after, 100,000 × 0.8 − 5,000 = 75,000 → 10 % − 2,520 =
    # 4,980; before, 75,000 × 0.8 − 5,000 = 55,000 → 2,980 already withheld; the offer: 2,000
    assert result["expected_withholding"] == "2000.00"
    alone = api.post(f"{API}/offers/evaluate", json={**body, "source": "brand_dm"}).json()
    assert alone["expected_withholding"] == "4000.00"  # per 次: 25,000 × 0.8 × 20 %


def test_rate_card_method(api: TestClient, signed_in: TestClient, db: Session, user: Any) -> None:
    ledger.update_profile(db, user_id=user.id, changes={"target_hourly": 20000})
    token = csrf_of(signed_in, "/rate-card")
    response = signed_in.post(
        "/rate-card",
        data={"csrf_token": token, "withholding": "platform_cumulative"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    card = api.get(f"{API}/rate-card").json()
    assert card["settings"]["withholding"] == "platform_cumulative"
    # nothing withheld on a first 1,200 net: the image note costs 1,200, not 1,300
    assert {i["kind"]: i["fee"] for i in card["items"]}["image_note"] == "1200.00"
    bad = signed_in.post("/rate-card", data={"csrf_token": token, "withholding": "maybe"})
    assert bad.status_code == 422


def test_tax_page_and_dashboard(signed_in: TestClient, db: Session, user: Any) -> None:
    from app import clock

    year = clock.today_in("Asia/Shanghai").year
    deal = factories.deal(db, user, source="brand_dm", delivered_on=f"{year}-01-05")
    factories.work(db, deal, "shooting", 600)
    factories.part(
        db, deal, "payments", gross="3000", tax_withheld="440", received_on=f"{year}-01-10"
    )
    page = signed_in.get(f"/tax?year={year}")
    assert page.status_code == 200
    doc = parse(page)
    filing = one(doc, "#filing")
    assert texts(filing, "strong") == ["Filing not required"]
    assert "File to get CN¥440.00 back." in texts(filing, "li")
    # cash: (3,000 − 440) / 10 h = 256.00; with the 440 back: 300.00
    assert pairs(doc, "#rates dl.flow > div") == {
        "Effective hourly, cash (tax as withheld)": "CN¥256.00",
        "Effective hourly after year-end reconciliation (estimate)": "CN¥300.00",
    }
    dashboard = parse(signed_in.get(f"/dashboard?from={year}-01-01&to={year}-12-31"))
    assert "CN¥300.00 an hour after" in one(dashboard, "#rate-after-reconciliation").text()
    usd = factories.deal(db, user, currency="USD")
    factories.part(db, usd, "payments", gross="1000", received_on=f"{year}-02-01")
    refused = signed_in.get(f"/tax?year={year}&fx=USD:zz")
    assert refused.status_code == 422 and one(parse(refused), "#foreign p.error").text()
    converted = signed_in.get(f"/tax?year={year}&fx=USD:7.1")
    assert converted.status_code == 200
    assert _foreign(converted) == [["$1,000.00", "CN¥7,100.00"]]
    eur = factories.deal(db, user, currency="EUR")
    factories.part(db, eur, "payments", gross="100", received_on=f"{year}-03-01")
    both = signed_in.get(f"/tax?year={year}&fx=USD:7.1,+EUR:7.8")
    assert _foreign(both) == [["$1,000.00", "CN¥7,100.00"], ["€100.00", "CN¥780.00"]]


def _foreign(page: Any) -> list[list[str]]:
    """The foreign payments table: each row's amount and its CNY value."""
    return [texts(row, "td.num") for row in parse(page).css("#foreign tbody tr")]


def test_vat_line_on_invoiced_deal(api: TestClient, db: Session, user: Any) -> None:
    deal = factories.deal(db, user, vat_invoiced=True)
    factories.part(db, deal, "payments", gross="10100", received_on="2026-05-01")
    e = api.get(f"{API}/deals/{deal.id}/economics").json()
    assert e["vat_on_invoice"] == "100.00" and e["net_received"] == "10100.00"
    assert e["net_income_after_vat"] == "10000.00"
    profile = api.patch(f"{API}/profile", json={"invoice_vat_pct": "3"})
    assert profile.status_code == 200 and profile.json()["invoice_vat_pct"] == "3.00"
    e = api.get(f"{API}/deals/{deal.id}/economics").json()
    assert e["vat_on_invoice"] == "294.17"
    assert api.patch(f"{API}/profile", json={"invoice_vat_pct": "25"}).status_code == 422
    plain = factories.deal(db, user)
    assert api.get(f"{API}/deals/{plain.id}/economics").json()["vat_on_invoice"] is None


def test_other_accounts_payments_stay_out(api: TestClient, db: Session, user: Any) -> None:
    other = make_user(db, "lan")
    deal = factories.deal(db, other, source="pgy_invite")
    factories.part(db, deal, "payments", gross="25000", received_on="2026-01-15")
    body = _estimate(api)
    assert body["payments"] == [] and body["counted_income"] == "0.00"


def test_foreign_payer_paying_cny_is_declared(api: TestClient, db: Session, user: Any) -> None:
    deal = factories.deal(db, user, withholding="foreign")
    factories.part(db, deal, "payments", gross="7100", received_on="2026-08-01")
    body = _estimate(api)
    assert body["payments"][0]["expected_withholding"] == "0.00"
    assert body["counted_income"] == "5680.00" and body["filing_required"] is True
    assert body["filing_reasons"][0]["code"] == "foreign_income"
