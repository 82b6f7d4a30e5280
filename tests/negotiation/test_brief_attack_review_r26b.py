"""Second attack review of parser round 26 (/work/notes/attack-r26b.md): messages that trip the
round-26 rules as narrowed by the first review (f6ec642) into a wrong answer.

Every case is a regression: main just before round 26 (89bc714^1) reads it right, main after
the first review (dbd152f) reads it wrong (noted in the comment; same message, same date).
Each fails at dbd152f and passes with this branch's narrowed rules. The guards pass on both:
they check the rules were narrowed, not undone, and the last test bounds the cost of pastes
of the narrowed rules' triggers (passes on both)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.negotiation.brief import parse_brief
from tests.negotiation.hostile import fill, mix, worst_against_plain

TODAY = date(2026, 5, 6)


def parse(text: str) -> dict[str, Any]:
    return parse_brief(text, TODAY)


# 1. BONUS_LABEL took a bare incentive, or the campaign's or collab's, for a bonus: the pay
# itself is often labelled "Incentive:" — dbd152f: fee None
@pytest.mark.parametrize(
    ("text", "fee"),
    [
        (
            "Hi Mia! Glow Lab here 👋\nIncentive: $400 cash + full PR box, 1 reel, live by May 30.",
            "400.00",
        ),
        (
            "Hey! Campaign incentive: $500 per creator for 1 reel + 2 stories. Post by May 30 🙏",
            "500.00",
        ),
        ("你好～我们是栖木\n合作激励：800元/条，视频1条，5月30日前发布", "800.00"),
    ],
)
def test_a_bare_incentive_label_is_the_pay(text: str, fee: str) -> None:
    assert parse(text)["fee"] == fee


# 2. …and a label that says there is no bonus — dbd152f: fee None
@pytest.mark.parametrize(
    ("text", "fee"),
    [
        ("Hi there, No bonus, sorry: $500 flat for 1 reel, due May 30.", "500.00"),
        ("Hi! Lark Studio here.\nBonus: no bonus this round, $400 for 1 reel.", "400.00"),
    ],
)
def test_a_label_saying_no_bonus_leaves_the_fee(text: str, fee: str) -> None:
    assert parse(text)["fee"] == fee


def test_a_bonus_label_still_is_no_fee() -> None:  # guard: passes on both
    assert (
        parse("Hi! Fee $500 for 1 reel.\nPerformance incentive: an extra $100 if 50k views.")["fee"]
        == "500.00"
    )
    assert parse("Hi! Fee $500 for 1 reel.\nBonus: no cap, $1 per sale.")["fee"] == "500.00"


# 3. extra_round_price: extra edits said "not charged", the amount said "each reel" —
# dbd152f: fee None
def test_extra_edits_not_charged_leave_the_price_of_each_reel() -> None:
    got = parse(
        "Hey babe 💕 1 reel with up to 2 rounds of edits (extra edits not charged) – $450 each "
        "reel, due May 30"
    )
    assert got["fee"] == "450.00"


# 4. CREATOR_COUNT's 位/名…的 form read winners as a count of creators (a rank with spaces, a
# monthly pick, a TOP list): the total budget beside them was dropped — dbd152f: fee None
@pytest.mark.parametrize(
    ("text", "fee"),
    [
        ("合作总预算：3000元（1条视频），点赞前 3 名的博主额外奖励500元，5月30日前发布", "3000.00"),
        (
            "合作总预算：3000元（1条视频），每月评选3名的优秀博主额外奖励500元，5月30日前发布",
            "3000.00",
        ),
        ("总预算：5000元，视频2条。TOP10名的达人还能进品牌池～", "5000.00"),
    ],
)
def test_winners_are_no_count_of_creators(text: str, fee: str) -> None:
    assert parse(text)["fee"] == fee


def test_about_n_creators_still_counts() -> None:  # guard: passes on both
    assert parse("我们这次找20位左右的美妆博主，总预算：5万")["fee"] is None


# 5. BARTER_ONLY's 没有达人稿费预算 said of one platform turned down her quote — dbd152f: None
def test_no_fee_budget_on_one_platform_keeps_the_quote() -> None:
    got = parse(
        "[我] 我的报价是一条视频1200\n"
        "[栖木] 可以的，1200没问题！抖音那边没有达人稿费预算，只发小红书就好"
    )
    assert got["fee"] == "1200.00"


# 6. WAIVED_BRACKET read a price said for a deliverable in the bracket after on us/comped/全免
# as the goods' worth — dbd152f: fee None and in_kind the fee
@pytest.mark.parametrize(
    ("text", "fee"),
    [
        ("Everything's on us (flights, hotel and $800 for the 2 reels). Post by May 30!", "800.00"),
        ("食宿全免（每条视频2000元），探店视频1条，5月30日前发布", "2000.00"),
        ("The hotel is comped (for the shoot, 1 reel at $500). Live by May 30.", "500.00"),
    ],
)
def test_a_price_for_a_deliverable_in_the_bracket_is_the_fee(text: str, fee: str) -> None:
    got = parse(text)
    assert (got["fee"], got["in_kind_value"]) == (fee, None)


def test_a_priced_video_in_the_bracket_is_no_goods_worth() -> None:
    # dbd152f: in_kind 1500 (89bc714^1: None; the fee is missed on both)
    assert parse("路费全免（视频1条¥1500），5月30日前发")["in_kind_value"] is None


def test_worth_in_the_bracket_is_still_in_kind() -> None:  # guard: passes on dbd152f
    got = parse("The room is on us (private double, ~€280 for the 2 nights). 1 reel, fee €400.")
    assert (got["fee"], got["in_kind_value"]) == ("400.00", "280.00")


# 7. a holiday with 之后/after is the limit when after it is said to be no good —
# dbd152f: deadline None
@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ("双十一之后就不要发了哈，视频1条，稿费1000", "2026-11-11"),
        (
            "Posting after Christmas won't work, we need it live before then. 1 reel, $500.",
            "2026-12-25",
        ),
    ],
)
def test_after_a_holiday_said_no_good_keeps_it_the_deadline(text: str, deadline: str) -> None:
    assert parse(text)["deadline"] == deadline


@pytest.mark.parametrize(  # guard: passes on dbd152f
    "text",
    [
        "双十一之后再发布就行，视频1条，稿费1000",
        "Please post after Christmas, it's too busy before. 1 reel $500.",
    ],
)
def test_after_a_holiday_said_fine_is_still_no_deadline(text: str) -> None:
    assert parse(text)["deadline"] is None


# 8. 20,000-character pastes of each narrowed rule's trigger: none raises, none grows
def test_pastes_of_the_narrowed_rules_cost_like_plain_text() -> None:
    worst, plain = worst_against_plain(
        [
            fill("Incentive: $400 cash, Campaign incentive: $1 合作激励：800元/条 No bonus: $1 "),
            fill(
                "Bonus: no bonus this round, $1 奖金：暂无 800元 "
                "extra edits not charged $1 each reel "
            ),
            fill(
                "comped (for the shoot, 1 reel at $500) 食宿全免（每条视频2000元） "
                "点赞前 3 名的博主 "
            ),
            mix(
                "双十一之后就不要发了 ",
                "Posting after Christmas won't work ",
                "抖音那边没有达人稿费预算 ",
            ),
        ]
    )
    assert worst[0] < 6 * max(plain, 0.05), (worst, plain)


# Old miss (wrong before round 26 too), fixed after the review: the fee and a date said after a
# full-width comma were read as one number with a thousands comma (800618.00).
@pytest.mark.parametrize(
    "text",
    [
        "视频1条，稿费800，618以后发都可以",
        "稿费800，618之后发布，图文1篇",
        "图文1篇，稿费800，618大促期间发",
    ],
)
def test_a_fee_and_a_shopping_day_after_a_comma_are_two_figures(text: str) -> None:
    assert parse(text)["fee"] == "800.00"


@pytest.mark.parametrize(
    ("text", "fee"),
    [
        # A Chinese keyboard's comma grouping thousands, before a unit or a clause: one figure.
        ("稿费1，500元，1条视频", "1500.00"),
        ("稿费１，５００元，1条视频", "1500.00"),
        ("稿费1，200元，520前发布，图文1篇", "1200.00"),
        ("1 video, fee 1,500", "1500.00"),
    ],
)
def test_a_thousands_comma_still_groups(text: str, fee: str) -> None:
    assert parse(text)["fee"] == fee


def test_commas_before_festival_days_stay_bounded() -> None:
    worst, plain = worst_against_plain([fill("稿费800，618以后"), fill("1，618之后，")])
    assert worst[0] < 6 * max(plain, 0.05), (worst, plain)
