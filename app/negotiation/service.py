"""Negotiation use cases: the creator's history, offer checks, rate cards, save as deal."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from app.db import upsert_insert
from app.economics import rollup
from app.economics import service as economics
from app.economics.tax import default_withholding, method_for
from app.economics.tax_service import offer_context
from app.ledger import schemas
from app.ledger import service as ledger
from app.ledger.enums import Compensation, DeliverableKind, Status
from app.ledger.models import Brand, Deal
from app.lru import Lru
from app.money import to_decimal_string
from app.negotiation.brief import parse_brief
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
_HISTORY: Lru[History] = Lru(32, versioned=True)


def history_of(session: Session, *, user_id: int, currency: str) -> History:
    """Per-unit hours and fees of single-kind deals, deal rates and revision-round hours.

    Read from the newest deals (economics.HISTORY_DEALS), from what their figures rows keep of
    them (economics.offer_history), so an offer check costs the same on a ledger of 100 deals as
    on one of 10,000, first view after a write included; kept per ledger version, so repeated
    checks between two writes read it once. The version is the one read with the browser
    session (or API token) at the request's start, before the history (rollup.request_key: no
    statement of its own).
    """
    key = (*rollup.request_key(session, user_id), currency)
    cached = _HISTORY.get(key)
    if cached is not None:
        return cached
    # A ledger from before stored figures (0001) has deals without a figures row until the
    # dashboard made them, and the history reads figures rows alone: they are made here first,
    # once per account and process (attack-perf12).
    economics.ensure_figures(session, user_id=user_id, account=key[:2])
    # One statement on the deals' figures rows (economics.offer_history: by index, bounded).
    result = history_from(economics.offer_history(session, user_id=user_id, currency=currency))
    _HISTORY.put(key, result)
    return result


def history_from(lists: economics.OfferHistory) -> History:
    """The History of what economics.offer_history (or offer_history_of) read."""
    # Each value worked out once: logged minutes repeat (30, 45, 60, …), and a history of
    # HISTORY_DEALS deals is a few hundred Decimal divisions otherwise.
    per_unit_of: dict[tuple[int, int], Decimal] = {}
    hours_of: dict[int, Decimal] = {}
    hours: dict[str, list[Decimal]] = {}
    for kind, pairs in lists.hours.items():
        # Only deals of one kind of deliverable: the hours of a mixed deal cannot be split
        # between its kinds. Hours per unit: two notes in one deal took twice as long as one.
        # (Units summing to 0, from a ledger written by hand, give no figure.)
        per_unit = []
        for pair in pairs:
            value = per_unit_of.get(pair)
            if value is None:
                minutes, units = pair
                if not units:
                    continue
                value = per_unit_of[pair] = Decimal(minutes) / 60 / Decimal(units)
            per_unit.append(value)
        if per_unit:
            hours[kind] = per_unit
    rounds = []
    for minutes in lists.rounds:
        value = hours_of.get(minutes)
        if value is None:
            value = hours_of[minutes] = Decimal(minutes) / 60
        rounds.append(value)
    return History(
        hours_per_unit=hours,
        fee_per_unit=lists.fees,
        # (deals without hours have no rate and are left out)
        effective_hourly=lists.rates,
        # Revision rounds from every recent deal, of any mix: a round's length does not depend
        # on the kind.
        revision_round_hours=rounds,
    )


KNOWN_BRANDS_READ = 5000  # the creator's brands read as names for the brief parser (newest first)


def own_brand_names(session: Session, *, user_id: int) -> list[str]:
    """Names of the creator's own brands (never another account's), newest first."""
    rows = session.execute(
        select(col(Brand.name))
        .where(col(Brand.user_id) == user_id)
        .order_by(col(Brand.id).desc())
        .limit(KNOWN_BRANDS_READ)
    )
    return [name for (name,) in rows]


def parse_message(session: Session, *, user_id: int, text: str, today: date) -> dict[str, Any]:
    """A pasted brand message read into an offer; the creator's own brand names are the
    strongest sign of which brand wrote it."""
    return parse_brief(text, today, known_brands=own_brand_names(session, user_id=user_id))


def rate_card_settings(session: Session, *, user_id: int) -> RateCard:
    """The account's rate card settings: its defaults until the creator saves them.

    Read by pages that only read (the offer check, the rate card): reading writes nothing, so
    a read transaction never has to become a write one (on SQLite it cannot once another
    connection committed after it began: the first offer check answered 503).
    """
    return session.get(RateCard, user_id) or RateCard(user_id=user_id)


@dataclass(frozen=True)
class DraftTerms:
    """What a counter-offer's draft says of usage rights, paid boosting and exclusivity: the
    rate card's percentages (app.negotiation.drafts)."""

    usage_rights_pct: int
    paid_boost_pct: int
    exclusivity_pct: int


# Per account and ledger version (the rate card is a row of the account: saving it moves the
# version): an offer check reads no rate card row between two writes.
_TERMS: Lru[DraftTerms] = Lru(64, versioned=True)


def draft_terms(session: Session, *, user_id: int) -> DraftTerms:
    """rate_card_settings()'s percentages for the drafts, kept per ledger version."""
    key = rollup.request_key(session, user_id)
    terms = _TERMS.get(key)
    if terms is None:
        card = rate_card_settings(session, user_id=user_id)
        terms = DraftTerms(card.usage_rights_pct, card.paid_boost_pct, card.exclusivity_pct)
        _TERMS.put(key, terms)
    return terms


