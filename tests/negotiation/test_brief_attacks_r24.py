"""Round 24 (after set 23): hostile 20,000-character pastes aimed at the round's rules, parsed in
a child process with a hard timeout, each timed against a plain text of the same length in the
same child (the machine is shared and loaded: a ratio holds where an absolute bar under 1 s
does not).

Aimed at: chat labels with a date before the time (BRACKET_DATE: 3月2日, 2026/5/8, 'Jun 3,');
introductions cut at 的 before a staff role (at most 24 characters read); an amount after a
name's lead word (CURRENCY_THEN_NUMBER in plausible); a person named with a role at a company
(PERSON_ROLE_AT, matched at each candidate's end, at most 80 characters, its role's first and
last words checked whole); candidates holding another candidate's name (without_titles, which
compares at most TITLE_POOL_CAP candidates with each other); a closing bracket with no opening
one in a name (UNOPENED_SHUT); a heading's name before a program (PROGRAM_HEAD, read in the
first 300 characters); a reply's chain under 'Subject: Re:' (answers_her_in_a_reply: four lines
found with str.find, at most 1,200 characters, then the thanks and a we between two
separators); a friend passing a job on (推你去？) and an agency named after a relay's 的
(RELAY_CLAUSE, on the agency's name only). Written for round 24 (4c16ec2, d15888c) and kept
for its re-landing in a tightened form (issue-13-r24b), with pastes for the tightened parts.
"""

from __future__ import annotations

from tests.negotiation.hostile import (
    PLAIN_TEXT,
    chosen,
    fill,
    kept,
    mix,
    seconds_in_child,
    worst_against_plain,
    worst_in_child,
)

HOSTILE_R24 = [
    # chat labels with dates in every format, speaking on every line
    kept(fill("[轻屿-品牌部 Coco 2月25日 14:22] 好\n[我 Jun 3, 09:12] ok\n[贝洁 5/8 20:11] 嗯\n")),
    # labels opening with a date and no time to close them
    kept(fill("[云栖茶舍 2026年3月2日 3月2日 Jun 3, 2026/5/8 ")),
    # introductions with staff roles after 的, and 的 with no role
    kept(fill("我是棠溪手工皂的主理人阿宁 我们是山木的的的的创始人 这里是栗子鸟烘焙的老板 ")),
    # amounts after every lead word of a name
    kept(fill("from RMB 2,000 at USD 250 by CNY 1 for ¥300 ")),
    # persons with roles at companies, and roles with no company
    kept(fill("Marcus Lee (APAC Influencer Lead at Verdant Labs) Daniel Ortiz, Creator Lead at ")),
    # many distinct quoted names, each held again inside a quoted title
    kept("".join(f"「和 Nam{i:04d} 一起过夏天」我们是「Nam{i:04d}」" for i in range(700))[:20_000]),
    # closing brackets everywhere inside label values
    kept(fill("代理品牌：小橡果)))) 品牌：布丁熊）")),
    # program headings, and Title-Case runs with no program after them
    kept(mix("\nAqualis 澈露 Creator Program ", "Abc Def Ghi Jkl Mno ")),
    # a reply's chain: 'Subject: Re:' over endless original messages; long first lines
    kept("Subject: Re: x\n" + fill("-----Original Message-----\nFrom: A\n")[:19_980]),
    kept(fill("x" * 299 + "\n")),
    # a friend passing jobs on, agencies after 的
    kept(fill("他们发的要求 推你去 对方给的需求 我认识的星野MCN 合作过的的的森屿MCN ")),
    kept(fill("推你去吧？推你过去给老板 有趣的灵魂传媒 我朋友的的的有趣的灵魂传媒 ")),
    # a reply's chain whose mails thank her, speak as we, and split on every line
    kept(
        "Subject: Re: x\nthanks for reaching out\n-----Original Message-----\n"
        + fill("we our 我们 ----- thanks for reaching out 感谢您的来信\n")
    ),
    # roles at companies whose first and last words are near misses, brands sold at shops
    kept(fill("Kora Skincare, a clean beauty brand available at Sephora. Mia Lee (the Lead at ")),
    # program headings of platforms, one per line
    kept(mix("LTK Creator Program\n", "Amazon Influencer Program ")),
    # quoted names holding a listed name after words of company
    kept(fill("「一点点 Coco 奶茶」「和 Coco 一起」「跟着 Coco 去」[小林 Coco 14:20] ")),
]


def test_adversarial_pastes_for_round_24_rules_finish() -> None:
    texts = chosen(HOSTILE_R24)  # one per rule; bench.hostile_pastes parses all
    seconds, head = worst_in_child(texts)
    print(f"worst of {len(texts)} hostile pastes for round 24: {seconds:.3f} s {head!r}")
    assert seconds < 2, (seconds, head)


def test_round_24_pastes_cost_like_plain_text() -> None:
    """Each paste against a plain text of the same length, parsed in the same child: a rule
    that grows with the text shows as a multiple of the plain parse on any machine."""
    worst, plain = worst_against_plain(chosen(HOSTILE_R24))
    assert worst[0] < 6 * max(plain, 0.05), (worst, plain)


def test_many_quoted_names_are_not_compared_pairwise() -> None:
    """without_titles compares candidates with each other: over 2,000 distinct quoted names it
    reads only the first TITLE_POOL_CAP. Measured on a loaded machine: 1.03 s against 0.22 s
    for plain text (4.7x; main's parser costs the same 1.03 s), and 1.94 s (8.8x) with the cap
    removed."""
    names = "".join(f"「Qa{i:04d}」" for i in range(3000))[:20_000]
    seconds, plain = seconds_in_child([names, PLAIN_TEXT])
    print(f"quoted names {seconds:.3f} s, plain text {plain:.3f} s")
    assert seconds < 6.5 * max(plain, 0.05), (seconds, plain)
