"""Round 21 (after set 20): hostile 20,000-character pastes aimed at the rules for a later value
in a thread and for prices named by their kind, parsed in a child process with a hard timeout.

Aimed at: revision cues before every amount (REVISED_BEFORE, PAID_IS_BEFORE after a metric
word, searched in the 16 and 10 characters before it); a long chain of bare figures after a
price per piece, each revising the one before (revised_in_role, one pass over the fees);
quoted-mail heads on every line and lines of dashes with no head (QUOTED_MAIL, searched once,
its 'wrote' line bounded to 80 characters); a kind word before every amount (KIND_WORD_BEFORE,
12 characters); 值 after a qualifier (VALUE_BEFORE); a budget next to a count of places
(PLACES_COUNT).
"""

from __future__ import annotations

from app.negotiation.brief import MAX_CHARS
from tests.negotiation.hostile import chosen, fill, kept, mix, worst_in_child

HOSTILE_R21 = [
    # a price per piece, then a bare figure after a revision cue, again and again
    kept("每篇 ¥500/篇 " + fill("改成 600 → 700 actually 800 确认下来是 900 ")[: MAX_CHARS - 20]),
    # a metric word before every figure they say they pay
    kept(fill("按粉丝量他们给的是 2.5k，不是 3k ")),
    # quoted-mail heads and dashes with no head, every line
    kept(
        mix("——— 原邮件 ———\n", "-" * 60 + "\n", "在 2027年5月20日，小棠 写道：\n", "On Tue " * 30)
    ),
    kept("视频 1500/条\n" + fill("On " + "x" * 70 + " wrote\n")[: MAX_CHARS - 20]),
    # a kind word before every amount, and 值 after a qualifier
    kept(fill("fee：image ¥1.5k，video ¥2.5k，图文 600，视频 1300，直播 3k ")),
    kept(fill("寄两袋 差不多值一百五 大概值 300 ")),
    # a budget before every count of places (PLACES_COUNT on the amount's line, 120 characters)
    kept(fill("本期预算6w，共招12位 budget $6,000 for 40 spots 招 20 个名额 ")),
    # brand candidates with a liking verb, a negation or a sentence opener before them
    kept(fill("一直很喜欢谷岸的燕麦片。不接其他品牌\nSo Lantern & Loom (the linen people) ")),
    # the shortest kind-and-price pair, as many amounts as fit
    kept(fill("视频 600 ")),
    kept("¥500/篇 " + fill("→ 600 ")[: MAX_CHARS - 10]),
]


def test_adversarial_pastes_for_thread_revisions_finish() -> None:
    texts = chosen(HOSTILE_R21)  # one per rule; bench.hostile_pastes parses all
    seconds, head = worst_in_child(texts)
    print(f"worst of {len(texts)} hostile pastes for thread revisions: {seconds:.3f} s {head!r}")
    assert seconds < 2, (seconds, head)
