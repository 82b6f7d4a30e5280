"""A polite payment reminder, ready to paste into a DM, in Chinese and in English. Everything it
says is handed in (no clock, no database): amount, days overdue, what was agreed, when delivered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.negotiation.drafts import _item, _price
from app.web.i18n import Translator

CHASE_MINUTES = (5, 10, 15, 30)


@dataclass(frozen=True)
class Chase:
    title: str
    brand: str
    outstanding: int  # minor units still owed
    currency: str
    agreed_fee: int | None
    deliverables: tuple[tuple[str, int], ...]  # (kind, quantity)
    delivered_on: date | None
    payment_due_on: date | None
    days_overdue: int | None


def reminder(t: Translator, chase: Chase) -> str:
    joiner = "、" if t.locale == "zh-CN" else " and "
    mix = joiner.join(_item(t, kind, quantity) for kind, quantity in chase.deliverables)
    parts = [t.gettext("Hi! A quick note about “%(title)s”.", title=chase.title)]
    if chase.delivered_on and mix:
        parts.append(
            t.gettext(
                "I delivered %(mix)s on %(date)s.", mix=mix, date=t.date(chase.delivered_on, "long")
            )
        )
    elif chase.delivered_on:
        parts.append(
            t.gettext("I delivered the work on %(date)s.", date=t.date(chase.delivered_on, "long"))
        )
    if chase.agreed_fee:
        parts.append(
            t.gettext(
                "The agreed fee was %(fee)s.", fee=_price(t, chase.agreed_fee, chase.currency)
            )
        )
    owed = _price(t, chase.outstanding, chase.currency)
    if chase.days_overdue and chase.payment_due_on:
        parts.append(
            t.ngettext(
                "Payment was due on %(date)s; %(owed)s is still outstanding, %(num)s day late.",
                "Payment was due on %(date)s; %(owed)s is still outstanding, %(num)s days late.",
                chase.days_overdue,
                date=t.date(chase.payment_due_on, "long"),
                owed=owed,
            )
        )
    else:
        parts.append(t.gettext("%(owed)s is still outstanding.", owed=owed))
    parts.append(
        t.gettext(
            "Could you check on the payment for me? If you need an invoice or anything else, "
            "just let me know. Thank you!"
        )
    )
    return ("" if t.locale == "zh-CN" else " ").join(parts)


def reminders(chase: Chase) -> dict[str, str]:
    """The reminder in both languages, whichever the creator reads the app in."""
    return {"zh": reminder(Translator("zh-CN"), chase), "en": reminder(Translator("en"), chase)}
