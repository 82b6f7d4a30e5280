"""Round 15 (after set 14): hostile 20,000-character pastes aimed at the brief rules added in that
round, parsed in a child process with a hard timeout.

Aimed at: a campaign budget on a line counting creators (总预算 … 15位博主, 'total budget' …
'8 creators', per creator); ad spend (投放/投流/加热投入); goods prices in brackets
(（一袋¥99，共¥198）); bare counts broken down in a bracket (共5篇（5款，一款一篇）); counts
across a line break; a tasting flight; referral cues (转你一个, 品牌那边发给我的,
'Forwarding you a brief'); the creator's
own chat line first ([我 12-06 21:10]) and 自荐; a Latin spelling before 的 (茶屿 TEAISLE 的 PR);
comment words before 「」; account handles (@Rivo影像) named again; shop labels after a symbol;
[X官方 …] chat labels; a person then a company line and mail domains.
"""

from __future__ import annotations

from app.negotiation.brief import MAX_CHARS
from tests.negotiation.hostile import chosen, fill, kept, mix, worst_in_child

HOSTILE_R15 = [
    # amounts after budget words on one endless line full of creator counts: every amount looks
    # for a count on its line
    kept(fill("总预算3万 15位博主 budget $200 8 creators 每位预算2000 ")),
    fill("campaign 2000 campaign 2000 campaign 2000 campaign "),
    # ad spend, goods brackets never closed, bare counts broken down
    kept(
        mix(
            "每篇预计投放5000元加热投入2万元投流预算 ",
            "寄2袋正装（一袋¥99，共¥198（一罐¥45，合计¥135 ",
            "共5篇（5款，一款一篇（一篇（一篇 ",
            "net 30\nPost 2\n篇 tasting flight ¥300 ",
        )
    ),
    fill("（一袋¥9（一袋¥9（一袋¥9"),
    # one goods bracket opened and never closed, then amounts on and on: each looks back for it
    kept(("寄2袋正装（一袋" + fill("¥12，"))[:MAX_CHARS]),
    # referral and pitch cues, chat labels with dates
    kept(
        mix(
            "转你一个品牌那边发给我的Forwarding you a brief a brand sent me ",
            "\n[我 12-06 21:10] 你的自荐\n[素叶官方 3/31 10:05] 收到",
            "我是茶屿 TEAISLE 的 brand team 我是竹间家居的新媒体 ",
            "评论区扣「甲」回复「冲」扣「",
        )
    ),
    # handles named again, labels after symbols, a person then a company line
    kept(
        mix(
            "@Rivo影像 #Rivo夏日# @Kestrel户外 Kestrel @Ab @Cd ",
            "📍店铺：Olive & Oat（上海）\n商户：炭知味烤肉（徐汇店）\n",
            "leo@driftwoodcamp.co leo@a.co ",
        )[: MAX_CHARS - 30]
        + "\nLeo\nDriftwood Camp Co."
    ),
    fill("@Abcdefgh @Abcdefgh @Abcdefgh "),
]


def test_adversarial_pastes_for_the_h14_rules_finish() -> None:
    texts = chosen(HOSTILE_R15)  # one per rule; bench.hostile_pastes parses all
    seconds, head = worst_in_child(texts)
    print(f"worst of {len(texts)} hostile pastes for the h14 rules: {seconds:.3f} s {head!r}")
    assert seconds < 2, (seconds, head)
