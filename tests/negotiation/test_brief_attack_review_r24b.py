"""Attack review of issue-13-r24b (round 24's rules re-landed in a tightened form).

Each test below is a finding: it fails on the branch head (8004fa7). A comment on each case says
what main (0adc211, the same message parsed with main's app/) gives. "regression" means main got
the field right and the branch gets it wrong; "wrong on the new rule" means both are wrong but
the branch's answer comes from one of the re-landed rules. The last two tests are hostile-input
guards (speed and no 500) that pass; they are kept so the bounds stay measured."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.negotiation.brief import parse_brief
from tests.negotiation.hostile import fill, worst_in_child

TODAY = date(2026, 11, 29)
API = "/api/v1"


def parse(text: str) -> dict[str, Any]:
    return parse_brief(text, TODAY)


# 1. PROGRAM_HEAD (41b3f29): a generic program title on the first line ("Holiday Gifting
# Program", "Founding Creator Program") is read as the brand's name, rank 4, and beats the brand
# named in the body without a cue. Main reads the body's Title-Case name.
@pytest.mark.parametrize(
    ("text", "brand"),
    [
        (  # main: 'Kora Skincare'; branch: 'Holiday Gifting' (regression)
            "Holiday Gifting Program\n\nHi Mia! Kora Skincare would love to send you our new "
            "serum set (worth $120) and pay $300 for one Instagram Reel, live by Dec 15.",
            "Kora Skincare",
        ),
        (  # main: 'Glowbird Candles'; branch: 'Spring' (regression)
            "Spring Seeding Program — 2027\n\nHi Joy, Glowbird Candles is inviting 20 home "
            "creators to try our spring scents. 1 TikTok, $250, post by Mar 10.",
            "Glowbird Candles",
        ),
        (  # main: 'Brightwell Kitchen'; branch: 'Founding' (regression)
            "Founding Creator Program\nHi Mia, thanks for your interest! Brightwell Kitchen "
            "would pay $400 for one YouTube video by Jan 10.",
            "Brightwell Kitchen",
        ),
        (  # main: 'Northwind Candles'; branch: 'Early Access' (regression)
            "Early Access Creator Program\n\nHi there — Northwind Candles is opening 10 spots. "
            "One Reel, $350, by Dec 18.",
            "Northwind Candles",
        ),
        (  # main: '暖灯' (accepted short form of 暖灯家居); branch: 'New Year' (regression)
            "New Year Ambassador Program 新年大使计划\n你好！暖灯家居想邀请你拍1条视频，"
            "预算3000元，12月25日前发布。",
            "暖灯",
        ),
    ],
)
def test_a_generic_program_title_is_no_brand(text: str, brand: str) -> None:
    assert parse(text)["brand"] == brand


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        (  # main: None (a miss); branch: 'Pet Parent' (a wrong name presented as fact)
            "Pet Parent Ambassador Program\n\nHi! Pawprint Bowls would love 2 Instagram posts "
            "at $200 each, by Dec 22.",
            "Pawprint Bowls",
        ),
        (  # main: None (a miss); branch: 'Mom' (a wrong name presented as fact)
            "Mom Creator Program\nHello! Tiny Oats baby food is looking for moms: 1 Reel at "
            "$300, by Dec 31.",
            "Tiny Oats",
        ),
    ],
)
def test_an_audience_program_title_is_no_brand(text: str, brand: str) -> None:
    # a miss (None) is acceptable, a wrong name is not
    assert parse(text)["brand"] in (None, brand)


# 2. PERSON_ROLE_AT (53b64c7): a brand describing itself without an article, with a title-like
# last word ("Houseplant Specialist at Pike Place Market"), is read as a person's role and the
# place that hosts or sells it becomes the brand.
@pytest.mark.parametrize(
    ("text", "brand"),
    [
        (  # main: 'Greenleaf Nursery'; branch: 'Pike Place Market' (regression)
            "Hi Mia! We're Greenleaf Nursery, Houseplant Specialist at Pike Place Market since "
            "1998. We'd love a visit video: 1 Reel, $300, by Dec 20.",
            "Greenleaf Nursery",
        ),
        (  # main: 'Harbor Bikes'; branch: 'Brooklyn Navy Yard' (regression)
            "Hi! Harbor Bikes here, E-Bike Specialist at Brooklyn Navy Yard. 1 YouTube video, "
            "$500, live by Dec 30.",
            "Harbor Bikes",
        ),
        (  # main: 'Tidewell SPF'; branch: 'Ulta Beauty' (regression)
            "Hello from Tidewell SPF (Sun Care Specialist at Ulta Beauty)! 2 TikToks at $200 "
            "each by Dec 20.",
            "Tidewell SPF",
        ),
        (  # main: 'Pebble & Pine'; branch: 'REI' (regression; the r24 guard has "a kids'
            # outdoor brand stocked at REI", with an article)
            "Hello from Pebble & Pine, Kids Outdoor Gear Specialist at REI stores nationwide! "
            "2 Instagram posts at $250 each.",
            "Pebble & Pine",
        ),
    ],
)
def test_a_brand_described_with_a_title_word_is_no_person(text: str, brand: str) -> None:
    assert parse(text)["brand"] == brand


@pytest.mark.parametrize(
    "text",
    [
        # main: 'Tom Reyes' (wrong); branch: 'Shopee', a marketplace PROGRAM_PLATFORM lists but
        # PERSON_ROLE_AT does not check (wrong on the new rule)
        "Hi Mia, Tom Reyes here, Influencer Marketing Manager at Shopee. We're running the "
        "12.12 sale with Glowbird Candles: 1 video, $250, before Dec 11.",
        # main: 'Sam Lee' (wrong); branch: 'Collabify' (wrong on the new rule)
        pytest.param(
            "Hi Joy, this is Sam Lee (Partnerships Lead at Collabify) — Glowbird Candles picked "
            "you for their holiday campaign! One video, USD 400, by Dec 18.",
            marks=pytest.mark.xfail(
                strict=True,
                reason="removed (attackfinal): 'their' with no 'we' is no sign of a marketplace",
            ),
        ),
    ],
)
def test_a_marketplaces_person_names_no_brand(text: str) -> None:
    assert parse(text)["brand"] in (None, "Glowbird Candles")


# 3. answers_her_in_a_reply (05d3f83): a friend's "Re:" reply over the brand's answer to the
# FRIEND's pitch ("Hi Lena, thanks for reaching out! We'd love …") is read as the brand answering
# the creator's own pitch.
def test_a_friends_reply_quoting_the_brands_thanks_to_the_friend_is_a_referral() -> None:
    # main: 'referral'; branch: 'self_pitch' (regression)
    r = parse(
        "Subject: Re: any brands looking for food creators?\n\nHi Mia,\n\nI pitched Brightwell "
        "Kitchen last month and they said yes, but I'm fully booked till March. Their reply is "
        "below — I told them you'd be in touch. Go for it!\n\nLena\n\n"
        "-----Original Message-----\nFrom: Brightwell Kitchen\nTo: Lena\n\nHi Lena, thanks for "
        "reaching out! We'd love one YouTube video about our cast-iron pans, $600, live by Dec "
        "20. Net 30."
    )
    assert r["source"] == "referral"


def test_an_agency_passing_on_a_brands_reply_is_no_self_pitch() -> None:
    # main: 'referral'; branch: 'self_pitch' (regression: she pitched no one; an agency
    # forwards the brand's answer to the agency's own mail)
    r = parse(
        "Subject: Re: Re: Kora Skincare x creators\n\nHi Mia, passing this one to you since it "
        "fits your feed. Brief from the brand below.\n\nAmy @ Brightline Talent\n\n"
        "-----Original Message-----\nFrom: Kora Skincare\nThanks for reaching out! We're after "
        "2 Reels at $400 each, posted by Dec 15."
    )
    assert r["source"] in ("referral", "agency_group")


# 4. 推你去？ (4c9994b): a brand's person (or an agency's) asking "我推你过去？" to hand her to
# their own boss or operations ends a question, so it is read as a friend's referral.
@pytest.mark.parametrize(
    ("text", "source"),
    [
        (  # main: 'brand_dm'; branch: 'referral' (regression)
            "你好呀，我是暖灯家居的市场小林～看了你的家居笔记很喜欢，想邀请你拍1条视频，预算3000元，"
            "12月20日前发布。你这边ok的话我推你过去？我们老板最后拍板",
            "brand_dm",
        ),
        (  # main: 'brand_dm'; branch: 'referral' (regression)
            "哈喽我是芽芽米饼的品牌对接小杨，我们想找宝妈拍2篇图文，每篇800，月底前发。报价ok的话推您"
            "过去？需要我们总监确认一下",
            "brand_dm",
        ),
        (  # main: 'agency_group'; branch: 'referral' (regression)
            "宝，我是星野MCN的小雨，手上有个芽芽米饼的单：视频1条，稿费1200，机构抽10%，12月25日前"
            "发。感兴趣的话推你过去？",
            "agency_group",
        ),
        (  # main: 'self_pitch'; branch: 'referral' (regression)
            "感谢您的来信！我们是暖灯家居，想邀请您拍1条视频，预算3000元，12月20日前发布。合适的话"
            "我推您过去？跟我们运营对接排期",
            "self_pitch",
        ),
    ],
)
def test_a_brand_or_agency_asking_to_pass_her_on_is_no_referral(text: str, source: str) -> None:
    assert parse(text)["source"] == source


# 5. BRACKET_DATE (d61cba3): a dated "[我 …]" label now opens the thread, so the creator
# answering the brand's DM ("收到您的私信了", "Saw your DM") becomes self_pitch. (Main gives
# self_pitch too for the undated "[我 14:22]" form: the older "我 opens the thread" rule, now
# reached through every date format.)
@pytest.mark.parametrize(
    "text",
    [
        # main: 'brand_dm'; branch: 'self_pitch' (regression)
        "[我 5月8日 14:22] 您好，收到您的私信了，具体是什么合作呀？\n[暖灯家居-小林 5月8日 14:25] "
        "你好！我们想邀请你拍1条视频，预算3000，5月20日前发布",
        # main: 'brand_dm'; branch: 'self_pitch' (regression)
        "[我 2026/5/8 14:22] 在的～看到你们的评论啦，是想合作吗？\n[暖灯家居 2026/5/8 14:25] "
        "对的！1条视频3000元，5月20日前发",
        # main: 'brand_dm'; branch: 'self_pitch' (regression)
        "[Me May 8, 14:22] Hi! Saw your DM, what did you have in mind?\n[Kora Skincare May 8, "
        "14:25] Hi! We'd love 1 Reel for $400 by May 20",
    ],
)
def test_the_creator_answering_a_dm_in_a_dated_export_is_no_self_pitch(text: str) -> None:
    assert parse(text)["source"] == "brand_dm"


# 6. RELAY_CLAUSE (1d5ae56): an agency whose own name starts with a pronoun and 的 is cut
# after the 的 ("她的时代文化传媒" → "时代文化传媒").
@pytest.mark.parametrize(
    ("text", "agency"),
    [
        (  # main: None (a miss); branch: '时代文化传媒' (a wrong name presented as fact)
            "她的时代文化传媒招募：品牌暖灯家居，视频1条，稿费2000，机构抽10%，12月20日前发布",
            "她的时代文化传媒",
        ),
        (  # main: None (a miss); branch: '颜MCN' (a wrong name presented as fact)
            "【她的颜MCN】宝子们新单～\n品牌：芽芽米饼\n视频1条，稿费1200，机构抽10%\n12月25日前发，"
            "想接的私我",
            "她的颜MCN",
        ),
    ],
)
def test_an_agency_named_with_a_pronoun_and_de_is_not_cut(text: str, agency: str) -> None:
    assert parse(text)["agency"] in (None, agency)


# 7. CURRENCY_THEN_NUMBER (eab8c5e): a labelled brand whose name starts with a price loses it.
@pytest.mark.parametrize(
    ("text", "brand"),
    [
        (  # main: '$1 Pasta Club'; branch: 'Pasta Club' (regression)
            "品牌：$1 Pasta Club\n内容：1条视频\n费用：¥3000\n12月20日前发布",
            "$1 Pasta Club",
        ),
        (  # main: '£1 Fish Man Cookware'; branch: 'Fish Man Cookware' (regression)
            "Brand: £1 Fish Man Cookware\nDeliverable: 1 TikTok\nFee: £250\nDue Dec 18",
            "£1 Fish Man Cookware",
        ),
    ],
)
def test_a_labelled_brand_starting_with_a_price_keeps_it(text: str, brand: str) -> None:
    assert parse(text)["brand"] == brand


# Guards (pass on the branch): hostile pastes aimed at the re-landed rules.
HOSTILE = [
    "".join(f"Hi from Aa{i:04d} Bb, Lead Manager at Cc{i:04d} Dd. " for i in range(600))[:20_000],
    "".join(f"「Nam{i:04d}」, Partnerships Manager at Co{i:04d} Labs " for i in range(600))[
        :20_000
    ],
    fill("（（（（【【【[[[品牌：X）））】】】]]]"),
    fill("品牌：Kora）））】】】]]]"),
    fill("品牌：\x00Kora Skincare\x00 Lead at Co, 推你去吧？\x00"),
    fill("\n[a 2026年3月2日 3月2日 Jun 3, 2026/5/8 · , 3月2日 14:22 "),
    fill("\n[[[【【 Coco 2月25日 14:22]]]】】 "),
    "Subject: Re: x\n" + fill("thanks for reaching out ----- ")[:19_980],
    "Subject: Re: x\n-----\nthanks for reaching out" + " x" * 9_900 + " we",
    fill("Holiday Gifting Program\n"),
    fill("我是棠溪的的的的的的的的的的的的的的的的的主理人阿宁"),
    fill("我朋友之前合作过的的的的的的的的的的的的的星野MCN"),
    "".join(f"我们是「Nm{i:03d}」「和 Nm{i:03d} 一起过{i}」" for i in range(900))[:20_000],
    fill("品牌：$1 A 我们是 RMB 2 Co 「¥3 Lab」 "),
]


def test_hostile_pastes_for_the_relanded_rules_finish() -> None:
    seconds, head = worst_in_child(HOSTILE)
    print(f"worst of {len(HOSTILE)} hostile pastes (r24b review): {seconds:.3f} s {head!r}")
    assert seconds < 2, (seconds, head)


def test_hostile_pastes_are_never_a_500(api: TestClient) -> None:
    # NUL is refused with a 422 (text_unstorable) by design; everything else parses
    for text in HOSTILE:
        response = api.post(f"{API}/offers/parse", json={"text": text, "today": "2026-11-29"})
        assert response.status_code == (422 if "\x00" in text else 200), response.text[:300]
    for body in (
        '{"text": "' + "[\\ud800 2月25日 14:22] 推你去吧？\\udfff" * 500 + '"}',
        '{"text": "Holiday \\ud83d Program\\nKora \\udc00 Skincare, Lead at \\ud800X"}',
    ):
        response = api.post(
            f"{API}/offers/parse", content=body, headers={"content-type": "application/json"}
        )
        assert response.status_code == 422, response.text[:300]
