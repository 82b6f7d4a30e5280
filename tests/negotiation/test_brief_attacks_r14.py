"""Round 14 (after set 13): hostile 20,000-character pastes aimed at the brief rules added in that
round, parsed in a child process with a hard timeout.

Aimed at: quoted 「」 names that are no brand (博主「…」, 那篇「…」笔记, 新出的「…」, 口令「…」,
「…计划」), bracket speakers with a date before the time ([X 市场部 01-19 16:40]), 我是X的投放同学,
'X (the … people) asked me', 'X has invited you', a trailing 'Partnerships'; exclusivity cues
('7 天内不要发其他…品牌', 'hold off on featuring other'); an English count before any lowercase
word or two ('3 vertical videos'); a sales or reach word after a number ('40k units'); a followers'
discount before an amount (下单立减15元); a bare 'N篇' inside a bracket after a counted item;
usage: 'period 2 months' after a clause, 'run the note as an ad for N days', 合作码有效期.
"""

from __future__ import annotations

from app.negotiation.brief import MAX_CHARS
from tests.negotiation.hostile import chosen, fill, kept, mix, worst_in_child

HOSTILE_R14 = [
    # quoted names with their cues, on one endless line: every bracket looks back and ahead
    kept(
        fill(
            "博主「早餐研究所」那篇「考研英语」笔记新出的「精华霜」"
            "口令「SXM15」「燃刻 夏日计划」招募"
        )
    ),
    fill("「「「「「「「「「「」"),
    # bracket speakers with a date, on many lines, and unclosed brackets
    kept(
        mix(
            "\n[咕噜豆 市场部 01-19 16:40] 你好",
            "\n[Me 08/02 22:10] hi",
            "[[[[ 01-19 01-19 01-19 ",
            "我是素和的投放同学我是素和的投放",
        )
    ),
    # English names before a bracket and a verb, and a trailing Partnerships
    kept(
        mix(
            "Pulsecore (the resistance band people I did that series with) asked me ",
            "Ab Cd Ef Gh Ij Kl (the (the (the ",
            "Hearth & Hive has invited you Hearth & Hive has invited ",
            "From: Hana Lee (Glowbit Partnerships Partnerships Partnerships)\n",
        )
    ),
    # exclusivity cues with no duration near, and many cues in a row
    kept(
        mix(
            "不要发其他不要发其他不要发其他不要发莫干山其他",
            "发布后 7 天内不要发其他美甲品牌哦",
            "hold off on featuring other hold off on featuring other ",
        )
    ),
    # counts before lowercase words, units after numbers, discounts before amounts
    kept(
        mix(
            "3 vertical videos 2 workout videos 3 a b c d e f g h ",
            "40k units 2,000+ viewers 5000单 ",
            "下单立减15元满200减30再减20 ",
            "图文笔记 ×2（1篇开箱，1篇实测）（1篇（1篇 ",
        )
    ),
    fill("3 ab ab ab ab ab ab videos "),
    fill("1 条 nail tutorial 1 条 existing 1 条 "),
    fill("\n[Ivy 03/02 20:14] within 3 weeks of getting the kit 12/20"),
    fill("店铺：渝火堂·老灶火锅（春熙路店）\n客户：炉边里·炭火烧烤·烧烤·烧烤\n"),
    # a price times a count, and prices of each kind revised again and again
    kept(mix("450×2篇450×2篇 ", "video 2k，image post each 800 ", "image post 只能 each 700 了 ")),
    # usage: a term label after a clause, running a note as an ad, a code's validity
    kept(
        mix(
            "Usage：转发，period，period 2 months，term of ",
            "run the note as an ad run the note as an ad for ",
            "合作码有效期合作码有效期 90 days，",
        )
    ),
    fill("图文 ×2（1篇，1篇，1篇，1篇，"),
    # one bracket opened after a count, then posts on and on: each looks back for the bracket
    kept(("图文笔记 ×2（" + fill("1篇，"))[:MAX_CHARS]),
]


def test_adversarial_pastes_for_the_h13_rules_finish() -> None:
    texts = chosen(HOSTILE_R14)  # one per rule; bench.hostile_pastes parses all
    seconds, head = worst_in_child(texts)
    print(f"worst of {len(texts)} hostile pastes for the h13 rules: {seconds:.3f} s {head!r}")
    assert seconds < 2, (seconds, head)
