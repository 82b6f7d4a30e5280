"""Enumerations of DOMAIN.md and API.md, with their labels (translated at render time)."""

from __future__ import annotations

from enum import StrEnum

from app.i18n_markers import N_


class Platform(StrEnum):
    xiaohongshu = "xiaohongshu"
    douyin = "douyin"
    bilibili = "bilibili"
    weibo = "weibo"
    wechat_channels = "wechat_channels"
    kuaishou = "kuaishou"
    other = "other"


class Source(StrEnum):
    pgy_invite = "pgy_invite"
    pgy_recruit = "pgy_recruit"
    brand_dm = "brand_dm"
    agency_group = "agency_group"
    referral = "referral"
    self_pitch = "self_pitch"
    co_code = "co_code"
    other = "other"


class Disclosure(StrEnum):
    reported = "reported"
    labelled = "labelled"
    unreported = "unreported"
    unknown = "unknown"


class Compensation(StrEnum):
    cash = "cash"
    in_kind = "in_kind"
    mixed = "mixed"
    rebate = "rebate"
    commission = "commission"
    none = "none"


class DeliverableKind(StrEnum):
    image_note = "image_note"
    video_note = "video_note"
    live = "live"
    roundup = "roundup"
    store_visit = "store_visit"
    asset_license = "asset_license"
    other = "other"


class Activity(StrEnum):
    negotiation = "negotiation"
    brief = "brief"
    trial = "trial"
    scripting = "scripting"
    shooting = "shooting"
    editing = "editing"
    copywriting = "copywriting"
    revision = "revision"
    comment_upkeep = "comment_upkeep"
    reporting = "reporting"
    payment_chasing = "payment_chasing"
    logistics = "logistics"
    travel = "travel"
    other = "other"


class Status(StrEnum):
    lead = "lead"
    negotiating = "negotiating"
    contracted = "contracted"
    in_production = "in_production"
    delivered = "delivered"
    paid = "paid"
    cancelled = "cancelled"
    disputed = "disputed"


class Niche(StrEnum):
    beauty = "beauty"
    fashion = "fashion"
    food = "food"
    travel = "travel"
    home = "home"
    parenting = "parenting"
    fitness = "fitness"
    tech = "tech"
    pets = "pets"
    education = "education"
    lifestyle = "lifestyle"
    other = "other"


class AgencyKind(StrEnum):
    mcn = "mcn"
    agency = "agency"
    platform = "platform"
    broker = "broker"
    other = "other"


class PaymentMethod(StrEnum):
    bank = "bank"
    alipay = "alipay"
    wechat = "wechat"
    platform = "platform"
    other = "other"


class ExpenseCategory(StrEnum):
    props = "props"
    product_purchase = "product_purchase"
    travel = "travel"
    equipment = "equipment"
    outsourcing = "outsourcing"
    other = "other"


class Withholding(StrEnum):
    platform_cumulative = "platform_cumulative"
    per_payment = "per_payment"
    none = "none"
    foreign = "foreign"


class Locale(StrEnum):
    zh_CN = "zh-CN"
    en = "en"


LABELS: dict[type[StrEnum], dict[str, str]] = {
    Platform: {
        "xiaohongshu": N_("Xiaohongshu"),
        "douyin": N_("Douyin"),
        "bilibili": N_("Bilibili"),
        "weibo": N_("Weibo"),
        "wechat_channels": N_("WeChat Channels"),
        "kuaishou": N_("Kuaishou"),
        "other": N_("Other"),
    },
    Source: {
        "pgy_invite": N_("Pugongying invitation"),
        "pgy_recruit": N_("Pugongying recruitment"),
        "brand_dm": N_("Brand DM"),
        "agency_group": N_("Agency group"),
        "referral": N_("Referral"),
        "self_pitch": N_("Self-pitch"),
        "co_code": N_("Cooperation code"),
        "other": N_("Other"),
    },
    Disclosure: {
        "reported": N_("Reported on Pugongying"),
        "labelled": N_("Labelled only"),
        "unreported": N_("Unreported"),
        "unknown": N_("Unknown"),
    },
    Compensation: {
        "cash": N_("Cash"),
        "in_kind": N_("Product (in kind)"),
        "mixed": N_("Cash + product"),
        "rebate": N_("Rebate"),
        "commission": N_("Commission"),
        "none": N_("None"),
    },
    DeliverableKind: {
        "image_note": N_("Image note"),
        "video_note": N_("Video note"),
        "live": N_("Live stream"),
        "roundup": N_("Roundup"),
        "store_visit": N_("Store visit"),
        "asset_license": N_("Asset license"),
        "other": N_("Other"),
    },
    Activity: {
        "negotiation": N_("Negotiation"),
        "brief": N_("Reading the brief"),
        "trial": N_("Product trial"),
        "scripting": N_("Scripting"),
        "shooting": N_("Shooting"),
        "editing": N_("Editing"),
        "copywriting": N_("Copywriting"),
        "revision": N_("Revision"),
        "comment_upkeep": N_("Comment upkeep"),
        "reporting": N_("Reporting data"),
        "payment_chasing": N_("Chasing payment"),
        "logistics": N_("Shipping & receiving"),
        "travel": N_("Travel"),
        "other": N_("Other"),
    },
    Status: {
        "lead": N_("Lead"),
        "negotiating": N_("Negotiating"),
        "contracted": N_("Contracted"),
        "in_production": N_("In production"),
        "delivered": N_("Delivered"),
        "paid": N_("Paid"),
        "cancelled": N_("Cancelled"),
        "disputed": N_("Disputed"),
    },
    Niche: {
        "beauty": N_("Beauty"),
        "fashion": N_("Fashion"),
        "food": N_("Food"),
        "travel": N_("Travel"),
        "home": N_("Home"),
        "parenting": N_("Parenting"),
        "fitness": N_("Fitness"),
        "tech": N_("Tech"),
        "pets": N_("Pets"),
        "education": N_("Education"),
        "lifestyle": N_("Lifestyle"),
        "other": N_("Other"),
    },
    AgencyKind: {
        "mcn": N_("MCN"),
        "agency": N_("Agency"),
        "platform": N_("Platform"),
        "broker": N_("Broker"),
        "other": N_("Other"),
    },
    PaymentMethod: {
        "bank": N_("Bank transfer"),
        "alipay": N_("Alipay"),
        "wechat": N_("WeChat Pay"),
        "platform": N_("Platform payout"),
        "other": N_("Other"),
    },
    ExpenseCategory: {
        "props": N_("Props"),
        "product_purchase": N_("Product purchase"),
        "travel": N_("Travel"),
        "equipment": N_("Equipment"),
        "outsourcing": N_("Outsourcing"),
        "other": N_("Other"),
    },
    Withholding: {
        "platform_cumulative": N_("Platform, cumulative (蒲公英 and other internet platforms)"),
        "per_payment": N_("Per payment (劳务报酬)"),
        "none": N_("Payer withholds nothing"),
        "foreign": N_("Foreign payer (no PRC withholding)"),
    },
    Locale: {"zh-CN": "中文", "en": "English"},
}

# Statuses in which a deal still needs the creator's attention.
OPEN_STATUSES = (
    Status.lead,
    Status.negotiating,
    Status.contracted,
    Status.in_production,
    Status.delivered,
    Status.disputed,
)
