"""Realistic demo ledgers following DOMAIN.md's rough distributions (seeded, repeatable)."""

from __future__ import annotations

import math
import random
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, col, select

from app.accounts import service as accounts
from app.accounts.models import User
from app.economics import calc, rollup
from app.economics.models import DealFiguresRow
from app.economics.service import row_values
from app.economics.tax import default_withholding, withholding
from app.ledger.enums import AgencyKind, Niche
from app.ledger.models import (
    Agency,
    Brand,
    Deal,
    Deliverable,
    Expense,
    InKindItem,
    Payment,
    Profile,
    WorkEntry,
)

DEMO_PASSWORD = "demo-password"  # noqa: S105 - a demo account's documented password
BRANDS = [
    "花西子",
    "完美日记",
    "珀莱雅",
    "薇诺娜",
    "三顿半",
    "元气森林",
    "lululemon",
    "Ubras",
    "蕉下",
    "认养一头牛",
    "王饱饱",
    "钟薛高",
    "观夏",
    "野兽派",
    "小米",
    "徕芬",
    "追觅",
    "名创优品",
    "泡泡玛特",
    "喜茶",
    "瑞幸",
    "Aesop",
    "欧莱雅",
    "雅诗兰黛",
    "La Mer",
    "Keep",
    "霸王茶姬",
    "网易严选",
    "Babycare",
    "卫龙",
]
AGENCIES = [
    ("星芒MCN", "mcn", 30),
    ("种草通告群·小鹿", "broker", 20),
    ("红人说", "agency", 25),
    ("蒲公英服务商A", "agency", 15),
    ("火星文化", "mcn", 35),
    ("私域经纪人阿May", "broker", 40),
]
# Median fee per note (yuan) by follower count, below each bound (DOMAIN.md's rough market).
TIER_FEES = [(1_000, 80), (5_000, 300), (10_000, 700), (50_000, 2_000), (500_000, 6_000)]


def _median_fee(followers: int) -> int:
    for bound, fee in TIER_FEES:
        if followers < bound:
            return fee
    return 15_000


def _pick(rng: random.Random, weighted: list[tuple[Any, float]]) -> Any:
    # Weights need not add up to one: the roll is scaled to their sum.
    roll, acc = rng.random() * sum(w for _, w in weighted), 0.0
    for value, weight in weighted:
        acc += weight
        if roll <= acc:
            return value
    return weighted[-1][0]


def _minutes(rng: random.Random, median_hours: float, low: float, high: float) -> int:
    # Log-normal: most jobs near the median, a long tail of slow ones, clipped to what is plausible.
    hours = min(high, max(low, rng.lognormvariate(math.log(median_hours), 0.4)))
    return int(hours * 60)


