"""Counter-offer messages, ready to paste into a DM, in Chinese and in English."""

from __future__ import annotations

from typing import Protocol

from app.i18n import Translator
from app.ledger import enums
from app.negotiation.offer import Evaluation


class Terms(Protocol):
    """What a draft says of usage rights, paid boosting and exclusivity: the rate card's
    percentages (a RateCard, or app.negotiation.service.DraftTerms kept per ledger version)."""

    @property
    def usage_rights_pct(self) -> int: ...

    @property
    def paid_boost_pct(self) -> int: ...

    @property
    def exclusivity_pct(self) -> int: ...


def proposed_fee(result: Evaluation) -> int:
    """What to ask for: the suggested fee, never less than what was offered."""
    return max(result.offer.fee, result.suggested_fee or 0)


# Chinese counts things with a measure word of their own.
ZH_MEASURE = {
    "image_note": "篇",
    "video_note": "条",
    "live": "场",
    "roundup": "篇",
    "store_visit": "次",
    "asset_license": "份",
    "other": "项",
}


def _item(t: Translator, kind: str, quantity: int) -> str:
    label = t.label(enums.DeliverableKind, kind)
    if t.locale == "zh-CN":
        return f"{quantity} {ZH_MEASURE.get(kind, '项')}{label}"
    return f"{quantity} {label.lower()}{'s' if quantity > 1 else ''}"


def _price(t: Translator, minor: int, currency: str) -> str:
    """A price as people write it in a chat: ¥3,050 (cents only when there are some)."""
    if currency != "CNY":
        return t.money(minor, currency)
    whole, cents = divmod(minor, 100)
    return f"¥{whole:,}" + (f".{cents:02d}" if cents else "")


def draft(t: Translator, result: Evaluation, card: Terms) -> str:
    offer = result.offer
    joiner = "、" if t.locale == "zh-CN" else " and "
    mix = joiner.join(_item(t, kind, quantity) for kind, quantity in offer.deliverables)
    rounds = offer.included_revision_rounds if offer.included_revision_rounds is not None else 1
    days = min(offer.payment_days, 30) if offer.payment_days is not None else 30
    parts = [
        t.gettext("Hi! Thank you for thinking of me, I'd love to work on this."),
        t.ngettext(
            "For %(mix)s my fee is %(fee)s, including %(num)s round of revisions.",
            "For %(mix)s my fee is %(fee)s, including %(num)s rounds of revisions.",
            rounds,
            mix=mix,
            fee=_price(t, proposed_fee(result), offer.currency),
        ),
    ]
    if result.extra_round_price:
        parts.append(
            t.gettext(
                "Each further round is %(price)s.",
                price=_price(t, result.extra_round_price, offer.currency),
            )
        )
    parts.append(t.gettext("Payment within %(days)s days of the post going live.", days=days))
    if offer.paid_boost_allowed or (offer.usage_rights_days or 0) > 0:
        pct = max(card.usage_rights_pct, card.paid_boost_pct if offer.paid_boost_allowed else 0)
        parts.append(
            t.gettext(
                "Using the content in paid promotion or beyond the post itself "
                "adds %(pct)s%% to the fee.",
                pct=pct,
            )
        )
    if (offer.exclusivity_days or 0) > 0:
        parts.append(
            t.gettext(
                "Exclusivity for %(days)s days adds %(pct)s%%.",
                days=offer.exclusivity_days,
                pct=card.exclusivity_pct,
            )
        )
    if offer.fee == 0 and offer.in_kind_value:
        parts.append(
            t.gettext(
                "I'm happy to keep the product as well, but I can't take on "
                "sponsored work for product alone."
            )
        )
    parts.append(t.gettext("If that works for you, I'll get started right away!"))
    return ("" if t.locale == "zh-CN" else " ").join(parts)
