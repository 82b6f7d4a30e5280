"""China individual labor-remuneration (劳务报酬) tax estimates of ECONOMICS.md. Pure; CNY fen.

Every rule here is written out with its source in docs/TAX.md, with the worked examples the
tests use. Nothing here reads the clock or the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

# Annual comprehensive-income table, also the cumulative pre-withholding table (预扣率表一):
# (upper bound in fen or None, rate %, quick deduction fen)
ANNUAL_BRACKETS: tuple[tuple[int | None, int, int], ...] = (
    (36_000_00, 3, 0),
    (144_000_00, 10, 2_520_00),
    (300_000_00, 20, 16_920_00),
    (420_000_00, 25, 31_920_00),
    (660_000_00, 30, 52_920_00),
    (960_000_00, 35, 85_920_00),
    (None, 45, 181_920_00),
)
BASIC_DEDUCTION = 60_000_00
MONTHLY_DEDUCTION = 5_000_00  # cumulative withholding: ¥5,000 per counted month
EXPENSE_SHARE = Decimal("0.8")  # 收入额 = 收入 × (1 − 20 %)
EXEMPT_INCOME = 120_000_00  # 公告2023年第32号: no filing at or below this income with a top-up
EXEMPT_TOP_UP = 400_00  # ... or when the top-up is at most this

# The withholding methods of a deal (API.md `withholding`).
PLATFORM_CUMULATIVE = "platform_cumulative"
PER_PAYMENT = "per_payment"
NO_WITHHOLDING = "none"
FOREIGN = "foreign"
METHODS = (PLATFORM_CUMULATIVE, PER_PAYMENT, NO_WITHHOLDING, FOREIGN)
PLATFORM_SOURCES = frozenset({"pgy_invite", "pgy_recruit"})  # paid through 蒲公英
# 公告2025年第16号 is in force from this day: before it a platform withheld per 次 (W1), and its
# cumulative count for 2025 starts with October (docs/TAX.md W2).
PLATFORM_CUMULATIVE_FROM = date(2025, 10, 1)


def default_withholding(source: str | None, currency: str | None) -> str:
    """The default of deals and offers: 蒲公英 → cumulative, other CNY → per 次, else foreign."""
    if currency is not None and currency.upper() != "CNY":
        return FOREIGN
    if source in PLATFORM_SOURCES:
        return PLATFORM_CUMULATIVE
    return PER_PAYMENT


def method_for(method: str, currency: str | None) -> str:
    """The method that applies: a PRC payer's table never applies to another currency's amounts.

    The estimate treats every non-CNY payment as foreign income (W4); offers do the same, so a
    dollar offer marked per_payment or platform_cumulative is foreign (nothing withheld).
    """
    if currency is not None and currency.upper() != "CNY" and method != NO_WITHHOLDING:
        return FOREIGN
    return method


def _round_fen(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def base_of(gross: int, platform_fee: int, agency_fee: int) -> int:
    """What the payer pays the creator, the base of withholding: gross − platform fee − cut."""
    return max(0, gross - platform_fee - agency_fee)


def vat_on(base: int, rate_bp: int) -> int:
    """VAT inside an invoiced (代开发票, VAT-inclusive) amount at `rate_bp` basis points."""
    if base <= 0 or rate_bp <= 0:
        return 0
    return _round_fen(Decimal(base) * rate_bp / (10_000 + rate_bp))


def withholding(base: int) -> int:
    """Tax withheld on one 次 whose base is `base` fen: 3,000 -> 440.00; 10,000 -> 1,600."""
    if base <= 800_00:
        return 0
    taxable = Decimal(base - 800_00) if base <= 4_000_00 else Decimal(base) * EXPENSE_SHARE
    if taxable <= 20_000_00:
        tax = taxable * Decimal("0.2")
    elif taxable <= 50_000_00:
        tax = taxable * Decimal("0.3") - 2_000_00
    else:
        tax = taxable * Decimal("0.4") - 7_000_00
    return _round_fen(tax)


def _table(taxable: Decimal) -> int:
    for upper, rate, quick in ANNUAL_BRACKETS:
        if upper is None or taxable <= upper:
            return max(0, _round_fen(taxable * rate / 100 - quick))
    raise AssertionError("unreachable")  # pragma: no cover


def annual_tax(taxable: int) -> int:
    return _table(Decimal(taxable))


def cumulative_due(cumulative_base: int, months: int) -> int:
    """Tax due to date under cumulative withholding: (Σ base × 80 % − 5,000 × months) × table."""
    taxable = Decimal(cumulative_base) * EXPENSE_SHARE - MONTHLY_DEDUCTION * months
    return 0 if taxable <= 0 else _table(taxable)


def counted_months(months_with_income: Iterable[int], month: int) -> int:
    """Months of continuous income from one platform this year, up to and including `month`.

    The run counts back from `month` through consecutive calendar months with income; a month
    without income ends it (docs/TAX.md, "months without income"). `month` itself counts.
    """
    have = set(months_with_income) | {month}
    count = 0
    while month - count >= 1 and (month - count) in have:
        count += 1
    return count


@dataclass(frozen=True)
class Context:
    """How the payer of a new amount withholds, and what came before it this year.

    per_payment: `same_time_base` is the base already paid in the same 次 (one deal, one month);
    platform_cumulative: `ytd_base` is this year's base from the platform before, `months` the
    counted months including this one, `withheld_before` what the platform withheld so far.
    """

    method: str = PER_PAYMENT
    same_time_base: int = 0
    ytd_base: int = 0
    months: int = 1
    withheld_before: int = 0

    def after(self, amount: int) -> Context:
        """The context of a further amount paid in the same 次 (or month) after `amount`."""
        if self.method == PLATFORM_CUMULATIVE:
            return Context(
                self.method,
                ytd_base=self.ytd_base + amount,
                months=self.months,
                withheld_before=self.withheld_before + self.tax_on(amount),
            )
        if self.method == PER_PAYMENT:
            return Context(self.method, same_time_base=self.same_time_base + amount)
        return self

    def tax_on(self, amount: int) -> int:
        """What the payer withholds on `amount` more (fen, ≥ 0)."""
        if amount <= 0 or self.method in (NO_WITHHOLDING, FOREIGN):
            return 0
        if self.method == PLATFORM_CUMULATIVE:
            due = cumulative_due(self.ytd_base + amount, self.months)
            return max(0, due - self.withheld_before)
        before = self.same_time_base
        return withholding(before + amount) - withholding(before)


@dataclass(frozen=True, slots=True)
class TaxPayment:
    """One payment as the tax rules see it. `platform` keys cumulative withholding."""

    payment_id: int
    deal_id: int
    method: str
    platform: str
    received_on: date
    base: int


def expected_withholdings(payments: Sequence[TaxPayment]) -> dict[int, int]:
    """Per payment id, what its payer should withhold, by the deal's method.

    per_payment: the 次 is one deal in one calendar month; each payment carries the growth of
    the 次's tax. platform_cumulative: per platform and year, each payment carries the growth of
    the cumulative tax due, never negative (a platform does not refund during the year).
    """
    ordered = sorted(payments, key=lambda p: (p.received_on, p.payment_id))
    same_time: dict[tuple[int, int, int], int] = {}
    ytd: dict[tuple[str, int], int] = {}
    withheld: dict[tuple[str, int], int] = {}
    months: dict[tuple[str, int], set[int]] = {}
    out: dict[int, int] = {}
    for p in ordered:
        year, month = p.received_on.year, p.received_on.month
        method = p.method
        if method == PLATFORM_CUMULATIVE and p.received_on < PLATFORM_CUMULATIVE_FROM:
            method = PER_PAYMENT  # before 公告2025年第16号: per 次
        if method == PER_PAYMENT:
            key = (p.deal_id, year, month)
            ctx = Context(PER_PAYMENT, same_time_base=same_time.get(key, 0))
            same_time[key] = same_time.get(key, 0) + p.base
        elif method == PLATFORM_CUMULATIVE:
            pkey = (p.platform, year)
            seen = months.setdefault(pkey, set())
            ctx = Context(
                PLATFORM_CUMULATIVE,
                ytd_base=ytd.get(pkey, 0),
                months=counted_months(seen, month),
                withheld_before=withheld.get(pkey, 0),
            )
            seen.add(month)
            ytd[pkey] = ytd.get(pkey, 0) + p.base
        else:
            ctx = Context(method)
        tax = ctx.tax_on(p.base)
        if method == PLATFORM_CUMULATIVE:
            pkey = (p.platform, year)
            withheld[pkey] = withheld.get(pkey, 0) + tax
        out[p.payment_id] = tax
    return out


@dataclass(frozen=True)
class Reconciliation:
    counted_income: int
    taxable_income: int
    annual_tax: int
    prepaid: int
    refund: int  # negative: a top-up is due
    income: int = 0  # 收入: salary + Σ base (before the 20 % expense deduction)


def reconcile(
    *,
    salary: int,
    labor_gross: int,
    deductions: int,
    salary_tax_prepaid: int,
    labor_tax_withheld: int,
) -> Reconciliation:
    """Year-end estimate: counted = salary + 80% of labor base; refund = prepaid − tax.

    `labor_gross` is the labor-remuneration base in CNY (after fees and cuts, foreign income at
    its CNY value).
    """
    counted = salary + _round_fen(Decimal(labor_gross) * EXPENSE_SHARE)
    taxable = max(0, counted - BASIC_DEDUCTION - deductions)
    tax = annual_tax(taxable)
    prepaid = salary_tax_prepaid + labor_tax_withheld
    return Reconciliation(counted, taxable, tax, prepaid, prepaid - tax, salary + labor_gross)


# Why filing is or is not required (codes; the pages translate them).
FILE_UNDERWITHHELD = "underwithheld"  # a payer withheld less than it should: exemption lost
FILE_FOREIGN = "foreign_income"  # foreign income must be declared
FILE_TOP_UP = "top_up"  # a top-up above the exemption
FILE_REFUND = "refund"  # not required, but filing gets money back
EXEMPT_SMALL_INCOME = "exempt_income"  # income ≤ 120,000 with a top-up
EXEMPT_SMALL_TOP_UP = "exempt_top_up"  # top-up ≤ 400
NOTHING_DUE = "nothing_due"  # prepaid equals the tax


@dataclass(frozen=True)
class Filing:
    required: bool
    reasons: list[str] = field(default_factory=list)
    refund: int = 0  # what filing gets back (0 when none)
    top_up: int = 0  # what is owed at year end (0 when none)


def filing(rec: Reconciliation, *, underwithheld: bool, foreign_income: bool) -> Filing:
    """Annual filing (公告2023年第32号, 2024–2027) and whether it pays to file anyway."""
    top_up = max(0, -rec.refund)
    refund = max(0, rec.refund)
    reasons: list[str] = []
    if foreign_income:
        reasons.append(FILE_FOREIGN)
    if top_up > 0:
        exempt = rec.income <= EXEMPT_INCOME or top_up <= EXEMPT_TOP_UP
        if foreign_income:
            reasons.append(FILE_TOP_UP)  # she files for the foreign income: the top-up is paid
        elif exempt and underwithheld:
            reasons.append(FILE_UNDERWITHHELD)
        elif exempt:
            reasons.append(
                EXEMPT_SMALL_INCOME if rec.income <= EXEMPT_INCOME else EXEMPT_SMALL_TOP_UP
            )
        else:
            reasons.append(FILE_TOP_UP)
    elif refund > 0:
        reasons.append(FILE_REFUND)
    else:
        reasons.append(NOTHING_DUE)
    required = bool({FILE_FOREIGN, FILE_UNDERWITHHELD, FILE_TOP_UP} & set(reasons))
    return Filing(required, reasons, refund, top_up)


@dataclass(frozen=True, slots=True)
class DealShare:
    """A deal of the year, for sharing the year-end refund: its CNY base this year and figures."""

    deal_id: int
    base: int
    net_income: int
    minutes: int


def refund_shares(deals: Sequence[DealShare], refund: int) -> dict[int, int]:
    """The estimated refund (negative: top-up) shared over the deals by base, to the fen.

    Largest remainders, so the shares add up to `refund` exactly.
    """
    total = sum(max(0, d.base) for d in deals)
    if total <= 0 or refund == 0:
        return {d.deal_id: 0 for d in deals}
    sign = 1 if refund > 0 else -1
    amount = abs(refund)
    raw = [(d.deal_id, amount * max(0, d.base)) for d in deals]
    shares = {k: v // total for k, v in raw}
    left = amount - sum(shares.values())
    for k, _v in sorted(raw, key=lambda kv: (-(kv[1] % total), kv[0]))[:left]:
        shares[k] += 1
    return {k: sign * v for k, v in shares.items()}


def reconciled_hourly(deals: Sequence[DealShare], refund: int) -> tuple[int, Decimal | None]:
    """(net income after the year-end refund or top-up, effective hourly after it, per hour).

    The hourly rate is a ratio of sums over deals with hours (ECONOMICS.md), each deal's net
    income moved by its share of the refund; None without hours.
    """
    shares = refund_shares(deals, refund)
    timed = [d for d in deals if d.minutes > 0]
    net = sum(d.net_income + shares[d.deal_id] for d in deals)
    if not timed:
        return net, None
    minutes = sum(d.minutes for d in timed)
    timed_net = sum(d.net_income + shares[d.deal_id] for d in timed)
    rate = (Decimal(timed_net) * 60 / minutes / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return net, rate


def _hourly(net: int, minutes: int) -> Decimal:
    """Σ net income (fen) per hour over `minutes` (> 0): major units, to the cent (R1)."""
    return (Decimal(net) * 60 / minutes / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass(frozen=True)
class YearSums:
    """A year's sums over the deals with a CNY payment that year (and its foreign payments'
    entered CNY values): what the reconciliation and the rates of R1 need, without the deals.

    `base` is the year's Σ base of CNY payments, `net_income` Σ of those deals' net income;
    `timed_*` the same over the deals with hours (`timed_minutes` their minutes).
    """

    deals: int = 0
    base: int = 0
    tax_withheld: int = 0
    net_income: int = 0
    timed_deals: int = 0
    timed_base: int = 0
    timed_net_income: int = 0
    timed_minutes: int = 0
    foreign_cny: int = 0

    def reconcile(self, *, salary: int, deductions: int, salary_tax_prepaid: int) -> Reconciliation:
        return reconcile(
            salary=salary,
            labor_gross=self.base + self.foreign_cny,
            deductions=deductions,
            salary_tax_prepaid=salary_tax_prepaid,
            labor_tax_withheld=self.tax_withheld,
        )

    def cash_hourly(self) -> Decimal | None:
        """The cash effective hourly of these deals (tax as withheld); None without hours."""
        if self.timed_minutes <= 0:
            return None
        return _hourly(self.timed_net_income, self.timed_minutes)

    def reconciled(self, refund: int) -> tuple[int, Decimal | None] | None:
        """reconciled_hourly() of these deals from their sums alone, or None when the sums do
        not decide it.

        The net income after the refund is exact: the shares add up to the refund. The
        deals with hours get their share of it, to the fen by largest remainders: that is
        the proportional share U = refund × timed base / base, moved by less than one fen per
        deal, and by at most as many fen as there are deals on the smaller side (with or
        without hours), since the two sides' shares add up to the refund. When the rate
        rounds to the same cent at both ends of that range, it is the rate; otherwise the
        caller shares the refund deal by deal.
        """
        shared = self.base > 0 and refund != 0
        net = self.net_income + (refund if shared else 0)
        if self.timed_deals <= 0 or self.timed_minutes <= 0:
            return net, None
        if not shared:
            return net, _hourly(self.timed_net_income, self.timed_minutes)
        sign = 1 if refund > 0 else -1
        amount = abs(refund)
        slack = min(self.timed_deals, self.deals - self.timed_deals)
        # Floor and ceiling of U − slack and U + slack, in integers (U = amount × tb / base).
        low = -((-(amount * self.timed_base - slack * self.base)) // self.base)
        high = (amount * self.timed_base + slack * self.base) // self.base
        low, high = max(0, low), min(amount, high)
        rates = {
            _hourly(self.timed_net_income + sign * share, self.timed_minutes)
            for share in (low, high)
        }
        if len(rates) != 1:
            return None
        return net, rates.pop()