def fill_demo(session: Session, *, username: str, deals: int, seed: int, now: datetime) -> int:
    """Add `deals` deals to the account (created if missing); returns how many were added."""
    # Its own generator: the same seed gives the same ledger, whatever else uses `random`.
    rng = random.Random(seed)
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None:
        user = accounts.create_user(
            session,
            username=username,
            password=DEMO_PASSWORD,
            now=now,
            is_owner=accounts.count_users(session) == 0,
        )
    assert user.id is not None
    uid = user.id
    profile = session.exec(select(Profile).where(Profile.user_id == uid)).one()
    # A fresh account gets a creator's profile; an existing one keeps hers.
    if profile.follower_count is None:
        profile.follower_count = 8_600
        profile.niche = Niche.beauty
        profile.target_hourly = 150_00
        session.add(profile)
    brand_ids = []
    for name in BRANDS:
        brand = Brand(user_id=uid, name=name, category="", contact="", notes="")
        session.add(brand)
        session.flush()
        brand_ids.append(brand.id)
    agency_rows = []
    for name, kind, cut in AGENCIES:
        agency = Agency(
            user_id=uid, name=name, kind=AgencyKind(kind), typical_cut_pct=cut, notes=""
        )
        session.add(agency)
        session.flush()
        agency_rows.append((agency.id, cut))
    session.commit()

    today = now.date()
    # Eighteen months: enough for a year of monthly charts and last year's tax page.
    start = today - timedelta(days=540)
    start_followers = max(500, (profile.follower_count or 8_600) // 2)
    batch: dict[str, list[dict[str, Any]]] = {
        k: [] for k in ("del", "work", "pay", "exp", "kind", "fig")
    }
    for index in range(deals):
        brief_on = start + timedelta(days=int(540 * index / max(1, deals)) + rng.randint(0, 5))
        # The account grows from half its size to its size over the period.
        followers = int(start_followers * (1 + index / max(1, deals)) * rng.uniform(0.97, 1.03))
        deal_values, parts = _one_deal(
            rng,
            uid,
            brief_on,
            today,
            followers,
            rng.choice(brand_ids),
            rng.choice(agency_rows) if rng.random() < 0.5 else None,
            now,
        )
        # Core inserts, not ORM objects: tens of thousands of rows at ORM speed took minutes.
        deal_id = session.execute(insert(Deal).returning(col(Deal.id)), [deal_values]).scalar_one()
        batch["fig"].append(_figures_row(deal_id, uid, deal_values, parts))
        for key, rows in parts.items():
            batch[key].extend({**row, "deal_id": deal_id, "user_id": uid} for row in rows)
        # Parts go in batches, so memory stays flat for large ledgers.
        if index % 500 == 499:
            _flush(session, batch)
    _flush(session, batch)
    # The figures rows were written directly, so the monthly rollups are made once from them.
    rollup.rebuild(session, user_id=uid)
    session.commit()
    return deals


def _flush(session: Session, batch: dict[str, list[dict[str, Any]]]) -> None:
    tables = {
        "del": Deliverable,
        "work": WorkEntry,
        "pay": Payment,
        "exp": Expense,
        "kind": InKindItem,
        "fig": DealFiguresRow,
    }
    for key, table in tables.items():
        if batch[key]:
            session.execute(insert(table), batch[key])
            batch[key].clear()


def _one_deal(
    rng: random.Random,
    uid: int,
    brief_on: date,
    today: date,
    followers: int,
    brand_id: int | None,
    agency: tuple[int | None, int] | None,
    now: datetime,
) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    kind = _pick(rng, [("image_note", 0.68), ("video_note", 0.27), ("store_visit", 0.05)])
    quantity = 2 if rng.random() < 0.1 else 1
    source = _pick(
        rng,
        [
            ("pgy_invite", 0.2),
            ("pgy_recruit", 0.1),
            ("brand_dm", 0.25),
            ("agency_group", 0.3),
            ("referral", 0.1),
            ("self_pitch", 0.05),
        ],
    )
    via_platform = source.startswith("pgy")
    compensation = _pick(rng, [("cash", 0.55), ("in_kind", 0.25), ("mixed", 0.2)])
    fee = _median_fee(followers) * rng.lognormvariate(0, 0.45)
    if kind == "video_note":
        fee *= rng.uniform(1.3, 2.0)
    # Fees are round numbers (tens of yuan), as brands quote them; stored in fen.
    fee = round(fee * quantity / 10) * 10 * 100
    agreed = None if compensation == "in_kind" else int(fee)
    included = _pick(rng, [(0, 0.25), (1, 0.5), (2, 0.25)])
    production_days = rng.randint(7, 25)
    due_on = brief_on + timedelta(days=production_days)
    # Delivered a few days either side of the due date; not yet if that is still ahead.
    delivered_on: date | None = due_on + timedelta(days=rng.randint(-3, 4))
    assert delivered_on is not None
    if delivered_on > today:
        delivered_on = None
    days_to_pay = _pick(
        rng,
        [
            (rng.randint(0, 7), 0.30),
            (rng.randint(8, 30), 0.35),
            (rng.randint(31, 60), 0.20),
            (rng.randint(61, 90), 0.08),
            (rng.randint(91, 150), 0.04),
            (None, 0.03),
        ],
    )
    cancelled = rng.random() < 0.04
    status = "lead"
    if cancelled:
        status = "cancelled"
    elif delivered_on is None:
        status = "in_production" if brief_on + timedelta(days=3) <= today else "negotiating"
    parts: dict[str, list[dict[str, Any]]] = {
        "del": [],
        "work": [],
        "pay": [],
        "exp": [],
        "kind": [],
    }
    parts["del"].append(
        {"kind": kind, "quantity": quantity, "due_on": due_on, "posted_on": delivered_on, "url": ""}
    )

    # Work: communication, the production itself, revisions, chasing.
    work_day = brief_on
    parts["work"].append(_work("negotiation", _minutes(rng, 1.2, 0.5, 3), work_day))
    parts["work"].append(_work("brief", rng.randint(15, 45), work_day))
    median, low, high = {
        "image_note": (4.5, 2, 10),
        "video_note": (10, 5, 25),
        "store_visit": (5, 3, 9),
    }[kind]
    production = _minutes(rng, median, low, high) * quantity
    split = (
        {"shooting": 0.45, "editing": 0.35, "copywriting": 0.2}
        if kind != "image_note"
        else {"shooting": 0.5, "editing": 0.25, "copywriting": 0.25}
    )
    if cancelled:
        production //= 3
    for activity, share in split.items():
        minutes = max(10, int(production * share))
        # A work entry holds at most a day (1,440 minutes), as the forms require.
        while minutes > 0:
            chunk = min(minutes, 1440)
            parts["work"].append(
                _work(activity, chunk, work_day + timedelta(days=rng.randint(1, production_days)))
            )
            minutes -= chunk
    rounds = (
        0 if cancelled else _pick(rng, [(0, 0.4), (1, 0.3), (2, 0.18), (rng.randint(3, 5), 0.12)])
    )
    for round_no in range(1, rounds + 1):
        parts["work"].append(
            {
                **_work(
                    "revision",
                    _minutes(rng, 1.2, 0.3, 4),
                    due_on - timedelta(days=max(0, 3 - round_no)),
                ),
                "revision_round": round_no,
            }
        )
    if rng.random() < 0.3:
        parts["work"].append(
            {**_work("comment_upkeep", rng.randint(15, 60), delivered_on or due_on), "unpaid": True}
        )

    # Net 30 after posting, the usual term.
    payment_due_on = (delivered_on or due_on) + timedelta(days=30)
    paid_on: date | None = None
    if agreed and delivered_on and days_to_pay is not None and not cancelled:
        paid_on = delivered_on + timedelta(days=days_to_pay)
        if paid_on <= today:
            # Paid in one payment, in full unless a deduction below.
            gross = agreed
            if rng.random() < 0.06:  # a deduction for "missed performance"
                gross = int(agreed * rng.uniform(0.6, 0.9)) // 100 * 100
            platform_fee = gross // 10 if via_platform else 0
            agency_fee = gross * agency[1] // 100 if agency else 0
            tax = withholding(gross - platform_fee - agency_fee) if via_platform else 0
            # Deductions never exceed the gross, the rule every payment keeps.
            tax = min(tax, gross - platform_fee - agency_fee)
            parts["pay"].append(
                {
                    "gross": gross,
                    "platform_fee": platform_fee,
                    "agency_fee": agency_fee,
                    "tax_withheld": tax,
                    "received_on": paid_on,
                    "method": "platform"
                    if via_platform
                    else rng.choice(["bank", "alipay", "wechat"]),
                    "note": "",
                }
            )
            status = "paid"
            # Late payers are chased: the unpaid time the dashboard counts.
            if days_to_pay > 30:
                parts["work"].append(
                    _work("payment_chasing", rng.randint(10, 90), delivered_on + timedelta(days=30))
                )
        else:
            paid_on = None
    if delivered_on and status not in {"paid", "cancelled"}:
        status = "disputed" if rng.random() < 0.05 else "delivered"
    # A products-only deal is settled on delivery: nothing is owed.
    if delivered_on and not agreed and not cancelled:
        status = "paid"
    if compensation in {"in_kind", "mixed"}:
        parts["kind"].append(
            {"item": "产品", "value": rng.randint(1, 8) * 100_00, "kept": rng.random() < 0.9}
        )
    if rng.random() < 0.2:
        parts["exp"].append(
            {
                "amount": rng.randint(2, 20) * 10_00,
                "category": "props",
                "spent_on": brief_on + timedelta(days=2),
                "note": "",
            }
        )
    deal = {
        "user_id": uid,
        "title": _title(kind, brief_on),
        "brand_id": brand_id,
        "agency_id": agency[0] if agency else None,
        "platform": "xiaohongshu",
        "source": source,
        # The demo's private payers withhold nothing (tax 0 above): their deals say so.
        "withholding": default_withholding(source, "CNY") if via_platform else "none",
        "disclosure": "reported"
        if via_platform
        else rng.choice(["labelled", "unreported", "unknown"]),
        "status": status,
        "compensation": compensation,
        "currency": "CNY",
        # The fee first quoted: about a fifth above the one agreed, down to ten yuan.
        "quoted_fee": int(agreed * 1.2) // 1000 * 1000 if agreed else None,
        "agreed_fee": agreed,
        "included_revision_rounds": included,
        "follower_count": followers,
        "niche": "beauty",
        "brief_received_on": brief_on,
        "due_on": due_on,
        "delivered_on": delivered_on,
        "payment_due_on": payment_due_on,
        "protection_days": 180 if via_platform else None,
        "usage_rights_days": None,
        "exclusivity_days": None,
        "paid_boost_allowed": rng.random() < 0.15,
        "notes": "",
        "created_at": now,
    }
    return deal, parts


def _figures_row(
    deal_id: int, uid: int, deal: dict[str, Any], parts: dict[str, list[dict[str, Any]]]
) -> dict[str, Any]:
    """The stored figures, from the same pure formulas the services use."""
    # The figures row is written with the deal (not computed on first view), as the services do.
    figures = calc.deal_figures(
        calc.inputs_from_rows(deal, parts["work"], parts["pay"], parts["exp"], parts["kind"])
    )
    return {"deal_id": deal_id, "user_id": uid, **row_values(figures)}


def _work(activity: str, minutes: int, worked_on: date) -> dict[str, Any]:
    return {
        "activity": activity,
        "minutes": max(1, min(1440, minutes)),
        "worked_on": worked_on,
        "revision_round": None,
        "unpaid": False,
        "note": "",
    }


def _title(kind: str, brief_on: date) -> str:
    names = {"image_note": "图文", "video_note": "视频", "store_visit": "探店"}
    return f"{names[kind]}合作 {brief_on:%Y-%m}"
