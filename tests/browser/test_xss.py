"""A corpus of XSS payloads in every free-text field executes nothing in the browser."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import Session

from app import clock
from app.accounts import service as accounts
from app.db import make_engine
from app.ledger import schemas as s
from app.ledger import service as ledger
from app.negotiation import service as negotiation
from app.settings import Settings
from tests.figures import record

pytestmark = pytest.mark.browser

PAYLOADS = [
    "<script>window.__xss=1</script>",
    '"><img src=x onerror=window.__xss=1>',
    "'><svg onload=window.__xss=1>",
    "</textarea><script>window.__xss=1</script>",
    "{{7*7}}<b>bold</b>",
    "javascript:window.__xss=1",
    "<iframe src=javascript:window.__xss=1>",
    '" autofocus onfocus="window.__xss=1',
]


def _fill(settings: Settings) -> list[str]:
    """Put a payload in every free-text field; returns the pages that show them."""
    engine = make_engine(settings)
    pages = [
        "/",
        "/deals",
        "/brands",
        "/agencies",
        "/dashboard?period=all",
        "/settings",
        "/export/deals.csv",
        "/tax",
        "/rate-card",
    ]
    with Session(engine, expire_on_commit=False) as db:
        user = accounts.create_user(
            db,
            username="victim",
            password="victim-password",
            now=clock.utcnow(),
            is_owner=True,
            locale="en",
        )
        uid = user.id or 0
        for index, payload in enumerate(PAYLOADS):
            ledger.update_profile(db, user_id=uid, changes={"display_name": payload[:100]})
            brand = ledger.create_brand(
                db,
                user_id=uid,
                data=s.BrandCreate(
                    name=f"{payload}{index}", category=payload, contact=payload, notes=payload
                ),
            )
            agency = ledger.create_agency(
                db, user_id=uid, data=s.AgencyCreate(name=f"{payload}{index}", notes=payload)
            )
            deal = ledger.create_deal(
                db,
                user_id=uid,
                now=clock.utcnow(),
                data=s.DealCreate(
                    title=payload,
                    brand_id=brand.id or 0,
                    agency_id=agency.id,
                    notes=payload,
                    agreed_fee=100,
                    status="delivered",
                    payment_due_on="2026-01-01",
                    delivered_on="2026-06-01",
                ),
            )
            for slug, values in (
                ("deliverables", {"kind": "image_note", "url": "https://x.example/" + payload}),
                (
                    "work",
                    {
                        "activity": "editing",
                        "minutes": 30,
                        "worked_on": "2026-05-01",
                        "note": payload,
                    },
                ),
                ("payments", {"gross": "10", "received_on": "2026-06-02", "note": payload}),
                ("expenses", {"amount": "1", "spent_on": "2026-06-02", "note": payload}),
                ("in-kind", {"item": payload, "value": "5"}),
            ):
                spec = ledger.PARTS[slug]
                ledger.create_part(db, spec, deal=deal, data=spec.create.model_validate(values))
            pages += [
                f"/deals/{deal.id}",
                f"/brands/{brand.id}",
                f"/agencies/{agency.id}",
                f"/deals/{deal.id}/edit",
            ]
        card = negotiation.share_rate_card(db, user_id=uid, on=True)
        pages.append(f"/card/{card.share_token}")
    engine.dispose()
    return pages


def test_payloads_execute_nothing(live_server: str, live_settings: Settings, phone: Any) -> None:
    pages = _fill(live_settings)
    page = phone
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(live_server + "/login")
    page.fill("#username", "victim")
    page.fill("#password", "victim-password")
    page.click("form.stack button[type=submit]")
    page.wait_for_url(live_server + "/")
    visited = 0
    for path in pages:
        if path.endswith(".csv"):
            continue
        page.goto(live_server + path)
        visited += 1
        for link in page.locator("a[href^='javascript:']").all():
            pytest.fail(f"javascript: link on {path}: {link.get_attribute('href')}")
        assert page.evaluate("window.__xss === undefined"), path
        assert page.locator("main script, main img[src=x], main iframe").count() == 0, path
    record(
        f"XSS: {len(PAYLOADS)} payloads × free-text fields, pages visited → executed",
        visited,
        len(dialogs),
    )
    assert visited > 30 and dialogs == []
    # The phone fixture fails the test on any CSP report: nothing even tried to run.
