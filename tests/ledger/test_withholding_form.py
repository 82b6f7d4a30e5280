"""Issue 11: the deal form sets the withholding method and the VAT switch, in both languages."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.ledger import service as ledger
from app.ledger.models import Deal
from tests import factories
from tests.conftest import csrf_of


def _form(brand_id: int, token: str, **values: str) -> dict[str, str]:
    return {
        "csrf_token": token,
        "title": "Serum video",
        "brand_id": str(brand_id),
        "status": "negotiating",
        "compensation": "cash",
        "platform": "xiaohongshu",
        "disclosure": "unknown",
        "included_revision_rounds": "1",
        **values,
    }


@pytest.mark.parametrize(
    ("locale", "label", "option"),
    [
        ("en", "How the payer withholds income tax", "Foreign payer (no PRC withholding)"),
        ("zh-CN", "支付方如何扣缴个税", "境外支付方（不在中国扣缴）"),
    ],
)
def test_form_offers_the_methods(
    signed_in: TestClient, db: Session, user: Any, locale: str, label: str, option: str
) -> None:
    ledger.update_profile(db, user_id=user.id, changes={"locale": locale})
    page = signed_in.get("/deals/new").text
    assert label in page and option in page and 'name="vat_invoiced"' in page


def test_form_sets_and_defaults_the_method(signed_in: TestClient, db: Session, user: Any) -> None:
    brand = factories.brand(db, user)
    token = csrf_of(signed_in, "/deals/new")
    made = signed_in.post("/deals", data=_form(brand.id, token, source="pgy_invite"))
    assert made.status_code == 303
    chosen = signed_in.post(
        "/deals",
        data=_form(brand.id, token, source="pgy_invite", withholding="none", vat_invoiced="on"),
    )
    assert chosen.status_code == 303
    deals = db.exec(select(Deal).order_by(Deal.id)).all()  # type: ignore[arg-type]
    assert [(d.withholding, d.vat_invoiced) for d in deals] == [
        ("platform_cumulative", False),
        ("none", True),
    ]
    bad = signed_in.post(
        "/deals", data=_form(brand.id, token, title="Kept title", withholding="sometimes")
    )
    assert bad.status_code == 422 and "Kept title" in bad.text
    shown = signed_in.get(f"/deals/{deals[1].id}").text
    assert "Payer withholds nothing" in shown and "代开发票" in shown
    # the edit form shows the stored method; emptying it goes back to the default
    deal = deals[1]
    edit = signed_in.get(f"/deals/{deal.id}/edit").text
    assert '<option value="none" selected' in edit
    token = csrf_of(signed_in, f"/deals/{deal.id}/edit")
    response = signed_in.post(
        f"/deals/{deal.id}", data=_form(brand.id, token, source="brand_dm", currency="USD")
    )
    assert response.status_code == 303
    db.refresh(deal)
    assert deal.withholding == "foreign" and deal.vat_invoiced is False


def test_payment_form_takes_the_cny_amount(signed_in: TestClient, db: Session, user: Any) -> None:
    deal = factories.deal(db, user, currency="USD")
    token = csrf_of(signed_in, f"/deals/{deal.id}")
    response = signed_in.post(
        f"/deals/{deal.id}/parts/payments",
        data={
            "csrf_token": token,
            "gross": "1000",
            "received_on": "2026-08-01",
            "amount_cny": "7,180.50",
            "method": "bank",
        },
    )
    assert response.status_code in (200, 303), response.text[:500]
    (payment,) = ledger.list_parts(db, ledger.PARTS["payments"], deal=deal)
    assert payment.amount_cny == 718050
