"""The formulas of ECONOMICS.md, per deal and over many deals. Pure: no I/O, no clock.

Money is integer minor units; rates and shares are Decimals rounded once, at the end, half-up,
to two places; hours are Decimals (minutes / 60) rounded the same way. None means "cannot be
computed" (no hours, no agreed fee), never zero.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

TWO = Decimal("0.01")


def q2(value: Decimal) -> Decimal:
    return value.quantize(TWO, rounding=ROUND_HALF_UP)


def hours(minutes: int) -> Decimal:
    return q2(Decimal(minutes) / 60)


def rate(money_minor: int, minutes: int) -> Decimal | None:
    """Money per hour in major units: (minor / 100) / (minutes / 60)."""
    if minutes <= 0:
        return None
    return q2(Decimal(money_minor) * 60 / (Decimal(minutes) * 100))


def rate_value(money_minor: int, minutes: int) -> float | None:
    """float(rate(money_minor, minutes)), in integers: the own percentiles read hundreds of
    deals after every write. rate() is money_minor × 60 / minutes cents rounded half-up (away
    from zero on a tie, as Decimal's ROUND_HALF_UP); a whole number of cents over 100 is the
    float nearest the two-place decimal, as float() of that Decimal is."""
    if minutes <= 0:
        return None
    scaled = abs(money_minor) * 120
    cents = (scaled + minutes) // (2 * minutes)  # ⌊x + ½⌋ of x = |money| × 60 / minutes
    return cents / 100 if money_minor >= 0 else -(cents / 100)  # -0.0 as float(Decimal('-0.00'))


def share(part: int, whole: int) -> Decimal | None:
    return None if whole <= 0 else q2(Decimal(part) / Decimal(whole))


def net_of(gross: int, fees: int, tax_withheld: int) -> int:
    """What reaches the creator of a payment (or of a sum of them): the one net formula."""
    return gross - fees - tax_withheld


def percent_of(part: int, whole: int) -> Decimal:
    """part / whole as a percentage to two places (0 for an empty whole), for bars and meters."""
    return Decimal(0) if whole <= 0 else q2(Decimal(100 * part) / Decimal(whole))


def value_of_minutes(minutes: int, hourly_minor: int | None) -> int | None:
    """Minutes at an hourly rate, in minor units, rounded half-up to the unit."""
    if hourly_minor is None:
        return None
    return int((Decimal(minutes) * hourly_minor / 60).quantize(Decimal(1), ROUND_HALF_UP))


@dataclass(frozen=True)
class WorkItem:
    minutes: int
    activity: str
    revision_round: int | None = None
    unpaid: bool = False


@dataclass(frozen=True)
class PaymentItem:
    gross: int
    received_on: date
    platform_fee: int = 0
    agency_fee: int = 0
    tax_withheld: int = 0
    id: int = 0


@dataclass(frozen=True)
class InKindItem:
    value: int
    kept: bool = True


@dataclass(frozen=True)
class DealInputs:
    status: str
    currency: str = "CNY"
    agreed_fee: int | None = None
    included_revision_rounds: int = 1
    delivered_on: date | None = None
    payment_due_on: date | None = None
    work: Sequence[WorkItem] = ()
    payments: Sequence[PaymentItem] = ()
    expenses: Sequence[int] = ()
    in_kind: Sequence[InKindItem] = ()


def inputs_from_rows(
    deal: Mapping[str, Any],
    work: Sequence[Mapping[str, Any]],
    payments: Sequence[Mapping[str, Any]],
    expenses: Sequence[Mapping[str, Any]],
    in_kind: Sequence[Mapping[str, Any]],
    *,
    number_payments: bool = False,
) -> DealInputs:
    """DealInputs from plain column dicts (bulk imports and the demo build rows before any ORM
    object exists). `number_payments` gives payments 1, 2, … in list order, as their ids will
    be once inserted."""
    return DealInputs(
        status=deal["status"],
        currency=deal["currency"],
        agreed_fee=deal["agreed_fee"],
        included_revision_rounds=deal["included_revision_rounds"],
        delivered_on=deal["delivered_on"],
        payment_due_on=deal["payment_due_on"],
        work=[
            WorkItem(w["minutes"], w["activity"], w["revision_round"], w["unpaid"]) for w in work
        ],
        payments=[
            PaymentItem(
                p["gross"],
                p["received_on"],
                p["platform_fee"],
                p["agency_fee"],
                p["tax_withheld"],
                index if number_payments else 0,
            )
            for index, p in enumerate(payments, 1)
        ],
        expenses=[e["amount"] for e in expenses],
        in_kind=[InKindItem(k["value"], k["kept"]) for k in in_kind],
    )


def is_unpaid(item: WorkItem, included_revision_rounds: int) -> bool:
    return item.unpaid or (
        item.activity == "revision"
        and item.revision_round is not None
        and item.revision_round > included_revision_rounds
    )


class NetFromSums:
    """net_received and net_income from the four sums, for one deal or many alike."""

    gross_received: int
    fees: int
    tax_withheld: int
    expenses: int

    @property
    def net_received(self) -> int:
        return net_of(self.gross_received, self.fees, self.tax_withheld)

    @property
    def net_income(self) -> int:
        return self.net_received - self.expenses


@dataclass(frozen=True)
class DealFigures(NetFromSums):
    """The stored, clock-free part of a deal's economics (sums the dashboard adds up)."""

    currency: str
    minutes_total: int
    minutes_unpaid: int
    revision_rounds: int
    extra_revision_rounds: int
    gross_received: int
    fees: int
    tax_withheld: int
    expenses: int
    in_kind_value: int
    outstanding: int
    paid_in_full_on: date | None
    days_to_payment: int | None
    # The minutes of each revision round (revision_minutes()), for the offer check's and the
    # rate card's length of a round, kept on the figures row with the rest.
    revision_minutes: tuple[int, ...] = ()


def revision_minutes(work: Iterable[WorkItem]) -> tuple[int, ...]:
    """The minutes of each revision round of a deal: its revision entries added up per round
    (a round may be logged in several entries; entries without a round number are one round),
    in round order, the round without a number first. Empty when it has no revision entry."""
    by_round: dict[int | None, int] = {}
    for item in work:
        if item.activity == "revision":
            by_round[item.revision_round] = by_round.get(item.revision_round, 0) + item.minutes
    return tuple(by_round[r] for r in sorted(by_round, key=lambda r: -1 if r is None else r))


def deal_figures(deal: DealInputs) -> DealFigures:
    minutes_total = sum(w.minutes for w in deal.work)
    gross = sum(p.gross for p in deal.payments)
    in_kind_value = sum(i.value for i in deal.in_kind if i.kept)
    if deal.status == "cancelled" and gross == 0 and in_kind_value == 0:
        minutes_unpaid = minutes_total
    else:
        minutes_unpaid = sum(
            w.minutes for w in deal.work if is_unpaid(w, deal.included_revision_rounds)
        )
    revision_rounds = max(
        (w.revision_round or 0 for w in deal.work if w.activity == "revision"), default=0
    )
    outstanding = 0
    if deal.status != "cancelled" and deal.agreed_fee is not None:
        outstanding = max(0, deal.agreed_fee - gross)
    paid_on = paid_in_full_on(deal.agreed_fee, deal.payments)
    days_to_payment = None
    if paid_on is not None and deal.delivered_on is not None:
        days_to_payment = (paid_on - deal.delivered_on).days
    return DealFigures(
        currency=deal.currency,
        minutes_total=minutes_total,
        minutes_unpaid=minutes_unpaid,
        revision_rounds=revision_rounds,
        extra_revision_rounds=max(0, revision_rounds - deal.included_revision_rounds),
        gross_received=gross,
        fees=sum(p.platform_fee + p.agency_fee for p in deal.payments),
        tax_withheld=sum(p.tax_withheld for p in deal.payments),
        expenses=sum(deal.expenses),
        in_kind_value=in_kind_value,
        outstanding=outstanding,
        paid_in_full_on=paid_on,
        days_to_payment=days_to_payment,
        revision_minutes=revision_minutes(deal.work),
    )


def paid_in_full_on(agreed_fee: int | None, payments: Iterable[PaymentItem]) -> date | None:
    """The date cumulative gross (by received_on, then id) first reaches the agreed fee."""
    if agreed_fee is None:
        return None
    running = 0
    for payment in sorted(payments, key=lambda p: (p.received_on, p.id)):
        running += payment.gross
        if running >= agreed_fee:
            return payment.received_on
    return None


@dataclass(frozen=True)
class DealEconomics:
    """Every field of ECONOMICS.md "Per deal", by those names."""

    currency: str
    minutes_total: int
    minutes_unpaid: int
    hours_total: Decimal
    hours_unpaid: Decimal
    hours_paid: Decimal
    revision_rounds: int
    extra_revision_rounds: int
    gross_received: int
    fees: int
    tax_withheld: int
    net_received: int
    expenses: int
    in_kind_value: int
    net_income: int
    effective_hourly: Decimal | None
    effective_hourly_with_in_kind: Decimal | None
    nominal_hourly: Decimal | None
    hidden_labor_share: Decimal | None
    unpaid_value: int | None
    outstanding: int
    overdue: bool
    days_overdue: int | None
    paid_in_full_on: date | None
    days_to_payment: int | None
    agreed_fee: int | None = None
    # Invoiced private work (代开发票): the VAT paid on the invoice, its own term beside
    # net_received (which stays what reached the account); None when the deal is not invoiced.
    vat_on_invoice: int | None = None

    @property
    def net_income_after_vat(self) -> int | None:
        return None if self.vat_on_invoice is None else self.net_income - self.vat_on_invoice

    @property
    def unpaid_percent(self) -> Decimal:
        """The unpaid part of the hours meter, in percent of its width."""
        return percent_of(self.minutes_unpaid, self.minutes_total)

    @property
    def paid_percent(self) -> Decimal:
        return percent_of(self.minutes_total - self.minutes_unpaid, self.minutes_total)

    @property
    def below_nominal(self) -> bool:
        """The real rate fell under the rate on paper (shown in red)."""
        return (
            self.effective_hourly is not None
            and self.nominal_hourly is not None
            and self.effective_hourly < self.nominal_hourly
        )


def economics_from_figures(
    figures: DealFigures,
    *,
    agreed_fee: int | None,
    payment_due_on: date | None,
    target_hourly: int | None,
    today: date,
) -> DealEconomics:
    minutes_paid = figures.minutes_total - figures.minutes_unpaid
    overdue = figures.outstanding > 0 and payment_due_on is not None and payment_due_on < today
    return DealEconomics(
        currency=figures.currency,
        minutes_total=figures.minutes_total,
        minutes_unpaid=figures.minutes_unpaid,
        hours_total=hours(figures.minutes_total),
        hours_unpaid=hours(figures.minutes_unpaid),
        # hours_paid = hours_total − hours_unpaid, taken from exact minutes
        hours_paid=hours(minutes_paid),
        revision_rounds=figures.revision_rounds,
        extra_revision_rounds=figures.extra_revision_rounds,
        gross_received=figures.gross_received,
        fees=figures.fees,
        tax_withheld=figures.tax_withheld,
        net_received=figures.net_received,
        expenses=figures.expenses,
        in_kind_value=figures.in_kind_value,
        net_income=figures.net_income,
        effective_hourly=rate(figures.net_income, figures.minutes_total),
        effective_hourly_with_in_kind=rate(
            figures.net_income + figures.in_kind_value, figures.minutes_total
        ),
        nominal_hourly=None if agreed_fee is None else rate(agreed_fee, minutes_paid),
        hidden_labor_share=share(figures.minutes_unpaid, figures.minutes_total),
        unpaid_value=value_of_minutes(figures.minutes_unpaid, target_hourly),
        outstanding=figures.outstanding,
        overdue=overdue,
        days_overdue=(today - payment_due_on).days if overdue and payment_due_on else None,
        paid_in_full_on=figures.paid_in_full_on,
        days_to_payment=figures.days_to_payment,
        agreed_fee=agreed_fee,
    )


def deal_economics(deal: DealInputs, *, target_hourly: int | None, today: date) -> DealEconomics:
    return economics_from_figures(
        deal_figures(deal),
        agreed_fee=deal.agreed_fee,
        payment_due_on=deal.payment_due_on,
        target_hourly=target_hourly,
        today=today,
    )


# --- over many deals -------------------------------------------------------------------------
@dataclass
class Totals(NetFromSums):
    """Sums over the deals in scope, in one currency (never mixed)."""

    currency: str
    deals: int = 0
    deals_without_hours: int = 0
    minutes_total: int = 0
    minutes_unpaid: int = 0
    # The rate's numerator and denominator cover only deals with hours logged.
    rated_net_income: int = 0
    rated_in_kind_value: int = 0
    rated_minutes: int = 0
    gross_received: int = 0
    fees: int = 0
    tax_withheld: int = 0
    expenses: int = 0
    in_kind_value: int = 0
    outstanding: int = 0
    overdue_count: int = 0
    unpaid_value: int | None = None

    def add(self, figures: DealFigures, *, overdue: bool, unpaid_value: int | None) -> None:
        self.deals += 1
        if figures.minutes_total == 0:
            self.deals_without_hours += 1
        else:
            self.rated_net_income += figures.net_income
            self.rated_in_kind_value += figures.in_kind_value
            self.rated_minutes += figures.minutes_total
        self.minutes_total += figures.minutes_total
        self.minutes_unpaid += figures.minutes_unpaid
        self.gross_received += figures.gross_received
        self.fees += figures.fees
        self.tax_withheld += figures.tax_withheld
        self.expenses += figures.expenses
        self.in_kind_value += figures.in_kind_value
        self.outstanding += figures.outstanding
        self.overdue_count += int(overdue)
        if unpaid_value is not None:
            self.unpaid_value = (self.unpaid_value or 0) + unpaid_value

    @property
    def hours_total(self) -> Decimal:
        return hours(self.minutes_total)

    @property
    def hours_paid(self) -> Decimal:
        # From exact minutes, like DealEconomics.hours_paid (not hours_total − hours_unpaid).
        return hours(self.minutes_total - self.minutes_unpaid)

    @property
    def hours_unpaid(self) -> Decimal:
        return hours(self.minutes_unpaid)

    @property
    def effective_hourly(self) -> Decimal | None:
        return rate(self.rated_net_income, self.rated_minutes)

    @property
    def effective_hourly_with_in_kind(self) -> Decimal | None:
        return rate(self.rated_net_income + self.rated_in_kind_value, self.rated_minutes)

    @property
    def hidden_labor_share(self) -> Decimal | None:
        return share(self.minutes_unpaid, self.minutes_total)


def deal_date(delivered_on: date | None, brief_received_on: date | None) -> date | None:
    """A deal's date for period filters: delivered_on, else brief_received_on."""
    return delivered_on or brief_received_on


@dataclass(frozen=True)
class HistoryInputs:
    """What the own percentiles read of a deal, kept on its figures row with its other figures
    (so they read one row per deal by index, no deliverables): its date, whether it counts
    among the priced deals (an agreed fee, not cancelled), its one kind of deliverable and
    units (None and 0 when it has several kinds or none) and its fee per unit, the agreed fee
    divided by the units, rounded down (None unless priced with one kind and units)."""

    filed_on: date | None
    priced: bool
    unit_kind: str | None
    units: int
    unit_fee: int | None


def history_inputs(
    *,
    delivered_on: date | None,
    brief_received_on: date | None,
    agreed_fee: int | None,
    status: str,
    units_by_kind: Mapping[str, int],
) -> HistoryInputs:
    """A deal's HistoryInputs from its columns and the summed quantities of its deliverables
    per kind."""
    priced = agreed_fee is not None and status != "cancelled"
    kind, units = None, 0
    if len(units_by_kind) == 1:
        ((kind, units),) = units_by_kind.items()
    unit_fee = None
    if priced and kind is not None and units and agreed_fee is not None:
        unit_fee = agreed_fee // units
    return HistoryInputs(
        filed_on=deal_date(delivered_on, brief_received_on),
        priced=priced,
        unit_kind=kind,
        units=int(units),
        unit_fee=unit_fee,
    )
