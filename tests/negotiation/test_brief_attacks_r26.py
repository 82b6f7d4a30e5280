"""Round 26 (after set 25): the round's rules against sentences that look like their trigger
and mean something else, and hostile 20,000-character pastes aimed at their patterns, parsed
in a child process with a hard timeout and timed against a plain text of the same length.

Rules: a line labelled as a bonus (BONUS_LABEL); the price of each further revision round
(EXTRA_ROUND with PER_ROUND_BEFORE/AFTER); a count of creators written 25 位左右的… (CREATOR_COUNT);
a shared budget read no further than its sentence (SHARED_BUDGET_AFTER); a fee filled in or
typed wrong (CORRECTED_TO, CORRECTED_REACH); a quote answered with no paid budget (BARTER_ONLY,
OWN_QUOTE_REACH); goods' worth in brackets after 'on us' (WAIVED_BRACKET_OPEN/SHUT); a price
said for a package of joined deliverables (joined_kinds, PACKAGE_JOINER)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.negotiation.brief import parse_brief
from tests.negotiation.hostile import (
    PLAIN_TEXT,
    chosen,
    fill,
    kept,
    mix,
    worst_against_plain,
    worst_in_child,
)

TODAY = date(2026, 5, 6)


def parse(text: str) -> dict[str, Any]:
    return parse_brief(text, TODAY)


# each: a message that holds a rule's trigger words, and the fee it must still give
LOOKALIKES = [
    # a bonus label that also names the fee is the fee's
    ("Hi! Lark Studio here.\nFee + bonus: $500 all in, for 1 reel.\nPost by May 30.", "500.00"),
    # a bare 奖励 label can be the fee itself (合作奖励)
    ("你好，我们是栖木～\n合作奖励：¥600/篇\n内容：图文2篇\n5月30日前发布", "1200.00"),
    # additional deliverables are no revision rounds
    ("Hi! Fern & Co here. Fee: $400 each for 2 additional videos, due May 30.", "800.00"),
    # an extra revision named, but the amount is per post, not per round
    ("你好，我们是栖木～额外修改不收费，稿费每篇800，共2篇图文，5月30日前发布", "1600.00"),
    # the extra rounds are free, in a clause of their own
    ("你好，我们是栖木～超出的修改每次都免费，每条视频1000元，共两条，5月30日前发布", "2000.00"),
    # a count of followers about a number is no count of creators
    (
        "你好，我们是青禾～总预算2万（两条视频一起），粉丝5000左右的博主优先，5月30日前发布",
        "20000.00",
    ),
    # a budget in the next sentence, with creators counted, leaves this sentence's fee
    ("您好，我们是暖禾～一条视频，稿费2000，月底前发布。这次总预算6万，招30位博主", "2000.00"),
    # something else typed wrong: the number after it is no fee
    (
        "Fee: $500 for 1 reel from Lark Studio. Oops, I typed the address wrong, it should be "
        "88 Queen St.",
        "500.00",
    ),
    # no paid budget this month, then a fee offered after it: the later offer stands
    (
        "[Me] My rate is $400 per reel.\n[Lark Studio] We don't have a paid influencer budget "
        "this month, but next month we can do $400 for 1 reel.",
        "400.00",
    ),
    # a bracket after 'on us' that closes before the fee
    (
        "Hi! Lark Studio here. Travel is on us (flights booked for you) and the fee is $600 "
        "for 1 reel (net 30).",
        "600.00",
    ),
    # the fee said inside the bracket after 'on us' is the fee
    (
        "Hi! Lark Studio here. Accommodation is on us (and your fee of $500 is paid on "
        "arrival) for 1 reel.",
        "500.00",
    ),
    # prices of each kind joined by 'and' are parts, not one package
    ("Hi! Lark Studio here. Reel $500 and photo post $200, both by May 30.", "700.00"),
    # a list of the kinds, then each kind's price
    ("Hi! Lark Studio here. 1 video + 1 image post: video $800, image $300.", "1100.00"),
    # a package and another kind priced apart are summed
    (
        "Hi, this is Lark Studio! We'd like 1 reel and 1 photo post for $600, plus 1 live "
        "session for $300.",
        "900.00",
    ),
]


@pytest.mark.parametrize(("text", "fee"), LOOKALIKES)
def test_a_lookalike_of_a_round_26_trigger_keeps_the_fee(text: str, fee: str) -> None:
    assert parse(text)["fee"] == fee


# each: what the rule reads, said the way a brand says it
MEANT = [
    (
        "Hi! Marlow Tea here. 2 video notes.\n- Fee: $250 per video\n- Performance bonus: an "
        "extra $100 at 20k views on either",
        "500.00",
    ),
    ("Hi! Marlow Tea here. 2 video notes, $400 each. Further rounds are $60 each.", "800.00"),
    (
        "Hi 亲～我是 Aurelle 的 Jo，1 条 video，fee ¥3,000。total budget 15w，会找 25 位左右的 "
        "beauty creators",
        "3000.00",
    ),
    ("[森语-小鹿] 图文1篇，报价¥900\n[森语-小鹿] 报价填错了🙈应该是1200的", "1200.00"),
]


@pytest.mark.parametrize(("text", "fee"), MEANT)
def test_a_round_26_trigger_said_plainly(text: str, fee: str) -> None:
    assert parse(text)["fee"] == fee


def test_a_package_price_said_again_is_not_summed() -> None:
    got = parse(
        "[Me] 1 reel + 2 photo posts for $600?\n[Quill & Bloom] Could we do $450 for the reel "
        "and one photo post?\n[Me] Deal, 1 reel + 1 photo post for $450."
    )
    assert got["fee"] == "450.00"


def test_worth_in_brackets_after_on_us_is_no_fee() -> None:
    got = parse(
        "we're Pinecone Cabins! 1 reel for a stay? no fee, but the cabin is on us (2 nights, "
        "around $360 total)"
    )
    assert got["fee"] is None
    assert got["in_kind_value"] == "360.00"


# a holiday said as the time after which to post is no deadline (AFTER_HOLIDAY, AFTER_BEFORE)
@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ("Lark Studio: 1 reel, $300, by Jan 10; ideally post it after Christmas.", "2027-01-10"),
        ("栖木：图文1篇，稿费500，11月25日前发布，最好双十一之后再发", "2026-11-25"),
        ("栖木：图文1篇，稿费500，国庆后3天内发布", None),
    ],
)
def test_after_a_holiday_is_no_deadline(text: str, deadline: str | None) -> None:
    assert parse(text)["deadline"] == deadline


# the holiday said as a limit stays the deadline
@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ("栖木：图文1篇，稿费500，双十二之前发出来就行", "2026-12-11"),  # its eve
        ("Lark Studio: 1 reel, $300. Post by Christmas — after that the sale ends.", "2026-12-25"),
        ("栖木：图文1篇，稿费500，国庆前发布，国庆后天天有活动", "2026-09-30"),
    ],
)
def test_a_holiday_said_as_a_limit_stays_the_deadline(text: str, deadline: str) -> None:
    assert parse(text)["deadline"] == deadline


# a count inside the bracket after 'on us' is no worth (found by scoring set 25 after the rule:
# 'the room is on us (private double, ~€280 for the 2 nights)' gave in_kind_value 2.00)
def test_a_count_after_the_worth_in_the_bracket_is_no_worth() -> None:
    got = parse(
        "we're Saltmarsh Hostels! 1 reel + 3 stories for a 2 night stay? no fee, but the room "
        "is on us (private double, ~€280 for the 2 nights)"
    )
    assert got["in_kind_value"] == "280.00"
    assert got["currency"] == "EUR"
    assert got["fee"] is None


HOSTILE_R26 = [
    # bonus labels on every line, and labels that never reach a colon
    kept(
        fill(
            "Performance bonus: an extra $100 if\n📌 bonus：破 500，额外 +¥150\n"
            "额外奖励：过1000再给200元\n"
        )
    ),
    kept(fill("bonus bonus incentive 奖金 加奖 额外奖励 激励 $1 ")),
    # extra rounds before every amount, per round and not
    kept(fill("further rounds are charged at $60 each, 超出的修改每次另收100元，")),
    kept(fill("additional extra further rounds revisions edits 超出超出修改 多改一次 每次 1 ")),
    # counts of creators about a number, and about-words with no creator word
    kept(
        fill("total budget 15w，会找 25 位左右的 beauty creators 总预算6万，30名左右的母婴博主。")
    ),
    kept(fill("25 位左右的 ab cd ef 30名左右的母婴母婴母婴 预算 1 ")),
    # corrections before every amount, and correction words with no figure
    kept(fill("报价填错了🙈应该是1200的 I typed the fee wrong above, it should be 350. ")),
    kept(fill("typed put wrote entered the the the wrong 填错输错 是 is ")),
    # quotes and no paid budget, over and over
    kept(fill("My rate for one video note is $380. We don't have a paid influencer budget. ")),
    # 'on us' with brackets that hold amounts, and brackets that never close
    kept(fill("the cabin is on us (2 nights, around $360 total) ")),
    kept(fill("on us (on us (comped (全免（ $1 ")),
    # holidays after which, and after-words with no holiday
    kept(fill("双十一之后 after Christmas 国庆后 past the 圣诞过后 ")),
    # packages of joined deliverables priced, and joiners with no deliverable
    kept(
        mix(
            "1 reel + 2 photo posts for $450, $450 for the reel and one photo post ",
            "+ and & plus 和 加 1 reel ",
        )
    ),
]


def test_adversarial_pastes_for_round_26_rules_finish() -> None:
    texts = chosen(HOSTILE_R26)
    seconds, head = worst_in_child(texts)
    print(f"worst of {len(texts)} hostile pastes for round 26: {seconds:.3f} s {head!r}")
    assert seconds < 2, (seconds, head)


def test_round_26_pastes_cost_like_plain_text() -> None:
    worst, plain = worst_against_plain(chosen(HOSTILE_R26))
    assert worst[0] < 6 * max(plain, 0.05), (worst, plain)
    assert len(PLAIN_TEXT) == 20_000
