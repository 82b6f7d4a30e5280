"""Round 20 (after set 19): hostile 20,000-character pastes aimed at the role check for goods
kept (goods_worth), parsed in a child process with a hard timeout.

Aimed at: amounts priced per item or as a lot by the thousand (GOODS_EACH_BEFORE,
GOODS_EACH_AFTER, GOODS_LOT_BEFORE, GOODS_LOT_AFTER), each with a goods cue (GOODS_KEPT) and
counts of items before it (GOODS_COUNT); brackets never closed (GOODS_BRACKET_OPEN/SHUT);
deliverables named between cues and amounts (the last one found by bisection); one line with
no stop, so every clause is as long as CLAUSE_REACH allows; a count times a price before
every amount (COUNT_TIMES_BEFORE, searched in the 8 characters before it).
"""

from __future__ import annotations

from app.negotiation.brief import MAX_CHARS
from tests.negotiation.hostile import chosen, fill, kept, mix, worst_in_child

HOSTILE_R20 = [
    # per-item prices after a count of items sent, on one line with no stop
    kept(fill("寄3瓶（¥45/瓶）")),
    kept(fill("send 3 candles (USD 32 each) yours to keep ")),
    # a deliverable and goods before every amount: the bisection over deliverables named
    kept(fill("1篇图文 寄两盒（一盒 ¥158）")),
    # counts by the thousand before one per-item price
    kept("寄" + fill("×2 3 candles 两瓶 send 2 ")[: MAX_CHARS - 20] + "¥79/支 不用寄回"),
    # lots and brackets never closed, cues after the amount
    kept(mix("(about SGD 180 together ", "（官网 ¥88 自己喝", "¥38 each) are yours to keep ")),
    kept(fill("Product：x2 一个 ¥199 ")),
    # a count times a price before every amount (COUNT_TIMES_BEFORE)
    kept(fill("4 × $150 3×350 2 x ¥600 ")),
]


def test_adversarial_pastes_for_goods_kept_finish() -> None:
    texts = chosen(HOSTILE_R20)  # one per rule; bench.hostile_pastes parses all
    seconds, head = worst_in_child(texts)
    print(f"worst of {len(texts)} hostile pastes for goods kept: {seconds:.3f} s {head!r}")
    assert seconds < 2, (seconds, head)
