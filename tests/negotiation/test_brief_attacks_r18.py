"""Round 18 (after set 17): hostile 20,000-character pastes aimed at the brief rules added in that
round, parsed in a child process with a hard timeout.

Aimed at: the one check every brand candidate passes (brand_candidate: campaign words before and
after a Chinese name, CAMPAIGN_LEAD_ZH and CAMPAIGN_TAIL_ZH; common vocabulary, all_common_zh;
all-caps terms, CAPS_TERMS; Latin campaign titles; a place before a dot, PLACE_DOT, and the name
after the bar); a listed word inside a product's name (LISTED_IN_PRODUCT); chat labels with a
role glued to a person (BRACKET_DASH_ROLE); a signature line of name, department and person at
the end (SIGN_DEPT); mail headers with arrows (ARROW_HEAD); a relayed job's clause opening with
是 (LINE_SHI). Fee and deliverables: a waived charge (WAIVED_AFTER); a labelled whole-campaign
budget in a call for many creators (TOTAL_BUDGET_LABEL, creators_counted, RECRUITS_MANY); a
no-paid-budget answer (BARTER_ONLY); 一篇 before an amount (PRICE_NEXT); the pieces of a package
counted in 篇 (PIECES_TOTAL); a count after a per-kind price (COUNT_AFTER_PRICE).
"""

from __future__ import annotations

from app.negotiation.brief import MAX_CHARS
from tests.negotiation.hostile import chosen, fill, kept, mix, worst_in_child

HOSTILE_R18 = [
    # campaign titles and heading words, in 【】 and after 我们是, thousands of times
    kept(
        mix(
            "【蒲公英·品牌招募】冬季好眠计划 ",
            "我们是春日夏日秋冬年货焕新计划招募",
            "「品牌招募」「合作招募」「通勤降噪」",
            "[Creator call] Larkspur Spring Glow Winter Edit | ",
        )
    ),
    # all-caps terms after from/我们是, a listed word after capitalised words
    kept(
        mix(
            "from the PDF NDA SOW BRIEF URGENT ",
            "our Dove Sea Tide Midnight Tide Sea Tide ",
            "Hi Mia, Jonas from Velmora Dove ",
        )
    ),
    fill("Sea Tide "),
    # a place before a dot and a bar that never gives a name
    kept(mix("【探店通告】杭州·湖滨｜", "成都·春熙路｜杭州·", "上海·上海·上海｜｜")),
    # chat labels with a role glued to a person, never closed
    kept(mix("\n[木棉 运营小周", "\n【溪蓝 市场组 Coco", "\n[Trailmoss 品牌组 Ben 14:3")),
    # a signature line repeated, and a run of spaces and department words at the end
    kept(fill("\n青豆豆童书 市场部 小林")),
    kept(fill("Pinecrest 市场部 ")[: MAX_CHARS - 20] + "\nPinecrest 市场部 Lucy"),
    fill("市场部 "),
    # arrows that never reach a colon, and 是 after thousands of colons and chat labels
    kept(
        mix(
            "\nMe → Loam & Leaf → me → ", "\n栗子熊 → 我 → 栗子熊 ", "：是禾木家，做]是一颗梨身体乳"
        )
    ),
    fill("是禾木家，做"),
    # thousands of amounts: a campaign budget's label is looked for in the 28 characters before
    # each; searched from the text's start instead, this paste takes 2.2 s in the child (0.4 s
    # bounded) and the test fails
    kept(fill("¥1 ")),
    # a labelled budget before every amount (creators_counted is asked once per message)
    kept(fill("总预算 ¥1 a ")),
    kept(
        mix(
            "2 a b c creators 招募人数：25位 ", "Total campaign budget: ¥48,000 ", "房费¥880，全免 "
        )
    ),
    # 一篇 before amounts, 篇 totals, per-kind prices followed by counts, never a kind word
    kept(
        mix("一篇八百一篇1.2k一篇 ¥900 ", "每人3篇（共3篇：每人", "S$40 per image note, 5 notes, ")
    ),
    fill("per image note, 5 notes"),
]


def test_adversarial_pastes_for_the_h17_rules_finish() -> None:
    texts = chosen(HOSTILE_R18)  # one per rule; bench.hostile_pastes parses all
    seconds, head = worst_in_child(texts)
    print(f"worst of {len(texts)} hostile pastes for the h17 rules: {seconds:.3f} s {head!r}")
    assert seconds < 2, (seconds, head)
