"""Small builders for test data, through the same services the app uses."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from app import clock
from app.ledger import schemas as s
from app.ledger import service as ledger
from app.ledger.models import Brand, Deal


def brand(db: Session, user: Any, name: str = "花西子") -> Brand:
    return ledger.create_brand(db, user_id=user.id, data=s.BrandCreate(name=name))


def deal(db: Session, user: Any, **values: Any) -> Deal:
    brand_id = values.pop("brand_id", None) or brand(db, user).id
    data = s.DealCreate.model_validate({"title": "春季精华视频", "brand_id": brand_id, **values})
    return ledger.create_deal(db, user_id=user.id, data=data, now=clock.utcnow())


def part(db: Session, the_deal: Deal, slug: str, **values: Any) -> Any:
    spec = ledger.PARTS[slug]
    return ledger.create_part(db, spec, deal=the_deal, data=spec.create.model_validate(values))


def work(
    db: Session, the_deal: Deal, activity: str = "shooting", minutes: int = 60, **values: Any
) -> Any:
    return part(
        db,
        the_deal,
        "work",
        activity=activity,
        minutes=minutes,
        worked_on=values.pop("worked_on", date(2026, 3, 1)),
        **values,
    )
