"""Round 25 (after set 24): hostile 20,000-character pastes aimed at the round's rules, parsed in
a child process with a hard timeout, each timed against a plain text of the same length in the
same child (the machine is shared and loaded: a ratio holds where an absolute bar under 1 s
does not).

Aimed at: chat speakers written company-dash-person with a role, a bracketed date or the time
alone on the line (ZH_SPEAKER_DASH) and the creator's '我 10:40' label; a word used as a
person's (person_like: at most PERSON_MENTIONS_READ mentions of each fallback candidate, each
read 12 characters back and one match forward); contact lines with a department (CONTACT_DEPT)
and lists of who came for the brand (LISTED_BRAND_SIDE); 【】 field labels one per line
(FIELD_LABEL_LINE, FIELD_LABEL_AT); a shop's branch (BRANCH_TAIL on a name, BRANCH_HEAD 12
characters back, NAME_BRANCH); a name in two scripts (PAIR_CJK_FIRST, PAIR_LATIN_FIRST, at most
800 matches, each checked with person_like); the count of pieces after a price per piece
(PIECES_AFTER_PRICE, 24 characters from the price); a name opening with a negation; a friend
asking 'you do X, right?' and pasting a brief (YOU_DO_X, 16 characters to its question mark,
PASTED_BRIEF); a person with the company and its department in brackets
(PERSON_COMPANY_BRACKET, at most 40 characters inside, also read as a person in person_like);
a booth at a fair (ZH_BOOTH, EN_BOOTH); a package's price (package 价, bundle price before it;
for the bundle, for both, as a package in the 24 characters after it); a corrected fee
(CORRECTED_TO, 30 characters before the figure, at most 20 between the word and 是).
"""

from __future__ import annotations

from tests.negotiation.hostile import (
    chosen,
    fill,
    kept,
    mix,
    worst_against_plain,
    worst_in_child,
)


def _distinct(n: int, template: str) -> str:
    """n distinct Title-case Latin words (no digits: a word with one is dropped early)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = []
    for i in range(n):
        word = "K" + letters[i % 26] + letters[(i // 26) % 26] + letters[(i // 676) % 26]
        words.append(template.format(word))
    return "".join(words)[:20_000]


CJK = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"


def _distinct_cjk(n: int, template: str) -> str:
    out = []
    for i in range(n):
        out.append(template.format(CJK[i % 22] + CJK[(i // 22) % 22] + CJK[(i // 484) % 22]))
    return "".join(out)[:20_000]


HOSTILE_R25 = [
    # company-dash speakers with roles, dates in brackets, times alone on a line
    kept(fill("植语集-投放 小苏（11月3日）：好\n毛球星球-小橘 10:12\n我 10:40\n森屿茶事-品牌部（")),
    # speakers that never close: dashes and roles with no colon or time
    kept(fill("\n稻禾米粉-阿芝 阿芝 阿芝（（（ 10:1")),
    # persons everywhere: addressed, speaking, at an agency, said and sent
    kept(
        fill("@小雨 小雨：Bloom MCN 的 Kelly, Kelly 说 等 Kelly 发合同 Maya said Maya will send ")
    ),
    # many distinct one-word names, each once, each read for its mentions as a person
    kept(_distinct(3000, "{} 说 ")),
    # many distinct Chinese names under @, each once
    kept(_distinct_cjk(3000, "@{} ")),
    # contact lines and lists of who came, whole and near misses
    kept(fill("联系：暖芽 市场部 Coco\n参会：me, Aquaré 水澈 品牌方 2 人、")),
    kept(fill("联系：Abc Def Ghi 联系: 品牌方品牌方 , Abc Def Ghi Jkl 水澈水澈 品牌")),
    # field labels in 【】 one per line, and brackets that never close
    kept(fill("【合作内容】图文\n【报酬】")),
    kept(fill("\n【合作内容【【【【 ")),
    # shops with branches after a dot, a dash, in brackets; branches that never close
    kept(fill("炙野烧肉·上海静安店 山隐茶肆（成都太古里店）炉边烤肉-南京新街口店 ")),
    kept(fill("，山隐茶肆（成都太古里店店店店（")),
    # names in two scripts, repeated and distinct
    kept(mix("喵宅 MEOWHOUSE ", "Mochiko 麻薯子 ")),
    kept(_distinct_cjk(3000, "{} Kelvin ")),
    # prices per piece with counts, and counts with no price
    kept(fill("每条 ¥1200 共 2 条，另加授权费 ¥300 ")),
    kept(fill("共 2 条，共 2 条，每条")),
    # friends reminding her of her work and pasting briefs, with no end to the question
    kept(fill("你不是你不是做 转发 贴给你 要求我贴给你 你不是做母婴的吗 转发：")),
    # persons with companies in brackets, and brackets that never reach a department
    kept(fill("Maya (Juniper & Rye PR) Coco（暖芽 市场部）Theo (Saltmarsh Candles marketing ")),
    kept(fill("Theo (Abc Def Ghi Jkl Mno Pqr Stu ( Coco（暖芽暖芽暖芽暖芽 ")),
    # booths at fairs, and lead words with no booth after them
    kept(fill("路过暖芽 NUANYA 展台 逛到 Saltmarsh 的展位 stopped by the Fernwick Tea booth ")),
    kept(fill("路过路过逛到 Abc Def Ghi 暖芽暖芽 ABCDEF 的 the Abc Def Ghi Jkl ")),
    # package prices after prices per piece, and package words with no price
    kept(fill("单篇 ¥1,000，三篇一起 package 价 ¥2,700 $300 each, $800 for the bundle of three ")),
    kept(fill("package 价 bundle price for the whole bundle for both as a package $1 ")),
    # corrections before every number, and corrections with no figure
    kept(fill("更正：稿费写错了！是3500，不是3000 报酬打错了！应该是1800 ")),
    kept(fill("更正更正写错打错 correction typo 是是是 1 ")),
    # names opening with a negation, and rules
    kept(fill("我们是没有名字咖啡，不接其他咖啡 ")),
]


def test_adversarial_pastes_for_round_25_rules_finish() -> None:
    texts = chosen(HOSTILE_R25)  # one per rule; bench.hostile_pastes parses all
    seconds, head = worst_in_child(texts)
    print(f"worst of {len(texts)} hostile pastes for round 25: {seconds:.3f} s {head!r}")
    assert seconds < 2, (seconds, head)


def test_round_25_pastes_cost_like_plain_text() -> None:
    """Each paste against a plain text of the same length, parsed in the same child: a rule
    that grows with the text shows as a multiple of the plain parse on any machine."""
    worst, plain = worst_against_plain(chosen(HOSTILE_R25))
    assert worst[0] < 6 * max(plain, 0.05), (worst, plain)
