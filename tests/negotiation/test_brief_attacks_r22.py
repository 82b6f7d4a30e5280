"""Round 22 (after set 21): hostile 20,000-character pastes aimed at the one reader of revision
limits (revision_limits), parsed in a child process with a hard timeout.

Aimed at: a bounded count on every few characters with no revision noun anywhere (each count
looks for a noun only REV_REACH characters either side inside its sentence, and REV_ASKED
characters before it); counts and nouns packed into one sentence with no stop; 'unlimited' forms
with and without a noun; a count in brackets after every number word; a trade word after every
few characters for the names glued to it (glued_names), and amounts where a name would stand.
"""

from __future__ import annotations

from app.negotiation.brief import MAX_CHARS
from tests.negotiation.hostile import chosen, fill, kept, worst_in_child

HOSTILE_R22 = [
    # bounded counts with no revision noun: every count searches around itself for one
    kept(fill("最多2次 ")),
    kept(fill("at most 3 rounds, tops ")),
    kept(fill("控制在 2 轮以内 顶多两轮 ")),
    # bounds with no count after them (REV_COUNT allows only a short verb between the two)
    kept(fill("最多给 至多 at most 不超过 max ")),
    # nouns and counts in one sentence with no stop
    kept(fill("改稿最多改 2 版 feedback once ")),
    kept(fill("no more than three (3) rounds of changes ")),
    # 'unlimited' forms, with no noun and with one
    kept(fill("no limit unlimited 不限 ")),
    kept(fill("修改这块 no limit 改到满意为止 ")),
    # a trade word after every few characters, glued names and Latin names between (glued_names
    # walks back at most 4 characters and 20 for a Latin name, and reads 400 trade words)
    kept(fill("合作过的青檀咖啡和星渡里商场")),
    kept(fill("森屿 Senyu 香氛")),
    kept(fill("咖啡")),
    kept(("青" * (MAX_CHARS - 1000) + "咖啡" * 500)[:MAX_CHARS]),
    # an amount with its measure word where a name would stand (AMOUNT_OR_MEASURE_NAME)
    kept(fill("我们是个小团队，3k一条 ")),
    # a count written apart from the kind word, everywhere (COUNT_APART)
    kept("视频 " + fill("共 3 条 要两篇 两条都 ")[: MAX_CHARS - 10]),
    # one long sentence of payment terms, joints and relative dates (PART_JOINT, read back at
    # most PART_REACH characters from each date)
    kept(fill("net 30 and live by the end of next month, 打款，下个月底前发布 ")),
    # dates written day first, and impossible either way (13/13/2027)
    kept(fill("by 28/09/2027 截止 25/10/2027 13/13/2027 ")),
    # a known brand's word joined by & on both sides, again and again (inside_amp_name looks 34
    # characters back)
    kept(fill("Tide & Fern & Dove & Kindle & ")),
    # the own-record and agreement-summary cues of OTHER_CHANNEL, with no summary word after them
    kept(fill("合作确认书 collaboration confirmation 自己记 ")),
]


def test_adversarial_pastes_for_revision_limits_finish() -> None:
    texts = chosen(HOSTILE_R22)  # one per rule; bench.hostile_pastes parses all
    seconds, head = worst_in_child(texts)
    print(f"worst of {len(texts)} hostile pastes for revision limits: {seconds:.3f} s {head!r}")
    assert seconds < 2, (seconds, head)
