"""Round 17 (after set 16): hostile 20,000-character pastes aimed at the brief rules added in that
round, parsed in a child process with a hard timeout.

Aimed at: other channels in the first line (LinkedIn, 评论区, call notes, 市集上聊的:
OTHER_CHANNEL);
jobs passed on in the first words (转发一个通告给你, 'Passing this along', a note above a
forwarded email, a relative's chat label: PASSED_ON); chat labels with or without the time and a
department or person after a dash (BRACKET_LABEL, BRACKET_DASH_ROLE, LABEL_ROLE_TAIL); '@X官方：'
(AT_OFFICIAL); 'X Latin 这边' (ZH_HERE); 'brand 叫 X' (ZH_CALLED); 'Head of Growth at X' (EN_AT);
month-days with a dash before 前 (ABS_DATES); a signature company against mail domains; counts
corrected in a thread (COUNT_CORRECTED); 每篇图文 ¥300 (PER_UNIT_BEFORE); bare chat labels
that name a trade (trade_like); FORM_LINE skipping a time's colon.
"""

from __future__ import annotations

from app.negotiation.brief import MAX_CHARS
from tests.negotiation.hostile import chosen, fill, kept, mix, worst_in_child

HOSTILE_R17 = [
    # the first line names a channel and passes a job on, then a forwarded header never closes
    kept(
        "📝 Passing this along, LinkedIn 评论区 call notes 市集上聊的 转发一个通告给你\n"
        + fill("Forwarded message ---- \n-- ")
    ),
    # chat labels with no closing bracket, with dashes and roles, thousands of lines
    kept(
        mix(
            "\n[海棠家居-市场部 ",
            "\n[Tundra BD - Ivy 11:0",
            "\n[同学小乔] [表姐 - ",
            "\n  └ @香芸香氛香芸香氛香芸香氛 ",
        )
    ),
    fill("\n[鹿野-品牌部] "),
    fill("\n@栖木家居栖木家居栖木家居官方"),
    # names before 这边 and after 叫, with no end
    kept(
        mix(
            "，知栖 Zhiqi 知栖 Zhiqi 这",
            " brand 叫 光研 GlowUp brand 叫 ",
            "Head of Growth at Head of Growth at ",
            "07-31 11-20 06-28 1-2-3-4-5 前",
        )
    ),
    fill("暖 Z"),
    # counts corrected over and over, with no end to the kind words between them
    kept(
        mix(
            "是 3 篇不是 4 篇 it's 2 videos, not 3 图文是 2 篇，不是 ",
            "3 篇 图文 视频 4 篇 5 条 ",
            "每篇图文 ¥300 每条视频1000 each image post ",
        )
    ),
    fill("1 not 2 not 3 not "),
    # one run of a Chinese numeral: every 一 may start a corrected count, and the words between
    # the two counts take any CJK; COUNT_CORRECTED with *? instead of {0,12}? takes 10.6 s on
    # this run alone (0.013 s bounded)
    kept(fill("一")),
    # bare chat labels that name a trade, thousands of times, each with a time
    kept(mix("\n[Kinfolk Tea 09:01] ", "\n[木子家纺 20:11] ", "\n[Me 09:30] ")),
    # a signature company line after a person line, under thousands of mail addresses
    kept(fill("tom@saltandember.com ")[: MAX_CHARS - 30] + "\nBest,\nTom\nSalt & Ember"),
]


def test_adversarial_pastes_for_the_h16_rules_finish() -> None:
    texts = chosen(HOSTILE_R17)  # one per rule; bench.hostile_pastes parses all
    seconds, head = worst_in_child(texts)
    print(f"worst of {len(texts)} hostile pastes for the h16 rules: {seconds:.3f} s {head!r}")
    assert seconds < 2, (seconds, head)
