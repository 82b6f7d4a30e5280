"""Attack review of round 26 (/work/notes/parser-r26.md, merged in 89bc714): messages a brand,
agency or friend would send that trip round 26's rules into a wrong answer.

Every case here is a regression: main just before the merge (89bc714^1) gives the right answer,
89bc714 the wrong one noted in its comment (both parsed with the same message and date). Each
fails at 89bc714 and passes with this branch's narrowed rules; the last test is a speed bound
(a quadratic look-up added by the package rule)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.negotiation.brief import parse_brief
from tests.negotiation.hostile import fill, worst_against_plain

TODAY = date(2026, 5, 6)


def parse(text: str) -> dict[str, Any]:
    return parse_brief(text, TODAY)


# 1. BONUS_LABEL read every amount on the label's line, past the label's own sentence and past a
# second label, and took "Creator incentive" (the pay itself) for a bonus: the fee was dropped.
@pytest.mark.parametrize(
    ("text", "fee"),
    [
        # 89bc714: None
        (
            "Hi! Lark Studio here 👋\nCreator incentive: $400 per reel, 2 reels, live by May 30.",
            "800.00",
        ),
        # 89bc714: None (the label's sentence ended before the fee)
        (
            "Hi Mia! Lark Studio here.\nBonus: you keep the full skincare set. Fee is $500 for 1 "
            "reel, due May 30.",
            "500.00",
        ),
        # 89bc714: None (a second label, 稿费：, names the fee)
        ("你好，我们是栖木～ 奖金：无，稿费：800元/条，视频1条，5月30日前发布", "800.00"),
        # 89bc714: None (the bonus's sentence ends at ；)
        (
            "你好，我们是栖木～ 加奖：视频爆了再加200；基础稿费1000元，视频1条，5月30日前发布",
            "1000.00",
        ),
    ],
)
def test_a_bonus_label_reaches_no_further_than_its_sentence(text: str, fee: str) -> None:
    assert parse(text)["fee"] == fee


# 2. extra_round_price: the extra rounds said to be free, and the amount said for each reel —
# 89bc714: None
def test_free_extra_rounds_leave_the_price_of_each_reel() -> None:
    got = parse(
        "Hi! Lark Studio here. Extra revisions are free so $300 each for 3 reels, by May 30."
    )
    assert got["fee"] == "900.00"


# 3. CREATOR_COUNT read a rank ("前3名的博主", the top three) as a count of creators, so the
# creator's own budget was taken for a campaign's — 89bc714: None
def test_a_rank_of_creators_is_no_count() -> None:
    got = parse(
        "你好，我们是暖禾～合作总预算：3000元（1条视频），5月30日前发布。点赞前3名的博主额外奖励500元"
    )
    assert got["fee"] == "3000.00"


# 4. SHARED_BUDGET_AFTER stopped at the amount's sentence, and the next sentence calling it the
# campaign's budget was not read: the whole campaign's budget became the fee — 89bc714: 50000
def test_a_budget_pointed_back_at_from_the_next_sentence_is_shared() -> None:
    got = parse("总共5万！这是整个活动的预算，会找20位博主，每人一条视频")
    assert got["fee"] is None


# 5. CORRECTED_TO (填错/输错, 44 characters back) read the fee word of the sentence before the
# correction, though the correction names another thing: its figure replaced the fee.
@pytest.mark.parametrize(
    ("text", "fee"),
    [
        # 89bc714: 1208
        ("稿费1500元，1条视频，5月30日前发布。抱歉房间号填错了，应该是1208", "1500.00"),
        # 89bc714: 8866
        ("稿费1200元，视频1条，5月30日前发布。邀请码输错了，应该是8866", "1200.00"),
    ],
)
def test_a_correction_of_another_thing_leaves_the_fee(text: str, fee: str) -> None:
    assert parse(text)["fee"] == fee


# 6. BARTER_ONLY's 没有达人稿费预算 said of one part (图文那边) turned down the creator's quote the
# brand had just accepted — 89bc714: None
def test_no_fee_budget_for_one_part_leaves_the_accepted_quote() -> None:
    got = parse(
        "[我] 我的报价是一条视频1200\n"
        "[栖木] 可以的，1200没问题！图文那边没有达人稿费预算，只能寄产品。5月30日前发布"
    )
    assert got["fee"] == "1200.00"


# 7. WAIVED_BRACKET_OPEN/SHUT: the bracket after 'on us'/全免 holds the fee paid on top, not the
# goods' worth — 89bc714: fee None, in_kind_value the fee
@pytest.mark.parametrize(
    ("text", "fee"),
    [
        (
            "Hi! Lark Studio here. Your meal is on us (plus $250 for 1 reel). Post by May 30.",
            "250.00",
        ),
        ("你好，我们是栖木～酒店两晚全免（另外再给¥1500现金），探店视频1条，5月30日前", "1500.00"),
    ],
)
def test_money_on_top_in_the_bracket_is_the_fee(text: str, fee: str) -> None:
    got = parse(text)
    assert (got["fee"], got["in_kind_value"]) == (fee, None)


# 8. Money.package / itemised: a package beside a price of one more piece of a kind in it was
# taken for the package said again, and the last price became the fee.
@pytest.mark.parametrize(
    ("text", "fee"),
    [
        # 89bc714: 300
        ("Hi! Lark Studio here. Reel + 3 Stories $500, TikTok $300. By May 30.", "800.00"),
        # 89bc714: 400
        (
            "Hi! Lark Studio here. 1 Reel + 3 Stories for $600, and a second Reel for $400. "
            "By May 30.",
            "1000.00",
        ),
        # 89bc714: 1000
        ("你好，我们是栖木～视频+图文 2000，抖音视频 1000，5月30日前", "3000.00"),
    ],
)
def test_a_package_and_one_more_piece_add_up(text: str, fee: str) -> None:
    assert parse(text)["fee"] == fee


# 9. AFTER_BEFORE: "past Christmas Eve" after a "don't" is the limit — 89bc714: None
def test_nothing_past_a_holiday_keeps_it_the_deadline() -> None:
    got = parse(
        "Hi! Lark Studio here. 1 reel, $500. Please don't post anything past Christmas Eve."
    )
    assert got["deadline"] == "2026-12-24"


# …and the guard: "don't post until after Christmas" is still no deadline
def test_not_until_after_a_holiday_is_still_no_deadline() -> None:
    got = parse("Hi! Lark Studio here. 1 reel, $500. Don't post until after Christmas please.")
    assert got["deadline"] is None


# 10. joined_kinds was given by_start.index(mention): a linear search for each amount priced after
# a deliverable, quadratic on a paste of packages (in one child on this machine: 1.98 s against
# plain text 0.18 s at 89bc714, 0.58 s against 0.18 s before round 26 and on this branch)
def test_a_paste_of_priced_packages_costs_like_plain_text() -> None:
    worst, plain = worst_against_plain([fill("视频+图文¥1，")])
    assert worst[0] < 6 * max(plain, 0.05), (worst, plain)
