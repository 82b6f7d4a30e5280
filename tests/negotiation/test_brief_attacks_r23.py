"""Round 23 (after set 22): hostile 20,000-character pastes aimed at the round's rules, parsed in
a child process with a hard timeout.

Aimed at: a rate from an earlier deal on every few characters (earlier_deals reads at most
EARLIER_DEAL_REACH characters back inside the amount's clause); a count before the times sign
(COUNT_TIMES_BEFORE reads 20 characters back) and prices per creator; parts added to a fee, with
and without a label, chained on one line (ADDON_BEFORE reads ADDON_REACH characters back, its
label at most 12; a bare add word is a bonus only after a result, BONUS_CONDITION, read
BONUS_CONDITION_REACH back); quoted names before campaign titles (QUOTED_NAME_TITLE, inside a
quote of at most 40 characters); marketplace cues (PLATFORM_USE, at most PLATFORM_USE_MAX names
read); a count after a verb of making (COUNT_APART); sentence words and lead verbs where a name
would stand (SENTENCE_WORDS, ZH_OF_PRODUCT).
"""

from __future__ import annotations

from tests.negotiation.hostile import chosen, fill, kept, mix, worst_in_child

HOSTILE_R23 = [
    # a rate from an earlier deal before every amount, in one clause with no stop
    kept(fill("我上次接他们是 500 一篇 他们家我之前是1800 ")),
    kept(fill("they paid me $250 per post but I charged $300 ")),
    # the cue alone, with no amount after it for a long way
    kept(fill("我之前接过 last time I got ")),
    # a count before the times sign, everywhere; prices per creator
    kept(fill("2篇×300 3 posts x ¥500 ")),
    kept(fill("Fee per creator: ¥900 per person $5 ")),
    # parts added to a fee, chained on one line with no stop
    kept(fill("稿费 ¥200 + 合作码授权费 ¥100 ")),
    kept(fill("+ 另加 另外 plus ")),
    # a bare plus after every amount: 1.5 s before this round's rules and after (measured min of
    # 3 at 7d2c133 and with them), near the 2 s bar under load, so parsed by the bench only
    fill("¥1+"),
    kept(mix("视频300+ 图文150+ ", "另加合作码授权费另外额外再加 ")),
    # bare add words after a label, with and without a result before them (BONUS_CONDITION reads
    # BONUS_CONDITION_REACH characters back)
    kept(fill("授权费另加200 如果点赞过1000，再加200 加急费另外加 300 ")),
    kept(fill("另加1 再加2 追加3 ")),
    # quoted names before campaign titles
    kept(fill("「芒种茶饮 · 春日品鉴官」入选「禾本 · 夏日尝鲜官」")),
    # marketplace cues, many names
    kept(fill("CreatorPort service fee 15% Open Collabify to accept Kora 平台的 ")),
    kept(fill("Abcd's 12% service fee ")),
    # a count apart from the kind word after a verb of making (COUNT_APART), and near misses
    kept("视频 " + fill("先拍2条看看 发完两条就行 做3篇吧 拍2条视频 先做")[:-10]),
    # sentence words and lead verbs where a name would stand
    kept(fill("是小满的香薰，人挺好说话的\n成为青禾的第一批体验官 ")),
]


def test_adversarial_pastes_for_round_23_rules_finish() -> None:
    texts = chosen(HOSTILE_R23)  # one per rule; bench.hostile_pastes parses all
    seconds, head = worst_in_child(texts)
    print(f"worst of {len(texts)} hostile pastes for round 23: {seconds:.3f} s {head!r}")
    assert seconds < 2, (seconds, head)
