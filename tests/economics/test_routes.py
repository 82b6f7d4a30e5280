"""The worked example shows the same numbers on the page, in the API and in the CSV; the
summary, tax estimate, calendar feed and dashboard work end to end."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fastapi.testclient import TestClient
from icalendar import Calendar
from sqlmodel import Session

from app import clock
from app.ledger import service as ledger
from tests import factories
from tests.conftest import csrf_of
from tests.html import hrefs, one, pairs, parse, texts

API = "/api/v1"


def _worked_example(db: Session, user: Any) -> Any:
    ledger.update_profile(db, user_id=user.id, changes={"target_hourly": 20000})
    deal = factories.deal(
        db,
        user,
        agreed_fee="3000",
        included_revision_rounds=1,
        status="paid",
        delivered_on="2026-04-01",
        payment_due_on="2026-05-01",
    )
    factories.work(db, deal, "shooting", 120)
    factories.work(db, deal, "editing", 90)
    factories.work(db, deal, "revision", 60, revision_round=1)
    factories.work(db, deal, "revision", 45, revision_round=2)
    factories.work(db, deal, "payment_chasing", 30, unpaid=True)
    factories.part(
        db,
        deal,
        "payments",
        gross="3000",
        platform_fee="300",
        tax_withheld="440",
        received_on="2026-04-20",
    )
    factories.part(db, deal, "expenses", amount="150", spent_on="2026-03-01")
    factories.part(db, deal, "in-kind", item="产品", value="399")
    return deal


def test_worked_example_in_api(api: TestClient, db: Session, user: Any) -> None:
    deal = _worked_example(db, user)
    e = api.get(f"{API}/deals/{deal.id}/economics").json()
    assert e["hours_total"] == 5.75 and e["hours_unpaid"] == 1.25 and e["hours_paid"] == 4.5
    assert e["net_received"] == "2260.00" and e["net_income"] == "2110.00"
    assert e["effective_hourly"] == "366.96" and e["effective_hourly_with_in_kind"] == "436.35"
    assert e["nominal_hourly"] == "666.67" and e["hidden_labor_share"] == "0.22"
    assert e["unpaid_value"] == "250.00" and e["currency"] == "CNY"
    assert e["revision_rounds"] == 2 and e["extra_revision_rounds"] == 1
    assert e["outstanding"] == "0.00" and e["overdue"] is False and e["days_overdue"] is None
    assert e["paid_in_full_on"] == "2026-04-20" and e["days_to_payment"] == 19


def test_worked_example_on_the_page(signed_in: TestClient, db: Session, user: Any) -> None:
    deal = _worked_example(db, user)
    panel = one(parse(signed_in.get(f"/deals/{deal.id}")), "#economics")
    assert pairs(panel, ".kpi", ".label", ".big") == {
        "On paper, per hour": "CN¥666.67",
        "Really, per hour": "CN¥366.96",
    }
    assert "CN¥436.35 with products" in texts(panel, ".kpi .small")[1]
    assert pairs(panel, "dl.flow > div") == {
        "Agreed fee": "CN¥3,000.00",
        "Received (gross)": "CN¥3,000.00",
        "Fees and cuts": "− CN¥300.00",
        "Tax withheld": "− CN¥440.00",
        "Expenses": "− CN¥150.00",
        "Net income": "CN¥2,110.00",
    }
    assert texts(panel, "p.legend") == ["4.50 h paid 1.25 h unpaid · 22%"]
    assert texts(panel, "p.notice.warn") == [
        "This deal included 1.25 hours of unpaid work, worth CN¥250.00 at your rate."
    ]


def test_worked_example_in_the_csv(signed_in: TestClient, db: Session, user: Any) -> None:
    deal = _worked_example(db, user)
    response = signed_in.get("/export/deals.csv")
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1 and rows[0]["Deal ID"] == str(deal.id)
    assert rows[0]["Effective hourly"] == "366.96" and rows[0]["Nominal hourly"] == "666.67"
    assert rows[0]["Net income"] == "2110.00" and rows[0]["Value of unpaid hours"] == "250.00"
    work = signed_in.get("/export/work.csv").content.decode("utf-8-sig")
    assert work.count("\r\n") == 6 and "Chasing payment" in work
    payments = signed_in.get("/export/payments.csv").content.decode("utf-8-sig")
    assert "2260.00" in payments


def test_csv_headers_follow_the_language(signed_in: TestClient, db: Session, user: Any) -> None:
    _worked_example(db, user)
    ledger.update_profile(db, user_id=user.id, changes={"locale": "zh-CN"})
    text = signed_in.get("/export/deals.csv").content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("合作编号,标题,品牌")


def test_summary_per_currency_with_breakdowns(api: TestClient, db: Session, user: Any) -> None:
    _worked_example(db, user)
    usd = factories.deal(
        db,
        user,
        title="US brand",
        currency="USD",
        agreed_fee="500",
        delivered_on="2026-04-10",
        status="delivered",
    )
    factories.work(db, usd, "editing", 120)
    factories.part(db, usd, "deliverables", kind="video_note")
    body = api.get(f"{API}/summary?from=2026-01-01&to=2026-12-31").json()
    by_currency = {c["currency"]: c for c in body["currencies"]}
    cny, dollars = by_currency["CNY"], by_currency["USD"]
    assert cny["deals"] == 1 and cny["net_income"] == "2110.00"
    assert cny["effective_hourly"] == "366.96" and cny["hidden_labor_share"] == "0.22"
    assert cny["unpaid_value"] == "250.00" and cny["overdue_count"] == 0
    assert dollars["outstanding"] == "500.00" and dollars["effective_hourly"] == "0.00"
    assert dollars["by_deliverable_kind"][0]["key"] == "video_note"
    assert cny["by_month"][0]["key"] == "202604"
    assert cny["by_agency"][0]["key"] == "" and cny["by_brand"][0]["deals"] == 1
    assert api.get(f"{API}/summary?from=2027-01-01").json()["currencies"] == []
    assert api.get(f"{API}/summary?from=2026-05-01&to=2026-01-01").status_code == 422
    assert api.get(f"{API}/summary?from=notadate").status_code == 422


def test_tax_estimate(api: TestClient, db: Session, user: Any) -> None:
    deal = factories.deal(db, user, agreed_fee="13000")
    factories.part(db, deal, "payments", gross="3000", tax_withheld="440", received_on="2026-02-01")
    factories.part(db, deal, "payments", gross="10000", received_on="2026-03-01")
    ledger.update_profile(
        db, user_id=user.id, changes={"annual_salary": 8000000, "annual_deductions": 1200000}
    )
    body = api.get(f"{API}/tax/estimate?year=2026").json()
    assert body["estimate"] is True and len(body["payments"]) == 2
    assert body["payments"][1]["estimated_withholding"] == "1600.00"
    assert body["payments"][1]["set_aside"] == "1600.00"
    assert body["payments"][0]["set_aside"] == "0.00"
    assert body["counted_income"] == "90400.00" and body["taxable_income"] == "18400.00"
    assert body["annual_tax"] == "552.00" and body["prepaid"] == "440.00"
    assert body["refund"] == "-112.00"
    assert api.get(f"{API}/tax/estimate?year=1900").status_code == 422


def test_calendar_feed_parses(
    signed_in: TestClient, db: Session, user: Any, client: TestClient
) -> None:
    today = clock.today_in("Asia/Shanghai")
    deal = factories.deal(
        db,
        user,
        agreed_fee="800",
        status="delivered",
        payment_due_on=(today - timedelta(days=3)).isoformat(),
    )
    factories.part(
        db, deal, "deliverables", kind="image_note", due_on=(today + timedelta(days=2)).isoformat()
    )
    soon = factories.deal(
        db, user, title="Soon", status="contracted", due_on=(today + timedelta(days=5)).isoformat()
    )
    assert soon.id
    token = csrf_of(signed_in, "/settings")
    page = parse(
        signed_in.post("/settings/calendar", data={"csrf_token": token, "action": "renew"})
    )
    path = one(page, "#calendar-url").text().strip().replace("http://testserver", "")
    assert path.startswith("/calendar/") and path.endswith(".ics")
    assert parse(signed_in.get("/settings")).css("#calendar-url") == []  # shown once
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert f"deal-{deal.id}-overdue@kocledger" in events
    assert f"deal-{deal.id}-payment@kocledger" in events
    assert f"deal-{soon.id}-due@kocledger" in events
    assert any(uid.startswith("deliverable-") for uid in events)
    assert events[f"deal-{deal.id}-payment@kocledger"].decoded("dtstart") == today - timedelta(
        days=3
    )
    signed_in.post("/settings/calendar", data={"csrf_token": token, "action": "revoke"})
    assert client.get(path).status_code == 404
    assert client.get("/calendar/guessing-is-useless-here.ics").status_code == 404


def test_dashboard_on_demo_data_in_both_languages(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    from app.demo import fill_demo

    fill_demo(db, username=user.username, deals=80, seed=3, now=clock.utcnow())
    for locale, words in (
        ("en", ("What you really earn", "Effective hourly by month")),
        ("zh-CN", ("你真正赚了多少", "每月实际时薪")),
    ):
        ledger.update_profile(db, user_id=user.id, changes={"locale": locale})
        for period in ("month", "quarter", "year", "12m", "all"):
            page = signed_in.get(f"/dashboard?period={period}")
            assert page.status_code == 200
        doc = parse(signed_in.get("/dashboard?period=all"))
        title, rate_chart = words
        assert texts(doc, "h1") == [title]
        assert any(h.startswith(rate_chart) for h in texts(doc, "h2"))
        assert texts(doc, "svg.chart > title#rate-chart-title") == [rate_chart]
        assert doc.css("svg.chart > rect") and doc.css("table tbody tr")
        # one card per currency, each with its effective rate and hidden labor
        for card in doc.css("section[aria-labelledby^='totals-'] .kpis"):
            assert len(pairs(card, ".kpi", ".label", ".big")) == 2
        # own percentiles as whole amounts under their currency: three beside a label fit a
        # phone (three full "CN¥1,376.25" did not)
        history = doc.css_first("#own-history")
        assert history is not None and "CNY" in texts(history, "h2")[0]
        cells = texts(history, "td.num")
        assert len(cells) >= 6 and all(re.fullmatch(r"[\d,]+", c) for c in cells), cells
    custom = signed_in.get("/dashboard?from=2026-01-01&to=2025-01-01")
    assert custom.status_code == 200
    assert signed_in.get("/dashboard?from=garbage").status_code == 200


def test_tax_page(signed_in: TestClient, db: Session, user: Any) -> None:
    deal = factories.deal(db, user, agreed_fee="3000")
    factories.part(db, deal, "payments", gross="3000", received_on=f"{date.today().year}-01-05")
    page = signed_in.get("/tax")
    assert page.status_code == 200
    # 3,000 per 次: the payer withholds (3,000 − 800) × 20 % = 440, and none was withheld
    rows = parse(page).css("table tbody tr")
    assert len(rows) == 1
    assert texts(rows[0], "td.num") == ["CN¥3,000.00", "CN¥0.00", "CN¥440.00"]
    assert rows[0].css_first("td.num.bad") is not None  # less withheld than expected
    assert signed_in.get("/tax?year=abc").status_code == 200


def test_figures_follow_every_edit(api: TestClient, db: Session, user: Any) -> None:
    deal = factories.deal(db, user, agreed_fee="1000", status="delivered")
    work = api.post(
        f"{API}/deals/{deal.id}/work",
        json={"activity": "editing", "minutes": 60, "worked_on": "2026-01-02"},
    ).json()
    pay = api.post(
        f"{API}/deals/{deal.id}/payments", json={"gross": "400", "received_on": "2026-01-05"}
    ).json()
    summary = api.get(f"{API}/summary").json()["currencies"][0]
    assert summary["outstanding"] == "600.00" and summary["hours_total"] == 1.0
    api.patch(f"{API}/deals/{deal.id}/payments/{pay['id']}", json={"gross": "1000"})
    api.patch(f"{API}/deals/{deal.id}/work/{work['id']}", json={"unpaid": True})
    summary = api.get(f"{API}/summary").json()["currencies"][0]
    assert summary["outstanding"] == "0.00" and summary["hidden_labor_share"] == "1.00"
    api.delete(f"{API}/deals/{deal.id}/work/{work['id']}")
    summary = api.get(f"{API}/summary").json()["currencies"][0]
    assert summary["hours_total"] == 0.0 and summary["deals_without_hours"] == 1
    api.patch(f"{API}/deals/{deal.id}", json={"status": "cancelled"})
    assert api.get(f"{API}/summary").json()["currencies"][0]["outstanding"] == "0.00"


def test_deals_csv_follows_the_list_filters(signed_in: TestClient, db: Session, user: Any) -> None:
    factories.deal(db, user, title="Paid one", status="paid")
    factories.deal(db, user, title="Lead one", status="lead")
    page = signed_in.get("/deals?status=paid")
    (export,) = [h for h in hrefs(parse(page)) if h.startswith("/export/deals.csv?")]
    assert parse_qs(urlsplit(export).query) == {"status": ["paid"]}
    text = signed_in.get("/export/deals.csv?status=paid").content.decode("utf-8-sig")
    assert "Paid one" in text and "Lead one" not in text
    text = signed_in.get("/export/deals.csv?q=lead").content.decode("utf-8-sig")
    assert "Lead one" in text and "Paid one" not in text
