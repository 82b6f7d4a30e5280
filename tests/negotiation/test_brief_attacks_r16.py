"""Round 16 (after set 15): hostile 20,000-character pastes aimed at the brief rules added in that
round, parsed in a child process with a hard timeout.

Aimed at: shop prices (官方价) and kept goods (不用还, 留着用, 'keep it' after a bracket, a
Product: line label); the creator's take ('lands in your account', 到账, "you'd get") and a take
grossed up by the cut named after it (到手400/篇（已扣20%）); bonuses (再加 bonus, 额外奖励);
一口价/打包价; the creator's own quote (报价, my rate) before a barter; the brand's side named
in passing (X这边看到, 问了X那边的对接人); 'X 回复：' labels; 'X is recruiting', 'from X here',
"it's for X", 'for X (the … people)'; 在做X的 outreach; a given name after 的; relayed jobs
(问你接不接, 拉群, 'want an intro'); 星图/花火 notices; licence terms after a comma
(…详情页用 1 year, 'License: commercial use, 1 year') and 'code authorization'.
"""

from __future__ import annotations

from tests.negotiation.hostile import chosen, fill, kept, mix, worst_in_child

HOSTILE_R16 = [
    # takes, cuts, bonuses and quotes on one endless line: each amount looks around it
    kept(fill("到手400/篇（已扣机构20%服务费 ¥1,350 lands in your 再加 bonus ¥300 一口价 8k ")),
    kept(
        mix(
            "（官方价¥128），不用还（US$59), keep it 留着用 ",
            "Product: kettle (US$59 (US$59 (US$59 ",
            "我是阿朵报价500/篇 my rate is $250 只做置换 ",
            "so you'd get £240 you'd get £ 到账 ",
        )
    ),
    # an unclosed take bracket with digits and no percent sign, on and on
    fill("到手400（已扣除机构服务费 1 2 3 4 5 6 7 8 9 "),
    # names in passing with no end: long CJK runs before 这边/那边 and 回复
    kept(
        mix(
            "暖禾家纺那边的对接人拾柒服饰这边看到问了小满那边 ",
            "\n几何文具 回复：\n云纹饰品 回复：",
            "Kestrel Outdoor is recruiting Marco from Ondine here it's for Velora ",
            "for Solace (the sleep mask people) 在做 Barkly 的 KOL outreach "
            "我是 Lumière Lab 的 Joy ",
        )
    ),
    fill("这边看到那边的对接人"),
    # one CJK run with no 这边/那边 in it: a name capture without an upper bound backtracks over
    # the whole run from every start (ZH_SIDE with {2,} instead of {2,10}: 1.6 s on this alone)
    kept(fill("暖")),
    fill("for Ab (the a a a a a a a a a a a "),
    # relays and marketplaces, licence clauses after commas
    kept(
        mix(
            "问你接不接 拉群 帮你问 want an intro asked me to find 问了a的对接人 ",
            "抖音星图任务通知 花火商单邀请 新的商单 ",
            "素材授权，我们官网用 1 year，License: commercial use, 1 year, ",
            "run both videos as paid social ads for 6 months code authorization: 60 days ",
        )
    ),
    fill("授权，"),
]


def test_adversarial_pastes_for_the_h15_rules_finish() -> None:
    texts = chosen(HOSTILE_R16)  # one per rule; bench.hostile_pastes parses all
    seconds, head = worst_in_child(texts)
    print(f"worst of {len(texts)} hostile pastes for the h15 rules: {seconds:.3f} s {head!r}")
    assert seconds < 2, (seconds, head)
