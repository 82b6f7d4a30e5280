"""Negotiation use cases: the creator's history, offer checks, rate cards, save as deal."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col

from app.economics import calc, rollup
from app.economics import service as economics
from app.economics.models import DealFiguresRow
from app.economics.tax import default_withholding, method_for
from app.economics.tax_service import offer_context
from app.ledger import schemas
from app.ledger import service as ledger
from app.ledger.enums import Compensation, DeliverableKind, Status
from app.ledger.models import Deal, Deliverable, WorkEntry
from app.lru import Lru
from app.money import to_decimal_string
from app.negotiation.models import RateCard
from app.negotiation.offer import (
    DEFAULT_HOURS,
    SUGGESTED_STEP,
    Evaluation,
    History,
    Offer,
    estimate_hours,
    evaluate,
    reaching_creator,
    required_net,
    revision_round_hours,
    smallest_fee,
)

# Per account, ledger version and currency (up to four lists of HISTORY_DEALS numbers, about
# 150 kB at 10,000 deals): an old version's entry is never read again.
_HISTORY: Lru[History] = Lru(32)


def history_of(session: Session, *, user_id: int, currency: str) -> History:
    """Per-unit hours and fees of single-kind deals, deal rates and revision-round hours.

    Read from the newest deals (economics.HISTORY_DEALS, by index), so an offer check costs the
    same on a ledger of 100 deals as on one of 10,000; kept per ledger version, so repeated
    checks between two writes read it once.
    """
    key = (*rollup.cache_key(session, user_id), currency)
    cached = _HISTORY.get(key)
    if cached is not None:
        return cached
    recent = economics.recent_deals(user_id, None, None, currency, with_hours=True)
    per_deal = (
        select(
            col(Deliverable.deal_id),
            func.min(col(Deliverable.kind)).label("kind"),
            func.sum(col(Deliverable.quantity)).label("units"),
        )
        .join(recent, recent.c.deal_id == col(Deliverable.deal_id))
        .group_by(col(Deliverable.deal_id))
        .having(func.count(func.distinct(col(Deliverable.kind))) == 1)
        .subquery()
    )
    hours: dict[str, list[Decimal]] = {}
    for kind, minutes, units in session.execute(
        select(per_deal.c.kind, col(DealFiguresRow.minutes_total), per_deal.c.units).join(
            DealFiguresRow, col(DealFiguresRow.deal_id) == per_deal.c.deal_id
        )
    ).all():
        hours.setdefault(kind, []).append(Decimal(minutes) / 60 / Decimal(units))
    fees = economics.fees_per_unit(
        session, user_id=user_id, start=None, end=None, currency=currency
    )
    rates = [
        calc.rate(n, m)
        for n, m in economics.deal_rates(
            session, user_id=user_id, start=None, end=None, currency=currency
        )
    ]
    revised = economics.recent_deals(user_id, None, None, currency)
    rounds = (
        session.execute(
            select(func.sum(col(WorkEntry.minutes)))
            .join(revised, revised.c.deal_id == col(WorkEntry.deal_id))
            .where(col(WorkEntry.activity) == "revision")
            .group_by(col(WorkEntry.deal_id), col(WorkEntry.revision_round))
        )
        .scalars()
        .all()
    )
    result = History(
        hours_per_unit=hours,
        fee_per_unit=fees,
        effective_hourly=[float(r) for r in rates if r is not None],
        revision_round_hours=[Decimal(m) / 60 for m in rounds],
    )
    _HISTORY.put(key, result)
    return result


def rate_card_settings(session: Session, *, user_id: int) -> RateCard:
    """The account's rate card settings, made on first use.

    Two first requests at once (a phone opening the offer check twice) both find no row: the
    insert skips a row that already exists, so the second one reads the first one's.
    """
    card = session.get(RateCard, user_id)
    if card is None:
        table = RateCard.__table__  # type: ignore[attr-defined]
        maker = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        session.execute(maker(table).values(user_id=user_id).on_conflict_do_nothing())
        session.commit()
        card = session.get(RateCard, user_id, populate_existing=True)
        assert card is not None
    return card


def offer_method(offer: Offer) -> str:
    """The offer's withholding method: as given, else the default of its source and currency."""
    return method_for(
        offer.withholding or default_withholding(offer.source, offer.currency), offer.currency
    )


def check_offer(
    session: Session, *, user_id: int, offer: Offer, target_hourly: int | None, today: date
) -> Evaluation:
    profile = ledger.get_profile(session, user_id=user_id)
    ctx = offer_context(
        session,
        user_id=user_id,
        method=offer_method(offer),
        platform=profile.platform,
        today=today,
        profile=profile,
    )
    history = history_of(session, user_id=user_id, currency=offer.currency)
    benchmark = benchmark_for(session, user_id=user_id, offer=offer)
    fee: int | None = None
    if benchmark and all(b is not None for b in benchmark.values()):
        # The collective's median price for this mix: Σ quantity × median fee per unit.
        fee = 0
        for kind, quantity in offer.deliverables:
            cell = benchmark[kind]
            assert cell is not None
            fee += quantity * int(float(cell["median"]) * 100)
    return evaluate(offer, history, target_hourly=target_hourly, ctx=ctx, benchmark_fee=fee)


