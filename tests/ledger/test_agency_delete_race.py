"""Deleting an agency files each of its deals again (ledger.delete_object). A deal changed by
another request after the agency's deals were read must be filed as it is now, not as it was
read: otherwise its stored figures, rollups and year tax sums keep the old currency."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from sqlmodel import Session

from app.economics import service as economics
from app.ledger import schemas as s
from app.ledger import service as ledger
from app.ledger.models import Agency, Deal
from bench.consistency import mismatches
from tests import factories
from tests.conftest import using_postgres

pytestmark = [
    pytest.mark.commits,
    pytest.mark.skipif(
        not using_postgres(), reason="SQLite takes the write lock at BEGIN: nothing interleaves"
    ),
]


def test_a_deal_changed_while_its_agency_is_deleted_is_filed_as_it_is_now(
    db: Session, user: Any, engine: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    agency = ledger.create_agency(db, user_id=user.id, data=s.AgencyCreate(name="MCN"))
    deals = [
        factories.deal(db, user, agency_id=agency.id, currency="CNY", agreed_fee="500.00")
        for _ in range(3)
    ]
    for deal in deals:
        factories.part(db, deal, "payments", gross="100.00", received_on=date(2026, 3, 1))
    last = deals[-1].id
    real = economics.refresh_figures
    other: list[threading.Thread] = []

    def move_to_dollars() -> None:
        with Session(engine) as session:
            moved = session.get(Deal, last)
            assert moved is not None
            ledger.update_deal(session, moved, changes={"currency": "USD"})

    def refresh_after_another_request(session: Session, deal: Deal) -> Any:
        # The first deal is being filed again: meanwhile another request moves the last deal
        # to US dollars. It finishes at once unless the deletion holds that deal's lock.
        if not other and threading.current_thread() is threading.main_thread():
            other.append(threading.Thread(target=move_to_dollars))
            other[0].start()
            other[0].join(timeout=3)
        return real(session, deal)

    monkeypatch.setattr("app.ledger.service.refresh_figures", refresh_after_another_request)
    with Session(engine) as deleting:
        row = deleting.get(Agency, agency.id)
        assert row is not None
        ledger.delete_object(deleting, row)
    other[0].join(timeout=60)
    assert not other[0].is_alive()
    with Session(engine) as check:
        moved = check.get(Deal, last)
        assert moved is not None and moved.currency == "USD" and moved.agency_id is None
    assert mismatches(engine, user.id) == []
