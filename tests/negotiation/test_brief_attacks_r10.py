"""Round 10 (after held-out set 9): hostile 20,000-character pastes aimed at every brand and
source rule added or changed in that round, parsed in a child process with a hard timeout.

Kept small and in a file of its own so it stays fast: a name given with 叫 after what the brand
is (品牌，叫 / 他们家叫 / 他们做…，叫), thanks for contacting us, a dash signature with a role, Co.
before a bracket, the referral phrases, a Latin name with its product, a campaign title before
the bar of an announcement header, and "from the <platform> team at <brand>".
"""

from __future__ import annotations

from app.negotiation.brief import MAX_CHARS
from tests.negotiation.hostile import chosen, fill, kept, worst_in_child


def _ended(unit: str, end: str) -> str:
    """unit repeated to the limit, then a character that makes the rule fail at the very end."""
    return fill(unit)[: MAX_CHARS - len(end)] + end


HOSTILE_H9 = [
    fill("我们是一个新的户外品牌，叫"),
    fill("品牌，叫山野集⛺"),
    fill("他们家叫 Ab Cd "),
    fill("他们做宠物智能喂食器，"),
    kept(_ended("他们做" + "a" * 30, "，叫")),
    _ended("他们做", "，"),
    kept(fill("谢谢你主动联系我们")),
    fill("—— 暖冬记 主理人 阿卷\n"),
    kept(_ended("—— 暖冬记 主理人 ", "。")),
    kept(fill("Brand: Ab & Co. (NZ) ")),
    fill("帮我 friend 的品牌问"),
    kept(fill("同事的朋友的")),
    fill("my old roommate works at "),
    kept(fill("Glow Lab Vitamin C Serum ")),
    fill("Ab Night Night "),
    fill("【蒲公英招募】双十一囤货合集｜"),
    kept("【招募】好物合集｜" + fill("栖禾 ")[: MAX_CHARS - 9]),
    fill("I'm Leo from the RED ads team "),
    kept(_ended("from the RED" + " ads" * 10, " team at")),
]


def test_adversarial_pastes_for_the_h9_rules_finish() -> None:
    texts = chosen(HOSTILE_H9)  # one per rule; bench.hostile_pastes parses all
    seconds, head = worst_in_child(texts)
    print(f"worst of {len(texts)} hostile pastes for the h9 rules: {seconds:.3f} s {head!r}")
    assert seconds < 2, (seconds, head)
