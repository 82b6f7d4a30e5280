"""Chasing a late payment: a polite reminder in both languages, and the minutes logged as
unpaid payment-chasing work in one tap."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app import clock
from app.ledger.chase import Chase, reminders
from app.ledger.models import WorkEntry
from tests import factories
from tests.conftest import csrf_of, make_user


def _overdue(db: Session, user: Any) -> Any:
    today = clock.today_in("Asia/Shanghai")
    deal = factories.deal(
        db,
        user,
        title="Serum video",
        status="delivered",
        agreed_fee="3000",
        delivered_on=(today - timedelta(days=40)).isoformat(),
        payment_due_on=(today - timedelta(days=10)).isoformat(),
    )
    factories.part(db, deal, "deliverables", kind="video_note", quantity=2)
    factories.part(db, deal, "payments", gross="1000", received_on=today.isoformat())
    return deal


def test_reminder_says_amount_days_agreement_and_delivery() -> None:
    chase = Chase(
        title="春季精华",
        brand="花西子",
        outstanding=200000,
        currency="CNY",
        agreed_fee=300000,
        deliverables=(("video_note", 2),),
        delivered_on=date(2026, 3, 1),
        payment_due_on=date(2026, 3, 31),
        days_overdue=12,
    )
    drafts = reminders(chase)
    assert "¥2,000" in drafts["zh"] and "¥3,000" in drafts["zh"] and "12" in drafts["zh"]
    assert "2 条视频笔记" in drafts["zh"] and "2026年3月1日" in drafts["zh"]
    assert (
        "“春季精华”" in drafts["zh"] or "「春季精华」" in drafts["zh"] or "春季精华" in drafts["zh"]
    )
    en = drafts["en"]
    assert "¥2,000" in en and "¥3,000" in en and "12 days late" in en
    assert "March 1, 2026" in en and "2 video notes" in en
    one = reminders(Chase(**{**chase.__dict__, "days_overdue": 1}))["en"]
    assert "1 day late" in one


def test_remind_page_and_one_tap_log(signed_in: TestClient, db: Session, user: Any) -> None:
    deal = _overdue(db, user)
    page = signed_in.get(f"/deals/{deal.id}")
    assert f'href="/deals/{deal.id}/remind"' in page.text
    remind = signed_in.get(f"/deals/{deal.id}/remind")
    assert remind.status_code == 200
    assert "10 days late" in remind.text and "¥2,000" in remind.text
    assert 'data-copy="draft-zh"' in remind.text and 'data-copy="draft-en"' in remind.text
    token = csrf_of(signed_in, f"/deals/{deal.id}/remind")
    form = {"csrf_token": token, "minutes": "10", "submit_token": "chase-once-1"}
    for _ in range(2):  # a retried tap logs once
        response = signed_in.post(f"/deals/{deal.id}/remind", data=form)
        assert response.status_code == 303
    entries = db.exec(select(WorkEntry).where(WorkEntry.deal_id == deal.id)).all()
    assert [(e.activity, e.minutes, e.unpaid) for e in entries] == [("payment_chasing", 10, True)]
    bad = signed_in.post(f"/deals/{deal.id}/remind", data={"csrf_token": token, "minutes": "99999"})
    assert bad.status_code == 422 and "Choose one of the options." in bad.text


def test_no_remind_button_when_nothing_is_late(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    deal = factories.deal(db, user, agreed_fee="100")
    assert f'href="/deals/{deal.id}/remind"' not in signed_in.get(f"/deals/{deal.id}").text


def test_another_accounts_deal_is_404(signed_in: TestClient, db: Session, user: Any) -> None:
    other = make_user(db, "rival", owner=False)
    theirs = _overdue(db, other)
    assert signed_in.get(f"/deals/{theirs.id}/remind").status_code == 404
    token = csrf_of(signed_in)
    response = signed_in.post(
        f"/deals/{theirs.id}/remind", data={"csrf_token": token, "minutes": "10"}
    )
    assert response.status_code == 404
    assert db.exec(select(WorkEntry).where(WorkEntry.deal_id == theirs.id)).all() == []
