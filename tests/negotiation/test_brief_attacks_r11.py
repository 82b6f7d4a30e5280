"""Round 11 (after held-out set 10): hostile 20,000-character pastes aimed at the rules added in
that round, parsed in one child process with a hard timeout; the whole file stays near 2 s.

Aimed at: a job passed on (单…转给你), thanks for the pitch and "the $800 you quoted", a
co-creation invitation (共创…), a Weibo tag at the start, "New offer on X" and "<name> sent you
an offer", 在做 <name> 的 campaign, "Tom at Birchwell Tea" after a sign-off, a two-line "person /
role, company" signature, the department before Team, a price per item in brackets after a
count ("2 个…（每个 ¥398）"), a sample to be sent back, 粉 beside a powder, 某…品牌 before a
campaign, the contact's label before an agency (对接人是).
"""

from __future__ import annotations

from app.negotiation.brief import MAX_CHARS
from tests.negotiation.hostile import fill, worst_in_child


def _ended(unit: str, end: str) -> str:
    """unit repeated to the limit, then a character that makes the rule fail at the very end."""
    return fill(unit)[: MAX_CHARS - len(end)] + end


def _mix(*parts: str) -> str:
    """Several hostile runs in one 20,000-character paste (fewer parses keep the file near 2 s):
    each run fills an equal share, the last one ends the paste."""
    share = MAX_CHARS // len(parts)
    out = "".join((p * (share // len(p) + 1))[:share] for p in parts)
    return (out + parts[-1] * 2)[:MAX_CHARS]


SIGNATURE = "\nPriya Shah\n" + "Creator " * 9 + ", Ab"
HOSTILE_H10 = [
    # 单/档期 then up to 16 characters before 转给你 (never reached); "thanks for the <words>
    # pitch" and "the $800 you quoted" with words and digits that never end them
    _mix("这单档期单子活", "Thanks for the great great $8,000,000 you "),
    # a Weibo tag never closed at the start, 共创 everywhere, "New offer on" with no capital
    _ended("【微博私信 共创计划共创计划入选 new offer on ", "】"),
    # capitalised words before "sent you" that never say "an offer"; 在做 names never followed by
    # 的 campaign; "Name at Name …" lines after a sign-off; a department run before Team
    _mix("Ab Cd Ef Gh sent you a ", "在做 Nespresso Ab Cd 在做", "Best,\nTom At Ab Cd Ef Gh Ij\n"),
    fill("Ab China Social Creator Marketing Brand Team "),
    # a count of items and a bracket that never closes on a price; 寄回 with no need; 粉 runs
    _mix("送你2个3支4件（每个 ¥39", "需要寄回要寄回样机价值1999", "蜜粉散粉1w粉价值179"),
    # 某…品牌 before a name; a contact label repeated before an agency word; the last line's
    # signature, a person on her own line, then a long role run
    _mix("某护肤品牌 秋季新品 ", "对接人是对接人是传媒", "x ")[: MAX_CHARS - len(SIGNATURE)]
    + SIGNATURE,
]


def test_adversarial_pastes_for_the_h10_rules_finish() -> None:
    seconds, head = worst_in_child(HOSTILE_H10)
    print(f"worst of {len(HOSTILE_H10)} hostile pastes for the h10 rules: {seconds:.3f} s {head!r}")
    assert seconds < 2, (seconds, head)
