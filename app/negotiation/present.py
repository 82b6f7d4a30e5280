"""An evaluation as JSON (API) and as words (red-flag messages), in the user's language."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from app.i18n import Translator
from app.i18n_markers import N_
from app.ledger import enums
from app.money import to_decimal_string
from app.negotiation.drafts import Terms, draft
from app.negotiation.offer import Evaluation, Flag, Offer
from app.negotiation.schemas import OfferIn

# The pure offer check names its flags by code with their figures; the words are chosen here, in the
# reader's language, so the check itself stays free of text.
FLAG_MESSAGES = {
    "unlimited_revisions": N_("Revisions are unlimited or unspecified: agree a number."),
    "long_payment_terms": N_(
        "Payment is due more than 60 days after posting, or no date is given."
    ),
    "unpaid_usage_rights": N_("They want usage rights or paid boosting without paying for it."),
    "exclusivity": N_("Exclusivity for %(days)s days keeps you from other brands."),
    "product_only": N_("Product only: no cash for your work."),
    # (%% is a literal percent sign: these strings are %-formatted)
    "high_agency_cut": N_("The agency keeps %(pct)s%%, more than 30%%."),
    "below_target": N_("At typical hours this pays less than your target hourly rate."),
    "below_history": N_("The fee per unit is below a quarter of your own past deals."),
    "below_benchmark": N_("The fee is below the median of your collective's benchmark."),
}


def flag_message(t: Translator, flag: Flag) -> str:
    return (
        # Without parameters the message is not %-formatted, so its %% stays as written in the
        # catalog.
        t.gettext(FLAG_MESSAGES[flag.code], **flag.params)
        if flag.params
        else t.gettext(FLAG_MESSAGES[flag.code])
    )


def money(value: int | None) -> str | None:
    return None if value is None else to_decimal_string(value)


def to_offer(data: OfferIn, currency: str) -> Offer:
    return Offer(
        deliverables=[(d.kind.value, d.quantity) for d in data.deliverables],
        fee=data.fee,
        # An offer without a currency is in the profile's.
        currency=data.currency or currency,
        in_kind_value=data.in_kind_value,
        compensation=data.compensation.value,
        included_revision_rounds=data.included_revision_rounds,
        platform_fee_pct=data.platform_fee_pct,
        agency_cut_pct=data.agency_cut_pct,
        payment_days=data.payment_days,
        usage_rights_days=data.usage_rights_days,
        paid_boost_allowed=data.paid_boost_allowed,
        exclusivity_days=data.exclusivity_days,
        expenses=data.expenses,
        source=data.source.value if data.source is not None else None,
        withholding=data.withholding.value if data.withholding is not None else None,
    )


def rate(value: Decimal | None) -> str | None:
    # Rates are decimal strings with two places, like money (API.md), so a client never parses a
    # float.
    return None if value is None else f"{value:.2f}"


def evaluation_json(result: Evaluation, t: Translator, card: Terms) -> dict[str, Any]:
    return {
        "currency": result.offer.currency,
        "estimated_hours": {
            # Hours are numbers (API.md): they are estimates, not amounts to add up exactly.
            "typical": float(result.hours.typical),
            "bad": float(result.hours.bad),
            "basis": [
                {
                    "kind": b.kind,
                    "basis": b.source,
                    "deals": b.deals,
                    "typical_per_unit": float(b.typical_per_unit),
                    "bad_per_unit": float(b.bad_per_unit),
                }
                for b in result.hours.basis
            ],
        },
        "withholding": result.withholding,
        "base": money(result.base),
        "expected_withholding": money(result.expected_withholding),
        "expected_net": money(result.expected_net),
        "effective_hourly": {
            "typical": rate(result.effective_hourly_typical),
            "bad": rate(result.effective_hourly_bad),
        },
        "target_hourly": money(result.target_hourly),
        "floor_fee": money(result.floor_fee),
        "suggested_fee": money(result.suggested_fee),
        "extra_round_price": money(result.extra_round_price),
        "percentiles": {
            "fee_per_unit": {
                "value": money(result.fee_per_unit),
                "own": result.fee_position,
                "own_deals": result.fee_history_count,
                "benchmark": None,
            },
            "effective_hourly": {
                "value": rate(result.effective_hourly_typical),
                "own": result.rate_position,
                "own_deals": result.rate_history_count,
                "benchmark": None,
            },
        },
        "red_flags": [{"code": f.code, "message": flag_message(t, f)} for f in result.red_flags],
        "drafts": {
            # Both drafts whatever the caller's language: the brand may write in either.
            "zh": draft(Translator("zh-CN"), result, card),
            "en": draft(Translator("en"), result, card),
        },
    }


def basis_text(t: Translator, result: Evaluation) -> list[str]:
    """Where each hour estimate came from, in words."""
    lines = []
    for b in result.hours.basis:
        kind = t.label(enums.DeliverableKind, b.kind)
        # Her own median when she has enough deals of this kind; else the typical hours, said as
        # such.
        if b.source == "history":
            lines.append(
                t.ngettext(
                    "%(kind)s: median of your %(num)s deal, %(hours)s h per unit",
                    "%(kind)s: median of your %(num)s deals, %(hours)s h per unit",
                    b.deals,
                    kind=kind,
                    hours=t.decimal(b.typical_per_unit, 1),
                )
            )
        else:
            lines.append(
                t.gettext(
                    "%(kind)s: typical %(hours)s h per unit (too few of your own "
                    "deals yet), plus 1.5 h of talking per deal",
                    kind=kind,
                    hours=t.decimal(b.typical_per_unit, 1),
                )
            )
    return lines
