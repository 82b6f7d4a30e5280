"""CSV exports (UTF-8 with BOM, so Excel and WPS read Chinese) and the iCalendar feed."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from app.economics import calc
from app.economics import service as economics
from app.economics.models import DealFiguresRow
from app.economics.serialize import figure_value
from app.i18n import Translator
from app.ledger import enums
from app.ledger.models import Agency, Brand, Deal, Deliverable, Payment, WorkEntry
from app.money import to_decimal_string
from app.validation import DATE_MAX, DATE_MIN

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def safe_cell(value: Any) -> Any:
    """A cell Excel and WPS will not run as a formula (OWASP "CSV injection"): text starting
    with = + - @ tab or CR gets a leading quote, shown as text. Numbers stay numbers: money is
    written as text such as "-12.50", which must still sum in a spreadsheet."""
    if value is None:
        return ""
    live = isinstance(value, str) and value.startswith(FORMULA_START)
    if live and not PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(v) for v in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


DEAL_COLUMNS = (
    "effective_hourly",
    "effective_hourly_with_in_kind",
    "nominal_hourly",
    "hidden_labor_share",
    "hours_total",
    "hours_unpaid",
    "gross_received",
    "fees",
    "tax_withheld",
    "net_received",
    "expenses",
    "net_income",
    "in_kind_value",
    "unpaid_value",
    "outstanding",
    "days_overdue",
    "revision_rounds",
    "extra_revision_rounds",
    "paid_in_full_on",
    "days_to_payment",
)


def _scoped(
    stmt: Any,
    *,
    user_id: int,
    start: date | None,
    end: date | None,
    status: str | None,
    query: str | None,
) -> Any:
    stmt = stmt.where(*economics.scope(user_id, start, end))
    if status:
        stmt = stmt.where(col(Deal.status) == status)
    if query:
        like = f"%{query.strip().lower()}%"
        from sqlalchemy import func, or_

        stmt = stmt.where(
            or_(func.lower(col(Deal.title)).like(like), func.lower(col(Brand.name)).like(like))
        )
    return stmt


def deals_csv(
    session: Session,
    t: Translator,
    *,
    user_id: int,
    start: date | None,
    end: date | None,
    status: str | None,
    query: str | None,
    target_hourly: int | None,
    today: date,
) -> bytes:
    economics.ensure_figures(session, user_id=user_id)
    stmt = (
        select(Deal, col(Brand.name), col(Agency.name), DealFiguresRow)
        .join(Brand, col(Brand.id) == col(Deal.brand_id))
        .outerjoin(Agency, col(Agency.id) == col(Deal.agency_id))
        .join(DealFiguresRow, col(DealFiguresRow.deal_id) == col(Deal.id))
    )
    stmt = _scoped(stmt, user_id=user_id, start=start, end=end, status=status, query=query)
    _ = t.gettext
    header = [
        _("Deal ID"),
        _("Title"),
        _("Brand"),
        _("Through agency"),
        _("Status"),
        _("Source"),
        _("Compensation"),
        _("Currency"),
        _("Agreed fee"),
        _("Delivered"),
        _("Payment due"),
        *[column_label(t, c) for c in DEAL_COLUMNS],
        _("The brand's message"),
    ]
    rows = []
    for deal, brand, agency, row in session.execute(stmt.order_by(col(Deal.id))).all():
        e = calc.economics_from_figures(
            economics.figures_from_row(row),
            agreed_fee=deal.agreed_fee,
            payment_due_on=deal.payment_due_on,
            target_hourly=target_hourly,
            today=today,
        )
        rows.append(
            [
                deal.id,
                inert_cell(deal.title),
                inert_cell(brand),
                inert_cell(agency or ""),
                t.label(enums.Status, deal.status),
                t.label(enums.Source, deal.source),
                t.label(enums.Compensation, deal.compensation),
                deal.currency,
                figure_value("agreed_fee", deal.agreed_fee),
                deal.delivered_on,
                deal.payment_due_on,
                *[figure_value(c, getattr(e, c)) for c in DEAL_COLUMNS],
                inert_cell(deal.brief_text),
            ]
        )
    return to_csv(header, rows)


def inert_cell(text: str) -> str:
    """Text a brand wrote, made inert for spreadsheets: a leading =, +, -, @ is not a formula.

    Titles and brand or agency names too: a pasted message names the brand (「=HYPERLINK(…)」
    became the brand and the start of the deal's title)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def column_label(t: Translator, name: str) -> str:
    labels = {
        "effective_hourly": t.gettext("Effective hourly"),
        "effective_hourly_with_in_kind": t.gettext("Effective hourly with products"),
        "nominal_hourly": t.gettext("Nominal hourly"),
        "hidden_labor_share": t.gettext("Hidden labor share"),
        "hours_total": t.gettext("Hours worked"),
        "hours_unpaid": t.gettext("Unpaid hours"),
        "gross_received": t.gettext("Received (gross)"),
        "fees": t.gettext("Fees and cuts"),
        "tax_withheld": t.gettext("Tax withheld"),
        "net_received": t.gettext("Net received"),
        "expenses": t.gettext("Expenses"),
        "net_income": t.gettext("Net income"),
        "in_kind_value": t.gettext("Products kept (value)"),
        "unpaid_value": t.gettext("Value of unpaid hours"),
        "outstanding": t.gettext("Still owed"),
        "days_overdue": t.gettext("Days overdue"),
        "revision_rounds": t.gettext("Revision rounds"),
        "extra_revision_rounds": t.gettext("Extra revision rounds"),
        "paid_in_full_on": t.gettext("Paid in full on"),
        "days_to_payment": t.gettext("Days to payment"),
    }
    return labels[name]


def work_csv(
    session: Session, t: Translator, *, user_id: int, start: date | None, end: date | None
) -> bytes:
    stmt = (
        select(WorkEntry, col(Deal.title), col(Deal.included_revision_rounds))
        .join(Deal, col(Deal.id) == col(WorkEntry.deal_id))
        .where(col(WorkEntry.user_id) == user_id)
    )
    if start:
        stmt = stmt.where(col(WorkEntry.worked_on) >= start)
    if end:
        stmt = stmt.where(col(WorkEntry.worked_on) <= end)
    _ = t.gettext
    header = [
        _("Date"),
        _("Deal ID"),
        _("Deal"),
        _("Activity"),
        _("Minutes"),
        _("Revision round"),
        _("Unpaid"),
        _("Note"),
    ]
    rows = []
    for entry, title, included in session.execute(
        stmt.order_by(col(WorkEntry.worked_on), col(WorkEntry.id))
    ).all():
        unpaid = calc.is_unpaid(
            calc.WorkItem(entry.minutes, entry.activity, entry.revision_round, entry.unpaid),
            included,
        )
        rows.append(
            [
                entry.worked_on,
                entry.deal_id,
                inert_cell(title),
                t.label(enums.Activity, entry.activity),
                entry.minutes,
                entry.revision_round,
                _("yes") if unpaid else _("no"),
                entry.note,
            ]
        )
    return to_csv(header, rows)


def payments_csv(
    session: Session, t: Translator, *, user_id: int, start: date | None, end: date | None
) -> bytes:
    stmt = (
        select(Payment, col(Deal.title), col(Deal.currency))
        .join(Deal, col(Deal.id) == col(Payment.deal_id))
        .where(col(Payment.user_id) == user_id)
    )
    if start:
        stmt = stmt.where(col(Payment.received_on) >= start)
    if end:
        stmt = stmt.where(col(Payment.received_on) <= end)
    _ = t.gettext
    header = [
        _("Received on"),
        _("Deal ID"),
        _("Deal"),
        _("Currency"),
        _("Gross amount"),
        _("Platform fee"),
        _("Agency cut"),
        _("Tax withheld"),
        _("Net"),
        _("Method"),
        _("Note"),
    ]
    rows = []
    for p, title, currency in session.execute(
        stmt.order_by(col(Payment.received_on), col(Payment.id))
    ).all():
        net = calc.net_of(p.gross, p.platform_fee + p.agency_fee, p.tax_withheld)
        rows.append(
            [
                p.received_on,
                p.deal_id,
                inert_cell(title),
                currency,
                to_decimal_string(p.gross),
                to_decimal_string(p.platform_fee),
                to_decimal_string(p.agency_fee),
                to_decimal_string(p.tax_withheld),
                to_decimal_string(net),
                t.label(enums.PaymentMethod, p.method),
                p.note,
            ]
        )
    return to_csv(header, rows)


def calendar_url(base_url: str, token: str | None) -> str | None:
    """The address of a private calendar feed (None until one is made)."""
    return None if not token else base_url.rstrip("/") + f"/calendar/{token}.ics"


def calendar_feed(
    session: Session, t: Translator, *, user_id: int, today: date, base_url: str, now: datetime
) -> bytes:
    """Deliverable and deal due dates, expected payments and overdue payments, as all-day events."""
    economics.ensure_figures(session, user_id=user_id)
    from icalendar import Calendar, Event  # only the calendar feed needs it (memory)

    cal = Calendar()
    cal.add("prodid", "-//KOC Ledger//kocledger//")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", t.gettext("KOC Ledger"))
    horizon = today - timedelta(days=180)

    def event(uid: str, day: date, summary: str, deal_id: int) -> None:
        if not DATE_MIN <= day <= DATE_MAX:  # a row stored before dates were checked
            return
        item = Event()
        item.add("uid", f"{uid}@kocledger")
        item.add("dtstamp", now)
        item.add("dtstart", day)
        item.add("dtend", day + timedelta(days=1))
        item.add("summary", summary)
        item.add("url", f"{base_url}/deals/{deal_id}")
        cal.add_component(item)

    deals = session.execute(
        select(Deal, col(Brand.name), col(DealFiguresRow.outstanding))
        .join(Brand, col(Brand.id) == col(Deal.brand_id))
        .join(DealFiguresRow, col(DealFiguresRow.deal_id) == col(Deal.id))
        .where(col(Deal.user_id) == user_id, col(Deal.status) != "cancelled")
    ).all()
    for deal, brand, outstanding in deals:
        assert deal.id is not None
        if deal.due_on and deal.due_on >= horizon and deal.status not in ("delivered", "paid"):
            event(
                f"deal-{deal.id}-due",
                deal.due_on,
                t.gettext("Due: %(brand)s · %(title)s", brand=brand, title=deal.title),
                deal.id,
            )
        if deal.payment_due_on and outstanding > 0:
            amount = t.money(outstanding, deal.currency)
            if deal.payment_due_on < today:
                event(
                    f"deal-{deal.id}-overdue",
                    today,
                    t.gettext(
                        "Overdue payment: %(brand)s owes %(amount)s", brand=brand, amount=amount
                    ),
                    deal.id,
                )
            event(
                f"deal-{deal.id}-payment",
                deal.payment_due_on,
                t.gettext(
                    "Payment expected: %(amount)s from %(brand)s", brand=brand, amount=amount
                ),
                deal.id,
            )
    rows = session.execute(
        select(Deliverable, col(Deal.title), col(Brand.name))
        .join(Deal, col(Deal.id) == col(Deliverable.deal_id))
        .join(Brand, col(Brand.id) == col(Deal.brand_id))
        .where(
            col(Deliverable.user_id) == user_id,
            col(Deliverable.due_on).is_not(None),
            col(Deliverable.posted_on).is_(None),
            col(Deal.status) != "cancelled",
        )
    ).all()
    for deliverable, title, brand in rows:
        if deliverable.due_on >= horizon:
            event(
                f"deliverable-{deliverable.id}-due",
                deliverable.due_on,
                t.gettext(
                    "Post %(kind)s: %(brand)s · %(title)s",
                    kind=t.label(enums.DeliverableKind, deliverable.kind),
                    brand=brand,
                    title=title,
                ),
                deliverable.deal_id,
            )
    return bytes(cal.to_ical())
