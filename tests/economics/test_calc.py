"""ECONOMICS.md per deal and over many deals: the worked example, tables and properties."""

from __future__ import annotations

import os
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.economics import calc
from app.economics.calc import (
    DealInputs,
    InKindItem,
    PaymentItem,
    Totals,
    WorkItem,
    deal_economics,
    deal_figures,
    paid_in_full_on,
    value_of_minutes,
)
from tests.conftest import examples

TODAY = date(2026, 6, 1)

WORKED = DealInputs(
    status="paid",
    agreed_fee=300000,
    included_revision_rounds=1,
    delivered_on=date(2026, 4, 1),
    payment_due_on=date(2026, 5, 1),
    work=[
        WorkItem(120, "shooting"),
        WorkItem(90, "editing"),
        WorkItem(60, "revision", 1),
        WorkItem(45, "revision", 2),
        WorkItem(30, "payment_chasing", unpaid=True),
    ],
    payments=[PaymentItem(300000, date(2026, 4, 20), platform_fee=30000, tax_withheld=44000)],
    expenses=[15000],
    in_kind=[InKindItem(39900, kept=True)],
)


def test_the_worked_example() -> None:
    e = deal_economics(WORKED, target_hourly=20000, today=TODAY)
    assert e.minutes_total == 345 and e.hours_total == Decimal("5.75")
    assert e.minutes_unpaid == 75 and e.hours_unpaid == Decimal("1.25")
    assert e.hours_paid == Decimal("4.50")
    assert e.net_received == 226000 and e.net_income == 211000
    assert e.effective_hourly == Decimal("366.96")
    assert e.effective_hourly_with_in_kind == Decimal("436.35")
    assert e.nominal_hourly == Decimal("666.67")
    assert e.hidden_labor_share == Decimal("0.22")
    assert e.unpaid_value == 25000
    assert e.revision_rounds == 2 and e.extra_revision_rounds == 1
    assert e.outstanding == 0 and e.overdue is False and e.days_overdue is None
    assert e.paid_in_full_on == date(2026, 4, 20) and e.days_to_payment == 19


@pytest.mark.parametrize(
    ("deal", "field", "expected"),
    [
        (DealInputs(status="lead"), "effective_hourly", None),
        (DealInputs(status="lead"), "hidden_labor_share", None),
        (DealInputs(status="lead", work=[WorkItem(60, "shooting")]), "nominal_hourly", None),
        (
            DealInputs(status="lead", agreed_fee=100, work=[WorkItem(60, "x", unpaid=True)]),
            "nominal_hourly",
            None,
        ),
        (DealInputs(status="cancelled", work=[WorkItem(60, "shooting")]), "minutes_unpaid", 60),
        (
            DealInputs(
                status="cancelled", work=[WorkItem(60, "shooting")], in_kind=[InKindItem(100)]
            ),
            "minutes_unpaid",
            0,
        ),
        (
            DealInputs(
                status="cancelled",
                work=[WorkItem(60, "shooting")],
                in_kind=[InKindItem(100, kept=False)],
            ),
            "minutes_unpaid",
            60,
        ),
        (DealInputs(status="cancelled", agreed_fee=5000), "outstanding", 0),
        (DealInputs(status="delivered"), "outstanding", 0),
        (
            DealInputs(
                status="delivered", agreed_fee=5000, payments=[PaymentItem(2000, date(2026, 1, 1))]
            ),
            "outstanding",
            3000,
        ),
        (
            DealInputs(
                status="delivered", agreed_fee=5000, payments=[PaymentItem(9000, date(2026, 1, 1))]
            ),
            "outstanding",
            0,
        ),
        (
            DealInputs(
                status="delivered", agreed_fee=5000, payment_due_on=TODAY - timedelta(days=9)
            ),
            "days_overdue",
            9,
        ),
        (DealInputs(status="delivered", agreed_fee=5000, payment_due_on=TODAY), "overdue", False),
        (
            DealInputs(
                status="paid", included_revision_rounds=0, work=[WorkItem(30, "revision", 1)]
            ),
            "minutes_unpaid",
            30,
        ),
        (
            DealInputs(
                status="paid",
                agreed_fee=100,
                delivered_on=date(2026, 3, 10),
                payments=[PaymentItem(100, date(2026, 3, 1))],
            ),
            "days_to_payment",
            -9,
        ),
    ],
)
def test_rules(deal: DealInputs, field: str, expected: object) -> None:
    assert getattr(deal_economics(deal, target_hourly=None, today=TODAY), field) == expected


