"""Attack review of issue-13-r24c (the round-24 rules tightened after attack review 24b).

Each test below except the last two is a finding: it fails on the branch head (962f2d7). A
comment on each case gives what main (e3a18cc, the same message parsed with main's app/) and
attack-24b (d0d591b, the r24b rules before the tightening) give. "regression" means main gets the
field right and the branch does not; "wrong on both" means main is wrong as well, and the
branch's answer comes from a condition added in r24c. The last two tests are hostile-input
guards (speed and no 500) that pass; they keep the bounds measured."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.negotiation.brief import MAX_CHARS, parse_brief
from tests.negotiation.hostile import fill, mix, worst_in_child

TODAY = date(2026, 11, 30)
API = "/api/v1"


def parse(text: str) -> dict[str, Any]:
    return parse_brief(text, TODAY)


# 1. self_pitch / DM_ACK (0adf64b): her own first message in a chat export is skipped as "an
# answer to the brand's DM" when it opens with 看到你们的评论/留言 or "Saw your comment" — words
# she also uses when she pitches off a brand's post. Main reads her pitch.
@pytest.mark.parametrize(
    ("text", "source"),
    [
        (  # main: self_pitch; branch: brand_dm (regression)
            "[我 14:22] 你好～看到你们的评论区好多人问有没有博主合作，我是家居博主小林，3万粉，"
            "想和暖灯家居合作一条视频，报价2000\n"
            "[暖灯家居-小杨 14:40] 你好小林！可以的，1条视频1800可以吗？12月20日前发布",
            "self_pitch",
        ),
        (  # main: self_pitch; branch: None (regression)
            "[我 12-06 21:10] 看到你们的评论了哈哈，我是真爱粉，想问问能不能合作一篇笔记？"
            "我报价800\n[芽芽米饼 12-07 10:02] 可以呀！1篇笔记800，12月25日前发布",
            "self_pitch",
        ),
        (  # main: self_pitch; branch: brand_dm (regression)
            "[Me 09:12] Hi Glowbird team! Saw your comment on my candle haul and wanted to reach "
            "out properly — I'm Joy, a home creator (20k on IG). My rate for one Reel is $300.\n"
            "[Glowbird Candles 11:40] Hi Joy! Love that. $280 for one Reel, live by Dec 18?",
            "self_pitch",
        ),
        (  # main: None (a miss); branch: brand_dm (a wrong source presented as fact)
            "[我 5月8日 14:22] 你好！看到你们的留言说在找宝妈博主，我是阿琳，小红书2万粉，"
            "图文报价600\n[贝洁-品牌部 Mia 5月8日 16:30] 您好阿琳！可以的～图文1篇550可以吗？"
            "12月20日前发",
            "self_pitch",
        ),
    ],
)
def test_her_pitch_that_mentions_the_brands_comments_stays_self_pitch(
    text: str, source: str
) -> None:
    assert parse(text)["source"] == source


# 2. answers_her_in_a_reply (3654981): "the top mail's From: must equal the lowest mail's" is
# compared as raw text. When the brand's reply is the top mail (the usual paste: she copies the
# brand's answer) or her own address is written another way at the two ends, the chain reads as
# a job passed on. Main gives referral as well; attack-24b (r24b) gave self_pitch.
@pytest.mark.parametrize(
    "text",
    [
        pytest.param(  # main: referral; r24b: self_pitch; branch: referral (brand's reply on top)
            "From: Theo Park (Quill & Fern)\nTo: Hana Wu\nSubject: Re: Collab idea — spring "
            "journaling on RED\n\nHi Hana, thanks for reaching out! We love your desk setups. "
            "We can do $350 for two image posts, live by March 20.\n\nTheo\n\n"
            "-----Original Message-----\nFrom: Hana Wu\nSent: Mon, 9 Mar 2026 20:31\n\nHi Quill "
            "& Fern team, I'm a stationery creator on RED with about 9k followers. My rate would "
            "be $400 for two image posts.",
            marks=pytest.mark.xfail(
                strict=True,
                reason="removed (attackfinal): the top mail's To: line is no sender",
            ),
        ),
        (  # main: referral; r24b: self_pitch; branch: referral ("Hana Wu <…>" vs "Hana Wu")
            "From: Hana Wu <hana.wu@gmail.com>\nTo: partnerships@quillandfern.co\nSubject: Re: "
            "Collab idea — spring journaling\n\nSounds good, 2 posts by March 20.\n\nHana\n\n"
            "-----Original Message-----\nFrom: Theo Park (Quill & Fern)\n\nHi Hana, thanks for "
            "reaching out! We can do $350 for both image posts, live by March 20.\n\n"
            "-----Original Message-----\nFrom: Hana Wu\n\nHi Quill & Fern team, I'm a stationery "
            "creator on RED. My rate would be $400 for both."
        ),
        (  # main: referral; r24b: self_pitch; branch: referral (address vs name <address>)
            "From: hana.wu@gmail.com\nSubject: Re: Collab idea\n\nPerfect, see you then!\n\n"
            "-----Original Message-----\nFrom: Theo (Quill & Fern)\n\nHi Hana, thanks for "
            "reaching out! We can do $350 for two image posts, live by March 20.\n\n"
            "-----Original Message-----\nFrom: Hana Wu <hana.wu@gmail.com>\n\nHi Quill & Fern "
            "team, I'm a stationery creator. My rate is $400."
        ),
    ],
)
def test_the_brands_answer_to_her_pitch_is_no_referral(text: str) -> None:
    assert parse(text)["source"] == "self_pitch"


# 3. PERSON_ROLE_AT, "named only once" (786b012): the brand a person works for is dropped, and
# kept out as a marketplace, when the rest of the message names any other Title-Case thing: the
# shop that stocks it, her dog. Main gives the person's name (wrong); r24b gave the brand.
@pytest.mark.parametrize(
    ("text", "brand"),
    [
        (  # main: 'Dana Kim'; r24b: 'Tiny Oats'; branch: 'Whole Foods' (wrong on both)
            "Hi Mia, this is Dana Kim (Creator Lead at Tiny Oats). We just landed in Whole Foods "
            "nationwide! One Reel for $300, live by Dec 18?",
            "Tiny Oats",
        ),
        (  # main: 'Sam Lee'; r24b: 'Kora Skincare'; branch: 'Sephora' (wrong on both)
            "Hi Joy, this is Sam Lee (Partnerships Manager at Kora Skincare) — our serum just "
            "launched at Sephora. One Reel, $300, by Dec 15.",
            "Kora Skincare",
        ),
        (  # main: 'Lena Park'; r24b: 'Pawprint Bowls'; branch: 'Biscuit' (her dog; wrong on
            # both). All three also give agency 'Social Media' (from "Social Media Manager").
            "Hey Joy, Lena Park here, Social Media Manager at Pawprint Bowls. Loved your video "
            "with Biscuit! 2 Instagram posts at $200 each, by Dec 22?",
            "Pawprint Bowls",
        ),
    ],
)
def test_a_persons_company_named_once_is_still_the_brand(text: str, brand: str) -> None:
    assert parse(text)["brand"] == brand


# 4. PERSON_ROLE_AT, "the company is a platform" (786b012): PROGRAM_PLATFORM is matched without
# case against the company's first word, so "Red Bull" is RED (Xiaohongshu). The brand is
# dropped and the source is lost with it.
def test_red_bull_is_no_platform() -> None:
    # main: brand 'Jake Moore', source brand_dm; r24b: 'Red Bull', brand_dm; branch: None, None
    # (source: regression)
    r = parse(
        "Hi Mia, Jake Moore here, Creator Partnerships Manager at Red Bull. We'd love one TikTok "
        "featuring the Winter Edition, $800, live by Dec 20."
    )
    assert (r["brand"], r["source"]) == ("Red Bull", "brand_dm")


# 5. PROGRAM_HEAD (80d6157): the heading is taken whenever fallback_brand finds no other name;
# a brand written in Chinese, in lower case or only described is no "other name", and heading
# words outside PROGRAM_GENERIC (Sustainability, Small Business, Wellness, Back To School, Plant
# Parent) become the brand. Main gives None (a miss) in every case.
@pytest.mark.parametrize(
    ("text", "brand"),
    [
        (  # main: None; branch: 'Sustainability' (a wrong name presented as fact)
            "Sustainability Ambassador Program\n\nHi Joy, 绿叶环保 is inviting 20 home creators. "
            "1 TikTok, $250, post by Mar 10.",
            "绿叶环保",
        ),
        (  # main: None; branch: 'Small Business' (a wrong name presented as fact)
            "Small Business Creator Program\n\nHi! 小满茶铺 would love 2 posts at $150 each by "
            "Dec 22.",
            "小满茶铺",
        ),
        (  # main: None; branch: 'Wellness' (a wrong name presented as fact)
            "Wellness Creator Program\n\nHi Mia! kora skincare would love one Instagram Reel, "
            "$300, live by Dec 15.",
            "kora skincare",
        ),
        (  # main: None; branch: 'Back To School' (a wrong name presented as fact)
            "Back To School Creator Program\n\nHi Mia, thanks for your interest! We'd pay $400 for "
            "one YouTube video by Jan 10. — the team at brightwell kitchen",
            "brightwell kitchen",
        ),
        (  # main: None; branch: 'Plant Parent' (a wrong name presented as fact)
            "Plant Parent Creator Program\n\nHi! We're a small houseplant shop in Portland and "
            "would love 1 Reel at $200, by Dec 20.",
            None,
        ),
    ],
)
def test_a_headings_theme_is_no_brand(text: str, brand: str | None) -> None:
    # the brand, or None (a miss is better than the heading's theme presented as the name)
    assert parse(text)["brand"] in {brand, None}


# 6. 推你过去？ (ca2b0a1): OWN_SIDE_ZH (我们/咱们 anywhere, or 我是<…>的) is read as "the writer
# speaks for the brand", but a friend says 我们 of herself and the creator, and "我是小林的大学
# 同学" introduces a friend. The referral is lost. Main gives the same as the branch (it has no
# 推你过去？ rule); r24b gave referral.
@pytest.mark.parametrize(
    "text",
    [
        # main: None; r24b: referral; branch: None
        "宝，我们公司楼下那家暖灯家居在找家居博主拍视频，1条预算3000，12月20日前发，推你过去？",
        # main: None; r24b: referral; branch: None
        "我是小林的大学同学，她说你在做母婴内容～贝洁在找宝妈博主，图文1篇600，推你过去？",
        # main: None; r24b: referral; branch: None
        "亲～我们之前合作过那个贝洁，又来找我了，我档期排不开，图文600一篇，推你过去？",
        # main: brand_dm; r24b: referral; branch: brand_dm (wrong as fact on both)
        "我是你高中同学的表姐哈哈，暖灯家居在找家居博主，1条视频3000，推你过去？",
        # main: brand_dm; r24b: referral; branch: brand_dm (wrong as fact on both)
        "姐妹！上次我们一起去的那家咖啡店，山野咖啡，老板在找探店博主，1条视频1500，推你过去？",
    ],
)
@pytest.mark.xfail(
    strict=True,
    reason="removed (attackfinal): 推你过去？ is no referral cue",
)
def test_a_friend_saying_we_still_passes_the_job_on(text: str) -> None:
    assert parse(text)["source"] == "referral"


# Hostile 20,000-character pastes aimed at the conditions added in r24c (guards; they pass).
HOSTILE = [
    text[:MAX_CHARS]
    for text in [
        fill("我们是暖灯家居的，我是小林的同事，推你去吧？"),
        fill("推你过去？我是X的"),
        "我们" + fill("推你去？"),
        "[我 14:22] 收到您的私信了\n" + fill("[我 14:22] 看到你们的评论区，是想合作吗？自荐\n"),
        "[Me 14:22] Saw your DM! " + fill("what did you have in mind thanks for reaching out "),
        "Subject: Re: hi\nFrom: A\n\nthanks for reaching out! We\n-----Original Message-----\n"
        + fill("From: B\n-----\n"),
        "Subject: Re: hi\n\nthanks for reaching out! " + fill("From: " + "x" * 70 + "\n"),
        "Kora Creator Program\n"
        + fill("Sam Lee here, Partnerships Manager at Red Bull Glowbird Candles. "),
        "Cozy Home Creator Program\n" + fill("Kora Skincare Biscuit Mochi "),
        fill("Jo Li (Lead at Meta) "),
        fill("$1 Pasta Club RMB 2,000 Per Video "),
        fill("她的时代文化传媒我认识的星野MCN"),
        mix(
            "推你过去？",
            "我是她的同学的",
            "From: X\n",
            "-----Original Message-----\n",
            "Sam Lee, Manager at Shopee ",
        ),
    ]
]


def test_hostile_pastes_for_the_tightened_rules_finish() -> None:
    seconds, head = worst_in_child(HOSTILE)
    print(f"worst of {len(HOSTILE)} hostile pastes (r24c review): {seconds:.3f} s {head!r}")
    assert seconds < 2, (seconds, head)


def test_hostile_pastes_are_never_a_500(api: TestClient) -> None:
    for text in HOSTILE:
        response = api.post(f"{API}/offers/parse", json={"text": text, "today": "2026-11-30"})
        assert response.status_code == 200, response.text[:300]
