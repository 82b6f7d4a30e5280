"""Round 13 (after held-out set 12): hostile 20,000-character pastes aimed at the fee, brand and
deliverables rules added or changed in that round, parsed in a child process with a hard timeout.

Aimed at: the fee cue words (one-character cues right before the amount only), a measure after
a number (100ml, 12 × 15g), a figure said to be wrong (不是 3k, not $540), the creator's net worked
out from the fee (到手 = 2000 × 0.8 = 1600, you'd net), a shop price per item and the count of
items sent near it (retail 价 ¥199/件 … 寄 2 件), an amount in brackets with a total word, the
creator's quote turned down by a barter (你报的… 纯置换), the bare brand (a trailing category word,
a name glued in two scripts, a company suffix), a contact line under a signature, '我是 X 的
<Latin word> <role>', posts already published licensed by a co-creation code (那两篇…的合作码), a
journey paid by the brand, a discount for the followers, a sales target, a promotion price, a worth
given per item (一盒价值, each worth), 'max N rounds' further from the revision word.
"""

from __future__ import annotations

from tests.negotiation.hostile import chosen, fill, kept, mix, worst_in_child

HOSTILE_R13 = [
    # shop prices per item, each with a count of items sent beside it, on one endless line:
    # every price looks for the count nearest it
    kept(fill("寄2件retail 价 ¥199/件，")),
    fill("send you 2 bottles, $38 a bottle "),
    # cue words inside other words, measures, figures said to be wrong, nets worked out
    kept(
        mix(
            "就寄出100ml一定618不是3k ",
            "到手 = 2000 × 0.8 = 1600 ",
            "you'd net $1,600 net ",
            "Barista 12 × 15g featuring 8–10 ",
        )
    ),
    fill("到手 = = = = 1 × 1 × "),
    # quotes turned down by a barter; totals in brackets after a product sent
    kept(
        mix(
            "你报的价格是图文800/篇",
            "纯置换只做置换",
            "your rate of $500 we can only offer a gifted ",
            "寄一套（共计约¥560）",
            "send the set (around HK$900 in total) ",
        )
    ),
    # names: category tails, glued pairs, contact lines after a sign-off, 我是 X 的 role
    kept(
        mix(
            "Best,\nsara@oatfieldsnacks.com\n",
            "我是 Keep 的 creator 对接 Ray ",
            "品牌：贝语婴儿湿巾家居家纺 ",
            "Brand: Stride Coffee Roasters Coffee Tea Co. ",
            "OATLY噢麦力OATLY噢麦力 ",
            "the people behind the team of Ab Cd Ef ",
            "我们是 the a an our ",
        )
    ),
    fill("Best,\n+86 138 0000 0000\n"),
    # journeys paid by the brand, discounts for the followers, sales targets, promotion prices
    kept(
        mix(
            "Flights (about $1,200) are on us ",
            "机票（约 2000 元）我们承担",
            "a $20 discount code 满300减50 ",
            "GMV目标5万销售额5万",
            "活动价 ¥89 一支寄你两支",
            "寄三盒礼盒（一盒价值 128）一包一包",
            "2 covers (each worth $45) yours to keep ",
            "修改 unlimited 不太现实哈, max max ",
        )
    ),
    # posts already published, named for their code, and bare counts after them
    kept(mix("那两篇防晒笔记的合作码", "两篇共 ¥900 ", "之前自发 post 的小白瓶笔记 ")),
]


def test_adversarial_pastes_for_the_h12_rules_finish() -> None:
    texts = chosen(HOSTILE_R13)  # one per rule; bench.hostile_pastes parses all
    seconds, head = worst_in_child(texts)
    print(f"worst of {len(texts)} hostile pastes for the h12 rules: {seconds:.3f} s {head!r}")
    assert seconds < 2, (seconds, head)
