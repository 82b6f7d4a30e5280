"""Each payment's expected withholding is kept in the database (tax_payment) and the year's
set-aside, under-withheld count, VAT and foreign-method count with the year sums: after any
sequence of writes, what the tax page shows is exactly what the full computation from the raw
payments (tax_service.estimate) shows, and the stored rows equal a recount from scratch."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlmodel import Session, col

from app import clock
from app.accounts import service as accounts
from app.demo import fill_demo
from app.economics import rollup, tax_service
from app.economics.models import TaxDealYear, TaxPayment, TaxYear
from app.ledger import service as ledger
from app.ledger.models import Deal, Payment, Profile
from app.ledger.schemas import PaymentCreate
from tests import factories
from tests.conftest import examples
from tests.economics.test_tax_year_sums import _money

YEARS = (2025, 2026)
# Mostly cumulative deals on one platform: their payments share a platform-year.
METHODS = ("platform_cumulative",) * 4 + ("per_payment", "none", "foreign")
PLATFORMS = ("xiaohongshu", "douyin")
KINDS = (
    *("deal", "payment", "payment", "payment", "payment", "payment", "work", "edit"),
    *("drop", "method", "platform", "currency", "invoiced", "vat", "delete"),
)


def shown(page: Any) -> tuple[Any, ...]:
    """Everything the tax page shows of a year (tax_service.TaxPage or TaxEstimate)."""
    full = isinstance(page, tax_service.TaxEstimate)
    payments = page.payments[-50:] if full else page.payments
    return (
        len(page.payments) if full else page.payment_count,
        [
            (
                p.payment_id,
                p.deal_id,
                p.received_on,
                p.gross,
                p.base,
                p.tax_withheld,
                p.withholding,
                p.expected_withholding,
                p.set_aside,
            )
            for p in payments
        ],
        page.foreign,
        page.labor_gross,
        page.labor_tax_withheld,
        page.reconciliation,
        page.filing,
        page.vat,
        page.set_aside,
        page.reconciled() if full else page.reconciled,
        page.cash_hourly() if full else page.cash_hourly,
    )


def agree(db: Session, user_id: int, year: int, fx: dict[str, Any] | None = None) -> None:
    profile = db.execute(select(Profile).where(col(Profile.user_id) == user_id)).scalar_one()
    full = tax_service.estimate(db, user_id=user_id, year=year, profile=profile, fx=fx)
    page = tax_service.page_estimate(db, user_id=user_id, year=year, profile=profile, fx=fx)
    assert shown(page) == shown(full), year


def stored_rows(db: Session, user_id: int) -> list[set[tuple[Any, ...]]]:
    out = []
    for model in (TaxPayment, TaxDealYear, TaxYear):
        table = model.__table__  # type: ignore[attr-defined]
        rows = db.execute(select(table).where(table.c.user_id == user_id)).all()
        if model is TaxYear:
            out.append({tuple(r) for r in rows if any(r[2:])})
        else:
            out.append({tuple(r) for r in rows})
    return out


def _payment(draw: Any) -> dict[str, Any]:
    # Cumulative withholding starts above ¥5,000 a month of the platform's base: mostly more.
    gross = draw(st.one_of(st.integers(1, 900_00), st.integers(5_000_00, 60_000_00)))
    fee = draw(st.integers(0, gross // 3))
    withheld = draw(
        st.sampled_from([0, 0, 1, min(440_00, gross - fee), (gross - fee) // 5, gross - fee])
    )
    return {
        "gross": _money(gross),
        "platform_fee": _money(fee),
        "tax_withheld": _money(max(0, withheld)),
        "received_on": draw(st.dates(date(2025, 9, 1), date(2026, 12, 31))).isoformat(),
    }


def _deal(draw: Any) -> tuple[str, str, str, bool]:
    return (
        draw(st.sampled_from(["CNY", "CNY", "CNY", "USD"])),
        draw(st.sampled_from(METHODS)),
        draw(st.sampled_from(PLATFORMS[1:] * 3 + PLATFORMS)),
        draw(st.booleans()),
    )


@st.composite
def writes(draw: Any) -> list[tuple[str, Any]]:
    deals = draw(st.integers(1, 3))
    ops: list[tuple[str, Any]] = [("deal", _deal(draw)) for _ in range(deals)]
    # Two payments to each deal first, so the deals share platform-years; then any writes.
    ops += [("payment", (index % deals, _payment(draw))) for index in range(2 * deals)]
    for _ in range(draw(st.integers(1, 16))):
        kind = draw(st.sampled_from(KINDS))
        index = draw(st.integers(0, 99))
        if kind == "deal":
            arg: Any = _deal(draw)
        elif kind in ("payment", "edit"):
            arg = (index, _payment(draw))
        elif kind == "method":
            arg = (index, draw(st.sampled_from(METHODS)))
        elif kind == "vat":
            arg = draw(st.sampled_from([0, 100, 300, 600]))
        else:
            arg = index
        ops.append((kind, arg))
    return ops


def run(db: Session, user: Any, brand_id: int, ops: list[tuple[str, Any]]) -> None:
    deals: list[Deal] = []
    for kind, arg in ops:
        if kind == "vat":
            ledger.update_profile(
                db, user_id=user.id, changes={"invoice_vat_pct": Decimal(arg) / 100}
            )
            continue
        if kind == "deal" or not deals:
            currency, method, platform, invoiced = (
                arg if kind == "deal" else ("CNY", METHODS[0], "douyin", True)
            )
            deals.append(
                factories.deal(
                    db,
                    user,
                    brand_id=brand_id,
                    currency=currency,
                    withholding=method,
                    platform=platform,
                    vat_invoiced=invoiced,
                )
            )
            continue
        payments = db.execute(select(Payment).where(col(Payment.user_id) == user.id))
        rows = payments.scalars().all()
        if kind == "payment":
            index, values = arg
            factories.part(db, deals[index % len(deals)], "payments", **values)
        elif kind == "work":
            factories.work(db, deals[arg % len(deals)], minutes=30 + arg)
        elif kind == "edit" and rows:
            index, values = arg
            spec = ledger.PARTS["payments"]
            data = spec.update.model_validate(values)
            ledger.update_part(
                db, spec, rows[index % len(rows)], changes=data.model_dump(exclude_unset=True)
            )
        elif kind == "drop" and rows:
            ledger.delete_part(db, rows[arg % len(rows)])
        elif kind == "method":
            index, method = arg
            ledger.update_deal(db, deals[index % len(deals)], changes={"withholding": method})
        elif kind == "platform":
            deal = deals[arg % len(deals)]
            other = PLATFORMS[1] if deal.platform == PLATFORMS[0] else PLATFORMS[0]
            ledger.update_deal(db, deal, changes={"platform": other})
        elif kind == "currency":
            deal = deals[arg % len(deals)]
            ledger.update_deal(
                db, deal, changes={"currency": "USD" if deal.currency == "CNY" else "CNY"}
            )
        elif kind == "invoiced":
            deal = deals[arg % len(deals)]
            ledger.update_deal(db, deal, changes={"vat_invoiced": not deal.vat_invoiced})
        elif kind == "delete":
            ledger.delete_deal(db, deals.pop(arg % len(deals)))


def test_the_stored_figures_equal_the_full_computation_after_any_writes(
    db: Session, user: Any
) -> None:
    brand_id = factories.brand(db, user).id

    @settings(
        max_examples=examples(100),  # 25 in the suite, 100 in bench.properties
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(ops=writes())
    def check(ops: list[tuple[str, Any]]) -> None:
        for deal in db.execute(select(Deal).where(col(Deal.user_id) == user.id)).scalars().all():
            ledger.delete_deal(db, deal)
        assert stored_rows(db, user.id) == [set(), set(), set()]
        run(db, user, brand_id, ops)
        for year in YEARS:
            agree(db, user.id, year)
        agree(db, user.id, 2026, fx={"USD": Decimal("7.1")})
        # The profile's VAT rate moves the year's VAT of invoiced deals.
        vat = ledger.get_profile(db, user_id=user.id).invoice_vat_bp
        ledger.update_profile(
            db, user_id=user.id, changes={"invoice_vat_pct": Decimal(700 - vat) / 100}
        )
        agree(db, user.id, 2026)
        incremental = stored_rows(db, user.id)
        rollup.rebuild(db, user_id=user.id)
        db.commit()
        assert stored_rows(db, user.id) == incremental

    check()


def test_a_platform_year_moves_when_an_earlier_payment_arrives(db: Session, user: Any) -> None:
    """Cumulative withholding: a payment dated before the others of its platform-year moves
    what the platform should withhold on every later one, on the other deals too."""
    brand_id = factories.brand(db, user).id
    first, second = (
        factories.deal(
            db, user, brand_id=brand_id, withholding="platform_cumulative", platform="douyin"
        )
        for _ in range(2)
    )
    factories.part(db, second, "payments", gross="30000", received_on="2026-05-10")
    agree(db, user.id, 2026)
    page = tax_service.page_estimate(
        db, user_id=user.id, year=2026, profile=ledger.get_profile(db, user_id=user.id)
    )
    before = page.payments[-1].expected_withholding
    factories.part(db, first, "payments", gross="50000", received_on="2026-05-01")
    page = tax_service.page_estimate(
        db, user_id=user.id, year=2026, profile=ledger.get_profile(db, user_id=user.id)
    )
    assert page.payments[-1].deal_id == second.id
    assert page.payments[-1].expected_withholding > before
    agree(db, user.id, 2026)
    ledger.update_deal(db, first, changes={"platform": "bilibili"})
    agree(db, user.id, 2026)
    ledger.delete_deal(db, first)
    agree(db, user.id, 2026)


def test_the_demo_ledger_shows_the_full_computation(db: Session) -> None:
    fill_demo(db, username="mei", deals=300, seed=4, now=clock.utcnow())
    user = accounts.find_user(db, username="mei")
    assert user.id is not None
    year = clock.utcnow().year
    agree(db, user.id, year)
    agree(db, user.id, year - 1)
    deal = (
        db.execute(
            select(Deal).where(
                col(Deal.user_id) == user.id, col(Deal.withholding) == "platform_cumulative"
            )
        )
        .scalars()
        .first()
    )
    assert deal is not None
    ledger.create_part(
        db,
        ledger.PARTS["payments"],
        deal=deal,
        data=PaymentCreate.model_validate(
            {"gross": "9000", "received_on": date(year, 1, 2).isoformat()}
        ),
    )
    agree(db, user.id, year)
