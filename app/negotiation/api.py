"""JSON routes of the negotiation area: offer check, save as deal, rate card."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from app import clock
from app.i18n import Translator
from app.ledger import service as ledger
from app.ledger.schemas import DealPublic
from app.negotiation import service as negotiation
from app.negotiation.present import evaluation_json, money, to_offer
from app.negotiation.schemas import (
    EvaluationPublic,
    OfferIn,
    ParseIn,
    ParsePublic,
    RateCardPublic,
    SaveOfferIn,
)
from app.web.api import ApiUser, DbDep, user_id_of
from app.web.strict import StrictRoute

router = APIRouter(route_class=StrictRoute, tags=["negotiation"])


@router.post("/offers/evaluate", response_model=EvaluationPublic)
def evaluate_offer(user: ApiUser, db: DbDep, data: OfferIn) -> dict[str, Any]:
    profile = ledger.get_profile(db, user_id=user_id_of(user))
    target = data.target_hourly if data.target_hourly is not None else profile.target_hourly
    offer = to_offer(data, profile.currency)
    benchmark = negotiation.benchmark_for(db, user_id=user_id_of(user), offer=offer)
    result = negotiation.check_offer(
        db,
        user_id=user_id_of(user),
        offer=offer,
        target_hourly=target,
        today=clock.today_in(profile.timezone),
        benchmark=benchmark,
    )
    card = negotiation.draft_terms(db, user_id=user_id_of(user))
    # Red-flag messages in the account's language; the codes beside them are for programs.
    body = evaluation_json(result, Translator(profile.locale), card)
    # The collective's quartiles, when a release was imported, for a client to draw its own
    # comparison.
    body["percentiles"]["fee_per_unit"]["benchmark"] = benchmark
    return body


@router.post("/offers/parse", response_model=ParsePublic)
def parse_offer(user: ApiUser, db: DbDep, data: ParseIn) -> dict[str, Any]:
    """The terms of an offer read from a brand's message; what is not found is null."""
    # A client may say which day the message was read on ("by Friday" is relative to it).
    today = data.today
    if today is None:
        profile = ledger.get_profile(db, user_id=user_id_of(user))
        today = clock.today_in(profile.timezone)
    return negotiation.parse_message(db, user_id=user_id_of(user), text=data.text, today=today)


@router.post("/offers/save", status_code=201, response_model=DealPublic)
def save_offer(user: ApiUser, db: DbDep, data: SaveOfferIn) -> Any:
    profile = ledger.get_profile(db, user_id=user_id_of(user))
    return negotiation.save_as_deal(
        db,
        user_id=user_id_of(user),
        offer=to_offer(data.offer, profile.currency),
        brand_id=data.brand_id,
        title=data.title,
        agency_id=data.agency_id,
        now=clock.utcnow(),
        today=clock.today_in(profile.timezone),
    )


@router.get("/rate-card", response_model=RateCardPublic)
def read_rate_card(user: ApiUser, db: DbDep) -> dict[str, Any]:
    profile = ledger.get_profile(db, user_id=user_id_of(user))
    card = negotiation.rate_card(
        db, user_id=user_id_of(user), today=clock.today_in(profile.timezone)
    )
    s = card.settings
    return {
        "currency": card.currency,
        # Money as decimal strings (API.md), hours as numbers.
        "target_hourly": money(card.target_hourly),
        "items": [
            {
                "kind": line.kind,
                "hours": float(line.hours),
                "basis": line.source,
                "deals": line.deals,
                "fee": money(line.fee),
            }
            for line in card.lines
        ],
        "extra_revision_round": {
            "hours": float(card.revision_hours),
            "basis": card.revision_basis,
            "price": money(card.extra_round_price),
            "inside_deal_of": money(card.reference_fee),
        },
        "surcharges_pct": {
            "usage_rights": s.usage_rights_pct,
            "paid_boost": s.paid_boost_pct,
            "exclusivity": s.exclusivity_pct,
        },
        "settings": {
            "platform_fee_pct": s.platform_fee_pct,
            "agency_cut_pct": s.agency_cut_pct,
            "withholding": s.withholding,
            "show_niche": s.show_niche,
            "show_platform": s.show_platform,
            "show_hours": s.show_hours,
        },
    }
