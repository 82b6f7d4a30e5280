"""Issue 11: the withholding method survives the migration, export/import and CSV import."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, select

from app import clock, migrate
from app.db import make_engine
from app.ledger.models import Deal
from app.negotiation.models import RateCard
from app.settings import Settings
from app.spreadsheet import apply, guess_mapping, read_sheet
from app.transfer import export_account, import_account
from tests import factories
from tests.conftest import Databases, make_user


def test_migration_fills_the_default(databases: Databases) -> None:
    engine = make_engine(Settings(database_url=databases.new_url()))
    migrate.upgrade(engine, "0011")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO user_account (id, username, password_hash, is_owner, created_at)"
                " VALUES (1, 'mei', 'x', true, '2026-01-01 00:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO brand (id, user_id, name, category, contact, notes)"
                " VALUES (1, 1, 'b', '', '', '')"
            )
        )
        for deal_id, source, currency in (
            (1, "pgy_invite", "CNY"),
            (2, "pgy_recruit", "CNY"),
            (3, "brand_dm", "CNY"),
            (4, "pgy_invite", "USD"),
        ):
            conn.execute(
                text(
                    "INSERT INTO deal (id, user_id, title, brand_id, platform, source, disclosure,"
                    " status, compensation, currency, included_revision_rounds,"
                    " paid_boost_allowed, notes, created_at) VALUES (:id, 1, 't', 1,"
                    " 'xiaohongshu', :source, 'unknown', 'lead', 'cash', :currency, 1, false,"
                    " '', '2026-01-01 00:00:00')"
                ),
                {"id": deal_id, "source": source, "currency": currency},
            )
        conn.execute(
            text(
                "INSERT INTO rate_card (user_id, platform_fee_pct, agency_cut_pct,"
                " usage_rights_pct, paid_boost_pct, exclusivity_pct, withholding)"
                " VALUES (1, 0, 0, 30, 30, 20, false)"
            )
        )
    migrate.upgrade(engine)
    with engine.connect() as conn:
        methods = dict(conn.execute(text("SELECT id, withholding FROM deal ORDER BY id")).all())
        card = conn.execute(text("SELECT withholding FROM rate_card")).scalar_one()
        vat = conn.execute(text("SELECT vat_invoiced FROM deal WHERE id = 1")).scalar_one()
    assert methods == {
        1: "platform_cumulative",
        2: "platform_cumulative",
        3: "per_payment",
        4: "foreign",
    }
    assert card == "none" and not vat
    migrate.downgrade(engine, "0011")
    with engine.connect() as conn:
        assert not conn.execute(text("SELECT withholding FROM rate_card")).scalar_one()
    engine.dispose()


def test_export_import_keeps_methods(db: Session, user: Any) -> None:
    factories.deal(db, user, source="pgy_invite", title="a")
    factories.deal(db, user, source="brand_dm", withholding="none", title="b", vat_invoiced=True)
    card = RateCard(user_id=user.id, withholding="platform_cumulative")
    db.add(card)
    db.commit()
    document = export_account(db, user_id=user.id, now=clock.utcnow())
    assert [d["withholding"] for d in document["deals"]] == ["platform_cumulative", "none"]
    assert document["rate_card"]["withholding"] == "platform_cumulative"
    # an export from before the method: no field on deals, true/false on the rate card
    old = json.loads(json.dumps(document))
    for deal in old["deals"]:
        deal.pop("withholding")
        deal.pop("vat_invoiced")
    old["rate_card"]["withholding"] = False
    other = make_user(db, "lan", owner=False)
    assert import_account(db, user_id=other.id, document=old) == 2
    deals = db.exec(select(Deal).where(Deal.user_id == other.id).order_by(Deal.id)).all()  # type: ignore[arg-type]
    assert [d.withholding for d in deals] == ["platform_cumulative", "per_payment"]
    moved = db.get(RateCard, other.id)
    assert moved is not None and moved.withholding == "none"


def test_csv_import_reads_the_method(db: Session, user: Any) -> None:
    raw = (
        "标题,品牌,来源,币种,扣缴方式\n"
        "一,花西子,pgy_invite,CNY,\n"
        "二,花西子,brand_dm,CNY,none\n"
        "三,花西子,brand_dm,USD,\n"
    ).encode()
    sheet = read_sheet(raw)
    mapping = guess_mapping("deals", sheet.header)
    assert mapping["withholding"] == 4
    written, errors = apply(
        db, now=clock.utcnow(), user_id=user.id, kind="deals", sheet=sheet, mapping=mapping
    )
    assert written == 3 and errors == []
    deals = db.exec(select(Deal).order_by(Deal.id)).all()  # type: ignore[arg-type]
    assert [d.withholding for d in deals] == ["platform_cumulative", "none", "foreign"]
    bad = read_sheet("标题,品牌,扣缴方式\n一,花西子,maybe\n".encode())
    written, errors = apply(
        db,
        now=clock.utcnow(),
        user_id=user.id,
        kind="deals",
        sheet=bad,
        mapping=guess_mapping("deals", bad.header),
    )
    assert written == 0 and errors[0].field == "withholding"
