"""Round 12 (after held-out set 11): three hostile 20,000-character pastes aimed at the rules
added in that round, parsed in one child process with a hard timeout.

Aimed at: a quoted campaign title or role (参与「…」, 「…体验官」), "Co." before a CJK word, chat
speakers "Company-Person：" and "[Company role Person hh:mm]", 我们是<kind>品牌 <name>, "Open call
on <platform>: <Name>", a platform word after a name, 报酬/cash before an amount, a campaign's
总预算, a follower range (粉丝 5k-5w), a 一篇A一篇B breakdown, N篇都, 次 beside a revision word.
"""

from __future__ import annotations

from tests.negotiation.hostile import mix, worst_in_child

HOSTILE_R12 = [
    # quotes never closed after 参与; speakers with a dash and no colon; bracketed speakers with
    # no time; 我们是…品牌 with a space and a name that never ends; "Open call on" runs, no colon
    mix(
        "参与「体验官挑战",
        "\n暖居家纺-小雅小雅\n[我 10:02] 你好",
        "[FitFuel 运营 Kiki 1",
        "我们是轻食品牌  菜菜沙拉实验室实验",
        "Open call on Pugongying Open call on ",
    ),
    # "Co." runs, platform words after names, 报酬/cash/总预算/粉丝 runs before digits that
    # never make an amount, a follower range that never closes
    mix(
        "Birch & Bee Co. Co. ",
        "品牌：贝语湿巾\n平台 平台",
        "报酬cash现金 ",
        "本次品牌活动项目总预算总预算",
        "粉丝 5k-粉丝 ",
    ),
    # 一篇 breakdown runs, N篇都 runs, 修改 N次 before and after kind words
    mix("2 篇图文，一篇试色一篇妆容一篇", "两篇都两篇都", "修改最多2次\n视频笔记可修改一次"),
]


def test_adversarial_pastes_for_the_h11_rules_finish() -> None:
    seconds, head = worst_in_child(HOSTILE_R12)
    print(f"worst of {len(HOSTILE_R12)} hostile pastes for the h11 rules: {seconds:.3f} s {head!r}")
    assert seconds < 2, (seconds, head)