def test_paid_in_full_orders_by_date_then_id() -> None:
    payments = [
        PaymentItem(50, date(2026, 3, 5), id=2),
        PaymentItem(50, date(2026, 3, 1), id=9),
        PaymentItem(50, date(2026, 3, 5), id=1),
    ]
    assert paid_in_full_on(100, payments) == date(2026, 3, 5)
    assert paid_in_full_on(151, payments) is None
    assert paid_in_full_on(None, payments) is None


def test_rounding_is_half_up_once() -> None:
    assert value_of_minutes(1, 150) == 3  # 2.5 fen rounds up
    e = deal_economics(
        DealInputs(
            status="paid", work=[WorkItem(60, "x")], payments=[PaymentItem(1, date(2026, 1, 1))]
        ),
        target_hourly=None,
        today=TODAY,
    )
    assert e.effective_hourly == Decimal("0.01")


# --- properties ------------------------------------------------------------------------------
work_items = st.builds(
    WorkItem,
    minutes=st.integers(1, 1440),
    activity=st.sampled_from(["shooting", "editing", "revision", "negotiation"]),
    revision_round=st.integers(1, 5),
    unpaid=st.booleans(),
).map(lambda w: w if w.activity == "revision" else WorkItem(w.minutes, w.activity, None, w.unpaid))
payments = st.builds(
    PaymentItem,
    gross=st.integers(0, 10**7),
    received_on=st.dates(date(2025, 1, 1), date(2026, 12, 31)),
    id=st.integers(1, 10**6),
).map(
    lambda p: PaymentItem(p.gross, p.received_on, p.gross // 10, p.gross // 5, p.gross // 7, p.id)
)
deals = st.builds(
    DealInputs,
    status=st.sampled_from(["lead", "delivered", "paid", "cancelled"]),
    currency=st.sampled_from(["CNY", "USD"]),
    agreed_fee=st.one_of(st.none(), st.integers(0, 10**7)),
    included_revision_rounds=st.integers(0, 3),
    delivered_on=st.one_of(st.none(), st.dates(date(2025, 1, 1), date(2026, 12, 31))),
    payment_due_on=st.one_of(st.none(), st.dates(date(2025, 1, 1), date(2026, 12, 31))),
    work=st.lists(work_items, max_size=8),
    payments=st.lists(payments, max_size=4),
    expenses=st.lists(st.integers(0, 10**5), max_size=3),
    in_kind=st.lists(
        st.builds(InKindItem, value=st.integers(0, 10**5), kept=st.booleans()), max_size=2
    ),
)


def _totals(ledger: list[DealInputs], target: int | None) -> dict[str, Totals]:
    out: dict[str, Totals] = {}
    for deal in ledger:
        e = deal_economics(deal, target_hourly=target, today=TODAY)
        out.setdefault(deal.currency, Totals(deal.currency)).add(
            deal_figures(deal), overdue=e.overdue, unpaid_value=e.unpaid_value
        )
    return out


@settings(max_examples=examples(300))
@given(deals, st.randoms())
def test_order_of_entries_never_matters(deal: DealInputs, rnd: object) -> None:
    shuffled = DealInputs(
        **{
            **deal.__dict__,
            "work": list(reversed(deal.work)),
            "payments": list(reversed(deal.payments)),
            "expenses": list(reversed(deal.expenses)),
        }
    )
    assert deal_economics(deal, target_hourly=100, today=TODAY) == deal_economics(
        shuffled, target_hourly=100, today=TODAY
    )


@settings(max_examples=examples(300))
@given(deals, st.integers(1, 600))
def test_adding_unpaid_work_never_raises_the_effective_rate(deal: DealInputs, minutes: int) -> None:
    before = deal_economics(deal, target_hourly=None, today=TODAY)
    more = DealInputs(
        **{**deal.__dict__, "work": [*deal.work, WorkItem(minutes, "other", unpaid=True)]}
    )
    after = deal_economics(more, target_hourly=None, today=TODAY)
    # (A loss spread over more hours is a smaller loss per hour: the rule is for net ≥ 0.)
    if before.effective_hourly is not None and before.net_income >= 0:
        assert after.effective_hourly is not None
        assert after.effective_hourly <= before.effective_hourly
    assert after.minutes_unpaid >= before.minutes_unpaid


@settings(
    max_examples=int(os.environ.get("KOCLEDGER_MONEY_EXAMPLES") or examples(200)), deadline=None
)
@given(st.lists(deals, max_size=12), st.one_of(st.none(), st.integers(0, 100000)))
def test_breakdowns_sum_to_totals_and_currencies_never_mix(
    ledger: list[DealInputs], target: int | None
) -> None:
    totals = _totals(ledger, target)
    by_status: dict[str, list[DealInputs]] = {}
    for deal in ledger:
        by_status.setdefault(deal.status, []).append(deal)
    parts = [_totals(group, target) for group in by_status.values()]
    for currency, total in totals.items():
        same = [p[currency] for p in parts if currency in p]
        for name in (
            "deals",
            "minutes_total",
            "minutes_unpaid",
            "net_income",
            "outstanding",
            "overdue_count",
            "in_kind_value",
        ):
            assert sum(getattr(p, name) for p in same) == getattr(total, name)
        assert total.deals == sum(1 for d in ledger if d.currency == currency)
    assert sum(t.deals for t in totals.values()) == len(ledger)


@settings(max_examples=examples(200))
@given(st.lists(deals, min_size=1, max_size=12))
def test_many_deal_rate_is_a_ratio_of_sums(ledger: list[DealInputs]) -> None:
    for currency, total in _totals(ledger, None).items():
        rated = [
            deal_figures(d)
            for d in ledger
            if d.currency == currency and deal_figures(d).minutes_total > 0
        ]
        if not rated:
            assert total.effective_hourly is None
            continue
        num = sum(f.net_income for f in rated)
        den = sum(f.minutes_total for f in rated)
        expected = (Decimal(num) * 60 / (Decimal(den) * 100)).quantize(
            Decimal("0.01"), "ROUND_HALF_UP"
        )
        assert total.effective_hourly == expected


@settings(max_examples=2000)
@given(
    st.integers(min_value=-(10**12), max_value=10**12),
    st.integers(min_value=-5, max_value=10**7),
)
def test_rate_value_is_the_float_of_the_rounded_rate(money: int, minutes: int) -> None:
    """The own percentiles' integer rate equals float() of the Decimal rate, sign of zero too."""
    exact = calc.rate(money, minutes)
    fast = calc.rate_value(money, minutes)
    if exact is None:
        assert fast is None
        return
    assert fast is not None
    assert repr(fast) == repr(float(exact))


def test_rate_value_rounds_ties_away_from_zero() -> None:
    # 1 fen over 120 minutes: 0.5 cents an hour, a tie; Decimal's half-up rounds it away from 0.
    assert calc.rate_value(1, 120) == 0.01 == float(calc.rate(1, 120) or 0)
    assert calc.rate_value(-1, 120) == -0.01 == float(calc.rate(-1, 120) or 0)
    assert repr(calc.rate_value(-1, 121)) == "-0.0" == repr(float(Decimal("-0.00")))
    assert calc.rate(-1, 121) == Decimal("-0.00")