def _rate_card_row(session: Session, *, user_id: int) -> RateCard:
    """The account's rate card row, made on first save.

    Two first saves at once both find no row: the insert skips a row that already exists, so
    the second one reads the first one's.
    """
    card = session.get(RateCard, user_id)
    if card is None:
        maker = upsert_insert(session.get_bind().dialect.name)
        session.execute(maker(RateCard).values(user_id=user_id).on_conflict_do_nothing())
        session.commit()
        # Read again: the row may be the other request's, not this one's insert.
        card = session.get(RateCard, user_id, populate_existing=True)
        assert card is not None
    return card


def offer_method(offer: Offer) -> str:
    """The offer's withholding method: as given, else the default of its source and currency."""
    return method_for(
        offer.withholding or default_withholding(offer.source, offer.currency), offer.currency
    )


Benchmark = dict[str, dict[str, Any] | None]
_UNREAD: Any = object()  # check_offer's benchmark when the caller has not read it


def check_offer(
    session: Session,
    *,
    user_id: int,
    offer: Offer,
    target_hourly: int | None,
    today: date,
    benchmark: Benchmark | None = _UNREAD,
) -> Evaluation:
    """`benchmark`: benchmark_for() of the offer when the caller has read it (the page shows
    it beside the check too: one read of the imported release, not two)."""
    profile = ledger.get_profile(session, user_id=user_id)
    ctx = offer_context(
        session,
        user_id=user_id,
        method=offer_method(offer),
        platform=profile.platform,
        today=today,
        profile=profile,
    )
    # The creator's own past deals in the offer's currency: hours and rates in another currency
    # would not compare.
    history = history_of(session, user_id=user_id, currency=offer.currency)
    if benchmark is _UNREAD:
        benchmark = benchmark_for(session, user_id=user_id, offer=offer)
    fee: int | None = None
    # A collective's price only when every kind in the offer has one: a partial sum would read as a
    # low price.
    if benchmark and all(b is not None for b in benchmark.values()):
        # The collective's median price for this mix: Σ quantity × median fee per unit.
        fee = 0
        for kind, quantity in offer.deliverables:
            cell = benchmark[kind]
            assert cell is not None
            fee += quantity * int(float(cell["median"]) * 100)
    return evaluate(offer, history, target_hourly=target_hourly, ctx=ctx, benchmark_fee=fee)


# Per account, ledger version and the profile's cell (tier, niche, platform): the imported
# release's cells for every kind, so checks between two writes neither read nor parse the
# release (importing one is a write of the account: it moves the version).
_CELLS: Lru[dict[str, dict[str, Any]]] = Lru(32, versioned=True)


def benchmark_for(session: Session, *, user_id: int, offer: Offer) -> Benchmark | None:
    """Per kind in the offer, the imported benchmark's fee-per-unit quartiles (CNY only)."""
    from app.collective.package import tier_of
    from app.collective.service import benchmark_cells

    # Only a CNY offer is compared: the cells read below are the CNY ones.
    if offer.currency != "CNY":
        return None
    profile = ledger.get_profile(session, user_id=user_id)
    kinds = list(dict.fromkeys(kind for kind, _quantity in offer.deliverables))
    tier = tier_of(profile.follower_count)
    # The version first (read at the request's start), then the release.
    key = (*rollup.request_key(session, user_id), tier, profile.niche, profile.platform)
    cells = _CELLS.get(key)
    if cells is None:
        # One read of the imported release for every kind (attack-15: a read per kind).
        cells = benchmark_cells(
            session,
            user_id=user_id,
            kinds=[kind.value for kind in DeliverableKind],
            tier=tier,
            niche=profile.niche,
            platform=profile.platform,
            currency="CNY",
        )
        _CELLS.put(key, cells)
    out: dict[str, dict[str, Any] | None] = {}
    for kind in kinds:
        cell = cells.get(kind)
        # A cell may lack the fee figure (too few members gave it): then no benchmark for this kind.
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
    # One line per kind of deliverable the card knows, in its usual order.
    for kind in DEFAULT_HOURS:
        hours = estimate_hours([(kind, 1)], history)
        fee = None
        if profile.target_hourly is not None:
            fee = smallest_fee(
                # Priced for the typical hours: what a deal of this kind usually takes her.
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
    card = _rate_card_row(session, user_id=user_id)
    # The changes come from RateCardIn: only its fields, already checked.
    for name, value in changes.items():
        setattr(card, name, value)
    session.add(card)
    session.commit()
    return card


def share_rate_card(session: Session, *, user_id: int, on: bool) -> RateCard:
    card = _rate_card_row(session, user_id=user_id)
    # A new token each time sharing starts: an old link stops working.
    card.share_token = secrets.token_urlsafe(18) if on else None
    session.add(card)
    session.commit()
    return card


def card_by_token(session: Session, token: str) -> RateCard | None:
    # Shorter than any token made (24 characters): not looked up at all.
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
    data = schemas.DealCreate.model_validate(
        dict(
            title=title,
            brand_id=brand_id,
            agency_id=agency_id,
            status=Status.negotiating,
            compensation=Compensation(offer.compensation),
            currency=offer.currency,
            quoted_fee=to_decimal_string(offer.fee) if offer.fee else None,
            # An offer that says nothing about revisions includes none: every round is extra until
            # agreed.
            included_revision_rounds=offer.included_revision_rounds or 0,
            # The offer came today: the deal starts its history from the check.
            brief_received_on=today,
            usage_rights_days=offer.usage_rights_days,
            exclusivity_days=offer.exclusivity_days,
            paid_boost_allowed=offer.paid_boost_allowed,
            brief_text=brief_text,
            source=source or offer.source or "other",
            due_on=due_on,
            # The method the offer was checked with, so the deal's figures match what she was shown.
            withholding=offer_method(offer),
        )
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
            # The products' value as offered; their name is not known yet.
            data=schemas.InKindCreate.model_validate(
                {"item": "—", "value": to_decimal_string(offer.in_kind_value)}
            ),
        )
    return deal
