"""JSON routes of the economics area: a deal's economics, the summary, the tax estimate."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response

from app import clock
from app.economics import rollup, schemas, tax_service
from app.economics import service as economics
from app.economics.serialize import deal_economics_json, parse_fx, summary_json, tax_json
from app.i18n import Translator
from app.ledger import service as ledger
from app.ledger.models import Deal
from app.lru import Lru
from app.validation import DateIn
from app.web.api import ApiUser, DbDep, user_id_of
from app.web.strict import StrictRoute

router = APIRouter(route_class=StrictRoute, tags=["economics"])


@router.get("/deals/{deal_id}/economics", response_model=schemas.DealEconomicsPublic)
def read_deal_economics(user: ApiUser, db: DbDep, deal_id: int) -> dict[str, Any]:
    deal = ledger.get_owned(db, Deal, user_id=user_id_of(user), obj_id=deal_id)  # or a 404
    profile = ledger.get_profile(db, user_id=user_id_of(user))
    result = economics.deal_economics(
        db, deal, target_hourly=profile.target_hourly, today=clock.today_in(profile.timezone)
    )
    return deal_economics_json(result)


_SUMMARY_JSON: Lru[bytes] = Lru(128, versioned=True)


@router.get("/summary", response_model=schemas.SummaryPublic)
def read_summary(
    user: ApiUser,
    db: DbDep,
    from_: Annotated[DateIn | None, Query(alias="from")] = None,
    to: Annotated[DateIn | None, Query()] = None,
) -> Response:
    if from_ is not None and to is not None and from_ > to:
        raise HTTPException(
            422,
            [
                {
                    "type": "value_error",
                    "loc": ["query", "from"],
                    "msg": "from is after to",
                    "input": str(from_),
                }
            ],
        )
    profile = ledger.get_profile(db, user_id=user_id_of(user))
    today = clock.today_in(profile.timezone)
    # The encoded document, per ledger version, period, day and target: encoded once.
    # The version read with the token's account (one statement for the whole cached answer).
    key = (*rollup.request_key(db, user_id_of(user)), from_, to, today, profile.target_hourly)
    body = _SUMMARY_JSON.get(key)
    if body is None:
        summary = economics.cached_summary(
            db,
            user_id=user_id_of(user),
            start=from_,
            end=to,
            today=today,
            target_hourly=profile.target_hourly,
        )
        body = json.dumps(summary_json(summary), ensure_ascii=False, separators=(",", ":")).encode()
        _SUMMARY_JSON.put(key, body)
    return Response(body, media_type="application/json")


@router.get("/tax/estimate", response_model=schemas.TaxEstimatePublic)
def read_tax_estimate(
    user: ApiUser,
    db: DbDep,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    fx: Annotated[list[str] | None, Query(max_length=20)] = None,
) -> dict[str, Any]:
    """`fx=USD:7.1` (repeatable): CNY per unit, for foreign payments without a CNY amount."""
    try:
        rates = parse_fx(fx or [])
    except ValueError as exc:
        raise HTTPException(
            422,
            [{"type": "value_error", "loc": ["query", "fx"], "msg": str(exc), "input": fx}],
        ) from exc
    profile = ledger.get_profile(db, user_id=user_id_of(user))
    year = year or clock.today_in(profile.timezone).year
    result = tax_service.estimate(
        db, user_id=user_id_of(user), year=year, profile=profile, fx=rates
    )
    return tax_json(result, Translator(profile.locale))