def benchmark_for(
    session: Session, *, user_id: int, offer: Offer
) -> dict[str, dict[str, Any] | None] | None:
    """Per kind in the offer, the imported benchmark's fee-per-unit quartiles (CNY only)."""
    from app.collective.package import tier_of
    from app.collective.service import benchmark_cell

    if offer.currency != "CNY":
        return None
    profile = ledger.get_profile(session, user_id=user_id)
    out: dict[str, dict[str, Any] | None] = {}
    for kind, _quantity in offer.deliverables:
        cell = benchmark_cell(
            session,
            user_id=user_id,
            kind=kind,
            tier=tier_of(profile.follower_count),
            niche=profile.niche,
            platform=profile.platform,
            currency="CNY",
        )
        figures = (cell or {}).get("figures") or {}
        fee = figures.get("fee_per_unit")
        out[kind] = (
            None
            if not fee
            else {
                **fee,
                "source": cell["source"] if cell else "",
                "without_noise": bool(cell and cell.get("without_noise")),
            }
        )
    return out if any(v is not None for v in out.values()) else None


@dataclass(frozen=True)
class CardLine:
    kind: str
    hours: Decimal
    source: str
    deals: int
    fee: int | None


@dataclass(frozen=True)
class Card:
    currency: str
    target_hourly: int | None
    lines: list[CardLine]
    extra_round_price: int | None
    revision_hours: Decimal
    revision_basis: str
    settings: RateCard
    reference_fee: int | None = None  # the deal an extra round is priced inside (image note)
    method: str = ""  # the method the prices use (the setting, or foreign outside CNY)


def rate_card(session: Session, *, user_id: int, today: date) -> Card:
    profile = ledger.get_profile(session, user_id=user_id)
    card = rate_card_settings(session, user_id=user_id)
    history = history_of(session, user_id=user_id, currency=profile.currency)
    pf, ac = Decimal(card.platform_fee_pct), Decimal(card.agency_cut_pct)
    ctx = offer_context(
        session,
        user_id=user_id,
        method=method_for(card.withholding, profile.currency),
        platform=profile.platform,
        today=today,
        profile=profile,
    )
    lines = []
    for kind in DEFAULT_HOURS:
        hours = estimate_hours([(kind, 1)], history)
        fee = None
        if profile.target_hourly is not None:
            fee = smallest_fee(
                required_net(profile.target_hourly, hours.typical, 0),
                SUGGESTED_STEP,
                platform_fee_pct=pf,
                agency_cut_pct=ac,
                ctx=ctx,
            )
        basis = hours.basis[0]
        lines.append(CardLine(kind, hours.typical, basis.source, basis.deals, fee))
    revision_hours, revision_basis = revision_round_hours(history)
    extra = None
    # An extra round is paid inside the deal's 次: priced on top of a typical deal, the card's
    # image note.
    reference = next((line.fee for line in lines if line.kind == "image_note"), None)
    if profile.target_hourly is not None:
        inside = ctx.after(reaching_creator(reference or 0, pf, ac))
        extra = smallest_fee(
            required_net(profile.target_hourly, revision_hours, 0),
            SUGGESTED_STEP,
            platform_fee_pct=pf,
            agency_cut_pct=ac,
            ctx=inside,
        )
    return Card(
        profile.currency,
        profile.target_hourly,
        lines,
        extra,
        revision_hours,
        revision_basis,
        card,
        reference,
        ctx.method,
    )


def update_rate_card(session: Session, *, user_id: int, changes: dict[str, Any]) -> RateCard:
    card = rate_card_settings(session, user_id=user_id)
    for name, value in changes.items():
        setattr(card, name, value)
    session.add(card)
    session.commit()
    return card


def share_rate_card(session: Session, *, user_id: int, on: bool) -> RateCard:
    card = rate_card_settings(session, user_id=user_id)
    card.share_token = secrets.token_urlsafe(18) if on else None
    session.add(card)
    session.commit()
    return card


def card_by_token(session: Session, token: str) -> RateCard | None:
    if len(token) < 16:
        return None
    return session.execute(
        select(RateCard).where(col(RateCard.share_token) == token)
    ).scalar_one_or_none()


def save_as_deal(
    session: Session,
    *,
    user_id: int,
    offer: Offer,
    brand_id: int,
    title: str,
    agency_id: int | None,
    now: datetime,
    today: date,
    brief_text: str = "",
    source: str | None = None,
    due_on: date | None = None,
) -> Deal:
    """A checked offer becomes a deal in negotiation, with its deliverables and terms.

    From a pasted message: the message itself is kept on the deal (`brief_text`), with the
    source and the due date read from it."""
    data = schemas.DealCreate(
        title=title,
        brand_id=brand_id,
        agency_id=agency_id,
        status=Status.negotiating,
        compensation=Compensation(offer.compensation),
        currency=offer.currency,
        quoted_fee=to_decimal_string(offer.fee) if offer.fee else None,
        included_revision_rounds=offer.included_revision_rounds or 0,
        brief_received_on=today,
        usage_rights_days=offer.usage_rights_days,
        exclusivity_days=offer.exclusivity_days,
        paid_boost_allowed=offer.paid_boost_allowed,
        brief_text=brief_text,
        source=source or offer.source or "other",
        due_on=due_on,
        withholding=offer_method(offer),
    )
    deal = ledger.create_deal(session, user_id=user_id, data=data, now=now)
    for kind, quantity in offer.deliverables:
        ledger.create_part(
            session,
            ledger.PARTS["deliverables"],
            deal=deal,
            data=schemas.DeliverableCreate(kind=DeliverableKind(kind), quantity=quantity),
        )
    if offer.in_kind_value:
        ledger.create_part(
            session,
            ledger.PARTS["in-kind"],
            deal=deal,
            data=schemas.InKindCreate(item="—", value=to_decimal_string(offer.in_kind_value)),
        )
    return deal
